/// Why a cron expression was rejected. `description` is a message for a person (the API returns it
/// with a 400); `code` is a stable machine name.
public enum CronError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text is empty or only whitespace.
    case empty
    /// Not 5 (minute hour day-of-month month day-of-week) or 6 (a leading seconds field) fields.
    case fieldCount(Int)
    /// `@reboot`: there is no start-up event to run on.
    case rebootUnsupported
    /// An `@name` that is not one of the supported macros.
    case unknownMacro(String)
    /// A list element that is empty (`1,,2`, a trailing comma).
    case emptyElement(CronFieldLocation)
    /// A value that is neither a number nor (in month / day-of-week) a name.
    case invalidValue(CronFieldLocation, String)
    /// A three-letter name that is not a month or day name (`JANX`, `FOO`).
    case unknownName(CronFieldLocation, String)
    /// A number outside the field's bounds (the value as written, then the bounds).
    case outOfRange(CronFieldLocation, value: String, bounds: ClosedRange<Int>)
    /// `a-b` with a > b (the range as written).
    case reversedRange(CronFieldLocation, String)
    /// A step of 0.
    case stepTooSmall(CronFieldLocation)
    /// A step that is not a number, or larger than the number of values the field has.
    case invalidStep(CronFieldLocation, String)
    /// `?` outside day-of-month / day-of-week.
    case questionMarkNotAllowed(CronFieldLocation)
    /// An element that does not have the shape `*`, `a`, `a-b`, optionally followed by `/n`.
    case malformedElement(CronFieldLocation, String)
    /// A well-formed expression with no instant that matches it (`0 0 30 2 *`).
    case neverRuns

    public var code: String {
        switch self {
        case .neverRuns: return "cron_never_runs"
        default: return "invalid_cron"
        }
    }

    public var description: String {
        switch self {
        case .empty:
            return "cron expression is empty"
        case .fieldCount(let n):
            return "expected 5 or 6 fields, got \(n)"
        case .rebootUnsupported:
            return "@reboot is not supported: schedules run on the clock, not at start-up"
        case .unknownMacro(let m):
            return "unknown macro '\(m)' (expected @yearly, @annually, @monthly, @weekly, @daily, @midnight or @hourly)"
        case .emptyElement(let at):
            return "\(at): empty list element"
        case .invalidValue(let at, let v):
            return "\(at): '\(v)' is not a number"
        case .unknownName(let at, let name):
            let kind = at.field == .month ? "month" : "day"
            return "\(at): unknown \(kind) name '\(name)'"
        case .outOfRange(let at, let value, let bounds):
            let upper = at.field == .dayOfWeek ? 7 : bounds.upperBound
            return "\(at): \(value) is out of range \(bounds.lowerBound)-\(upper)"
        case .reversedRange(let at, let range):
            return "\(at): range \(range) is reversed"
        case .stepTooSmall(let at):
            return "\(at): step must be at least 1"
        case .invalidStep(let at, let step):
            return "\(at): step '\(step)' must be a number from 1 to \(at.field.bounds.count)"
        case .questionMarkNotAllowed(let at):
            return "\(at): '?' is only allowed in day-of-month and day-of-week"
        case .malformedElement(let at, let element):
            return "\(at): malformed element '\(element)'"
        case .neverRuns:
            return "cron expression will never run"
        }
    }
}
