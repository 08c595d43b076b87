internal import CNats
import Synchronization

/// The part of a connection that nats.c's connection callbacks (closed, disconnected, reconnected,
/// connected, error, reconnect delay) reach. Those callbacks run on nats.c's own threads and may
/// arrive after the Swift `NATSConnection` is gone, so C never holds a pointer to it: the callbacks'
/// closure is the core's integer id, looked up in `NATSConnectionCore.live` (a miss is ignored).
final class NATSConnectionCore: Sendable {
    let id: UInt
    let configuration: NATSConfiguration

    private struct State {
        var streams: [UInt: AsyncStream<NATSConnectionEvent>.Continuation] = [:]
        var nextStream: UInt = 0
        var handler: (@Sendable (NATSConnectionEvent) -> Void)?
        var closed = false
        var closeWaiters: [CheckedContinuation<Void, Never>] = []
    }
    private let state = Mutex(State())

    /// Cores whose connection may still call back, by id.
    private static let live = Mutex<[UInt: NATSConnectionCore]>([:])
    private static let nextID = Atomic<UInt>(1)

    init(configuration: NATSConfiguration) {
        self.configuration = configuration
        id = Self.nextID.wrappingAdd(1, ordering: .relaxed).oldValue
    }

    /// The value handed to nats.c as the callbacks' closure (never dereferenced).
    var closure: UnsafeMutableRawPointer { UnsafeMutableRawPointer(bitPattern: id)! }

    func register() { Self.live.withLock { $0[id] = self } }
    func unregister() { _ = Self.live.withLock { $0.removeValue(forKey: id) } }

    static func find(_ closure: UnsafeMutableRawPointer?) -> NATSConnectionCore? {
        guard let closure else { return nil }
        let id = UInt(bitPattern: closure)
        return live.withLock { $0[id] }
    }

    // MARK: events

    func setHandler(_ handler: (@Sendable (NATSConnectionEvent) -> Void)?) {
        state.withLock { $0.handler = handler }
    }

    func makeStream() -> AsyncStream<NATSConnectionEvent> {
        let (stream, continuation) = AsyncStream<NATSConnectionEvent>.makeStream(bufferingPolicy: .bufferingNewest(64))
        let key: UInt? = state.withLock { s in
            if s.closed { return nil }
            let k = s.nextStream
            s.nextStream += 1
            s.streams[k] = continuation
            return k
        }
        if let key {
            continuation.onTermination = { [weak self] _ in
                self?.state.withLock { _ = $0.streams.removeValue(forKey: key) }
            }
        } else {
            continuation.yield(.closed)
            continuation.finish()
        }
        return stream
    }

    /// Delivers `event` to the handler and every stream; `.closed` also finishes them and wakes `waitClosed`.
    func emit(_ event: NATSConnectionEvent) {
        let isClose = event == .closed
        let (streams, handler, waiters) = state.withLock { s -> ([AsyncStream<NATSConnectionEvent>.Continuation], (@Sendable (NATSConnectionEvent) -> Void)?, [CheckedContinuation<Void, Never>]) in
            if s.closed { return ([], nil, []) }          // nothing after .closed
            let streams = Array(s.streams.values)
            var waiters: [CheckedContinuation<Void, Never>] = []
            if isClose {
                s.closed = true
                s.streams = [:]
                waiters = s.closeWaiters
                s.closeWaiters = []
            }
            return (streams, s.handler, waiters)
        }
        for c in streams {
            c.yield(event)
            if isClose { c.finish() }
        }
        handler?(event)
        for w in waiters { w.resume() }
    }

    var isClosed: Bool { state.withLock { $0.closed } }

    /// Returns once `.closed` was emitted.
    func waitClosed() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let now = state.withLock { s -> Bool in
                if s.closed { return true }
                s.closeWaiters.append(c)
                return false
            }
            if now { c.resume() }
        }
    }
}

// MARK: - nats.c connection callbacks (nonisolated; nats.c threads)

func cnatsOnClosed(_ nc: OpaquePointer?, _ closure: UnsafeMutableRawPointer?) {
    guard let core = NATSConnectionCore.find(closure) else { return }
    core.unregister()              // the last connection callback: nothing may look the core up afterwards
    core.emit(.closed)
}

func cnatsOnDisconnected(_ nc: OpaquePointer?, _ closure: UnsafeMutableRawPointer?) {
    NATSConnectionCore.find(closure)?.emit(.disconnected)
}

func cnatsOnReconnected(_ nc: OpaquePointer?, _ closure: UnsafeMutableRawPointer?) {
    NATSConnectionCore.find(closure)?.emit(.reconnected)
}

func cnatsOnConnected(_ nc: OpaquePointer?, _ closure: UnsafeMutableRawPointer?) {
    NATSConnectionCore.find(closure)?.emit(.connected)
}

func cnatsOnError(_ nc: OpaquePointer?, _ sub: OpaquePointer?, _ status: natsStatus, _ closure: UnsafeMutableRawPointer?) {
    NATSConnectionCore.find(closure)?.emit(.error(NATSError(status: status, operation: "async")))
}

/// Exponential backoff with jitter (`NATSConfiguration.reconnectDelayMilliseconds`), per round.
func cnatsReconnectDelay(_ nc: OpaquePointer?, _ attempts: Int32, _ closure: UnsafeMutableRawPointer?) -> Int64 {
    guard let core = NATSConnectionCore.find(closure) else { return 1000 }
    let config = core.configuration
    let jitter = NATSConfiguration.milliseconds(config.reconnectJitter)
    return config.reconnectDelayMilliseconds(attempt: Int(attempts)) + (jitter > 0 ? Int64.random(in: 0...jitter) : 0)
}
