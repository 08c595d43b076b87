/// What `HTTPClient.start` sends.
public struct HTTPClientRequest: Sendable {
    /// How 3xx responses with a `Location` are handled (Fetch "redirect mode").
    public enum RedirectMode: Sendable, Equatable {
        /// Follow up to `HTTPClientConfiguration.maxRedirects` hops with Fetch's method rules
        /// (301/302 POST → GET, 303 → GET except HEAD, 307/308 keep method and body).
        case follow
        /// Hand the 3xx response back as it is.
        case manual
        /// A redirect is an error (`HTTPClientError.Code.redirectNotAllowed`).
        case error
    }

    public var method: String
    /// Absolute `http:` or `https:` URL (ASCII; the caller parses and serialises it).
    public var url: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]?
    public var redirect: RedirectMode
    /// Overrides `HTTPClientConfiguration.timeout` for this request (nil: the configured one).
    public var timeout: Duration?

    public init(method: String = "GET", url: String, headers: [(name: String, value: String)] = [],
                body: [UInt8]? = nil, redirect: RedirectMode = .follow, timeout: Duration? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.redirect = redirect
        self.timeout = timeout
    }
}

/// The response status line and header fields, delivered once the head is complete.
public struct HTTPClientResponseHead: Sendable {
    public var status: Int
    /// The reason phrase (empty for HTTP/2).
    public var statusText: String
    /// Field names lower-cased, in arrival order; repeated fields (e.g. `set-cookie`) stay separate.
    /// When libcurl decoded the body (gzip, deflate, br, zstd), `content-encoding` and
    /// `content-length` are removed: they described the bytes on the wire, not the body delivered.
    public var headers: [(name: String, value: String)]
    /// The URL of the response (the last hop after redirects).
    public var url: String
    /// At least one redirect was followed.
    public var redirected: Bool
}

/// Why a transfer failed. `code` is for programs; `message` is libcurl's detail for logs.
public struct HTTPClientError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// The URL could not be used (malformed, or no host).
        case invalidURL
        /// Not `http:` or `https:` (also for a redirect to another scheme).
        case unsupportedScheme
        /// The host name could not be resolved.
        case dns
        /// The TCP connection was refused or could not be made.
        case connect
        /// The connect timeout or the overall timeout passed.
        case timeout
        /// More than `maxRedirects` redirects.
        case tooManyRedirects
        /// A redirect arrived and the request's mode is `.error`.
        case redirectNotAllowed
        /// TLS handshake or certificate failure.
        case tls
        /// Sending the request failed (connection reset, …).
        case send
        /// Receiving the response failed (reset, empty reply, truncated body).
        case receive
        /// The server's reply was not valid HTTP, or the content coding could not be decoded.
        case protocolError
        /// Anything else libcurl reported (see `message`).
        case other
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}

/// The result of `HTTPClientTransfer.read()`.
public enum HTTPClientBodyRead: Sendable {
    /// Bytes of the (decoded) body, in order; never empty.
    case bytes([UInt8])
    /// The body ended; nothing more will come.
    case end
    /// The transfer failed after the head was delivered.
    case failed(HTTPClientError)
    /// Nothing buffered yet: `onBody` fires when there is.
    case pending
}

/// Settings of one `HTTPClient` (all defaults documented).
public struct HTTPClientConfiguration: Sendable {
    /// Time to establish a connection (TCP + TLS). Default 10 s.
    public var connectTimeout: Duration = .seconds(10)
    /// Whole-transfer time limit (0 = none; the default, since the caller's own limits apply — the
    /// runtime's wall clock). Per request: `HTTPClientRequest.timeout`.
    public var timeout: Duration = .zero
    /// Redirects followed in `.follow` mode before `tooManyRedirects`. Default 20 (Fetch).
    public var maxRedirects = 20
    /// Body bytes buffered per transfer before it is paused until the consumer reads. Default 256 KiB.
    public var bodyHighWater = 256 * 1024
    /// Idle connections kept for reuse (libcurl's connection cache). Default 64.
    public var maxCachedConnections = 64

    public init() {}
}
