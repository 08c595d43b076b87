import CSysShim
#if canImport(Glibc)
import Glibc
#endif

/// Configuration values converted once for the hot path (nanoseconds, plain Ints).
struct HTTPLoopConfig {
    let maxHeaderBytes: Int
    let maxRequestLineBytes: Int
    let maxBodyBytes: Int
    let headerTimeoutNs: Int64
    let idleTimeoutNs: Int64
    let bodyTimeoutNs: Int64
    let lingerTimeoutNs: Int64
    let writeHighWater: Int
    let writeLowWater: Int
    /// Pipelined input buffered while a response is in progress before reading pauses.
    let pipelineLimit: Int

    init(_ c: HTTPServerConfiguration) {
        maxHeaderBytes = c.maxHeaderBytes
        maxRequestLineBytes = c.maxRequestLineBytes
        maxBodyBytes = c.maxBodyBytes
        headerTimeoutNs = c.headerTimeout.nanoseconds
        idleTimeoutNs = c.idleTimeout.nanoseconds
        bodyTimeoutNs = c.bodyTimeout.nanoseconds
        lingerTimeoutNs = c.lingerTimeout.nanoseconds
        writeHighWater = c.writeHighWater
        writeLowWater = min(c.writeLowWater, c.writeHighWater)
        pipelineLimit = c.maxHeaderBytes + 64 * 1024
    }
}

/// The server's state on one event loop: its listener, its connections, its handler, the coalesced
/// flush list and the shared read buffer. Created by `HTTPServer.start()`, used only on its loop thread.
final class HTTPServerLoop: EventLoopFDHandler, @unchecked Sendable {
    // Safety: after init (on the starting thread, before the loop thread exists) every member is used
    // only on `loop`'s thread: `HTTPServer` reaches it solely through `loop.execute`.

    let loop: EventLoop
    let config: HTTPLoopConfig
    private(set) var handler: HTTPHandler?
    private var listenFD: Int32
    private(set) var draining = false
    var encoder = HTTPResponseEncoder()

    /// Open connections (index = `HTTPConnection.registryIndex`).
    private var connections: [HTTPConnection] = []
    private var flushQueue: [HTTPConnection] = []
    private var flushing: [HTTPConnection] = []
    private var acceptPaused = false

    /// Read buffer shared by all connections of this loop (one read at a time on a loop).
    let scratch: UnsafeMutableRawPointer
    let scratchSize = 64 * 1024
    private let addressBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: 64)

    init(loop: EventLoop, listenFD: Int32, config: HTTPLoopConfig) {
        self.loop = loop
        self.listenFD = listenFD
        self.config = config
        scratch = UnsafeMutableRawPointer.allocate(byteCount: scratchSize, alignment: 16)
    }

    deinit {
        scratch.deallocate()
        addressBuffer.deallocate()
        if listenFD >= 0 { close(listenFD) }
    }

    /// Thread body: builds the handler on this thread, starts accepting, runs the loop until shutdown.
    func run(makeHandler: @Sendable (EventLoop) -> HTTPHandler) {
        csys_tls_loop_set(Unmanaged.passUnretained(loop).toOpaque())
        handler = makeHandler(loop)
        loop.addBeforeWaitHook { [unowned self] in flushQueued() }
        loop.onExit { [unowned self] in
            // Still on the loop thread with the loop current: connections can unregister, and the
            // handler is released on the thread that made it.
            for c in connections { c.abort() }
            connections = []
            flushQueue = []
            closeListener()
            handler = nil
        }
        do {
            try loop.register(fd: listenFD, events: .readable, handler: self)
        } catch {
            // Cannot happen for a fresh epoll set and a valid fd; without a listener the loop only drains.
            closeListener()
        }
        loop.run()
    }

    // MARK: - Accepting

    func handleEvents(_ events: IOEvents) {
        for _ in 0..<64 {
            let fd = csys_accept_tcp(listenFD, addressBuffer, 64)
            if fd < 0 {
                switch errno {
                case EINTR, ECONNABORTED, EPROTO:
                    continue
                case EMFILE, ENFILE, ENOBUFS, ENOMEM:
                    pauseAccepting()
                    return
                default:  // EAGAIN: backlog empty
                    return
                }
            }
            let connection = HTTPConnection(fd: fd, owner: self, remoteAddress: String(cString: addressBuffer))
            do {
                try loop.register(fd: fd, events: connection.interest, handler: connection)
            } catch {
                close(fd)
                continue
            }
            connection.registryIndex = connections.count
            connections.append(connection)
            // The request often arrived with the handshake: read now instead of after another epoll_wait.
            connection.handleEvents(.readable)
        }
    }

    /// Out of descriptors or memory: stop accepting for 100 ms instead of spinning on a listener that
    /// stays readable (the pending connections wait in the backlog).
    private func pauseAccepting() {
        guard !acceptPaused, listenFD >= 0 else { return }
        acceptPaused = true
        try? loop.modify(fd: listenFD, events: [])
        loop.schedule(afterNanoseconds: 100_000_000) { [weak self] in
            guard let self, self.acceptPaused, self.listenFD >= 0 else { return }
            self.acceptPaused = false
            try? self.loop.modify(fd: self.listenFD, events: .readable)
        }
    }

    private func closeListener() {
        guard listenFD >= 0 else { return }
        loop.unregister(fd: listenFD)
        close(listenFD)
        listenFD = -1
    }

    // MARK: - Connections

    func connectionClosed(_ connection: HTTPConnection) {
        let i = connection.registryIndex
        guard i >= 0, i < connections.count, connections[i] === connection else { return }
        let last = connections.removeLast()
        if i < connections.count {
            connections[i] = last
            last.registryIndex = i
        }
        connection.registryIndex = -1
        if draining && connections.isEmpty { loop.stop() }
    }

    func queueFlush(_ connection: HTTPConnection) {
        flushQueue.append(connection)
    }

    /// Before-wait hook: one `send` per connection with output produced in this iteration.
    private func flushQueued() -> Bool {
        guard !flushQueue.isEmpty else { return false }
        swap(&flushQueue, &flushing)  // flushes may queue again; keep both buffers allocated
        for c in flushing { c.flush() }
        flushing.removeAll(keepingCapacity: true)
        // Callbacks run by the flushes (onWritable) may have queued more output: don't sleep then.
        return !flushQueue.isEmpty
    }

    // MARK: - Shutdown

    /// Stops accepting, closes idle connections, lets in-flight requests finish with
    /// `connection: close`, and force-closes whatever is left after `graceNanoseconds`.
    func beginShutdown(graceNanoseconds: Int64) {
        guard !draining else { return }
        draining = true
        closeListener()
        for c in connections { c.beginDrain() }
        if connections.isEmpty {
            loop.stop()
            return
        }
        loop.schedule(afterNanoseconds: graceNanoseconds) { [weak self] in
            guard let self else { return }
            for c in self.connections { c.abort() }
            self.loop.stop()
        }
    }
}
