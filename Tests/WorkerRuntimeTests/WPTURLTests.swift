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

    func run(_ call: String, data: Data, group: String) async throws {
        try await WPTRunner.run(runner: Self.runner, call: call, data: data, label: "url", group: group,
                                expectationsFile: "wpt-url-expectations.json")
    }

    @Test func urltestdata() async throws {
        try await run("runUrlTestData", data: try SharedData.load("data/wpt/url/urltestdata.json"), group: "urltestdata")
    }

    @Test func setters() async throws {
        try await run("runSetters", data: try SharedData.load("data/wpt/url/setters_tests.json"), group: "setters")
    }
}
