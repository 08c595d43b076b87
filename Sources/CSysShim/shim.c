#include "csysshim.h"
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <netdb.h>
#include <arpa/inet.h>
#include <stdio.h>

int csys_accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags) {
    return accept4(fd, addr, len, flags);
}

int csys_epoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t data) {
    struct epoll_event ev;
    memset(&ev, 0, sizeof ev);
    ev.events = events;
    ev.data.u64 = data;
    return epoll_ctl(epfd, op, fd, &ev);
}

int csys_thread_start(size_t stack_size, void *(*body)(void *), void *arg, pthread_t *out) {
    pthread_attr_t attr;
    int rc = pthread_attr_init(&attr);
    if (rc) return rc;
    if (stack_size) {
        rc = pthread_attr_setstacksize(&attr, stack_size);
        if (rc) { pthread_attr_destroy(&attr); return rc; }
    }
    rc = pthread_create(out, &attr, body, arg);
    pthread_attr_destroy(&attr);
    return rc;
}

int csys_thread_cpu_clock(pthread_t thread, clockid_t *out) {
    return pthread_getcpuclockid(thread, out);
}

int64_t csys_clock_ns(clockid_t clock) {
    struct timespec ts;
    if (clock_gettime(clock, &ts) != 0) return -1;
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

void csys_ignore_sigpipe(void) {
    signal(SIGPIPE, SIG_IGN);
}

int csys_epoll_wait(int epfd, csys_epoll_event *out, int max, int timeout_ms) {
    struct epoll_event evs[256];
    if (max > 256) max = 256;
    int n = epoll_wait(epfd, evs, max, timeout_ms);
    for (int i = 0; i < n; i++) {
        out[i].data = evs[i].data.u64;
        out[i].events = evs[i].events;
        out[i].reserved = 0;
    }
    return n;
}

int csys_eventfd(void) {
    return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
}

int csys_eventfd_signal(int fd) {
    uint64_t one = 1;
    ssize_t n = write(fd, &one, sizeof one);
    /* EAGAIN means the counter is already non-zero: the reader will wake anyway. */
    return (n == (ssize_t)sizeof one || (n < 0 && errno == EAGAIN)) ? 0 : -1;
}

int csys_eventfd_drain(int fd) {
    uint64_t value;
    ssize_t n = read(fd, &value, sizeof value);
    return (n == (ssize_t)sizeof value || (n < 0 && errno == EAGAIN)) ? 0 : -1;
}

/* getaddrinfo for a passive TCP socket on (host, port); 0 or the getaddrinfo code (EAI_NONAME if empty). */
static int resolve_passive(const char *host, int port, struct addrinfo **res) {
    struct addrinfo hints;
    char service[16];
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    snprintf(service, sizeof service, "%d", port);
    *res = NULL;
    int rc = getaddrinfo(host, service, &hints, res);
    if (rc == 0 && *res == NULL) rc = EAI_NONAME;
    return rc;
}

int csys_tcp_port_is_free(const char *host, int port) {
    struct addrinfo *res = NULL;
    if (resolve_passive(host, port, &res) != 0) return 0; /* reported by listen */
    int fd = socket(res->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) { freeaddrinfo(res); return 0; }
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one); /* TIME_WAIT leftovers are fine */
    int rc = bind(fd, res->ai_addr, res->ai_addrlen);
    int e = errno;
    close(fd);
    freeaddrinfo(res);
    if (rc != 0 && e == EADDRINUSE) { errno = e; return -1; }
    return 0;
}

int csys_tcp_listen(const char *host, int port, int backlog, int *bound_port, int *failed_step,
                    int *gai_error) {
    struct addrinfo *res = NULL;
    *gai_error = 0;
    int rc = resolve_passive(host, port, &res);
    if (rc != 0) {
        *failed_step = CSYS_LISTEN_RESOLVE;
        *gai_error = rc;
        if (res) freeaddrinfo(res);
        return -1;
    }
    int fd = socket(res->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        *failed_step = CSYS_LISTEN_SOCKET;
        freeaddrinfo(res);
        return -1;
    }
    int one = 1;
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
        setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) != 0) {
        int e = errno;
        *failed_step = CSYS_LISTEN_SETSOCKOPT;
        close(fd);
        freeaddrinfo(res);
        errno = e;
        return -1;
    }
    if (bind(fd, res->ai_addr, res->ai_addrlen) != 0) {
        int e = errno;
        *failed_step = CSYS_LISTEN_BIND;
        close(fd);
        freeaddrinfo(res);
        errno = e;
        return -1;
    }
    freeaddrinfo(res);
    if (listen(fd, backlog) != 0) {
        int e = errno;
        *failed_step = CSYS_LISTEN_LISTEN;
        close(fd);
        errno = e;
        return -1;
    }
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    if (getsockname(fd, (struct sockaddr *)&ss, &len) == 0) {
        if (ss.ss_family == AF_INET) *bound_port = ntohs(((struct sockaddr_in *)&ss)->sin_port);
        else if (ss.ss_family == AF_INET6) *bound_port = ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
    }
    return fd;
}

const char *csys_gai_strerror(int code) {
    return gai_strerror(code);
}

int csys_accept_tcp(int listen_fd, char *addr, size_t addr_len) {
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    int fd = accept4(listen_fd, (struct sockaddr *)&ss, &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) return -1;
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (addr && addr_len) {
        addr[0] = 0;
        if (ss.ss_family == AF_INET)
            inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, addr, (socklen_t)addr_len);
        else if (ss.ss_family == AF_INET6)
            inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, addr, (socklen_t)addr_len);
    }
    return fd;
}

static __thread void *csys_current_loop = NULL;

void *csys_tls_loop_get(void) { return csys_current_loop; }
void csys_tls_loop_set(void *loop) { csys_current_loop = loop; }

static void csys_fill_set(sigset_t *set, const int *sigs, int count) {
    sigemptyset(set);
    for (int i = 0; i < count; i++) sigaddset(set, sigs[i]);
}

int csys_signals_block(const int *sigs, int count) {
    sigset_t set;
    csys_fill_set(&set, sigs, count);
    return pthread_sigmask(SIG_BLOCK, &set, NULL);
}

int csys_signals_wait(const int *sigs, int count) {
    sigset_t set;
    int sig = 0;
    csys_fill_set(&set, sigs, count);
    int rc = sigwait(&set, &sig);
    return rc == 0 ? sig : -rc;
}
