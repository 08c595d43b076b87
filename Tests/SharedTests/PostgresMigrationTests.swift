import Testing
import Shared
import FoundationEssentials
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Migrator and the OpenWorkers schema in `migrations/` against the real server.
@Suite(.enabled(if: PostgresTestDatabase.enabled, PostgresTestDatabase.skipNote)) struct PostgresMigrationTests {
    let migrator = Migrator(directory: PostgresTestDatabase.migrationsDirectory)

    @Test func migrationsLoadInVersionOrder() throws {
        let all = try migrator.loadMigrations()
        #expect(all.count >= 5)
        #expect(all.map(\.version) == all.map(\.version).sorted())
        #expect(all.first?.name == "core")
    }

    @Test func applyingTwiceIsANoOp() throws {
        try PostgresTestDatabase.withDatabase { url in
            let conn = try PostgresConnection(url: url)
            let files = try migrator.loadMigrations()
            let first = try migrator.migrate(conn)
            #expect(first.map(\.version) == files.map(\.version))
            let second = try migrator.migrate(conn)
            #expect(second.isEmpty)
            let recorded = try conn.query("SELECT version, length(checksum) AS l FROM schema_migrations ORDER BY version").rows
            #expect(try recorded.map { try $0.int("version") } == files.map(\.version))
            #expect(try recorded.allSatisfy { try $0.int("l") == 64 })
            // The seeds exist exactly once.
            #expect(try conn.query("SELECT count(*) AS c FROM users WHERE username = '__system__'").first?.int("c") == 1)
        }
    }

    @Test func aChangedFileIsRefused() throws {
        try PostgresTestDatabase.withDatabase { url in
            let dir = makeTemporaryDirectory()
            defer { removeTemporaryDirectory(dir) }
            writeFile("\(dir)/0001_first.sql", "CREATE TABLE a (id int);\n")
            writeFile("\(dir)/0002_second.sql", "CREATE TABLE b (id int);\n")
            writeFile("\(dir)/README.md", "ignored")
            let local = Migrator(directory: dir)
            let conn = try PostgresConnection(url: url)
            #expect(try local.migrate(conn).count == 2)
            writeFile("\(dir)/0001_first.sql", "CREATE TABLE a (id int); -- edited\n")
            do {
                try local.migrate(conn)
                Issue.record("expected a checksum mismatch")
            } catch let e as MigrationError {
                guard case .checksumMismatch(let version, let name) = e else { Issue.record("got \(e)"); return }
                #expect(version == 1 && name == "first")
            }
        }
    }

    @Test func aFailingMigrationRollsBackAndStops() throws {
        try PostgresTestDatabase.withDatabase { url in
            let dir = makeTemporaryDirectory()
            defer { removeTemporaryDirectory(dir) }
            writeFile("\(dir)/0001_ok.sql", "CREATE TABLE ok (id int);")
            writeFile("\(dir)/0002_bad.sql", "CREATE TABLE half (id int);\nSELECT * FROM no_such_table;")
            writeFile("\(dir)/0003_never.sql", "CREATE TABLE never (id int);")
            let conn = try PostgresConnection(url: url)
            do {
                try Migrator(directory: dir).migrate(conn)
                Issue.record("expected a failure")
            } catch let e as MigrationError {
                guard case .failed(let version, _, let pg) = e else { Issue.record("got \(e)"); return }
                #expect(version == 2 && pg.sqlState == "42P01")
            }
            let tables = try conn.query("SELECT table_name::text AS t FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1")
                .rows.map { try $0.string("t") }
            #expect(tables == ["ok", "schema_migrations"])
            #expect(try conn.query("SELECT count(*) AS c FROM schema_migrations").first?.int("c") == 1)
        }
    }

    @Test func racingMigratorsApplyEachFileOnce() throws {
        try PostgresTestDatabase.withDatabase { url in
            let files = try migrator.loadMigrations()
            let appliedCounts = Mutex<[Int]>([])
            let migrator = self.migrator
            let errors = try runOnThreads(3) { _ in
                let conn = try PostgresConnection(url: url)
                let applied = try migrator.migrate(conn)
                appliedCounts.withLock { $0.append(applied.count) }
            }
            #expect(errors == [])
            #expect(appliedCounts.withLock { $0.sorted() } == [0, 0, files.count])
            let conn = try PostgresConnection(url: url)
            #expect(try conn.query("SELECT count(*) AS c FROM schema_migrations").first?.int("c") == files.count)
        }
    }

    @Test func cronUpdateNotifiesOnInsertUpdateDelete() throws {
        try PostgresTestDatabase.withMigratedDatabase { url in
            let listener = try PostgresConnection(url: url)
            let conn = try PostgresConnection(url: url)
            try listener.listen("cron_update")
            let user = try conn.query("INSERT INTO users (username) VALUES ('cron-user') RETURNING id").rows[0].uuid("id")
            let worker = try conn.query("INSERT INTO workers (name, user_id) VALUES ('cron-worker', $1) RETURNING id", [.uuid(user)]).rows[0].uuid("id")
            let cron = try conn.query("INSERT INTO crons (value, worker_id) VALUES ('*/5 * * * *', $1) RETURNING id", [.uuid(worker)]).rows[0].uuid("id")
            try conn.query("UPDATE crons SET value = '0 * * * *' WHERE id = $1", [.uuid(cron)])
            try conn.query("DELETE FROM crons WHERE id = $1", [.uuid(cron)])
            var got: [PostgresNotification] = []
            for _ in 0..<20 where got.count < 3 { got += try listener.notifications(timeoutMilliseconds: 250) }
            #expect(got.map(\.payload) == ["INSERT", "UPDATE", "DELETE"])
            #expect(got.allSatisfy { $0.channel == "cron_update" })
        }
    }

    @Test func resolveWorkerFromRequestFollowsPrecedence() throws {
        try PostgresTestDatabase.withMigratedDatabase { url in
            let conn = try PostgresConnection(url: url)
            let user = try conn.query("INSERT INTO users (username) VALUES ('owner') RETURNING id").rows[0].uuid("id")
            func worker(_ name: String) throws -> UUID {
                try conn.query("INSERT INTO workers (name, user_id) VALUES ($1, $2) RETURNING id", [.text(name), .uuid(user)]).rows[0].uuid("id")
            }
            let hello = try worker("hello"), shop = try worker("shop")
            try conn.query("INSERT INTO domains (name, user_id, worker_id) VALUES ('shop.example.com', $1, $2)", [.uuid(user), .uuid(shop)])
            func resolve(domain: String?, id: UUID?, name: String?) throws -> (UUID?, String?) {
                let row = try conn.query("SELECT * FROM resolve_worker_from_request($1, $2, $3, $4)",
                                         [.optional(domain), id.map { .uuid($0) } ?? .null, .optional(name), "/"]).rows[0]
                return (try row.uuidOrNil("worker_id"), try row.stringOrNil("backend_type"))
            }
            #expect(try resolve(domain: nil, id: nil, name: "hello") == (hello, "worker"))
            #expect(try resolve(domain: nil, id: shop, name: nil) == (shop, "worker"))
            #expect(try resolve(domain: "shop.example.com", id: nil, name: nil) == (shop, "worker"))
            #expect(try resolve(domain: "shop.example.com:8080", id: nil, name: nil) == (shop, "worker"))
            // x-worker-id beats x-worker-name beats Host.
            #expect(try resolve(domain: "shop.example.com", id: hello, name: "shop").0 == hello)
            #expect(try resolve(domain: "shop.example.com", id: nil, name: "hello").0 == hello)
            // Unknown id / name / domain → NULL (runner answers 502).
            #expect(try resolve(domain: nil, id: UUID(), name: nil).0 == nil)
            #expect(try resolve(domain: nil, id: nil, name: "nope").0 == nil)
            #expect(try resolve(domain: "other.example.com", id: nil, name: nil).0 == nil)
        }
    }

    @Test func schemaRulesHold() throws {
        try PostgresTestDatabase.withMigratedDatabase { url in
            let conn = try PostgresConnection(url: url)
            let user = try conn.query("INSERT INTO users (username) VALUES ('rules') RETURNING id").rows[0].uuid("id")
            func sqlState(_ sql: String, _ params: [PostgresValue]) -> String? {
                do { try conn.query(sql, params); return nil } catch { return error.sqlState }
            }
            // Worker names: lower-case DNS label rules, unique.
            #expect(sqlState("INSERT INTO workers (name, user_id) VALUES ('-bad', $1)", [.uuid(user)]) == "23514")
            #expect(sqlState("INSERT INTO workers (name, user_id) VALUES ('ok-name', $1)", [.uuid(user)]) == nil)
            #expect(sqlState("INSERT INTO workers (name, user_id) VALUES ('ok-name', $1)", [.uuid(user)]) == "23505")
            // A long log line fits (message is text).
            let worker = try conn.query("SELECT id FROM workers WHERE name = 'ok-name'").rows[0].uuid("id")
            let long = String(repeating: "x", count: 5000)
            #expect(sqlState("INSERT INTO logs (worker_id, message, level) VALUES ($1, $2, 'info')", [.uuid(worker), .text(long)]) == nil)
            // Deployments keep code bytes and the sha256 hex.
            let hash = String(repeating: "ab", count: 32)
            try conn.query("INSERT INTO worker_deployments (worker_id, version, hash, code) VALUES ($1, 1, $2, $3)",
                           [.uuid(worker), .text(hash), .bytea(Array("export default {}".utf8))])
            #expect(try conn.query("SELECT code FROM worker_deployments").rows[0].bytes("code") == Array("export default {}".utf8))
            // Binding values: literal for var, UUID for kv.
            let env = try conn.query("INSERT INTO environments (name, user_id) VALUES ('prod', $1) RETURNING id", [.uuid(user)]).rows[0].uuid("id")
            #expect(sqlState("INSERT INTO environment_values (environment_id, user_id, key, value, type) VALUES ($1, $2, 'A', 'x', 'var')", [.uuid(env), .uuid(user)]) == nil)
            #expect(sqlState("INSERT INTO environment_values (environment_id, user_id, key, value, type) VALUES ($1, $2, 'KV', 'x', 'kv')", [.uuid(env), .uuid(user)]) == "23514")
            // Tenant functions check ownership.
            try conn.query("SELECT create_tenant_schema('tenant_rules')")
            try conn.query("INSERT INTO database_configs (user_id, name, schema_name) VALUES ($1, 'db', 'tenant_rules')", [.uuid(user)])
            try conn.query("SELECT create_tenant_table($1, 'tenant_rules', 'notes', $2::jsonb)",
                           [.uuid(user), .json(#"[{"name":"id","type":"serial","primaryKey":true},{"name":"body","type":"text","notNull":true,"default":"x'); DROP TABLE users; --"}]"#)])
            let columns = try conn.query("SELECT column_name, is_primary_key FROM describe_tenant_table($1, 'tenant_rules', 'notes')", [.uuid(user)]).rows
            #expect(try columns.map { try $0.string("column_name") } == ["id", "body"])
            #expect(try columns[0].bool("is_primary_key"))
            #expect(sqlState("SELECT * FROM list_tenant_tables($1, 'tenant_rules')", [.uuid(UUID())]) == "42501")
            #expect(sqlState("SELECT create_tenant_table($1, 'tenant_rules', 't2', $2::jsonb)",
                             [.uuid(user), .json(#"[{"name":"x","type":"int); DROP TABLE users; --"}]"#)]) == "22023")
            #expect(try conn.query("SELECT count(*) AS c FROM users").first?.int("c") == 2)
        }
    }
}
