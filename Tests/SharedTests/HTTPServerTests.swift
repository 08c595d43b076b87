import Testing
import Shared
#if canImport(Glibc)
import Glibc
#endif

/// The server over real sockets: keep-alive, pipelining, bodies both ways, streaming, HEAD, 1xx/204/304.
@Suite struct HTTPServerTests {
    @Test func keepAliveServesSeveralRequestsOnOneConnection() throws {
        let s = try TestServer()
        defer { s.stop() }
        let c = try s.client()
        for _ in 0..<5 {
            c.send("GET /hello HTTP/1.1\r\nHost: test\r\n\r\n")
            let r = try c.readResponse()
            #expect(r.status == 200)
            #expect(r.bodyText == "Hello, World!")
            #expect(r.header("content-length") == "13")
            #expect(r.header("date")?.hasSuffix(" GMT") == true)
            #expect(!r.closes)
        }
        #expect(s.probe.value("requests") == 5)
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() throws {
        let s = try TestServer()
        defer { s.stop() }
        let c = try s.client()
        // The first request answers asynchronously after 100 ms; the others could answer at once.
        c.send("GET /slow?ms=100&id=1 HTTP/1.1\r\nHost: t\r\n\r\n"
            + "POST /echo?id=2 HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabc"
            + "GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        let r1 = try c.readResponse()
        let r2 = try c.readResponse()
        let r3 = try c.readResponse()
        #expect(r1.bodyText == "slow 1")
        #expect(r2.header("x-target") == "/echo?id=2")
        #expect(r2.bodyText == "abc")
        #expect(r3.bodyText == "Hello, World!")
    }

    @Test func pipelinedSynchronousResponsesShareTheConnection() throws {
        let s = try TestServer()
        defer { s.stop() }
        let c = try s.client()
        c.send(String(repeating: "GET /hello HTTP/1.1\r\nHost: t\r\n\r\n", count: 50))
        for _ in 0..<50 {
            #expect(try c.readResponse().bodyText == "Hello, World!")
        }
    }

    @Test func contentLengthBodyArrivingInPieces() throws {
        let s = try TestServer()
        defer { s.stop() }
        let c = try s.client()
        c.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\nX-Custom: yes\r\n\r\n01")
        usleep(20_000)
        c.send("234")
        usleep(20_000)
        c.send("56789")
        let r = try c.readResponse()
        #expect(r.status == 200)
        #expect(r.bodyText == "0123456789")
        #expect(r.header("x-method") == "POST")
        #expect(r.header("x-custom") == "yes")
        #expect(r.header("x-remote") == "127.0.0.1")
    }

    @Test func largeBodyIsEchoed() throws {
        let s = try TestServer()
        defer { s.stop() }
        let c = try s.client()
        let body = (0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        c.send("PUT /echo HTTP/1.1\r\nHost: t\r\nContent-Length: \(body.count)\r\n\r\n")
        c.send(body)
        let r = try c.readResponse()
        #expect(r.status == 200)
        #expect(r.body == body)
    }

    @Test func chunkedRequestBodyIsDechunked() throws {
        let s = try TestServer()
        defer { s.stop() }
        let c = try s.client()
        c.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel")
        usleep(10_000)
        c.send("lo\r\n1;ext=\"v\"\r\n \r\nA  \r\n, chunked!\r\n0\r\nX-Trailer: 1\r\n\r\n")
        let r = try c.readResponse()
        #expect(r.status == 200)
        #expect(r.bodyText == "hello , chunked!")
        // The connection is still usable: the trailer was consumed exactly.
        c.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try c.readResponse().bodyText == "Hello, World!")
    }

    @Test func streamedResponseIsChunkedForHTTP11() throws {
        let s = try TestServer()
        defer { s.stop() }
        let c = try s.client()
        c.send("GET /stream?chunks=3 HTTP/1.1\r\nHost: t\r\n\r\n")
        let r = try c.readResponse()
        #expect(r.header("transfer-encoding") == "chunked")
        #expect(r.header("content-length") == nil)
        #expect(r.bodyText == "chunk 0\nchunk 1\nchunk 2\n")
        c.send("GET /stream-async HTTP/1.1\r\nHost: t\r\n\r\n")
        let r2 = try c.readResponse()
        #expect(r2.bodyText == "part 0\npart 1\npart 2\npart 3\npart 4\n")
        c.send("GET /fixed-stream HTTP/1.1\r\nHost: t\r\n\r\n")
        let r3 = try c.readResponse()
        #expect(r3.header("content-length") == "10")
        #expect(r3.header("transfer-encoding") == nil)
        #expect(r3.bodyText == "0123456789")
        c.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try c.readResponse().bodyText == "Hello, World!")
    }

    @Test func streamedResponseIsCloseDelimitedForHTTP10() throws {
        let s = try TestServer()
        defer { s.stop() }
        let c = try s.client()
        c.send("GET /stream?chunks=2 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        let r = try c.readResponse()
        #expect(r.header("transfer-encoding") == nil)
        #expect(r.closes)
        #expect(r.bodyText == "chunk 0\nchunk 1\n")
    }

    @Test func backpressureStopsWritesUntilTheClientReads() throws {
        let s = try TestServer()
        defer { s.stop() }
        let c = try s.client(receiveTimeout: 10)
        let megabytes = 48  // far more than the loopback socket buffers hold
        c.send("GET /backpressure?mb=\(megabytes) HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(s.probe.wait(for: "bp-false"))
        // The client is not reading: the stream must be parked, not finished.
        usleep(300_000)
        let parkedFalse = s.probe.value("bp-false")
        let parkedWritable = s.probe.value("bp-writable")
        #expect(s.probe.value("bp-done") == 0)
        usleep(100_000)
        #expect(s.probe.value("bp-false") == parkedFalse)
        #expect(s.probe.value("bp-writable") == parkedWritable)
        // Now read everything: onWritable resumes the stream until it completes.
        let r = try c.readResponse()
        #expect(r.body.count == megabytes << 20)
        #expect(r.body.allSatisfy { $0 == UInt8(ascii: "x") })
        #expect(s.probe.wait(for: "bp-done"))
        #expect(s.probe.value("bp-writable") > parkedWritable)
        #expect(s.probe.value("bp-false") >= 1)
    }

    @Test func clientDisconnectMidStreamFiresOnClose() throws {
        let s = try TestServer()
        defer { s.stop() }
        do {
            let c = try s.client()
            c.send("GET /forever HTTP/1.1\r\nHost: t\r\n\r\n")
            var got: [UInt8] = []
            var buf = [UInt8](repeating: 0, count: 4096)
            while got.count < 200 {
                let n = recv(c.fd, &buf, buf.count, 0)
                guard n > 0 else { break }
                got += buf[0..<n]
            }
            #expect(String(decoding: got, as: UTF8.self).contains("tick"))
        }  // RawClient closes its socket here
        #expect(s.probe.wait(for: "forever-closed"))
        #expect(try s.get("/hello").status == 200)
    }

    @Test func headResponseHasLengthButNoBody() throws {
        let s = try TestServer()
        defer { s.stop() }
        let c = try s.client()
        c.send("HEAD /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        let r = try c.readResponse(isHead: true)
        #expect(r.status == 200)
        #expect(r.header("content-length") == "13")
        #expect(!c.hasBufferedBytes)
        c.send("HEAD /stream HTTP/1.1\r\nHost: t\r\n\r\n")
        let r2 = try c.readResponse(isHead: true)
        #expect(r2.header("transfer-encoding") == nil)
        // The next response starts right after the heads: no body bytes were sent.
        c.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try c.readResponse().bodyText == "Hello, World!")
    }

    @Test(arguments: [204, 304])
    func statusWithoutBody(status: Int) throws {
        let s = try TestServer()
        defer { s.stop() }
        let c = try s.client()
        c.send("GET /status?code=\(status) HTTP/1.1\r\nHost: t\r\n\r\nGET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        let r = try c.readResponse()
        #expect(r.status == status)
        #expect(r.header("content-length") == nil)
        #expect(r.header("transfer-encoding") == nil)
        let next = try c.readResponse()
        #expect(next.bodyText == "Hello, World!")
    }

    @Test func http10ClosesUnlessKeepAliveIsAsked() throws {
        let s = try TestServer()
        defer { s.stop() }
        let plain = try s.client()
        plain.send("GET /echo HTTP/1.0\r\n\r\n")
        let r = try plain.readResponse()
        #expect(r.status == 200)
        #expect(r.header("x-version") == "1.0")
        #expect(r.closes)
        #expect(plain.waitForClose())

        let keep = try s.client()
        keep.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        let k1 = try keep.readResponse()
        #expect(k1.header("connection")?.lowercased() == "keep-alive")
        keep.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        #expect(try keep.readResponse().bodyText == "Hello, World!")
    }

    @Test func connectionCloseIsHonouredBothWays() throws {
        let s = try TestServer()
        defer { s.stop() }
        let asked = try s.client()
        asked.send("GET /hello HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
        #expect(try asked.readResponse().closes)
        #expect(asked.waitForClose())

        let byHandler = try s.client()
        byHandler.send("GET /close HTTP/1.1\r\nHost: t\r\n\r\n")
        let r = try byHandler.readResponse()
        #expect(r.closes)
        #expect(r.bodyText == "bye")
        #expect(byHandler.waitForClose())
    }

    @Test func expectContinueGetsInterimResponse() throws {
        let s = try TestServer()
        defer { s.stop() }
        let c = try s.client()
        c.send("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")
        let interim = try c.readResponse()
        #expect(interim.status == 100)
        c.send("hello")
        let r = try c.readResponse()
        #expect(r.status == 200)
        #expect(r.bodyText == "hello")
    }

    @Test func bareLineFeedsAreTolerated() throws {
        let s = try TestServer()
        defer { s.stop() }
        let c = try s.client()
        c.send("POST /echo HTTP/1.1\nHost: t\nTransfer-Encoding: chunked\n\n3\nabc\n0\n\n")
        let r = try c.readResponse()
        #expect(r.status == 200)
        #expect(r.bodyText == "abc")
    }

    @Test func handlersAreMadeOnTheirLoopThreads() throws {
        let s = try TestServer { $0.loopCount = 3 }
        #expect(s.probe.wait(for: "handlers", atLeast: 3))
        #expect(s.probe.value("handler-on-own-loop") == 3)
        #expect(s.server.loops.map(\.index) == [0, 1, 2])
        s.stop()
        #expect(s.probe.value("handlers-released") == 3)
    }
}
