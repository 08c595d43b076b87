#if canImport(Glibc)
import Glibc
#endif

/// How a response body is delimited on the wire.
enum HTTPResponseFraming: Equatable {
    /// `content-length: n` (also for HEAD, where the body is then not sent).
    case length(Int)
    /// `transfer-encoding: chunked`.
    case chunked
    /// No body and no length header (1xx, 204, 304), or a HEAD response whose handler gave its own length.
    case none
    /// HTTP/1.0 stream of unknown length: the body ends when the connection closes.
    case closeDelimited
}

/// Serialises response heads into a byte buffer, and the per-second `date` line.
struct HTTPResponseEncoder {
    private var dateSecond = -1
    private var dateLine: [UInt8] = []

    /// Facts about the handler's header list that change how the head is completed.
    struct HeaderFacts {
        /// The handler asked for `connection: close`.
        var close = false
        /// The handler supplied `date`.
        var hasDate = false
        /// The handler's `content-length`, if it was a valid number.
        var contentLength: Int?
    }

    /// Scans the handler's headers once for the fields the server manages.
    static func facts(of headers: [(name: String, value: String)]) -> HeaderFacts {
        var facts = HeaderFacts()
        for h in headers {
            switch h.name.utf8.count {
            case 4 where equalsIgnoringCase(h.name, "date"): facts.hasDate = true
            case 10 where equalsIgnoringCase(h.name, "connection"):
                if h.value.lowercased().split(separator: ",").contains(where: { $0.trimmingWhitespace() == "close" }) {
                    facts.close = true
                }
            case 14 where equalsIgnoringCase(h.name, "content-length"):
                var v = h.value
                facts.contentLength = v.withUTF8 { HTTPHeadParser.parseDecimal(UnsafeRawBufferPointer($0)) }
            default: break
            }
        }
        return facts
    }

    /// Appends a complete head: status line, the handler's headers (minus the ones the server owns:
    /// content-length, transfer-encoding, connection; and any with invalid bytes, which would allow
    /// response splitting), date, framing, connection.
    mutating func appendHead(into out: inout [UInt8], status: Int, headers: [(name: String, value: String)],
                             hasDate: Bool, framing: HTTPResponseFraming, close: Bool, keepAliveHeader: Bool) {
        Self.appendStatusLine(status, into: &out)
        for h in headers where !Self.isManaged(h.name) {
            Self.appendField(h.name, h.value, into: &out)
        }
        if !hasDate { appendDate(into: &out) }
        switch framing {
        case .length(let n):
            Self.append("content-length: ", into: &out)
            Self.appendDecimal(n, into: &out)
            Self.append("\r\n", into: &out)
        case .chunked:
            Self.append("transfer-encoding: chunked\r\n", into: &out)
        case .none, .closeDelimited:
            break
        }
        if close {
            Self.append("connection: close\r\n", into: &out)
        } else if keepAliveHeader {
            Self.append("connection: keep-alive\r\n", into: &out)
        }
        Self.append("\r\n", into: &out)
    }

    /// Appends an informational (1xx) head: status line and the handler's valid headers only.
    static func appendInformationalHead(into out: inout [UInt8], status: Int, headers: [(name: String, value: String)]) {
        appendStatusLine(status, into: &out)
        for h in headers where !isManaged(h.name) { appendField(h.name, h.value, into: &out) }
        append("\r\n", into: &out)
    }

    // MARK: - Pieces

    private mutating func appendDate(into out: inout [UInt8]) {
        let now = time(nil)
        if now != dateSecond {
            dateSecond = now
            dateLine = Self.formatDateLine(now)
        }
        out.append(contentsOf: dateLine)
    }

    /// `date: Sun, 06 Nov 1994 08:49:37 GMT\r\n` (IMF-fixdate, RFC 9110 §5.6.7).
    static func formatDateLine(_ seconds: Int) -> [UInt8] {
        var t = time_t(seconds)
        var tm = tm()
        gmtime_r(&t, &tm)
        let days: [StaticString] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months: [StaticString] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        var out: [UInt8] = []
        out.reserveCapacity(37)
        append("date: ", into: &out)
        append(days[Int(tm.tm_wday) % 7], into: &out)
        append(", ", into: &out)
        appendTwoDigits(Int(tm.tm_mday), into: &out)
        out.append(ByteClass.sp)
        append(months[Int(tm.tm_mon) % 12], into: &out)
        out.append(ByteClass.sp)
        appendDecimal(Int(tm.tm_year) + 1900, into: &out)
        out.append(ByteClass.sp)
        appendTwoDigits(Int(tm.tm_hour), into: &out)
        out.append(UInt8(ascii: ":"))
        appendTwoDigits(Int(tm.tm_min), into: &out)
        out.append(UInt8(ascii: ":"))
        appendTwoDigits(Int(tm.tm_sec), into: &out)
        append(" GMT\r\n", into: &out)
        return out
    }

    static func appendStatusLine(_ status: Int, into out: inout [UInt8]) {
        if status == 200 {
            append("HTTP/1.1 200 OK\r\n", into: &out)
            return
        }
        append("HTTP/1.1 ", into: &out)
        appendDecimal(status, into: &out)
        out.append(ByteClass.sp)
        append(reasonPhrase(status), into: &out)
        append("\r\n", into: &out)
    }

    /// Appends `name: value\r\n` when both are free of bytes that could break the framing
    /// (name: tchar only; value: no CR, LF, NUL or other controls but HTAB). Invalid fields are dropped.
    static func appendField(_ name: String, _ value: String, into out: inout [UInt8]) {
        guard !name.isEmpty, name.utf8.allSatisfy(ByteClass.isTChar),
              value.utf8.allSatisfy(ByteClass.isFieldValueByte) else { return }
        out.append(contentsOf: name.utf8)
        out.append(UInt8(ascii: ":"))
        out.append(ByteClass.sp)
        out.append(contentsOf: value.utf8)
        out.append(ByteClass.cr)
        out.append(ByteClass.lf)
    }

    @inline(__always) static func append(_ s: StaticString, into out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    static func appendDecimal(_ value: Int, into out: inout [UInt8]) {
        if value < 10 && value >= 0 {
            out.append(UInt8(truncatingIfNeeded: value) + 0x30)
            return
        }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes of scratch
        withUnsafeMutableBytes(of: &digits) { buf in
            var v = value.magnitude
            var i = buf.count
            repeat {
                i -= 1
                buf[i] = UInt8(truncatingIfNeeded: v % 10) + 0x30
                v /= 10
            } while v > 0
            if value < 0 { i -= 1; buf[i] = UInt8(ascii: "-") }
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: buf[i...]))
        }
    }

    static func appendHex(_ value: Int, into out: inout [UInt8]) {
        let hex: StaticString = "0123456789abcdef"
        var shift = (Int.bitWidth - value.leadingZeroBitCount + 3) / 4 * 4 - 4
        if shift < 0 { shift = 0 }
        while shift >= 0 {
            out.append(hex.utf8Start[(value >> shift) & 0xF])
            shift -= 4
        }
    }

    private static func appendTwoDigits(_ v: Int, into out: inout [UInt8]) {
        out.append(UInt8(truncatingIfNeeded: v / 10 % 10) + 0x30)
        out.append(UInt8(truncatingIfNeeded: v % 10) + 0x30)
    }

    /// Headers the server writes itself: content-length, transfer-encoding, connection.
    private static func isManaged(_ name: String) -> Bool {
        switch name.utf8.count {
        case 10: return equalsIgnoringCase(name, "connection")
        case 14: return equalsIgnoringCase(name, "content-length")
        case 17: return equalsIgnoringCase(name, "transfer-encoding")
        default: return false
        }
    }

    static func equalsIgnoringCase(_ s: String, _ lowercase: StaticString) -> Bool {
        var s = s
        return s.withUTF8 { ByteClass.equalsLowercase(UnsafeRawBufferPointer($0), lowercase) }
    }

    static func reasonPhrase(_ status: Int) -> StaticString {
        switch status {
        case 100: return "Continue"
        case 101: return "Switching Protocols"
        case 103: return "Early Hints"
        case 200: return "OK"
        case 201: return "Created"
        case 202: return "Accepted"
        case 204: return "No Content"
        case 206: return "Partial Content"
        case 301: return "Moved Permanently"
        case 302: return "Found"
        case 303: return "See Other"
        case 304: return "Not Modified"
        case 307: return "Temporary Redirect"
        case 308: return "Permanent Redirect"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 408: return "Request Timeout"
        case 409: return "Conflict"
        case 410: return "Gone"
        case 411: return "Length Required"
        case 412: return "Precondition Failed"
        case 413: return "Content Too Large"
        case 414: return "URI Too Long"
        case 415: return "Unsupported Media Type"
        case 417: return "Expectation Failed"
        case 422: return "Unprocessable Content"
        case 429: return "Too Many Requests"
        case 431: return "Request Header Fields Too Large"
        case 500: return "Internal Server Error"
        case 501: return "Not Implemented"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 504: return "Gateway Timeout"
        case 505: return "HTTP Version Not Supported"
        default: return "Unknown"
        }
    }
}

private extension Substring {
    func trimmingWhitespace() -> Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return s
    }
}
