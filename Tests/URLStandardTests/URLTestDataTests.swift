import Foundation
import Testing
import URLStandard

/// Drives the parser with WPT `urltestdata.json`: every case, every component.
@Suite(.enabled(if: WPTData.shouldRun, "WPT data not found beside the repository"))
struct URLTestDataTests {
    static let components = [
        "href", "protocol", "username", "password", "host", "hostname", "port", "pathname", "search", "hash",
    ]

    static func caseID(_ input: String, _ base: String?) -> String {
        base.map { "\(input) against \($0)" } ?? input
    }

    @Test func urlTestData() throws {
        let cases = try WPTData.load("urltestdata.json") as? [Any] ?? []
        var tally = Tally(file: "urltestdata.json", expectations: try Expectations.load())
        for case let test as [String: Any] in cases {
            guard let input = test["input"] as? String else { continue }
            let base = test["base"] as? String
            let url = URLParser.parse(input, base: base)
            var problems: [String] = []
            if test["failure"] as? Bool == true {
                if let url { problems.append("expected failure, got \(url.href.debugDescription)") }
            } else if let url {
                for key in Self.components + ["origin"] {
                    guard let expected = test[key] as? String else { continue }
                    let actual = url.component(key)
                    if actual != expected { problems.append("\(key): \(actual.debugDescription) != \(expected.debugDescription)") }
                }
                if let expected = test["searchParams"] as? String {
                    let actual = URLParser.serializeFormURLEncoded(URLParser.parseFormURLEncoded(url.query ?? ""))
                    if actual != expected { problems.append("searchParams: \(actual.debugDescription) != \(expected.debugDescription)") }
                }
            } else {
                problems.append("unexpected failure")
            }
            tally.record(Self.caseID(input, base), problems: problems)
        }
        tally.printSummary("urltestdata")
        #expect(tally.total == 860)
    }

    /// The serializer's output parses back to the same URL (the standard's round-trip goal).
    @Test func hrefRoundTrips() throws {
        let cases = try WPTData.load("urltestdata.json") as? [Any] ?? []
        var total = 0
        var passed = 0
        for case let test as [String: Any] in cases {
            guard let input = test["input"] as? String,
                let url = URLParser.parse(input, base: test["base"] as? String)
            else { continue }
            total += 1
            let again = URLParser.parse(url.href)
            if again?.href == url.href && again?.pathname == url.pathname && again?.host == url.host {
                passed += 1
            } else {
                Issue.record("href does not round-trip: \(url.href.debugDescription) -> \(again?.href.debugDescription ?? "failure")")
            }
        }
        print("urltestdata href round-trip: \(passed)/\(total) passed")
    }

    /// Setting a component to its own value changes nothing (exercises taking records apart and
    /// re-serializing them for every URL of the data), and `offsets` slice `href` into the getters.
    @Test func settersWithOwnValueAreIdentity() throws {
        let cases = try WPTData.load("urltestdata.json") as? [Any] ?? []
        var checked = 0
        for case let test as [String: Any] in cases {
            guard let input = test["input"] as? String,
                let url = URLParser.parse(input, base: test["base"] as? String)
            else { continue }
            checked += 1
            for part in URLPart.allCases where part != .protocol_ {
                if part == .search && url.query == "" { continue }  // "" makes the query null
                if part == .hash && url.fragment == "" { continue }
                // A null host reads as "", but setting "" gives the empty host (`sc:/x` -> `sc:///x`).
                if (part == .host || part == .hostname) && url.hostValue == nil { continue }
                var copy = url
                copy.set(part, url.component(part.rawValue))
                #expect(copy.href == url.href, "\(part.rawValue) on \(url.href.debugDescription)")
            }
            var copy = url
            copy.set(.protocol_, url.protocolValue)
            #expect(copy.href == url.href, "protocol on \(url.href.debugDescription)")

            let o = url.offsets
            let href = Array(url.href.utf8)
            func text(_ a: Int, _ b: Int) -> String { a >= b ? "" : String(decoding: href[a..<b], as: UTF8.self) }
            let pathEnd = o.queryStart ?? o.fragmentStart ?? href.count
            #expect(text(0, o.schemeEnd + 1) == url.protocolValue)
            #expect(text(o.hostStart, o.hostEnd) == url.hostname)
            #expect(text(o.pathStart, pathEnd) == url.pathname)
            #expect(o.port.map(String.init) ?? "" == url.port)
            if o.hasHost {
                #expect(text(o.schemeEnd + 3, o.usernameEnd) == url.username)
                #expect(text(o.usernameEnd + 1, o.hostStart - 1) == url.password)
            }
        }
        #expect(checked == 587)
    }

    /// `URL.canParse` and parsing against a parsed base agree with parsing against the string.
    @Test func parsedBaseAgreesWithStringBase() throws {
        let cases = try WPTData.load("urltestdata.json") as? [Any] ?? []
        for case let test as [String: Any] in cases {
            guard let input = test["input"] as? String, let base = test["base"] as? String,
                let baseURL = URLParser.parse(base)
            else { continue }
            #expect(URLParser.parse(input, base: baseURL) == URLParser.parse(input, base: base), "\(input) against \(base)")
            #expect(URLParser.canParse(input, base: base) == (URLParser.parse(input, base: base) != nil))
        }
    }
}

extension URLRecord {
    /// The JS getter named `key`.
    func component(_ key: String) -> String {
        switch key {
        case "href": return href
        case "origin": return origin
        case "protocol": return protocolValue
        case "username": return username
        case "password": return password
        case "host": return host
        case "hostname": return hostname
        case "port": return port
        case "pathname": return pathname
        case "search": return search
        case "hash": return hash
        default: return "<unknown getter \(key)>"
        }
    }
}
