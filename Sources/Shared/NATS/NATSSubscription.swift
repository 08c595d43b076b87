internal import CNats
import Synchronization

/// An active subscription. It stays active until `unsubscribe()`, `drain()` or the connection
/// closes — dropping this handle does not end it (the connection keeps it registered meanwhile).
///
/// The handler runs on the subscription's nats.c delivery thread (one thread per subscription, or
/// nats.c's shared pool with `sharedDeliveryThreads`), one message at a time in arrival order — or,
/// when subscribed with `on: loop`, inside `loop.execute` in the same order. It must not block for
/// long: messages queue behind it up to `maxPendingMessages`, then nats.c drops them (slow consumer).
public final class NATSSubscription: @unchecked Sendable {
    // Safety: `handle` is set once in init and destroyed once in deinit; nats.c subscriptions are
    // thread-safe. Mutable state lives in `box` behind a Mutex.
    let handle: OpaquePointer
    let box: NATSSubscriptionBox
    public let subject: String
    public let queue: String?

    init(handle: OpaquePointer, box: NATSSubscriptionBox, subject: String, queue: String?) {
        self.handle = handle
        self.box = box
        self.subject = subject
        self.queue = queue
    }

    deinit { natsSubscription_Destroy(handle) }

    /// Stops delivery now (a message already being handled finishes). Throws `.invalidSubscription`
    /// when it already ended.
    public func unsubscribe() throws(NATSError) {
        try NATSError.check(natsSubscription_Unsubscribe(handle), "natsSubscription_Unsubscribe")
    }

    /// Stops receiving new messages, lets the handler process everything already received, then ends.
    /// Returns when the last handler call returned (or `timeout` expired; nats.c then drops the rest).
    public func drain(timeout: Duration = .seconds(30)) async throws(NATSError) {
        try NATSError.check(natsSubscription_DrainTimeout(handle, NATSConfiguration.milliseconds(timeout)),
                            "natsSubscription_DrainTimeout")
        await box.waitCompleted()
    }

    /// True while messages may still be delivered.
    public var isActive: Bool { !box.isCompleted }

    /// Returns once the subscription ended and its handler will not run again.
    public func waitCompleted() async { await box.waitCompleted() }
}

/// The subscriptions a connection keeps alive until they end.
final class NATSSubscriptionRegistry: Sendable {
    let entries = Mutex<[ObjectIdentifier: NATSSubscription]>([:])

    /// Registers `subscription` unless it already ended (its completion may race with this call).
    func insert(_ subscription: NATSSubscription) {
        entries.withLock { e in
            if !subscription.box.isCompleted { e[ObjectIdentifier(subscription.box)] = subscription }
        }
    }

    func remove(_ box: NATSSubscriptionBox) -> NATSSubscription? {
        entries.withLock { $0.removeValue(forKey: ObjectIdentifier(box)) }
    }

    func removeAll() -> [NATSSubscription] {
        entries.withLock { e in
            let all = Array(e.values)
            e = [:]
            return all
        }
    }
}

/// What a subscription's C callbacks reach: retained once for nats.c at subscribe
/// (`Unmanaged.passRetained`) and released by the on-complete callback, which nats.c calls after the
/// subscription closed and its handler returned for the last time.
final class NATSSubscriptionBox: Sendable {
    enum Target: Sendable {
        case handler(@Sendable (NATSMessage) -> Void, EventLoop?)
        case requests(NATSRequestMux)
    }
    /// Cleared at completion, so whatever the handler captured is released even if the handle lives on.
    private let target: Mutex<Target?>
    let registry: NATSSubscriptionRegistry
    private let completed = Atomic<Bool>(false)
    private let waiters = Mutex<[CheckedContinuation<Void, Never>]?>([])   // nil once completed

    init(target: Target, registry: NATSSubscriptionRegistry) {
        self.target = Mutex(target)
        self.registry = registry
    }

    var isCompleted: Bool { completed.load(ordering: .acquiring) }

    func deliver(_ message: NATSMessage, noResponders: Bool) {
        switch target.withLock({ $0 }) {
        case nil:
            return
        case .handler(let handler, let loop):
            if let loop { loop.execute { handler(message) } } else { handler(message) }
        case .requests(let mux):
            mux.resolve(message, noResponders: noResponders)
        }
    }

    func complete() {
        completed.store(true, ordering: .releasing)
        let pending = waiters.withLock { w -> [CheckedContinuation<Void, Never>] in
            let all = w ?? []
            w = nil
            return all
        }
        let ended = target.withLock { t -> Target? in
            let old = t
            t = nil
            return old
        }
        for c in pending { c.resume() }
        if case .requests(let mux) = ended { mux.failAll(NATSError(code: .connectionClosed, operation: "request", message: "the reply subscription ended")) }
        // Drop the registry's reference outside its lock (deinit destroys the C subscription).
        let sub = registry.remove(self)
        _ = sub
    }

    func waitCompleted() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let now = waiters.withLock { w -> Bool in
                if w == nil { return true }
                w!.append(c)
                return false
            }
            if now { c.resume() }
        }
    }
}

// MARK: - nats.c subscription callbacks (nonisolated; nats.c delivery threads)

func cnatsOnMessage(_ nc: OpaquePointer?, _ sub: OpaquePointer?, _ msg: OpaquePointer?, _ closure: UnsafeMutableRawPointer?) {
    guard let msg else { return }
    guard let closure else { natsMsg_Destroy(msg); return }
    let box = Unmanaged<NATSSubscriptionBox>.fromOpaque(closure).takeUnretainedValue()
    let noResponders = natsMsg_IsNoResponders(msg)
    let message = NATSMessage(copying: msg)
    natsMsg_Destroy(msg)
    box.deliver(message, noResponders: noResponders)
}

func cnatsOnSubscriptionComplete(_ closure: UnsafeMutableRawPointer?) {
    guard let closure else { return }
    let unmanaged = Unmanaged<NATSSubscriptionBox>.fromOpaque(closure)
    unmanaged.takeUnretainedValue().complete()
    unmanaged.release()            // nats.c's reference: no callback of this subscription follows
}

extension NATSMessage {
    /// Copies subject, reply, payload and headers out of a nats.c message (which the caller destroys).
    init(copying msg: OpaquePointer) {
        let subject = natsMsg_GetSubject(msg).map { String(cString: $0) } ?? ""
        let reply = natsMsg_GetReply(msg).flatMap { $0[0] == 0 ? nil : String(cString: $0) }
        let length = Int(natsMsg_GetDataLength(msg))
        var payload: [UInt8] = []
        if length > 0, let data = natsMsg_GetData(msg) {
            payload = Array(UnsafeRawBufferPointer(start: data, count: length))
        }
        var headers: [(String, String)] = []
        var keys: UnsafeMutablePointer<UnsafePointer<CChar>?>?
        var keyCount: Int32 = 0
        if natsMsgHeader_Keys(msg, &keys, &keyCount) == NATS_OK, let keys {
            for i in 0..<Int(keyCount) {
                guard let key = keys[i] else { continue }
                var values: UnsafeMutablePointer<UnsafePointer<CChar>?>?
                var valueCount: Int32 = 0
                guard natsMsgHeader_Values(msg, key, &values, &valueCount) == NATS_OK, let values else { continue }
                let name = String(cString: key)
                for j in 0..<Int(valueCount) {
                    if let v = values[j] { headers.append((name, String(cString: v))) }
                }
                cnats_free_array(values)
            }
            cnats_free_array(keys)
        }
        self.init(subject: subject, reply: reply, payload: payload, headers: headers)
    }
}
