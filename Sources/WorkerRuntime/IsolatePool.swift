import Shared
import URLStandard

/// The isolates of one event-loop thread: warm isolates per worker version, the requests running in
/// them, their timers and limits. Everything here runs on that loop's thread; JS runs inline.
///
/// An isolate serves one invocation at a time (its `waitUntil` work included); concurrent requests for
/// one worker get more isolates, up to `maxIsolatesPerWorker`, then wait in a queue.
public final class IsolatePool {
    public let loop: EventLoop
    public let limits: RuntimeLimits
    let logSink: WorkerLogSink?
    let watch = CPUWatch()

    private var idle: [String: [PooledIsolate]] = [:]
    private var idleCount = 0
    /// Isolates running an invocation (held here; idle ones are held by `idle`).
    private var busy: [ObjectIdentifier: PooledIsolate] = [:]
    private var live: [String: Int] = [:]          // isolates per key (idle + busy)
    private var queues: [String: [Invocation]] = [:]
    private var nextID = 1
    private var useTick: UInt64 = 0
    /// Blank isolates ready for a cold start (see `RuntimeLimits.spareIsolates`).
    private var spares: [Isolate] = []
    private var refillScheduled = false

    /// Counters, for tests and the admin endpoint.
    public private(set) var stats = Stats()
    public struct Stats: Sendable {
        public var isolatesCreated = 0
        public var warmHits = 0
        /// Cold starts that found a spare isolate ready.
        public var spareHits = 0
        /// Cold starts that compiled the worker from its V8 code cache.
        public var codeCacheHits = 0
        public var terminations = 0
        public var invocations = 0
        /// CPU time the last CPU-terminated invocation had used when it was stopped.
        public var lastTerminationCPUNanos: Int64 = 0
    }

    public init(loop: EventLoop, limits: RuntimeLimits, logSink: WorkerLogSink?) {
        self.loop = loop
        self.limits = limits
        self.logSink = logSink
        scheduleSpareRefill()
    }

    /// Creates spare isolates one per loop turn (each takes a few ms), so requests in between go first.
    private func scheduleSpareRefill() {
        guard spares.count < limits.spareIsolates, !refillScheduled else { return }
        refillScheduled = true
        loop.schedule(afterNanoseconds: 1_000_000) { [unowned(unsafe) self] in
            self.refillScheduled = false
            guard self.spares.count < self.limits.spareIsolates else { return }
            if let iso = try? Isolate(heapLimit: self.limits.heapMaxBytes) {
                self.stats.isolatesCreated += 1
                self.spares.append(iso)
            }
            self.scheduleSpareRefill()
        }
    }

    // MARK: Public entry points

    /// Runs the worker's fetch handler for `request`; the answer goes to `responder`.
    /// `url` is the absolute URL the worker sees (`http://host/path?query`).
    public func fetch(worker: WorkerVersion, request: HTTPRequest, url: String, responder: HTTPResponder) {
        // The worker sees a normalised URL; a Host header that makes none (bad port, userinfo) is the
        // client's error, not the worker's.
        guard let parsed = URLParser.parse(url), !parsed.includesCredentials,
              parsed.scheme == "http" || parsed.scheme == "https" else {
            responder.respond(status: 400, headers: [("content-type", "text/plain;charset=UTF-8")],
                              body: Array("Bad Request: the Host header and target do not make a valid URL".utf8))
            return
        }
        let inv = Invocation(id: nextInvocationID(), worker: worker, kind: .fetch(responder))
        inv.request = request
        inv.url = parsed.href
        start(inv)
    }

    /// Runs the worker's scheduled handler; `completion` gets the outcome.
    public func scheduled(worker: WorkerVersion, scheduledTime: Double, cron: String,
                          completion: @escaping (ScheduledOutcome) -> Void) {
        let inv = Invocation(id: nextInvocationID(), worker: worker, kind: .scheduled(completion))
        inv.scheduledTime = scheduledTime
        inv.cron = cron
        start(inv)
    }

    // MARK: Scheduling invocations onto isolates

    private func nextInvocationID() -> Int {
        defer { nextID += 1 }
        return nextID
    }

    private func start(_ inv: Invocation) {
        stats.invocations += 1
        inv.startTime = EventLoop.now()
        let key = inv.worker.key
        if var list = idle[key], let p = list.popLast() {
            idle[key] = list.isEmpty ? nil : list
            idleCount -= 1
            stats.warmHits += 1
            run(inv, on: p)
            return
        }
        if live[key, default: 0] >= limits.maxIsolatesPerWorker {
            var q = queues[key, default: []]
            if q.count >= limits.maxQueuedPerWorker {
                inv.fail(status: 503, reason: nil, message: "Service Unavailable: too many concurrent requests for this worker")
                return
            }
            q.append(inv)
            queues[key] = q
            inv.wallTimer = loop.schedule(deadline: inv.startTime + Int64(limits.wallClockMillis) * 1_000_000) { [unowned(unsafe) self] in
                self.dequeueTimedOut(inv)
            }
            return
        }
        guard let p = createIsolate(for: inv) else { return }
        run(inv, on: p)
    }

    private func dequeueTimedOut(_ inv: Invocation) {
        let key = inv.worker.key
        guard var q = queues[key], let i = q.firstIndex(where: { $0 === inv }) else { return }
        q.remove(at: i)
        queues[key] = q.isEmpty ? nil : q
        inv.fail(status: 504, reason: .wallClockTimeout, message: "Gateway Timeout: the worker did not answer in time")
    }

    /// A cold start: new isolate from the snapshot, `env`, then the worker's script.
    private func createIsolate(for inv: Invocation) -> PooledIsolate? {
        let worker = inv.worker
        let isolate: Isolate
        if let spare = spares.popLast() {
            isolate = spare
            stats.spareHits += 1
            scheduleSpareRefill()
        } else {
            do {
                isolate = try Isolate(heapLimit: limits.heapMaxBytes)
            } catch {
                log(worker, .error, "could not start the worker: \(error)")
                inv.fail(status: 500, reason: .initializationError, message: "Internal Server Error: the worker could not start")
                return nil
            }
            stats.isolatesCreated += 1
        }
        let p = PooledIsolate(isolate: isolate, worker: worker, pool: self)
        isolate.host = p
        let budget = Int64(limits.cpuTimeMillis) * 1_000_000
        let wall = Int64(limits.wallClockMillis) * 1_000_000
        var (result, _) = isolate.watched(watch, cpuBudgetNanos: budget, wallBudgetNanos: wall) {
            isolate.call("setup", [.string(worker.envJSON)])
        }
        if result == .ok {
            let cache = worker.codeCache
            (result, _) = isolate.watched(watch, cpuBudgetNanos: budget, wallBudgetNanos: wall) {
                let (r, fresh, cacheUsed) = isolate.load(source: worker.source, name: worker.name + ".js",
                                                         kind: worker.kind, codeCache: cache)
                if let fresh, r == .ok { worker.storeCodeCache(fresh) }
                if cacheUsed { stats.codeCacheHits += 1 }
                return r
            }
        }
        switch result {
        case .ok:
            live[worker.key, default: 0] += 1
            return p
        case .exception(let message):
            log(worker, .error, "Uncaught \(message)")
            inv.fail(status: 500, reason: .initializationError,
                     message: "Internal Server Error: the worker failed to start (see its logs)")
        case .terminated(let reason):
            stats.terminations += 1
            log(worker, .error, "the worker's startup was stopped: \(reason.rawValue)")
            inv.fail(status: reason.httpStatus, reason: reason, message: reason.responseText)
        }
        return nil
    }

    private func run(_ inv: Invocation, on p: PooledIsolate) {
        busy[ObjectIdentifier(p)] = p
        p.current = inv
        inv.isolate = p
        if let t = inv.wallTimer { loop.cancel(t); inv.wallTimer = nil }
        dispatch(inv, on: p)
        // Most requests finish inside the dispatch. Only one still running gets its wall-clock timer
        // and a disconnect callback (cleared again by release/discard, breaking the responder → inv cycle).
        guard p.current === inv, !inv.finished else { return }
        armWallTimer(p, inv)
        inv.responder?.onClose = { [unowned(unsafe) self] in self.clientGone(inv) }
    }

    /// The invocation's time limit: the wall clock from its start until it answers, then the
    /// `waitUntil` budget from the answer on.
    func armWallTimer(_ p: PooledIsolate, _ inv: Invocation) {
        if let t = inv.wallTimer { loop.cancel(t) }
        let deadline = inv.answeredAt > 0
            ? inv.answeredAt + Int64(limits.waitUntilMillis) * 1_000_000
            : inv.startTime + Int64(limits.wallClockMillis) * 1_000_000
        inv.wallTimer = loop.schedule(deadline: deadline) { [unowned(unsafe) self] in
            self.wallClockExpired(p, inv)
        }
    }

    /// The response is complete (head and body): from now on only the `waitUntil` budget applies.
    func answered(_ p: PooledIsolate, _ inv: Invocation) {
        inv.answeredAt = EventLoop.now()
        if inv.wallTimer != nil { armWallTimer(p, inv) }
    }

    private func dispatch(_ inv: Invocation, on p: PooledIsolate) {
        switch inv.kind {
        case .fetch:
            let req = inv.request!
            var flat: [String] = []
            flat.reserveCapacity(req.headers.count * 2)
            for h in req.headers {
                flat.append(h.name.lowercasedASCII())
                flat.append(h.value)
            }
            let body: JSValue = req.body.isEmpty && (req.method == "GET" || req.method == "HEAD") ? .null : .bytes(req.body)
            enter(p) { iso in
                iso.call("dispatchFetch", [.number(Double(inv.id)), .string(req.method), .string(inv.url),
                                           .strings(flat), body])
            }
            inv.request = nil
        case .scheduled:
            enter(p) { iso in
                iso.call("dispatchScheduled", [.number(Double(inv.id)), .number(inv.scheduledTime), .string(inv.cron)])
            }
        }
    }

    /// Every entry into JS for an invocation goes through here: CPU/wall watch, then the outcome.
    func enter(_ p: PooledIsolate, _ body: (Isolate) -> ExecutionResult) {
        guard let inv = p.current, !p.isolate.isDead else { return }
        let budget = Int64(limits.cpuTimeMillis) * 1_000_000 - inv.cpuNanos
        let (result, used) = p.isolate.watched(watch, cpuBudgetNanos: max(budget, 1),
                                               wallBudgetNanos: Int64(limits.wallClockMillis) * 1_000_000) {
            body(p.isolate)
        }
        inv.cpuNanos += used
        switch result {
        case .ok:
            if inv.finished { release(p) }
        case .exception(let message):
            // The glue catches the worker's exceptions; reaching here means the glue itself failed.
            log(inv.worker, .error, "internal runtime error: \(message)")
            inv.fail(status: 500, reason: .exception, message: "Internal Server Error")
            discard(p)
        case .terminated(let reason):
            stats.terminations += 1
            if reason == .cpuTimeLimit { stats.lastTerminationCPUNanos = inv.cpuNanos }
            log(inv.worker, .error, "the worker was stopped: \(reason.rawValue)")
            inv.fail(status: reason.httpStatus, reason: reason, message: reason.responseText)
            discard(p)
        }
    }

    private func wallClockExpired(_ p: PooledIsolate, _ inv: Invocation) {
        guard p.current === inv, !inv.finished else { return }
        stats.terminations += 1
        if inv.answeredAt > 0 {
            log(inv.worker, .warn, "waitUntil work did not finish within \(limits.waitUntilMillis) ms after the response; it was stopped")
        } else {
            log(inv.worker, .error, "the worker was stopped: \(TerminationReason.wallClockTimeout.rawValue)")
        }
        inv.fail(status: 504, reason: .wallClockTimeout, message: TerminationReason.wallClockTimeout.responseText)
        discard(p)
    }

    private func clientGone(_ inv: Invocation) {
        guard let p = inv.isolate, p.current === inv, !inv.finished else { return }
        enter(p) { iso in iso.call("cancel", [.number(Double(inv.id))]) }
    }

    // MARK: Isolate lifecycle

    /// The invocation finished normally: the isolate goes back to the idle list (or to a waiting request).
    private func release(_ p: PooledIsolate) {
        guard let inv = p.current else { return }
        inv.detach(loop)
        if let t = p.timer { loop.cancel(t); p.timer = nil }
        p.current = nil
        inv.isolate = nil
        busy[ObjectIdentifier(p)] = nil
        let key = p.worker.key
        if var q = queues[key], !q.isEmpty {
            let next = q.removeFirst()
            queues[key] = q.isEmpty ? nil : q
            run(next, on: p)
            return
        }
        useTick += 1
        p.lastUsed = useTick
        idle[key, default: []].append(p)
        idleCount += 1
        if idleCount > limits.maxIdleIsolates { evictOldest() }
    }

    private func discard(_ p: PooledIsolate) {
        if let inv = p.current {
            inv.detach(loop)
            inv.isolate = nil
        }
        if let t = p.timer { loop.cancel(t); p.timer = nil }
        p.current = nil
        p.discarded = true
        busy[ObjectIdentifier(p)] = nil
        let key = p.worker.key
        live[key, default: 1] -= 1
        if live[key] == 0 { live[key] = nil }
        // A waiting request for this worker may now get a fresh isolate.
        if var q = queues[key], !q.isEmpty {
            let next = q.removeFirst()
            queues[key] = q.isEmpty ? nil : q
            _ = loop.schedule(afterNanoseconds: 0) { [weak self] in self?.start(next) }
        }
    }

    private func evictOldest() {
        var oldestKey: String?
        var oldestTick = UInt64.max
        for (key, list) in idle {
            if let first = list.first, first.lastUsed < oldestTick { oldestTick = first.lastUsed; oldestKey = key }
        }
        guard let key = oldestKey, var list = idle[key], !list.isEmpty else { return }
        list.removeFirst()
        idle[key] = list.isEmpty ? nil : list
        idleCount -= 1
        live[key, default: 1] -= 1
        if live[key] == 0 { live[key] = nil }
    }

    // MARK: Async host ops

    private var nextAsyncOpID = 1

    func newAsyncOpID() -> Int {
        defer { nextAsyncOpID += 1 }
        return nextAsyncOpID
    }

    /// Settles async op `id` of `inv` in JS (ignored when the invocation ended or the op was cancelled).
    func completeAsyncOp(_ p: PooledIsolate, _ inv: Invocation, id: Int, ok: Bool, value: JSValue,
                                errorName: String = "Error") {
        guard p.current === inv, !inv.finished, inv.asyncOps.removeValue(forKey: id) != nil else { return }
        enter(p) { iso in iso.call("completeOp", [.number(Double(id)), .bool(ok), value, .string(errorName)]) }
    }

    // MARK: Outgoing fetch (ops.fetchStart)

    private var client: HTTPClient?

    /// The loop's HTTP client, created on first use.
    func httpClient() throws(HTTPClientError) -> HTTPClient {
        if let client { return client }
        var config = HTTPClientConfiguration()
        config.connectTimeout = .milliseconds(limits.fetchConnectTimeoutMillis)
        config.timeout = .milliseconds(limits.fetchTimeoutMillis)
        let c = try HTTPClient(loop: loop, configuration: config)
        client = c
        return c
    }

    // MARK: Timers (ops.timerArm)

    func armTimer(_ p: PooledIsolate, delayMillis: Double) {
        if let t = p.timer { loop.cancel(t); p.timer = nil }
        guard delayMillis >= 0 else { return }
        let nanos = Int64(min(delayMillis, 1e12) * 1_000_000)
        p.timer = loop.schedule(afterNanoseconds: nanos) { [unowned(unsafe) self] in
            guard !p.discarded, p.current != nil else { return }
            p.timer = nil
            self.fireTimers(p)
        }
    }

    private func fireTimers(_ p: PooledIsolate) {
        var first = true
        var more = true
        while more, p.current != nil, !p.discarded {
            more = false
            enter(p) { iso in
                let (r, again) = iso.callBool("fireTimers", [.bool(first)])
                more = again
                return r
            }
            first = false
        }
    }

    func log(_ worker: WorkerVersion, _ level: LogLevel, _ message: String) {
        logSink?.log(worker: worker, level: level, message: message)
    }
}

/// What a scheduled invocation ended with.
public struct ScheduledOutcome: Sendable {
    public var ok: Bool
    public var message: String
    public var termination: TerminationReason?
}

extension TerminationReason {
    /// Body text of the response for a stopped worker.
    var responseText: String {
        switch self {
        case .cpuTimeLimit: return "Too Many Requests: the worker exceeded its CPU time limit"
        case .memoryLimit: return "Too Many Requests: the worker exceeded its memory limit"
        case .wallClockTimeout: return "Gateway Timeout: the worker did not answer in time"
        case .initializationError: return "Internal Server Error: the worker failed to start"
        case .exception: return "Internal Server Error: the worker threw an exception"
        case .other: return "Internal Server Error: the worker was stopped"
        }
    }
}

extension String {
    /// ASCII lower-casing (header names are ASCII tokens); cheap when already lower case.
    func lowercasedASCII() -> String {
        var needs = false
        for b in utf8 where b >= 65 && b <= 90 { needs = true; break }
        guard needs else { return self }
        return String(decoding: utf8.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self)
    }
}
