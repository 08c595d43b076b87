import Synchronization

/// One deployable version of a worker: its code and the environment it sees. Immutable except the
/// V8 code cache, which the first isolate fills in for every later one.
public final class WorkerVersion: Sendable {
    public let id: String
    public let name: String
    public let version: String
    public let source: String
    public let kind: ScriptKind
    /// JSON object of the worker's vars and secrets (becomes `env`).
    public let envJSON: String
    /// Cache key: a new key means new isolates (code, version or environment changed).
    public let key: String
    private let cache = Mutex<[UInt8]?>(nil)

    public init(id: String, name: String, version: String, source: String, kind: ScriptKind = .auto,
                envJSON: String = "{}", envStamp: String = "") {
        self.id = id
        self.name = name
        self.version = version
        self.source = source
        self.kind = kind
        self.envJSON = envJSON
        self.key = "\(id)@\(version)@\(envStamp)"
    }

    var codeCache: [UInt8]? {
        get { cache.withLock { $0 } }
    }

    func storeCodeCache(_ bytes: [UInt8]) {
        cache.withLock { if $0 == nil { $0 = bytes } }
    }
}

/// Log levels of `console.*` (the order of the JS glue's level numbers).
public enum LogLevel: Int, Sendable, CaseIterable {
    case log = 0, info, warn, error, debug

    /// Lower-case name, as used in NATS subjects (design.md §5).
    public var name: String {
        switch self {
        case .log: return "log"
        case .info: return "info"
        case .warn: return "warn"
        case .error: return "error"
        case .debug: return "debug"
        }
    }
}

/// Where a worker's console output goes (the Runner publishes it; tests collect it).
public protocol WorkerLogSink: AnyObject, Sendable {
    func log(worker: WorkerVersion, level: LogLevel, message: String)
}
