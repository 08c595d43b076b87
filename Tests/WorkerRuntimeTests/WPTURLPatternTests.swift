import Foundation
import Testing
@testable import WorkerRuntime

/// Every case of WPT `urlpattern/resources/urlpatterntestdata.json`, run through the worker-visible
/// `URLPattern` class in the real runtime with the checks of WPT's `urlpatterntests.js` (compiled
/// component strings, `test()`, `exec()` inputs and groups). Failures must be listed in
/// `Fixtures/wpt-urlpattern-expectations.json` ({"urlpatterntestdata": {"<case name>": "reason"}}).
@Suite struct WPTURLPatternTests {
    static let runner = """
    const kComponents = ["protocol", "username", "password", "hostname", "port", "pathname", "search", "hash"];
    const EARLIER_COMPONENTS = {
      protocol: [], hostname: ["protocol"], port: ["protocol", "hostname"], username: [], password: [],
      pathname: ["protocol", "hostname", "port"], search: ["protocol", "hostname", "port", "pathname"],
      hash: ["protocol", "hostname", "port", "pathname", "search"],
    };
    class Mismatch extends Error {}
    function check(cond, what) { if (!cond) throw new Mismatch(what); }
    function same(actual, expected, what) {
      check(Object.is(actual, expected), what + ": got " + JSON.stringify(actual) + " want " + JSON.stringify(expected));
    }
    function throwsTypeError(fn, what) {
      try { fn(); } catch (e) { check(e instanceof TypeError, what + ": threw " + e + " instead of a TypeError"); return; }
      throw new Mismatch(what + ": did not throw");
    }
    function objectEquals(actual, expected, what) {
      check(typeof actual === "object" && actual !== null, what + ": not an object: " + JSON.stringify(actual));
      const ka = Object.keys(actual).sort(), ke = Object.keys(expected).sort();
      same(JSON.stringify(ka), JSON.stringify(ke), what + " keys");
      for (const k of ke) {
        const e = expected[k], a = actual[k];
        if (typeof e === "object" && e !== null) objectEquals(a, e, what + "." + k);
        else same(a, e, what + "." + k);
      }
    }
    function runCase(entry) {
      if (entry.expected_obj === "error") {
        throwsTypeError(() => new URLPattern(...entry.pattern), "URLPattern() constructor");
        return;
      }
      const pattern = new URLPattern(...entry.pattern);
      const expectedObj = entry.expected_obj || {};
      for (const component of kComponents) {
        let expected = expectedObj[component];
        if (expected == undefined) {
          let baseURL = null;
          if (entry.pattern.length > 0 && entry.pattern[0].baseURL) baseURL = new URL(entry.pattern[0].baseURL);
          else if (entry.pattern.length > 1 && typeof entry.pattern[1] === "string") baseURL = new URL(entry.pattern[1]);
          if (entry.exactly_empty_components && entry.exactly_empty_components.includes(component)) {
            expected = "";
          } else if (typeof entry.pattern[0] === "object" && entry.pattern[0][component]) {
            expected = entry.pattern[0][component];
          } else if (typeof entry.pattern[0] === "object" && EARLIER_COMPONENTS[component].some((c) => c in entry.pattern[0])) {
            expected = "*";
          } else if (baseURL && component !== "username" && component !== "password") {
            let base = baseURL[component];
            if (component === "protocol") base = base.substring(0, base.length - 1);
            else if (component === "search" || component === "hash") base = base.substring(1, base.length);
            expected = base;
          } else {
            expected = "*";
          }
        }
        same(pattern[component], expected, "compiled pattern property '" + component + "'");
      }
      const inputs = entry.inputs || [];
      if (entry.expected_match === "error") {
        throwsTypeError(() => pattern.test(...inputs), "test() result");
        throwsTypeError(() => pattern.exec(...inputs), "exec() result");
        return;
      }
      same(pattern.test(...inputs), !!entry.expected_match, "test() result");
      const result = pattern.exec(...inputs);
      if (!entry.expected_match || typeof entry.expected_match !== "object") {
        same(result, entry.expected_match, "exec() failed match result");
        return;
      }
      const expectedInputs = entry.expected_match.inputs || inputs;
      same(result.inputs.length, expectedInputs.length, "exec() result.inputs.length");
      for (let i = 0; i < result.inputs.length; i++) {
        const input = result.inputs[i], want = expectedInputs[i];
        if (typeof input === "string") { same(input, want, "exec() result.inputs[" + i + "]"); continue; }
        for (const component of kComponents) same(input[component], want[component], "exec() result.inputs[" + i + "][" + component + "]");
      }
      for (const component of kComponents) {
        let expected = entry.expected_match[component];
        if (!expected) {
          expected = { input: "", groups: {} };
          if (!entry.exactly_empty_components || !entry.exactly_empty_components.includes(component)) expected.groups["0"] = "";
        }
        for (const key in expected.groups) if (expected.groups[key] === null) expected.groups[key] = undefined;
        objectEquals(result[component], expected, "exec() result for " + component);
      }
    }
    function runUrlPatternTestData(cases) {
      const failures = {}; let passed = 0, total = 0;
      const seen = new Map();
      for (const entry of cases) {
        total++;
        let name = "Pattern: " + JSON.stringify(entry.pattern) + " Inputs: " + JSON.stringify(entry.inputs);
        const n = (seen.get(name) || 0) + 1;
        seen.set(name, n);
        if (n > 1) name += " (" + n + ")";
        try { runCase(entry); passed++; }
        catch (e) { failures[name] = e instanceof Mismatch ? e.message : "threw " + e; }
      }
      return { passed, total, failures };
    }
    """

    @Test func urlpatterntestdata() async throws {
        try await WPTRunner.run(runner: Self.runner, call: "runUrlPatternTestData",
                                data: try SharedData.load("data/wpt/urlpattern/urlpatterntestdata.json"),
                                label: "urlpattern", group: "urlpatterntestdata",
                                expectationsFile: "wpt-urlpattern-expectations.json")
    }
}
