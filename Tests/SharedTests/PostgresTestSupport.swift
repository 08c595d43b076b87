import Testing
import Shared
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Real-server test plumbing: `DATABASE_URL` comes from the test script (scripts/lib/postgres.sh).
/// Each test gets its own database (created here, dropped with FORCE afterwards).
/// Without `DATABASE_URL`: under `CI=true` the test fails; otherwise it is skipped with a note.
enum PostgresTestDatabase {
    static let url: String? = getenv("DATABASE_URL").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
    static let inCI: Bool = getenv("CI").map { String(cString: $0) } == "true"
    /// Trait condition: run when a server is configured, or in CI (where the test then fails).
    static let enabled = url != nil || inCI
    static let skipNote: Comment = "DATABASE_URL is not set: PostgreSQL tests skipped (start one with: source scripts/lib/postgres.sh && pg_start DIR)"

    /// The repository's `migrations/` directory.
    static let migrationsDirectory: String = {
        var parts = String(#filePath).split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)   // Tests/SharedTests/<file>
        return parts.joined(separator: "/") + "/migrations"
    }()

    /// `url` with its database name replaced.
    static func url(database: String) -> String {
        guard let base = url else { return "" }
        let (head, query) = splitQuery(base)
        guard let slash = head.lastIndex(of: "/") else { return base }
        return String(head[...slash]) + database + query
    }

    private static func splitQuery(_ s: String) -> (Substring, String) {
        guard let q = s.firstIndex(of: "?") else { return (Substring(s), "") }
        return (s[..<q], String(s[q...]))
    }

    private static let counter = Atomic<Int>(0)

    /// Runs `body` with the URL of a fresh empty database; returns false (after failing or noting) without a server.
    @discardableResult
    static func withDatabase(_ name: String = #function, _ body: (String) throws -> Void) throws -> Bool {
        guard let admin = url else {
            if inCI {
                Issue.record("DATABASE_URL is not set but CI=true: PostgreSQL tests need the server started by scripts/test.sh (scripts/lib/postgres.sh)")
            } else {
                print("note: skipping \(name): DATABASE_URL is not set (source scripts/lib/postgres.sh && pg_start DIR)")
            }
            return false
        }
        let n = counter.wrappingAdd(1, ordering: .relaxed).newValue
        let db = "ow_test_\(getpid())_\(n)_\(Int.random(in: 0..<1_000_000))"
        let conn = try PostgresConnection(url: admin)
        try conn.execute("CREATE DATABASE \(db)")
        defer { _ = try? conn.execute("DROP DATABASE IF EXISTS \(db) WITH (FORCE)") }
        try body(url(database: db))
        return true
    }

    /// A fresh database with all migrations applied.
    @discardableResult
    static func withMigratedDatabase(_ name: String = #function, _ body: (String) throws -> Void) throws -> Bool {
        try withDatabase(name) { url in
            let conn = try PostgresConnection(url: url)
            try Migrator(directory: migrationsDirectory).migrate(conn)
            try body(url)
        }
    }
}

/// Runs `body(i)` on `count` native threads and waits for all of them; returns the errors thrown.
func runOnThreads(_ count: Int, _ body: @escaping @Sendable (Int) throws -> Void) throws -> [String] {
    let errors = Mutex<[String]>([])
    var threads: [NativeThread] = []
    for i in 0..<count {
        threads.append(try NativeThread.start(stackSize: 1 << 20) {
            do { try body(i) } catch { errors.withLock { $0.append("\(error)") } }
        })
    }
    threads.forEach { $0.join() }
    return errors.withLock { $0 }
}

/// A fresh temporary directory (mkdtemp).
func makeTemporaryDirectory() -> String {
    var template = Array("/tmp/ow-pg-test-XXXXXX".utf8CString)
    return template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
}

func writeFile(_ path: String, _ contents: String) {
    guard let f = fopen(path, "wb") else { Issue.record("cannot write \(path)"); return }
    let bytes = Array(contents.utf8)
    _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, bytes.count, f) }
    fclose(f)
}

func readFileText(_ path: String) -> String {
    guard let f = fopen(path, "rb") else { return "" }
    defer { fclose(f) }
    var out: [UInt8] = []
    var buf = [UInt8](repeating: 0, count: 4096)
    while true { let n = fread(&buf, 1, buf.count, f); if n <= 0 { break }; out += buf[0..<n] }
    return String(decoding: out, as: UTF8.self)
}

/// Removes a flat directory made by `makeTemporaryDirectory` (files only).
func removeTemporaryDirectory(_ path: String) {
    guard let dir = opendir(path) else { return }
    while let entry = readdir(dir) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
        if name != "." && name != ".." { unlink("\(path)/\(name)") }
    }
    closedir(dir)
    rmdir(path)
}
