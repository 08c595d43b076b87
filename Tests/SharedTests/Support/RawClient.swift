#if canImport(Glibc)
import Glibc
#endif

struct ClientError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// One parsed HTTP response as the raw client saw it.
struct RawResponse {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
    var bodyText: String { String(decoding: body, as: UTF8.self) }
    var closes: Bool { header("connection")?.lowercased().contains("close") == true }
}

/// A blocking TCP client over raw POSIX sockets that speaks just enough HTTP/1.1 to check the server:
/// it sends exact bytes and parses responses itself (Content-Length, chunked, close-delimited).
/// Every read has a receive timeout, so a test fails instead of hanging.
final class RawClient {
    let fd: Int32
    private var buffer: [UInt8] = []
    private var eof = false

    init(port: Int, receiveTimeout: Double = 5) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ClientError("socket failed") }
        let rc = Self.connect(fd, port: port)
        guard rc == 0 else {
            Glibc.close(fd)
            throw ClientError("connect failed: errno \(rc)")
        }
        var tv = timeval(tv_sec: Int(receiveTimeout), tv_usec: Int((receiveTimeout - Double(Int(receiveTimeout))) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    deinit { Glibc.close(fd) }

    /// errno of a connection attempt to 127.0.0.1:`port`, or 0 when it connected.
    static func connectErrno(port: Int) -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { Glibc.close(fd) }
        return connect(fd, port: port)
    }

    private static func connect(_ fd: Int32, port: Int) -> Int32 {
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port)).bigEndian
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        return rc == 0 ? 0 : errno
    }

    /// Sends all bytes; returns false if the peer closed or reset (expected in some tests).
    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL)) }
            if n <= 0 {
                if n < 0 && errno == EINTR { continue }
                return false
            }
            sent += n
        }
        return true
    }

    @discardableResult
    func send(_ text: String) -> Bool { send(Array(text.utf8)) }

    /// Reads more bytes into the buffer; false on EOF/reset. Throws on timeout.
    private func fill() throws -> Bool {
        if eof { return false }
        var chunk = [UInt8](repeating: 0, count: 256 * 1024)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress!, $0.count, 0) }
            if n > 0 {
                buffer.append(contentsOf: chunk[0..<n])
                return true
            }
            if n == 0 { eof = true; return false }
            if errno == EINTR { continue }
            if errno == EAGAIN || errno == EWOULDBLOCK { throw ClientError("receive timeout") }
            eof = true  // ECONNRESET and friends
            return false
        }
    }

    private func readLine() throws -> String {
        var scanned = 0
        while true {
            if let i = buffer[scanned...].firstIndex(of: 0x0A) {
                var line = Array(buffer[0..<i])
                if line.last == 0x0D { line.removeLast() }
                buffer.removeFirst(i + 1)
                return String(decoding: line, as: UTF8.self)
            }
            scanned = buffer.count
            guard try fill() else { throw ClientError("connection closed inside a line") }
        }
    }

    private func readExactly(_ n: Int) throws -> [UInt8] {
        while buffer.count < n {
            guard try fill() else { throw ClientError("connection closed inside a body (\(buffer.count)/\(n))") }
        }
        let out = Array(buffer[0..<n])
        buffer.removeFirst(n)
        return out
    }

    /// Reads one response (interim 1xx responses are returned like any other).
    /// `isHead`: the request was HEAD, so no body follows whatever the headers say.
    func readResponse(isHead: Bool = false) throws -> RawResponse {
        if buffer.isEmpty { guard try fill() else { throw ClientError("connection closed before a response") } }
        let statusLine = try readLine()
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]) else {
            throw ClientError("bad status line: \(statusLine)")
        }
        var response = RawResponse(status: status, headers: [], body: [])
        while true {
            let line = try readLine()
            if line.isEmpty { break }
            guard let colon = line.firstIndex(of: ":") else { throw ClientError("bad header line: \(line)") }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: " \t")
            response.headers.append((String(line[..<colon]), value))
        }
        if isHead || status < 200 || status == 204 || status == 304 { return response }
        if response.header("transfer-encoding")?.lowercased() == "chunked" {
            while true {
                let sizeLine = try readLine()
                let hex = sizeLine.split(separator: ";").first.map(String.init) ?? ""
                guard let size = Int(hex, radix: 16) else { throw ClientError("bad chunk size: \(sizeLine)") }
                if size == 0 {
                    while try !readLine().isEmpty {}
                    break
                }
                response.body.append(contentsOf: try readExactly(size))
                guard try readLine().isEmpty else { throw ClientError("missing CRLF after chunk") }
            }
        } else if let length = response.header("content-length").flatMap({ Int($0) }) {
            response.body = try readExactly(length)
        } else {
            while try fill() {}
            response.body = buffer
            buffer = []
        }
        return response
    }

    /// True once the server closed the connection (EOF or reset) within the receive timeout; any bytes
    /// still arriving are discarded. False if the connection stayed open.
    func waitForClose() -> Bool {
        buffer = []
        do {
            while try fill() { buffer = [] }
            return true
        } catch {
            return false
        }
    }

    /// Whether unread response bytes are buffered.
    var hasBufferedBytes: Bool { !buffer.isEmpty }

    func shutdownWrite() { shutdown(fd, Int32(SHUT_WR)) }
}

extension Substring {
    func trimmingCharacters(in set: String) -> String {
        var s = self
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
