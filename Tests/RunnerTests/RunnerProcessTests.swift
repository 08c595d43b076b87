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

        /// The runner's standard error (worker console output), in a temporary file.
        let stderrFile = FileManager.default.temporaryDirectory.appendingPathComponent("runner-\(UUID().uuidString).err")

        var stderrText: String { (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? "" }

        /// Peak resident memory of the runner so far (VmHWM), in KiB.
        var peakRSSKiB: Int {
            guard let s = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8) else { return 0 }
            for line in s.split(separator: "\n") where line.hasPrefix("VmHWM:") {
                return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
            }
            return 0
        }

        init(script: String, args: [String] = [], env: [String: String] = [:]) throws {
            let bin = RunnerProcessTests.binDir.appendingPathComponent("runner")
            process.executableURL = bin
            process.arguments = ["--script", script, "--port", "0", "--admin-port", "0"] + args
            var environment = ProcessInfo.processInfo.environment
            for (k, v) in env { environment[k] = v }
            process.environment = environment
            process.standardOutput = output
            FileManager.default.createFile(atPath: stderrFile.path, contents: nil)
            process.standardError = try FileHandle(forWritingTo: stderrFile)
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
            try? FileManager.default.removeItem(at: stderrFile)
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

    static let streamingWorker = """
    export default { fetch(request) {
      const total = 1024; // 1024 chunks of 64 KiB = 64 MiB
      let produced = 0;
      const chunk = new Uint8Array(65536).fill(120);
      return new Response(new ReadableStream({
        pull(controller) {
          if (produced === total) { console.log("produced all " + produced); controller.close(); return; }
          produced++;
          controller.enqueue(chunk.slice());
        },
        cancel() { console.log("cancelled after " + produced + " chunks"); },
      }, { highWaterMark: 1 }));
    } };
    """

    @Test func streaming64MiBKeepsMemoryFlatAndDisconnectCancelsTheStream() throws {
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("stream-\(UUID().uuidString).js")
        try Self.streamingWorker.write(to: script, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: script) }
        let r = try RunningRunner(script: script.path, env: ["CPU_TIME_LIMIT_MS": "20000"])
        // Warm the isolate with a short disconnect, then take the peak RSS as the baseline.
        _ = try RawHTTP.readSome(port: r.port, path: "/", bytes: 1)
        Thread.sleep(forTimeInterval: 0.3)
        let before = r.peakRSSKiB
        let full = try Self.curl(["-o", "/dev/null", "http://127.0.0.1:\(r.port)/", "-w", "%{size_download} %{http_code}"])
        #expect(full.body == "67108864 200", "curl reported size and status: \(full.body)")
        let growthMiB = Double(r.peakRSSKiB - before) / 1024
        print("streaming 64 MiB: runner peak RSS grew by \(String(format: "%.1f", growthMiB)) MiB")
        #expect(growthMiB < 32, "peak RSS grew by \(growthMiB) MiB while streaming 64 MiB")
        #expect(r.stderrText.contains("produced all 1024"))

        // A client that reads the first chunk and goes away: the worker's cancel() runs long before the end,
        // so the first chunk reached the client before the last one was produced.
        let first = try RawHTTP.readSome(port: r.port, path: "/", bytes: 70_000)
        #expect(first.hasPrefix("HTTP/1.1 200"))
        var cancelled: Int?
        for _ in 0..<100 where cancelled == nil {
            Thread.sleep(forTimeInterval: 0.05)
            let counts = r.stderrText.matches(of: /cancelled after (\d+) chunks/).map { Int($0.1)! }
            if counts.count >= 2 { cancelled = counts.last }
        }
        #expect(cancelled != nil, "the worker's cancel() did not run after the disconnect")
        #expect((cancelled ?? 1024) < 1024)
        #expect(r.stop() == 0)
    }

    @Test func aSecondRunnerOnTheSamePortIsRefused() throws {
        let hello = Self.root.appendingPathComponent("examples/hello.js").path
        let first = try RunningRunner(script: hello)
        let p = Process()
        p.executableURL = Self.binDir.appendingPathComponent("runner")
        p.arguments = ["--script", hello, "--port", String(first.port), "--admin-port", "0"]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(p.terminationStatus == 1)
        #expect(text.contains("\(first.port)"), "error names the port: \(text)")
        // …and the first one still answers.
        #expect(try Self.curl(["http://127.0.0.1:\(first.port)/"]).status == 200)
        #expect(first.stop() == 0)
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
