/// The host ops the JS glue may call as `ops.<name>(...)` (see README.md, "Host ops").
/// The raw value is the op's index in the snapshot; the case name is the JS name.
public enum HostOp: Int32, CaseIterable, Sendable {
    case console
    case timerArm
    case respond
    case bodyWrite
    case bodyEnd
    case requestDone
    case urlParse
    case urlSet
    /// Async: resolves after the given milliseconds (`scheduler.wait`). Returns the op id.
    case sleep
    /// Async: starts an outgoing `fetch()`; settles with the response head. Returns the op id, which
    /// also names the response body for `fetchRead`/`fetchCancel`.
    case fetchStart
    /// Async: the next chunk of a fetched response body (Uint8Array), or null at its end.
    case fetchRead
    /// Aborts an outgoing fetch (its transfer and body).
    case fetchCancel

    /// The property name on the glue's `ops` object.
    public var jsName: String { String(describing: self) }
}
