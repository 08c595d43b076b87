/// A typed PostgreSQL client error. Its `description` names the kind, SQLSTATE and schema objects
/// (constraint, table, column) but never SQL text, parameter values or the server's message (which
/// can quote values, e.g. `invalid input syntax for type uuid: "…"`). The server's message is kept
/// in `serverMessage` for logs only; never put it in an HTTP response.
public struct PostgresError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// Connecting failed, or the connection broke (then the next call reconnects).
        case connection
        /// The server rejected a statement; `sqlState` holds its code (e.g. "23505").
        case query
        /// A column could not be decoded as the requested Swift type (or was NULL).
        case decoding
        /// No pooled connection became free before the checkout timeout.
        case poolTimeout
        /// The pool was closed.
        case poolClosed
        /// Configuration is missing or invalid (no DATABASE_URL / POSTGRES_*).
        case configuration
    }

    public let kind: Kind
    /// Five-character SQLSTATE for server errors (`23505` unique_violation, `57P01` admin_shutdown, …).
    public let sqlState: String?
    /// Constraint, table and column names from the server's error fields, when present.
    public let constraint: String?
    public let table: String?
    public let column: String?
    /// A short fixed explanation written by this client (no user data).
    public let reason: String
    /// The server's or libpq's own message. May quote values: logs only.
    public let serverMessage: String?

    public init(kind: Kind, reason: String, sqlState: String? = nil, constraint: String? = nil,
                table: String? = nil, column: String? = nil, serverMessage: String? = nil) {
        self.kind = kind
        self.reason = reason
        self.sqlState = sqlState
        self.constraint = constraint
        self.table = table
        self.column = column
        self.serverMessage = serverMessage
    }

    /// SQLSTATE 23505.
    public var isUniqueViolation: Bool { sqlState == "23505" }
    /// SQLSTATE 23503.
    public var isForeignKeyViolation: Bool { sqlState == "23503" }

    public var description: String {
        var s = "PostgreSQL \(kind) error: \(reason)"
        if let sqlState { s += " (SQLSTATE \(sqlState))" }
        if let constraint { s += " constraint=\(constraint)" }
        if let table { s += " table=\(table)" }
        if let column { s += " column=\(column)" }
        return s
    }
}
