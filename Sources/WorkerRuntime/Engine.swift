import CV8Bridge
import Foundation
import Synchronization

/// Errors of the JS engine that cross the module boundary.
public enum EngineError: Error, CustomStringConvertible, Sendable {
    /// `Engine.initialize` was not called (or failed) before the first isolate.
    case notInitialized
    /// V8 refused to initialise.
    case initializationFailed
    /// The JS glue files could not be read from the module's resources.
    case glueMissing(String)
    /// The glue did not evaluate into a startup snapshot (the message names the JS error).
    case snapshotFailed(String)
    /// V8 could not create an isolate or context.
    case isolateCreationFailed(String)

    public var description: String {
        switch self {
        case .notInitialized: return "the V8 engine is not initialised"
        case .initializationFailed: return "V8 failed to initialise"
        case .glueMissing(let m): return "the runtime's JS files are missing: \(m)"
        case .snapshotFailed(let m): return "building the startup snapshot failed: \(m)"
        case .isolateCreationFailed(let m): return "creating an isolate failed: \(m)"
        }
    }
}

/// Process-wide V8 state: initialisation and the startup snapshot holding the JS glue.
public enum Engine {
    /// Stack size of the threads that run isolates (event-loop threads); V8's `--stack-size` stays below it.
    public static let threadStackSize = 8 * 1024 * 1024
    static let v8Flags = "--stack-size=4000 --no-harmony-sharedarraybuffer"

    private static let state = Mutex<State>(State())
    private struct State: ~Copyable {
        var initialized = false
        var snapshot: SnapshotBox?
    }

    /// Initialises V8. Call once, on the main thread, **before any other thread is created**
    /// (threads that exist before V8 initialises crash when they enter an isolate: PKU pitfall).
    public static func initialize() throws {
        try state.withLock { s in
            if s.initialized { return }
            // `V8_FLAGS` appends operator flags (e.g. GC tuning) to ours.
            let extra = ProcessInfo.processInfo.environment["V8_FLAGS"].map { " " + $0 } ?? ""
            guard cv8_init(CommandLine.arguments.first ?? "", v8Flags + extra) == 0 else { throw EngineError.initializationFailed }
            s.initialized = true
        }
    }

    public static var v8Version: String { String(cString: cv8_version()) }

    /// The startup snapshot, built on first use (tens of milliseconds) and kept for the process.
    static func snapshot() throws -> SnapshotBox {
        try state.withLock { s in
            guard s.initialized else { throw EngineError.notInitialized }
            if let snap = s.snapshot { return snap }
            let snap = try SnapshotBox.build()
            s.snapshot = snap
            return snap
        }
    }

    /// Size of the startup snapshot in bytes (builds it if needed).
    public static func snapshotSize() throws -> Int { cv8_snapshot_size(try snapshot().pointer) }

    /// Builds the snapshot now so the first request does not pay for it.
    public static func warmUp() throws { _ = try snapshot() }
}

/// Owner of the snapshot blob; lives for the whole process.
// Safety: the pointer is written once at creation and only read afterwards (V8 copies nothing out of
// it concurrently with a write); the blob is never freed.
final class SnapshotBox: @unchecked Sendable {
    let pointer: OpaquePointer

    private init(pointer: OpaquePointer) { self.pointer = pointer }

    static func build() throws -> SnapshotBox {
        let glue = try Glue.source()
        let names = HostOp.allCases.map { strdup($0.jsName) }
        defer { names.forEach { free($0) } }
        var error: UnsafeMutablePointer<CChar>?
        let snap: OpaquePointer? = names.withUnsafeBufferPointer { buf in
            buf.withMemoryRebound(to: UnsafePointer<CChar>?.self) { cnames in
                glue.withCString { g in
                    cv8_snapshot_create(g, strlen(g), "openworkers:glue", cnames.baseAddress, Int32(cnames.count),
                                        snapshotHostOp, nil, &error)
                }
            }
        }
        guard let snap else {
            let message = error.map { String(cString: $0) } ?? "unknown error"
            cv8_free(error)
            throw EngineError.snapshotFailed(message)
        }
        return SnapshotBox(pointer: snap)
    }
}

/// Host ops while the snapshot warms the glue up: built-in ones (URL) are answered, the others
/// (respond, console, timers…) are ignored — no request exists.
private func snapshotHostOp(_ host: UnsafeMutableRawPointer?, _ op: Int32, _ args: UnsafePointer<cv8_value>?,
                            _ argc: Int32, _ ret: OpaquePointer?) {
    guard let ret, let hostOp = HostOp(rawValue: op) else { return }
    _ = BuiltinOps.handle(hostOp, HostOpArguments(args, count: Int(argc)), HostOpResult(ret))
}
