import Testing
import Shared
#if canImport(Glibc)
import Glibc
#endif

/// What the server must do with one malformed (or deliberately borderline) request.
enum CorpusExpectation: Sendable, CustomStringConvertible {
    /// This status with `connection: close`, then the connection closes.
    case status(Int)
    /// A 408 or a silent close, after the configured timeout.
    case timeout
    /// Accepted (documented tolerance): a normal 200 on a connection that stays usable.
    case accepted

    var description: String {
        switch self {
        case .status(let s): return "\(s)"
        case .timeout: return "timeout"
        case .accepted: return "200"
        }
    }
}

struct CorpusCase: Sendable, CustomTestStringConvertible {
    let name: String
    let bytes: [UInt8]
    let expect: CorpusExpectation

    init(_ name: String, _ text: String, _ expect: CorpusExpectation) {
        self.name = name
        self.bytes = Array(text.utf8)
        self.expect = expect
    }

    init(_ name: String, bytes: [UInt8], _ expect: CorpusExpectation) {
        self.name = name
        self.bytes = bytes
        self.expect = expect
    }

    var testDescription: String { "\(name) → \(expect)" }
}

/// The server configuration the corpus is written against (limits small enough to hit quickly).
func corpusConfiguration(_ c: inout HTTPServerConfiguration) {
    c.maxHeaderBytes = 8 * 1024
    c.maxRequestLineBytes = 4 * 1024
    c.maxBodyBytes = 1 << 20
    c.headerTimeout = .milliseconds(300)
    c.bodyTimeout = .milliseconds(300)
}

let H = "Host: t\r\n"
let bigValue = String(repeating: "v", count: 9 * 1024)
let manyHeaders = (0..<20).map { "X-Filler-\($0): \(String(repeating: "f", count: 500))\r\n" }.joined()
let longTarget = "/" + String(repeating: "a", count: 5 * 1024)
let hugeTarget = "/" + String(repeating: "a", count: 10 * 1024)
let bigChunks = String(repeating: "10000\r\n\(String(repeating: "c", count: 0x10000))\r\n", count: 17) + "0\r\n\r\n"
let bigTrailers = (0..<20).map { "X-T-\($0): \(String(repeating: "t", count: 500))\r\n" }.joined()

let malformedCorpus: [CorpusCase] = [
    // Request line
    CorpusCase("garbage line", "garbage\r\n\r\n", .status(400)),
    CorpusCase("HTTP/0.9 style", "GET /\r\n\r\n", .status(400)),
    CorpusCase("double space", "GET  / HTTP/1.1\r\n\(H)\r\n", .status(400)),
    CorpusCase("trailing space", "GET / HTTP/1.1 \r\n\(H)\r\n", .status(400)),
    CorpusCase("tab separator", "GET\t/ HTTP/1.1\r\n\(H)\r\n", .status(400)),
    CorpusCase("invalid method char", "G@T / HTTP/1.1\r\n\(H)\r\n", .status(400)),
    CorpusCase("space in target", "GET /a b HTTP/1.1\r\n\(H)\r\n", .status(400)),
    CorpusCase("control char in target", "GET /\u{01} HTTP/1.1\r\n\(H)\r\n", .status(400)),
    CorpusCase("non-ASCII target", "GET /\u{e9} HTTP/1.1\r\n\(H)\r\n", .status(400)),
    CorpusCase("NUL before request", bytes: [0] + Array("GET / HTTP/1.1\r\n\(H)\r\n".utf8), .status(400)),
    CorpusCase("bare CR in request line", "GET / HTTP/1.1\rHost: t\r\n\r\n", .status(400)),
    CorpusCase("lower-case version", "GET / http/1.1\r\n\(H)\r\n", .status(400)),
    CorpusCase("non-digit version", "GET / HTTP/1.x\r\n\(H)\r\n", .status(400)),
    CorpusCase("long version", "GET / HTTP/1.10\r\n\(H)\r\n", .status(400)),
    CorpusCase("HTTP/2.0", "GET / HTTP/2.0\r\n\(H)\r\n", .status(505)),
    CorpusCase("HTTP/1.2", "GET / HTTP/1.2\r\n\(H)\r\n", .status(505)),
    CorpusCase("request line too long", "GET \(longTarget) HTTP/1.1\r\n\(H)\r\n", .status(414)),
    CorpusCase("request line beyond header limit", "GET \(hugeTarget) HTTP/1.1\r\n\(H)\r\n", .status(414)),
    // Header fields
    CorpusCase("missing Host", "GET / HTTP/1.1\r\n\r\n", .status(400)),
    CorpusCase("two Host fields", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", .status(400)),
    CorpusCase("Host with slash", "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", .status(400)),
    CorpusCase("space before colon", "GET / HTTP/1.1\r\nHost : t\r\n\r\n", .status(400)),
    CorpusCase("space in field name", "GET / HTTP/1.1\r\n\(H)Bad Header: x\r\n\r\n", .status(400)),
    CorpusCase("empty field name", "GET / HTTP/1.1\r\n\(H): x\r\n\r\n", .status(400)),
    CorpusCase("line without colon", "GET / HTTP/1.1\r\n\(H)NoColonHere\r\n\r\n", .status(400)),
    CorpusCase("NUL in field name", "GET / HTTP/1.1\r\n\(H)X-A\u{0}: b\r\n\r\n", .status(400)),
    CorpusCase("NUL in field value", "GET / HTTP/1.1\r\n\(H)X-A: a\u{0}b\r\n\r\n", .status(400)),
    CorpusCase("bare CR in field value", "GET / HTTP/1.1\r\n\(H)X-A: a\rb\r\n\r\n", .status(400)),
    CorpusCase("control char in field value", "GET / HTTP/1.1\r\n\(H)X-A: a\u{1b}b\r\n\r\n", .status(400)),
    CorpusCase("obs-fold", "GET / HTTP/1.1\r\n\(H)X-A: a\r\n  folded\r\n\r\n", .status(400)),
    CorpusCase("whitespace before first field", "GET / HTTP/1.1\r\n \(H)\r\n", .status(400)),
    CorpusCase("one oversize field", "GET / HTTP/1.1\r\n\(H)X-Big: \(bigValue)\r\n\r\n", .status(431)),
    CorpusCase("too many header bytes", "GET / HTTP/1.1\r\n\(H)\(manyHeaders)\r\n", .status(431)),
    CorpusCase("unsupported expectation", "POST / HTTP/1.1\r\n\(H)Expect: teapot\r\nContent-Length: 1\r\n\r\nx", .status(417)),
    // Framing
    CorpusCase("CL and TE", "POST / HTTP/1.1\r\n\(H)Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", .status(400)),
    CorpusCase("TE and CL", "POST / HTTP/1.1\r\n\(H)Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n", .status(400)),
    CorpusCase("CL not a number", "POST / HTTP/1.1\r\n\(H)Content-Length: abc\r\n\r\n", .status(400)),
    CorpusCase("CL negative", "POST / HTTP/1.1\r\n\(H)Content-Length: -1\r\n\r\n", .status(400)),
    CorpusCase("CL with sign", "POST / HTTP/1.1\r\n\(H)Content-Length: +5\r\n\r\nhello", .status(400)),
    CorpusCase("CL list differing", "POST / HTTP/1.1\r\n\(H)Content-Length: 5, 6\r\n\r\nhello", .status(400)),
    CorpusCase("two CL differing", "POST / HTTP/1.1\r\n\(H)Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello", .status(400)),
    CorpusCase("empty CL", "POST / HTTP/1.1\r\n\(H)Content-Length: \r\n\r\n", .status(400)),
    CorpusCase("CL overflow", "POST / HTTP/1.1\r\n\(H)Content-Length: 99999999999999999999999\r\n\r\n", .status(400)),
    CorpusCase("huge declared CL", "POST / HTTP/1.1\r\n\(H)Content-Length: 1000000000000\r\n\r\n", .status(413)),
    CorpusCase("TE not chunked", "POST / HTTP/1.1\r\n\(H)Transfer-Encoding: gzip\r\n\r\n", .status(400)),
    CorpusCase("TE chunked not final", "POST / HTTP/1.1\r\n\(H)Transfer-Encoding: chunked, gzip\r\n\r\n", .status(400)),
    CorpusCase("TE gzip then chunked", "POST / HTTP/1.1\r\n\(H)Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", .status(501)),
    CorpusCase("TE chunked twice", "POST / HTTP/1.1\r\n\(H)Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", .status(400)),
    CorpusCase("TE in HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", .status(400)),
    // Chunked bodies
    CorpusCase("chunk size not hex", "POST / HTTP/1.1\r\n\(H)Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n", .status(400)),
    CorpusCase("chunk size empty", "POST / HTTP/1.1\r\n\(H)Transfer-Encoding: chunked\r\n\r\n\r\nhello\r\n0\r\n\r\n", .status(400)),
    CorpusCase("chunk size with sign", "POST / HTTP/1.1\r\n\(H)Transfer-Encoding: chunked\r\n\r\n-5\r\nhello\r\n0\r\n\r\n", .status(400)),
    CorpusCase("chunk size overflow", "POST / HTTP/1.1\r\n\(H)Transfer-Encoding: chunked\r\n\r\nfffffffffffffffffff\r\nx\r\n0\r\n\r\n", .status(400)),
    CorpusCase("missing CRLF after chunk data", "POST / HTTP/1.1\r\n\(H)Transfer-Encoding: chunked\r\n\r\n5\r\nhelloXX\r\n0\r\n\r\n", .status(400)),
    CorpusCase("bare CR after chunk size", "POST / HTTP/1.1\r\n\(H)Transfer-Encoding: chunked\r\n\r\n5\rhello\r\n0\r\n\r\n", .status(400)),
    CorpusCase("chunk extension too long", "POST / HTTP/1.1\r\n\(H)Transfer-Encoding: chunked\r\n\r\n5;\(String(repeating: "e", count: 5000))\r\nhello\r\n0\r\n\r\n", .status(400)),
    CorpusCase("huge chunk size", "POST / HTTP/1.1\r\n\(H)Transfer-Encoding: chunked\r\n\r\n100000000\r\nxx", .status(413)),
    CorpusCase("chunked body over the limit", "POST / HTTP/1.1\r\n\(H)Transfer-Encoding: chunked\r\n\r\n\(bigChunks)", .status(413)),
    CorpusCase("trailers too large", "POST / HTTP/1.1\r\n\(H)Transfer-Encoding: chunked\r\n\r\n0\r\n\(bigTrailers)\r\n", .status(431)),
    CorpusCase("folded trailer", "POST / HTTP/1.1\r\n\(H)Transfer-Encoding: chunked\r\n\r\n0\r\nX-T: a\r\n b\r\n\r\n", .status(400)),
    // Timeouts
    CorpusCase("slow headers", "GET / HTTP/1.1\r\nHost: t\r\nX-Partial: 1", .timeout),
    CorpusCase("slow request line", "GET /slow", .timeout),
    CorpusCase("slow body", "POST / HTTP/1.1\r\n\(H)Content-Length: 100\r\n\r\nonly some", .timeout),
    CorpusCase("slow chunked body", "POST / HTTP/1.1\r\n\(H)Transfer-Encoding: chunked\r\n\r\n10\r\nabc", .timeout),
    // Documented tolerances (must be accepted)
    CorpusCase("bare LF line endings", "GET /hello HTTP/1.1\nHost: t\n\n", .accepted),
    CorpusCase("empty lines before request", "\r\n\r\nGET /hello HTTP/1.1\r\n\(H)\r\n", .accepted),
    CorpusCase("equal CL duplicates", "POST /echo HTTP/1.1\r\n\(H)Content-Length: 2, 2\r\n\r\nok", .accepted),
]

/// Sends one case on a fresh connection and checks the outcome, then checks the server still serves.
func runCorpusCase(_ c: CorpusCase, port: Int) throws {
    let client = try RawClient(port: port)
    client.send(c.bytes)
    switch c.expect {
    case .status(let status):
        let r = try client.readResponse()
        #expect(r.status == status, "\(c.name)")
        #expect(r.closes, "\(c.name): error responses close the connection")
        #expect(r.header("content-type") == "application/json", "\(c.name)")
        #expect(client.waitForClose(), "\(c.name): connection closed after the error")
    case .timeout:
        if let r = try? client.readResponse() {
            #expect(r.status == 408, "\(c.name)")
        }
        #expect(client.waitForClose(), "\(c.name): connection closed by the timeout")
    case .accepted:
        let r = try client.readResponse()
        #expect(r.status == 200, "\(c.name)")
        #expect(!r.closes, "\(c.name)")
    }
    let fresh = try RawClient(port: port)
    fresh.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
    let ok = try fresh.readResponse()
    #expect(ok.status == 200, "\(c.name): server still serves afterwards")
    #expect(ok.bodyText == "Hello, World!")
}

@Suite struct HTTPMalformedCorpusTests {
    @Test func corpusIsBigEnough() {
        #expect(malformedCorpus.count >= 30)
        #expect(malformedCorpus.filter { if case .status = $0.expect { return true } else { return false } }.count >= 30)
    }

    /// Each case on its own server.
    @Test(arguments: malformedCorpus)
    func malformedRequest(_ c: CorpusCase) throws {
        let s = try TestServer(corpusConfiguration)
        defer { s.stop() }
        try runCorpusCase(c, port: s.port)
    }

    /// The whole corpus, in order, against one server: it keeps serving through all of it.
    @Test func wholeCorpusAgainstOneServer() throws {
        let s = try TestServer(corpusConfiguration)
        defer { s.stop() }
        for c in malformedCorpus {
            try runCorpusCase(c, port: s.port)
        }
        #expect(try s.get("/hello").status == 200)
    }

    /// A huge body that the client really sends: 413 arrives (no reset) although the server stops reading.
    @Test func hugeBodyActuallySentGets413() throws {
        let s = try TestServer(corpusConfiguration)
        defer { s.stop() }
        let client = try RawClient(port: s.port)
        let size = 4 << 20
        client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: \(size)\r\n\r\n")
        _ = client.send([UInt8](repeating: 0x41, count: size))  // may fail once the server closes
        let r = try client.readResponse()
        #expect(r.status == 413)
        #expect(r.closes)
        #expect(try s.get("/hello").status == 200)
    }
}
