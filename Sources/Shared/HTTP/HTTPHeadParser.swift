#if canImport(Glibc)
import Glibc
#endif

/// A parsed request head plus the framing facts the connection needs.
struct HTTPRequestHead {
    var method: String
    var target: String
    var versionMinor: Int
    var headers: [(name: String, value: String)]
    /// Declared body length (`Content-Length`), nil when absent.
    var contentLength: Int?
    /// `Transfer-Encoding: chunked`.
    var chunked: Bool
    /// Whether the client allows the connection to stay open after this request.
    var keepAlive: Bool
    /// `Expect: 100-continue` on an HTTP/1.1 request.
    var expectContinue: Bool
    /// Method is HEAD (the response carries no body).
    var isHead: Bool
}

/// Incremental parser of a request head (request line + header fields), RFC 9112 over raw bytes.
///
/// Feed it the bytes from the start of the head, each time with everything received so far; it remembers
/// how far it has scanned so a head that trickles in is not rescanned. Policies:
/// - Line endings: CRLF, or a bare LF (tolerated like nginx, RFC 9112 §2.2); a CR anywhere else → 400.
/// - Empty lines before the request line are skipped (RFC 9112 §2.2), counted in the head size.
/// - Request line: `token SP target SP HTTP/D.D`, single spaces; target is visible ASCII.
///   HTTP/1.0 and 1.1 only; any other well-formed version → 505.
/// - Field names are tokens directly followed by ':'; obs-fold (a line starting with SP/HTAB) → 400;
///   values are OWS-trimmed and may not contain controls other than HTAB. Non-UTF-8 obs-text in a value
///   becomes U+FFFD in the `String`.
/// - Framing: Content-Length (digits, equal duplicates allowed) and Transfer-Encoding (exactly
///   `chunked`, final) are mutually exclusive → 400; TE in HTTP/1.0 → 400; other codings → 501.
/// - HTTP/1.1 needs exactly one Host; more than one Host → 400.
struct HTTPHeadParser {
    let maxHeadBytes: Int
    let maxRequestLineBytes: Int

    /// Offset of the first line not yet scanned for its LF.
    private var scanOffset = 0
    /// Offsets of the request line (after skipped empty lines); -1 until its LF was seen.
    private var requestLineStart = 0
    private var requestLineEnd = -1

    init(maxHeadBytes: Int, maxRequestLineBytes: Int) {
        self.maxHeadBytes = maxHeadBytes
        self.maxRequestLineBytes = maxRequestLineBytes
    }

    enum Result {
        case needMore
        case complete(HTTPRequestHead, consumed: Int)
        case failure(HTTPParseError)
    }

    /// True when no byte of a head has been scanned yet.
    var isFresh: Bool { scanOffset == 0 }

    mutating func reset() {
        scanOffset = 0
        requestLineStart = 0
        requestLineEnd = -1
    }

    /// Parses `buffer`, which starts at the first byte of the head.
    mutating func parse(_ buffer: UnsafeRawBufferPointer) -> Result {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return .needMore }
        let count = buffer.count
        var lineStart = scanOffset
        while true {
            guard let found = memchr(base + lineStart, Int32(ByteClass.lf), count - lineStart) else {
                scanOffset = lineStart
                if requestLineEnd < 0 {
                    if count - requestLineStart > maxRequestLineBytes || count > maxHeadBytes {
                        return .failure(.uriTooLong)
                    }
                } else if count > maxHeadBytes {
                    return .failure(.headersTooLarge)
                }
                return .needMore
            }
            let lf = UnsafeRawPointer(found) - base
            var lineEnd = lf
            if lineEnd > lineStart && buffer[lineEnd - 1] == ByteClass.cr { lineEnd -= 1 }
            let next = lf + 1
            if requestLineEnd < 0 {
                if lineEnd == lineStart {
                    // Empty line before the request line: skip it.
                    requestLineStart = next
                    if next > maxHeadBytes { return .failure(.badRequest("too many empty lines")) }
                } else {
                    if lineEnd - lineStart > maxRequestLineBytes { return .failure(.uriTooLong) }
                    requestLineEnd = lf
                }
            } else if lineEnd == lineStart {
                if next > maxHeadBytes { return .failure(.headersTooLarge) }
                scanOffset = next
                return parseHead(buffer, end: next)
            } else if next > maxHeadBytes {
                return .failure(.headersTooLarge)
            }
            lineStart = next
        }
    }

    // MARK: - Second pass over a complete head

    private func parseHead(_ b: UnsafeRawBufferPointer, end: Int) -> Result {
        var rlEnd = requestLineEnd
        if rlEnd > requestLineStart && b[rlEnd - 1] == ByteClass.cr { rlEnd -= 1 }
        var head: HTTPRequestHead
        switch parseRequestLine(b, requestLineStart, rlEnd) {
        case .success(let h): head = h
        case .failure(let e): return .failure(e)
        }

        var contentLength: Int? = nil
        var transferEncodingSeen = false
        var chunkedCount = 0
        var chunkedIsFinal = false
        var otherCoding = false
        var hostCount = 0
        var connectionClose = false
        var connectionKeepAlive = false
        var expectContinue = false
        var expectOther = false
        head.headers.reserveCapacity(8)

        var lineStart = requestLineEnd + 1
        while lineStart < end {
            let lf = lineEndIndex(b, from: lineStart)
            var lineEnd = lf
            if lineEnd > lineStart && b[lineEnd - 1] == ByteClass.cr { lineEnd -= 1 }
            defer { lineStart = lf + 1 }
            if lineEnd == lineStart { break }  // the empty line ending the head

            let first = b[lineStart]
            if ByteClass.isWhitespace(first) {
                return .failure(.badRequest("obsolete line folding or whitespace before a field name"))
            }
            var i = lineStart
            while i < lineEnd && ByteClass.isTChar(b[i]) { i += 1 }
            if i == lineStart || i == lineEnd || b[i] != UInt8(ascii: ":") {
                return .failure(.badRequest("invalid header field name"))
            }
            let nameEnd = i
            i += 1
            while i < lineEnd && ByteClass.isWhitespace(b[i]) { i += 1 }
            var valueEnd = lineEnd
            while valueEnd > i && ByteClass.isWhitespace(b[valueEnd - 1]) { valueEnd -= 1 }
            var j = i
            while j < valueEnd {
                if !ByteClass.isFieldValueByte(b[j]) {
                    return .failure(.badRequest("invalid character in header field value"))
                }
                j += 1
            }
            let name = UnsafeRawBufferPointer(rebasing: b[lineStart..<nameEnd])
            let value = UnsafeRawBufferPointer(rebasing: b[i..<valueEnd])

            switch name.count {
            case 4 where ByteClass.equalsLowercase(name, "host"):
                hostCount += 1
                if value.contains(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "\\") || ByteClass.isWhitespace($0) }) {
                    return .failure(.badRequest("invalid Host"))
                }
            case 6 where ByteClass.equalsLowercase(name, "expect"):
                forEachListElement(value) { element in
                    if ByteClass.equalsLowercase(element, "100-continue") { expectContinue = true } else { expectOther = true }
                }
            case 10 where ByteClass.equalsLowercase(name, "connection"):
                forEachListElement(value) { element in
                    if ByteClass.equalsLowercase(element, "close") { connectionClose = true }
                    else if ByteClass.equalsLowercase(element, "keep-alive") { connectionKeepAlive = true }
                }
            case 14 where ByteClass.equalsLowercase(name, "content-length"):
                var invalid = false
                forEachListElement(value, keepEmpty: true) { element in
                    guard let n = Self.parseDecimal(element) else { invalid = true; return }
                    if let previous = contentLength, previous != n { invalid = true }
                    contentLength = n
                }
                if invalid { return .failure(.badRequest("invalid Content-Length")) }
            case 17 where ByteClass.equalsLowercase(name, "transfer-encoding"):
                transferEncodingSeen = true
                forEachListElement(value) { element in
                    if ByteClass.equalsLowercase(element, "chunked") {
                        chunkedCount += 1
                        chunkedIsFinal = true
                    } else {
                        otherCoding = true
                        chunkedIsFinal = false
                    }
                }
            default:
                break
            }
            head.headers.append((name: String(decoding: name, as: UTF8.self), value: String(decoding: value, as: UTF8.self)))
        }

        if transferEncodingSeen {
            if contentLength != nil {
                return .failure(.badRequest("both Content-Length and Transfer-Encoding"))
            }
            if head.versionMinor == 0 {
                return .failure(.badRequest("Transfer-Encoding in an HTTP/1.0 request"))
            }
            if !chunkedIsFinal || chunkedCount > 1 {
                return .failure(.badRequest("chunked is not the final transfer coding"))
            }
            if otherCoding {
                return .failure(.notImplemented("unsupported transfer coding"))
            }
            if chunkedCount == 0 {
                return .failure(.badRequest("empty Transfer-Encoding"))
            }
        }
        if hostCount > 1 { return .failure(.badRequest("more than one Host")) }
        if head.versionMinor == 1 && hostCount == 0 { return .failure(.badRequest("missing Host")) }
        if head.versionMinor == 1 {
            if expectOther { return .failure(.expectationFailed) }
            head.expectContinue = expectContinue
        }
        head.contentLength = contentLength
        head.chunked = chunkedCount == 1
        head.keepAlive = head.versionMinor == 1 ? !connectionClose : (connectionKeepAlive && !connectionClose)
        return .complete(head, consumed: end)
    }

    private enum LineResult {
        case success(HTTPRequestHead)
        case failure(HTTPParseError)
    }

    private func parseRequestLine(_ b: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> LineResult {
        var i = start
        while i < end && ByteClass.isTChar(b[i]) { i += 1 }
        if i == start || i == end || b[i] != ByteClass.sp { return .failure(.badRequest("invalid method")) }
        let method = UnsafeRawBufferPointer(rebasing: b[start..<i])
        i += 1
        let targetStart = i
        while i < end && ByteClass.isTargetByte(b[i]) { i += 1 }
        if i == targetStart || i == end || b[i] != ByteClass.sp {
            return .failure(.badRequest("invalid request target"))
        }
        let target = UnsafeRawBufferPointer(rebasing: b[targetStart..<i])
        i += 1
        // "HTTP/" DIGIT "." DIGIT and nothing else.
        guard end - i == 8,
              b[i] == UInt8(ascii: "H"), b[i + 1] == UInt8(ascii: "T"), b[i + 2] == UInt8(ascii: "T"),
              b[i + 3] == UInt8(ascii: "P"), b[i + 4] == UInt8(ascii: "/"), b[i + 6] == UInt8(ascii: "."),
              (0x30...0x39).contains(b[i + 5]), (0x30...0x39).contains(b[i + 7])
        else { return .failure(.badRequest("invalid HTTP version")) }
        let major = Int(b[i + 5] - 0x30)
        let minor = Int(b[i + 7] - 0x30)
        guard major == 1 && minor <= 1 else { return .failure(.versionNotSupported) }
        let isHead = method.count == 4 && method[0] == UInt8(ascii: "H") && method[1] == UInt8(ascii: "E")
            && method[2] == UInt8(ascii: "A") && method[3] == UInt8(ascii: "D")
        return .success(HTTPRequestHead(
            method: Self.methodString(method),
            target: String(decoding: target, as: UTF8.self),
            versionMinor: minor,
            headers: [],
            contentLength: nil,
            chunked: false,
            keepAlive: true,
            expectContinue: false,
            isHead: isHead))
    }

    // MARK: - Helpers

    private func lineEndIndex(_ b: UnsafeRawBufferPointer, from start: Int) -> Int {
        let base = b.baseAddress!
        let found = memchr(base + start, Int32(ByteClass.lf), b.count - start)!
        return UnsafeRawPointer(found) - base
    }

    /// Calls `body` for each comma-separated element with OWS trimmed; empty elements are skipped
    /// unless `keepEmpty` (then an empty element is passed so the caller can reject it).
    private func forEachListElement(_ value: UnsafeRawBufferPointer, keepEmpty: Bool = false,
                                    _ body: (UnsafeRawBufferPointer) -> Void) {
        var start = 0
        let count = value.count
        while start <= count {
            var end = start
            while end < count && value[end] != UInt8(ascii: ",") { end += 1 }
            var s = start
            var e = end
            while s < e && ByteClass.isWhitespace(value[s]) { s += 1 }
            while e > s && ByteClass.isWhitespace(value[e - 1]) { e -= 1 }
            if e > s || keepEmpty { body(UnsafeRawBufferPointer(rebasing: value[s..<e])) }
            start = end + 1
        }
    }

    /// Non-empty ASCII digits → value; nil for anything else or on Int overflow.
    static func parseDecimal(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard !bytes.isEmpty else { return nil }
        var n = 0
        for c in bytes {
            guard c >= 0x30 && c <= 0x39 else { return nil }
            let (m, o1) = n.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int(c - 0x30))
            if o1 || o2 { return nil }
            n = a
        }
        return n
    }

    /// Common methods as literals (no decoding), anything else decoded.
    private static func methodString(_ m: UnsafeRawBufferPointer) -> String {
        switch m.count {
        case 3 where m[0] == UInt8(ascii: "G") && m[1] == UInt8(ascii: "E") && m[2] == UInt8(ascii: "T"): return "GET"
        case 4 where m[0] == UInt8(ascii: "P") && m[1] == UInt8(ascii: "O") && m[2] == UInt8(ascii: "S") && m[3] == UInt8(ascii: "T"): return "POST"
        default: return String(decoding: m, as: UTF8.self)
        }
    }
}
