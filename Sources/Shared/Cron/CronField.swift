/// One field of a cron expression, named as in crontab(5). Seconds only exist in 6-field expressions.
public enum CronField: String, Sendable, Equatable, CaseIterable {
    case second
    case minute
    case hour
    case dayOfMonth = "day-of-month"
    case month
    case dayOfWeek = "day-of-week"

    /// The values a field may hold. Day-of-week also accepts 7 (Sunday) on input.
    public var bounds: ClosedRange<Int> {
        switch self {
        case .second, .minute: return 0...59
        case .hour: return 0...23
        case .dayOfMonth: return 1...31
        case .month: return 1...12
        case .dayOfWeek: return 0...6
        }
    }
}

/// Where in the text a problem is: the 1-based field position as written, and which field that is
/// (`field 2 (hour)` in a 5-field expression, `field 3 (hour)` in a 6-field one).
public struct CronFieldLocation: Sendable, Equatable, CustomStringConvertible {
    public let position: Int
    public let field: CronField

    public init(position: Int, field: CronField) {
        self.position = position
        self.field = field
    }

    public var description: String { "field \(position) (\(field.rawValue))" }
}
