// `make bench` (runtime part): cold start of never-run workers, RSS per extra warm worker and the warm
// request path, measured in-process on one event-loop thread (no HTTP), printed as plain figures.
//   RuntimeBench [workers]      the figures (default 200 workers)
//   RuntimeBench warm [count]   only the warm-request loop (for profiling)
import Foundation
import Shared
import WorkerRuntime

let args = Array(CommandLine.arguments.dropFirst())
let warmOnly = args.first == "warm"
let workerCount = warmOnly ? 0 : (Int(args.first ?? "") ?? 200)
let warmCount = warmOnly ? (Int(args.dropFirst().first ?? "") ?? 300_000) : 50_000

do {
    try ProcessSignals.block()
    try Engine.initialize()
    let t0 = DispatchTime.now().uptimeNanoseconds
    try Engine.warmUp()
    let ms = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6
    if !warmOnly { print(String(format: "snapshot: %d KiB, built in %.1f ms", try Engine.snapshotSize() / 1024, ms)) }
} catch {
    print("bench: \(error)")
    exit(1)
}

final class Sink: WorkerLogSink { func log(worker: WorkerVersion, level: LogLevel, message: String) {} }

final class Collect: HTTPResponder {
    var onWritable: (() -> Void)?
    var onClose: (() -> Void)?
    var isFinished = false
    var status = 0
    func respond(status: Int, headers: [(name: String, value: String)], body: [UInt8]) { self.status = status; isFinished = true }
    func startStream(status: Int, headers: [(name: String, value: String)]) { self.status = status }
    func write(_ bytes: [UInt8]) -> Bool { true }
    func end(error: Bool) { isFinished = true }
}

func rssKiB() -> Int {
    guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in s.split(separator: "\n") where line.hasPrefix("VmRSS:") {
        return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
    }
    return 0
}

func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
func millis(_ from: UInt64) -> Double { Double(now() - from) / 1e6 }
func percentile(_ x: [Double], _ p: Double) -> Double {
    let s = x.sorted()
    return s.isEmpty ? 0 : s[min(s.count - 1, Int(Double(s.count) * p))]
}

let source = try String(contentsOfFile: "bench/hello.js", encoding: .utf8)
let loop = try EventLoop(index: 0)
let done = DispatchSemaphore(value: 0)
let thread = try NativeThread.start(stackSize: Engine.threadStackSize) { loop.run() }

/// Runs on the loop thread; each phase hands over to the next.
final class Bench {
    let pool: IsolatePool
    init() {
        var limits = RuntimeLimits()
        limits.maxIdleIsolates = 100_000
        pool = IsolatePool(loop: loop, limits: limits, logSink: Sink())
    }

    func request(_ w: WorkerVersion) -> Int {
        let r = Collect()
        pool.fetch(worker: w, request: HTTPRequest(method: "GET", target: "/"), url: "http://bench.local/", responder: r)
        return r.status
    }

    func worker(_ id: String) -> WorkerVersion {
        WorkerVersion(id: id, name: id, version: "1", source: source + "\n// \(id)\n")
    }

    func start() {
        if warmOnly { warmPath(); finish(); return }
        _ = request(worker("warmup")) // one-time costs (first isolate, lazy V8 state) not counted per worker
        backToBack()
    }

    /// Never-run workers one right after the other: no spare isolate can be ready.
    func backToBack() {
        let rssBefore = rssKiB()
        var cold: [Double] = []
        for i in 0..<workerCount {
            let t = now()
            let status = request(worker("w\(i)"))
            cold.append(millis(t))
            if status != 200 { print("worker \(i) answered \(status)") }
        }
        let rssAfter = rssKiB()
        print(String(format: "cold start, first request to a never-run worker, back to back (%d workers, no spare isolate ready): p50 %.2f ms, p90 %.2f ms",
                     workerCount, percentile(cold, 0.5), percentile(cold, 0.9)))
        print(String(format: "RSS: %.1f MiB before, %.1f MiB after %d warm workers → %.2f MiB per extra warm worker",
                     Double(rssBefore) / 1024, Double(rssAfter) / 1024, workerCount,
                     Double(rssAfter - rssBefore) / 1024 / Double(max(workerCount, 1))))
        spaced(0, [], pool.stats.spareHits)
    }

    /// Never-run workers 20 ms apart: the pool refills its spare isolate in between, as under real traffic.
    func spaced(_ i: Int, _ times: [Double], _ spareHitsBefore: Int) {
        if i == 50 {
            print(String(format: "cold start, first request to a never-run worker, 20 ms apart (%d of 50 found a spare isolate): p50 %.2f ms, p90 %.2f ms",
                         pool.stats.spareHits - spareHitsBefore, percentile(times, 0.5), percentile(times, 0.9)))
            warmPath()
            coldParts()
            finish()
            return
        }
        let t = now()
        _ = request(worker("spaced\(i)"))
        let took = millis(t)
        loop.schedule(afterNanoseconds: 20_000_000) { self.spaced(i + 1, times + [took], spareHitsBefore) }
    }

    /// The same warm isolate, request after request.
    func warmPath() {
        let w = worker("warm")
        _ = request(w)
        let t = now()
        for _ in 0..<warmCount { _ = request(w) }
        let perRequest = Double(now() - t) / 1e3 / Double(warmCount)
        if !warmOnly {
            print(String(format: "warm request through the isolate pool (no HTTP): %.2f µs/request (%.0f req/s on one thread)",
                         perRequest, 1e6 / perRequest))
        }
    }

    /// Where a cold start goes: isolate + context from the snapshot, env setup, worker compile + run.
    func coldParts() {
        var iso: [Double] = [], setup: [Double] = [], load: [Double] = []
        for i in 0..<20 {
            let a = now()
            guard let isolate = try? Isolate(heapLimit: 128 << 20) else { break }
            iso.append(millis(a))
            let b = now()
            isolate.call("setup", [.string("{}")])
            setup.append(millis(b))
            let c = now()
            _ = isolate.load(source: source + "\n// probe \(i)\n", name: "probe.js")
            load.append(millis(c))
        }
        print(String(format: "cold start parts (median of 20): isolate + context %.2f ms, env setup %.2f ms, worker script %.2f ms",
                     percentile(iso, 0.5), percentile(setup, 0.5), percentile(load, 0.5)))
        print("isolates created: \(pool.stats.isolatesCreated), spare hits: \(pool.stats.spareHits), warm hits: \(pool.stats.warmHits)")
    }

    func finish() {
        loop.stop()
        done.signal()
    }
}

loop.execute { Bench().start() }
done.wait()
thread.join()
