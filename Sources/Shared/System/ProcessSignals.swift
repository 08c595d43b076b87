import CSysShim
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Process signals delivered synchronously to the main thread, for graceful shutdown.
///
/// Call `block` on the main thread **before any other thread exists** (event loops, V8's platform
/// threads, nats.c): threads inherit the mask, so none of them is interrupted, and `wait` on the main
/// thread receives the signal with `sigwait`.
///
/// ```swift
/// ProcessSignals.block([SIGTERM, SIGINT, SIGHUP])
/// try server.start()
/// _ = ProcessSignals.wait()
/// server.shutdown(gracePeriod: .seconds(10))
/// server.wait()
/// ```
public enum ProcessSignals {
    private static let blocked = Mutex<[Int32]>([])

    /// Blocks `signals` in the calling thread and in every thread it creates later.
    /// - Throws: `SystemError` (`pthread_sigmask`) for an invalid signal number.
    public static func block(_ signals: [Int32] = [SIGTERM, SIGINT, SIGHUP]) throws(SystemError) {
        let rc = signals.withUnsafeBufferPointer { csys_signals_block($0.baseAddress, Int32($0.count)) }
        guard rc == 0 else { throw SystemError("pthread_sigmask", code: rc) }
        blocked.withLock { set in
            for s in signals where !set.contains(s) { set.append(s) }
        }
    }

    /// Waits until one of the signals passed to `block` arrives and returns its number.
    /// Returns at once with -1 when nothing was blocked (there is nothing to wait for).
    public static func wait() -> Int32 {
        let signals = blocked.withLock { $0 }
        guard !signals.isEmpty else { return -1 }
        while true {
            let rc = signals.withUnsafeBufferPointer { csys_signals_wait($0.baseAddress, Int32($0.count)) }
            if rc > 0 { return rc }
            if rc != -EINTR { return -1 }
        }
    }
}
