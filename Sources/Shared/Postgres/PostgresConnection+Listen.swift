internal import CLibPQ
#if canImport(Glibc)
import Glibc
#endif

/// A NOTIFY received on a LISTENed channel.
public struct PostgresNotification: Sendable, Equatable {
    public let channel: String
    public let payload: String
    /// The notifying server process.
    public let pid: Int32
}

extension PostgresConnection {
    /// `LISTEN channel`; remembered, so a reconnect listens again (notifications sent while the
    /// connection was down are lost — consumers that care re-read state after `reconnectCount` changes).
    public func listen(_ channel: String) throws(PostgresError) {
        try execute("LISTEN \(Self.quoteIdentifier(channel))")
        if !listenChannels.contains(channel) { listenChannels.append(channel) }
    }

    public func unlisten(_ channel: String) throws(PostgresError) {
        try execute("UNLISTEN \(Self.quoteIdentifier(channel))")
        listenChannels.removeAll { $0 == channel }
    }

    /// `SELECT pg_notify($1, $2)`.
    public func notify(_ channel: String, payload: String = "") throws(PostgresError) {
        try query("SELECT pg_notify($1, $2)", [.text(channel), .text(payload)])
    }

    /// Returns the notifications that arrived, waiting up to `timeoutMilliseconds` for the first
    /// one (0 = just poll). Blocks the thread; the socket (`socketDescriptor`) can instead be
    /// registered with an `EventLoop` for readability and this called with 0 when it fires.
    public func notifications(timeoutMilliseconds: Int) throws(PostgresError) -> [PostgresNotification] {
        try ensureConnected()
        collectNotifications()
        if pendingNotifications.isEmpty {
            try readInput(timeoutMilliseconds: timeoutMilliseconds)
        }
        defer { pendingNotifications.removeAll() }
        return pendingNotifications
    }

    /// The libpq socket (for `EventLoop.register(fd:events:)`), -1 when disconnected.
    public var socketDescriptor: Int32 { rawHandle.map { PQsocket($0) } ?? -1 }

    private func readInput(timeoutMilliseconds: Int) throws(PostgresError) {
        guard let handle = rawHandle else { return }
        var pfd = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
        var remaining = max(0, timeoutMilliseconds)
        let start = Self.monotonicMilliseconds()
        while true {
            let n = poll(&pfd, 1, Int32(remaining))
            if n < 0, errno == EINTR {
                remaining = max(0, timeoutMilliseconds - (Self.monotonicMilliseconds() - start))
                continue
            }
            if n <= 0 { return }
            break
        }
        if PQconsumeInput(handle) == 0 {
            throw PostgresError(kind: .connection, reason: "connection lost while waiting for notifications",
                                serverMessage: Self.connectionMessage(handle))
        }
        collectNotifications()
    }

    /// Moves libpq's queued notifications into `pendingNotifications`.
    func collectNotifications() {
        guard let handle = rawHandle else { return }
        while let n = PQnotifies(handle) {
            pendingNotifications.append(PostgresNotification(
                channel: String(cString: n.pointee.relname),
                payload: n.pointee.extra.map { String(cString: $0) } ?? "",
                pid: n.pointee.be_pid))
            PQfreemem(n)
        }
    }

    static func monotonicMilliseconds() -> Int {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return ts.tv_sec * 1000 + ts.tv_nsec / 1_000_000
    }
}
