/// One received message, copied out of nats.c (the C message is destroyed before the handler runs).
public struct NATSMessage: Sendable {
    public var subject: String
    /// The reply subject of a request (`nil` for a plain publish).
    public var reply: String?
    public var payload: [UInt8]
    /// Header fields as sent. Values of one name keep their order; the order between different names
    /// is not preserved by nats.c. Empty when the message had no headers.
    public var headers: [(String, String)]

    public init(subject: String, reply: String? = nil, payload: [UInt8], headers: [(String, String)] = []) {
        self.subject = subject
        self.reply = reply
        self.payload = payload
        self.headers = headers
    }

    /// The first value of header `name` (ASCII case-insensitive), or nil.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.0.lowercased() == wanted }?.1
    }

    /// The payload decoded as UTF-8 (invalid bytes replaced).
    public var string: String { String(decoding: payload, as: UTF8.self) }
}

/// A change of the connection's state, reported on `NATSConnection.events` and `onEvent`.
public enum NATSConnectionEvent: Sendable, Equatable {
    /// The connection to the server was lost; nats.c is reconnecting (publishes are buffered).
    /// nats.c also reports it just before `.closed` when a connected connection is closed.
    case disconnected
    /// Connected again (subscriptions were re-established by nats.c).
    case reconnected
    /// A `retryInitialConnect` connection reached a server for the first time.
    case connected
    /// Closed for good (by `close`/`drain`, or reconnects exhausted). The last event.
    case closed
    /// An asynchronous error, e.g. a slow consumer dropping messages (`NATSError.code == .other`).
    case error(NATSError)
}
