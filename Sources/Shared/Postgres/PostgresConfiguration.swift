#if canImport(Glibc)
import Glibc
#endif

/// Where and how to connect. Built once (from a URL or from the environment) by a service's config.
///
/// Environment names follow OpenWorkers (design.md §5): `DATABASE_URL`, or else `POSTGRES_HOST`,
/// `POSTGRES_PORT`, `POSTGRES_USER`, `POSTGRES_PASSWORD`, `POSTGRES_DB`.
public struct PostgresConfiguration: Sendable, CustomStringConvertible {
    /// libpq connection keywords and values (`host`, `port`, …; `dbname` may hold a whole URL).
    public var parameters: [(String, String)]
    /// libpq `connect_timeout`, seconds.
    public var connectTimeoutSeconds = 5
    /// Reconnect attempts after a broken connection, and the first/maximum backoff delays.
    public var reconnectAttempts = 6
    public var reconnectInitialDelayMilliseconds = 50
    public var reconnectMaxDelayMilliseconds = 2_000
    /// Sent as `application_name`.
    public var applicationName = "openworkers"

    /// `postgres://user:pass@host:port/db?sslmode=disable` (libpq parses the URL itself).
    public init(url: String) throws(PostgresError) {
        guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") else {
            throw PostgresError(kind: .configuration, reason: "database URL must start with postgres:// or postgresql://")
        }
        parameters = [("dbname", url)]
    }

    public init(host: String, port: Int = 5432, user: String, password: String? = nil, database: String) {
        parameters = [("host", host), ("port", String(port)), ("user", user), ("dbname", database)]
        if let password { parameters.append(("password", password)) }
    }

    /// `DATABASE_URL` wins; otherwise `POSTGRES_HOST` (default localhost), `POSTGRES_PORT` (5432),
    /// `POSTGRES_USER` (postgres), `POSTGRES_PASSWORD`, `POSTGRES_DB` (defaults to the user).
    public static func fromEnvironment(_ env: [String: String]) throws(PostgresError) -> PostgresConfiguration {
        if let url = env["DATABASE_URL"], !url.isEmpty { return try PostgresConfiguration(url: url) }
        guard env["POSTGRES_HOST"] != nil || env["POSTGRES_DB"] != nil || env["POSTGRES_USER"] != nil else {
            throw PostgresError(kind: .configuration, reason: "set DATABASE_URL or POSTGRES_HOST/POSTGRES_DB")
        }
        guard let port = Int(env["POSTGRES_PORT"] ?? "5432"), (1...65535).contains(port) else {
            throw PostgresError(kind: .configuration, reason: "POSTGRES_PORT is not a port number")
        }
        let user = env["POSTGRES_USER"] ?? "postgres"
        return PostgresConfiguration(host: env["POSTGRES_HOST"] ?? "localhost", port: port, user: user,
                                     password: env["POSTGRES_PASSWORD"], database: env["POSTGRES_DB"] ?? user)
    }

    /// Reads the process environment once (call it from the service's `Config`, not per request).
    public static func fromProcessEnvironment() throws(PostgresError) -> PostgresConfiguration {
        var env: [String: String] = [:]
        for name in ["DATABASE_URL", "POSTGRES_HOST", "POSTGRES_PORT", "POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB"] {
            if let v = getenv(name) { env[name] = String(cString: v) }
        }
        return try fromEnvironment(env)
    }

    /// Host/port/database only — never the password.
    public var description: String {
        var parts: [String] = []
        for (k, v) in parameters where k != "password" {
            if k == "dbname", v.contains("://") { parts.append("url=\(Self.redactedURL(v))") } else { parts.append("\(k)=\(v)") }
        }
        return "PostgresConfiguration(\(parts.joined(separator: " ")))"
    }

    static func redactedURL(_ url: String) -> String {
        let chars = Array(url)
        guard let schemeEnd = url.firstIndex(of: "/").map({ url.distance(from: url.startIndex, to: $0) + 2 }),
              schemeEnd <= chars.count else { return url }
        let authorityEnd = chars[schemeEnd...].firstIndex(of: "/") ?? chars.count
        guard let at = chars[schemeEnd..<authorityEnd].lastIndex(of: "@"),
              let colon = chars[schemeEnd..<at].firstIndex(of: ":") else { return url }
        return String(chars[..<colon]) + ":***" + String(chars[at...])
    }
}
