import Testing
import Shared
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// PostgresConnection against the real server: parameters, decoding, transactions, errors,
/// LISTEN/NOTIFY and reconnect after the backend is killed.
@Suite(.enabled(if: PostgresTestDatabase.enabled, PostgresTestDatabase.skipNote)) struct PostgresClientTests {
    @Test func parametersAreNeverSplicedIntoSQL() throws {
        try PostgresTestDatabase.withDatabase { url in
            let conn = try PostgresConnection(url: url)
            try conn.execute("CREATE TABLE t (id serial PRIMARY KEY, s text, n int)")
            let nasty = ["'; DROP TABLE t; --", "$1", "\\x00 back\\slash", "\"quoted\"", "héllo 🌍 日本語", ""]
            for s in nasty { try conn.query("INSERT INTO t (s, n) VALUES ($1, $2)", [.text(s), .null]) }
            let rows = try conn.query("SELECT s, n FROM t ORDER BY id").rows
            #expect(try rows.map { try $0.string("s") } == nasty)
            #expect(try rows.allSatisfy { try $0.isNull("n") && $0.intOrNil("n") == nil })
            let found = try conn.query("SELECT count(*) AS c FROM t WHERE s = $1", [.text("'; DROP TABLE t; --")])
            #expect(try found.first?.int("c") == 1)
            #expect(try conn.query("SELECT length($1::text) AS l", ["héllo 🌍"]).first?.int("l") == 7)
        }
    }

    @Test func everyTypedAccessorDecodes() throws {
        try PostgresTestDatabase.withDatabase { url in
            let conn = try PostgresConnection(url: url)
            let id = UUID()
            let row = try #require(try conn.query("""
                SELECT 'text'::text AS s, 42::int4 AS i, 9007199254740993::int8 AS big, true AS yes, false AS no,
                       1.5::float8 AS d, $1::uuid AS u, '2024-02-29 12:34:56.789012+02'::timestamptz AS ts,
                       '\\x00ff10'::bytea AS b, '{"a": [1, "x"]}'::jsonb AS j, NULL::text AS n,
                       'NaN'::float8 AS nan
                """, [.uuid(id)]).first)
            #expect(try row.string("s") == "text")
            #expect(try row.int("i") == 42)
            #expect(try row.int64("big") == 9_007_199_254_740_993)
            #expect(try row.bool("yes") == true)
            #expect(try row.bool("no") == false)
            #expect(try row.double("d") == 1.5)
            #expect(try row.double("nan").isNaN)
            #expect(try row.uuid("u") == id)
            #expect(try abs(row.date("ts").timeIntervalSince1970 - 1_709_202_896.789012) < 0.000001)
            #expect(try row.bytes("b") == [0, 255, 16])
            #expect(try row.json("j") == #"{"a": [1, "x"]}"#)
            #expect(try row.isNull("n"))
            #expect(try row.stringOrNil("n") == nil)
            #expect(try row.uuidOrNil("n") == nil && row.dateOrNil("n") == nil && row.bytesOrNil("n") == nil)

            func decodingError(_ body: () throws -> Void) {
                do { try body(); Issue.record("expected a decoding error") } catch let e as PostgresError {
                    #expect(e.kind == .decoding)
                } catch { Issue.record("unexpected \(error)") }
            }
            decodingError { _ = try row.int("s") }
            decodingError { _ = try row.string("n") }
            decodingError { _ = try row.uuid("s") }
            decodingError { _ = try row.string("missing") }
        }
    }

    @Test func byteaAndTimestampRoundTrip() throws {
        try PostgresTestDatabase.withDatabase { url in
            let conn = try PostgresConnection(url: url)
            try conn.execute("CREATE TABLE blobs (id int PRIMARY KEY, data bytea, at timestamptz)")
            let all = (0...255).map { UInt8($0) } + [0, 0, 92, 120]
            let when = Date(timeIntervalSince1970: 1_733_250_000.123456)
            try conn.query("INSERT INTO blobs VALUES (1, $1, $2), (2, $3, NULL)", [.bytea(all), .timestamp(when), .bytea([])])
            let rows = try conn.query("SELECT data, at, length(data) AS len FROM blobs ORDER BY id").rows
            #expect(try rows[0].bytes("data") == all)
            #expect(try rows[0].int("len") == all.count)
            #expect(try abs(rows[0].date("at").timeIntervalSince1970 - when.timeIntervalSince1970) < 0.000001)
            #expect(try rows[1].bytes("data") == [])
            let pre1970 = Date(timeIntervalSince1970: -86_400 * 365.25 * 30 - 0.5)
            let back = try conn.query("SELECT $1::timestamptz AS t", [.timestamp(pre1970)]).first?.date("t")
            #expect(back == pre1970)
        }
    }

    @Test func transactionsCommitAndRollBack() throws {
        try PostgresTestDatabase.withDatabase { url in
            let conn = try PostgresConnection(url: url)
            try conn.execute("CREATE TABLE items (name text PRIMARY KEY)")
            try conn.transaction { c in try c.query("INSERT INTO items VALUES ('committed')") }
            struct Boom: Error {}
            #expect(throws: Boom.self) {
                try conn.transaction { c in
                    try c.query("INSERT INTO items VALUES ('rolled back')")
                    throw Boom()
                }
            }
            // Nested: the inner failure rolls back to its savepoint only.
            try conn.transaction { c in
                try c.query("INSERT INTO items VALUES ('outer')")
                _ = try? c.transaction { c2 in
                    try c2.query("INSERT INTO items VALUES ('inner')")
                    try c2.query("INSERT INTO items VALUES ('outer')")   // unique violation
                }
            }
            let names = try conn.query("SELECT name FROM items ORDER BY name").rows.map { try $0.string("name") }
            #expect(names == ["committed", "outer"])
        }
    }

    @Test func uniqueViolationSurfacesSQLStateWithoutValues() throws {
        try PostgresTestDatabase.withDatabase { url in
            let conn = try PostgresConnection(url: url)
            try conn.execute("CREATE TABLE users (name text CONSTRAINT users_name_key UNIQUE)")
            try conn.query("INSERT INTO users VALUES ($1)", ["secret-value-1"])
            do {
                try conn.query("INSERT INTO users VALUES ($1)", ["secret-value-1"])
                Issue.record("expected a unique violation")
            } catch let e as PostgresError {
                #expect(e.kind == .query)
                #expect(e.sqlState == "23505")
                #expect(e.isUniqueViolation)
                #expect(e.constraint == "users_name_key")
                #expect(!e.description.contains("secret-value-1"))
                #expect(!e.description.contains("INSERT"))
            }
            do {
                try conn.query("SELECT $1::uuid", ["not-a-uuid-secret"])
                Issue.record("expected invalid input")
            } catch let e as PostgresError {
                #expect(e.sqlState == "22P02")
                #expect(!e.description.contains("not-a-uuid-secret"))
            }
            // The connection is still usable after errors.
            #expect(try conn.query("SELECT 1 AS one").first?.int("one") == 1)
        }
    }

    @Test func listenReceivesNotifications() throws {
        try PostgresTestDatabase.withDatabase { url in
            let listener = try PostgresConnection(url: url)
            let sender = try PostgresConnection(url: url)
            try listener.listen("events")
            #expect(try listener.notifications(timeoutMilliseconds: 0).isEmpty)
            try sender.notify("events", payload: "hello ✓")
            try sender.transaction { c in try c.notify("events", payload: "after commit") }
            var got: [PostgresNotification] = []
            for _ in 0..<20 where got.count < 2 { got += try listener.notifications(timeoutMilliseconds: 250) }
            #expect(got.map(\.payload) == ["hello ✓", "after commit"])
            #expect(got.allSatisfy { $0.channel == "events" && $0.pid == sender.backendPID })
            try listener.unlisten("events")
            try sender.notify("events", payload: "ignored")
            #expect(try listener.notifications(timeoutMilliseconds: 200).isEmpty)
        }
    }

    @Test func killedBackendIsReplacedByReconnect() throws {
        try PostgresTestDatabase.withDatabase { url in
            var config = try PostgresConfiguration(url: url)
            config.reconnectInitialDelayMilliseconds = 10
            let conn = try PostgresConnection(configuration: config)
            let admin = try PostgresConnection(url: url)
            try conn.listen("after_reconnect")
            let oldPID = conn.backendPID
            try admin.query("SELECT pg_terminate_backend($1::int)", [.int(Int64(oldPID))])
            // The call that meets the dead socket reports a connection error (never a silent retry).
            var sawConnectionError = false
            do { try conn.query("SELECT 1") } catch let e as PostgresError {
                sawConnectionError = e.kind == .connection
            }
            #expect(sawConnectionError)
            #expect(try conn.query("SELECT 2 AS two").first?.int("two") == 2)
            #expect(conn.backendPID != oldPID)
            #expect(conn.reconnectCount == 1)
            // LISTEN was re-issued on the new session.
            try admin.notify("after_reconnect", payload: "again")
            var got: [PostgresNotification] = []
            for _ in 0..<10 where got.isEmpty { got += try conn.notifications(timeoutMilliseconds: 200) }
            #expect(got.first?.payload == "again")
        }
    }

    @Test func backendKilledInsideATransactionFailsItThenReconnects() throws {
        try PostgresTestDatabase.withDatabase { url in
            var config = try PostgresConfiguration(url: url)
            config.reconnectInitialDelayMilliseconds = 10
            let conn = try PostgresConnection(configuration: config)
            let admin = try PostgresConnection(url: url)
            try conn.execute("CREATE TABLE t (id int)")
            do {
                try conn.transaction { c in
                    try c.query("INSERT INTO t VALUES (1)")
                    try admin.query("SELECT pg_terminate_backend($1::int)", [.int(Int64(c.backendPID))])
                    try c.query("INSERT INTO t VALUES (2)")
                }
                Issue.record("expected the transaction to fail")
            } catch let e as PostgresError {
                #expect(e.kind == .connection)
            }
            #expect(!conn.isInTransactionBlock)
            #expect(try conn.query("SELECT count(*) AS n FROM t").first?.int("n") == 0)
        }
    }

    @Test func connectionErrorsAreTyped() throws {
        try PostgresTestDatabase.withDatabase { _ in
            var config = try PostgresConfiguration(url: PostgresTestDatabase.url(database: "ow_no_such_database"))
            config.reconnectAttempts = 1
            do {
                _ = try PostgresConnection(configuration: config)
                Issue.record("expected a connection error")
            } catch let error as PostgresError {
                #expect(error.kind == .connection)
                #expect(error.serverMessage?.contains("ow_no_such_database") == true)
                #expect(!error.description.contains("ow_no_such_database"))
            }
        }
    }
}

/// Pure values: configuration and timestamp text (no server needed).
@Suite struct PostgresValueTests {
    @Test func configurationFromEnvironmentAndRedaction() throws {
        let fromURL = try PostgresConfiguration.fromEnvironment(["DATABASE_URL": "postgres://ow:hunter2@db:5433/ow", "POSTGRES_HOST": "x"])
        #expect(fromURL.parameters.first?.1 == "postgres://ow:hunter2@db:5433/ow")
        #expect(!fromURL.description.contains("hunter2"))
        #expect(fromURL.description.contains("ow:***@db:5433/ow"))
        let fromParts = try PostgresConfiguration.fromEnvironment([
            "POSTGRES_HOST": "db", "POSTGRES_PORT": "6543", "POSTGRES_USER": "u", "POSTGRES_PASSWORD": "pw", "POSTGRES_DB": "d"])
        let dict = Dictionary(fromParts.parameters, uniquingKeysWith: { a, _ in a })
        #expect(dict == ["host": "db", "port": "6543", "user": "u", "password": "pw", "dbname": "d"])
        #expect(!fromParts.description.contains("pw"))
        #expect(throws: PostgresError.self) { try PostgresConfiguration.fromEnvironment([:]) }
        #expect(throws: PostgresError.self) { try PostgresConfiguration.fromEnvironment(["POSTGRES_HOST": "h", "POSTGRES_PORT": "x"]) }
        #expect(throws: PostgresError.self) { try PostgresConfiguration(url: "mysql://x") }
    }

    @Test func timestampTextParsing() {
        #expect(Date(postgresText: "1970-01-01 00:00:00+00")?.timeIntervalSince1970 == 0)
        #expect(Date(postgresText: "2000-03-01 01:00:00.5+01")?.timeIntervalSince1970 == 951_868_800.5)
        #expect(Date(postgresText: "1969-12-31 23:59:59+00")?.timeIntervalSince1970 == -1)
        #expect(Date(postgresText: "2024-06-01 12:00:00+05:30")?.timeIntervalSince1970 == 1_717_223_400)
        #expect(Date(postgresText: "2024-06-01")?.timeIntervalSince1970 == 1_717_200_000)
        #expect(Date(postgresText: "infinity") == nil)
        #expect(Date(postgresText: "2024-06-01 12:00") == nil)
        #expect(PostgresBytes(postgresText: "\\x0aFF")?.bytes == [10, 255])
        #expect(PostgresBytes(postgresText: "0aff") == nil)
    }
}
