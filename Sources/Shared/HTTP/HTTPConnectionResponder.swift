/// The `HTTPResponder` of one request on an `HTTPConnection`. Each request gets its own instance, so a
/// responder kept by a handler past its response can never write into a later response: once finished
/// (or once the connection closed) it is detached and every call is a no-op.
final class HTTPConnectionResponder: HTTPResponder {
    private var connection: HTTPConnection?
    private let isHead: Bool
    private let versionMinor: Int

    private enum Phase {
        case pending
        case streaming(HTTPResponseFraming, remaining: Int)
    }
    private var phase = Phase.pending
    /// `write` returned false: fire `onWritable` once the output drained.
    private(set) var wantsWritable = false

    var onWritable: (() -> Void)?
    var onClose: (() -> Void)?
    var isFinished: Bool { connection == nil }

    init(connection: HTTPConnection, isHead: Bool, versionMinor: Int) {
        self.connection = connection
        self.isHead = isHead
        self.versionMinor = versionMinor
    }

    // MARK: - HTTPResponder

    func respond(status: Int, headers: [(name: String, value: String)], body: [UInt8]) {
        guard let c = connection, case .pending = phase else { return }
        if status >= 100 && status < 200 {
            sendInformational(c, status, headers)
            return
        }
        let status = (200...999).contains(status) ? status : 500
        let facts = HTTPResponseEncoder.facts(of: headers)
        let bodyAllowed = status != 204 && status != 304
        let framing: HTTPResponseFraming
        if !bodyAllowed {
            framing = .none
        } else if isHead && body.isEmpty, let declared = facts.contentLength {
            framing = .length(declared)  // HEAD answered with the GET's length, no body
        } else {
            framing = .length(body.count)
        }
        let close = writeHead(c, status, headers, facts, framing)
        if bodyAllowed && !isHead && !body.isEmpty {
            c.output.append(contentsOf: body)
        }
        finish(c, close: close)
    }

    func startStream(status: Int, headers: [(name: String, value: String)]) {
        guard let c = connection, case .pending = phase else { return }
        let status = (200...999).contains(status) ? status : 500
        let facts = HTTPResponseEncoder.facts(of: headers)
        let framing: HTTPResponseFraming
        var remaining = 0
        if status == 204 || status == 304 {
            framing = .none
        } else if let declared = facts.contentLength {
            framing = .length(declared)
            remaining = isHead ? 0 : declared
        } else if isHead {
            framing = .none
        } else if versionMinor >= 1 {
            framing = .chunked
        } else {
            framing = .closeDelimited
        }
        _ = writeHead(c, status, headers, facts, framing)
        // HEAD, 204, 304: the head is all there is; writes are ignored until `end`.
        let bodyFraming: HTTPResponseFraming = (isHead || framing == .none) ? .none : framing
        phase = .streaming(bodyFraming, remaining: remaining)
        c.queueFlush()
    }

    @discardableResult
    func write(_ bytes: [UInt8]) -> Bool {
        guard let c = connection, case .streaming(let framing, let remaining) = phase else { return false }
        switch framing {
        case .none:
            return true
        case .chunked:
            guard !bytes.isEmpty else { break }
            HTTPResponseEncoder.appendHex(bytes.count, into: &c.output)
            HTTPResponseEncoder.append("\r\n", into: &c.output)
            c.output.append(contentsOf: bytes)
            HTTPResponseEncoder.append("\r\n", into: &c.output)
        case .length:
            // Bytes beyond the declared length would corrupt the next response: they are dropped,
            // and `end` then closes the connection.
            let n = min(remaining, bytes.count)
            if n > 0 { c.output.append(contentsOf: bytes[0..<n]) }
            phase = .streaming(framing, remaining: bytes.count > remaining ? -1 : remaining - n)
        case .closeDelimited:
            c.output.append(contentsOf: bytes)
        }
        c.queueFlush()
        if c.pendingOutput >= c.owner.config.writeHighWater {
            wantsWritable = true
            return false
        }
        return true
    }

    func end(error: Bool) {
        guard let c = connection else { return }
        guard case .streaming(let framing, let remaining) = phase else {
            if error { abortByHandler(c) }
            return
        }
        if error { return abortByHandler(c) }
        switch framing {
        case .chunked:
            HTTPResponseEncoder.append("0\r\n\r\n", into: &c.output)
            finish(c, close: false)
        case .length:
            // Fewer (or more) bytes than declared: the client cannot find the end; close instead.
            if remaining != 0 { return abortByHandler(c) }
            finish(c, close: false)
        case .closeDelimited:
            finish(c, close: true)
        case .none:
            finish(c, close: false)
        }
    }

    // MARK: - Connection side

    /// The connection closed before the response finished: notify the handler once.
    func connectionClosed() {
        guard connection != nil else { return }
        connection = nil
        let callback = onClose
        onClose = nil
        onWritable = nil
        callback?()
    }

    /// Forget the connection without callbacks (the server rejected the request itself).
    func detach() {
        connection = nil
        onClose = nil
        onWritable = nil
    }

    func fireWritable() {
        wantsWritable = false
        onWritable?()
    }

    // MARK: - Helpers

    /// Writes the response head; returns whether the connection closes after this response.
    private func writeHead(_ c: HTTPConnection, _ status: Int, _ headers: [(name: String, value: String)],
                           _ facts: HTTPResponseEncoder.HeaderFacts, _ framing: HTTPResponseFraming) -> Bool {
        let close = !c.keepAlive || c.owner.draining || facts.close || framing == .closeDelimited
        c.keepAlive = !close
        c.owner.encoder.appendHead(into: &c.output, status: status, headers: headers, hasDate: facts.hasDate,
                                   framing: framing, close: close, keepAliveHeader: !close && versionMinor == 0)
        return close
    }

    private func sendInformational(_ c: HTTPConnection, _ status: Int, _ headers: [(name: String, value: String)]) {
        // HTTP/1.0 clients do not understand 1xx; 101 would need a protocol switch we do not offer.
        guard versionMinor >= 1, status != 101 else { return }
        HTTPResponseEncoder.appendInformationalHead(into: &c.output, status: status, headers: headers)
        c.queueFlush()
    }

    private func finish(_ c: HTTPConnection, close: Bool) {
        connection = nil
        onClose = nil
        onWritable = nil
        c.queueFlush()
        c.responseFinished(close: close)
    }

    private func abortByHandler(_ c: HTTPConnection) {
        detach()
        c.abort()
    }
}
