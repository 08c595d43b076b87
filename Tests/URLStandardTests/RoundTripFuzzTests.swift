import Testing
import URLStandard

/// Deterministic pseudo-random inputs built from the characters the state machine cares about:
/// parsing and setters must never crash, and every result must re-parse to itself (the
/// standard's round-trip goal) with getters consistent with the record.
struct RoundTripFuzzTests {
    /// xorshift64*, fixed seed: the same inputs every run.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state >> 12
            state ^= state << 25
            state ^= state >> 27
            return state &* 2_685_821_657_736_338_717
        }
        mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }
    }

    static let pieces = [
        "http:", "https:", "file:", "ws:", "sc:", "blob:", "a", "B", "0", "9", "x", "/", "//", "\\", "?", "#", "@",
        ":", ".", "..", "%2e", "%2E%2e", "[", "]", "::1", "1.2.3.4", "0x7f", "%", "%41", "%zz", " ", "\t", "\n",
        "\u{0}", "é", "ß", "\u{200D}", "C|", "c:", "localhost", "xn--", "xn--zca", "-", "+", "~", "^", "`", "{",
        "|", "'", "\"", "<", ">", "8080", "65536", "\u{FFFD}", "😀", "\u{3002}",
    ]
    static let bases = [nil, "http://example.com/a/b?q#f", "file:///C:/dir/file", "sc://host/p/q", "sc:opaque", "about:blank"]

    @Test func randomInputsRoundTrip() {
        var g = Generator(state: 0x9E37_79B9_7F4A_7C15)
        var parsed = 0
        for _ in 0..<20_000 {
            var input = ""
            for _ in 0..<(1 + Int(g.next() % 12)) { input += g.pick(Self.pieces) }
            let base = g.pick(Self.bases)
            guard var url = URLParser.parse(input, base: base) else { continue }
            parsed += 1
            checkConsistent(url, "parse \(input.debugDescription) against \(base ?? "nil")")
            let part = g.pick(URLPart.allCases.filter { $0 != .href })
            var value = ""
            for _ in 0..<Int(g.next() % 5) { value += g.pick(Self.pieces) }
            url.set(part, value)
            checkConsistent(url, "set \(part.rawValue) = \(value.debugDescription) on \(input.debugDescription)")
        }
        print("round-trip fuzz: \(parsed) of 20000 random inputs parsed, all round-tripped")
        #expect(parsed > 1_000)
    }

    private func checkConsistent(_ url: URLRecord, _ what: String) {
        guard let again = URLParser.parse(url.href) else {
            Issue.record("\(what): \(url.href.debugDescription) does not re-parse")
            return
        }
        #expect(again.href == url.href, "\(what)")
        #expect(again.pathname == url.pathname && again.host == url.host && again.search == url.search
            && again.hash == url.hash && again.username == url.username && again.password == url.password
            && again.port == url.port && again.protocolValue == url.protocolValue, "\(what): getters differ")
        var rebuilt = url.protocolValue
        if url.hostValue != nil {
            rebuilt += "//"
            if url.includesCredentials {
                rebuilt += url.username + (url.password.isEmpty ? "" : ":" + url.password) + "@"
            }
            rebuilt += url.host
        } else if !url.hasOpaquePath && url.pathname.hasPrefix("//") {
            rebuilt += "/."
        }
        rebuilt += url.pathname + (url.query.map { "?" + $0 } ?? "") + (url.fragment.map { "#" + $0 } ?? "")
        #expect(rebuilt == url.href, "\(what): getters do not rebuild href")
    }
}
