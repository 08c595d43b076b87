import FoundationEssentials

/// The rows and command status of one statement. Values are copied out of libpq's result, so a
/// `PostgresResult` is a plain value that outlives the connection and crosses threads.
public struct PostgresResult: Sendable {
    public let columns: [String]
    public let rows: [PostgresRow]
    /// Rows affected by INSERT/UPDATE/DELETE (`PQcmdTuples`), or the row count of a SELECT.
    public let affectedRows: Int

    /// The first row, or nil.
    public var first: PostgresRow? { rows.first }
}

/// One row in text format. Accessors take a column name or index and throw `.decoding` errors
/// (wrong type, NULL where a value is required, unknown column); `…OrNil` variants map NULL to nil.
public struct PostgresRow: Sendable {
    let columnIndex: [String: Int]
    public let columns: [String]
    /// Raw text values (bytea in `\x` hex), nil = SQL NULL.
    public let values: [String?]

    init(columns: [String], columnIndex: [String: Int], values: [String?]) {
        self.columns = columns
        self.columnIndex = columnIndex
        self.values = values
    }

    private func index(_ column: String) throws(PostgresError) -> Int {
        guard let i = columnIndex[column] else {
            throw PostgresError(kind: .decoding, reason: "no column named \(column)")
        }
        return i
    }

    public func isNull(_ column: String) throws(PostgresError) -> Bool { values[try index(column)] == nil }

    /// Decodes a column through `PostgresDecodable`; NULL throws.
    public func decode<T: PostgresDecodable>(_ type: T.Type, _ column: String) throws(PostgresError) -> T {
        guard let v = try decodeIfPresent(type, column) else {
            throw PostgresError(kind: .decoding, reason: "column \(column) is NULL, expected \(T.self)")
        }
        return v
    }

    public func decodeIfPresent<T: PostgresDecodable>(_ type: T.Type, _ column: String) throws(PostgresError) -> T? {
        let i = try index(column)
        return try decodeIfPresent(type, at: i)
    }

    public func decodeIfPresent<T: PostgresDecodable>(_ type: T.Type, at i: Int) throws(PostgresError) -> T? {
        guard i >= 0, i < values.count else { throw PostgresError(kind: .decoding, reason: "column index \(i) out of range") }
        guard let text = values[i] else { return nil }
        guard let v = T(postgresText: text) else {
            throw PostgresError(kind: .decoding, reason: "column \(columns[i]) is not a valid \(T.self)")
        }
        return v
    }

    public func string(_ c: String) throws(PostgresError) -> String { try decode(String.self, c) }
    public func int(_ c: String) throws(PostgresError) -> Int { try decode(Int.self, c) }
    public func int64(_ c: String) throws(PostgresError) -> Int64 { try decode(Int64.self, c) }
    public func bool(_ c: String) throws(PostgresError) -> Bool { try decode(Bool.self, c) }
    public func double(_ c: String) throws(PostgresError) -> Double { try decode(Double.self, c) }
    public func uuid(_ c: String) throws(PostgresError) -> UUID { try decode(UUID.self, c) }
    public func date(_ c: String) throws(PostgresError) -> Date { try decode(Date.self, c) }
    public func bytes(_ c: String) throws(PostgresError) -> [UInt8] { try decode(PostgresBytes.self, c).bytes }
    /// JSON/JSONB column text as the server printed it.
    public func json(_ c: String) throws(PostgresError) -> String { try decode(String.self, c) }

    public func stringOrNil(_ c: String) throws(PostgresError) -> String? { try decodeIfPresent(String.self, c) }
    public func intOrNil(_ c: String) throws(PostgresError) -> Int? { try decodeIfPresent(Int.self, c) }
    public func int64OrNil(_ c: String) throws(PostgresError) -> Int64? { try decodeIfPresent(Int64.self, c) }
    public func boolOrNil(_ c: String) throws(PostgresError) -> Bool? { try decodeIfPresent(Bool.self, c) }
    public func doubleOrNil(_ c: String) throws(PostgresError) -> Double? { try decodeIfPresent(Double.self, c) }
    public func uuidOrNil(_ c: String) throws(PostgresError) -> UUID? { try decodeIfPresent(UUID.self, c) }
    public func dateOrNil(_ c: String) throws(PostgresError) -> Date? { try decodeIfPresent(Date.self, c) }
    public func bytesOrNil(_ c: String) throws(PostgresError) -> [UInt8]? { try decodeIfPresent(PostgresBytes.self, c)?.bytes }
}

/// A Swift type that can be read from a column's text-format value.
public protocol PostgresDecodable {
    init?(postgresText: String)
}

extension String: PostgresDecodable { public init?(postgresText: String) { self = postgresText } }
extension Int: PostgresDecodable { public init?(postgresText: String) { self.init(postgresText) } }
extension Int64: PostgresDecodable { public init?(postgresText: String) { self.init(postgresText) } }
extension Int32: PostgresDecodable { public init?(postgresText: String) { self.init(postgresText) } }
extension Bool: PostgresDecodable {
    public init?(postgresText: String) {
        switch postgresText { case "t", "true": self = true; case "f", "false": self = false; default: return nil }
    }
}
extension Double: PostgresDecodable {
    public init?(postgresText: String) {
        switch postgresText {
        case "NaN": self = .nan
        case "Infinity": self = .infinity
        case "-Infinity": self = -.infinity
        default: self.init(postgresText)
        }
    }
}
extension UUID: PostgresDecodable { public init?(postgresText: String) { self.init(uuidString: postgresText) } }
extension Date: PostgresDecodable {
    public init?(postgresText: String) {
        guard let d = PostgresTime.parse(postgresText) else { return nil }
        self = d
    }
}

/// `bytea` in the server's hex output format (`\x0a1b…`).
public struct PostgresBytes: PostgresDecodable, Sendable {
    public let bytes: [UInt8]
    public init?(postgresText: String) {
        let b = Array(postgresText.utf8)
        guard b.count >= 2, b[0] == 92, b[1] == 120, b.count % 2 == 0 else { return nil }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c { case 48...57: c - 48; case 97...102: c - 87; case 65...70: c - 55; default: nil }
        }
        var out = [UInt8](); out.reserveCapacity((b.count - 2) / 2)
        var i = 2
        while i < b.count {
            guard let h = nibble(b[i]), let l = nibble(b[i + 1]) else { return nil }
            out.append(h << 4 | l)
            i += 2
        }
        bytes = out
    }
}
