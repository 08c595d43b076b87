import CSysShim
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Readiness callback of a descriptor registered with an `EventLoop` (internal fast path; the public
/// `register(fd:events:_:)` wraps a closure in one of these).
protocol EventLoopFDHandler: AnyObject {
    func handleEvents(_ events: IOEvents)
}

/// One epoll event loop, run by exactly one thread (`run()`), level-triggered unless a registration
/// asks for `.edgeTriggered`.
///
/// Thread rules: `execute(_:)`, `stop()` and `inEventLoop` may be called from any thread; everything
/// else (timers, fd registration) only on the loop's own thread, i.e. from callbacks it runs.
/// One iteration: run before-wait hooks (output flushes) → `epoll_wait` (timeout = next timer) →
/// dispatch fd events → fire due timers → run tasks queued by `execute`.
public final class EventLoop: @unchecked Sendable {
    // Safety: every stored `var` below is touched only on the loop thread (run() and the callbacks it
    // makes); cross-thread entry points (`execute`, `stop`, `inEventLoop`) use only the Mutex-protected
    // task queue, the eventfd and immutable lets.

    /// Position of this loop in its group (0-based), e.g. for per-core state.
    public let index: Int

    private let epfd: Int32
    private let wakeFD: Int32
    private let tasks = Mutex<[@Sendable () -> Void]>([])
    private var stopRequested = false
    private var running = false

    private struct Slot {
        var handler: EventLoopFDHandler?
        var generation: UInt32 = 0
    }
    private var slots: [Slot] = []

    private var timers = TimerHeap()
    private var timerSequence: UInt64 = 0
    private var beforeWaitHooks: [() -> Bool] = []
    /// A before-wait hook reported more work: poll instead of sleeping.
    private var hookWantsPoll = false
    private var exitHooks: [() -> Void] = []

    /// Monotonic time (ns) taken right after the last `epoll_wait` returned; cheap "now" for deadlines.
    private(set) var iterationTime: Int64

    /// Creates the loop's epoll instance and wake-up eventfd. Call `run()` on the thread that owns it.
    /// - Throws: `SystemError` from `epoll_create1` or `eventfd`.
    public init(index: Int = 0) throws(SystemError) {
        self.index = index
        let ep = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard ep >= 0 else { throw SystemError.lastErrno("epoll_create1") }
        let wake = csys_eventfd()
        guard wake >= 0 else {
            let error = SystemError.lastErrno("eventfd")
            close(ep)
            throw error
        }
        guard csys_epoll_ctl(ep, Int32(EPOLL_CTL_ADD), wake, IOEvents.readable.rawValue, UInt64(UInt32(wake))) == 0 else {
            let error = SystemError.lastErrno("epoll_ctl")
            close(ep)
            close(wake)
            throw error
        }
        epfd = ep
        wakeFD = wake
        iterationTime = EventLoop.now()
        assert(IOEvents.readable.rawValue == CSYS_EPOLLIN && IOEvents.writable.rawValue == CSYS_EPOLLOUT
            && IOEvents.error.rawValue == CSYS_EPOLLERR && IOEvents.hangup.rawValue == CSYS_EPOLLHUP
            && IOEvents.readHangup.rawValue == CSYS_EPOLLRDHUP && IOEvents.edgeTriggered.rawValue == CSYS_EPOLLET)
    }

    deinit {
        close(epfd)
        close(wakeFD)
    }

    // MARK: - Time

    /// Monotonic clock in nanoseconds (`CLOCK_MONOTONIC`); the time base of `schedule(deadline:_:)`.
    public static func now() -> Int64 {
        csys_clock_ns(CLOCK_MONOTONIC)
    }

    /// The loop of the calling thread, or nil when the thread runs no loop.
    public static var current: EventLoop? {
        guard let raw = csys_tls_loop_get() else { return nil }
        return Unmanaged<EventLoop>.fromOpaque(raw).takeUnretainedValue()
    }

    /// True when called on this loop's thread.
    public var inEventLoop: Bool {
        csys_tls_loop_get() == Unmanaged.passUnretained(self).toOpaque()
    }

    // MARK: - Cross-thread

    /// Runs `work` on the loop thread during its next iteration (wakes the loop through its eventfd).
    /// Callable from any thread. Work queued after the loop exited never runs.
    public func execute(_ work: @escaping @Sendable () -> Void) {
        let wasEmpty = tasks.withLock { queue in
            queue.append(work)
            return queue.count == 1
        }
        if wasEmpty && !inEventLoop {
            _ = csys_eventfd_signal(wakeFD)
        }
    }

    /// Asks the loop to return from `run()` after the current iteration. Callable from any thread.
    public func stop() {
        if inEventLoop {
            stopRequested = true
        } else {
            execute { [self] in stopRequested = true }
        }
    }

    // MARK: - Timers (loop thread only)

    /// Calls `body` on the loop thread once `EventLoop.now()` reaches `deadline` (monotonic ns).
    @discardableResult
    public func schedule(deadline: Int64, _ body: @escaping () -> Void) -> TimerHandle {
        precondition(inEventLoop, "EventLoop.schedule must be called on the loop's own thread")
        timerSequence &+= 1
        let node = TimerNode(deadline: deadline, sequence: timerSequence, body: body)
        timers.insert(node)
        return TimerHandle(node: node)
    }

    /// Calls `body` on the loop thread after `nanoseconds`.
    @discardableResult
    public func schedule(afterNanoseconds nanoseconds: Int64, _ body: @escaping () -> Void) -> TimerHandle {
        schedule(deadline: EventLoop.now() &+ max(0, nanoseconds), body)
    }

    /// Calls `body` on the loop thread after `delay`.
    @discardableResult
    public func schedule(after delay: Duration, _ body: @escaping () -> Void) -> TimerHandle {
        schedule(afterNanoseconds: delay.nanoseconds, body)
    }

    /// Cancels a timer that has not fired yet; a no-op for fired or cancelled ones.
    public func cancel(_ timer: TimerHandle) {
        precondition(inEventLoop, "EventLoop.cancel must be called on the loop's own thread")
        timers.remove(timer.node)
        timer.node.body = nil
    }

    // MARK: - File descriptors (loop thread only)

    /// Watches `fd` (non-blocking, owned by the caller) for `events`; `callback` gets the ready events on
    /// the loop thread. `.error` and `.hangup` are always reported. Call `unregister(fd:)` before
    /// closing the fd.
    /// - Throws: `SystemError` from `epoll_ctl` (e.g. EEXIST when `fd` is already registered).
    public func register(fd: Int32, events: IOEvents, _ callback: @escaping (IOEvents) -> Void) throws(SystemError) {
        try register(fd: fd, events: events, handler: ClosureFDHandler(callback))
    }

    /// Changes the events watched for a registered `fd`.
    /// - Throws: `SystemError` from `epoll_ctl` (e.g. ENOENT when `fd` is not registered).
    public func modify(fd: Int32, events: IOEvents) throws(SystemError) {
        precondition(inEventLoop, "EventLoop.modify must be called on the loop's own thread")
        guard fd >= 0, Int(fd) < slots.count, slots[Int(fd)].handler != nil else {
            throw SystemError("epoll_ctl", code: ENOENT)
        }
        let data = UInt64(slots[Int(fd)].generation) << 32 | UInt64(UInt32(fd))
        guard csys_epoll_ctl(epfd, Int32(EPOLL_CTL_MOD), fd, events.rawValue, data) == 0 else {
            throw SystemError.lastErrno("epoll_ctl")
        }
    }

    /// Stops watching `fd`. Events already collected for it in this iteration are dropped.
    public func unregister(fd: Int32) {
        precondition(inEventLoop, "EventLoop.unregister must be called on the loop's own thread")
        guard fd >= 0, Int(fd) < slots.count, slots[Int(fd)].handler != nil else { return }
        _ = csys_epoll_ctl(epfd, Int32(EPOLL_CTL_DEL), fd, 0, 0)
        slots[Int(fd)].handler = nil
        slots[Int(fd)].generation &+= 1
    }

    func register(fd: Int32, events: IOEvents, handler: EventLoopFDHandler) throws(SystemError) {
        precondition(inEventLoop, "EventLoop.register must be called on the loop's own thread")
        guard fd >= 0 else { throw SystemError("epoll_ctl", code: EBADF) }
        let i = Int(fd)
        if i >= slots.count {
            slots.append(contentsOf: repeatElement(Slot(), count: max(i + 1 - slots.count, slots.count)))
        }
        guard slots[i].handler == nil else { throw SystemError("epoll_ctl", code: EEXIST) }
        let data = UInt64(slots[i].generation) << 32 | UInt64(UInt32(fd))
        guard csys_epoll_ctl(epfd, Int32(EPOLL_CTL_ADD), fd, events.rawValue, data) == 0 else {
            throw SystemError.lastErrno("epoll_ctl")
        }
        slots[i].handler = handler
    }

    /// Runs `hook` on the loop thread before every `epoll_wait` (e.g. flushing coalesced output). A hook
    /// returns true when it left work behind, so the loop polls instead of sleeping.
    func addBeforeWaitHook(_ hook: @escaping () -> Bool) {
        beforeWaitHooks.append(hook)
    }

    /// Runs `hook` on the loop thread when `run()` returns (release per-loop state there).
    public func onExit(_ hook: @escaping () -> Void) {
        precondition(inEventLoop, "EventLoop.onExit must be called on the loop's own thread")
        exitHooks.append(hook)
    }

    // MARK: - Running

    /// Runs the loop on the calling thread until `stop()`. Sets `EventLoop.current` meanwhile.
    public func run() {
        precondition(!running, "EventLoop.run called twice")
        running = true
        csys_tls_loop_set(Unmanaged.passUnretained(self).toOpaque())
        let capacity = 256
        let events = UnsafeMutablePointer<csys_epoll_event>.allocate(capacity: capacity)
        defer {
            events.deallocate()
            for hook in exitHooks { hook() }
            exitHooks = []
            beforeWaitHooks = []
            slots = []
            timers = TimerHeap()
            csys_tls_loop_set(nil)
            running = false
        }
        iterationTime = EventLoop.now()
        while !stopRequested {
            hookWantsPoll = false
            for hook in beforeWaitHooks where hook() { hookWantsPoll = true }
            let n = csys_epoll_wait(epfd, events, Int32(capacity), waitTimeoutMilliseconds())
            iterationTime = EventLoop.now()
            if n < 0 && errno != EINTR { break }
            var i = 0
            while i < Int(n) {
                let event = events[i]
                i += 1
                let fd = Int(UInt32(truncatingIfNeeded: event.data))
                if fd == Int(wakeFD) {
                    _ = csys_eventfd_drain(wakeFD)
                    continue
                }
                guard fd < slots.count, slots[fd].generation == UInt32(truncatingIfNeeded: event.data >> 32),
                      let handler = slots[fd].handler else { continue }
                handler.handleEvents(IOEvents(rawValue: event.events))
            }
            runDueTimers()
            runTasks()
        }
    }

    private func waitTimeoutMilliseconds() -> Int32 {
        if stopRequested || hookWantsPoll || tasks.withLock({ !$0.isEmpty }) { return 0 }
        guard let next = timers.first else { return -1 }
        let delta = next.deadline - EventLoop.now()
        if delta <= 0 { return 0 }
        // Round up so a timer never fires early; cap to avoid Int32 overflow.
        return Int32(min((delta + 999_999) / 1_000_000, 3_600_000))
    }

    private func runDueTimers() {
        guard !timers.isEmpty else { return }
        let now = EventLoop.now()
        let lastSequence = timerSequence  // timers scheduled by these callbacks wait for the next pass
        while let next = timers.first, next.deadline <= now, next.sequence <= lastSequence {
            timers.remove(next)
            let body = next.body
            next.body = nil
            body?()
        }
    }

    private func runTasks() {
        let work = tasks.withLock { queue -> [@Sendable () -> Void] in
            guard !queue.isEmpty else { return [] }
            let taken = queue
            queue.removeAll(keepingCapacity: true)
            return taken
        }
        for item in work { item() }
    }
}

private final class ClosureFDHandler: EventLoopFDHandler {
    let callback: (IOEvents) -> Void
    init(_ callback: @escaping (IOEvents) -> Void) { self.callback = callback }
    func handleEvents(_ events: IOEvents) { callback(events) }
}

extension Duration {
    /// Whole nanoseconds, saturating at Int64 bounds.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (ns, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        return ns.addingReportingOverflow(attoseconds / 1_000_000_000).overflow ? .max : ns + attoseconds / 1_000_000_000
    }
}
