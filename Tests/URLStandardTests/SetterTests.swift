import Foundation
import Testing
import URLStandard

/// Drives the setters with WPT `setters_tests.json`: every case of every attribute.
@Suite(.enabled(if: WPTData.shouldRun, "WPT data not found beside the repository"))
struct SetterTests {
    @Test func settersTests() throws {
        let root = try WPTData.load("setters_tests.json") as? [String: Any] ?? [:]
        var tally = Tally(file: "setters_tests.json", expectations: try Expectations.load())
        for attribute in root.keys.sorted() where attribute != "comment" {
            guard let part = URLPart(rawValue: attribute) else {
                Issue.record("setters_tests.json: unknown attribute \(attribute)")
                continue
            }
            for case let test as [String: Any] in root[attribute] as? [Any] ?? [] {
                guard let href = test["href"] as? String, let value = test["new_value"] as? String,
                    let expected = test["expected"] as? [String: String]
                else { continue }
                let caseID = "\(attribute): \(href) <- \(value)"
                guard var url = URLParser.parse(href) else {
                    tally.record(caseID, problems: ["initial href does not parse"])
                    continue
                }
                url.set(part, value)
                var problems: [String] = []
                for (key, want) in expected.sorted(by: { $0.key < $1.key }) {
                    let got = url.component(key)
                    if got != want { problems.append("\(key): \(got.debugDescription) != \(want.debugDescription)") }
                }
                tally.record(caseID, problems: problems)
            }
        }
        tally.printSummary("setters_tests")
        #expect(tally.total == 273)
    }
}
