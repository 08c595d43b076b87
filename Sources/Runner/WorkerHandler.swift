import Foundation
import Shared
import WorkerRuntime

/// Per event loop: maps each HTTP request to an invocation of the standalone worker.
final class WorkerHandler: HTTPHandler {
    let pool: IsolatePool
    let worker: WorkerVersion

    init(loop: EventLoop, worker: WorkerVersion, limits: RuntimeLimits, logSink: WorkerLogSink) {
        self.pool = IsolatePool(loop: loop, limits: limits, logSink: logSink)
        self.worker = worker
    }

    func handle(_ request: HTTPRequest, responder: HTTPResponder) {
        pool.fetch(worker: worker, request: request, url: Self.absoluteURL(request), responder: responder)
    }

    /// The URL the worker sees: `http://<Host><target>` (absolute-form targets are kept as sent).
    static func absoluteURL(_ request: HTTPRequest) -> String {
        let target = request.target
        if target.hasPrefix("http://") || target.hasPrefix("https://") { return target }
        let host = request.header("host").flatMap { $0.isEmpty ? nil : $0 } ?? "localhost"
        return "http://" + host + (target.hasPrefix("/") ? target : "/" + target)
    }
}

/// `GET /health` on the admin listener (a separate port, never selected by a Host header).
final class AdminHandler: HTTPHandler {
    func handle(_ request: HTTPRequest, responder: HTTPResponder) {
        let path = request.target.split(separator: "?", maxSplits: 1).first.map(String.init) ?? request.target
        switch (request.method, path) {
        case ("GET", "/health"), ("HEAD", "/health"):
            responder.respond(status: 200, headers: [("content-type", "text/plain")], body: Array("OK".utf8))
        default:
            responder.respond(status: 404, headers: [("content-type", "application/json")],
                              body: Array(#"{"error":"not_found","message":"no such admin endpoint"}"#.utf8))
        }
    }
}

/// Console output of the standalone worker: one line per message on standard error.
final class StderrLogSink: WorkerLogSink {
    func log(worker: WorkerVersion, level: LogLevel, message: String) {
        let line = "[\(worker.name)] \(level.name): \(message)\n"
        FileHandle.standardError.write(Data(line.utf8))
    }
}
