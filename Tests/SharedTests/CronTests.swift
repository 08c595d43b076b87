import Foundation
import Testing
@testable import Shared

/// The cron parser as plain values: expressions in, next run times or errors out.
/// Expected times were worked out from the rules by hand and cross-checked with a brute-force
/// Python `datetime` walk (no cron library involved).
@Suite struct CronTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let expression: String
        let start: String
        /// The next runs in order (the first is `next(after: start)`); empty = never runs.
        let expected: [String]
        init(_ expression: String, _ start: String, _ expected: [String]) {
            self.expression = expression
            self.start = start
            self.expected = expected
        }
        var testDescription: String { "\"\(expression)\" after \(start)" }
    }

    static let cases: [Case] = [
        // Basics, strictly-after semantics.
        .init("* * * * *", "2026-01-01T00:00:00Z", ["2026-01-01T00:01:00Z", "2026-01-01T00:02:00Z", "2026-01-01T00:03:00Z"]),
        .init("* * * * *", "2026-01-01T00:00:30Z", ["2026-01-01T00:01:00Z"]),
        .init("0 * * * *", "2026-01-01T00:00:00Z", ["2026-01-01T01:00:00Z"]),
        .init("*/15 * * * *", "2026-03-10T10:07:00Z", ["2026-03-10T10:15:00Z", "2026-03-10T10:30:00Z", "2026-03-10T10:45:00Z"]),
        .init("5 4 * * *", "2026-03-10T04:05:00Z", ["2026-03-11T04:05:00Z"]),
        .init("5 4 * * *", "2026-03-10T04:04:59Z", ["2026-03-10T04:05:00Z"]),
        .init("0 0 15 * *", "2026-01-15T00:00:00Z", ["2026-02-15T00:00:00Z"]),
        .init("0,30 9-17 * * 1-5", "2026-01-02T17:30:00Z", ["2026-01-05T09:00:00Z", "2026-01-05T09:30:00Z", "2026-01-05T10:00:00Z"]),
        // Year rollover.
        .init("0 0 1 1 *", "2026-06-15T12:00:00Z", ["2027-01-01T00:00:00Z"]),
        .init("59 23 31 12 *", "2026-12-31T23:59:00Z", ["2027-12-31T23:59:00Z"]),
        .init("0 0 * * *", "2026-12-31T23:59:59Z", ["2027-01-01T00:00:00Z"]),
        .init("59 23 * * *", "2026-12-31T23:59:00Z", ["2027-01-01T23:59:00Z"]),
        .init("0 0 31 12 *", "2026-12-31T00:00:00Z", ["2027-12-31T00:00:00Z"]),
        .init("0 0 1 1 *", "1999-12-31T23:59:59Z", ["2000-01-01T00:00:00Z"]),
        .init("0 0 * * *", "1969-12-31T12:00:00Z", ["1970-01-01T00:00:00Z"]),
        // Leap days.
        .init("0 0 29 2 *", "2025-03-01T00:00:00Z", ["2028-02-29T00:00:00Z"]),
        .init("0 0 29 2 *", "2024-02-28T12:00:00Z", ["2024-02-29T00:00:00Z", "2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z"]),
        .init("0 0 29 2 *", "2096-03-01T00:00:00Z", ["2104-02-29T00:00:00Z"]),
        .init("0 0 29 2 *", "1899-01-01T00:00:00Z", ["1904-02-29T00:00:00Z"]),
        .init("0 0 29 2 *", "1999-01-01T00:00:00Z", ["2000-02-29T00:00:00Z"]),
        .init("0 0 * 2 *", "2026-02-28T00:00:00Z", ["2027-02-01T00:00:00Z"]),
        .init("0 0 * 2 *", "2028-02-28T00:00:00Z", ["2028-02-29T00:00:00Z", "2029-02-01T00:00:00Z"]),
        .init("0 0 29 * *", "2026-01-29T00:00:00Z", ["2026-03-29T00:00:00Z", "2026-04-29T00:00:00Z"]),
        .init("0 0 29 * *", "2028-01-29T00:00:00Z", ["2028-02-29T00:00:00Z", "2028-03-29T00:00:00Z"]),
        .init("0 0 29 2 */2", "2025-01-01T00:00:00Z", ["2028-02-29T00:00:00Z"]),
        .init("0 0 29 2 */3", "2025-01-01T00:00:00Z", ["2032-02-29T00:00:00Z"]),
        // Month ends.
        .init("0 0 31 * *", "2026-01-31T00:00:00Z", ["2026-03-31T00:00:00Z", "2026-05-31T00:00:00Z", "2026-07-31T00:00:00Z"]),
        .init("0 0 30 * *", "2026-01-30T00:00:00Z", ["2026-03-30T00:00:00Z", "2026-04-30T00:00:00Z"]),
        .init("0 0 28-31 * *", "2026-02-27T00:00:00Z", ["2026-02-28T00:00:00Z", "2026-03-28T00:00:00Z", "2026-03-29T00:00:00Z"]),
        .init("0 0 31 1-12/2 *", "2026-07-31T00:00:00Z", ["2027-01-31T00:00:00Z", "2027-03-31T00:00:00Z"]),
        .init("0 0 31 */2 *", "2026-07-31T00:00:00Z", ["2027-01-31T00:00:00Z"]),
        // Never runs.
        .init("0 0 30 2 *", "2026-01-01T00:00:00Z", []),
        .init("0 0 31 4,6,9,11 *", "2026-01-01T00:00:00Z", []),
        .init("0 0 30,31 feb ?", "2026-01-01T00:00:00Z", []),
        // Day-of-week names and numbers.
        .init("0 12 * * MON", "2026-01-01T00:00:00Z", ["2026-01-05T12:00:00Z", "2026-01-12T12:00:00Z"]),
        .init("0 12 * * mon-fri", "2026-01-02T12:00:00Z", ["2026-01-05T12:00:00Z", "2026-01-06T12:00:00Z", "2026-01-07T12:00:00Z"]),
        .init("0 0 * * SAT,SUN", "2026-01-01T00:00:00Z", ["2026-01-03T00:00:00Z", "2026-01-04T00:00:00Z", "2026-01-10T00:00:00Z"]),
        .init("0 0 * * 7", "2026-01-01T00:00:00Z", ["2026-01-04T00:00:00Z", "2026-01-11T00:00:00Z"]),
        .init("0 0 * * 0", "2026-01-01T00:00:00Z", ["2026-01-04T00:00:00Z"]),
        .init("0 0 * * 5-7", "2026-01-01T00:00:00Z", ["2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z", "2026-01-04T00:00:00Z"]),
        .init("0 0 * * FRI-SUN", "2026-01-01T00:00:00Z", ["2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z", "2026-01-04T00:00:00Z"]),
        .init("0 0 * * sat-sun", "2026-01-01T00:00:00Z", ["2026-01-03T00:00:00Z", "2026-01-04T00:00:00Z", "2026-01-10T00:00:00Z"]),
        .init("0 0 * * SUN-SUN", "2026-01-01T00:00:00Z", ["2026-01-04T00:00:00Z", "2026-01-11T00:00:00Z"]),
        .init("0 0 * * 0-7", "2026-01-01T00:00:00Z", ["2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z", "2026-01-04T00:00:00Z"]),
        .init("0 0 * * 1-5/2", "2026-01-01T00:00:00Z", ["2026-01-02T00:00:00Z", "2026-01-05T00:00:00Z", "2026-01-07T00:00:00Z"]),
        .init("0 0 * * 1/2", "2026-01-02T00:00:00Z", ["2026-01-05T00:00:00Z", "2026-01-07T00:00:00Z", "2026-01-09T00:00:00Z"]),
        .init("0 6 * dec Sun", "2026-01-01T00:00:00Z", ["2026-12-06T06:00:00Z", "2026-12-13T06:00:00Z", "2026-12-20T06:00:00Z"]),
        // Month names.
        .init("0 9 * JAN,JUL *", "2026-01-31T09:00:00Z", ["2026-07-01T09:00:00Z", "2026-07-02T09:00:00Z"]),
        .init("0 0 1 jun-aug *", "2026-09-01T00:00:00Z", ["2027-06-01T00:00:00Z", "2027-07-01T00:00:00Z", "2027-08-01T00:00:00Z"]),
        .init("0 0 1 Mar *", "2026-03-01T00:00:00Z", ["2027-03-01T00:00:00Z"]),
        // Steps over ranges, lists mixing ranges and steps.
        .init("0 0 1 */3 *", "2026-02-01T00:00:00Z", ["2026-04-01T00:00:00Z", "2026-07-01T00:00:00Z", "2026-10-01T00:00:00Z"]),
        .init("0 0 1 2/5 *", "2026-01-01T00:00:00Z", ["2026-02-01T00:00:00Z", "2026-07-01T00:00:00Z", "2026-12-01T00:00:00Z"]),
        .init("10-30/10 * * * *", "2026-01-01T00:30:00Z", ["2026-01-01T01:10:00Z", "2026-01-01T01:20:00Z", "2026-01-01T01:30:00Z"]),
        .init("0 8-18/4 * * *", "2026-01-01T16:00:00Z", ["2026-01-02T08:00:00Z", "2026-01-02T12:00:00Z", "2026-01-02T16:00:00Z"]),
        .init("0 1,5-7,20/2 * * *", "2026-01-01T07:00:00Z", ["2026-01-01T20:00:00Z", "2026-01-01T22:00:00Z", "2026-01-02T01:00:00Z"]),
        .init("30/15 * * * *", "2026-01-01T00:46:00Z", ["2026-01-01T01:30:00Z", "2026-01-01T01:45:00Z"]),
        .init("0-5/2,50-59/3 * * * *", "2026-01-01T00:04:00Z", ["2026-01-01T00:50:00Z", "2026-01-01T00:53:00Z", "2026-01-01T00:56:00Z"]),
        .init("0 */6 * * *", "2026-01-01T18:00:00Z", ["2026-01-02T00:00:00Z", "2026-01-02T06:00:00Z"]),
        // Vixie DOM/DOW rule: both restricted → OR.
        .init("0 0 13 * FRI", "2026-01-01T00:00:00Z", ["2026-01-02T00:00:00Z", "2026-01-09T00:00:00Z", "2026-01-13T00:00:00Z"]),
        .init("0 0 1 * MON", "2026-01-01T00:00:00Z", ["2026-01-05T00:00:00Z", "2026-01-12T00:00:00Z", "2026-01-19T00:00:00Z"]),
        .init("0 12 1-7 * MON", "2026-01-07T12:00:00Z", ["2026-01-12T12:00:00Z", "2026-01-19T12:00:00Z", "2026-01-26T12:00:00Z"]),
        .init("0 0 29 2 MON", "2026-03-01T00:00:00Z", ["2027-02-01T00:00:00Z"]),
        .init("0 0 1 1 MON", "2026-01-31T00:00:00Z", ["2027-01-01T00:00:00Z", "2027-01-04T00:00:00Z", "2027-01-11T00:00:00Z"]),
        // … one of them starting with `*` or `?` → AND.
        .init("0 0 13 * *", "2026-01-01T00:00:00Z", ["2026-01-13T00:00:00Z"]),
        .init("0 0 */2 * MON", "2026-01-01T00:00:00Z", ["2026-01-05T00:00:00Z", "2026-01-19T00:00:00Z", "2026-02-09T00:00:00Z"]),
        .init("0 12 1-7 * */7", "2026-01-01T00:00:00Z", ["2026-01-04T12:00:00Z", "2026-02-01T12:00:00Z", "2026-03-01T12:00:00Z"]),
        .init("0 0 ? * FRI", "2026-01-01T00:00:00Z", ["2026-01-02T00:00:00Z", "2026-01-09T00:00:00Z", "2026-01-16T00:00:00Z"]),
        .init("0 0 1 * ?", "2026-01-01T00:00:00Z", ["2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z"]),
        // Six fields (seconds).
        .init("*/1 * * * * *", "2026-01-01T00:00:00Z", ["2026-01-01T00:00:01Z", "2026-01-01T00:00:02Z", "2026-01-01T00:00:03Z"]),
        .init("*/15 * * * * *", "2026-01-01T00:00:50Z", ["2026-01-01T00:01:00Z", "2026-01-01T00:01:15Z", "2026-01-01T00:01:30Z"]),
        .init("30 0 12 * * *", "2026-01-01T12:00:30Z", ["2026-01-02T12:00:30Z"]),
        .init("0 0 0 1 1 *", "2026-05-01T00:00:00Z", ["2027-01-01T00:00:00Z"]),
        .init("15,45 * * * * *", "2026-01-01T00:00:45Z", ["2026-01-01T00:01:15Z", "2026-01-01T00:01:45Z", "2026-01-01T00:02:15Z"]),
        .init("1 2 3 4 5 6", "2026-01-01T00:00:00Z", ["2026-05-02T03:02:01Z", "2026-05-04T03:02:01Z", "2026-05-09T03:02:01Z"]),
        .init("59 59 23 31 12 *", "2026-12-31T23:59:59Z", ["2027-12-31T23:59:59Z"]),
        .init("0 0 0 29 2 *", "2026-01-01T00:00:00Z", ["2028-02-29T00:00:00Z"]),
        // Macros.
        .init("@hourly", "2026-01-01T00:30:00Z", ["2026-01-01T01:00:00Z", "2026-01-01T02:00:00Z"]),
        .init("@daily", "2026-01-01T00:00:00Z", ["2026-01-02T00:00:00Z"]),
        .init("@midnight", "2026-01-01T23:59:59Z", ["2026-01-02T00:00:00Z"]),
        .init("@weekly", "2026-01-01T00:00:00Z", ["2026-01-04T00:00:00Z", "2026-01-11T00:00:00Z"]),
        .init("@monthly", "2026-01-15T00:00:00Z", ["2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z"]),
        .init("@yearly", "2026-01-01T00:00:00Z", ["2027-01-01T00:00:00Z"]),
        .init("@ANNUALLY", "2028-12-31T23:59:59Z", ["2029-01-01T00:00:00Z"]),
        // Whitespace.
        .init("  0\t12  *  * \t*  ", "2026-01-01T12:00:00Z", ["2026-01-02T12:00:00Z"]),
    ]

    static func date(_ iso: String) -> Date {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.date(from: iso) ?? Date(timeIntervalSince1970: .nan)
    }

    static func iso(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: date)
    }

    @Test func tableHasEnoughCases() {
        #expect(Self.cases.count >= 60)
        #expect(Self.invalid.count >= 25)
    }

    @Test(arguments: cases) func nextRuns(_ c: Case) throws {
        let cron = try CronExpression(c.expression)
        let start = Self.date(c.start)
        #expect(start.timeIntervalSince1970.isFinite)
        let runs = cron.nextRuns(after: start, count: max(c.expected.count, 1))
        if c.expected.isEmpty {
            #expect(runs.isEmpty)
            #expect(throws: CronError.neverRuns) { try cron.requireNext(after: start) }
            return
        }
        #expect(runs.map(Self.iso) == c.expected)
        for run in runs { #expect(cron.matches(run)) }
    }

    // MARK: - Invalid expressions

    static let invalid: [(String, String)] = [
        ("", "cron expression is empty"),
        ("   \t ", "cron expression is empty"),
        ("* * * *", "expected 5 or 6 fields, got 4"),
        ("* * * * * * *", "expected 5 or 6 fields, got 7"),
        ("0 0 12 * * ? 2026", "expected 5 or 6 fields, got 7"),
        ("0 0 1 1 * 2026", "field 6 (day-of-week): 2026 is out of range 0-7"),
        ("60 * * * *", "field 1 (minute): 60 is out of range 0-59"),
        ("* 24 * * *", "field 2 (hour): 24 is out of range 0-23"),
        ("* * 0 * *", "field 3 (day-of-month): 0 is out of range 1-31"),
        ("* * 32 * *", "field 3 (day-of-month): 32 is out of range 1-31"),
        ("* * * 13 *", "field 4 (month): 13 is out of range 1-12"),
        ("* * * 0 *", "field 4 (month): 0 is out of range 1-12"),
        ("* * * * 8", "field 5 (day-of-week): 8 is out of range 0-7"),
        ("* * * * 5-0", "field 5 (day-of-week): range 5-0 is reversed"),
        ("60 * * * * *", "field 1 (second): 60 is out of range 0-59"),
        ("0 60 * * * *", "field 2 (minute): 60 is out of range 0-59"),
        ("0 0 24 * * *", "field 3 (hour): 24 is out of range 0-23"),
        ("99999999999 * * * *", "field 1 (minute): 99999999999 is out of range 0-59"),
        ("* * * JANX *", "field 4 (month): unknown month name 'JANX'"),
        ("* * * * FOO", "field 5 (day-of-week): unknown day name 'FOO'"),
        ("* * * * MONDAY", "unknown day name 'MONDAY'"),
        ("* * * MON *", "unknown month name 'MON'"),
        ("MON * * * *", "field 1 (minute): 'MON' is not a number"),
        ("a b c d e", "field 1 (minute): 'a' is not a number"),
        ("1.5 * * * *", "'1.5' is not a number"),
        ("* * * * \u{FF15}", "field 5 (day-of-week): '\u{FF15}' is not a number"),
        ("*/0 * * * *", "field 1 (minute): step must be at least 1"),
        ("* 1-5/0 * * *", "field 2 (hour): step must be at least 1"),
        ("*/x * * * *", "step 'x' must be a number from 1 to 60"),
        ("*/61 * * * *", "step '61' must be a number from 1 to 60"),
        ("*/ * * * *", "step '' must be a number"),
        ("* 10-5 * * *", "field 2 (hour): range 10-5 is reversed"),
        ("* * * DEC-JAN *", "field 4 (month): range DEC-JAN is reversed"),
        ("* * * * SUN-SAT/2,SAT-MON", "field 5 (day-of-week): range SAT-MON is reversed"),
        ("1,,2 * * * *", "field 1 (minute): empty list element"),
        ("1, * * * *", "empty list element"),
        ("? * * * *", "field 1 (minute): '?' is only allowed in day-of-month and day-of-week"),
        ("* * ?/2 * *", "field 3 (day-of-month): malformed element '?/2'"),
        ("1-2-3 * * * *", "malformed element '1-2-3'"),
        ("-5 * * * *", "malformed element '-5'"),
        ("5- * * * *", "malformed element '5-'"),
        ("/5 * * * *", "malformed element '/5'"),
        ("1/2/3 * * * *", "malformed element '1/2/3'"),
        ("@reboot", "@reboot is not supported"),
        ("@every 5m", "unknown macro '@every 5m'"),
        ("@fortnightly", "unknown macro '@fortnightly'"),
        ("@daily 0", "unknown macro '@daily 0'"),
    ]

    @Test func invalidExpressionsSayWhatIsWrong() {
        for (text, fragment) in Self.invalid {
            do {
                let parsed = try CronExpression(text)
                Issue.record("\"\(text)\" parsed as \(parsed)")
            } catch {
                #expect(error.description.contains(fragment), "\"\(text)\": \(error.description)")
                #expect(error.code == "invalid_cron")
            }
        }
    }

    @Test func neverRunsIsAnError() throws {
        let cron = try CronExpression("0 0 30 2 *")
        #expect(cron.next(after: Date(timeIntervalSince1970: 0)) == nil)
        #expect(throws: CronError.neverRuns) { try cron.requireNext(after: Date(timeIntervalSince1970: 0)) }
        #expect(CronError.neverRuns.code == "cron_never_runs")
        #expect(CronError.neverRuns.description == "cron expression will never run")
    }

    // MARK: - Equivalences and edges

    @Test func equivalentSpellingsAreEqual() throws {
        #expect(try CronExpression("@daily") == CronExpression("0 0 * * *"))
        #expect(try CronExpression("@midnight") == CronExpression("@daily"))
        #expect(try CronExpression("@annually") == CronExpression("0 0 1 jan *"))
        #expect(try CronExpression("0 0 * * 7") == CronExpression("0 0 * * SUN"))
        #expect(try CronExpression("0 0 * * 0-6") == CronExpression("0 0 * * 1-7"))
        #expect(try CronExpression("0 0 1-31/2 * *") != CronExpression("0 0 */2 * *"))   // star-ness differs
        #expect(try CronExpression("*/20 * * * *") == CronExpression("0,20,40 * * * *"))
        #expect(try CronExpression("0 * * * * *") != CronExpression("* * * * *"))
        #expect(try CronExpression("0 * * * * *").hasSeconds)
        #expect(try !CronExpression("* * * * *").hasSeconds)
    }

    @Test func fractionalAndNonFiniteStarts() throws {
        let everySecond = try CronExpression("* * * * * *")
        let start = Date(timeIntervalSince1970: 1_767_225_600.5)   // 2026-01-01T00:00:00.5Z
        #expect(everySecond.next(after: start) == Date(timeIntervalSince1970: 1_767_225_601))
        let everyMinute = try CronExpression("* * * * *")
        #expect(everyMinute.next(after: Date(timeIntervalSince1970: 59.999)) == Date(timeIntervalSince1970: 60))
        #expect(everyMinute.next(after: Date(timeIntervalSince1970: .nan)) == nil)
        #expect(everyMinute.next(after: Date(timeIntervalSince1970: .infinity)) == nil)
        #expect(!everyMinute.matches(Date(timeIntervalSince1970: .nan)))
        #expect(everyMinute.next(after: .distantFuture) != nil)
    }

    // MARK: - Randomized checks (seeded)

    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static func randomField(_ range: ClosedRange<Int>, star: Int, _ rng: inout SplitMix) -> String {
        switch Int.random(in: 0..<6, using: &rng) {
        case 0..<star: return "*"
        case 2: return "*/\(Int.random(in: 1...max(1, range.count / 2), using: &rng))"
        case 3:
            let a = Int.random(in: range, using: &rng)
            let b = Int.random(in: a...range.upperBound, using: &rng)
            return "\(a)-\(b)/\(Int.random(in: 1...3, using: &rng))"
        default:
            let n = Int.random(in: 1...3, using: &rng)
            return (0..<n).map { _ in String(Int.random(in: range, using: &rng)) }.joined(separator: ",")
        }
    }

    /// `next(after:)` returns a matching time and nothing in between matches (brute force per
    /// minute, or per second for 6-field expressions, over a bounded window).
    @Test func nextMatchesAndNothingEarlierDoes() throws {
        var rng = SplitMix(state: 0xC0FFEE)
        for _ in 0..<300 {
            let withSeconds = Bool.random(using: &rng)
            var fields = [
                Self.randomField(0...59, star: 1, &rng), Self.randomField(0...23, star: 2, &rng),
                Self.randomField(1...31, star: 2, &rng), Self.randomField(1...12, star: 2, &rng),
                Self.randomField(0...6, star: 2, &rng),
            ]
            if withSeconds { fields.insert(Self.randomField(0...59, star: 1, &rng), at: 0) }
            let text = fields.joined(separator: " ")
            let cron = try CronExpression(text)
            let start = Date(timeIntervalSince1970: Double(Int.random(in: 1_577_836_800...1_893_456_000, using: &rng)))
            let next = cron.next(after: start)
            if let next {
                #expect(next > start, "\(text)")
                #expect(cron.matches(next), "\(text) → \(Self.iso(next))")
                #expect(next.timeIntervalSince1970.truncatingRemainder(dividingBy: 1) == 0)
            }
            let stride: Double = withSeconds ? 1 : 60
            let window: Double = withSeconds ? 6 * 3600 : 40 * 86_400
            let end = min(next?.timeIntervalSince1970 ?? .infinity, start.timeIntervalSince1970 + window)
            var t = (start.timeIntervalSince1970 / stride).rounded(.down) * stride + stride
            while t < end {
                if cron.matches(Date(timeIntervalSince1970: t)) {
                    Issue.record("\(text): \(Self.iso(Date(timeIntervalSince1970: t))) matches before \(next.map(Self.iso) ?? "nil")")
                    break
                }
                t += stride
            }
        }
    }

    /// Random strings and random cron-ish token soup never trap; anything that parses can be asked
    /// for a next run.
    @Test func randomInputNeverTraps() {
        var rng = SplitMix(state: 42)
        let pieces = ["*", "?", "/", "-", ",", " ", "0", "1", "7", "12", "31", "59", "60", "99999999999",
                      "JAN", "sun", "@", "@daily", "@reboot", "L", "W", "#", "\t", "é", "\u{0}", "-1", "*/0"]
        let epoch = Date(timeIntervalSince1970: 1_767_225_600)
        var parsed = 0
        for _ in 0..<5_000 {
            var text = ""
            for _ in 0..<Int.random(in: 0...14, using: &rng) {
                if Int.random(in: 0..<8, using: &rng) == 0 {
                    text.unicodeScalars.append(Unicode.Scalar(UInt8.random(in: 0...127, using: &rng)))
                } else {
                    text += pieces.randomElement(using: &rng)!
                }
            }
            if let cron = try? CronExpression(text) {
                parsed += 1
                _ = cron.next(after: epoch)
            }
        }
        #expect(parsed > 0)
    }
}
