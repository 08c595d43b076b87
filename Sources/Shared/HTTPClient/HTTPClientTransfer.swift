internal import CCurl
#if canImport(Glibc)
import Glibc
#endif

/// One request in flight on an `HTTPClient` (loop thread only).
///
/// Events: `onHead` fires exactly once — with the response head, or with the error that ended the
/// transfer before its head was complete. After a head, `onBody` fires whenever `read()` has something
/// new (bytes, the end, or a failure). Body bytes are buffered up to
/// `HTTPClientConfiguration.bodyHighWater`; then the transfer is paused (CURL_WRITEFUNC_PAUSE) until
/// `read()` drains the buffer. `cancel()` aborts the transfer; no callback fires after it.
public final class HTTPClientTransfer {
    public var onHead: ((Result<HTTPClientResponseHead, HTTPClientError>) -> Void)?
    public var onBody: (() -> Void)?

    /// The head, once complete.
    public private(set) var head: HTTPClientResponseHead?
    /// True once the transfer ended (success, failure or cancel).
    public private(set) var isFinished = false
    /// `read()` would return something other than `.pending`.
    public var isReadable: Bool { !buffer.isEmpty || isFinished }

    weak var client: HTTPClient?
    private(set) var easy: UnsafeMutableRawPointer?
    /// The current hop's request (method, URL, body change on redirects).
    var request: HTTPClientRequest
    var headerList: UnsafeMutablePointer<curl_slist>?
    let errorBuffer: UnsafeMutablePointer<CChar>
    var queued = false

    // Response parsing (current hop).
    private var status = 0
    private var statusText = ""
    private var fields: [(name: String, value: String)] = []
    private var discardBody = false
    private var headDelivered = false
    private var redirectCount = 0
    private var redirected = false
    /// The current hop is a redirect to follow (its body is discarded).
    private var redirectPending = false
    /// Where the redirect goes: libcurl's resolution of `Location`, else our own.
    var nextURL: String? {
        guard redirectPending else { return nil }
        var target: UnsafePointer<CChar>?
        if let easy, ccurl_easy_getinfo_string(easy, CURLINFO_REDIRECT_URL, &target) == 0, let target {
            return String(cString: target)
        }
        guard let location = fields.first(where: { $0.name == "location" })?.value else { return nil }
        return Self.resolve(location, against: request.url)
    }
    /// Why the transfer was aborted from a callback (redirect mode error, too many redirects).
    private(set) var abortError: HTTPClientError?

    // Body.
    private var buffer: [UInt8] = []
    private var paused = false
    private var failure: HTTPClientError?
    private let highWater: Int
    private let maxRedirects: Int

    init(client: HTTPClient, easy: UnsafeMutableRawPointer, request: HTTPClientRequest) {
        self.client = client
        self.easy = easy
        self.request = request
        highWater = max(1, client.configuration.bodyHighWater)
        maxRedirects = client.configuration.maxRedirects
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    }

    deinit {
        if let list = headerList { curl_slist_free_all(list) }
        errorBuffer.deallocate()
    }

    static func from(_ pointer: UnsafeMutableRawPointer?) -> HTTPClientTransfer {
        Unmanaged<HTTPClientTransfer>.fromOpaque(pointer!).takeUnretainedValue()
    }

    var errorText: String { String(cString: errorBuffer) }

    // MARK: - Consumer API

    /// Takes the buffered body bytes (all of them, as one array), or tells the end / failure / nothing yet.
    /// Draining the buffer resumes a paused transfer.
    public func read() -> HTTPClientBodyRead {
        if !buffer.isEmpty {
            var out: [UInt8] = []
            swap(&out, &buffer)
            if paused, !isFinished {
                paused = false
                client?.unpause(self)
            }
            return .bytes(out)
        }
        if isFinished {
            if let failure { return .failed(failure) }
            return .end
        }
        return .pending
    }

    /// Aborts the transfer (the connection is closed). No callback fires afterwards.
    public func cancel() {
        onHead = nil
        onBody = nil
        guard !isFinished else { return }
        isFinished = true
        failure = HTTPClientError(.other, "cancelled")
        client?.remove(self)
    }

    // MARK: - Client side

    /// Drops the easy handle (the client recycles it).
    func detach() {
        easy = nil
    }

    func finish(_ error: HTTPClientError?) {
        guard !isFinished else { return }
        isFinished = true
        failure = error
        easy = nil
        client?.enqueue(self)
    }

    /// Called by the client from the loop (outside libcurl) when there is news.
    func notify() {
        if !headDelivered {
            if let head {
                headDelivered = true
                onHead?(.success(head))
                if !buffer.isEmpty || isFinished { onBody?() }
            } else if isFinished {
                headDelivered = true
                let callback = onHead
                onHead = nil
                onBody = nil
                callback?(.failure(failure ?? HTTPClientError(.other, "the transfer ended without a response")))
            }
            return
        }
        onBody?()
    }

    func beginNextHop(_ url: String) {
        redirectCount += 1
        redirected = true
        let fromOrigin = Self.origin(request.url)
        let code = status
        var r = request
        r.url = url
        // Fetch §4.4 "HTTP-redirect fetch" step 12: the method becomes GET (body and body headers dropped).
        if ((code == 301 || code == 302) && r.method == "POST") || (code == 303 && r.method != "GET" && r.method != "HEAD") {
            r.method = "GET"
            r.body = nil
            r.headers.removeAll { h in
                let n = h.name.lowercasedASCII()
                return n == "content-type" || n == "content-length" || n == "content-encoding"
                    || n == "content-language" || n == "content-location"
            }
        }
        if Self.origin(url) != fromOrigin {
            r.headers.removeAll { $0.name.lowercasedASCII() == "authorization" }
        }
        request = r
        status = 0
        statusText = ""
        fields = []
        discardBody = false
        redirectPending = false
        errorBuffer[0] = 0
    }

    /// A `Location` value made absolute against `base` (absolute URL, `//host/…`, `/path`, or relative).
    static func resolve(_ location: String, against base: String) -> String {
        let lower = location.lowercasedASCII()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") { return location }
        let origin = origin(base)
        if location.hasPrefix("//") {
            let scheme = base.prefix(while: { $0 != ":" })
            return scheme + ":" + location
        }
        if location.hasPrefix("/") { return origin + location }
        var path = String(base.dropFirst(origin.count))
        if let cut = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = String(path[..<cut]) }
        if let slash = path.lastIndex(of: "/") { path = String(path[...slash]) } else { path = "/" }
        return origin + path + location
    }

    /// scheme://host:port, lower-cased, for comparing origins of redirect hops.
    static func origin(_ url: String) -> String {
        let bytes = Array(url.utf8)
        var i = 0
        var slashes = 0
        // Skip "scheme://", then stop at the first "/", "?" or "#" of the rest.
        while i < bytes.count, slashes < 2 {
            if bytes[i] == UInt8(ascii: "/") { slashes += 1 }
            i += 1
        }
        while i < bytes.count, bytes[i] != UInt8(ascii: "/"), bytes[i] != UInt8(ascii: "?"), bytes[i] != UInt8(ascii: "#") {
            i += 1
        }
        return String(decoding: bytes[0..<i], as: UTF8.self).lowercasedASCII()
    }

    // MARK: - libcurl callbacks (inside libcurl calls)

    /// CURLOPT_HEADERFUNCTION: one complete header line per call (status line, fields, blank line).
    func headerLine(_ data: UnsafeMutablePointer<CChar>?, _ length: Int) -> Int {
        guard let data, length > 0 else { return length }
        let bytes = UnsafeRawBufferPointer(start: data, count: length)
        var end = length
        while end > 0, bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D { end -= 1 }
        let line = UnsafeRawBufferPointer(rebasing: bytes[0..<end])
        if line.starts(with: "HTTP/".utf8) {
            // A new response (1xx interim responses come before the final one).
            status = 0
            statusText = ""
            fields = []
            let text = String(decoding: line, as: UTF8.self)
            let parts = text.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
            if parts.count >= 2 { status = Int(parts[1]) ?? 0 }
            if parts.count == 3 { statusText = String(parts[2]) }
            return length
        }
        if end == 0 {
            return headComplete() ? length : 0
        }
        guard status != 0, head == nil, !redirectPending else { return length }  // trailers, redirect hops
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return length }
        let name = String(decoding: UnsafeRawBufferPointer(rebasing: line[0..<colon]), as: UTF8.self).lowercasedASCII()
        var start = colon + 1
        var stop = line.count
        while start < stop, line[start] == 0x20 || line[start] == 0x09 { start += 1 }
        while stop > start, line[stop - 1] == 0x20 || line[stop - 1] == 0x09 { stop -= 1 }
        fields.append((name, String(decoding: UnsafeRawBufferPointer(rebasing: line[start..<stop]), as: UTF8.self)))
        return length
    }

    /// The blank line after a head. Returns false to abort the transfer.
    private func headComplete() -> Bool {
        if status >= 100 && status < 200 { status = 0; fields = []; return true }
        guard head == nil, !redirectPending, status != 0 else { return true }
        if [301, 302, 303, 307, 308].contains(status), request.redirect != .manual,
           fields.contains(where: { $0.name == "location" }) {
            if request.redirect == .error {
                abortError = HTTPClientError(.redirectNotAllowed, "redirect mode is \"error\" and the server answered \(status)")
                return false
            }
            if redirectCount >= maxRedirects {
                abortError = HTTPClientError(.tooManyRedirects, "more than \(maxRedirects) redirects")
                return false
            }
            // The target is resolved once the hop ended (libcurl's CURLINFO_REDIRECT_URL).
            redirectPending = true
            discardBody = true
            return true
        }
        var headers = fields
        if let i = headers.firstIndex(where: { $0.name == "content-encoding" }), Self.decodedByCurl(headers[i].value) {
            headers.removeAll { $0.name == "content-encoding" || $0.name == "content-length" }
        }
        head = HTTPClientResponseHead(status: status, statusText: statusText, headers: headers,
                                      url: request.url, redirected: redirected)
        client?.enqueue(self)
        return true
    }

    static func decodedByCurl(_ value: String) -> Bool {
        let codings = value.lowercased().split(separator: ",").map { $0.trimmedSpaceTab() }
        guard !codings.isEmpty else { return false }
        return codings.allSatisfy { ["gzip", "x-gzip", "deflate", "br", "zstd"].contains($0) }
    }

    /// CURLOPT_WRITEFUNCTION: decoded body bytes.
    func received(_ data: UnsafeMutablePointer<CChar>?, _ length: Int) -> Int {
        if discardBody || isFinished || length == 0 { return length }
        if buffer.count >= highWater {
            paused = true
            client?.stats.pauses += 1
            return ccurl_writefunc_pause()
        }
        if let data {
            buffer.append(contentsOf: UnsafeRawBufferPointer(start: data, count: length))
        }
        client?.enqueue(self)
        return length
    }
}

extension Substring {
    func trimmedSpaceTab() -> String {
        let set = " \t"
        var s = self
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
