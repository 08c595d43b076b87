internal import CCurl
#if canImport(Glibc)
import Glibc
#endif

/// An HTTP/1.1 + HTTP/2 client over libcurl's multi interface, driven by one `EventLoop`.
///
/// Thread-confined: create it, and call everything on it, on the loop's thread. curl's sockets are
/// watched through `EventLoop.register(fd:)` and its timeout through `EventLoop.schedule`
/// (CURLMOPT_SOCKETFUNCTION / CURLMOPT_TIMERFUNCTION); no thread of its own, no blocking call.
/// Connections are kept in libcurl's cache and reused by later transfers of the same client.
///
/// Consumer callbacks (`onHead`, `onBody`) only ever run from the loop (an fd event, a timer), never
/// inside a libcurl call and never synchronously inside `start`, `read` or `cancel`, so a consumer may
/// call any method of the client from them.
public final class HTTPClient {
    public let loop: EventLoop
    public let configuration: HTTPClientConfiguration

    private let multi: UnsafeMutableRawPointer
    /// Active transfers by easy handle (retained here until they finish or are cancelled).
    private var transfers: [UnsafeMutableRawPointer: HTTPClientTransfer] = [:]
    /// Easy handles kept for reuse (curl_easy_reset before use).
    private var spareEasy: [UnsafeMutableRawPointer] = []
    /// Sockets curl asked us to watch, with the events currently registered.
    private var sockets: [Int32: IOEvents] = [:]
    private var timer: TimerHandle?
    /// Transfers with news for their consumer (head, bytes, end), in order.
    private var notifyQueue: [HTTPClientTransfer] = []
    private var flushScheduled = false
    private var closing = false

    /// Creates the multi handle. Call on the loop's thread.
    /// - Throws: `HTTPClientError` (`.other`) when libcurl cannot be initialised.
    public init(loop: EventLoop, configuration: HTTPClientConfiguration = HTTPClientConfiguration()) throws(HTTPClientError) {
        precondition(loop.inEventLoop, "HTTPClient must be created on its loop's thread")
        guard ccurl_global_init() == 0 else { throw HTTPClientError(.other, "curl_global_init failed") }
        guard let m = curl_multi_init() else { throw HTTPClientError(.other, "curl_multi_init failed") }
        self.loop = loop
        self.configuration = configuration
        multi = m
        let me = Unmanaged.passUnretained(self).toOpaque()
        _ = ccurl_multi_set_socket_callback(m, { _, fd, what, user, _ in
            HTTPClient.from(user).socketCallback(fd: fd, what: what)
        }, me)
        _ = ccurl_multi_set_timer_callback(m, { _, ms, user in
            HTTPClient.from(user).timerCallback(milliseconds: ms)
        }, me)
        _ = ccurl_multi_setopt_long(m, CURLMOPT_MAXCONNECTS, configuration.maxCachedConnections)
    }

    deinit {
        closing = true
        for (easy, t) in transfers {
            curl_multi_remove_handle(multi, easy)
            curl_easy_cleanup(easy)
            t.detach()
        }
        transfers.removeAll()
        for easy in spareEasy { curl_easy_cleanup(easy) }
        spareEasy.removeAll()
        curl_multi_cleanup(multi)
        for fd in sockets.keys { loop.unregister(fd: fd) }
        if let t = timer { loop.cancel(t) }
    }

    fileprivate static func from(_ pointer: UnsafeMutableRawPointer?) -> HTTPClient {
        Unmanaged<HTTPClient>.fromOpaque(pointer!).takeUnretainedValue()
    }

    /// Number of transfers in flight (for tests and stats).
    public var activeTransfers: Int { transfers.count }

    /// Counters since the client was created (for tests and the admin endpoint).
    public struct Stats: Sendable {
        /// Transfers started (`start` calls that succeeded).
        public var transfers = 0
        /// Connections opened (a transfer on a reused connection opens none).
        public var connectionsOpened = 0
        /// Times a transfer was paused because its consumer's buffer was full.
        public var pauses = 0
        /// Redirect hops followed.
        public var redirects = 0
    }
    public internal(set) var stats = Stats()

    // MARK: - Starting and stopping transfers

    /// Starts `request`. Set `onHead`/`onBody` on the returned transfer before the loop runs again.
    /// - Throws: `HTTPClientError` `.unsupportedScheme` (only `http:`/`https:`), `.invalidURL`, `.other`.
    public func start(_ request: HTTPClientRequest) throws(HTTPClientError) -> HTTPClientTransfer {
        precondition(loop.inEventLoop, "HTTPClient.start must be called on the loop's thread")
        try Self.checkScheme(request.url)
        guard let easy = spareEasy.popLast() ?? curl_easy_init() else {
            throw HTTPClientError(.other, "curl_easy_init failed")
        }
        let t = HTTPClientTransfer(client: self, easy: easy, request: request)
        do {
            try configureHandle(t)
            try configureHop(t)
        } catch {
            t.detach()
            recycle(easy)
            throw error
        }
        let rc = curl_multi_add_handle(multi, easy)
        guard rc == CURLM_OK else {
            t.detach()
            recycle(easy)
            throw HTTPClientError(.other, String(cString: curl_multi_strerror(rc)))
        }
        transfers[easy] = t
        stats.transfers += 1
        return t
    }

    static func checkScheme(_ url: String) throws(HTTPClientError) {
        var prefix = ""
        for ch in url.utf8.prefix(8) { prefix.unicodeScalars.append(Unicode.Scalar(ch >= 65 && ch <= 90 ? ch + 32 : ch)) }
        guard prefix.hasPrefix("http://") || prefix.hasPrefix("https://") else {
            throw HTTPClientError(.unsupportedScheme, "only http: and https: URLs can be fetched")
        }
    }

    /// Options that stay the same for every hop of a transfer.
    private func configureHandle(_ t: HTTPClientTransfer) throws(HTTPClientError) {
        let easy = t.easy!
        curl_easy_reset(easy)
        let me = Unmanaged.passUnretained(t).toOpaque()
        var failed = Int32(0)
        func check(_ rc: Int32) { if rc != 0 && failed == 0 { failed = rc } }
        check(ccurl_easy_setopt_long(easy, CURLOPT_NOSIGNAL, 1))
        check(ccurl_easy_setopt_string(easy, CURLOPT_PROTOCOLS_STR, "http,https"))
        check(ccurl_easy_setopt_string(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https"))
        // "" = every coding this libcurl decodes (gzip, deflate, br, zstd), decoded transparently.
        check(ccurl_easy_setopt_string(easy, CURLOPT_ACCEPT_ENCODING, ""))
        check(ccurl_easy_setopt_long(easy, CURLOPT_FOLLOWLOCATION, 0))
        check(ccurl_easy_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, Self.millis(configuration.connectTimeout)))
        check(ccurl_easy_setopt_long(easy, CURLOPT_TIMEOUT_MS, Self.millis(t.request.timeout ?? configuration.timeout)))
        check(ccurl_easy_setopt_pointer(easy, CURLOPT_ERRORBUFFER, t.errorBuffer))
        check(ccurl_easy_set_write_callback(easy, { data, size, count, user in
            HTTPClientTransfer.from(user).received(data, size &* count)
        }, me))
        check(ccurl_easy_set_header_callback(easy, { data, size, count, user in
            HTTPClientTransfer.from(user).headerLine(data, size &* count)
        }, me))
        check(ccurl_easy_set_closesocket_callback(easy, { user, fd in
            HTTPClient.from(user).closeSocket(fd)
        }, Unmanaged.passUnretained(self).toOpaque()))
        if failed != 0 { throw HTTPClientError(.other, "curl_easy_setopt: \(String(cString: curl_easy_strerror(CURLcode(UInt32(failed)))))") }
    }

    /// URL, method, body and header fields of the current hop.
    func configureHop(_ t: HTTPClientTransfer) throws(HTTPClientError) {
        let easy = t.easy!
        let r = t.request
        var failed = Int32(0)
        func check(_ rc: Int32) { if rc != 0 && failed == 0 { failed = rc } }
        check(ccurl_easy_setopt_string(easy, CURLOPT_URL, r.url))
        check(ccurl_easy_setopt_string(easy, CURLOPT_CUSTOMREQUEST, nil))
        let method = r.method
        switch method {
        case "GET":
            check(ccurl_easy_setopt_long(easy, CURLOPT_HTTPGET, 1))
        case "HEAD":
            check(ccurl_easy_setopt_long(easy, CURLOPT_HTTPGET, 1))
            check(ccurl_easy_setopt_long(easy, CURLOPT_NOBODY, 1))
        default:
            if let body = r.body {
                check(body.withUnsafeBytes { ccurl_easy_set_body(easy, $0.baseAddress, $0.count) })
            } else if method == "POST" || method == "PUT" || method == "PATCH" {
                check(ccurl_easy_set_body(easy, nil, 0))  // Content-Length: 0, as Fetch sends
            } else {
                check(ccurl_easy_setopt_long(easy, CURLOPT_HTTPGET, 1))
            }
            if method != "POST" { check(ccurl_easy_setopt_string(easy, CURLOPT_CUSTOMREQUEST, method)) }
        }
        // Header fields: the caller's, minus the ones libcurl must own; curl's unwanted defaults off.
        if let old = t.headerList { curl_slist_free_all(old); t.headerList = nil }
        var list: UnsafeMutablePointer<curl_slist>?
        var hasContentType = false
        for h in r.headers {
            let name = h.name.lowercasedASCII()
            switch name {
            case "content-length", "transfer-encoding", "connection", "host", "keep-alive", "te", "upgrade":
                continue
            case "content-type":
                hasContentType = true
            default:
                break
            }
            let line = h.value.isEmpty ? "\(h.name);" : "\(h.name): \(h.value)"
            list = curl_slist_append(list, line)
        }
        list = curl_slist_append(list, "Expect:")
        if !hasContentType { list = curl_slist_append(list, "Content-Type:") }
        t.headerList = list
        check(ccurl_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, list))
        if failed != 0 {
            let code = CURLcode(UInt32(failed))
            throw HTTPClientError(code == CURLE_URL_MALFORMAT ? .invalidURL : .other,
                                  "curl_easy_setopt: \(String(cString: curl_easy_strerror(code)))")
        }
    }

    /// Stops a transfer and forgets it (no more callbacks).
    func remove(_ t: HTTPClientTransfer) {
        guard let easy = t.easy else { return }
        transfers[easy] = nil
        curl_multi_remove_handle(multi, easy)
        t.detach()
        recycle(easy)
    }

    private func recycle(_ easy: UnsafeMutableRawPointer) {
        // The error buffer belonged to the finished transfer; nothing may write there any more.
        _ = ccurl_easy_setopt_pointer(easy, CURLOPT_ERRORBUFFER, nil)
        if spareEasy.count < 16 { spareEasy.append(easy) } else { curl_easy_cleanup(easy) }
    }

    /// Resumes a paused transfer; curl may deliver its held-back bytes right away.
    func unpause(_ t: HTTPClientTransfer) {
        guard let easy = t.easy else { return }
        curl_easy_pause(easy, Int32(CCURL_PAUSE_CONT))
        scheduleFlush()
    }

    // MARK: - Consumer notifications

    func enqueue(_ t: HTTPClientTransfer) {
        guard !t.queued else { return }
        t.queued = true
        notifyQueue.append(t)
    }

    func scheduleFlush() {
        guard !flushScheduled else { return }
        flushScheduled = true
        loop.schedule(afterNanoseconds: 0) { [unowned self] in
            flushScheduled = false
            afterCurl()
        }
    }

    /// After every libcurl call driven by the loop: finished transfers, then consumer callbacks.
    private func afterCurl() {
        var easy: UnsafeMutableRawPointer?
        var result: Int32 = 0
        while ccurl_multi_next_done(multi, &easy, &result) != 0 {
            guard let e = easy, let t = transfers[e] else { continue }
            done(t, CURLcode(UInt32(result)))
        }
        var i = 0
        while i < notifyQueue.count {
            let t = notifyQueue[i]
            i += 1
            t.queued = false
            t.notify()
        }
        notifyQueue.removeAll(keepingCapacity: true)
    }

    private func done(_ t: HTTPClientTransfer, _ code: CURLcode) {
        guard let easy = t.easy else { return }
        var opened = 0
        if ccurl_easy_getinfo_long(easy, CURLINFO_NUM_CONNECTS, &opened) == 0 { stats.connectionsOpened += opened }
        if code == CURLE_OK, let next = t.nextURL {
            // Follow the redirect on the same easy handle (the connection is reused when it can be).
            curl_multi_remove_handle(multi, easy)
            stats.redirects += 1
            t.beginNextHop(next)
            do {
                try Self.checkScheme(next)
                try configureHop(t)
            } catch {
                transfers[easy] = nil
                t.finish(error)
                recycle(easy)
                return
            }
            if curl_multi_add_handle(multi, easy) != CURLM_OK {
                transfers[easy] = nil
                t.finish(HTTPClientError(.other, "curl_multi_add_handle failed"))
                recycle(easy)
            }
            return
        }
        var failure: HTTPClientError?
        if let abort = t.abortError {
            failure = abort
        } else if code != CURLE_OK {
            failure = Self.error(for: code, detail: t.errorText)
        } else if t.head == nil {
            failure = HTTPClientError(.protocolError, "the response ended before its header was complete")
        }
        transfers[easy] = nil
        curl_multi_remove_handle(multi, easy)
        t.finish(failure)
        recycle(easy)
    }

    static func error(for code: CURLcode, detail: String) -> HTTPClientError {
        let text = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
        switch code {
        case CURLE_UNSUPPORTED_PROTOCOL: return HTTPClientError(.unsupportedScheme, text)
        case CURLE_URL_MALFORMAT: return HTTPClientError(.invalidURL, text)
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY: return HTTPClientError(.dns, text)
        case CURLE_COULDNT_CONNECT: return HTTPClientError(.connect, text)
        case CURLE_OPERATION_TIMEDOUT: return HTTPClientError(.timeout, text)
        case CURLE_TOO_MANY_REDIRECTS: return HTTPClientError(.tooManyRedirects, text)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
             CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ISSUER_ERROR,
             CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_SHUTDOWN_FAILED:
            return HTTPClientError(.tls, text)
        case CURLE_SEND_ERROR: return HTTPClientError(.send, text)
        case CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE: return HTTPClientError(.receive, text)
        case CURLE_WEIRD_SERVER_REPLY, CURLE_BAD_CONTENT_ENCODING, CURLE_HTTP2, CURLE_HTTP2_STREAM, CURLE_HTTP3:
            return HTTPClientError(.protocolError, text)
        default: return HTTPClientError(.other, text)
        }
    }

    // MARK: - libcurl callbacks (called inside libcurl calls on the loop thread)

    fileprivate func socketCallback(fd: Int32, what: Int32) -> Int32 {
        if what == Int32(CCURL_POLL_REMOVE) {
            if sockets.removeValue(forKey: fd) != nil { loop.unregister(fd: fd) }
            return 0
        }
        var events: IOEvents = []
        if what & Int32(CCURL_POLL_IN) != 0 { events.insert(.readable) }
        if what & Int32(CCURL_POLL_OUT) != 0 { events.insert(.writable) }
        if let current = sockets[fd] {
            guard current != events else { return 0 }
            do {
                try loop.modify(fd: fd, events: events)
                sockets[fd] = events
                return 0
            } catch {
                loop.unregister(fd: fd)  // a stale registration (fd number reused): start over
                sockets[fd] = nil
            }
        }
        do {
            try watch(fd, events)
        } catch {
            loop.unregister(fd: fd)
            guard (try? watch(fd, events)) != nil else { return -1 }
        }
        sockets[fd] = events
        return 0
    }

    private func watch(_ fd: Int32, _ events: IOEvents) throws(SystemError) {
        try loop.register(fd: fd, events: events) { [unowned self] ready in socketReady(fd, ready) }
    }

    fileprivate func timerCallback(milliseconds: Int) -> Int32 {
        if let t = timer { loop.cancel(t); timer = nil }
        guard milliseconds >= 0 else { return 0 }
        timer = loop.schedule(afterNanoseconds: Int64(milliseconds) * 1_000_000) { [unowned self] in
            timer = nil
            var running: Int32 = 0
            curl_multi_socket_action(multi, CCURL_SOCKET_TIMEOUT, 0, &running)
            afterCurl()
        }
        return 0
    }

    fileprivate func closeSocket(_ fd: Int32) -> Int32 {
        if !closing, sockets.removeValue(forKey: fd) != nil { loop.unregister(fd: fd) }
        return close(fd)
    }

    private func socketReady(_ fd: Int32, _ events: IOEvents) {
        var mask: Int32 = 0
        if !events.isDisjoint(with: [.readable, .hangup, .readHangup]) { mask |= Int32(CCURL_CSELECT_IN) }
        if events.contains(.writable) { mask |= Int32(CCURL_CSELECT_OUT) }
        if events.contains(.error) { mask |= Int32(CCURL_CSELECT_ERR) }
        var running: Int32 = 0
        curl_multi_socket_action(multi, fd, mask, &running)
        afterCurl()
    }

    static func millis(_ d: Duration) -> Int {
        let ns = d.nanoseconds
        return ns <= 0 ? 0 : Int(max(1, ns / 1_000_000))
    }
}

extension String {
    /// ASCII lower-casing (header names are ASCII tokens); cheap when already lower case.
    func lowercasedASCII() -> String {
        guard utf8.contains(where: { $0 >= 65 && $0 <= 90 }) else { return self }
        return String(decoding: utf8.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self)
    }
}
