import Foundation
import Shared
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The NATS server the test script started (`NATS_SERVERS`, see scripts/lib/nats.sh). Without it the
/// NATS tests are skipped with a note — except under `CI=true`, where they run and fail (design.md §7).
enum NATSTestEnvironment {
    static let servers: String? = {
        let value = ProcessInfo.processInfo.environment["NATS_SERVERS"]
        return (value?.isEmpty ?? true) ? nil : value
    }()
    static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    static let shouldRun: Bool = {
        if servers != nil || isCI { return true }
        print("note: NATS tests skipped — NATS_SERVERS is not set (start a server with "
              + "`source scripts/lib/nats.sh && nats_start /tmp/nats`; under CI=true they fail instead)")
        return false
    }()

    struct Missing: Error, CustomStringConvertible {
        var description: String {
            "NATS_SERVERS is not set: the test command must start nats-server (scripts/lib/nats.sh) — required under CI=true"
        }
    }

    /// A configuration for the shared test server; throws `Missing` when there is none.
    static func configuration(name: String = "shared-tests") throws -> NATSConfiguration {
        guard let servers else { throw Missing() }
        return NATSConfiguration(environment: ["NATS_SERVERS": servers], name: name)
    }

    /// A connected connection to the shared test server.
    static func connect(name: String = "shared-tests") throws -> NATSConnection {
        let connection = NATSConnection(configuration: try configuration(name: name))
        try connection.connect()
        return connection
    }

    /// A subject prefix of one test, so parallel tests and other test runs never see each other.
    static func prefix() -> String { "test." + UUID().uuidString.lowercased() }
}

/// Collects values from nats.c threads.
final class Collector<T: Sendable>: Sendable {
    private let items = Mutex<[T]>([])
    func append(_ item: T) { items.withLock { $0.append(item) } }
    var values: [T] { items.withLock { $0 } }
    var count: Int { items.withLock { $0.count } }
}

/// Calls `onDeinit` when released (to see that a handler's captures are freed).
final class Witness: Sendable {
    let onDeinit: @Sendable () -> Void
    init(_ onDeinit: @escaping @Sendable () -> Void) { self.onDeinit = onDeinit }
    deinit { onDeinit() }
}

/// Polls `condition` every 10 ms until it holds or `limit` passed; returns whether it held.
func eventually(within limit: Duration = .seconds(10), _ condition: () -> Bool) async -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + limit
    while clock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return condition()
}

/// A loopback TCP port nobody listens on right now.
func freeLoopbackPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw SystemError.lastErrno("socket") }
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_port = 0
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    var len = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &addr) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { p -> Int32 in
            if bind(fd, p, len) != 0 { return -1 }
            return getsockname(fd, p, &len)
        }
    }
    guard bound == 0 else { throw SystemError.lastErrno("bind") }
    return Int(UInt16(bigEndian: addr.sin_port))
}

/// A private nats-server process for tests that stop and restart the server (never the shared one).
final class PrivateNATSServer: @unchecked Sendable {
    // Safety: used from one test task at a time.
    let port: Int
    private var process: Process?

    init() throws { port = try freeLoopbackPort() }

    var url: String { "nats://127.0.0.1:\(port)" }

    static var executable: String? {
        for dir in ["/usr/sbin", "/usr/bin", "/usr/local/bin", "/usr/local/sbin"] {
            let path = dir + "/nats-server"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    struct StartFailed: Error, CustomStringConvertible {
        var description: String
    }

    /// Starts nats-server on `port` and waits (≤ 10 s) until it accepts connections.
    func start() async throws {
        guard let exe = Self.executable else { throw StartFailed(description: "nats-server not installed") }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = ["-a", "127.0.0.1", "-p", String(port)]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        process = p
        let port = self.port
        guard await eventually(within: .seconds(10), { Self.accepts(port: port) }) else {
            kill()
            throw StartFailed(description: "nats-server did not accept connections on \(port)")
        }
    }

    /// SIGKILL, then reap it.
    func kill() {
        guard let p = process else { return }
        if p.isRunning { Glibc.kill(p.processIdentifier, SIGKILL) }
        p.waitUntilExit()
        process = nil
    }

    deinit { kill() }

    static func accepts(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
