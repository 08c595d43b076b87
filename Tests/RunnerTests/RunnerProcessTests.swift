import Foundation
import Testing

/// The `runner` executable as a user runs it (`make run`): spawned with a script, driven with curl.
@Suite(.serialized) struct RunnerProcessTests {
    /// The repository root (…/Tests/RunnerTests/RunnerProcessTests.swift → …).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A running runner process; stopped with SIGTERM by `stop()`.
    final class RunningRunner {
        let process = Process()
        let output = Pipe()
        var port = 0
        var adminPort = 0

        init(script: String, args: [String] = [], env: [String: String] = [:]) throws {
            let bin = RunnerProcessTests.binDir.appendingPathComponent("runner")
            process.executableURL = bin
            process.arguments = ["--script", script, "--port", "0", "--admin-port", "0"] + args
            var environment = ProcessInfo.processInfo.environment
            for (k, v) in env { environment[k] = v }
            process.environment = environment
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            // First line: "runner: serving <script> on http://127.0.0.1:<port>/ (admin: http://127.0.0.1:<port>/health, …)"
            let line = try Self.readLine(output.fileHandleForReading)
            let ports = line.matches(of: /127\.0\.0\.1:(\d+)/).map { Int($0.1)! }
            guard ports.count == 2 else { throw Failure(message: "unexpected first line: \(line)") }
            port = ports[0]
            adminPort = ports[1]
        }

        static func readLine(_ handle: FileHandle) throws -> String {
            var bytes: [UInt8] = []
            while true {
                let d = handle.readData(ofLength: 1)
                if d.isEmpty { throw Failure(message: "the runner exited before it printed its address: \(String(decoding: bytes, as: UTF8.self))") }
                if d[0] == 10 { break }
                bytes.append(d[0])
            }
            return String(decoding: bytes, as: UTF8.self)
        }

        /// SIGTERM, then wait; returns the exit status.
        func stop() -> Int32 {
            process.terminate()
            process.waitUntilExit()
            return process.terminationStatus
        }
    }

    struct Failure: Error, CustomStringConvertible { let message: String; var description: String { message } }

    static var binDir: URL {
        // The test bundle lives in the build products directory, next to the executables.
        let bundle = Bundle.main.bundleURL
        if FileManager.default.fileExists(atPath: bundle.appendingPathComponent("runner").path) { return bundle }
        return bundle.deletingLastPathComponent()
    }

    /// `curl -s` with the status code as the last line.
    static func curl(_ args: [String]) throws -> (status: Int, body: String, headers: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        let headerFile = FileManager.default.temporaryDirectory.appendingPathComponent("h-\(UUID().uuidString)")
        p.arguments = ["-s", "--max-time", "20", "-D", headerFile.path, "-w", "\n%{http_code}"] + args
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        let headers = (try? String(contentsOf: headerFile, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(at: headerFile)
        guard let nl = text.lastIndex(of: "\n") else { return (0, text, headers) }
        return (Int(text[text.index(after: nl)...]) ?? 0, String(text[..<nl]), headers)
    }

    @Test func servesTheExampleAndHealthOnTheAdminListenerOnly() throws {
        let r = try RunningRunner(script: Self.root.appendingPathComponent("examples/hello.js").path,
                                  args: ["--var", "NAME=Tester"])
        let hello = try Self.curl(["http://127.0.0.1:\(r.port)/"])
        #expect(hello.status == 200)
        #expect(hello.body == "Hello, Tester!\n")
        let json = try Self.curl(["http://127.0.0.1:\(r.port)/json"])
        #expect(json.body == #"{"hello":"Tester","method":"GET","path":"/json"}"#)
        #expect(try Self.curl(["http://127.0.0.1:\(r.adminPort)/health"]).body == "OK")
        // A Host header never reaches the admin endpoints: on the worker port /health is the worker's.
        let spoofed = try Self.curl(["-H", "Host: localhost", "http://127.0.0.1:\(r.port)/health"])
        #expect(spoofed.body == "Hello, Tester!\n")
        #expect(r.stop() == 0)
    }

    @Test func limitsThroughHTTPAndTheProcessKeepsServing() throws {
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("limits-\(UUID().uuidString).js")
        try """
        export default { async fetch(request) {
          const path = new URL(request.url).pathname;
          if (path === "/spin") { for (;;) {} }
          if (path === "/oom") { const a = []; for (;;) a.push(new Array(100000).fill(path)); }
          if (path === "/hang") { return new Promise(() => {}); }
          if (path === "/throw") { throw new Error("secret-value-123"); }
          return new Response("fine");
        } };
        """.write(to: script, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: script) }
        let r = try RunningRunner(script: script.path, env: ["CPU_TIME_LIMIT_MS": "1000", "WALL_CLOCK_TIMEOUT_MS": "2500",
                                                            "ISOLATE_HEAP_MAX_MB": "64"])
        let spin = try Self.curl(["http://127.0.0.1:\(r.port)/spin"]) // 1 s of CPU: the heap test below needs the room
        #expect(spin.status == 429)
        #expect(spin.headers.lowercased().contains("x-termination-reason: cputimelimit"))
        #expect(try Self.curl(["http://127.0.0.1:\(r.port)/"]).body == "fine")
        let oom = try Self.curl(["http://127.0.0.1:\(r.port)/oom"])
        #expect(oom.status == 429)
        #expect(oom.headers.lowercased().contains("x-termination-reason: memorylimit"))
        let hang = try Self.curl(["http://127.0.0.1:\(r.port)/hang"])
        #expect(hang.status == 504)
        #expect(hang.headers.lowercased().contains("x-termination-reason: wallclocktimeout"))
        let thrown = try Self.curl(["http://127.0.0.1:\(r.port)/throw"])
        #expect(thrown.status == 500)
        #expect(!thrown.body.contains("secret-value-123"))
        #expect(try Self.curl(["http://127.0.0.1:\(r.port)/"]).body == "fine")
        #expect(r.stop() == 0)
    }

    @Test func badCommandLineIsAClearError() throws {
        let p = Process()
        p.executableURL = Self.binDir.appendingPathComponent("runner")
        p.arguments = ["--port", "notaport"]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(p.terminationStatus == 2)
        #expect(text.contains("--port must be a whole number"))
        #expect(text.contains("usage: runner"))
    }
}
