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

    /// The property name on the glue's `ops` object.
    public var jsName: String { String(describing: self) }
}
