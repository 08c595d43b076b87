internal import CLibPQ
#if canImport(Glibc)
import Glibc
#endif

/// One blocking libpq connection. Every call blocks the calling thread until the server answers, so
/// use it from a service's own worker threads (or through `PostgresPool`), never on an `EventLoop`
/// thread or the Swift cooperative pool. Not thread-safe: one thread at a time (the pool hands a
/// connection to exactly one caller); `PQisthreadsafe()` is 1, so distinct connections run in parallel.
///
/// A broken connection (server restart, `pg_terminate_backend`, network) makes the failing call throw
/// `.connection`; the next call reconnects with exponential backoff (`PQreset`) and re-issues the
/// LISTENs, unless a transaction was open (then the transaction's caller sees the error first).
public final class PostgresConnection {
    public let configuration: PostgresConfiguration
    private var handle: OpaquePointer?
    /// Channels to re-LISTEN after a reconnect.
    var listenChannels: [String] = []
    var pendingNotifications: [PostgresNotification] = []
    /// Open transaction nesting (0 = autocommit); > 0 uses savepoints.
    private(set) var transactionDepth = 0
    /// Number of successful reconnects (for tests and metrics).
    public private(set) var reconnectCount = 0

    public init(configuration: PostgresConfiguration) throws(PostgresError) {
        self.configuration = configuration
        try open()
    }

    /// Connects with `DATABASE_URL`-style URL.
    public convenience init(url: String) throws(PostgresError) {
        try self.init(configuration: PostgresConfiguration(url: url))
    }

    deinit { if let handle { PQfinish(handle) } }

    /// Closes the socket; a later call reconnects.
    public func close() {
        if let handle { PQfinish(handle) }
        handle = nil
    }

    /// True when libpq knows the connection is unusable (it learns that on the next I/O).
    public var isBroken: Bool { handle.map { PQstatus($0) != CONNECTION_OK } ?? true }

    /// True when a transaction block is open or failed on the server (`PQtransactionStatus`).
    public var isInTransactionBlock: Bool {
        guard let handle else { return false }
        let status = PQtransactionStatus(handle)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR
    }

    /// The server process id (`pg_backend_pid()`), 0 when disconnected.
    public var backendPID: Int32 { handle.map { PQbackendPID($0) } ?? 0 }

    // MARK: - Connecting

    private func open() throws(PostgresError) {
        var keys = configuration.parameters.map(\.0)
        var values = configuration.parameters.map(\.1)
        keys += ["connect_timeout", "application_name", "client_encoding"]
        values += [String(configuration.connectTimeoutSeconds), configuration.applicationName, "UTF8"]
        let ck = keys.map { strdup($0) }, cv = values.map { strdup($0) }
        defer { ck.forEach { free($0) }; cv.forEach { free($0) } }
        let kp: [UnsafePointer<CChar>?] = ck.map { UnsafePointer($0) } + [nil]
        let vp: [UnsafePointer<CChar>?] = cv.map { UnsafePointer($0) } + [nil]
        let conn = PQconnectdbParams(kp, vp, 1)
        guard let conn else { throw PostgresError(kind: .connection, reason: "out of memory") }
        guard PQstatus(conn) == CONNECTION_OK else {
            let message = Self.connectionMessage(conn)
            PQfinish(conn)
            throw PostgresError(kind: .connection, reason: "could not connect", serverMessage: message)
        }
        PQsetNoticeProcessor(conn, { _, _ in }, nil)   // NOTICEs (e.g. "already exists, skipping") are not errors
        if let handle { PQfinish(handle) }
        handle = conn
        try setUpSession()
    }

    private func setUpSession() throws(PostgresError) {
        try execute("SET TIME ZONE 'UTC'; SET DateStyle = 'ISO, YMD'; SET bytea_output = 'hex'")
        for channel in listenChannels { try execute("LISTEN \(Self.quoteIdentifier(channel))") }
    }

    /// Re-opens a broken connection, retrying with exponential backoff
    /// (`reconnectInitialDelayMilliseconds` doubling up to `reconnectMaxDelayMilliseconds`).
    public func reconnect() throws(PostgresError) {
        var delay = configuration.reconnectInitialDelayMilliseconds
        var last = PostgresError(kind: .connection, reason: "could not reconnect")
        for attempt in 0..<max(1, configuration.reconnectAttempts) {
            if attempt > 0 {
                usleep(UInt32(delay) * 1000)
                delay = min(delay * 2, configuration.reconnectMaxDelayMilliseconds)
            }
            do {
                try open()
                reconnectCount += 1
                return
            } catch { last = error }
        }
        throw last
    }

    /// Makes sure there is a live connection before a statement.
    func ensureConnected() throws(PostgresError) {
        guard isBroken else { return }
        if transactionDepth > 0 {
            transactionDepth = 0
            throw PostgresError(kind: .connection, reason: "connection lost inside a transaction")
        }
        try reconnect()
    }

    // MARK: - Statements

    /// Runs one statement with `$1…$n` parameters (extended protocol; values never spliced into SQL).
    @discardableResult
    public func query(_ sql: String, _ params: [PostgresValue] = []) throws(PostgresError) -> PostgresResult {
        try ensureConnected()
        var storage: [UInt8] = []
        var offsets: [Int?] = [], lengths: [Int32] = [], formats: [Int32] = [], types: [UInt32] = []
        for p in params {
            let w = p.wire
            types.append(w.oid)
            formats.append(w.binary ? 1 : 0)
            if let bytes = w.bytes {
                offsets.append(storage.count)
                lengths.append(Int32(bytes.count))
                storage += bytes
                storage.append(0)   // text parameters are NUL-terminated
            } else {
                offsets.append(nil)
                lengths.append(0)
            }
        }
        let result: OpaquePointer? = storage.withUnsafeBufferPointer { buf in
            let base = buf.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }
            let pointers: [UnsafePointer<CChar>?] = offsets.map { off in off.flatMap { o in base.map { $0 + o } } }
            return PQexecParams(handle, sql, Int32(params.count), types, pointers, lengths, formats, 0)
        }
        return try consume(result)
    }

    /// Runs one or more `;`-separated statements without parameters (simple protocol), e.g. a migration file.
    public func execute(_ sql: String) throws(PostgresError) {
        try ensureConnected()
        _ = try consume(PQexec(handle, sql))
    }

    /// Turns a PGresult into rows or a typed error, and frees it.
    private func consume(_ result: OpaquePointer?) throws(PostgresError) -> PostgresResult {
        guard let result else {
            throw PostgresError(kind: .connection, reason: "no result from server", serverMessage: handle.map(Self.connectionMessage))
        }
        defer { PQclear(result) }
        collectNotifications()
        switch PQresultStatus(result) {
        case PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
            return Self.decode(result)
        default:
            func field(_ code: Int32) -> String? { PQresultErrorField(result, code).map { String(cString: $0) } }
            let state = field(Int32(UInt8(ascii: "C")))
            let broken = isBroken || state?.hasPrefix("08") == true || state == "57P01" || state == "57P02" || state == "57P03"
            throw PostgresError(
                kind: broken ? .connection : .query,
                reason: broken ? "connection lost" : "statement failed",
                sqlState: state,
                constraint: field(Int32(UInt8(ascii: "n"))),
                table: field(Int32(UInt8(ascii: "t"))),
                column: field(Int32(UInt8(ascii: "c"))),
                serverMessage: field(Int32(UInt8(ascii: "M"))) ?? String(cString: PQresultErrorMessage(result)))
        }
    }

    private static func decode(_ result: OpaquePointer) -> PostgresResult {
        let nFields = Int(PQnfields(result)), nRows = Int(PQntuples(result))
        var columns: [String] = [], index: [String: Int] = [:]
        for c in 0..<nFields {
            let name = String(cString: PQfname(result, Int32(c)))
            columns.append(name)
            if index[name] == nil { index[name] = c }
        }
        var rows: [PostgresRow] = []
        rows.reserveCapacity(nRows)
        for r in 0..<nRows {
            var values: [String?] = []
            values.reserveCapacity(nFields)
            for c in 0..<nFields {
                if PQgetisnull(result, Int32(r), Int32(c)) == 1 { values.append(nil); continue }
                values.append(String(cString: PQgetvalue(result, Int32(r), Int32(c))))
            }
            rows.append(PostgresRow(columns: columns, columnIndex: index, values: values))
        }
        let affected = Int(String(cString: PQcmdTuples(result))) ?? nRows
        return PostgresResult(columns: columns, rows: rows, affectedRows: affected)
    }

    // MARK: - Transactions

    /// Runs `body` inside BEGIN/COMMIT; any thrown error rolls back and is rethrown. Nested calls
    /// use SAVEPOINTs, so an inner failure rolls back only the inner part.
    @discardableResult
    public func transaction<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        let depth = transactionDepth
        let savepoint = "ow_sp_\(depth)"
        _ = try (depth == 0 ? query("BEGIN") : query("SAVEPOINT \(savepoint)"))
        transactionDepth = depth + 1
        do {
            let value = try body(self)
            transactionDepth = depth
            _ = try (depth == 0 ? query("COMMIT") : query("RELEASE SAVEPOINT \(savepoint)"))
            return value
        } catch {
            if transactionDepth > 0 {   // 0 means ensureConnected already gave the lost transaction up
                transactionDepth = depth
                if !isBroken {           // a dead session's transaction is gone with it
                    _ = try? (depth == 0 ? query("ROLLBACK") : query("ROLLBACK TO SAVEPOINT \(savepoint)"))
                } else if depth > 0 {
                    transactionDepth = 0
                }
            }
            throw error
        }
    }

    /// libpq keeps a trailing newline on its messages.
    static func connectionMessage(_ conn: OpaquePointer) -> String {
        var s = String(cString: PQerrorMessage(conn))
        while s.last == "\n" { s.removeLast() }
        return s
    }

    /// `"name"` with embedded quotes doubled.
    public static func quoteIdentifier(_ name: String) -> String {
        var out = "\""
        for c in name { out += c == "\"" ? "\"\"" : String(c) }
        return out + "\""
    }

    var rawHandle: OpaquePointer? { handle }
}
