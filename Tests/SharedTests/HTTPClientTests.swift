import Shared
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// What one transfer produced, gathered on the client's loop.
struct ClientOutcome: Sendable {
    var status = 0
    var statusText = ""
    var headers: [String] = []   // "name: value"
    var body: [UInt8] = []
    var error: HTTPClientError?
    var bodyError: HTTPClientError?
    var text: String { String(decoding: body, as: UTF8.self) }
}

/// A loop thread with one HTTPClient (created on the loop).
final class ClientHarness: @unchecked Sendable {
    // Safety: `client` is only touched on the loop thread.
    let loop: EventLoop
    private var client: HTTPClient?
    private let thread: NativeThread

    init(configuration: HTTPClientConfiguration = HTTPClientConfiguration()) throws {
        let loop = try EventLoop(index: 0)
        self.loop = loop
        thread = try NativeThread.start(stackSize: 1 << 20) { loop.run() }
        let ready = Mutex(false)
        loop.execute { [self] in
            client = try? HTTPClient(loop: loop, configuration: configuration)
            ready.withLock { $0 = true }
        }
        while !ready.withLock({ $0 }) { usleep(1000) }
    }

    /// The client's counters (read on the loop).
    func stats() async -> HTTPClient.Stats {
        await withCheckedContinuation { cont in loop.execute { [self] in cont.resume(returning: client!.stats) } }
    }

    func stop() {
        loop.execute { [self] in client = nil }
        loop.stop()
        thread.join()
    }

    /// Runs `request` to its end; `cancelAfterHead` aborts it once the head arrived.
    /// `slowReader` drains the body only every 20 ms (so the transfer's buffer fills up).
    func run(_ request: HTTPClientRequest, cancelAfterHead: Bool = false, slowReader: Bool = false) async -> ClientOutcome {
        await withCheckedContinuation { (cont: CheckedContinuation<ClientOutcome, Never>) in
            loop.execute { [self] in
                var outcome = ClientOutcome()
                let transfer: HTTPClientTransfer
                do {
                    transfer = try client!.start(request)
                } catch {
                    outcome.error = error as? HTTPClientError
                    cont.resume(returning: outcome)
                    return
                }
                transfer.onHead = { result in
                    switch result {
                    case .success(let head):
                        outcome.status = head.status
                        outcome.statusText = head.statusText
                        outcome.headers = head.headers.map { "\($0.name): \($0.value)" }
                        if cancelAfterHead {
                            transfer.cancel()
                            cont.resume(returning: outcome)
                        }
                    case .failure(let error):
                        outcome.error = error
                        cont.resume(returning: outcome)
                    }
                }
                var waiting = false
                var drain: () -> Void = {}
                transfer.onBody = {
                    if slowReader {
                        // Drain only from the 20 ms timer, never straight from the callback.
                        if !waiting {
                            waiting = true
                            self.loop.schedule(afterNanoseconds: 20_000_000) { waiting = false; drain() }
                        }
                        return
                    }
                    drain()
                }
                drain = {
                    while true {
                        switch transfer.read() {
                        case .bytes(let b): outcome.body += b
                        case .pending: return
                        case .end: cont.resume(returning: outcome); return
                        case .failed(let e): outcome.bodyError = e; cont.resume(returning: outcome); return
                        }
                    }
                }
            }
        }
    }
}

@Suite("HTTPClient", .serialized)
struct HTTPClientTests {
    @Test func getAndStreamAndErrors() async throws {
        let server = try TestServer()
        defer { server.stop() }
        let harness = try ClientHarness()
        defer { harness.stop() }
        let base = "http://127.0.0.1:\(server.port)"

        let hello = await harness.run(HTTPClientRequest(url: base + "/hello"))
        #expect(hello.status == 200)
        #expect(hello.statusText == "OK")
        #expect(hello.text == "Hello, World!")
        #expect(hello.headers.contains("content-type: text/plain"))

        let echo = await harness.run(HTTPClientRequest(method: "POST", url: base + "/echo",
                                                       headers: [("X-Custom", "v")], body: Array("payload".utf8)))
        #expect(echo.text == "payload")
        #expect(echo.headers.contains("x-method: POST"))
        #expect(echo.headers.contains("x-custom: v"))

        let stream = await harness.run(HTTPClientRequest(url: base + "/stream-async"))
        #expect(stream.text == "part 0\npart 1\npart 2\npart 3\npart 4\n")

        // 32 MiB through a 256 KiB buffer read only every 20 ms: the transfer pauses and resumes.
        let big = await harness.run(HTTPClientRequest(url: base + "/backpressure?mb=4"), slowReader: true)
        #expect(big.body.count == 4 << 20)
        #expect(await harness.stats().pauses > 0)

        let slow = await harness.run(HTTPClientRequest(url: base + "/slow?ms=2000", timeout: .milliseconds(100)))
        #expect(slow.error?.code == .timeout)

        let refused = await harness.run(HTTPClientRequest(url: "http://127.0.0.1:1/"))
        #expect(refused.error?.code == .connect)

        let ftp = await harness.run(HTTPClientRequest(url: "ftp://127.0.0.1/"))
        #expect(ftp.error?.code == .unsupportedScheme)

        let cancelled = await harness.run(HTTPClientRequest(url: base + "/forever"), cancelAfterHead: true)
        #expect(cancelled.status == 200)
        #expect(server.probe.wait(for: "forever-closed"))

        // The connection is reused: 20 sequential requests open at most one new connection.
        let before = await harness.stats().connectionsOpened
        for _ in 0..<20 {
            let r = await harness.run(HTTPClientRequest(url: base + "/hello"))
            #expect(r.text == "Hello, World!")
        }
        #expect(await harness.stats().connectionsOpened - before <= 1)
    }
}
