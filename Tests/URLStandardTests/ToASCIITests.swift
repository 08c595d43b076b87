import Foundation
import Testing
import URLStandard

/// Drives IDNA with WPT `toascii.json`, the way WPT's toascii.window.js does: through the URL
/// constructor (`https://<input>/x`) and through the `host` and `hostname` setters.
@Suite(.enabled(if: WPTData.shouldRun, "WPT data not found beside the repository"))
struct ToASCIITests {
    @Test func toASCII() throws {
        let cases = try WPTData.load("toascii.json") as? [Any] ?? []
        var tally = Tally(file: "toascii.json", expectations: try Expectations.load())
        for case let test as [String: Any] in cases {
            guard let input = test["input"] as? String else { continue }
            let output = test["output"] as? String

            var problems: [String] = []
            let url = URLParser.parse("https://\(input)/x")
            if let output {
                if let url {
                    if url.host != output { problems.append("host \(url.host.debugDescription)") }
                    if url.hostname != output { problems.append("hostname \(url.hostname.debugDescription)") }
                    if url.pathname != "/x" { problems.append("pathname \(url.pathname.debugDescription)") }
                    if url.href != "https://\(output)/x" { problems.append("href \(url.href.debugDescription)") }
                } else {
                    problems.append("unexpected failure")
                }
            } else if let url {
                problems.append("expected failure, got \(url.href.debugDescription)")
            }
            tally.record("\(input) (using URL)", problems: problems)

            for part in [URLPart.host, .hostname] {
                guard var url = URLParser.parse("https://x/x") else { continue }
                url.set(part, input)
                let got = part == .host ? url.host : url.hostname
                let want = output ?? "x"
                tally.record("\(input) (using \(part.rawValue))", problems: got == want ? [] : ["\(got.debugDescription) != \(want.debugDescription)"])
            }

            // The public helper agrees with the host parser.
            if let output {
                #expect(URLParser.domainToASCII(input) == output, "domainToASCII(\(input.debugDescription))")
            }
        }
        tally.printSummary("toascii")
        #expect(tally.total == 45 * 3)
    }
}
