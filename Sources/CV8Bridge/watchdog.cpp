// The CPU/wall watchdog: one thread for the process, polling the active slots every millisecond.
// Threads that run JS pay two vDSO clock reads per entry and no syscall: reading a thread's CPU clock
// is a real syscall (~0.6 µs here), so the watchdog reads it, from its own thread, only for entries
// that are still running when it looks. Entries shorter than one tick are charged their wall time
// (an upper bound of their CPU time).
#include "cv8bridge.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include <pthread.h>
#include <time.h>

namespace {

int64_t clock_ns(clockid_t clock) {
    timespec ts;
    if (clock_gettime(clock, &ts) != 0) return 0;
    return int64_t(ts.tv_sec) * 1000000000LL + ts.tv_nsec;
}

struct Watchdog {
    std::mutex mutex;               // guards `slots` and the sleep
    std::condition_variable wake;
    std::vector<cv8_watch *> slots;
    std::atomic<bool> sleeping{false};
    bool started = false;

    void run();
};

Watchdog &watchdog() {
    static Watchdog *w = new Watchdog(); // never destroyed: the thread outlives static destruction
    return *w;
}

} // namespace

struct cv8_watch {
    std::mutex mutex;              // guards the fields below against the watchdog
    std::atomic<bool> active{false};
    cv8_runtime *runtime = nullptr;
    clockid_t cpu_clock{};
    int64_t wall_start = 0;        // CLOCK_MONOTONIC at begin
    int64_t cpu_budget = 0;
    int64_t wall_deadline = 0;     // CLOCK_MONOTONIC, 0 = none
    bool seen = false;             // the watchdog has sampled this entry
    int64_t cpu_at_seen = 0;       // thread CPU clock when first sampled
    int64_t wall_at_seen = 0;      // CLOCK_MONOTONIC when first sampled

    /// CPU used so far: wall time until the first sample (upper bound), CPU time since.
    int64_t used(int64_t cpu_now) const { return (wall_at_seen - wall_start) + (cpu_now - cpu_at_seen); }
};

void Watchdog::run() {
    int idle_ticks = 0;
    for (;;) {
        bool any = false;
        {
            std::lock_guard<std::mutex> guard(mutex);
            for (cv8_watch *w : slots) {
                if (!w->active.load()) continue;
                std::lock_guard<std::mutex> slot(w->mutex);
                if (!w->active.load()) continue;
                any = true;
                int64_t cpu = clock_ns(w->cpu_clock);
                int64_t now = clock_ns(CLOCK_MONOTONIC);
                if (!w->seen) {
                    w->seen = true;
                    w->cpu_at_seen = cpu;
                    w->wall_at_seen = now;
                }
                if (w->used(cpu) >= w->cpu_budget) {
                    cv8_terminate(w->runtime, CV8_REASON_CPU);
                    w->active.store(false);
                } else if (w->wall_deadline && now >= w->wall_deadline) {
                    cv8_terminate(w->runtime, CV8_REASON_WALL);
                    w->active.store(false);
                }
            }
        }
        // Keep ticking for a while after the last entry: under load, entries come and go between
        // ticks, and waking a sleeping watchdog from begin() would cost a futex call per request.
        if (any) idle_ticks = 0;
        if (any || ++idle_ticks < 1000) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
            continue;
        }
        idle_ticks = 0;
        // Nothing to watch: sleep until a slot becomes active (Dekker-style handshake with begin()).
        sleeping.store(true);
        bool found = false;
        {
            std::unique_lock<std::mutex> lock(mutex);
            for (cv8_watch *w : slots) if (w->active.load()) { found = true; break; }
            if (!found) wake.wait_for(lock, std::chrono::milliseconds(100));
        }
        sleeping.store(false);
    }
}

extern "C" {

cv8_watch *cv8_watch_new(void) {
    auto *w = new cv8_watch();
    if (pthread_getcpuclockid(pthread_self(), &w->cpu_clock) != 0) w->cpu_clock = CLOCK_THREAD_CPUTIME_ID;
    Watchdog &d = watchdog();
    std::lock_guard<std::mutex> guard(d.mutex);
    d.slots.push_back(w);
    if (!d.started) {
        d.started = true;
        std::thread([&d] { d.run(); }).detach();
    }
    return w;
}

void cv8_watch_free(cv8_watch *watch) {
    if (!watch) return;
    Watchdog &d = watchdog();
    {
        std::lock_guard<std::mutex> guard(d.mutex);
        for (size_t i = 0; i < d.slots.size(); i++) {
            if (d.slots[i] == watch) { d.slots.erase(d.slots.begin() + long(i)); break; }
        }
    }
    delete watch;
}

void cv8_watch_begin(cv8_watch *w, cv8_runtime *rt, int64_t cpu_budget_ns, int64_t wall_budget_ns) {
    int64_t now = clock_ns(CLOCK_MONOTONIC);
    {
        std::lock_guard<std::mutex> slot(w->mutex);
        w->runtime = rt;
        w->wall_start = now;
        w->cpu_budget = cpu_budget_ns > 0 ? cpu_budget_ns : 1;
        w->wall_deadline = wall_budget_ns > 0 ? now + wall_budget_ns : 0;
        w->seen = false;
        w->active.store(true);
    }
    Watchdog &d = watchdog();
    if (d.sleeping.load()) {
        std::lock_guard<std::mutex> guard(d.mutex);
        d.wake.notify_one();
    }
}

int64_t cv8_watch_end(cv8_watch *w) {
    std::lock_guard<std::mutex> slot(w->mutex);
    w->active.store(false);
    w->runtime = nullptr;
    if (!w->seen) return clock_ns(CLOCK_MONOTONIC) - w->wall_start;
    return w->used(clock_ns(CLOCK_THREAD_CPUTIME_ID));
}

} // extern "C"
