/// Why a request was rejected while reading it. Each case maps to the status the client gets; the
/// connection is always closed afterwards (RFC 9112: framing can no longer be trusted).
enum HTTPParseError: Error, Equatable, Sendable {
    /// Malformed syntax or framing (400); the text names the rule that was broken.
    case badRequest(String)
    /// Request line longer than `maxRequestLineBytes` (414).
    case uriTooLong
    /// Request line + header fields (or chunked trailers) longer than `maxHeaderBytes` (431).
    case headersTooLarge
    /// Declared or de-chunked body larger than `maxBodyBytes` (413).
    case payloadTooLarge
    /// A transfer coding other than chunked (501).
    case notImplemented(String)
    /// A well-formed HTTP version other than 1.0 / 1.1 (505).
    case versionNotSupported
    /// An `Expect` value other than `100-continue` (417).
    case expectationFailed
    /// The head or body did not arrive within its timeout (408).
    case timeout

    var status: Int {
        switch self {
        case .badRequest: return 400
        case .uriTooLong: return 414
        case .headersTooLarge: return 431
        case .payloadTooLarge: return 413
        case .notImplemented: return 501
        case .versionNotSupported: return 505
        case .expectationFailed: return 417
        case .timeout: return 408
        }
    }

    /// Machine-readable error code for the JSON error body.
    var code: String {
        switch self {
        case .badRequest: return "bad_request"
        case .uriTooLong: return "uri_too_long"
        case .headersTooLarge: return "headers_too_large"
        case .payloadTooLarge: return "payload_too_large"
        case .notImplemented: return "not_implemented"
        case .versionNotSupported: return "version_not_supported"
        case .expectationFailed: return "expectation_failed"
        case .timeout: return "request_timeout"
        }
    }

    /// Human-readable reason (fixed texts, safe to echo to the client).
    var message: String {
        switch self {
        case .badRequest(let why): return why
        case .uriTooLong: return "request line too long"
        case .headersTooLarge: return "request header fields too large"
        case .payloadTooLarge: return "request body too large"
        case .notImplemented(let why): return why
        case .versionNotSupported: return "HTTP version not supported"
        case .expectationFailed: return "unsupported expectation"
        case .timeout: return "request not received in time"
        }
    }
}
