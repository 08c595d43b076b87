import Testing
import Shared
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The event loop on its own: timers, cross-thread execute, fd callbacks, thread-local `current`.
@Suite struct EventLoopTests {
    /// Runs a fresh loop on a native thread, calls `body` on it, and returns once `body` stopped it.
    private func withLoop(_ body: @escaping @Sendable (EventLoop) -> Void) throws {
        let loop = try EventLoop(index: 7)
        let thread = try NativeThread.start(stackSize: 1 << 20) {
            loop.execute { body(loop) }
            loop.run()
        }
        thread.join()
    }

    @Test func timersFireInDeadlineOrderAndCancelWorks() throws {
        let log = Mutex<[String]>([])
        try withLoop { loop in
            #expect(EventLoop.current === loop)
            #expect(loop.inEventLoop)
            loop.schedule(afterNanoseconds: 30_000_000) { log.withLock { $0.append("c") } }
            loop.schedule(afterNanoseconds: 10_000_000) { log.withLock { $0.append("a") } }
            let cancelled = loop.schedule(afterNanoseconds: 20_000_000) { log.withLock { $0.append("x") } }
            loop.schedule(afterNanoseconds: 20_000_000) { log.withLock { $0.append("b") } }
            loop.cancel(cancelled)
            loop.schedule(deadline: EventLoop.now() + 40_000_000) {
                log.withLock { $0.append("done") }
                loop.stop()
            }
        }
        #expect(log.withLock { $0 } == ["a", "b", "c", "done"])
    }

    @Test func executeFromOtherThreadsRunsOnTheLoop() throws {
        let loop = try EventLoop(index: 0)
        let count = Mutex(0)
        let onLoop = Mutex(true)
        let thread = try NativeThread.start(stackSize: 1 << 20) { loop.run() }
        let senders = try (0..<4).map { _ in
            try NativeThread.start(stackSize: 1 << 20) {
                for _ in 0..<250 {
                    loop.execute {
                        if !loop.inEventLoop { onLoop.withLock { $0 = false } }
                        count.withLock { $0 += 1 }
                    }
                }
            }
        }
        for s in senders { s.join() }
        loop.execute { loop.stop() }
        thread.join()
        #expect(count.withLock { $0 } == 1000)
        #expect(onLoop.withLock { $0 })
        #expect(EventLoop.current == nil)
    }

    @Test func registeredDescriptorGetsCallbacks() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let readFD = fds[0]
        _ = fcntl(readFD, F_SETFL, O_NONBLOCK)
        let writeFD = fds[1]
        defer { close(readFD); close(writeFD) }
        let received = Mutex<[UInt8]>([])
        try withLoop { loop in
            do {
                try loop.register(fd: readFD, events: .readable) { events in
                    #expect(events.contains(.readable))
                    var buf = [UInt8](repeating: 0, count: 16)
                    let n = read(readFD, &buf, buf.count)
                    if n > 0 { received.withLock { $0 += buf[0..<n] } }
                    if received.withLock({ $0.count }) >= 3 {
                        loop.unregister(fd: readFD)
                        loop.stop()
                    }
                }
            } catch {
                Issue.record("register failed: \(error)")
                loop.stop()
                return
            }
            // Registering twice is a typed error, not a crash.
            #expect(throws: SystemError.self) { try loop.register(fd: readFD, events: .readable) { _ in } }
            for (i, byte) in [UInt8(1), 2, 3].enumerated() {
                loop.schedule(afterNanoseconds: Int64(i + 1) * 5_000_000) {
                    var b = byte
                    _ = write(writeFD, &b, 1)
                }
            }
        }
        #expect(received.withLock { $0 } == [1, 2, 3])
    }

    @Test func signalsCanBeBlockedForSigwait() throws {
        // SIGUSR2 is not used by the test runner; block it on this thread and receive it synchronously.
        try ProcessSignals.block([SIGUSR2])
        let me = pthread_self()
        #expect(pthread_kill(me, SIGUSR2) == 0)
        #expect(ProcessSignals.wait() == SIGUSR2)
    }
}
