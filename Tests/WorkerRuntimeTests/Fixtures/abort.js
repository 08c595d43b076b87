// AbortController and AbortSignal (DOM §3.1–3.2).

function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

test("AbortController exposes a non-aborted signal", () => {
  const c = new AbortController();
  assert(c.signal instanceof AbortSignal);
  assert(c.signal instanceof EventTarget);
  assertEquals(c.signal.aborted, false);
  assertEquals(c.signal.reason, undefined);
});

test("controller.signal is always the same object", () => {
  const c = new AbortController();
  const s = c.signal;
  c.abort();
  assertEquals(c.signal, s);
});

test("AbortSignal cannot be constructed", () => {
  assertThrows(() => new AbortSignal(), TypeError);
});

test("abort() defaults the reason to an AbortError DOMException", () => {
  const c = new AbortController();
  c.abort();
  assertEquals(c.signal.aborted, true);
  assert(c.signal.reason instanceof DOMException);
  assertEquals(c.signal.reason.name, "AbortError");
  assertEquals(c.signal.reason.code, 20);
});

test("abort(reason) keeps the reason as given", () => {
  const c = new AbortController();
  const reason = { why: "stop" };
  c.abort(reason);
  assertEquals(c.signal.reason, reason);
});

test("abort(undefined) uses the default reason", () => {
  const c = new AbortController();
  c.abort(undefined);
  assertEquals(c.signal.reason.name, "AbortError");
});

test("abort(null) keeps null", () => {
  const c = new AbortController();
  c.abort(null);
  assertEquals(c.signal.reason, null);
});

test("abort fires one abort event synchronously", () => {
  const c = new AbortController();
  let n = 0;
  c.signal.addEventListener("abort", () => n++);
  c.abort();
  assertEquals(n, 1);
  c.abort();
  assertEquals(n, 1);
});

test("the abort event is trusted, targets the signal and does not bubble", () => {
  const c = new AbortController();
  let info = null;
  c.signal.addEventListener("abort", (e) => { info = [e.type, e.target === c.signal, e.bubbles, e.cancelable, e.isTrusted]; });
  c.abort();
  assertEquals(info, ["abort", true, false, false, true]);
});

test("the signal is already aborted when the abort event fires", () => {
  const c = new AbortController();
  let seen = null;
  c.signal.addEventListener("abort", () => { seen = [c.signal.aborted, c.signal.reason]; });
  c.abort("r");
  assertEquals(seen, [true, "r"]);
});

test("onabort is called and can be replaced", () => {
  const c = new AbortController();
  const calls = [];
  assertEquals(c.signal.onabort, null);
  c.signal.onabort = () => calls.push("first");
  const second = () => calls.push("second");
  c.signal.onabort = second;
  assertEquals(c.signal.onabort, second);
  c.abort();
  assertEquals(calls, ["second"]);
});

test("onabort keeps its position among listeners", () => {
  const c = new AbortController();
  const calls = [];
  c.signal.onabort = () => calls.push("handler-1");
  c.signal.addEventListener("abort", () => calls.push("listener"));
  c.signal.onabort = () => calls.push("handler-2");
  c.abort();
  assertEquals(calls, ["handler-2", "listener"]);
});

test("onabort = null removes the handler", () => {
  const c = new AbortController();
  let n = 0;
  c.signal.onabort = () => n++;
  c.signal.onabort = null;
  c.abort();
  assertEquals(n, 0);
});

test("a non-object onabort becomes null", () => {
  const c = new AbortController();
  c.signal.onabort = 5;
  assertEquals(c.signal.onabort, null);
});

test("onabort set after abort is not called", () => {
  const c = new AbortController();
  c.abort();
  let n = 0;
  c.signal.onabort = () => n++;
  assertEquals(n, 0);
});

test("throwIfAborted does nothing before abort and throws the reason after", () => {
  const c = new AbortController();
  c.signal.throwIfAborted();
  const reason = new Error("stop");
  c.abort(reason);
  let thrown = null;
  try { c.signal.throwIfAborted(); } catch (e) { thrown = e; }
  assertEquals(thrown, reason);
});

test("AbortSignal.abort() returns an aborted signal with an AbortError", () => {
  const s = AbortSignal.abort();
  assert(s instanceof AbortSignal);
  assertEquals(s.aborted, true);
  assertEquals(s.reason.name, "AbortError");
});

test("AbortSignal.abort(reason) keeps the reason", () => {
  assertEquals(AbortSignal.abort("why").reason, "why");
});

test("AbortSignal.timeout() returns a non-aborted signal", () => {
  const s = AbortSignal.timeout(0);
  assert(s instanceof AbortSignal);
  assertEquals(s.aborted, false);
});

test("AbortSignal.timeout aborts with a TimeoutError", async () => {
  const s = AbortSignal.timeout(5);
  let fired = false;
  s.onabort = () => { fired = true; };
  await delay(40);
  assertEquals(fired, true);
  assertEquals(s.aborted, true);
  assert(s.reason instanceof DOMException);
  assertEquals(s.reason.name, "TimeoutError");
  assertEquals(s.reason.code, 23);
});

test("AbortSignal.timeout rejects negative and non-finite delays", () => {
  assertThrows(() => AbortSignal.timeout(-1), TypeError);
  assertThrows(() => AbortSignal.timeout(NaN), TypeError);
  assertThrows(() => AbortSignal.timeout(Infinity), TypeError);
  assertThrows(() => AbortSignal.timeout(), TypeError);
});

test("AbortSignal.any([]) is not aborted", () => {
  assertEquals(AbortSignal.any([]).aborted, false);
});

test("AbortSignal.any follows a single signal", () => {
  const c = new AbortController();
  const s = AbortSignal.any([c.signal]);
  assert(s !== c.signal);
  let target = null;
  s.onabort = (e) => { target = e.target; };
  c.abort("reason string");
  assertEquals(s.aborted, true);
  assertEquals(s.reason, "reason string");
  assertEquals(target, s);
});

test("AbortSignal.any aborts with the reason of whichever signal aborts", () => {
  const a = new AbortController(), b = new AbortController();
  const s = AbortSignal.any([a.signal, b.signal]);
  b.abort("second");
  assertEquals(s.reason, "second");
  a.abort("first");
  assertEquals(s.reason, "second");
});

test("AbortSignal.any of an aborted signal is aborted with the first reason", () => {
  const a = new AbortController(), b = new AbortController(), c = new AbortController();
  b.abort("reason 1");
  c.abort("reason 2");
  const s = AbortSignal.any([a.signal, b.signal, c.signal]);
  assertEquals(s.aborted, true);
  assertEquals(s.reason, "reason 1");
});

test("AbortSignal.any signals compose", () => {
  const a = new AbortController(), b = new AbortController(), c = new AbortController();
  const inner = AbortSignal.any([a.signal, b.signal]);
  const outer = AbortSignal.any([inner, c.signal]);
  let fired = false;
  outer.onabort = () => { fired = true; };
  b.abort();
  assertEquals(fired, true);
  assertEquals(outer.reason.name, "AbortError");
});

test("AbortSignal.any through intermediate signals", () => {
  const c = new AbortController();
  let s = AbortSignal.any([c.signal]);
  s = AbortSignal.any([s]);
  s = AbortSignal.any([s]);
  c.abort("the reason");
  assertEquals(s.aborted, true);
  assertEquals(s.reason, "the reason");
});

test("abort events of dependent signals fire in creation order, after the source", () => {
  const c = new AbortController();
  const signals = [c.signal];
  signals.push(AbortSignal.any([c.signal]));
  signals.push(AbortSignal.any([c.signal]));
  signals.push(AbortSignal.any([signals[0]]));
  signals.push(AbortSignal.any([signals[1]]));
  let result = "";
  signals.forEach((s, i) => s.addEventListener("abort", () => { result += i; }));
  c.abort();
  assertEquals(result, "01234");
});

test("dependent signals are aborted before any abort event fires", () => {
  const c = new AbortController();
  const dependent = AbortSignal.any([c.signal]);
  let seen = null;
  c.signal.addEventListener("abort", () => { seen = dependent.aborted; });
  c.abort();
  assertEquals(seen, true);
});

test("AbortSignal.any rejects non-signals", () => {
  assertThrows(() => AbortSignal.any([{}]), TypeError);
  assertThrows(() => AbortSignal.any(5), TypeError);
});

test("AbortSignal.any works with a timeout signal", async () => {
  const c = new AbortController();
  const s = AbortSignal.any([c.signal, AbortSignal.timeout(5)]);
  await delay(40);
  assertEquals(s.aborted, true);
  assertEquals(s.reason.name, "TimeoutError");
});

test("a listener added with a signal is removed when it aborts", () => {
  const t = new EventTarget();
  const c = new AbortController();
  let n = 0;
  t.addEventListener("x", () => n++, { signal: c.signal });
  t.dispatchEvent(new Event("x"));
  c.abort();
  t.dispatchEvent(new Event("x"));
  assertEquals(n, 1);
});

test("a listener with an already aborted signal is never added", () => {
  const t = new EventTarget();
  let n = 0;
  t.addEventListener("x", () => n++, { signal: AbortSignal.abort() });
  t.dispatchEvent(new Event("x"));
  assertEquals(n, 0);
});

test("aborting from a listener stops later listeners with that signal", () => {
  const t = new EventTarget();
  const c = new AbortController();
  let n = 0;
  t.addEventListener("x", () => c.abort(), { signal: c.signal });
  t.addEventListener("x", () => n++, { signal: c.signal });
  t.dispatchEvent(new Event("x"));
  assertEquals(n, 0);
});

test("a null signal option throws TypeError", () => {
  assertThrows(() => new EventTarget().addEventListener("x", () => {}, { signal: null }), TypeError);
  assertThrows(() => new EventTarget().addEventListener("x", null, { signal: null }), TypeError);
});

test("AbortController and AbortSignal brand-check", () => {
  const getSignal = Object.getOwnPropertyDescriptor(AbortController.prototype, "signal").get;
  const getAborted = Object.getOwnPropertyDescriptor(AbortSignal.prototype, "aborted").get;
  for (const bad of [null, undefined, 0, "x", Object.create(AbortController.prototype)]) {
    assertThrows(() => getSignal.call(bad), TypeError);
    assertThrows(() => AbortController.prototype.abort.call(bad), TypeError);
  }
  assertThrows(() => getAborted.call(Object.create(AbortSignal.prototype)), TypeError);
});

test("toString tags", () => {
  assertEquals(Object.prototype.toString.call(new AbortController()), "[object AbortController]");
  assertEquals(Object.prototype.toString.call(new AbortController().signal), "[object AbortSignal]");
});

test("user-dispatched abort events reach onabort without aborting", () => {
  const c = new AbortController();
  let n = 0;
  c.signal.onabort = () => n++;
  c.signal.dispatchEvent(new Event("abort"));
  assertEquals(n, 1);
  assertEquals(c.signal.aborted, false);
});
