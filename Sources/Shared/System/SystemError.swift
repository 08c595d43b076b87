#if canImport(Glibc)
import Glibc
#endif

/// A failed system call: which call, and the `errno` it left. The one place C error codes become
/// Swift errors (`SystemError.lastErrno("bind")` right after the failing call).
public struct SystemError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The system call or library function that failed, e.g. `"epoll_create1"`.
    public var operation: String
    /// The `errno` value.
    public var code: Int32

    public init(_ operation: String, code: Int32) {
        self.operation = operation
        self.code = code
    }

    /// The current `errno` of this thread for `operation`. Call it directly after the failing call.
    public static func lastErrno(_ operation: String) -> SystemError {
        SystemError(operation, code: errno)
    }

    public var description: String {
        "\(operation): \(String(cString: strerror(code))) (errno \(code))"
    }
}
