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
}
