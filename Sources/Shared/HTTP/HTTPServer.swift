import CSysShim
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// HTTP/1.1 server: `loopCount` event loops, each on its own thread (known stack size) with its own
/// `SO_REUSEPORT` listener, so the kernel spreads connections and no request ever changes thread.
///
/// ```swift
/// try ProcessSignals.block()                       // before any thread exists
/// let server = HTTPServer(configuration: config) { loop in MyHandler(loop: loop) }
/// try server.start()
/// _ = ProcessSignals.wait()                        // SIGTERM / SIGINT / SIGHUP
/// server.shutdown(gracePeriod: .seconds(10))
/// server.wait()
/// ```
public final class HTTPServer: Sendable {
    public let configuration: HTTPServerConfiguration
    private let makeHandler: @Sendable (EventLoop) -> HTTPHandler

    private enum Phase {
        case idle
        case running
        case stopped
    }
    private struct State {
        var phase = Phase.idle
        var port = 0
        var loops: [HTTPServerLoop] = []
        var threads: [NativeThread] = []
    }
    private let state = Mutex(State())

    /// - Parameters:
    ///   - configuration: addresses, limits, timeouts.
    ///   - makeHandler: called once **on each loop thread** when that loop starts; the handler it returns
    ///     is used only on that thread (per-loop state such as V8 isolates stays thread-affine). It is
    ///     called from several threads concurrently, hence `@Sendable`.
    public init(configuration: HTTPServerConfiguration = HTTPServerConfiguration(),
                makeHandler: @escaping @Sendable (EventLoop) -> HTTPHandler) {
        self.configuration = configuration
        self.makeHandler = makeHandler
    }

    /// The bound TCP port (the kernel's choice when `configuration.port` was 0); 0 before `start()`.
    public var port: Int { state.withLock { $0.port } }

    /// The server's event loops (empty before `start()`); use `execute` to reach one from outside.
    public var loops: [EventLoop] { state.withLock { $0.loops.map(\.loop) } }

    /// Binds one listener per loop and starts the loop threads. Returns once all are bound; requests
    /// that arrive before a loop's handler exists wait in the listen backlog.
    /// - Throws: `HTTPServerError` (bad configuration, resolution/bind/listen failures, thread creation).
    public func start() throws(HTTPServerError) {
        let config = configuration
        guard config.loopCount >= 1 else { throw .invalidConfiguration("loopCount must be at least 1") }
        guard (0...65535).contains(config.port) else { throw .invalidConfiguration("port must be in 0...65535") }
        guard config.maxHeaderBytes > 0, config.maxRequestLineBytes > 0, config.maxBodyBytes >= 0 else {
            throw .invalidConfiguration("size limits must be positive")
        }
        guard config.threadStackSize >= 64 * 1024 else {
            throw .invalidConfiguration("threadStackSize must be at least 64 KiB")
        }
        try state.withLock { (s: inout State) throws(HTTPServerError) in
            guard s.phase == .idle else { throw .alreadyStarted }
            s.phase = .running
        }

        var serverLoops: [HTTPServerLoop] = []
        var port = config.port
        // The per-loop listeners share the port through SO_REUSEPORT, which would also let a second
        // process (a second runner started by mistake) share it and take half the traffic: refuse a port
        // that something already listens on.
        if port != 0 && csys_tcp_port_is_free(config.host, Int32(port)) != 0 {
            let code = errno
            state.withLock { $0.phase = .idle }
            throw .bind(host: config.host, port: port, SystemError("bind", code: code))
        }
        do throws(HTTPServerError) {
            let loopConfig = HTTPLoopConfig(config)
            for i in 0..<config.loopCount {
                let fd = try Self.listen(host: config.host, port: port, backlog: config.backlog, boundPort: &port)
                let loop: EventLoop
                do {
                    loop = try EventLoop(index: i)
                } catch {
                    close(fd)
                    throw HTTPServerError.eventLoop(error)
                }
                serverLoops.append(HTTPServerLoop(loop: loop, listenFD: fd, config: loopConfig))
            }
        } catch {
            state.withLock { $0.phase = .idle }
            throw error
        }

        var threads: [NativeThread] = []
        let makeHandler = self.makeHandler
        for serverLoop in serverLoops {
            do {
                threads.append(try NativeThread.start(stackSize: config.threadStackSize) {
                    serverLoop.run(makeHandler: makeHandler)
                })
            } catch {
                // Stop what already runs; the listeners of loops that never ran close with them.
                for started in serverLoops.prefix(threads.count) {
                    started.loop.execute { started.beginShutdown(graceNanoseconds: 0) }
                }
                for t in threads { t.join() }
                state.withLock { $0.phase = .idle }
                throw .eventLoop(error)
            }
        }
        state.withLock {
            $0.port = port
            $0.loops = serverLoops
            $0.threads = threads
        }
    }

    /// Graceful shutdown, callable from any thread (typically after `ProcessSignals.wait()`): every loop
    /// closes its listener (new connections are refused), closes idle keep-alive connections, lets
    /// in-flight requests finish with `connection: close`, and force-closes what is left after
    /// `gracePeriod`. Then the loop threads exit; `wait()` returns.
    public func shutdown(gracePeriod: Duration = .seconds(10)) {
        let loops: [HTTPServerLoop] = state.withLock { s in
            if s.phase == .idle { s.phase = .stopped }
            return s.loops
        }
        let grace = max(0, gracePeriod.nanoseconds)
        for serverLoop in loops {
            serverLoop.loop.execute { serverLoop.beginShutdown(graceNanoseconds: grace) }
        }
    }

    /// Blocks until every loop thread exited (after `shutdown`). Returns at once if never started.
    public func wait() {
        let threads = state.withLock { $0.threads }
        for t in threads { t.join() }
        state.withLock { $0.phase = .stopped }
    }

    private static func listen(host: String, port: Int, backlog: Int, boundPort: inout Int) throws(HTTPServerError) -> Int32 {
        var bound: Int32 = 0
        var step: Int32 = 0
        var gaiError: Int32 = 0
        let fd = csys_tcp_listen(host, Int32(port), Int32(clamping: backlog), &bound, &step, &gaiError)
        guard fd < 0 else {
            boundPort = Int(bound)
            return fd
        }
        let code = errno
        switch Int(step) {
        case Int(CSYS_LISTEN_RESOLVE):
            throw .addressResolution(host: host, message: String(cString: csys_gai_strerror(gaiError)))
        case Int(CSYS_LISTEN_SOCKET):
            throw .socket(SystemError("socket", code: code))
        case Int(CSYS_LISTEN_SETSOCKOPT):
            throw .socket(SystemError("setsockopt", code: code))
        case Int(CSYS_LISTEN_BIND):
            throw .bind(host: host, port: port, SystemError("bind", code: code))
        default:
            throw .listen(SystemError("listen", code: code))
        }
    }
}
