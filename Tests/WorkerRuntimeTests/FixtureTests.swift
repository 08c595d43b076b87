import Foundation
import Testing
@testable import WorkerRuntime

/// Runs every `Fixtures/*.js` file as a worker (with `_harness.js` in front) and checks each case.
/// Known spec gaps are listed in `Fixtures/expectations.json` ({"file.js": {"case name": "reason"}});
/// a listed case that passes is reported too, so the list stays honest.
@Suite struct FixtureTests {
    static let fixtureDir: URL = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!

    static var fixtureNames: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: fixtureDir.path)) ?? []
        return files.filter { $0.hasSuffix(".js") && !$0.hasPrefix("_") }.sorted()
    }

    static let expectations: [String: [String: String]] = {
        let url = fixtureDir.appendingPathComponent("expectations.json")
        guard let data = try? Data(contentsOf: url),
              let json = try? JSONSerialization.jsonObject(with: data) as? [String: [String: String]] else { return [:] }
        return json
    }()

    @Test(arguments: fixtureNames)
    func fixture(_ file: String) async throws {
        let harness = try String(contentsOf: Self.fixtureDir.appendingPathComponent("_harness.js"), encoding: .utf8)
        let body = try String(contentsOf: Self.fixtureDir.appendingPathComponent(file), encoding: .utf8)
        let source = harness + "\n" + body + "\naddEventListener('fetch', (event) => event.respondWith(runFixture()));\n"
        let worker = makeWorker(source, name: file, kind: .script)
        var limits = RuntimeLimits()
        limits.cpuTimeMillis = 5_000 // fixtures may run many cases in one request
        let answer = await RuntimeHarness.shared.fetch(worker, limits: limits)
        try #require(answer.status == 200, "fixture \(file) did not run: \(answer.status) \(answer.text) \(RuntimeHarness.shared.logs.texts.suffix(3))")
        let result = try JSONSerialization.jsonObject(with: Data(answer.body)) as! [String: Any]
        let passed = result["passed"] as! [String]
        let failed = result["failed"] as! [[String: String]]
        let expected = Self.expectations[file] ?? [:]
        for f in failed {
            let name = f["name"] ?? "?"
            if expected[name] == nil {
                Issue.record("\(file) › \(name): \(f["message"] ?? "")")
            }
        }
        for name in passed where expected[name] != nil {
            Issue.record("\(file) › \(name) passes now: remove it from expectations.json")
        }
        print("fixture \(file): \(passed.count)/\(passed.count + failed.count) passed (\(expected.count) known gaps)")
        #expect(passed.count + failed.count > 0, "fixture \(file) has no cases")
    }
}
