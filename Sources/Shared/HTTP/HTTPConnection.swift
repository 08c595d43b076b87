#if canImport(Glibc)
import Glibc
#endif

/// One accepted TCP connection: reads and parses requests, hands them to the loop's `HTTPHandler`
/// one at a time, and writes the responses in order. Lives on its loop thread only.
///
/// State machine:
/// ```
/// head ──complete head──► body / chunked ──body read──► responding ──response finished──► head
///   │                         │                              │ (keep-alive)         └──► closing (flush) ─► closed
///   └── malformed / limit / timeout ─► error response, closing ─► lingering (drain input) ─► closed
/// ```
/// Pipelining: while `responding`, further input is buffered (up to `pipelineLimit`, then reading
/// pauses) and parsed only after the response finished, so responses leave in request order.
/// Input is read into the loop's shared scratch buffer; only unconsumed bytes (a partial head,
/// pipelined requests) are copied into this connection's own buffer.
final class HTTPConnection: EventLoopFDHandler {
    enum State { case head, body, chunked, responding, closing, lingering, closed }

    let fd: Int32
    unowned let owner: HTTPServerLoop
    let remoteAddress: String
    /// Position in `owner.connections` (swap-remove).
    var registryIndex = -1

    private(set) var state = State.head
    /// Keep-alive of the request being answered (false once the server drains).
    var keepAlive = true
    private var headParser: HTTPHeadParser
    private var chunkedDecoder: HTTPChunkedDecoder
    private var pendingHead: HTTPRequestHead?
    private var body: [UInt8] = []
    private var bodyRemaining = 0
    private var requestCount = 0
    /// True while `process` runs: a synchronous response must not re-enter it.
    private var processing = false
    /// The response in progress (state `responding`).
    var responder: HTTPConnectionResponder?
    /// The peer closed its sending side (read returned 0): no more reading.
    private var peerClosed = false
    /// When closing, first drain the peer's unread input (error responses) so it sees the response.
    private var lingerOnClose = false

    // Unconsumed input: bytes [inStart, inEnd) of inBuf.
    private var inBuf: UnsafeMutableRawPointer?
    private var inCap = 0
    private var inStart = 0
    private var inEnd = 0
    var inputCount: Int { inEnd - inStart }

    // Output (see HTTPConnection+Output.swift).
    var output: [UInt8] = []
    var outputSent = 0
    var interest: IOEvents = [.readable, .readHangup]
    var queuedForFlush = false

    // Timing (monotonic ns): see `computeDeadline`.
    let acceptedAt: Int64
    var phaseStart: Int64
    /// Last time `send` accepted bytes (or output appeared in an empty buffer).
    var lastWriteProgress: Int64
    var outputWasDrained = true
    var lingerDeadline: Int64 = 0
    var timer: TimerHandle?
    var timerAt: Int64 = 0

    init(fd: Int32, owner: HTTPServerLoop, remoteAddress: String) {
        self.fd = fd
        self.owner = owner
        self.remoteAddress = remoteAddress
        let config = owner.config
        headParser = HTTPHeadParser(maxHeadBytes: config.maxHeaderBytes, maxRequestLineBytes: config.maxRequestLineBytes)
        chunkedDecoder = HTTPChunkedDecoder(maxBodyBytes: config.maxBodyBytes, maxTrailerBytes: config.maxHeaderBytes)
        let now = owner.loop.iterationTime
        acceptedAt = now
        phaseStart = now
        lastWriteProgress = now
    }

    deinit {
        inBuf?.deallocate()
    }

    // MARK: - Events

    func handleEvents(_ events: IOEvents) {
        if events.contains(.writable) {
            flush()
        }
        if state != .closed && !events.isDisjoint(with: [.readable, .readHangup, .hangup, .error]) {
            if interest.contains(.readable) {
                onReadable()
            } else if !events.isDisjoint(with: [.readHangup, .hangup, .error]) {
                peerGone()
            }
        }
        afterActivity()
    }

    /// Re-arms the timeout and the epoll interest after anything changed this connection's state.
    func afterActivity() {
        guard state != .closed else { return }
        updateDeadline()
        syncInterest()
    }

    private func onReadable() {
        switch state {
        case .closed:
            return
        case .lingering, .closing:
            // Discard whatever the peer still sends; end on EOF.
            let n = recv(fd, owner.scratch, owner.scratchSize, 0)
            if n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR) {
                peerClosed = true
                if state == .lingering || output.count == outputSent { close() }
            }
        case .responding:
            // Pipelined input: buffer it (bounded), parse after the current response.
            reserveInput(16 * 1024)
            let n = recv(fd, inBuf! + inEnd, inCap - inEnd, 0)
            if n > 0 {
                inEnd += n
            } else if n == 0 || (errno != EAGAIN && errno != EINTR) {
                peerGone()
            }
        case .head, .body, .chunked:
            if inputCount == 0 {
                let n = recv(fd, owner.scratch, owner.scratchSize, 0)
                guard n > 0 else { return readFailed(n) }
                let consumed = process(UnsafeRawBufferPointer(start: owner.scratch, count: n))
                if consumed < n && state != .closed && state != .closing && state != .lingering {
                    stash(owner.scratch + consumed, n - consumed)
                }
            } else {
                reserveInput(16 * 1024)
                let n = recv(fd, inBuf! + inEnd, inCap - inEnd, 0)
                guard n > 0 else { return readFailed(n) }
                inEnd += n
                processBuffered()
            }
        }
    }

    private func readFailed(_ n: Int) {
        if n < 0 && (errno == EAGAIN || errno == EINTR) { return }
        peerGone()
    }

    /// The peer closed or reset the connection.
    private func peerGone() {
        peerClosed = true
        switch state {
        case .head where output.count > outputSent:
            // Half-close after the last request: finish sending, then close.
            state = .closing
        case .closing:
            if output.count == outputSent { close() }
        default:
            close()
        }
    }

    // MARK: - Parsing

    /// Parses and dispatches from the connection's own buffer (after a read, or after an asynchronous
    /// response finished while pipelined requests were waiting).
    private func processBuffered() {
        guard let inBuf, inputCount > 0 else { return }
        let consumed = process(UnsafeRawBufferPointer(start: inBuf + inStart, count: inputCount))
        if state == .closed { return }
        inStart += consumed
        if inStart == inEnd {
            inStart = 0
            inEnd = 0
            if inCap > 64 * 1024 {
                self.inBuf?.deallocate()
                self.inBuf = nil
                inCap = 0
            }
        }
    }

    /// Runs the request state machine over `input`; returns how many bytes were consumed. Stops when a
    /// head is incomplete, or at the start of the next request while a response is in progress.
    private func process(_ input: UnsafeRawBufferPointer) -> Int {
        processing = true
        defer { processing = false }
        let base = input.baseAddress!
        let count = input.count
        var pos = 0
        while true {
            switch state {
            case .head:
                guard pos < count else { return pos }
                if headParser.isFresh { phaseStart = owner.loop.iterationTime }
                switch headParser.parse(UnsafeRawBufferPointer(start: base + pos, count: count - pos)) {
                case .needMore:
                    return pos
                case .failure(let error):
                    fail(error)
                    return count
                case .complete(let head, let consumed):
                    pos += consumed
                    headParser.reset()
                    beginRequest(head, bodyBytesAvailable: count - pos)
                }
            case .body:
                let take = min(bodyRemaining, count - pos)
                guard take > 0 else { return pos }
                body.append(contentsOf: UnsafeRawBufferPointer(start: base + pos, count: take))
                pos += take
                bodyRemaining -= take
                phaseStart = owner.loop.iterationTime
                if bodyRemaining == 0 { dispatch() }
            case .chunked:
                guard pos < count else { return pos }
                let (used, result) = chunkedDecoder.feed(UnsafeRawBufferPointer(start: base + pos, count: count - pos), into: &body)
                pos += used
                phaseStart = owner.loop.iterationTime
                switch result {
                case .needMore: return pos
                case .done: dispatch()
                case .failure(let error):
                    fail(error)
                    return count
                }
            case .responding:
                return pos
            case .closing, .lingering, .closed:
                if pos < count { lingerOnClose = true }
                return count
            }
        }
    }

    private func beginRequest(_ head: HTTPRequestHead, bodyBytesAvailable: Int) {
        requestCount += 1
        keepAlive = head.keepAlive && !owner.draining
        let config = owner.config
        if let length = head.contentLength, length > 0 {
            if length > config.maxBodyBytes { return fail(.payloadTooLarge) }
            pendingHead = head
            body = []
            body.reserveCapacity(min(length, 1 << 20))
            bodyRemaining = length
            state = .body
        } else if head.chunked {
            pendingHead = head
            body = []
            chunkedDecoder = HTTPChunkedDecoder(maxBodyBytes: config.maxBodyBytes, maxTrailerBytes: config.maxHeaderBytes)
            state = .chunked
        } else {
            pendingHead = head
            dispatch()
            return
        }
        phaseStart = owner.loop.iterationTime
        if head.expectContinue && bodyBytesAvailable == 0 {
            HTTPResponseEncoder.append("HTTP/1.1 100 Continue\r\n\r\n", into: &output)
            queueFlush()
        }
    }

    private func dispatch() {
        guard let head = pendingHead else { return }
        pendingHead = nil
        state = .responding
        let request = HTTPRequest(method: head.method, target: head.target, versionMinor: head.versionMinor,
                                  headers: head.headers, body: body, remoteAddress: remoteAddress)
        body = []
        let responder = HTTPConnectionResponder(connection: self, isHead: head.isHead, versionMinor: head.versionMinor)
        self.responder = responder
        owner.handler?.handle(request, responder: responder)
    }

    /// The responder finished its response (called by `HTTPConnectionResponder`).
    func responseFinished(close closeAfter: Bool) {
        responder = nil
        if closeAfter || !keepAlive {
            state = .closing
            queueFlush()
        } else {
            state = .head
            headParser.reset()
            phaseStart = owner.loop.iterationTime
            if owner.draining && inputCount == 0 {
                // Nothing else asked on this connection: close it once the response is out.
                state = .closing
            }
        }
        // The flush pass also resumes pipelined requests buffered meanwhile (`resumePipelined`), so an
        // asynchronous completion never calls the handler from inside another handler call.
        queueFlush()
        if !processing { afterActivity() }
    }

    /// Parses requests that were pipelined behind a response that finished asynchronously.
    /// Called at the top of `flush`, i.e. from the loop, never nested in a handler.
    func resumePipelined() {
        guard state == .head, inputCount > 0, !processing else { return }
        processBuffered()
    }

    /// Rejects the request: error response with `connection: close`, then close (draining input first).
    func fail(_ error: HTTPParseError) {
        responder?.detach()
        responder = nil
        pendingHead = nil
        body = []
        keepAlive = false
        lingerOnClose = true
        let status = error.status
        let message = "{\"error\":\"\(error.code)\",\"message\":\"\(error.message)\"}"
        let bytes = Array(message.utf8)
        owner.encoder.appendHead(into: &output, status: status, headers: [("content-type", "application/json")],
                                 hasDate: false, framing: .length(bytes.count), close: true, keepAliveHeader: false)
        output.append(contentsOf: bytes)
        state = .closing
        queueFlush()
    }

    // MARK: - Shutdown

    /// Server drain: close an idle connection now; an active one gets `connection: close` on its response.
    func beginDrain() {
        keepAlive = false
        guard state == .head, inputCount == 0, output.count == outputSent else { return }
        // A request may already sit in the socket: read it before deciding the connection is idle.
        onReadable()
        if state == .head && inputCount == 0 && output.count == outputSent {
            close()
        } else {
            afterActivity()
        }
    }

    /// Closes at once; a response in progress sees `onClose`.
    func abort() {
        close()
    }

    /// Called when all output is written in state `closing`.
    func finishClosing() {
        if lingerOnClose && !peerClosed {
            shutdown(fd, Int32(SHUT_WR))
            state = .lingering
            lingerDeadline = owner.loop.iterationTime + owner.config.lingerTimeoutNs
            afterActivity()
        } else {
            close()
        }
    }

    func close() {
        guard state != .closed else { return }
        state = .closed
        if let timer {
            owner.loop.cancel(timer)
            self.timer = nil
        }
        owner.loop.unregister(fd: fd)
        Glibc.close(fd)
        let responder = self.responder
        self.responder = nil
        output = []
        outputSent = 0
        owner.connectionClosed(self)
        responder?.connectionClosed()
    }

    // MARK: - Input buffer

    /// Makes room for at least `extra` more bytes at the end of the input buffer.
    private func reserveInput(_ extra: Int) {
        if inCap - inEnd >= extra { return }
        if inStart > 0 {
            if inputCount > 0 { memmove(inBuf!, inBuf! + inStart, inputCount) }
            inEnd -= inStart
            inStart = 0
            if inCap - inEnd >= extra { return }
        }
        let newCap = max(inCap * 2, inEnd + extra, 16 * 1024)
        let newBuf = UnsafeMutableRawPointer.allocate(byteCount: newCap, alignment: 16)
        if let inBuf {
            if inEnd > 0 { newBuf.copyMemory(from: inBuf, byteCount: inEnd) }
            inBuf.deallocate()
        }
        inBuf = newBuf
        inCap = newCap
    }

    /// Keeps unconsumed bytes from the scratch buffer (the input buffer is empty here).
    private func stash(_ bytes: UnsafeRawPointer, _ count: Int) {
        inStart = 0
        inEnd = 0
        reserveInput(count)
        inBuf!.copyMemory(from: bytes, byteCount: count)
        inEnd = count
    }

    /// Whether reading should continue: not after EOF, and not while a response is in progress and
    /// enough pipelined input is already buffered.
    var wantsInput: Bool {
        if peerClosed { return false }
        if state == .responding { return inputCount < owner.config.pipelineLimit }
        return true
    }

    /// The current timeout deadline (monotonic ns), or 0 for none.
    func computeDeadline() -> Int64 {
        let config = owner.config
        switch state {
        case .head:
            if output.count > outputSent && inputCount == 0 { return writeStallStart + config.idleTimeoutNs }
            if inputCount > 0 { return phaseStart + config.headerTimeoutNs }
            return requestCount == 0 ? acceptedAt + config.headerTimeoutNs : phaseStart + config.idleTimeoutNs
        case .body, .chunked:
            return phaseStart + config.bodyTimeoutNs
        case .responding, .closing:
            return output.count > outputSent ? writeStallStart + config.idleTimeoutNs : 0
        case .lingering:
            return lingerDeadline
        case .closed:
            return 0
        }
    }

    /// Since when pending output has made no progress (now, if no send was attempted yet).
    private var writeStallStart: Int64 {
        outputWasDrained ? owner.loop.iterationTime : lastWriteProgress
    }

    /// A timeout passed: decide by state what it means.
    func deadlineExpired() {
        switch state {
        case .head where inputCount > 0, .body, .chunked:
            fail(.timeout)
            afterActivity()
        case .head, .responding, .closing, .lingering:
            close()
        case .closed:
            break
        }
    }
}
