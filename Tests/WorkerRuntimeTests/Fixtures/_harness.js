// Test harness prepended to every fixture in this folder (the fixture file follows it in one worker
// script). A fixture registers cases with `test(name, fn)`; fn may be async. The Swift test runs the
// combined script as a worker and sends it one request; `runFixture()` answers with JSON
// {"passed":[names], "failed":[{"name","message"}]}, and the Swift side reports every case.
const __cases = [];
function test(name, fn) { __cases.push({ name, fn }); }
class AssertionError extends Error { constructor(m) { super(m); this.name = "AssertionError"; } }
function __show(v) {
  try {
    if (typeof v === "string") return JSON.stringify(v);
    if (v instanceof Uint8Array) return "Uint8Array[" + Array.from(v).join(",") + "]";
    if (typeof v === "bigint") return v + "n";
    if (v === undefined) return "undefined";
    if (typeof v === "number" && Object.is(v, -0)) return "-0";
    if (typeof v === "number" || typeof v === "boolean" || v === null) return String(v);
    return JSON.stringify(v) ?? String(v);
  } catch { return String(v); }
}
function assert(cond, message) { if (!cond) throw new AssertionError(message || "assertion failed"); }
function __deepEqual(a, b) {
  if (Object.is(a, b)) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return false;
  if (ArrayBuffer.isView(a) && ArrayBuffer.isView(b)) {
    if (a.constructor !== b.constructor || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a), kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) if (!__deepEqual(a[k], b[k])) return false;
  return true;
}
function assertEquals(actual, expected, message) {
  if (!__deepEqual(actual, expected)) {
    throw new AssertionError((message ? message + ": " : "") + "expected " + __show(expected) + ", got " + __show(actual));
  }
}
function assertThrows(fn, errorClassOrName, message) {
  let threw = false, error;
  try { fn(); } catch (e) { threw = true; error = e; }
  if (!threw) throw new AssertionError((message ? message + ": " : "") + "expected an exception");
  __checkError(error, errorClassOrName, message);
  return error;
}
async function assertRejects(fn, errorClassOrName, message) {
  let threw = false, error;
  try { await fn(); } catch (e) { threw = true; error = e; }
  if (!threw) throw new AssertionError((message ? message + ": " : "") + "expected a rejection");
  __checkError(error, errorClassOrName, message);
  return error;
}
function __checkError(error, expected, message) {
  if (expected === undefined) return;
  const ok = typeof expected === "string" ? (error && error.name === expected) : error instanceof expected;
  if (!ok) {
    const want = typeof expected === "string" ? expected : expected.name;
    throw new AssertionError((message ? message + ": " : "") + "expected " + want + ", got " + (error && error.name) + ": " + (error && error.message));
  }
}
async function runFixture() {
  const passed = [], failed = [];
  for (const c of __cases) {
    try { await c.fn(); passed.push(c.name); }
    catch (e) { failed.push({ name: c.name, message: String(e && e.stack || e) }); }
  }
  return new Response(JSON.stringify({ passed, failed }), { headers: { "content-type": "application/json" } });
}
