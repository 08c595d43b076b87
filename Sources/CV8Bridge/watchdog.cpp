// The CPU/wall watchdog: one thread for the process, polling the active slots every millisecond.
// Threads that run JS never take a signal or a syscall beyond two clock reads per entry.
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
    int64_t cpu_start = 0;
    int64_t cpu_deadline = 0;      // on cpu_clock
    int64_t wall_deadline = 0;     // on CLOCK_MONOTONIC, 0 = none
};

void Watchdog::run() {
    for (;;) {
        bool any = false;
        {
            std::lock_guard<std::mutex> guard(mutex);
            for (cv8_watch *w : slots) {
                if (!w->active.load()) continue;
                std::lock_guard<std::mutex> slot(w->mutex);
                if (!w->active.load()) continue;
                any = true;
                if (clock_ns(w->cpu_clock) >= w->cpu_deadline) {
                    cv8_terminate(w->runtime, CV8_REASON_CPU);
                    w->active.store(false);
                } else if (w->wall_deadline && clock_ns(CLOCK_MONOTONIC) >= w->wall_deadline) {
                    cv8_terminate(w->runtime, CV8_REASON_WALL);
                    w->active.store(false);
                }
            }
        }
        if (any) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
            continue;
        }
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
    int64_t now_cpu = clock_ns(CLOCK_THREAD_CPUTIME_ID);
    {
        std::lock_guard<std::mutex> slot(w->mutex);
        w->runtime = rt;
        w->cpu_start = now_cpu;
        w->cpu_deadline = now_cpu + (cpu_budget_ns > 0 ? cpu_budget_ns : 1);
        w->wall_deadline = wall_budget_ns > 0 ? clock_ns(CLOCK_MONOTONIC) + wall_budget_ns : 0;
        w->active.store(true);
    }
    Watchdog &d = watchdog();
    if (d.sleeping.load()) {
        std::lock_guard<std::mutex> guard(d.mutex);
        d.wake.notify_one();
    }
}

int64_t cv8_watch_end(cv8_watch *w) {
    int64_t used;
    {
        std::lock_guard<std::mutex> slot(w->mutex);
        w->active.store(false);
        used = clock_ns(CLOCK_THREAD_CPUTIME_ID) - w->cpu_start;
        w->runtime = nullptr;
    }
    return used;
}

} // extern "C"
