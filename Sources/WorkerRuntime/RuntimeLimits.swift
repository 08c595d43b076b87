/// Limits applied to every worker invocation (design.md §4; defaults and env var names as OpenWorkers').
public struct RuntimeLimits: Sendable {
    /// `CPU_TIME_LIMIT_MS`: CPU time per request (thread CPU clock). Exceeding it → 429 `CpuTimeLimit`.
    public var cpuTimeMillis: Int = 100
    /// `WALL_CLOCK_TIMEOUT_MS`: wall time until the response. Exceeding it → 504 `WallClockTimeout`.
    public var wallClockMillis: Int = 60_000
    /// `ISOLATE_HEAP_MAX_MB`: heap and ArrayBuffer cap per isolate. Exceeding it → 429 `MemoryLimit`.
    public var heapMaxBytes: Int = 128 * 1024 * 1024
    /// Budget (wall and a fresh CPU budget) for `waitUntil` work after the response went out.
    public var waitUntilMillis: Int = 30_000
    /// `MAX_CONCURRENT_PER_WORKER`: isolates of one worker version per event loop (one request each).
    public var maxIsolatesPerWorker: Int = 16
    /// Requests waiting for a busy worker per event loop before new ones get 503.
    public var maxQueuedPerWorker: Int = 256
    /// `ISOLATE_POOL_SIZE`: idle warm isolates kept per event loop (least recently used evicted).
    public var maxIdleIsolates: Int = 1000
    /// `SPARE_ISOLATES`: blank isolates (context from the snapshot, no worker yet) kept ready per event
    /// loop, so the first request to a never-run worker skips isolate creation. Refilled when idle.
    public var spareIsolates: Int = 1

    /// Outgoing `fetch()` calls per request (spec/runtime.md §3.6); the next one is rejected.
    public var fetchMaxPerRequest: Int = 50
    /// Outgoing fetches of one request in flight at once; more wait until one finishes.
    public var fetchMaxConcurrent: Int = 6
    /// Connect timeout of outgoing fetches.
    public var fetchConnectTimeoutMillis: Int = 10_000
    /// Whole-transfer timeout of an outgoing fetch (0 = none: the request's wall clock bounds it).
    public var fetchTimeoutMillis: Int = 0

    public init() {}
}
