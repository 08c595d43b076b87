import CV8Bridge
import Foundation

/// Outcome of running JS.
public enum ExecutionResult: Equatable, Sendable {
    case ok
    /// JS threw and nothing caught it (message with the stack when there is one).
    case exception(String)
    /// Execution was stopped.
    case terminated(TerminationReason)
}

/// Why an isolate was stopped; maps onto the status the client sees (design.md §4).
public enum TerminationReason: String, Sendable {
    case cpuTimeLimit = "CpuTimeLimit"
    case memoryLimit = "MemoryLimit"
    case wallClockTimeout = "WallClockTimeout"
    case exception = "Exception"
    case initializationError = "InitializationError"
    case other = "Other"

    /// 429 for CPU and memory, 504 for wall clock, 500 otherwise.
    public var httpStatus: Int {
        switch self {
        case .cpuTimeLimit, .memoryLimit: return 429
        case .wallClockTimeout: return 504
        default: return 500
        }
    }

    init(bridgeReason: Int32) {
        switch bridgeReason {
        case Int32(CV8_REASON_CPU.rawValue): self = .cpuTimeLimit
        case Int32(CV8_REASON_WALL.rawValue): self = .wallClockTimeout
        case Int32(CV8_REASON_MEMORY.rawValue): self = .memoryLimit
        default: self = .other
        }
    }
}

/// How the worker's code is evaluated.
public enum ScriptKind: Int32, Sendable {
    /// Module when the source has a top-level `import`/`export`, classic script otherwise.
    case auto = 0
    case script = 1
    case module = 2
}

/// Receives what JS asks of the outside world. Called on the isolate's thread, during a call into JS.
public protocol IsolateHost: AnyObject {
    func isolate(_ isolate: Isolate, op: HostOp, args: HostOpArguments, result: HostOpResult)
}

/// One V8 isolate with one context, running one worker version. Confined to the thread that created it.
public final class Isolate {
    let runtime: OpaquePointer
    /// Where host ops go. Not retained: the host owns its isolates and outlives their use
    /// (a weak reference would cost a side-table load on every op).
    public unowned(unsafe) var host: IsolateHost?
    /// Set once the isolate was terminated: it must not run JS again.
    public private(set) var isDead = false

    /// Creates an isolate from the startup snapshot. `heapLimit` caps heap and ArrayBuffer memory.
    public init(heapLimit: Int) throws {
        let snapshot = try Engine.snapshot()
        var error: UnsafeMutablePointer<CChar>?
        // `host` is set through a trampoline that finds this object again from the opaque pointer.
        let box = HostBox()
        guard let rt = cv8_runtime_new(snapshot.pointer, heapLimit, hostOpTrampoline,
                                       Unmanaged.passUnretained(box).toOpaque(), &error) else {
            let message = error.map { String(cString: $0) } ?? "unknown"
            cv8_free(error)
            throw EngineError.isolateCreationFailed(message)
        }
        runtime = rt
        cv8_runtime_pin(rt)
        hostBox = box
        box.isolate = self
    }

    private let hostBox: HostBox

    deinit {
        cv8_runtime_free(runtime)
    }

    /// Calls an entry point of the glue (README.md, "Entry points") with flat arguments.
    @discardableResult
    public func call(_ entry: String, _ args: [JSValue] = []) -> ExecutionResult {
        precondition(!isDead, "a terminated isolate must not run again")
        return JSValue.withFlat(args) { flat in
            let status = entry.withCString { cv8_call(runtime, $0, flat.baseAddress, Int32(flat.count), nil) }
            return result(of: status)
        }
    }

    /// Calls an entry point and returns its result when it is a boolean (false otherwise).
    public func callBool(_ entry: String, _ args: [JSValue] = []) -> (ExecutionResult, Bool) {
        precondition(!isDead, "a terminated isolate must not run again")
        return JSValue.withFlat(args) { flat in
            var value = cv8_value()
            let status = entry.withCString { cv8_call(runtime, $0, flat.baseAddress, Int32(flat.count), &value) }
            let b = value.kind == Int32(CV8_BOOL.rawValue) && value.number != 0
            cv8_value_free(&value)
            return (result(of: status), b)
        }
    }

    /// Evaluates the worker's script (and hands its module namespace to the glue).
    /// `codeCache` is consumed when given; `newCodeCache` returns one produced by this compile.
    /// `cacheUsed` is true when V8 accepted `codeCache`.
    public func load(source: String, name: String, kind: ScriptKind = .auto, codeCache: [UInt8]? = nil)
        -> (result: ExecutionResult, newCodeCache: [UInt8]?, cacheUsed: Bool) {
        var rejected: Int32 = 0
        var out: UnsafeMutablePointer<UInt8>?
        var outLen = 0
        var utf8 = Array(source.utf8)
        let status: cv8_status = utf8.withUnsafeMutableBufferPointer { src in
            src.withMemoryRebound(to: CChar.self) { s in
                name.withCString { n in
                    if let cache = codeCache, !cache.isEmpty {
                        return cache.withUnsafeBufferPointer { c in
                            cv8_load_worker(runtime, s.baseAddress, s.count, n, kind.rawValue,
                                            c.baseAddress, c.count, &rejected, &out, &outLen)
                        }
                    }
                    return cv8_load_worker(runtime, s.baseAddress, s.count, n, kind.rawValue,
                                           nil, 0, &rejected, &out, &outLen)
                }
            }
        }
        utf8.removeAll()
        var fresh: [UInt8]?
        if let out {
            fresh = Array(UnsafeBufferPointer(start: out, count: outLen))
            cv8_free(out)
        }
        let used = (codeCache?.isEmpty == false) && rejected == 0
        return (result(of: status), fresh, used)
    }

    /// Thread-safe: stop whatever JS runs now.
    public func terminate(_ reason: TerminationReason) {
        let r: cv8_reason
        switch reason {
        case .cpuTimeLimit: r = CV8_REASON_CPU
        case .wallClockTimeout: r = CV8_REASON_WALL
        case .memoryLimit: r = CV8_REASON_MEMORY
        default: r = CV8_REASON_OTHER
        }
        cv8_terminate(runtime, Int32(r.rawValue))
    }

    /// Heap plus ArrayBuffer bytes in use.
    public var memoryUsed: Int { cv8_memory_used(runtime) }

    private func result(of status: cv8_status) -> ExecutionResult {
        switch status {
        case CV8_OK:
            return .ok
        case CV8_TERMINATED:
            isDead = true
            return .terminated(TerminationReason(bridgeReason: cv8_termination_reason(runtime)))
        default:
            return .exception(String(cString: cv8_last_error(runtime)))
        }
    }

    /// Runs `body` under the CPU/wall watch of `watch`; returns the CPU nanoseconds used.
    public func watched(_ watch: CPUWatch, cpuBudgetNanos: Int64, wallBudgetNanos: Int64,
                        _ body: () -> ExecutionResult) -> (ExecutionResult, cpuNanos: Int64) {
        cv8_watch_begin(watch.pointer, runtime, cpuBudgetNanos, wallBudgetNanos)
        let r = body()
        let used = cv8_watch_end(watch.pointer)
        return (r, used)
    }
}

/// A CPU/wall watch slot for the calling thread (see `cv8_watch_new`). Create one per loop thread.
public final class CPUWatch {
    let pointer: OpaquePointer
    public init() { pointer = cv8_watch_new() }
    deinit { cv8_watch_free(pointer) }
}

/// Indirection so the C callback can find the Isolate without a retain cycle. The isolate owns the
/// box and frees the V8 runtime (the only caller of the trampoline) in its deinit.
final class HostBox {
    unowned(unsafe) var isolate: Isolate?
}

/// Called by the bridge for every host op, on the isolate's thread.
private func hostOpTrampoline(_ host: UnsafeMutableRawPointer?, _ op: Int32,
                              _ args: UnsafePointer<cv8_value>?, _ argc: Int32, _ ret: OpaquePointer?) {
    guard let host, let ret else { return }
    let box = Unmanaged<HostBox>.fromOpaque(host).takeUnretainedValue()
    let result = HostOpResult(ret)
    guard let isolate = box.isolate, let hostOp = HostOp(rawValue: op) else {
        result.throwError(.error, "unknown host operation")
        return
    }
    let arguments = HostOpArguments(args, count: Int(argc))
    if BuiltinOps.handle(hostOp, arguments, result) { return }
    guard let target = isolate.host else {
        result.throwError(.error, "this operation is not available here")
        return
    }
    target.isolate(isolate, op: hostOp, args: arguments, result: result)
}
