// Event, EventTarget and the Event subclasses (DOM §2, HTML).

test("Event requires a type", () => {
  assertThrows(() => new Event(), TypeError);
});

test("Event cannot be called without new", () => {
  assertThrows(() => Event("x"), TypeError);
});

test("Event defaults", () => {
  const e = new Event("ping");
  assertEquals(e.type, "ping");
  assertEquals(e.bubbles, false);
  assertEquals(e.cancelable, false);
  assertEquals(e.composed, false);
  assertEquals(e.defaultPrevented, false);
  assertEquals(e.returnValue, true);
  assertEquals(e.target, null);
  assertEquals(e.currentTarget, null);
  assertEquals(e.srcElement, null);
  assertEquals(e.eventPhase, Event.NONE);
  assertEquals(e.isTrusted, false);
  assertEquals(e.cancelBubble, false);
});

test("Event type is converted to a string", () => {
  assertEquals(new Event(undefined).type, "undefined");
  assertEquals(new Event(null).type, "null");
  assertEquals(new Event(1).type, "1");
});

test("Event reads bubbles and cancelable from the init dictionary", () => {
  const e = new Event("x", { bubbles: true, cancelable: true, composed: true });
  assertEquals(e.bubbles, true);
  assertEquals(e.cancelable, true);
  assertEquals(e.composed, true);
});

test("Event init dictionary members are read in order", () => {
  const seen = [];
  new Event("x", {
    get cancelable() { seen.push("cancelable"); return false; },
    get bubbles() { seen.push("bubbles"); return true; },
    get composed() { seen.push("composed"); return false; },
  });
  assertEquals(seen, ["bubbles", "cancelable", "composed"]);
});

test("Event rejects a non-object init", () => {
  assertThrows(() => new Event("x", 1), TypeError);
});

test("Event accepts a null init", () => {
  assertEquals(new Event("x", null).bubbles, false);
});

test("Event phase constants", () => {
  assertEquals([Event.NONE, Event.CAPTURING_PHASE, Event.AT_TARGET, Event.BUBBLING_PHASE], [0, 1, 2, 3]);
  assertEquals(new Event("x").AT_TARGET, 2);
});

test("Event timeStamp is a positive number", () => {
  const e = new Event("x");
  assertEquals(typeof e.timeStamp, "number");
  assert(e.timeStamp >= 0);
});

test("isTrusted is an own unforgeable accessor shared by all events", () => {
  const d1 = Object.getOwnPropertyDescriptor(new Event("a"), "isTrusted");
  const d2 = Object.getOwnPropertyDescriptor(new Event("b"), "isTrusted");
  assertEquals(typeof d1.get, "function");
  assertEquals(d1.get, d2.get);
  assertEquals(d1.configurable, false);
});

test("preventDefault on a non-cancelable event does nothing", () => {
  const e = new Event("x");
  e.preventDefault();
  assertEquals(e.defaultPrevented, false);
});

test("preventDefault on a cancelable event sets defaultPrevented", () => {
  const e = new Event("x", { cancelable: true });
  e.preventDefault();
  assertEquals(e.defaultPrevented, true);
  assertEquals(e.returnValue, false);
});

test("returnValue = false cancels a cancelable event", () => {
  const e = new Event("x", { cancelable: true });
  e.returnValue = false;
  assertEquals(e.defaultPrevented, true);
});

test("Event toString tag", () => {
  assertEquals(Object.prototype.toString.call(new Event("x")), "[object Event]");
});

test("Event getters brand-check", () => {
  const get = Object.getOwnPropertyDescriptor(Event.prototype, "type").get;
  assertThrows(() => get.call({}), TypeError);
});

test("initEvent re-initialises an event", () => {
  const e = new Event("a");
  e.initEvent("b", true, true);
  assertEquals(e.type, "b");
  assertEquals(e.bubbles, true);
  assertEquals(e.cancelable, true);
});

test("EventTarget is constructible and subclassable", () => {
  class Target extends EventTarget {}
  const t = new Target();
  let seen = null;
  t.addEventListener("x", function (e) { seen = this; });
  t.dispatchEvent(new Event("x"));
  assertEquals(seen, t);
});

test("dispatchEvent sets target, currentTarget and eventPhase during dispatch", () => {
  const t = new EventTarget();
  let info = null;
  t.addEventListener("x", (e) => { info = [e.target === t, e.currentTarget === t, e.eventPhase, e.composedPath().length]; });
  const e = new Event("x");
  t.dispatchEvent(e);
  assertEquals(info, [true, true, 2, 1]);
  assertEquals(e.currentTarget, null);
  assertEquals(e.eventPhase, 0);
  assertEquals(e.target, t);
  assertEquals(e.composedPath(), []);
});

test("listeners run in registration order", () => {
  const t = new EventTarget();
  const order = [];
  t.addEventListener("x", () => order.push(1));
  t.addEventListener("x", () => order.push(2));
  t.addEventListener("x", () => order.push(3));
  t.dispatchEvent(new Event("x"));
  assertEquals(order, [1, 2, 3]);
});

test("capture listeners run before non-capture ones at the target", () => {
  const t = new EventTarget();
  const order = [];
  t.addEventListener("x", () => order.push("bubble"));
  t.addEventListener("x", () => order.push("capture"), true);
  t.dispatchEvent(new Event("x"));
  assertEquals(order, ["capture", "bubble"]);
});

test("duplicate listeners are ignored", () => {
  const t = new EventTarget();
  let n = 0;
  const f = () => n++;
  t.addEventListener("x", f);
  t.addEventListener("x", f);
  t.addEventListener("x", f, { once: true });
  t.dispatchEvent(new Event("x"));
  assertEquals(n, 1);
});

test("the same callback with a different capture is a different listener", () => {
  const t = new EventTarget();
  let n = 0;
  const f = () => n++;
  t.addEventListener("x", f, false);
  t.addEventListener("x", f, true);
  t.dispatchEvent(new Event("x"));
  assertEquals(n, 2);
});

test("removeEventListener removes the matching listener", () => {
  const t = new EventTarget();
  let n = 0;
  const f = () => n++;
  t.addEventListener("x", f, { capture: true });
  t.removeEventListener("x", f);
  t.dispatchEvent(new Event("x"));
  assertEquals(n, 1, "capture must match");
  t.removeEventListener("x", f, true);
  t.dispatchEvent(new Event("x"));
  assertEquals(n, 1);
});

test("a listener removed during dispatch does not run", () => {
  const t = new EventTarget();
  const order = [];
  const second = () => order.push(2);
  t.addEventListener("x", () => { order.push(1); t.removeEventListener("x", second); });
  t.addEventListener("x", second);
  t.dispatchEvent(new Event("x"));
  assertEquals(order, [1]);
});

test("a listener added during dispatch does not run in that dispatch", () => {
  const t = new EventTarget();
  const order = [];
  t.addEventListener("x", () => { order.push(1); t.addEventListener("x", () => order.push(2)); });
  t.dispatchEvent(new Event("x"));
  assertEquals(order, [1]);
});

test("once listeners run once", () => {
  const t = new EventTarget();
  let n = 0;
  t.addEventListener("x", () => n++, { once: true });
  t.dispatchEvent(new Event("x"));
  t.dispatchEvent(new Event("x"));
  assertEquals(n, 1);
});

test("a once listener is removed before it runs (re-entrant dispatch)", () => {
  const t = new EventTarget();
  let n = 0;
  t.addEventListener("x", () => { n++; t.dispatchEvent(new Event("x")); }, { once: true });
  t.dispatchEvent(new Event("x"));
  assertEquals(n, 1);
});

test("passive listeners cannot cancel", () => {
  const t = new EventTarget();
  t.addEventListener("x", (e) => e.preventDefault(), { passive: true });
  const e = new Event("x", { cancelable: true });
  assertEquals(t.dispatchEvent(e), true);
  assertEquals(e.defaultPrevented, false);
});

test("the passive option is read on add but not on remove", () => {
  const t = new EventTarget();
  let reads = 0;
  const options = { get passive() { reads++; return false; } };
  t.addEventListener("x", null, options);
  assertEquals(reads, 1);
  t.removeEventListener("x", null, options);
  assertEquals(reads, 1);
});

test("dispatchEvent returns false when a listener cancels", () => {
  const t = new EventTarget();
  t.addEventListener("x", (e) => e.preventDefault());
  assertEquals(t.dispatchEvent(new Event("x", { cancelable: true })), false);
  assertEquals(t.dispatchEvent(new Event("x")), true);
});

test("stopImmediatePropagation stops later listeners", () => {
  const t = new EventTarget();
  const order = [];
  t.addEventListener("x", (e) => { order.push(1); e.stopImmediatePropagation(); });
  t.addEventListener("x", () => order.push(2));
  t.dispatchEvent(new Event("x"));
  assertEquals(order, [1]);
});

test("stopPropagation alone does not stop listeners on the same target", () => {
  const t = new EventTarget();
  const order = [];
  t.addEventListener("x", (e) => { order.push(1); e.stopPropagation(); });
  t.addEventListener("x", () => order.push(2));
  t.dispatchEvent(new Event("x"));
  assertEquals(order, [1, 2]);
});

test("handleEvent objects are called with the object as this", () => {
  const t = new EventTarget();
  const listener = { calls: 0, handleEvent(e) { this.calls++; this.type = e.type; } };
  t.addEventListener("x", listener);
  t.dispatchEvent(new Event("x"));
  assertEquals(listener.calls, 1);
  assertEquals(listener.type, "x");
});

test("handleEvent is looked up at dispatch time", () => {
  const t = new EventTarget();
  const listener = {};
  t.addEventListener("x", listener);
  let ran = false;
  listener.handleEvent = () => { ran = true; };
  t.dispatchEvent(new Event("x"));
  assertEquals(ran, true);
});

test("an exception in a listener does not stop the others or escape dispatchEvent", () => {
  const t = new EventTarget();
  const order = [];
  t.addEventListener("x", () => { order.push(1); throw new Error("listener failure (expected in this test)"); });
  t.addEventListener("x", () => order.push(2));
  assertEquals(t.dispatchEvent(new Event("x")), true);
  assertEquals(order, [1, 2]);
});

test("a null listener is accepted and ignored", () => {
  const t = new EventTarget();
  t.addEventListener("x", null);
  t.removeEventListener("x", null);
  assertEquals(t.dispatchEvent(new Event("x")), true);
});

test("a non-object listener throws TypeError", () => {
  assertThrows(() => new EventTarget().addEventListener("x", 5), TypeError);
});

test("addEventListener requires two arguments", () => {
  assertThrows(() => new EventTarget().addEventListener("x"), TypeError);
});

test("dispatchEvent rejects a non-Event", () => {
  assertThrows(() => new EventTarget().dispatchEvent({ type: "x" }), TypeError);
});

test("re-dispatching an event during its dispatch throws InvalidStateError", () => {
  const t = new EventTarget();
  let error = null;
  t.addEventListener("x", (e) => { try { t.dispatchEvent(e); } catch (err) { error = err; } });
  t.dispatchEvent(new Event("x"));
  assert(error instanceof DOMException);
  assertEquals(error.name, "InvalidStateError");
});

test("an event can be dispatched again after its dispatch", () => {
  const t = new EventTarget();
  let n = 0;
  t.addEventListener("x", () => n++);
  const e = new Event("x");
  t.dispatchEvent(e);
  t.dispatchEvent(e);
  assertEquals(n, 2);
});

test("dispatched events are not trusted", () => {
  const t = new EventTarget();
  let trusted = null;
  t.addEventListener("x", (e) => { trusted = e.isTrusted; });
  t.dispatchEvent(new Event("x"));
  assertEquals(trusted, false);
});

test("EventTarget methods brand-check", () => {
  assertThrows(() => EventTarget.prototype.addEventListener.call({}, "x", () => {}), TypeError);
});

test("CustomEvent carries detail, default null", () => {
  assertEquals(new CustomEvent("x").detail, null);
  const detail = { a: 1 };
  const e = new CustomEvent("x", { detail });
  assertEquals(e.detail, detail);
  assert(e instanceof Event);
});

test("CustomEvent reads detail after the Event members", () => {
  const seen = [];
  new CustomEvent("x", {
    get detail() { seen.push("detail"); return 1; },
    get bubbles() { seen.push("bubbles"); return true; },
    get cancelable() { seen.push("cancelable"); return true; },
  });
  assertEquals(seen, ["bubbles", "cancelable", "detail"]);
});

test("ErrorEvent fields and defaults", () => {
  const d = new ErrorEvent("error");
  assertEquals([d.message, d.filename, d.lineno, d.colno, d.error], ["", "", 0, 0, null]);
  const err = new Error("x");
  const e = new ErrorEvent("error", { message: "m", filename: "f.js", lineno: 3, colno: 4, error: err });
  assertEquals([e.message, e.filename, e.lineno, e.colno], ["m", "f.js", 3, 4]);
  assertEquals(e.error, err);
});

test("MessageEvent fields and defaults", () => {
  const d = new MessageEvent("message");
  assertEquals([d.data, d.origin, d.lastEventId, d.source], [null, "", "", null]);
  assertEquals(d.ports, []);
  assert(Object.isFrozen(d.ports));
  const e = new MessageEvent("message", { data: { x: 1 }, origin: "https://a.example", lastEventId: "7" });
  assertEquals(e.data, { x: 1 });
  assertEquals(e.origin, "https://a.example");
  assertEquals(e.lastEventId, "7");
});

test("PromiseRejectionEvent requires a promise", () => {
  assertThrows(() => new PromiseRejectionEvent("unhandledrejection", {}), TypeError);
  const p = Promise.resolve(1);
  const e = new PromiseRejectionEvent("unhandledrejection", { promise: p, reason: "why" });
  assertEquals(e.promise, p);
  assertEquals(e.reason, "why");
});

test("CloseEvent fields and defaults", () => {
  const d = new CloseEvent("close");
  assertEquals([d.wasClean, d.code, d.reason], [false, 0, ""]);
  const e = new CloseEvent("close", { wasClean: true, code: 1000, reason: "bye" });
  assertEquals([e.wasClean, e.code, e.reason], [true, 1000, "bye"]);
});

test("Event subclasses have the right toString tags", () => {
  assertEquals(Object.prototype.toString.call(new CustomEvent("x")), "[object CustomEvent]");
  assertEquals(Object.prototype.toString.call(new ErrorEvent("x")), "[object ErrorEvent]");
  assertEquals(Object.prototype.toString.call(new MessageEvent("x")), "[object MessageEvent]");
  assertEquals(Object.prototype.toString.call(new CloseEvent("x")), "[object CloseEvent]");
  assertEquals(Object.prototype.toString.call(new EventTarget()), "[object EventTarget]");
});

test("constructor lengths follow WebIDL", () => {
  assertEquals(Event.length, 1);
  assertEquals(CustomEvent.length, 1);
  assertEquals(PromiseRejectionEvent.length, 2);
  assertEquals(EventTarget.length, 0);
  assertEquals(EventTarget.prototype.addEventListener.length, 2);
  assertEquals(EventTarget.prototype.dispatchEvent.length, 1);
});
