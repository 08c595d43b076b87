// Public surface of the HTTP/1.1 server (the contract between Shared and its users).
// The implementation (EventLoop, HTTPServer, connection state machine) lives beside this file.

/// One parsed HTTP/1.1 request. The body is fully buffered (bounded by `maxBodyBytes`).
public struct HTTPRequest: Sendable {
    /// Method token as sent (case-sensitive per RFC 9110; e.g. "GET").
    public var method: String
    /// Request target as sent (origin-form "/path?query", or absolute-form).
    public var target: String
    /// HTTP minor version: 0 for HTTP/1.0, 1 for HTTP/1.1.
    public var versionMinor: Int
    /// Header fields in wire order; names as sent (compare case-insensitively).
    public var headers: [(name: String, value: String)]
    /// Request body after de-chunking.
    public var body: [UInt8]
    /// Peer address, e.g. "127.0.0.1".
    public var remoteAddress: String

    public init(method: String, target: String, versionMinor: Int = 1,
                headers: [(name: String, value: String)] = [], body: [UInt8] = [],
                remoteAddress: String = "") {
        self.method = method
        self.target = target
        self.versionMinor = versionMinor
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
    }

    /// First value of a header, compared case-insensitively.
    public func header(_ name: String) -> String? {
        let wanted = name.utf8
        for h in headers where h.name.utf8.count == wanted.count
            && h.name.utf8.elementsEqual(wanted, by: { Self.asciiLower($0) == Self.asciiLower($1) }) {
            return h.value
        }
        return nil
    }

    @inline(__always) private static func asciiLower(_ c: UInt8) -> UInt8 {
        c >= 0x41 && c <= 0x5A ? c | 0x20 : c
    }
}

/// Writes the answer to one request. Used only on the event-loop thread that delivered the request,
/// at any later time (synchronously inside `handle` or after asynchronous work). Every method is
/// safe to call after the client went away: it then does nothing (and `write` returns false).
public protocol HTTPResponder: AnyObject {
    /// A complete response. Adds `Content-Length` (unless the status forbids a body) and `Date`;
    /// `Connection: close` when the request or the server requires it.
    func respond(status: Int, headers: [(name: String, value: String)], body: [UInt8])
    /// Starts a streamed response: chunked transfer encoding for HTTP/1.1 (close-delimited for 1.0).
    func startStream(status: Int, headers: [(name: String, value: String)])
    /// Queues a body chunk of a streamed response. Returns false when the output buffer is above its
    /// high-water mark (or the connection is gone); `onWritable` then fires once it drains.
    @discardableResult func write(_ bytes: [UInt8]) -> Bool
    /// Ends a streamed response (writes the last chunk). After an `error` the connection is closed
    /// without the terminating chunk so the client sees a truncated body.
    func end(error: Bool)
    /// Called once on the loop thread when the output buffer drained below the low-water mark.
    var onWritable: (() -> Void)? { get set }
    /// Called once on the loop thread if the client disconnects before the response finished.
    var onClose: (() -> Void)? { get set }
    /// True once the connection is closed or the response finished.
    var isFinished: Bool { get }
}

/// Called on the event-loop thread for each request (never concurrently for one loop).
public protocol HTTPHandler: AnyObject {
    func handle(_ request: HTTPRequest, responder: HTTPResponder)
}
