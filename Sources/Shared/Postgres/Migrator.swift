#if canImport(Glibc)
import Glibc
#endif

/// One `migrations/NNNN_name.sql` file.
public struct Migration: Sendable, Equatable {
    public let version: Int
    public let name: String
    public let sql: String
}

/// Why migrating stopped. Descriptions name files and versions, never SQL.
public enum MigrationError: Error, Sendable, CustomStringConvertible {
    /// The migrations directory could not be listed or a file read.
    case unreadable(path: String, errno: Int32)
    /// Two files share a version number.
    case duplicateVersion(Int)
    /// An applied migration's file no longer matches the checksum recorded when it ran.
    case checksumMismatch(version: Int, name: String)
    /// A migration failed; its transaction was rolled back.
    case failed(version: Int, name: String, PostgresError)

    public var description: String {
        switch self {
        case .unreadable(let path, let e): "cannot read \(path) (errno \(e))"
        case .duplicateVersion(let v): "two migration files have version \(v)"
        case .checksumMismatch(let v, let n): "migration \(v) (\(n)) was changed after it was applied"
        case .failed(let v, let n, let e): "migration \(v) (\(n)) failed: \(e)"
        }
    }
}

/// Applies `NNNN_name.sql` files from a directory in version order, each in its own transaction,
/// recording `(version, name, checksum)` in `schema_migrations`. Everything runs under
/// `pg_advisory_lock(lockKey)`, so services starting together apply each file once; files already
/// recorded are skipped (idempotent) unless their sha256 changed, which stops the run.
public struct Migrator: Sendable {
    public let directory: String
    public let lockKey: Int64

    /// Default lock key: "owmigr" in ASCII.
    public init(directory: String, lockKey: Int64 = 0x6f77_6d69_6772) {
        self.directory = directory
        self.lockKey = lockKey
    }

    /// Files named `<digits>_<name>.sql`, sorted by version; other files are ignored.
    public func loadMigrations() throws(MigrationError) -> [Migration] {
        guard let dir = opendir(directory) else { throw .unreadable(path: directory, errno: errno) }
        var found: [Migration] = []
        while let entry = readdir(dir) {
            let fileName = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            guard fileName.hasSuffix(".sql"), let underscore = fileName.firstIndex(of: "_"),
                  let version = Int(fileName[..<underscore]), fileName[..<underscore].allSatisfy(\.isNumber) else { continue }
            let name = String(fileName[fileName.index(after: underscore)...].dropLast(4))
            let sql: String
            do { sql = try Self.readFile("\(directory)/\(fileName)") } catch { closedir(dir); throw error }
            found.append(Migration(version: version, name: name, sql: sql))
        }
        closedir(dir)
        found.sort { $0.version < $1.version }
        for (a, b) in zip(found, found.dropFirst()) where a.version == b.version { throw .duplicateVersion(a.version) }
        return found
    }

    /// Applies what is missing; returns the migrations applied by this call (empty = up to date).
    @discardableResult
    public func migrate(_ conn: PostgresConnection) throws -> [Migration] {
        let migrations = try loadMigrations()
        try conn.query("SELECT pg_advisory_lock($1)", [.int(lockKey)])
        defer { _ = try? conn.query("SELECT pg_advisory_unlock($1)", [.int(lockKey)]) }
        try conn.execute("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version integer PRIMARY KEY,
                name text NOT NULL,
                checksum varchar(64) NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now())
            """)
        var applied: [Int: String] = [:]
        for row in try conn.query("SELECT version, checksum FROM schema_migrations").rows {
            applied[try row.int("version")] = try row.string("checksum")
        }
        var done: [Migration] = []
        for m in migrations {
            let checksum = try conn.query("SELECT encode(sha256($1), 'hex') AS c", [.bytea(Array(m.sql.utf8))]).rows[0].string("c")
            if let recorded = applied[m.version] {
                guard recorded == checksum else { throw MigrationError.checksumMismatch(version: m.version, name: m.name) }
                continue
            }
            do {
                try conn.transaction { c in
                    try c.execute(m.sql)
                    try c.query("INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
                                [.int(m.version), .text(m.name), .text(checksum)])
                }
            } catch let error as PostgresError {
                throw MigrationError.failed(version: m.version, name: m.name, error)
            }
            done.append(m)
        }
        return done
    }

    static func readFile(_ path: String) throws(MigrationError) -> String {
        guard let f = fopen(path, "rb") else { throw .unreadable(path: path, errno: errno) }
        defer { fclose(f) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buffer, 1, buffer.count, f)
            if n > 0 { bytes += buffer[0..<n] }
            if n < buffer.count {
                if ferror(f) != 0 { throw .unreadable(path: path, errno: errno) }
                break
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
