import FoundationEssentials

/// A query parameter (`$1`, `$2`, …). Sent in text format, except `bytea` which goes as binary;
/// the type OID is given where it helps the server (`text` is left untyped so `$1` can meet a uuid,
/// varchar or enum column).
public enum PostgresValue: Sendable, Equatable {
    case null
    case text(String)
    case int(Int64)
    case bool(Bool)
    case double(Double)
    case bytea([UInt8])
    case uuid(UUID)
    case timestamp(Date)
    /// JSON document text, for `json`/`jsonb` columns.
    case json(String)

    /// (type OID, bytes, format) for PQexecParams; bytes nil = SQL NULL.
    var wire: (oid: UInt32, bytes: [UInt8]?, binary: Bool) {
        switch self {
        case .null: return (0, nil, false)
        case .text(let s): return (0, Array(s.utf8), false)
        case .int(let i): return (20, Array(String(i).utf8), false)
        case .bool(let b): return (16, Array((b ? "t" : "f").utf8), false)
        case .double(let d): return (701, Array(Self.doubleText(d).utf8), false)
        case .bytea(let b): return (17, b, true)
        case .uuid(let u): return (2950, Array(u.uuidString.lowercased().utf8), false)
        case .timestamp(let d): return (1184, Array(PostgresTime.format(d).utf8), false)
        case .json(let s): return (0, Array(s.utf8), false)
        }
    }

    private static func doubleText(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        return String(d)
    }
}

extension PostgresValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByNilLiteral, ExpressibleByFloatLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(nilLiteral: ()) { self = .null }
    public init(floatLiteral value: Double) { self = .double(value) }
}

extension PostgresValue {
    /// `.text` or `.null`.
    public static func optional(_ s: String?) -> PostgresValue { s.map { .text($0) } ?? .null }
    public static func int(_ i: Int) -> PostgresValue { .int(Int64(i)) }
}
