import Foundation
import Testing
@testable import WorkerRuntime

/// Every case of WPT `url/urltestdata.json` and `url/setters_tests.json`, run through the worker-visible
/// `URL` class in the real runtime. Failures must be listed in `Fixtures/wpt-url-expectations.json`
/// ({"urltestdata": {"<input> against <base>": "reason"}, "setters": {...}}) with a reason.
@Suite struct WPTURLTests {
    static let runner = """
    function runUrlTestData(cases) {
      const failures = {}; let passed = 0, total = 0;
      for (const c of cases) {
        if (typeof c !== "object") continue;
        total++;
        const name = JSON.stringify(c.input) + " against " + JSON.stringify(c.base);
        try {
          let url;
          try { url = c.base === null ? new URL(c.input) : new URL(c.input, c.base); } catch (e) { url = null; }
          if (c.failure) {
            if (url !== null) { failures[name] = "parsed, expected failure: " + url.href; continue; }
            if (URL.canParse(c.input, c.base ?? undefined)) { failures[name] = "canParse true, expected false"; continue; }
            passed++; continue;
          }
          if (url === null) { failures[name] = "failed to parse"; continue; }
          const fields = ["href", "protocol", "username", "password", "host", "hostname", "port", "pathname", "search", "hash"];
          if ("origin" in c) fields.push("origin");
          const bad = fields.filter((f) => url[f] !== c[f]).map((f) => f + ": got " + JSON.stringify(url[f]) + " want " + JSON.stringify(c[f]));
          if (c.searchParams !== undefined && url.searchParams.toString() !== c.searchParams) bad.push("searchParams: " + url.searchParams.toString());
          if (bad.length) failures[name] = bad.join("; "); else passed++;
        } catch (e) { failures[name] = "threw " + e; }
      }
      return { passed, total, failures };
    }
    function runSetters(data) {
      const failures = {}; let passed = 0, total = 0;
      for (const attr of Object.keys(data)) {
        if (attr === "comment") continue;
        for (const c of data[attr]) {
          total++;
          const name = attr + ": " + JSON.stringify(c.href) + " ← " + JSON.stringify(c.new_value);
          try {
            const url = new URL(c.href);
            url[attr] = c.new_value;
            const bad = Object.keys(c.expected).filter((k) => url[k] !== c.expected[k]).map((k) => k + ": got " + JSON.stringify(url[k]) + " want " + JSON.stringify(c.expected[k]));
            if (bad.length) failures[name] = bad.join("; "); else passed++;
          } catch (e) { failures[name] = "threw " + e; }
        }
      }
      return { passed, total, failures };
    }
    """

    static let expectations: [String: [String: String]] = {
        guard let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil)?
                .appendingPathComponent("wpt-url-expectations.json"),
              let data = try? Data(contentsOf: url),
              let json = try? JSONSerialization.jsonObject(with: data) as? [String: [String: String]] else { return [:] }
        return json
    }()

    func run(_ call: String, data: Data, group: String) async throws {
        let json = String(decoding: data, as: UTF8.self)
        let source = Self.runner + "\nconst DATA = \(json);\n" +
            "export default { fetch() { return Response.json(\(call)(DATA)); } };\n"
        var limits = RuntimeLimits()
        limits.cpuTimeMillis = 10_000
        let answer = await RuntimeHarness.shared.fetch(makeWorker(source, name: "wpt-\(group)"), limits: limits)
        try #require(answer.status == 200, "the WPT runner worker failed: \(answer.status) \(answer.text)")
        let result = try JSONSerialization.jsonObject(with: Data(answer.body)) as! [String: Any]
        let passed = result["passed"] as! Int
        let total = result["total"] as! Int
        let failures = result["failures"] as! [String: String]
        let known = Self.expectations[group] ?? [:]
        print("WPT url/\(group): \(passed)/\(total) passed, \(failures.count) failed (\(known.count) listed as known)")
        for (name, why) in failures.sorted(by: { $0.key < $1.key }) where known[name] == nil {
            Issue.record("\(group) \(name): \(why)")
        }
        for name in known.keys where failures[name] == nil {
            Issue.record("\(group) \(name) passes now: remove it from wpt-url-expectations.json")
        }
        #expect(total > 0)
    }

    @Test func urltestdata() async throws {
        try await run("runUrlTestData", data: try SharedData.load("data/wpt/url/urltestdata.json"), group: "urltestdata")
    }

    @Test func setters() async throws {
        try await run("runSetters", data: try SharedData.load("data/wpt/url/setters_tests.json"), group: "setters")
    }
}
