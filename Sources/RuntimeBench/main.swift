// `make bench` (runtime part): cold start of never-run workers and RSS per extra warm worker,
// measured in-process on one event-loop thread (no HTTP), printed as plain figures.
import Foundation
import Shared
import WorkerRuntime

let workerCount = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 200
/// `RuntimeBench warm`: only the warm-request loop (for profiling).
let warmOnly = CommandLine.arguments.dropFirst().first == "warm"

do {
    try ProcessSignals.block()
    try Engine.initialize()
    let t0 = DispatchTime.now().uptimeNanoseconds
    try Engine.warmUp()
    let snapshotMillis = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6
    print(String(format: "snapshot: %d KiB, built in %.1f ms", try Engine.snapshotSize() / 1024, snapshotMillis))
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

let source = try String(contentsOfFile: "bench/hello.js", encoding: .utf8)
let loop = try EventLoop(index: 0)
let done = DispatchSemaphore(value: 0)
let thread = try NativeThread.start(stackSize: Engine.threadStackSize) { loop.run() }

loop.execute {
    let pool = IsolatePool(loop: loop, limits: RuntimeLimits(), logSink: Sink())
    func request(_ w: WorkerVersion) -> Int {
        let r = Collect()
        pool.fetch(worker: w, request: HTTPRequest(method: "GET", target: "/"), url: "http://bench.local/", responder: r)
        return r.status
    }
    if warmOnly {
        let warm = WorkerVersion(id: "warm", name: "warm", version: "1", source: source)
        let count = Int(CommandLine.arguments.dropFirst(2).first ?? "") ?? 300_000
        for _ in 0..<count { _ = request(warm) }
        loop.stop()
        done.signal()
        return
    }
    // Warm-up worker so one-time costs (first isolate, lazy V8 init) are not counted per worker.
    _ = request(WorkerVersion(id: "warmup", name: "warmup", version: "1", source: source))
    let rssBefore = rssKiB()
    var cold: [Double] = []
    for i in 0..<workerCount {
        let w = WorkerVersion(id: "w\(i)", name: "w\(i)", version: "1", source: source + "\n// \(i)\n")
        let t = DispatchTime.now().uptimeNanoseconds
        let status = request(w)
        cold.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
        if status != 200 { print("worker \(i) answered \(status)") }
    }
    let rssAfter = rssKiB()
    // Same script again: the code cache of a known version is used by a new isolate.
    let cached = WorkerVersion(id: "w0", name: "w0", version: "1", source: source + "\n// 0\n")
    _ = request(cached)
    let sorted = cold.sorted()
    func pct(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
    print(String(format: "cold start, first request to a never-run worker (%d workers): p50 %.2f ms, p90 %.2f ms, max %.2f ms",
                 workerCount, pct(0.5), pct(0.9), sorted.last ?? 0))
    print(String(format: "RSS: %.1f MiB before, %.1f MiB after %d warm workers → %.2f MiB per extra warm worker",
                 Double(rssBefore) / 1024, Double(rssAfter) / 1024, workerCount,
                 Double(rssAfter - rssBefore) / 1024 / Double(workerCount)))
    print("isolates created: \(pool.stats.isolatesCreated), warm hits: \(pool.stats.warmHits)")
    // Warm path without HTTP: one request after another into the same warm isolate.
    let warm = WorkerVersion(id: "warm", name: "warm", version: "1", source: source)
    _ = request(warm)
    let n = 50_000
    let tw = DispatchTime.now().uptimeNanoseconds
    for _ in 0..<n { _ = request(warm) }
    let perReq = Double(DispatchTime.now().uptimeNanoseconds - tw) / 1e3 / Double(n)
    print(String(format: "warm request through the isolate pool (no HTTP): %.2f µs/request, %.0f req/s on one thread", perReq, 1e6 / perReq))
    // Where a cold start goes: isolate + context from the snapshot, env setup, worker compile + run.
    var tIso: [Double] = [], tSetup: [Double] = [], tLoad: [Double] = []
    for i in 0..<20 {
        let a = DispatchTime.now().uptimeNanoseconds
        guard let iso = try? Isolate(heapLimit: 128 << 20) else { break }
        let b = DispatchTime.now().uptimeNanoseconds
        iso.call("setup", [.string("{}")])
        let c = DispatchTime.now().uptimeNanoseconds
        _ = iso.load(source: source + "\n// probe \(i)\n", name: "probe.js")
        let d = DispatchTime.now().uptimeNanoseconds
        tIso.append(Double(b - a) / 1e6); tSetup.append(Double(c - b) / 1e6); tLoad.append(Double(d - c) / 1e6)
    }
    func med(_ x: [Double]) -> Double { x.sorted()[x.count / 2] }
    print(String(format: "cold start parts (median of 20): isolate+context %.2f ms, setup %.2f ms, script %.2f ms",
                 med(tIso), med(tSetup), med(tLoad)))
    loop.stop()
    done.signal()
}
done.wait()
thread.join()
