import Foundation
import Testing
import URLStandard

/// WPT `percent-encoding.json` (UTF-8 column only: the worker runtime only ever parses URLs as
/// UTF-8) and every percent-encode set checked byte by byte against its definition.
struct PercentEncodingTests {
    @Test(.enabled(if: WPTData.shouldRun, "WPT data not found beside the repository"))
    func percentEncodingData() throws {
        let cases = try WPTData.load("percent-encoding.json") as? [Any] ?? []
        var total = 0
        var passed = 0
        for case let test as [String: Any] in cases {
            guard let input = test["input"] as? String,
                let expected = (test["output"] as? [String: String])?["utf-8"]
            else { continue }
            total += 1
            let url = URLParser.parse("https://doesnotmatter.invalid/?\(input)#\(input)")
            if url?.search == "?\(expected)" && url?.hash == "#\(expected)" {
                passed += 1
            } else {
                Issue.record("percent-encoding \(input.debugDescription): search \(url?.search ?? "nil"), hash \(url?.hash ?? "nil")")
            }
        }
        print("percent-encoding (utf-8): \(passed)/\(total) passed")
    }

    /// Every ASCII byte is encoded exactly when the standard's set (§1.3) contains it, observed
    /// through the component that uses the set; also the forbidden host/domain code points (§3.1).
    @Test func encodeSetsMatchTheirDefinitions() throws {
        func set(_ extra: String, plus base: Set<UInt8>) -> Set<UInt8> { base.union(extra.utf8) }
        let c0 = Set<UInt8>((0...0x1F).map { UInt8($0) } + [0x7F])
        let fragment = set(" \"<>`", plus: c0)
        let query = set(" \"#<>", plus: c0)
        let specialQuery = set("'", plus: query)
        let path = set("?^`{}", plus: query)
        let userinfo = set("/:;=@[\\]|", plus: path)
        let component = set("$%&+,", plus: userinfo)
        let form = set("!'()~", plus: component)
        let forbiddenHost = Set<UInt8>([0, 0x09, 0x0A, 0x0D, 0x20]).union("#/:<>?@[\\]^|".utf8)
        let forbiddenDomain = forbiddenHost.union(c0).union([0x25])
        let stripped: Set<UInt8> = [0x09, 0x0A, 0x0D]  // removed before parsing

        func encoded(_ b: UInt8, _ inSet: Bool) -> String {
            let hex = "0123456789ABCDEF".map { $0 }
            return inSet ? "%\(hex[Int(b >> 4)])\(hex[Int(b & 15)])" : String(UnicodeScalar(b))
        }
        for b in UInt8(0)...0x7F {
            let ch = String(UnicodeScalar(b))
            if !stripped.contains(b) {
                var url = try #require(URLParser.parse("sc://h/"))
                if b != 0x2F {
                    url.set(.pathname, "/x\(ch)y")
                    #expect(url.pathname == "/x\(encoded(b, path.contains(b)))y", "path \(b)")
                }
                url.set(.search, "x\(ch)y")
                #expect(url.search == "?x\(encoded(b, query.contains(b)))y", "query \(b)")
                url.set(.hash, "x\(ch)y")
                #expect(url.hash == "#x\(encoded(b, fragment.contains(b)))y", "fragment \(b)")
                var special = try #require(URLParser.parse("http://h/"))
                special.set(.search, "x\(ch)y")
                #expect(special.search == "?x\(encoded(b, specialQuery.contains(b)))y", "special-query \(b)")
                if b != 0x3F && b != 0x23 {
                    let opaque = URLParser.parse("sc:x\(ch)y")
                    #expect(opaque?.pathname == "x\(encoded(b, c0.contains(b)))y", "c0 control \(b)")
                }
                if !"/?#@:".utf8.contains(b) {
                    #expect((URLParser.parse("sc://a\(ch)b/") == nil) == forbiddenHost.contains(b), "forbidden host \(b)")
                }
            }
            var credentials = try #require(URLParser.parse("http://h/"))
            credentials.set(.username, "x\(ch)y")
            #expect(credentials.username == "x\(encoded(b, userinfo.contains(b)))y", "userinfo \(b)")
            let formExpected = b == 0x20 ? "x+y=" : "x\(encoded(b, form.contains(b)))y="
            #expect(URLParser.serializeFormURLEncoded([("x\(ch)y", "")]) == formExpected, "form \(b)")
            #expect((URLParser.domainToASCII("a\(ch)b") == nil) == forbiddenDomain.contains(b), "forbidden domain \(b)")
        }
    }
}
