import Foundation
import WorkerRuntime

/// Everything the runner reads from its command line and environment, read once at start.
struct RunnerConfig {
    var scriptPath: String?
    var workerName = "worker"
    var vars: [String: String] = [:]
    var host = "127.0.0.1"
    var port = 8081
    var adminPort = 9081
    var loops = ProcessInfo.processInfo.activeProcessorCount
    var limits = RuntimeLimits()

    static let usage = """
    usage: runner --script <worker.js> [--port N] [--host ADDR] [--admin-port N] [--name NAME]
                  [--var KEY=VALUE ...] [--loops N]

    Serves one worker from a file (standalone mode, no database).
    Environment: CPU_TIME_LIMIT_MS (100), WALL_CLOCK_TIMEOUT_MS (60000), ISOLATE_HEAP_MAX_MB (128),
    MAX_CONCURRENT_PER_WORKER (16), ISOLATE_POOL_SIZE (1000), SPARE_ISOLATES (1), HTTP_LISTENERS (cores),
    PORT, ADMIN_PORT.
    """

    /// A configuration problem, reported to the operator with the usage text.
    struct Problem: Error, CustomStringConvertible {
        let description: String
        /// `--help`: print the usage to standard output and exit 0.
        var isHelp = false
    }

    static func load(arguments: [String], environment: [String: String]) throws(Problem) -> RunnerConfig {
        var c = RunnerConfig()
        func int(_ name: String, _ text: String, min: Int = 1, max: Int = Int.max) throws(Problem) -> Int {
            guard let v = Int(text), v >= min, v <= max else {
                throw Problem(description: "\(name) must be a whole number from \(min) to \(max), got '\(text)'")
            }
            return v
        }
        let day = 86_400_000 // limits are bounded so that nanosecond arithmetic cannot overflow
        if let v = environment["CPU_TIME_LIMIT_MS"] { c.limits.cpuTimeMillis = try int("CPU_TIME_LIMIT_MS", v, max: day) }
        if let v = environment["WALL_CLOCK_TIMEOUT_MS"] {
            c.limits.wallClockMillis = try int("WALL_CLOCK_TIMEOUT_MS", v, max: day)
        }
        if let v = environment["ISOLATE_HEAP_MAX_MB"] {
            c.limits.heapMaxBytes = try int("ISOLATE_HEAP_MAX_MB", v, min: 8, max: 16384) * 1024 * 1024
        }
        if let v = environment["MAX_CONCURRENT_PER_WORKER"] {
            c.limits.maxIsolatesPerWorker = try int("MAX_CONCURRENT_PER_WORKER", v, max: 10_000)
        }
        if let v = environment["ISOLATE_POOL_SIZE"] { c.limits.maxIdleIsolates = try int("ISOLATE_POOL_SIZE", v, max: 1_000_000) }
        if let v = environment["SPARE_ISOLATES"] { c.limits.spareIsolates = try int("SPARE_ISOLATES", v, min: 0, max: 64) }
        if let v = environment["HTTP_LISTENERS"] { c.loops = try int("HTTP_LISTENERS", v, max: 256) }
        if let v = environment["PORT"] { c.port = try int("PORT", v, min: 0, max: 65535) }
        if let v = environment["ADMIN_PORT"] { c.adminPort = try int("ADMIN_PORT", v, min: 0, max: 65535) }

        var i = 1
        func value(_ flag: String) throws(Problem) -> String {
            guard i + 1 < arguments.count else { throw Problem(description: "\(flag) needs a value") }
            i += 1
            return arguments[i]
        }
        while i < arguments.count {
            let a = arguments[i]
            switch a {
            case "--script": c.scriptPath = try value(a)
            case "--port": c.port = try int("--port", try value(a), min: 0, max: 65535)
            case "--admin-port": c.adminPort = try int("--admin-port", try value(a), min: 0, max: 65535)
            case "--host": c.host = try value(a)
            case "--name": c.workerName = try value(a)
            case "--loops": c.loops = try int("--loops", try value(a), max: 256)
            case "--var":
                let kv = try value(a)
                guard let eq = kv.firstIndex(of: "="), eq != kv.startIndex else {
                    throw Problem(description: "--var takes KEY=VALUE, got '\(kv)'")
                }
                c.vars[String(kv[..<eq])] = String(kv[kv.index(after: eq)...])
            case "-h", "--help":
                throw Problem(description: "", isHelp: true)
            default:
                throw Problem(description: "unknown argument '\(a)'")
            }
            i += 1
        }
        guard c.scriptPath != nil else { throw Problem(description: "--script is required (platform mode arrives later)") }
        return c
    }
}
