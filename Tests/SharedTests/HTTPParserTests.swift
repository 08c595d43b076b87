import Testing
@testable import Shared

/// The parsers as plain values: bytes in, heads / bodies / errors out, no sockets.
@Suite struct HTTPParserTests {
    private func parseHead(_ text: String, maxHead: Int = 8192, maxLine: Int = 4096) -> HTTPHeadParser.Result {
        var parser = HTTPHeadParser(maxHeadBytes: maxHead, maxRequestLineBytes: maxLine)
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { parser.parse($0) }
    }

    @Test func parsesAHeadWithFraming() throws {
        guard case .complete(let head, let consumed) = parseHead(
            "POST /a?b=c HTTP/1.1\r\nHost: example\r\nContent-Length: 3\r\nX-Pad:  v a l  \r\nConnection: close\r\n\r\nabc")
        else { Issue.record("not complete"); return }
        #expect(head.method == "POST")
        #expect(head.target == "/a?b=c")
        #expect(head.versionMinor == 1)
        #expect(head.contentLength == 3)
        #expect(!head.chunked)
        #expect(!head.keepAlive)
        #expect(head.headers.count == 4)
        #expect(head.headers[2].name == "X-Pad")
        #expect(head.headers[2].value == "v a l")
        #expect(consumed == 94)
    }

    @Test func incompleteHeadAsksForMoreAcrossCalls() {
        var parser = HTTPHeadParser(maxHeadBytes: 8192, maxRequestLineBytes: 4096)
        let full = Array("GET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8)
        for cut in 1..<full.count {
            let r = full[0..<cut].withUnsafeBytes { parser.parse($0) }
            guard case .needMore = r else { Issue.record("cut \(cut) not needMore"); return }
        }
        let r = full.withUnsafeBytes { parser.parse($0) }
        guard case .complete(let head, let consumed) = r else { Issue.record("not complete"); return }
        #expect(head.target == "/")
        #expect(consumed == full.count)
    }

    @Test func http10KeepAliveRules() {
        guard case .complete(let a, _) = parseHead("GET / HTTP/1.0\r\n\r\n"),
              case .complete(let b, _) = parseHead("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n")
        else { Issue.record("not complete"); return }
        #expect(!a.keepAlive)
        #expect(b.keepAlive)
    }

    @Test func limits() {
        if case .failure(let e) = parseHead("GET /\(String(repeating: "a", count: 5000)) HTTP/1.1\r\n\r\n") {
            #expect(e == .uriTooLong)
        } else { Issue.record("expected 414") }
        if case .failure(let e) = parseHead("GET / HTTP/1.1\r\nHost: a\r\nX: \(String(repeating: "a", count: 9000))") {
            #expect(e == .headersTooLarge)
        } else { Issue.record("expected 431 before the head is complete") }
    }

    @Test func parseErrorsMapToStatuses() {
        let cases: [(String, Int)] = [
            ("GET / HTTP/3.0\r\nHost: a\r\n\r\n", 505),
            ("GET / HTTP/1.1\r\n\r\n", 400),
            ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: br, chunked\r\n\r\n", 501),
            ("POST / HTTP/1.1\r\nHost: a\r\nExpect: x\r\n\r\n", 417),
        ]
        for (text, status) in cases {
            guard case .failure(let e) = parseHead(text) else { Issue.record("\(text) parsed"); continue }
            #expect(e.status == status)
        }
    }

    private func dechunk(_ text: String, maxBody: Int = 1 << 20, split: Int? = nil) -> ([UInt8], HTTPChunkedDecoder.Result, Int) {
        var decoder = HTTPChunkedDecoder(maxBodyBytes: maxBody, maxTrailerBytes: 1024)
        var body: [UInt8] = []
        let bytes = Array(text.utf8)
        var pos = 0
        var result = HTTPChunkedDecoder.Result.needMore
        let step = split ?? bytes.count
        while pos < bytes.count {
            let end = min(pos + step, bytes.count)
            let (used, r) = bytes[pos..<end].withUnsafeBytes { decoder.feed($0, into: &body) }
            pos += used
            result = r
            if r != .needMore { break }
        }
        return (body, result, pos)
    }

    @Test func dechunksByteByByteAndLeavesThePipelinedRest() {
        let text = "4;a=b\r\nWiki\r\n5 \r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nX: y\r\n\r\nGET"
        for split in [1, 2, 7, 1000] {
            let (body, result, consumed) = dechunk(text, split: split)
            #expect(String(decoding: body, as: UTF8.self) == "Wikipedia in\r\n\r\nchunks.")
            #expect(result == .done)
            #expect(consumed == text.utf8.count - 3)
        }
    }

    @Test func chunkedErrors() {
        #expect(dechunk("g\r\n").1 == .failure(.badRequest("invalid chunk size")))
        #expect(dechunk("5\r\nhelloX").1 == .failure(.badRequest("missing CRLF after chunk data")))
        #expect(dechunk("10\r\n", maxBody: 15).1 == .failure(.payloadTooLarge))
        if case .failure(.badRequest) = dechunk("ffffffffffffffffff\r\n").1 {} else { Issue.record("overflow accepted") }
    }

    @Test func responseHeadEncoding() {
        var encoder = HTTPResponseEncoder()
        var out: [UInt8] = []
        encoder.appendHead(into: &out, status: 404, headers: [("X-A", "1"), ("Content-Length", "99"), ("Bad\r\nName", "x"), ("X-B", "evil\r\nInjected: 1")],
                           hasDate: false, framing: .length(5), close: true, keepAliveHeader: false)
        let text = String(decoding: out, as: UTF8.self)
        #expect(text.hasPrefix("HTTP/1.1 404 Not Found\r\nX-A: 1\r\ndate: "))
        #expect(text.hasSuffix("GMT\r\ncontent-length: 5\r\nconnection: close\r\n\r\n"))
        #expect(!text.contains("99"))
        #expect(!text.contains("Injected"))
        #expect(!text.contains("Bad"))
        #expect(HTTPResponseEncoder.formatDateLine(784111777) == Array("date: Sun, 06 Nov 1994 08:49:37 GMT\r\n".utf8))
    }

    @Test func requestHeaderLookupIsCaseInsensitive() {
        let r = HTTPRequest(method: "GET", target: "/", headers: [("Content-Type", "a"), ("X-Y", "b")])
        #expect(r.header("content-type") == "a")
        #expect(r.header("x-y") == "b")
        #expect(r.header("x-z") == nil)
    }
}
