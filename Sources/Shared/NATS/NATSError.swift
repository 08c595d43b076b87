internal import CNats

/// A failed NATS operation: which operation, nats.c's status and its text. The one place a `natsStatus`
/// becomes a Swift error is `NATSError.check(_:_:)` (or `NATSError(status:operation:)`).
public struct NATSError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, grouped the way callers react to it.
    public enum Code: Sendable, Equatable {
        /// No server could be reached (refused, unreachable, DNS) — `NATS_NO_SERVER`, `NATS_IO_ERROR`.
        case noServer
        /// The operation did not finish in time (`NATS_TIMEOUT`), e.g. a request without a reply.
        case timeout
        /// A request was sent but nobody subscribes to its subject (`NATS_NO_RESPONDERS`).
        case noResponders
        /// The connection is closed, or closed while the operation waited (`NATS_CONNECTION_CLOSED`).
        case connectionClosed
        /// The connection is draining and refuses new work (`NATS_DRAINING`).
        case draining
        /// The subscription is no longer valid (`NATS_INVALID_SUBSCRIPTION`).
        case invalidSubscription
        /// A subject, queue name or option was rejected (`NATS_INVALID_SUBJECT`, `NATS_INVALID_ARG`, …).
        case invalidArgument
        /// The server or credentials refused us (`NATS_NOT_PERMITTED`, authorisation violations).
        case notPermitted
        /// The payload exceeds the server's max_payload (`NATS_MAX_PAYLOAD`).
        case maxPayload
        /// Publishing while reconnecting overflowed the reconnect buffer (`NATS_INSUFFICIENT_BUFFER`).
        case reconnectBufferFull
        /// The operation was cancelled by the Swift task.
        case cancelled
        /// Any other nats.c status (the raw value is in `status`).
        case other
    }

    public var code: Code
    /// nats.c's raw `natsStatus` value (0 for errors that did not come from nats.c, e.g. `.cancelled`).
    public var status: Int32
    /// The nats.c call (or Swift operation) that failed, e.g. `"natsConnection_Connect"`.
    public var operation: String
    /// `natsStatus_GetText`, plus nats.c's thread-local detail (`nats_GetLastError`) when it adds something.
    public var message: String

    public init(code: Code, status: Int32 = 0, operation: String, message: String) {
        self.code = code
        self.status = status
        self.operation = operation
        self.message = message
    }

    public var description: String { "\(operation): \(message)" }

    /// The typed error for `status` (call it directly after the failing call, on the same thread, so
    /// nats.c's thread-local last-error detail still belongs to it).
    init(status: natsStatus, operation: String) {
        let text = String(cString: natsStatus_GetText(status))
        var lastStatus = NATS_OK
        var message = text
        if let detail = nats_GetLastError(&lastStatus), lastStatus == status {
            let d = String(cString: detail)
            if !d.isEmpty, d != text { message = "\(text): \(d)" }
        }
        self.init(code: Self.code(for: status), status: Int32(status.rawValue), operation: operation,
                  message: message)
    }

    /// Throws the typed error unless `status` is `NATS_OK`.
    @inline(__always)
    static func check(_ status: natsStatus, _ operation: @autoclosure () -> String) throws(NATSError) {
        if status != NATS_OK { throw NATSError(status: status, operation: operation()) }
    }

    static func code(for status: natsStatus) -> Code {
        switch status {
        case NATS_NO_SERVER, NATS_IO_ERROR, NATS_SYS_ERROR: return .noServer
        case NATS_TIMEOUT: return .timeout
        case NATS_NO_RESPONDERS: return .noResponders
        case NATS_CONNECTION_CLOSED, NATS_CONNECTION_DISCONNECTED, NATS_STALE_CONNECTION: return .connectionClosed
        case NATS_DRAINING: return .draining
        case NATS_INVALID_SUBSCRIPTION: return .invalidSubscription
        case NATS_INVALID_SUBJECT, NATS_INVALID_ARG, NATS_INVALID_QUEUE_NAME, NATS_ILLEGAL_STATE,
             NATS_ADDRESS_MISSING, NATS_PROTOCOL_ERROR, NATS_INVALID_TIMEOUT:
            return .invalidArgument
        case NATS_NOT_PERMITTED, NATS_CONNECTION_AUTH_FAILED: return .notPermitted
        case NATS_MAX_PAYLOAD: return .maxPayload
        case NATS_INSUFFICIENT_BUFFER: return .reconnectBufferFull
        default: return .other
        }
    }
}
