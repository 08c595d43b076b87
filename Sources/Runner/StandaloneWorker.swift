import Foundation
import WorkerRuntime

/// The one worker of standalone mode, read from `--script` with `--var` values as its `env`.
enum StandaloneWorker {
    struct LoadError: Error, CustomStringConvertible {
        let description: String
    }

    static func load(_ config: RunnerConfig) throws -> WorkerVersion {
        guard let path = config.scriptPath else { throw LoadError(description: "no --script given") }
        let source: String
        do {
            source = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw LoadError(description: "cannot read the worker script \(path): \(error.localizedDescription)")
        }
        let envData = try JSONSerialization.data(withJSONObject: config.vars, options: [.sortedKeys])
        let env = String(decoding: envData, as: UTF8.self)
        return WorkerVersion(id: config.workerName, name: config.workerName, version: "local", source: source,
                             envJSON: env)
    }

    /// Evaluates the worker in a throwaway isolate on this thread; the problem, if it does not start.
    static func check(_ worker: WorkerVersion, limits: RuntimeLimits) -> String? {
        do {
            let isolate = try Isolate(heapLimit: limits.heapMaxBytes)
            let watch = CPUWatch()
            let budget = Int64(limits.cpuTimeMillis) * 1_000_000
            var (result, _) = isolate.watched(watch, cpuBudgetNanos: budget, wallBudgetNanos: budget * 10) {
                isolate.call("setup", [.string(worker.envJSON)])
            }
            if result == .ok {
                (result, _) = isolate.watched(watch, cpuBudgetNanos: budget, wallBudgetNanos: budget * 10) {
                    isolate.load(source: worker.source, name: worker.name + ".js", kind: worker.kind).result
                }
            }
            switch result {
            case .ok: return nil
            case .exception(let message): return message
            case .terminated(let reason): return "its start-up was stopped (\(reason.rawValue))"
            }
        } catch {
            return "\(error)"
        }
    }
}
