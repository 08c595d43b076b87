#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension CronExpression {
    /// How far `next(after:)` looks. The Gregorian calendar repeats every 400 years (146 097 days is
    /// a whole number of weeks), so nothing found in 400 years is never found; in practice the
    /// impossible cases are caught up front by `canEverMatch` and the loop never gets near this.
    static let searchYears = 400

    /// The first instant strictly after `date` (whole seconds, UTC) that the expression matches, or
    /// nil if there is none (`0 0 30 2 *`) or `date` is not a finite time.
    ///
    /// Moves field by field — a non-matching month jumps to the next matching month, a day to the
    /// next day, an hour/minute/second to the next set bit — so a call costs at most a few hundred
    /// steps even for `0 0 29 2 *`.
    public func next(after date: Date) -> Date? {
        let raw = date.timeIntervalSince1970
        guard raw.isFinite, abs(raw) < 1e13, canEverMatch else { return nil }
        var t = CronCivilTime(epochSeconds: Int64(raw.rounded(.down)) + 1)
        let lastYear = t.year + Self.searchYears
        while t.year <= lastYear {
            guard let month = months.next(atOrAfter: t.month) else {
                t = CronCivilTime(year: t.year + 1, month: 1, day: 1)
                continue
            }
            if month != t.month {
                t = CronCivilTime(year: t.year, month: month, day: 1)
            }
            if t.day > CronCivilTime.daysIn(year: t.year, month: t.month)
                || !dayMatches(year: t.year, month: t.month, day: t.day) {
                t.advanceDay()
                continue
            }
            guard let hour = hours.next(atOrAfter: t.hour) else {
                t.advanceDay()
                continue
            }
            if hour != t.hour { t.hour = hour; t.minute = 0; t.second = 0 }
            guard let minute = minutes.next(atOrAfter: t.minute) else {
                t.advanceHour()
                continue
            }
            if minute != t.minute { t.minute = minute; t.second = 0 }
            guard let second = seconds.next(atOrAfter: t.second) else {
                t.advanceMinute()
                continue
            }
            t.second = second
            return Date(timeIntervalSince1970: Double(t.epochSeconds))
        }
        return nil
    }

    /// Like `next(after:)`, but a never-matching expression is a `CronError.neverRuns` (what the API
    /// answers with a 400).
    public func requireNext(after date: Date) throws(CronError) -> Date {
        guard let next = next(after: date) else { throw .neverRuns }
        return next
    }

    /// The next `count` run times after `date` (fewer if the expression stops matching).
    public func nextRuns(after date: Date, count: Int) -> [Date] {
        var out: [Date] = []
        var from = date
        while out.count < count, let n = next(after: from) {
            out.append(n)
            from = n
        }
        return out
    }

    /// Vixie's rule: both day fields restricted → either may match; otherwise both must.
    func dayMatches(year: Int, month: Int, day: Int) -> Bool {
        let domHit = daysOfMonth.contains(day)
        let dowHit = daysOfWeek.contains(CronCivilTime.weekday(year: year, month: month, day: day))
        if dayOfMonthStar || dayOfWeekStar { return domHit && dowHit }
        return domHit || dowHit
    }

    /// False only when no day can ever match: each field is non-empty by construction, so the only
    /// impossible case is a day-of-month that no selected month has, with day-of-month deciding
    /// (both fields must match, and every weekday recurs on every date within the 400-year cycle).
    var canEverMatch: Bool {
        if !dayOfMonthStar && !dayOfWeekStar { return true }    // OR: some weekday falls in any month
        let longest = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        for month in 1...12 where months.contains(month) {
            if let day = daysOfMonth.first, day <= longest[month] { return true }
        }
        return false
    }
}
