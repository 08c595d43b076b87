internal import CNats
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A client connection to NATS over nats.c: publish (with headers), subscribe, queue subscribe,
/// request/reply, flush, drain. Thread-safe; share one per service (or a second one for latency-
/// sensitive request traffic, see shared/spec/feasibility.md §3).
///
/// nats.c reconnects by itself (settings in `NATSConfiguration`): while disconnected, publishes are
/// buffered and subscriptions are re-established after reconnecting. Watch `events` (or `onEvent`)
/// for `.disconnected` / `.reconnected` / `.closed`.
///
/// Threads: `connect()` and `flush()` block the calling thread (bounded by their timeouts) — call them
/// at start-up or off an event loop. Handlers and event callbacks run on nats.c's threads; in the
/// runner, connect only after V8 is initialised (nats.c starts threads; design.md §4).
public final class NATSConnection: @unchecked Sendable {
    // Safety: the natsConnection* is written once by `connect()` under `handleBits`' lock and destroyed
    // only in deinit; nats.c connections are thread-safe. All other state is Sendable.
    public let configuration: NATSConfiguration
    let core: NATSConnectionCore
    /// The natsConnection* as an address (0 until connected): OpaquePointer is not Sendable.
    private let handleBits = Mutex<UInt>(0)
    private var currentHandle: OpaquePointer? { OpaquePointer(bitPattern: handleBits.withLock { $0 }) }
    let subscriptions = NATSSubscriptionRegistry()
    private let mux = Mutex<NATSRequestMux?>(nil)

    public init(configuration: NATSConfiguration) {
        self.configuration = configuration
        core = NATSConnectionCore(configuration: configuration)
    }

    deinit {
        if let nc = currentHandle {
            natsConnection_Destroy(nc)        // closes if still open; subscriptions complete asynchronously
        }
        core.unregister()
        core.emit(.closed)
    }

    // MARK: connect

    /// Connects to one of `configuration.servers`. Throws `.noServer` when none answers within
    /// `connectTimeout` (unless `retryInitialConnect`, which returns at once and keeps trying).
    /// Call it once (a second call throws `.invalidArgument`; do not race two calls).
    public func connect() throws(NATSError) {
        if currentHandle != nil {
            throw NATSError(code: .invalidArgument, operation: "connect", message: "already connected")
        }
        var optsOut: OpaquePointer?
        try NATSError.check(natsOptions_Create(&optsOut), "natsOptions_Create")
        guard let opts = optsOut else { throw NATSError(code: .other, operation: "natsOptions_Create", message: "no options") }
        defer { natsOptions_Destroy(opts) }
        try apply(configuration, to: opts)

        core.register()
        var ncOut: OpaquePointer?
        let status = natsConnection_Connect(&ncOut, opts)
        if let nc = ncOut, status == NATS_OK || status == NATS_NOT_YET_CONNECTED {
            handleBits.withLock { $0 = UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(nc))) }
            return
        }
        let error = NATSError(status: status, operation: "natsConnection_Connect")
        core.unregister()
        throw error
    }

    private func apply(_ c: NATSConfiguration, to opts: OpaquePointer) throws(NATSError) {
        let ctx = core.closure
        let ms = NATSConfiguration.milliseconds
        let servers = c.servers.isEmpty ? ["nats://127.0.0.1:4222"] : c.servers
        var cStrings = servers.map { strdup($0) }
        defer { cStrings.forEach { free($0) } }
        let s = cStrings.withUnsafeMutableBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: buf.count) {
                natsOptions_SetServers(opts, $0, Int32(buf.count))
            }
        }
        try NATSError.check(s, "natsOptions_SetServers")
        if let name = c.name { try NATSError.check(natsOptions_SetName(opts, name), "natsOptions_SetName") }
        try NATSError.check(natsOptions_SetTimeout(opts, max(ms(c.connectTimeout), 1)), "natsOptions_SetTimeout")
        try NATSError.check(natsOptions_SetAllowReconnect(opts, c.allowReconnect), "natsOptions_SetAllowReconnect")
        try NATSError.check(natsOptions_SetMaxReconnect(opts, Int32(clamping: c.maxReconnects ?? -1)), "natsOptions_SetMaxReconnect")
        try NATSError.check(natsOptions_SetCustomReconnectDelay(opts, cnatsReconnectDelay, ctx), "natsOptions_SetCustomReconnectDelay")
        try NATSError.check(natsOptions_SetReconnectBufSize(opts, Int32(clamping: c.reconnectBufferSize)), "natsOptions_SetReconnectBufSize")
        try NATSError.check(natsOptions_SetMaxPendingMsgs(opts, Int32(clamping: c.maxPendingMessages)), "natsOptions_SetMaxPendingMsgs")
        try NATSError.check(natsOptions_UseGlobalMessageDelivery(opts, c.sharedDeliveryThreads), "natsOptions_UseGlobalMessageDelivery")
        try NATSError.check(natsOptions_SetNoEcho(opts, c.noEcho), "natsOptions_SetNoEcho")
        if let creds = c.credentialsFile {
            try NATSError.check(natsOptions_SetUserCredentialsFromFiles(opts, creds, nil), "natsOptions_SetUserCredentialsFromFiles")
        }
        try NATSError.check(natsOptions_SetClosedCB(opts, cnatsOnClosed, ctx), "natsOptions_SetClosedCB")
        try NATSError.check(natsOptions_SetDisconnectedCB(opts, cnatsOnDisconnected, ctx), "natsOptions_SetDisconnectedCB")
        try NATSError.check(natsOptions_SetReconnectedCB(opts, cnatsOnReconnected, ctx), "natsOptions_SetReconnectedCB")
        try NATSError.check(natsOptions_SetErrorHandler(opts, cnatsOnError, ctx), "natsOptions_SetErrorHandler")
        try NATSError.check(natsOptions_SetRetryOnFailedConnect(opts, c.retryInitialConnect,
                                                                c.retryInitialConnect ? cnatsOnConnected : nil, ctx),
                            "natsOptions_SetRetryOnFailedConnect")
    }

    func connection(_ operation: String) throws(NATSError) -> OpaquePointer {
        guard let nc = currentHandle else {
            throw NATSError(code: .connectionClosed, status: 0, operation: operation, message: "not connected")
        }
        return nc
    }

    // MARK: state

    /// A new stream of this connection's state changes from now on; it ends after `.closed`.
    public var events: AsyncStream<NATSConnectionEvent> { core.makeStream() }

    /// Calls `handler` (on a nats.c thread) for every state change; replaces a previous handler.
    public func onEvent(_ handler: (@Sendable (NATSConnectionEvent) -> Void)?) { core.setHandler(handler) }

    /// True while connected to a server (false while reconnecting, draining or closed).
    public var isConnected: Bool {
        guard let nc = currentHandle else { return false }
        return natsConnection_Status(nc) == NATS_CONN_STATUS_CONNECTED
    }

    /// True once the connection closed for good.
    public var isClosed: Bool {
        guard let nc = currentHandle else { return core.isClosed }
        return natsConnection_IsClosed(nc)
    }

    /// The URL of the server currently connected to, if any.
    public var connectedURL: String? {
        guard let nc = currentHandle else { return nil }
        var buf = [CChar](repeating: 0, count: 256)
        guard natsConnection_GetConnectedUrl(nc, &buf, buf.count) == NATS_OK, buf[0] != 0 else { return nil }
        return buf.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    // MARK: publish

    /// Publishes `payload` on `subject` (buffered by nats.c; `flush` waits until the server has it).
    public func publish(subject: String, reply: String? = nil, payload: [UInt8],
                        headers: [(String, String)] = []) throws(NATSError) {
        let nc = try connection("publish")
        let status: natsStatus
        if headers.isEmpty {
            status = payload.withUnsafeBytes { buf in
                if let reply {
                    natsConnection_PublishRequest(nc, subject, reply, buf.baseAddress, Int32(buf.count))
                } else {
                    natsConnection_Publish(nc, subject, buf.baseAddress, Int32(buf.count))
                }
            }
        } else {
            status = Self.publishMessage(nc, subject: subject, reply: reply, payload: payload, headers: headers)
        }
        try NATSError.check(status, "publish \(subject)")
    }

    private static func publishMessage(_ nc: OpaquePointer, subject: String, reply: String?, payload: [UInt8],
                                       headers: [(String, String)]) -> natsStatus {
        var msgOut: OpaquePointer?
        var status = payload.withUnsafeBytes { buf in
            natsMsg_Create(&msgOut, subject, reply, buf.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(buf.count))
        }
        guard status == NATS_OK, let msg = msgOut else { return status }
        defer { natsMsg_Destroy(msg) }
        for (name, value) in headers {
            status = natsMsgHeader_Add(msg, name, value)
            if status != NATS_OK { return status }
        }
        return natsConnection_PublishMsg(nc, msg)
    }

    /// Sends everything buffered and waits for the server's acknowledgement (a PING/PONG round trip).
    /// Blocks the calling thread up to `timeout`; throws `.timeout`.
    public func flush(timeout: Duration = .seconds(5)) throws(NATSError) {
        let nc = try connection("flush")
        try NATSError.check(natsConnection_FlushTimeout(nc, max(NATSConfiguration.milliseconds(timeout), 1)), "natsConnection_FlushTimeout")
    }

    // MARK: subscribe

    /// Subscribes to `subject` (wildcards `*` and `>` allowed); with `queue`, joins that queue group so
    /// each message goes to exactly one member. `handler` runs on a nats.c thread, or inside
    /// `loop.execute` when `loop` is given (see `NATSSubscription`).
    @discardableResult
    public func subscribe(subject: String, queue: String? = nil, on loop: EventLoop? = nil,
                          handler: @escaping @Sendable (NATSMessage) -> Void) throws(NATSError) -> NATSSubscription {
        try subscribe(subject: subject, queue: queue, target: .handler(handler, loop))
    }

    func subscribe(subject: String, queue: String?, target: NATSSubscriptionBox.Target) throws(NATSError) -> NATSSubscription {
        let nc = try connection("subscribe")
        let box = NATSSubscriptionBox(target: target, registry: subscriptions)
        let closure = Unmanaged.passRetained(box).toOpaque()
        var subOut: OpaquePointer?
        let status: natsStatus
        if let queue {
            status = natsConnection_QueueSubscribe(&subOut, nc, subject, queue, cnatsOnMessage, closure)
        } else {
            status = natsConnection_Subscribe(&subOut, nc, subject, cnatsOnMessage, closure)
        }
        guard status == NATS_OK, let sub = subOut else {
            let error = NATSError(status: status, operation: "subscribe \(subject)")
            Unmanaged<NATSSubscriptionBox>.fromOpaque(closure).release()    // no subscription, no callback
            throw error
        }
        let subscription = NATSSubscription(handle: sub, box: box, subject: subject, queue: queue)
        if natsSubscription_SetOnCompleteCB(sub, cnatsOnSubscriptionComplete, closure) != NATS_OK {
            // Already closed (the connection closed meanwhile). The handler may still be running, so
            // nats.c's reference to the box is deliberately kept (a few bytes, only on this race).
            box.complete()
        }
        subscriptions.insert(subscription)
        return subscription
    }

    // MARK: request/reply

    /// Publishes a request and waits for the first reply. Throws `NATSError` `.timeout`,
    /// `.noResponders` (nobody subscribes to `subject`), `.connectionClosed`, or `.cancelled`.
    public func request(subject: String, payload: [UInt8], headers: [(String, String)] = [],
                        timeout: Duration = .seconds(5)) async throws -> NATSMessage {
        let mux = try requestMux()
        let token = mux.nextToken()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<NATSMessage, any Error>) in
                guard mux.register(token, continuation) else { return }
                if Task.isCancelled {                   // cancelled before the waiter existed
                    mux.fail(token, NATSError(code: .cancelled, status: 0, operation: "request \(subject)", message: "cancelled"))
                    return
                }
                do {
                    try publish(subject: subject, reply: mux.prefix + token, payload: payload, headers: headers)
                } catch {
                    mux.fail(token, error)
                    return
                }
                mux.setTimer(token, Task {
                    try? await Task.sleep(for: timeout)
                    if Task.isCancelled { return }
                    mux.fail(token, NATSError(code: .timeout, status: 0, operation: "request \(subject)",
                                              message: "no reply within \(timeout)"))
                })
            }
        } onCancel: {
            mux.fail(token, NATSError(code: .cancelled, status: 0, operation: "request \(subject)", message: "cancelled"))
        }
    }

    /// Publishes `payload` to the reply subject of `request` (no-op error `.invalidArgument` if none).
    public func respond(to request: NATSMessage, payload: [UInt8], headers: [(String, String)] = []) throws(NATSError) {
        guard let reply = request.reply else {
            throw NATSError(code: .invalidArgument, status: 0, operation: "respond", message: "the message has no reply subject")
        }
        try publish(subject: reply, payload: payload, headers: headers)
    }

    private func requestMux() throws(NATSError) -> NATSRequestMux {
        // Created under the lock so concurrent first requests share one inbox subscription.
        let result: Result<NATSRequestMux, NATSError> = mux.withLock { current in
            if let current { return .success(current) }
            var inboxOut: UnsafeMutablePointer<CChar>?
            let s = natsInbox_Create(&inboxOut)
            guard s == NATS_OK, let inbox = inboxOut else { return .failure(NATSError(status: s, operation: "natsInbox_Create")) }
            let prefix = String(cString: inbox) + "."
            natsInbox_Destroy(inbox)
            let created = NATSRequestMux(prefix: prefix)
            do throws(NATSError) {
                _ = try subscribe(subject: prefix + "*", queue: nil, target: .requests(created))
            } catch {
                return .failure(error)
            }
            current = created
            return .success(created)
        }
        return try result.get()
    }

    // MARK: shutdown

    /// Drains: subscriptions stop receiving, handlers finish what was already received, buffered
    /// publishes are flushed, then the connection closes. Returns once closed (nats.c closes anyway
    /// after `timeout`). Throws `.connectionClosed` when it was already closed.
    public func drain(timeout: Duration = .seconds(30)) async throws(NATSError) {
        let nc = try connection("drain")
        try NATSError.check(natsConnection_DrainTimeout(nc, max(NATSConfiguration.milliseconds(timeout), 1)),
                            "natsConnection_DrainTimeout")
        await core.waitClosed()
    }

    /// Closes now (buffered publishes are flushed first; undelivered messages are dropped) and returns
    /// once closed. Idempotent.
    public func close() async {
        if let nc = currentHandle {
            natsConnection_Close(nc)
            await core.waitClosed()
        }
    }
}
