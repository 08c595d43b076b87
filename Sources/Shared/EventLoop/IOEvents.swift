/// Readiness events of a file descriptor registered with an `EventLoop` (the epoll bits).
public struct IOEvents: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Data can be read, or the peer closed (EPOLLIN).
    public static let readable = IOEvents(rawValue: 0x001)
    /// Data can be written (EPOLLOUT).
    public static let writable = IOEvents(rawValue: 0x004)
    /// Error on the descriptor (EPOLLERR). Always reported; need not be requested.
    public static let error = IOEvents(rawValue: 0x008)
    /// Hang-up (EPOLLHUP). Always reported; need not be requested.
    public static let hangup = IOEvents(rawValue: 0x010)
    /// The peer shut down its writing side (EPOLLRDHUP).
    public static let readHangup = IOEvents(rawValue: 0x2000)
    /// Edge-triggered notification (EPOLLET); the default is level-triggered.
    public static let edgeTriggered = IOEvents(rawValue: 0x8000_0000)
}
