import Shared
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Counters the test handler bumps on loop threads and tests read from their own thread.
final class Probe: Sendable {
    private let counters = Mutex<[String: Int]>([:])

    func bump(_ key: String, by n: Int = 1) {
        counters.withLock { $0[key, default: 0] += n }
    }

    func value(_ key: String) -> Int {
        counters.withLock { $0[key, default: 0] }
    }

    /// Polls until `key` reaches `atLeast` or `timeout` seconds pass; returns whether it did.
    func wait(for key: String, atLeast: Int = 1, timeout: Double = 5) -> Bool {
        let deadline = EventLoop.now() + Int64(timeout * 1e9)
        while EventLoop.now() < deadline {
            if value(key) >= atLeast { return true }
            usleep(2_000)
        }
        return value(key) >= atLeast
    }
}

/// A real server on 127.0.0.1, port 0, with `TestHandler`; `stop()` shuts it down and waits.
final class TestServer {
    let server: HTTPServer
    let probe = Probe()
    let port: Int

    init(_ configure: (inout HTTPServerConfiguration) -> Void = { _ in }) throws {
        var config = HTTPServerConfiguration()
        config.loopCount = 2
        config.threadStackSize = 1 << 20
        configure(&config)
        let probe = self.probe
        server = HTTPServer(configuration: config) { loop in TestHandler(loop: loop, probe: probe) }
        try server.start()
        port = server.port
    }

    func client(receiveTimeout: Double = 5) throws -> RawClient {
        try RawClient(port: port, receiveTimeout: receiveTimeout)
    }

    /// One request on a fresh connection.
    func get(_ target: String) throws -> RawResponse {
        let c = try client()
        c.send("GET \(target) HTTP/1.1\r\nHost: test\r\n\r\n")
        return try c.readResponse()
    }

    func stop() {
        server.shutdown(gracePeriod: .seconds(2))
        server.wait()
    }
}

/// Test endpoints, one handler per loop (created on the loop thread).
final class TestHandler: HTTPHandler {
    let loop: EventLoop
    let probe: Probe

    init(loop: EventLoop, probe: Probe) {
        self.loop = loop
        self.probe = probe
        probe.bump("handlers")
        if EventLoop.current === loop { probe.bump("handler-on-own-loop") }
    }

    deinit {
        probe.bump("handlers-released")
    }

    func handle(_ request: HTTPRequest, responder: HTTPResponder) {
        let (path, query) = Self.split(request.target)
        probe.bump("requests")
        switch path {
        case "/hello":
            responder.respond(status: 200, headers: [("content-type", "text/plain")], body: Array("Hello, World!".utf8))
        case "/echo":
            responder.respond(status: 200, headers: [
                ("x-method", request.method),
                ("x-target", request.target),
                ("x-version", "1.\(request.versionMinor)"),
                ("x-remote", request.remoteAddress),
                ("x-header-count", "\(request.headers.count)"),
                ("x-custom", request.header("X-Custom") ?? "-"),
            ], body: request.body)
        case "/status":
            let status = Int(query["code"] ?? "") ?? 200
            responder.respond(status: status, headers: [("x-status", "\(status)")], body: Array("must not be sent".utf8))
        case "/close":
            responder.respond(status: 200, headers: [("connection", "close")], body: Array("bye".utf8))
        case "/slow":
            let ms = Int64(query["ms"] ?? "") ?? 100
            let id = query["id"] ?? "-"
            probe.bump("slow-started")
            loop.schedule(afterNanoseconds: ms * 1_000_000) {
                responder.respond(status: 200, headers: [], body: Array("slow \(id)".utf8))
            }
        case "/stream":
            let chunks = Int(query["chunks"] ?? "") ?? 3
            responder.startStream(status: 200, headers: [("content-type", "text/plain")])
            for i in 0..<chunks { responder.write(Array("chunk \(i)\n".utf8)) }
            responder.end(error: false)
        case "/stream-async":
            responder.startStream(status: 200, headers: [])
            streamAsync(responder, remaining: 5)
        case "/fixed-stream":
            responder.startStream(status: 200, headers: [("content-length", "10")])
            responder.write(Array("01234".utf8))
            loop.schedule(afterNanoseconds: 5_000_000) {
                responder.write(Array("56789".utf8))
                responder.end(error: false)
            }
        case "/backpressure":
            let total = (Int(query["mb"] ?? "") ?? 32) << 20
            responder.startStream(status: 200, headers: [])
            let pump = BackpressurePump(responder: responder, total: total, probe: probe)
            responder.onWritable = { [pump] in
                pump.probe.bump("bp-writable")
                pump.run()
            }
            responder.onClose = { [probe] in probe.bump("bp-closed") }
            pump.run()
        case "/forever":
            responder.startStream(status: 200, headers: [])
            responder.onClose = { [probe] in probe.bump("forever-closed") }
            tick(responder)
        default:
            responder.respond(status: 200, headers: [], body: Array("ok".utf8))
        }
    }

    private func streamAsync(_ responder: HTTPResponder, remaining: Int) {
        loop.schedule(afterNanoseconds: 2_000_000) { [self] in
            if remaining == 0 {
                responder.end(error: false)
                return
            }
            responder.write(Array("part \(5 - remaining)\n".utf8))
            streamAsync(responder, remaining: remaining - 1)
        }
    }

    private func tick(_ responder: HTTPResponder) {
        guard !responder.isFinished else { return }
        responder.write(Array("tick\n".utf8))
        loop.schedule(afterNanoseconds: 5_000_000) { [self] in tick(responder) }
    }

    static func split(_ target: String) -> (String, [String: String]) {
        guard let q = target.firstIndex(of: "?") else { return (target, [:]) }
        var query: [String: String] = [:]
        for pair in target[target.index(after: q)...].split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1)
            query[String(kv[0])] = kv.count > 1 ? String(kv[1]) : ""
        }
        return (String(target[..<q]), query)
    }
}

/// Writes `total` bytes in 64 KiB chunks, stopping whenever `write` returns false until `onWritable`.
final class BackpressurePump {
    let responder: HTTPResponder
    let total: Int
    let probe: Probe
    var written = 0
    let chunk = [UInt8](repeating: UInt8(ascii: "x"), count: 64 * 1024)

    init(responder: HTTPResponder, total: Int, probe: Probe) {
        self.responder = responder
        self.total = total
        self.probe = probe
    }

    func run() {
        while written < total {
            written += chunk.count
            if !responder.write(chunk) {
                probe.bump("bp-false")
                return
            }
        }
        responder.onWritable = nil
        responder.end(error: false)
        probe.bump("bp-done")
    }
}
