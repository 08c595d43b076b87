// Linux system calls and constants that Swift's Glibc module does not export
// (epoll, eventfd, accept4, TCP options, timerfd). Imported only by the Shared module.
#ifndef CSYSSHIM_H
#define CSYSSHIM_H

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <time.h>
#include <signal.h>

int csys_accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags);
int csys_epoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t data);
/// Starts a thread with an explicit stack size. `body` runs with `arg`; returns 0 or an errno.
int csys_thread_start(size_t stack_size, void *(*body)(void *), void *arg, pthread_t *out);
/// CPU-time clock id of a thread (for the CPU-limit watchdog).
int csys_thread_cpu_clock(pthread_t thread, clockid_t *out);
/// Nanoseconds of a clock, or -1.
int64_t csys_clock_ns(clockid_t clock);
/// Ignore SIGPIPE process-wide (writes to closed sockets return EPIPE instead).
void csys_ignore_sigpipe(void);

/// One epoll event, unpacked (`struct epoll_event` is packed on x86_64, which Swift imports poorly).
typedef struct {
    uint64_t data;
    uint32_t events;
    uint32_t reserved;
} csys_epoll_event;

/// epoll event bits (stable Linux ABI), as plain integers for Swift.
static const uint32_t CSYS_EPOLLIN = EPOLLIN;
static const uint32_t CSYS_EPOLLOUT = EPOLLOUT;
static const uint32_t CSYS_EPOLLERR = EPOLLERR;
static const uint32_t CSYS_EPOLLHUP = EPOLLHUP;
static const uint32_t CSYS_EPOLLRDHUP = EPOLLRDHUP;
static const uint32_t CSYS_EPOLLET = EPOLLET;

/// epoll_wait into `out` (at most 256 events). Returns the count, or -1 with errno (EINTR included).
int csys_epoll_wait(int epfd, csys_epoll_event *out, int max, int timeout_ms);
/// A non-blocking, close-on-exec eventfd. Returns the fd or -1 with errno.
int csys_eventfd(void);
/// Adds 1 to an eventfd counter (wakes a reader). Returns 0 or -1 with errno.
int csys_eventfd_signal(int fd);
/// Reads and resets an eventfd counter. Returns 0 or -1 with errno.
int csys_eventfd_drain(int fd);

/// Which step of `csys_tcp_listen` failed.
enum {
    CSYS_LISTEN_RESOLVE = 1,
    CSYS_LISTEN_SOCKET = 2,
    CSYS_LISTEN_SETSOCKOPT = 3,
    CSYS_LISTEN_BIND = 4,
    CSYS_LISTEN_LISTEN = 5,
};
/// Opens a non-blocking TCP listener on a numeric or named host with SO_REUSEADDR and SO_REUSEPORT.
/// `port` 0 lets the kernel pick; the bound port is stored in `*bound_port`. Returns the fd, or -1 with
/// `*failed_step` set (one of CSYS_LISTEN_*) and errno set (for RESOLVE, `*gai_error` holds the
/// getaddrinfo code instead).
int csys_tcp_listen(const char *host, int port, int backlog, int *bound_port, int *failed_step,
                    int *gai_error);
/// 0 when no other socket listens on (host, port); -1 with errno EADDRINUSE when one does — including
/// one of another process with SO_REUSEPORT, which `csys_tcp_listen` alone would silently share with.
int csys_tcp_port_is_free(const char *host, int port);
/// The text of a getaddrinfo error code.
const char *csys_gai_strerror(int code);
/// accept4 (non-blocking, close-on-exec) + TCP_NODELAY, and the peer's numeric address written into
/// `addr` (NUL-terminated; at most `addr_len` bytes, 46 is enough). Returns the fd or -1 with errno.
int csys_accept_tcp(int listen_fd, char *addr, size_t addr_len);

/// The event loop of the calling thread (thread-local), or NULL.
void *csys_tls_loop_get(void);
void csys_tls_loop_set(void *loop);

/// Blocks `sigs` in the calling thread (inherited by threads it creates). Returns 0 or an errno.
int csys_signals_block(const int *sigs, int count);
/// Waits for one of `sigs` (which must be blocked). Returns the signal number, or -errno.
int csys_signals_wait(const int *sigs, int count);

#endif
