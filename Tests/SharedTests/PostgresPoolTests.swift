import Testing
import Shared
import Synchronization

/// PostgresPool from several native threads against the real server.
@Suite(.enabled(if: PostgresTestDatabase.enabled, PostgresTestDatabase.skipNote)) struct PostgresPoolTests {
    @Test func concurrentThreadsShareABoundedPool() throws {
        try PostgresTestDatabase.withDatabase { url in
            let pool = PostgresPool(configuration: try PostgresConfiguration(url: url), maxConnections: 3)
            defer { pool.close() }
            try pool.query("CREATE TABLE counter (id int PRIMARY KEY, n int NOT NULL)")
            try pool.query("INSERT INTO counter VALUES (1, 0)")
            let maxOpen = Atomic<Int>(0)
            let errors = try runOnThreads(8) { i in
                for j in 0..<25 {
                    try pool.transaction { c in
                        try c.query("UPDATE counter SET n = n + 1 WHERE id = 1")
                        try c.query("SELECT pg_sleep(0.001)")
                        let echoed = try c.query("SELECT $1::text AS v", [.text("thread \(i) step \(j)")]).first?.string("v")
                        if echoed != "thread \(i) step \(j)" { throw PostgresError(kind: .decoding, reason: "wrong row") }
                    }
                    _ = maxOpen.max(pool.openConnections, ordering: .relaxed)
                }
            }
            #expect(errors == [])
            #expect(try pool.query("SELECT n FROM counter").first?.int("n") == 200)
            #expect(maxOpen.load(ordering: .relaxed) <= 3)
            #expect(pool.openConnections <= 3)
        }
    }

    @Test func checkoutTimesOutWhenAllConnectionsAreBusy() throws {
        try PostgresTestDatabase.withDatabase { url in
            let pool = PostgresPool(configuration: try PostgresConfiguration(url: url), maxConnections: 1,
                                    checkoutTimeoutMilliseconds: 150)
            try pool.withConnection { _ in
                do {
                    try pool.query("SELECT 1")
                    Issue.record("expected a pool timeout")
                } catch let e as PostgresError {
                    #expect(e.kind == .poolTimeout)
                }
            }
            #expect(try pool.query("SELECT 1 AS one").first?.int("one") == 1)
            pool.close()
            #expect(throws: PostgresError.self) { try pool.query("SELECT 1") }
        }
    }

    @Test func waitingCheckoutGetsTheReleasedConnection() throws {
        try PostgresTestDatabase.withDatabase { url in
            let pool = PostgresPool(configuration: try PostgresConfiguration(url: url), maxConnections: 1,
                                    checkoutTimeoutMilliseconds: 5_000)
            defer { pool.close() }
            let errors = try runOnThreads(4) { _ in
                try pool.query("SELECT pg_sleep(0.05)")
            }
            #expect(errors == [])
            #expect(pool.openConnections == 1)
        }
    }
}

extension PostgresPoolTests {
    @Test func anAbandonedTransactionIsRolledBackOnCheckin() throws {
        try PostgresTestDatabase.withDatabase { url in
            let pool = PostgresPool(configuration: try PostgresConfiguration(url: url), maxConnections: 1)
            defer { pool.close() }
            try pool.query("CREATE TABLE t (id int)")
            try pool.withConnection { c in
                try c.query("BEGIN")
                try c.query("INSERT INTO t VALUES (1)")
            }
            try pool.withConnection { c in #expect(!c.isInTransactionBlock) }
            #expect(try pool.query("SELECT count(*) AS n FROM t").first?.int("n") == 0)
        }
    }
}
