import Testing
import Shared
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Start-up errors, timeouts and graceful shutdown. Timeouts are configured small; assertions only say
/// "closed eventually" within the client's generous receive timeout, never how fast.
@Suite struct HTTPServerLifecycleTests {
    @Test func gracefulShutdownFinishesInFlightAndRefusesNewConnections() throws {
        let s = try TestServer()
        let idle = try s.client()
        idle.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try idle.readResponse().status == 200)

        let busy = try s.client()
        busy.send("GET /slow?ms=300&id=last HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(s.probe.wait(for: "slow-started"))

        s.server.shutdown(gracePeriod: .seconds(10))
        // The idle keep-alive connection is closed at once...
        #expect(idle.waitForClose())
        // ...new connections are refused once the listeners are gone...
        var refused = false
        for _ in 0..<200 where !refused {
            refused = RawClient.connectErrno(port: s.port) == ECONNREFUSED
            if !refused { usleep(10_000) }
        }
        #expect(refused)
        // ...and the in-flight request still gets its answer, with connection: close.
        let r = try busy.readResponse()
        #expect(r.status == 200)
        #expect(r.bodyText == "slow last")
        #expect(r.closes)
        #expect(busy.waitForClose())
        s.server.wait()
        #expect(s.probe.value("handlers-released") == 2)
    }

    @Test func shutdownForceClosesAfterTheGracePeriod() throws {
        let s = try TestServer()
        let c = try s.client()
        c.send("GET /forever HTTP/1.1\r\nHost: t\r\n\r\n")
        var buf = [UInt8](repeating: 0, count: 512)
        #expect(recv(c.fd, &buf, buf.count, 0) > 0)
        s.server.shutdown(gracePeriod: .milliseconds(100))
        s.server.wait()
        #expect(s.probe.value("forever-closed") == 1)
        #expect(c.waitForClose())
    }

    @Test func idleKeepAliveConnectionIsClosed() throws {
        let s = try TestServer { $0.idleTimeout = .milliseconds(200) }
        defer { s.stop() }
        let c = try s.client()
        c.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try c.readResponse().status == 200)
        #expect(c.waitForClose())
        #expect(try s.get("/hello").status == 200)
    }

    @Test func clientThatStopsReadingIsDisconnected() throws {
        let s = try TestServer { $0.idleTimeout = .milliseconds(300) }
        defer { s.stop() }
        let c = try s.client()
        c.send("GET /backpressure?mb=64 HTTP/1.1\r\nHost: t\r\n\r\n")
        // Never read: once the socket buffers are full, no write progress → the server gives up.
        #expect(s.probe.wait(for: "bp-closed", timeout: 10))
        #expect(s.probe.value("bp-done") == 0)
        #expect(c.waitForClose())
    }

    @Test func slowHeadersGetRequestTimeout() throws {
        let s = try TestServer { $0.headerTimeout = .milliseconds(200) }
        defer { s.stop() }
        let c = try s.client()
        c.send("GET /hello HTTP/1.1\r\nHost: t\r\n")
        let r = try c.readResponse()
        #expect(r.status == 408)
        #expect(r.closes)
        #expect(c.waitForClose())
        #expect(try s.get("/hello").status == 200)
    }

    @Test func headerTimeoutCountsFromTheFirstByteNotTheLastRead() throws {
        let s = try TestServer { $0.headerTimeout = .milliseconds(300) }
        defer { s.stop() }
        let c = try s.client()
        // Trickle one header byte every 50 ms: activity must not extend the deadline.
        let trickle = Array("GET / HTTP/1.1\r\nX-Slow: \(String(repeating: "a", count: 100))".utf8)
        var sent = 0
        for byte in trickle {
            guard c.send([byte]) else { break }
            sent += 1
            usleep(50_000)
            var peek = [UInt8](repeating: 0, count: 1)
            if recv(c.fd, &peek, 1, Int32(MSG_DONTWAIT) | Int32(MSG_PEEK)) >= 0 { break }
        }
        #expect(sent < trickle.count)
        #expect(try c.readResponse().status == 408)
        #expect(c.waitForClose())
    }

    @Test func connectionThatNeverSendsIsClosed() throws {
        let s = try TestServer { $0.headerTimeout = .milliseconds(200) }
        defer { s.stop() }
        let c = try s.client()
        #expect(c.waitForClose())
    }

    @Test func slowBodyGetsRequestTimeout() throws {
        let s = try TestServer { $0.bodyTimeout = .milliseconds(200) }
        defer { s.stop() }
        let c = try s.client()
        c.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\n123")
        let r = try c.readResponse()
        #expect(r.status == 408)
        #expect(c.waitForClose())
    }

    @Test func bindFailureIsATypedError() throws {
        // A plain listener without SO_REUSEPORT holds the port.
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) == 0 && getsockname(fd, $0, &len) == 0 }
        }
        #expect(listen(fd, 1) == 0)
        var config = HTTPServerConfiguration()
        config.port = Int(UInt16(bigEndian: addr.sin_port))
        let server = HTTPServer(configuration: config) { _ in NullHandler() }
        #expect {
            try server.start()
        } throws: { error in
            guard case .bind(_, _, let e) = error as? HTTPServerError else { return false }
            return e.code == EADDRINUSE
        }
        // The failed start left nothing running.
        server.wait()
    }

    @Test func badConfigurationAndDoubleStartAreTypedErrors() throws {
        var config = HTTPServerConfiguration()
        config.loopCount = 0
        #expect(throws: HTTPServerError.self) { try HTTPServer(configuration: config) { _ in NullHandler() }.start() }

        config = HTTPServerConfiguration()
        config.host = "no-such-host.invalid"
        #expect {
            try HTTPServer(configuration: config) { _ in NullHandler() }.start()
        } throws: { error in
            if case .addressResolution = error as? HTTPServerError { return true }
            return false
        }

        let s = try TestServer()
        #expect {
            try s.server.start()
        } throws: { error in
            if case .alreadyStarted = error as? HTTPServerError { return true }
            return false
        }
        s.stop()
    }

    @Test func severalServersShareNothing() throws {
        let a = try TestServer { $0.loopCount = 1 }
        let b = try TestServer { $0.loopCount = 1 }
        #expect(a.port != b.port)
        #expect(try a.get("/hello").status == 200)
        #expect(try b.get("/hello").status == 200)
        a.stop()
        #expect(try b.get("/hello").status == 200)
        b.stop()
    }
}

final class NullHandler: HTTPHandler {
    func handle(_ request: HTTPRequest, responder: HTTPResponder) {
        responder.respond(status: 204, headers: [], body: [])
    }
}
