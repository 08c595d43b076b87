import Foundation
import Shared
import Synchronization
import Testing
@testable import WorkerRuntime

/// What a worker answered (in-memory responder: the HTTP server is not involved here).
struct Answer: Sendable {
    var status = 0
    var headers: [String: String] = [:]
    var body: [UInt8] = []
    var streamed = false
    var truncated = false
    /// The worker log lines that existed when the answer completed (taken on the loop thread).
    var logsAtAnswer: [String] = []
    var text: String { String(decoding: body, as: UTF8.self) }
}

/// An HTTPResponder that records the answer and reports when it is complete.
final class RecordingResponder: HTTPResponder {
    var answer = Answer()
    var onWritable: (() -> Void)?
    var onClose: (() -> Void)?
    var isFinished = false
    let done: (Answer) -> Void
    /// When set, `write` reports back-pressure after this many chunks until `drain()` is called.
    var pauseAfter: Int?
    var chunks = 0

    init(done: @escaping (Answer) -> Void) { self.done = done }

    func respond(status: Int, headers: [(name: String, value: String)], body: [UInt8]) {
        guard !isFinished else { return }
        answer.status = status
        for h in headers { answer.headers[h.name.lowercased()] = h.value }
        answer.body = body
        finish()
    }
    func startStream(status: Int, headers: [(name: String, value: String)]) {
        answer.status = status
        answer.streamed = true
        for h in headers { answer.headers[h.name.lowercased()] = h.value }
    }
    func write(_ bytes: [UInt8]) -> Bool {
        guard !isFinished else { return false }
        answer.body += bytes
        chunks += 1
        if let p = pauseAfter, chunks >= p { return false }
        return true
    }
    func end(error: Bool) {
        answer.truncated = error
        finish()
    }
    private func finish() {
        guard !isFinished else { return }
        isFinished = true
        done(answer)
    }
}

/// Collects console output of workers.
final class LogCollector: WorkerLogSink {
    private let lines = Mutex<[(LogLevel, String)]>([])
    func log(worker: WorkerVersion, level: LogLevel, message: String) {
        lines.withLock { $0.append((level, message)) }
    }
    var all: [(LogLevel, String)] { lines.withLock { $0 } }
    var texts: [String] { all.map { $0.1 } }
}

/// Boxes a non-Sendable value for a hop onto the loop thread (the loop is its only user afterwards).
struct LoopBound<T>: @unchecked Sendable { let value: T }

/// One event-loop thread with isolate pools, shared by the runtime tests. V8 is initialised before
/// the loop thread exists (the isolates only ever run on that thread).
final class RuntimeHarness: @unchecked Sendable {
    // Safety: `pools` is only touched on the loop thread (inside loop.execute blocks).
    static let shared: RuntimeHarness = {
        do { return try RuntimeHarness() } catch { fatalError("the runtime test harness could not start: \(error)") }
    }()

    let loop: EventLoop
    let logs = LogCollector()
    private var pools: [String: IsolatePool] = [:]
    private let thread: NativeThread

    private init() throws {
        try Engine.initialize()
        try Engine.warmUp()
        let loop = try EventLoop(index: 0)
        self.loop = loop
        thread = try NativeThread.start(stackSize: Engine.threadStackSize) { loop.run() }
        // The loop thread runs V8 (spare isolates are created in the background): stop and join it
        // before the process tears V8's statics down at exit.
        Self.running.withLock { $0 = (loop, thread) }
        atexit {
            guard let (loop, thread) = RuntimeHarness.running.withLock({ $0 }) else { return }
            loop.stop()
            thread.join()
        }
    }

    private static let running = Mutex<(EventLoop, NativeThread)?>(nil)

    /// The default pool (call on the loop thread).
    func onLoopPool() -> IsolatePool { pool(RuntimeLimits()) }

    private func pool(_ limits: RuntimeLimits) -> IsolatePool {
        let key = "\(limits.cpuTimeMillis)/\(limits.wallClockMillis)/\(limits.heapMaxBytes)/\(limits.maxIsolatesPerWorker)"
        if let p = pools[key] { return p }
        let p = IsolatePool(loop: loop, limits: limits, logSink: logs)
        pools[key] = p
        return p
    }

    /// Sends one request to `worker` and waits for the complete answer.
    func fetch(_ worker: WorkerVersion, method: String = "GET", url: String = "http://test.local/",
               headers: [(name: String, value: String)] = [], body: [UInt8] = [],
               limits: RuntimeLimits = RuntimeLimits(),
               configure: (@Sendable (RecordingResponder) -> Void)? = nil) async -> Answer {
        let request = LoopBound(value: HTTPRequest(method: method, target: "/", headers: headers, body: body))
        return await withCheckedContinuation { (cont: CheckedContinuation<Answer, Never>) in
            loop.execute {
                let responder = RecordingResponder { answer in
                    var a = answer
                    a.logsAtAnswer = self.logs.texts
                    cont.resume(returning: a)
                }
                configure?(responder)
                self.pool(limits).fetch(worker: worker, request: request.value, url: url, responder: responder)
            }
        }
    }

    /// Runs `body` on the loop thread with the pool for `limits`.
    func onLoop<T: Sendable>(limits: RuntimeLimits = RuntimeLimits(), _ body: @escaping @Sendable (IsolatePool) -> T) async -> T {
        await withCheckedContinuation { cont in
            loop.execute { cont.resume(returning: body(self.pool(limits))) }
        }
    }
}

private let workerCounter = Atomic<Int>(0)

/// A worker with a unique id (so tests never share isolates by accident).
func makeWorker(_ source: String, name: String = "test", env: String = "{}", kind: ScriptKind = .auto) -> WorkerVersion {
    let n = workerCounter.add(1, ordering: .relaxed).newValue
    return WorkerVersion(id: "w\(n)", name: name, version: "1", source: source, kind: kind, envJSON: env)
}
