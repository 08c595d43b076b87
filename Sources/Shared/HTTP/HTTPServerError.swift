/// Why `HTTPServer.start()` failed. Nothing a client sends produces one of these.
public enum HTTPServerError: Error, Sendable, CustomStringConvertible {
    /// `start()` was called on a server that is already running or was shut down.
    case alreadyStarted
    /// The configuration cannot work (e.g. `loopCount < 1`, a port outside 0...65535); the text says which field.
    case invalidConfiguration(String)
    /// `host` did not resolve to an address (`getaddrinfo` failed with `message`).
    case addressResolution(host: String, message: String)
    /// Creating or configuring the listening socket failed (`socket`, `setsockopt`).
    case socket(SystemError)
    /// `bind` failed, e.g. EADDRINUSE for a port another process holds, EACCES for a privileged port.
    case bind(host: String, port: Int, SystemError)
    /// `listen` failed.
    case listen(SystemError)
    /// An event loop (epoll/eventfd) or its thread could not be created.
    case eventLoop(SystemError)

    public var description: String {
        switch self {
        case .alreadyStarted: return "HTTP server already started"
        case .invalidConfiguration(let what): return "invalid HTTP server configuration: \(what)"
        case .addressResolution(let host, let message): return "cannot resolve \(host): \(message)"
        case .socket(let e): return "cannot create listening socket: \(e)"
        case .bind(let host, let port, let e): return "cannot bind \(host):\(port): \(e)"
        case .listen(let e): return "cannot listen: \(e)"
        case .eventLoop(let e): return "cannot start event loop: \(e)"
        }
    }
}
