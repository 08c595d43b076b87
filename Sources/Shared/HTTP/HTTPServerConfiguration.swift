#if canImport(Glibc)
import Glibc
#endif

/// Settings of an `HTTPServer`. Sizes are bytes; durations are `Duration`.
public struct HTTPServerConfiguration: Sendable {
    /// Address to bind: numeric IPv4/IPv6 or a host name (first address wins). Default loopback.
    public var host: String = "127.0.0.1"
    /// TCP port; 0 lets the kernel pick a free one (read it back from `HTTPServer.port`).
    public var port: Int = 0
    /// Event loops (threads), each with its own `SO_REUSEPORT` listener. Default: one per core.
    public var loopCount: Int = HTTPServerConfiguration.coreCount
    /// `listen(2)` backlog per listener.
    public var backlog: Int = 1024
    /// Limit for the request line plus header fields (and, separately, for chunked trailers) → 431.
    public var maxHeaderBytes: Int = 64 * 1024
    /// Limit for the request line alone → 414. (Addition to the list; 16 KiB as it asks.)
    public var maxRequestLineBytes: Int = 16 * 1024
    /// Limit for a request body, checked against Content-Length before reading and while de-chunking → 413.
    public var maxBodyBytes: Int = 100 * 1024 * 1024
    /// Time allowed from the first byte of a request head to its end (slowloris guard) → 408 + close.
    public var headerTimeout: Duration = .seconds(10)
    /// Keep-alive idle time between requests → close. Also the limit for a response that makes no
    /// write progress because the client does not read.
    public var idleTimeout: Duration = .seconds(60)
    /// Maximum pause between two reads while a request body is incomplete → 408 + close.
    public var bodyTimeout: Duration = .seconds(30)
    /// How long a connection closed after an error keeps draining unread input so the client sees the
    /// response instead of a reset (addition; nginx's lingering close).
    public var lingerTimeout: Duration = .seconds(2)
    /// Stack size of each loop thread. These threads run V8, whose `--stack-size` must stay below it.
    public var threadStackSize: Int = 8 * 1024 * 1024
    /// A streamed response's `write` returns false once this many bytes wait to be sent.
    public var writeHighWater: Int = 256 * 1024
    /// `onWritable` fires once the unsent output dropped to this many bytes.
    public var writeLowWater: Int = 64 * 1024

    public init() {}

    /// Online CPUs of this machine (at least 1).
    public static var coreCount: Int {
        max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }
}
