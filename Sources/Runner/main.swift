// runner: serves workers with V8 isolates (standalone mode: one worker from a file).
import Foundation
import Shared
import WorkerRuntime

let config: RunnerConfig
do {
    config = try RunnerConfig.load(arguments: CommandLine.arguments, environment: ProcessInfo.processInfo.environment)
} catch {
    if error.isHelp {
        say(RunnerConfig.usage)
        exit(0)
    }
    FileHandle.standardError.write(Data("runner: \(error.description)\n".utf8))
    FileHandle.standardError.write(Data((RunnerConfig.usage + "\n").utf8))
    exit(2)
}

do {
    // Order matters: signals blocked and V8 initialised before any thread exists.
    try ProcessSignals.block()
    try Engine.initialize()
    try Engine.warmUp()
    let worker = try StandaloneWorker.load(config)
    // Start the worker once now, so a broken script is reported at start-up, not on the first request.
    if let problem = StandaloneWorker.check(worker, limits: config.limits) {
        FileHandle.standardError.write(Data("runner: the worker does not start: \(problem)\n".utf8))
        exit(1)
    }
    let sink = StderrLogSink()
    var http = HTTPServerConfiguration()
    http.host = config.host
    http.port = config.port
    http.loopCount = config.loops
    http.threadStackSize = Engine.threadStackSize
    let server = HTTPServer(configuration: http) { loop in
        WorkerHandler(loop: loop, worker: worker, limits: config.limits, logSink: sink)
    }
    var adminHTTP = HTTPServerConfiguration()
    adminHTTP.host = config.host
    adminHTTP.port = config.adminPort
    adminHTTP.loopCount = 1
    let admin = HTTPServer(configuration: adminHTTP) { _ in AdminHandler() }
    try server.start()
    try admin.start()
    say("runner: serving \(config.scriptPath ?? "") on http://\(config.host):\(server.port)/ " +
        "(admin: http://\(config.host):\(admin.port)/health, V8 \(Engine.v8Version))")
    let signal = ProcessSignals.wait()
    say("runner: signal \(signal), finishing in-flight requests")
    server.shutdown(gracePeriod: .seconds(10))
    admin.shutdown(gracePeriod: .seconds(1))
    server.wait()
    admin.wait()
} catch {
    FileHandle.standardError.write(Data("runner: \(error)\n".utf8))
    exit(1)
}

/// One line on standard output, written at once (not buffered behind a pipe).
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
