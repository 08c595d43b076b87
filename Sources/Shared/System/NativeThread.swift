import CSysShim
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A POSIX thread with an explicit stack size. Event-loop threads run V8, whose `--stack-size` must
/// stay below the thread's real stack (design.md §4), so the size is always known; Dispatch and the
/// Swift concurrency pool are not used for them.
public final class NativeThread: Sendable {
    private let thread: pthread_t
    private let joined = Atomic<Bool>(false)

    private init(thread: pthread_t) {
        self.thread = thread
    }

    /// Starts `body` on a new thread with `stackSize` bytes of stack.
    /// - Throws: `SystemError` (`pthread_create`) when the thread cannot be created.
    public static func start(stackSize: Int, _ body: @escaping @Sendable () -> Void) throws(SystemError) -> NativeThread {
        let box = Unmanaged.passRetained(ThreadBody(body)).toOpaque()
        var tid = pthread_t()
        let rc = csys_thread_start(stackSize, { arg in
            guard let arg else { return nil }
            let body = Unmanaged<ThreadBody>.fromOpaque(arg).takeRetainedValue()
            body.run()
            return nil
        }, box, &tid)
        guard rc == 0 else {
            Unmanaged<ThreadBody>.fromOpaque(box).release()
            throw SystemError("pthread_create", code: rc)
        }
        return NativeThread(thread: tid)
    }

    /// Blocks until the thread's body returned. Later calls return at once.
    public func join() {
        guard !joined.exchange(true, ordering: .acquiringAndReleasing) else { return }
        pthread_join(thread, nil)
    }
}

private final class ThreadBody: Sendable {
    let run: @Sendable () -> Void
    init(_ run: @escaping @Sendable () -> Void) { self.run = run }
}
