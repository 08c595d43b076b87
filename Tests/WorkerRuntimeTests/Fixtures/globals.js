// Small globals: self, navigator, performance, crypto.getRandomValues/randomUUID, structuredClone, env.

test("self is globalThis", () => { assert(self === globalThis); });

test("navigator.userAgent is a non-empty string", () => {
  assertEquals(typeof navigator.userAgent, "string");
  assert(navigator.userAgent.length > 0);
  assertEquals(Object.prototype.toString.call(navigator), "[object Navigator]");
});

test("performance.now is monotonic and performance.timeOrigin is an epoch time", () => {
  const a = performance.now(), b = performance.now();
  assert(b >= a);
  assert(performance.timeOrigin > 1.6e12);
  assertThrows(() => new Performance(), TypeError);
});

test("crypto.getRandomValues fills integer arrays and returns the same object", () => {
  const a = new Uint8Array(64);
  const r = crypto.getRandomValues(a);
  assert(r === a);
  assert(a.some((x) => x !== 0));
  for (const T of [Int8Array, Int16Array, Uint16Array, Int32Array, Uint32Array, BigInt64Array, BigUint64Array, Uint8ClampedArray]) {
    crypto.getRandomValues(new T(4));
  }
});

test("crypto.getRandomValues rejects float arrays and DataView with TypeMismatchError", () => {
  assertThrows(() => crypto.getRandomValues(new Float32Array(4)), "TypeMismatchError");
  assertThrows(() => crypto.getRandomValues(new Float64Array(4)), "TypeMismatchError");
  assertThrows(() => crypto.getRandomValues(new DataView(new ArrayBuffer(4))), "TypeMismatchError");
});

test("crypto.getRandomValues over 65536 bytes is a QuotaExceededError", () => {
  crypto.getRandomValues(new Uint8Array(65536));
  assertThrows(() => crypto.getRandomValues(new Uint8Array(65537)), "QuotaExceededError");
});

test("crypto.randomUUID is a v4 UUID", () => {
  const u = crypto.randomUUID();
  assert(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(u), u);
  assert(u !== crypto.randomUUID());
});

test("structuredClone copies nested data, cycles and shared references", () => {
  const shared = { n: 1 };
  const src = { a: [1, "two", { three: 3 }], d: new Date(0), m: new Map([["k", shared]]), s: new Set([1, 2]),
                r: /x+/gi, u8: new Uint8Array([1, 2, 3]), big: 10n, shared1: shared, shared2: shared };
  src.self = src;
  const c = structuredClone(src);
  assert(c !== src);
  assertEquals(c.a, [1, "two", { three: 3 }]);
  assert(c.d instanceof Date && c.d.getTime() === 0);
  assert(c.m.get("k") === c.shared1);
  assert(c.shared1 === c.shared2 && c.shared1 !== shared);
  assert(c.self === c);
  assertEquals([...c.s], [1, 2]);
  assertEquals(c.r.source + c.r.flags, "x+gi");
  assertEquals(c.u8, new Uint8Array([1, 2, 3]));
  assertEquals(c.big, 10n);
});

test("structuredClone of a function or symbol is a DataCloneError", () => {
  const e = assertThrows(() => structuredClone(() => 1), "DataCloneError");
  assert(e instanceof DOMException);
  assertThrows(() => structuredClone(Symbol("x")), "DataCloneError");
  assertThrows(() => structuredClone(), TypeError);
});

test("structuredClone keeps Error name and message", () => {
  const c = structuredClone(new RangeError("bad"));
  assert(c instanceof RangeError);
  assertEquals(c.message, "bad");
});

test("env is a frozen global", () => {
  assertEquals(typeof env, "object");
  assert(Object.isFrozen(env));
});

test("no SharedArrayBuffer, Atomics or gc", () => {
  assertEquals(typeof SharedArrayBuffer, "undefined");
  assertEquals(typeof Atomics, "undefined");
  assertEquals(typeof gc, "undefined");
});

test("console methods exist and do not throw on odd values", () => {
  for (const m of ["log", "info", "warn", "error", "debug", "trace", "table", "dir", "assert", "count", "countReset", "group", "groupEnd", "time", "timeEnd", "timeLog"]) {
    assertEquals(typeof console[m], "function", m);
  }
  const cyclic = {}; cyclic.me = cyclic;
  console.debug("fixture output:", cyclic, Symbol("s"), 1n, undefined, null, new Map([[1, 2]]));
  assertEquals(Object.prototype.toString.call(console), "[object console]");
});

test("btoa/atob round trip", () => {
  assertEquals(atob(btoa("hello\u00ff")), "hello\u00ff");
});
