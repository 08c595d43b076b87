import Shared

/// One request or scheduled event being run by a worker.
final class Invocation {
    enum Kind {
        case fetch(HTTPResponder)
        case scheduled((ScheduledOutcome) -> Void)
    }

    let id: Int
    let worker: WorkerVersion
    let kind: Kind
    var request: HTTPRequest?
    var url = ""
    var scheduledTime: Double = 0
    var cron = ""

    unowned(unsafe) var isolate: PooledIsolate?
    var wallTimer: TimerHandle?
    /// EventLoop.now() when the invocation started (its wall-clock limit counts from here).
    var startTime: Int64 = 0
    /// EventLoop.now() when the response was complete (0 until then); the waitUntil budget counts from here.
    var answeredAt: Int64 = 0
    /// CPU time used by JS for this invocation so far.
    var cpuNanos: Int64 = 0
    /// The response head went out (or, for scheduled events, nothing is owed).
    var responded = false
    var streaming = false
    /// The glue reported `requestDone`: the isolate can be released once the current entry returns.
    var finished = false

    init(id: Int, worker: WorkerVersion, kind: Kind) {
        self.id = id
        self.worker = worker
        self.kind = kind
    }

    var responder: HTTPResponder? {
        if case .fetch(let r) = kind { return r }
        return nil
    }

    /// Async host ops still outstanding, with how to cancel each. A fetched body still open is
    /// registered under the negated id of its `fetchStart` op.
    var asyncOps: [Int: () -> Void] = [:]

    /// Outgoing fetches: started so far, holding a slot now, waiting for a slot, and open ones by id.
    var fetchCount = 0
    var fetchActive = 0
    var fetchWaiting: [FetchSubrequest] = []
    var fetches: [Int: FetchSubrequest] = [:]

    /// Drops the wall-clock timer, outstanding async ops and the responder's callbacks (they capture
    /// this invocation).
    func detach(_ loop: EventLoop) {
        if let t = wallTimer { loop.cancel(t) }
        wallTimer = nil
        if !asyncOps.isEmpty {
            let cancels = asyncOps.values
            asyncOps.removeAll()
            for cancel in cancels { cancel() }
        }
        fetchWaiting.removeAll()
        fetches.removeAll()
        if let r = responder {
            r.onClose = nil
            r.onWritable = nil
        }
    }

    /// Ends the invocation with an error the runtime produced (limits, start-up failure, overload).
    func fail(status: Int, reason: TerminationReason?, message: String) {
        guard !finished else { return }
        finished = true
        switch kind {
        case .fetch(let responder):
            if streaming {
                responder.end(error: true)
            } else if !responded {
                var headers: [(name: String, value: String)] = [("content-type", "text/plain;charset=UTF-8")]
                if let reason { headers.append(("x-termination-reason", reason.rawValue)) }
                responder.respond(status: status, headers: headers, body: Array(message.utf8))
            }
        case .scheduled(let completion):
            completion(ScheduledOutcome(ok: false, message: message, termination: reason))
        }
        responded = true
        streaming = false
    }
}

/// An isolate in the pool, and the host of its ops.
final class PooledIsolate: IsolateHost {
    let isolate: Isolate
    let worker: WorkerVersion
    unowned let pool: IsolatePool
    var current: Invocation?
    var timer: TimerHandle?
    var lastUsed: UInt64 = 0
    var discarded = false

    init(isolate: Isolate, worker: WorkerVersion, pool: IsolatePool) {
        self.isolate = isolate
        self.worker = worker
        self.pool = pool
    }

    func isolate(_ isolate: Isolate, op: HostOp, args: HostOpArguments, result: HostOpResult) {
        switch op {
        case .console:
            let level = LogLevel(rawValue: args.int(0) ?? 0) ?? .log
            pool.log(worker, level, args.string(1) ?? "")
        case .timerArm:
            pool.armTimer(self, delayMillis: args.number(0) ?? -1)
        case .respond:
            respond(args)
        case .bodyWrite:
            guard let inv = current(args), inv.streaming, let responder = inv.responder, let bytes = args.rawBytes(1) else {
                result.bool(false)
                return
            }
            result.bool(responder.write(Array(bytes)))
        case .bodyEnd:
            guard let inv = current(args), inv.streaming, let responder = inv.responder else { return }
            inv.streaming = false
            responder.end(error: args.bool(1))
            pool.answered(self, inv)
        case .requestDone:
            guard let inv = current(args) else { return }
            if case .scheduled(let completion) = inv.kind, !inv.finished {
                let ok = args.bool(1)
                completion(ScheduledOutcome(ok: ok, message: ok ? "" : (args.string(2) ?? "failed"), termination: nil))
            }
            inv.finished = true
        case .sleep:
            guard let inv = current else { result.throwError(.error, "no request is running"); return }
            let millis = max(0, min(args.number(0) ?? 0, 1e9))
            let id = pool.newAsyncOpID()
            let loop = pool.loop
            let timer = loop.schedule(afterNanoseconds: Int64(millis * 1_000_000)) { [unowned(unsafe) self] in
                self.pool.completeAsyncOp(self, inv, id: id, ok: true, value: .undefined)
            }
            inv.asyncOps[id] = { loop.cancel(timer) }
            result.number(Double(id))
        case .fetchStart:
            fetchStart(args, result)
        case .fetchRead:
            fetchRead(args, result)
        case .fetchCancel:
            fetchCancel(args)
        case .urlParse, .urlSet:
            break // answered by BuiltinOps
        }
    }

    private func current(_ args: HostOpArguments) -> Invocation? {
        guard let inv = current, let id = args.int(0), id == inv.id, !inv.finished else { return nil }
        return inv
    }

    private func respond(_ args: HostOpArguments) {
        guard let inv = current(args), !inv.responded, let responder = inv.responder else { return }
        let status = args.int(1) ?? 500
        var headers: [(name: String, value: String)] = []
        if let flat = args.strings(2) {
            headers.reserveCapacity(flat.count / 2)
            var i = 0
            while i + 1 < flat.count { headers.append((flat[i], flat[i + 1])); i += 2 }
        }
        inv.responded = true
        if args.bool(4) {
            inv.streaming = true
            responder.onWritable = { [unowned(unsafe) self] in
                guard self.current === inv, inv.streaming else { return }
                self.pool.enter(self) { iso in iso.call("bodyWritable", [.number(Double(inv.id))]) }
            }
            responder.startStream(status: status, headers: headers)
            return
        }
        let body: [UInt8] = args.rawBytes(3).map { Array($0) } ?? []
        responder.respond(status: status, headers: headers, body: body)
        // After the answer, waitUntil work gets a fresh CPU budget.
        inv.cpuNanos = 0
        // `done`: nothing else pending (no waitUntil) — the request is finished with this op.
        if args.bool(5) { inv.finished = true } else { pool.answered(self, inv) }
    }
}
