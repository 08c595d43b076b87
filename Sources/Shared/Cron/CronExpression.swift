#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A parsed cron expression (our own parser; the scheduler and the API's validation both use it).
///
/// Syntax: 5 fields `minute hour day-of-month month day-of-week`, or 6 with a leading `second`.
/// Each field is a comma list of `*`, `n`, `a-b`, each optionally followed by `/step`
/// (`a/step` means `a` to the field's maximum, as in Vixie cron). Months take `JAN`–`DEC`, days of
/// the week `SUN`–`SAT` (any case, also in ranges; `FRI-SUN` ends on Sunday); day-of-week 7 is
/// Sunday; `?` stands for `*` in day-of-month and day-of-week. Macros: `@yearly`/`@annually`,
/// `@monthly`, `@weekly`, `@daily`/`@midnight`, `@hourly`.
///
/// Day matching follows Vixie cron: when both day-of-month and day-of-week are restricted (neither
/// field starts with `*` or `?`), a day matches if *either* matches; otherwise both must.
/// All times are UTC; 5-field expressions fire at second 0.
public struct CronExpression: Sendable, Equatable {
    /// True for 6-field expressions (a seconds field was given).
    public let hasSeconds: Bool
    let seconds: CronBits
    let minutes: CronBits
    let hours: CronBits
    let daysOfMonth: CronBits
    let months: CronBits
    /// Bit 0 = Sunday … bit 6 = Saturday.
    let daysOfWeek: CronBits
    /// The day-of-month field starts with `*` or `?` (Vixie's DOM_STAR).
    let dayOfMonthStar: Bool
    /// The day-of-week field starts with `*` or `?` (Vixie's DOW_STAR).
    let dayOfWeekStar: Bool

    /// Parses `text`; never traps, whatever the input.
    public init(_ text: String) throws(CronError) {
        var tokens = text.split(whereSeparator: { $0.isWhitespace })
        guard let first = tokens.first else { throw .empty }
        if first.hasPrefix("@") {
            let whole = tokens.joined(separator: " ")
            guard tokens.count == 1, let expanded = Self.macro(whole) else {
                if whole.lowercased() == "@reboot" { throw .rebootUnsupported }
                throw .unknownMacro(whole)
            }
            tokens = expanded.split(separator: " ")
        }
        guard tokens.count == 5 || tokens.count == 6 else { throw .fieldCount(tokens.count) }
        hasSeconds = tokens.count == 6
        let fields: [CronField] = hasSeconds
            ? [.second, .minute, .hour, .dayOfMonth, .month, .dayOfWeek]
            : [.minute, .hour, .dayOfMonth, .month, .dayOfWeek]
        var bits: [CronBits] = []
        bits.reserveCapacity(6)
        for (index, field) in fields.enumerated() {
            let location = CronFieldLocation(position: index + 1, field: field)
            bits.append(try Self.parseField(tokens[index], at: location))
        }
        let offset = hasSeconds ? 1 : 0
        seconds = hasSeconds ? bits[0] : CronBits(single: 0)
        minutes = bits[offset]
        hours = bits[offset + 1]
        daysOfMonth = bits[offset + 2]
        months = bits[offset + 3]
        daysOfWeek = bits[offset + 4]
        dayOfMonthStar = Self.startsWithStar(tokens[offset + 2])
        dayOfWeekStar = Self.startsWithStar(tokens[offset + 4])
    }

    /// Whether `date` (truncated to the second) is an instant this expression fires at.
    public func matches(_ date: Date) -> Bool {
        guard let t = CronCivilTime(date) else { return false }
        return seconds.contains(t.second) && minutes.contains(t.minute) && hours.contains(t.hour)
            && months.contains(t.month) && dayMatches(year: t.year, month: t.month, day: t.day)
    }

    // MARK: - Parsing

    private static func macro(_ name: String) -> String? {
        switch name.lowercased() {
        case "@yearly", "@annually": return "0 0 1 1 *"
        case "@monthly": return "0 0 1 * *"
        case "@weekly": return "0 0 * * 0"
        case "@daily", "@midnight": return "0 0 * * *"
        case "@hourly": return "0 * * * *"
        default: return nil
        }
    }

    private static func startsWithStar(_ token: Substring) -> Bool {
        token.first == "*" || token.first == "?"
    }

    private static let monthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                     "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
    private static let dayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]

    private static func parseField(_ token: Substring, at location: CronFieldLocation) throws(CronError) -> CronBits {
        var bits = CronBits()
        for element in token.split(separator: ",", omittingEmptySubsequences: false) {
            try parseElement(element, at: location, into: &bits)
        }
        return bits
    }

    /// `*`, `?`, `a`, `a-b`, each optionally `/step`.
    private static func parseElement(_ element: Substring, at location: CronFieldLocation,
                                     into bits: inout CronBits) throws(CronError) {
        let field = location.field
        let bounds = field.bounds
        guard !element.isEmpty else { throw .emptyElement(location) }
        if element.contains("?") {
            guard field == .dayOfMonth || field == .dayOfWeek else { throw .questionMarkNotAllowed(location) }
            guard element == "?" else { throw .malformedElement(location, String(element)) }
            bits.insert(bounds)
            return
        }
        let slashParts = element.split(separator: "/", omittingEmptySubsequences: false)
        guard slashParts.count <= 2 else { throw .malformedElement(location, String(element)) }
        let base = slashParts[0]
        var step = 1
        if slashParts.count == 2 {
            step = try parseStep(slashParts[1], at: location)
        }
        guard !base.isEmpty else { throw .malformedElement(location, String(element)) }

        // Raw values: day-of-week keeps 7 here (Sunday at the end of a range) and is folded below.
        let low: Int
        let high: Int
        if base == "*" {
            low = bounds.lowerBound
            high = bounds.upperBound
        } else {
            let dashParts = base.split(separator: "-", omittingEmptySubsequences: false)
            guard dashParts.count <= 2, !dashParts.contains(where: { $0.isEmpty }) else {
                throw .malformedElement(location, String(element))
            }
            low = try parseValue(dashParts[0], at: location)
            if dashParts.count == 2 {
                var end = try parseValue(dashParts[1], at: location)
                if field == .dayOfWeek, end == 0, low > 0, dashParts[1].first?.isLetter == true {
                    end = 7                                  // `FRI-SUN`: Sunday closes the week
                }
                high = end
                guard low <= high else { throw .reversedRange(location, String(base)) }
            } else if slashParts.count == 2 {
                high = max(bounds.upperBound, low)          // Vixie: `a/n` runs from a to the maximum
            } else {
                high = low
            }
        }
        var v = low
        while v <= high {
            bits.insert(field == .dayOfWeek ? v % 7 : v)
            v += step
        }
    }

    private static func parseStep(_ text: Substring, at location: CronFieldLocation) throws(CronError) -> Int {
        guard let n = decimal(text) else { throw .invalidStep(location, String(text)) }
        guard n >= 1 else { throw .stepTooSmall(location) }
        guard n <= location.field.bounds.count else { throw .invalidStep(location, String(text)) }
        return n
    }

    /// A number or (month, day-of-week) a three-letter name. Day-of-week returns 0…7.
    private static func parseValue(_ text: Substring, at location: CronFieldLocation) throws(CronError) -> Int {
        let field = location.field
        let bounds = field.bounds
        let upper = field == .dayOfWeek ? 7 : bounds.upperBound
        if let n = decimal(text) {
            guard n >= bounds.lowerBound, n <= upper else {
                throw .outOfRange(location, value: String(text), bounds: bounds)
            }
            return n
        }
        if text.allSatisfy({ $0.isASCII && $0.isLetter }) && (field == .month || field == .dayOfWeek) {
            let name = text.uppercased()
            if field == .month, let i = monthNames.firstIndex(of: name) { return i + 1 }
            if field == .dayOfWeek, let i = dayNames.firstIndex(of: name) { return i }
            throw .unknownName(location, String(text))
        }
        if text.allSatisfy({ $0.isASCII && $0.isNumber }) {   // digits, but too long to be a value
            throw .outOfRange(location, value: String(text), bounds: bounds)
        }
        throw .invalidValue(location, String(text))
    }

    /// ASCII digits only, at most 6 of them (anything longer is out of every field's range).
    private static func decimal(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.utf8.count <= 6 else { return nil }
        var n = 0
        for byte in text.utf8 {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            n = n * 10 + Int(byte - 0x30)
        }
        return n
    }
}
