#if canImport(Glibc)
import Glibc
#endif

/// A bounded pool of blocking `PostgresConnection`s, safe to use from any number of threads.
///
/// `withConnection` checks a connection out (opening one lazily while fewer than `maxConnections`
/// exist, else waiting up to `checkoutTimeoutMilliseconds`), runs the body on the caller's thread and
/// puts it back. All calls block the calling thread: run them on a service's worker threads, not on an
/// `EventLoop` thread nor inside Swift concurrency's cooperative pool (a later issue drives libpq's
/// socket from the `EventLoop` instead). A connection that broke is kept; its next use reconnects.
public final class PostgresPool: @unchecked Sendable {
    // Safety: `idle`, `openCount`, `isClosed` are read and written only between `lock()`/`unlock()`
    // of `condition`, which owns the pthread mutex + condvar. A `PostgresConnection` (not Sendable)
    // moves between threads only through `idle` under that lock, and is used by exactly one caller
    // between checkout and checkin.
    public let configuration: PostgresConfiguration
    public let maxConnections: Int
    public let checkoutTimeoutMilliseconds: Int
    private let condition = PoolCondition()
    private var idle: [PostgresConnection] = []
    private var openCount = 0
    private var isClosed = false

    public init(configuration: PostgresConfiguration, maxConnections: Int = 8, checkoutTimeoutMilliseconds: Int = 5_000) {
        self.configuration = configuration
        self.maxConnections = max(1, maxConnections)
        self.checkoutTimeoutMilliseconds = checkoutTimeoutMilliseconds
    }

    /// Connections currently open (idle + checked out).
    public var openConnections: Int { condition.lock(); defer { condition.unlock() }; return openCount }

    public func withConnection<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        let conn = try checkout()
        defer { checkin(conn) }
        return try body(conn)
    }

    @discardableResult
    public func query(_ sql: String, _ params: [PostgresValue] = []) throws -> PostgresResult {
        try withConnection { try $0.query(sql, params) }
    }

    @discardableResult
    public func transaction<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        try withConnection { try $0.transaction(body) }
    }

    /// Closes idle connections and refuses new checkouts; checked-out ones close on checkin.
    public func close() {
        condition.lock()
        isClosed = true
        let toClose = idle
        idle.removeAll()
        openCount -= toClose.count
        condition.broadcast()
        condition.unlock()
        toClose.forEach { $0.close() }
    }

    private func checkout() throws(PostgresError) -> PostgresConnection {
        let deadline = PostgresConnection.monotonicMilliseconds() + checkoutTimeoutMilliseconds
        condition.lock()
        while true {
            if isClosed {
                condition.unlock()
                throw PostgresError(kind: .poolClosed, reason: "pool is closed")
            }
            if let conn = idle.popLast() {
                condition.unlock()
                return conn
            }
            if openCount < maxConnections {
                openCount += 1
                condition.unlock()
                do {
                    return try PostgresConnection(configuration: configuration)
                } catch {
                    condition.lock()
                    openCount -= 1
                    condition.signal()
                    condition.unlock()
                    throw error
                }
            }
            let remaining = deadline - PostgresConnection.monotonicMilliseconds()
            if remaining <= 0 {
                condition.unlock()
                throw PostgresError(kind: .poolTimeout, reason: "no connection free within \(checkoutTimeoutMilliseconds) ms")
            }
            condition.wait(milliseconds: remaining)
        }
    }

    private func checkin(_ conn: PostgresConnection) {
        // A caller that issued BEGIN by hand and left: never hand its open transaction to the next one.
        if conn.isInTransactionBlock { _ = try? conn.query("ROLLBACK") }
        condition.lock()
        if isClosed {
            openCount -= 1
            condition.unlock()
            conn.close()
            return
        }
        idle.append(conn)
        condition.signal()
        condition.unlock()
    }
}

/// A pthread mutex + condition variable (CLOCK_MONOTONIC) — `Synchronization.Mutex` has no wait.
final class PoolCondition: @unchecked Sendable {
    // Safety: the pthread objects live in heap memory allocated once in init and freed in deinit;
    // pthread functions are themselves thread-safe, and nothing else is stored here.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let cond = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    init() {
        pthread_mutex_init(mutex, nil)
        var attr = pthread_condattr_t()
        pthread_condattr_init(&attr)
        pthread_condattr_setclock(&attr, CLOCK_MONOTONIC)
        pthread_cond_init(cond, &attr)
        pthread_condattr_destroy(&attr)
    }

    deinit {
        pthread_cond_destroy(cond)
        pthread_mutex_destroy(mutex)
        cond.deallocate()
        mutex.deallocate()
    }

    func lock() { pthread_mutex_lock(mutex) }
    func unlock() { pthread_mutex_unlock(mutex) }
    func signal() { pthread_cond_signal(cond) }
    func broadcast() { pthread_cond_broadcast(cond) }

    /// Waits (lock held) until signalled or `milliseconds` pass; spurious wake-ups are the caller's loop.
    func wait(milliseconds: Int) {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        let ns = ts.tv_nsec + (milliseconds % 1000) * 1_000_000
        ts.tv_sec += milliseconds / 1000 + ns / 1_000_000_000
        ts.tv_nsec = ns % 1_000_000_000
        pthread_cond_timedwait(cond, mutex, &ts)
    }
}
