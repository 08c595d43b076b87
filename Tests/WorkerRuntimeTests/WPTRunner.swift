import Foundation
import Testing
@testable import WorkerRuntime

/// Runs a web-platform-tests data file inside a worker and checks the outcome against a known-gaps
/// list: `runner` is JS defining `function <call>(DATA)` that returns {passed, total, failures}.
enum WPTRunner {
    /// `Fixtures/<file>` as {"group": {"case name": "reason"}} (empty when absent).
    static func expectations(_ file: String) -> [String: [String: String]] {
        guard let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil)?.appendingPathComponent(file),
              let data = try? Data(contentsOf: url),
              let json = try? JSONSerialization.jsonObject(with: data) as? [String: [String: String]] else { return [:] }
        return json
    }

    static func run(runner: String, call: String, data: Data, label: String, group: String,
                    expectationsFile: String) async throws {
        let json = String(decoding: data, as: UTF8.self)
        let source = runner + "\nconst DATA = \(json);\n" +
            "export default { fetch() { return Response.json(\(call)(DATA)); } };\n"
        var limits = RuntimeLimits()
        limits.cpuTimeMillis = 10_000
        let answer = await RuntimeHarness.shared.fetch(makeWorker(source, name: "wpt-\(group)"), limits: limits)
        try #require(answer.status == 200, "the WPT runner worker failed: \(answer.status) \(answer.text)")
        let result = try JSONSerialization.jsonObject(with: Data(answer.body)) as! [String: Any]
        let passed = result["passed"] as! Int
        let total = result["total"] as! Int
        let failures = result["failures"] as! [String: String]
        let known = expectations(expectationsFile)[group] ?? [:]
        print("WPT \(label)/\(group): \(passed)/\(total) passed, \(failures.count) failed (\(known.count) listed as known)")
        for (name, why) in failures.sorted(by: { $0.key < $1.key }) where known[name] == nil {
            Issue.record("\(group) \(name): \(why)")
        }
        for name in known.keys where failures[name] == nil {
            Issue.record("\(group) \(name) passes now: remove it from \(expectationsFile)")
        }
        #expect(total > 0)
    }
}
