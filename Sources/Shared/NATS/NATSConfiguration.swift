/// How a `NATSConnection` connects and reconnects. Defaults suit a long-running service: reconnect
/// forever with exponential backoff, buffer publishes while disconnected.
public struct NATSConfiguration: Sendable, Equatable {
    /// Server URLs (`nats://host:port`); nats.c tries them in a shuffled order. Default: 127.0.0.1:4222.
    public var servers: [String] = ["nats://127.0.0.1:4222"]
    /// Connection name shown by the server (`connz`), e.g. `"runner"`.
    public var name: String? = nil
    /// A `.creds` file (user JWT + NKey seed), as OpenWorkers' `NATS_CREDENTIALS`.
    public var credentialsFile: String? = nil
    /// How long one connection attempt (TCP + INFO/CONNECT handshake) may take.
    public var connectTimeout: Duration = .seconds(2)
    /// Reconnect after a lost connection (the initial connect is governed by `retryInitialConnect`).
    public var allowReconnect: Bool = true
    /// Reconnect rounds before giving up and closing; `nil` = never give up.
    public var maxReconnects: Int? = nil
    /// Delay after the first failed round through the server list; doubles every round
    /// (`reconnectWait · 2^(round-1)`) up to `maxReconnectWait`, plus up to `reconnectJitter` random.
    public var reconnectWait: Duration = .milliseconds(100)
    public var maxReconnectWait: Duration = .seconds(5)
    public var reconnectJitter: Duration = .milliseconds(100)
    /// Bytes of publishes buffered while reconnecting (nats.c's default 8 MiB); beyond it publish
    /// throws `.reconnectBufferFull`.
    public var reconnectBufferSize: Int = 8 << 20
    /// When no server answers at `connect()`: `false` throws `.noServer`; `true` returns a connection
    /// that keeps trying in the background with the reconnect settings (publishes are buffered).
    public var retryInitialConnect: Bool = false
    /// Messages buffered per subscription before nats.c drops them (slow consumer).
    public var maxPendingMessages: Int = 65_536
    /// Deliver all subscriptions from nats.c's shared thread pool instead of one thread per
    /// subscription (worth it for many short-lived subscriptions, e.g. one per live-tail request).
    public var sharedDeliveryThreads: Bool = false
    /// `true`: this connection does not receive its own publishes.
    public var noEcho: Bool = false

    public init(servers: [String] = ["nats://127.0.0.1:4222"], name: String? = nil) {
        self.servers = servers
        self.name = name
    }

    /// Reads OpenWorkers' variables — `NATS_SERVERS` (comma-separated URLs; a bare `host:port` gets
    /// `nats://`) and `NATS_CREDENTIALS` (path) — from `environment`. Call it from a service's `Config`.
    public init(environment: [String: String], name: String? = nil) {
        self.init(name: name)
        if let list = environment["NATS_SERVERS"] {
            let parsed = Self.parseServers(list)
            if !parsed.isEmpty { servers = parsed }
        }
        if let creds = environment["NATS_CREDENTIALS"], !creds.isEmpty { credentialsFile = creds }
    }

    /// `"a:4222, nats://b:4222"` → `["nats://a:4222", "nats://b:4222"]` (empty entries dropped).
    public static func parseServers(_ list: String) -> [String] {
        list.split(separator: ",").compactMap { part in
            let s = part.trimmingSpaces()
            if s.isEmpty { return nil }
            return s.contains("://") ? s : "nats://" + s
        }
    }

    /// The backoff delay before reconnect round `attempt` (1-based), without jitter, in milliseconds.
    public func reconnectDelayMilliseconds(attempt: Int) -> Int64 {
        let base = max(Self.milliseconds(reconnectWait), 1)
        let cap = max(Self.milliseconds(maxReconnectWait), base)
        let shift = min(max(attempt - 1, 0), 30)
        let (product, overflow) = base.multipliedReportingOverflow(by: Int64(1) << shift)
        return overflow ? cap : min(product, cap)
    }

    static func milliseconds(_ d: Duration) -> Int64 {
        let (seconds, attoseconds) = d.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> String {
        var s = self[...]
        while let f = s.first, f == " " || f == "\t" || f == "\n" || f == "\r" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\n" || l == "\r" { s = s.dropLast() }
        return String(s)
    }
}
