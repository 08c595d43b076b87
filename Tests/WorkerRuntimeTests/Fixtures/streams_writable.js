// WritableStream, its writer and controller, and the queuing strategy classes (WHATWG Streams §5, §7).

const delay = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));
async function flushMicrotasks() { for (let i = 0; i < 20; i++) await null; }
function errorNamed(name) { const e = new Error(name); e.name = name; return e; }
function settled(promise) {
  const state = { value: "pending" };
  promise.then(() => { state.value = "fulfilled"; }, () => { state.value = "rejected"; });
  return state;
}
function recordingSink(extra = {}) {
  const events = [];
  const sink = {
    events,
    write(chunk) { events.push("write", chunk); return extra.write ? extra.write(chunk) : undefined; },
    close() { events.push("close"); return extra.close ? extra.close() : undefined; },
    abort(reason) { events.push("abort", reason); return extra.abort ? extra.abort(reason) : undefined; },
  };
  return sink;
}

// ---------------------------------------------------------------------------------------------------
// Shape

test("the classes are exposed with their tags", () => {
  const ws = new WritableStream();
  assertEquals(Object.prototype.toString.call(ws), "[object WritableStream]");
  assertEquals(Object.prototype.toString.call(ws.getWriter()), "[object WritableStreamDefaultWriter]");
  let controller;
  new WritableStream({ start(c) { controller = c; } });
  assertEquals(Object.prototype.toString.call(controller), "[object WritableStreamDefaultController]");
  assert(controller instanceof WritableStreamDefaultController);
});

test("prototypes have exactly the WebIDL members", () => {
  assertEquals(Object.getOwnPropertyNames(WritableStream.prototype).sort(), ["abort", "close", "constructor", "getWriter", "locked"]);
  assertEquals(Object.getOwnPropertyNames(WritableStreamDefaultWriter.prototype).sort(),
    ["abort", "close", "closed", "constructor", "desiredSize", "ready", "releaseLock", "write"]);
  assertEquals(Object.getOwnPropertyNames(WritableStreamDefaultController.prototype).sort(), ["constructor", "error", "signal"]);
});

test("constructor and method lengths follow WebIDL", () => {
  assertEquals([WritableStream.length, WritableStreamDefaultWriter.length, WritableStreamDefaultController.length], [0, 1, 0]);
  const w = WritableStreamDefaultWriter.prototype;
  assertEquals([w.abort.length, w.close.length, w.releaseLock.length, w.write.length], [0, 0, 0, 0]);
  assertEquals(WritableStreamDefaultController.prototype.error.length, 0);
});

test("methods are enumerable; getters have no setter", () => {
  const locked = Object.getOwnPropertyDescriptor(WritableStream.prototype, "locked");
  assertEquals([locked.set, locked.enumerable, locked.configurable], [undefined, true, true]);
  const write = Object.getOwnPropertyDescriptor(WritableStreamDefaultWriter.prototype, "write");
  assertEquals([write.enumerable, write.writable, write.configurable], [true, true, true]);
});

test("the controller cannot be constructed", () => {
  assertThrows(() => new WritableStreamDefaultController(), TypeError);
});

test("brand checks: getters throw, promise methods reject", async () => {
  const getter = Object.getOwnPropertyDescriptor(WritableStream.prototype, "locked").get;
  assertThrows(() => getter.call({}), TypeError);
  await assertRejects(() => WritableStream.prototype.abort.call({}), TypeError);
  await assertRejects(() => WritableStreamDefaultWriter.prototype.write.call({}, 1), TypeError);
  const desired = Object.getOwnPropertyDescriptor(WritableStreamDefaultWriter.prototype, "desiredSize").get;
  assertThrows(() => desired.call({}), TypeError);
  const closed = Object.getOwnPropertyDescriptor(WritableStreamDefaultWriter.prototype, "closed").get;
  await assertRejects(() => closed.call({}), TypeError);
});

// ---------------------------------------------------------------------------------------------------
// Construction

test("null or a primitive as the sink throws TypeError", () => {
  assertThrows(() => new WritableStream(null), TypeError);
  assertThrows(() => new WritableStream(1), TypeError);
});

test("a defined type throws RangeError", () => {
  assertThrows(() => new WritableStream({ type: "bytes" }), RangeError);
  assertThrows(() => new WritableStream({ type: null }), RangeError);
});

test("non-callable sink methods throw TypeError", () => {
  assertThrows(() => new WritableStream({ write: 1 }), TypeError);
  assertThrows(() => new WritableStream({ close: "x" }), TypeError);
  assertThrows(() => new WritableStream({ abort: {} }), TypeError);
  assertThrows(() => new WritableStream({ start: true }), TypeError);
});

test("sink members are read in lexicographic order", () => {
  const seen = [];
  const sink = {};
  for (const name of ["write", "type", "start", "close", "abort"]) {
    Object.defineProperty(sink, name, { get() { seen.push(name); return undefined; } });
  }
  new WritableStream(sink);
  assertEquals(seen, ["abort", "close", "start", "type", "write"]);
});

test("a bad highWaterMark throws RangeError", () => {
  assertThrows(() => new WritableStream({}, { highWaterMark: -1 }), RangeError);
  assertThrows(() => new WritableStream({}, { highWaterMark: NaN }), RangeError);
});

test("start runs synchronously with the controller and the sink as this; its exception propagates", () => {
  let thisValue, arg;
  const sink = { start(c) { thisValue = this; arg = c; } };
  new WritableStream(sink);
  assertEquals(thisValue, sink);
  assert(arg instanceof WritableStreamDefaultController);
  const boom = errorNamed("boom");
  assertEquals(assertThrows(() => new WritableStream({ start() { throw boom; } })), boom);
});

// ---------------------------------------------------------------------------------------------------
// Writing

test("write passes the chunk and the controller to the sink", async () => {
  let args, thisValue;
  const sink = { write(chunk, controller) { args = [chunk, controller instanceof WritableStreamDefaultController]; thisValue = this; } };
  const writer = new WritableStream(sink).getWriter();
  await writer.write("a");
  assertEquals(args, ["a", true]);
  assertEquals(thisValue, sink);
});

test("writes reach the sink one at a time, in order", async () => {
  const order = [];
  let resolveFirst;
  const ws = new WritableStream({
    write(chunk) {
      order.push("start " + chunk);
      if (chunk === 1) return new Promise((r) => { resolveFirst = () => { order.push("end 1"); r(); }; });
      order.push("end " + chunk);
    },
  });
  const writer = ws.getWriter();
  const p1 = writer.write(1);
  const p2 = writer.write(2);
  await flushMicrotasks();
  assertEquals(order, ["start 1"]);
  resolveFirst();
  await Promise.all([p1, p2]);
  assertEquals(order, ["start 1", "end 1", "start 2", "end 2"]);
});

test("write() resolves only when the sink's write resolves", async () => {
  let resolveWrite;
  const writer = new WritableStream({ write() { return new Promise((r) => { resolveWrite = r; }); } }).getWriter();
  const state = settled(writer.write("x"));
  await flushMicrotasks();
  assertEquals(state.value, "pending");
  resolveWrite();
  await flushMicrotasks();
  assertEquals(state.value, "fulfilled");
});

test("writes wait for start to settle", async () => {
  let resolveStart;
  const events = [];
  const writer = new WritableStream({
    start() { return new Promise((r) => { resolveStart = r; }); },
    write(chunk) { events.push(chunk); },
  }).getWriter();
  writer.write("a");
  await flushMicrotasks();
  assertEquals(events, []);
  resolveStart();
  await flushMicrotasks();
  assertEquals(events, ["a"]);
});

test("write() without an argument writes undefined", async () => {
  const sink = recordingSink();
  await new WritableStream(sink).getWriter().write();
  assertEquals(sink.events, ["write", undefined]);
});

test("desiredSize starts at the high-water mark and counts queued chunks", async () => {
  let resolveWrite;
  const writer = new WritableStream({ write() { return new Promise((r) => { resolveWrite = r; }); } }, { highWaterMark: 3 }).getWriter();
  assertEquals(writer.desiredSize, 3);
  writer.write("a");
  writer.write("b");
  assertEquals(writer.desiredSize, 1);
  await flushMicrotasks();
  resolveWrite();
  await flushMicrotasks();
  assertEquals(writer.desiredSize, 2);
});

test("ready is pending under back-pressure and resolves when the queue drains", async () => {
  let resolveWrite;
  const writer = new WritableStream({ write() { return new Promise((r) => { resolveWrite = r; }); } }).getWriter();
  await writer.ready;
  writer.write("a");
  const ready = settled(writer.ready);
  await flushMicrotasks();
  assertEquals(ready.value, "pending");
  resolveWrite();
  await flushMicrotasks();
  assertEquals(ready.value, "fulfilled");
});

test("with highWaterMark 0 ready stays pending", async () => {
  const writer = new WritableStream({}, { highWaterMark: 0 }).getWriter();
  const ready = settled(writer.ready);
  await flushMicrotasks();
  assertEquals([ready.value, writer.desiredSize], ["pending", 0]);
});

test("a size function measures chunks for desiredSize", () => {
  const writer = new WritableStream({ write() { return new Promise(() => {}); } }, { highWaterMark: 10, size: (c) => c.length }).getWriter();
  writer.write("abc");
  writer.write("de");
  assertEquals(writer.desiredSize, 5);
});

test("a throwing size function rejects the write and errors the stream", async () => {
  const boom = errorNamed("boom");
  const writer = new WritableStream({}, { size() { throw boom; } }).getWriter();
  assertEquals(await assertRejects(() => writer.write("x")), boom);
  assertEquals(await assertRejects(() => writer.closed), boom);
});

test("a NaN size rejects the write with RangeError", async () => {
  const writer = new WritableStream({}, { size: () => NaN }).getWriter();
  await assertRejects(() => writer.write("x"), RangeError);
  await assertRejects(() => writer.closed, RangeError);
});

test("a rejected sink write errors the stream", async () => {
  const boom = errorNamed("boom");
  const writer = new WritableStream({ write() { return Promise.reject(boom); } }).getWriter();
  assertEquals(await assertRejects(() => writer.write("a")), boom);
  assertEquals(await assertRejects(() => writer.write("b")), boom);
  assertEquals(await assertRejects(() => writer.closed), boom);
  assertEquals(writer.desiredSize, null);
});

test("queued writes are rejected when an earlier write fails", async () => {
  const boom = errorNamed("boom");
  const writer = new WritableStream({ write() { return delay(1).then(() => { throw boom; }); } }).getWriter();
  const p1 = writer.write(1), p2 = writer.write(2);
  assertEquals(await assertRejects(() => p1), boom);
  assertEquals(await assertRejects(() => p2), boom);
});

// ---------------------------------------------------------------------------------------------------
// Closing

test("close() runs after pending writes; closed resolves", async () => {
  const sink = recordingSink({ write: () => delay(1) });
  const writer = new WritableStream(sink).getWriter();
  writer.write("a");
  writer.write("b");
  await writer.close();
  assertEquals(sink.events, ["write", "a", "write", "b", "close"]);
  assertEquals(await writer.closed, undefined);
  assertEquals(writer.desiredSize, 0);
});

test("sink close is called with no arguments and the sink as this", async () => {
  let args, thisValue;
  const sink = { close(...a) { args = a; thisValue = this; } };
  await new WritableStream(sink).close();
  assertEquals(args, []);
  assertEquals(thisValue, sink);
});

test("write after close rejects with TypeError", async () => {
  const writer = new WritableStream().getWriter();
  writer.close();
  await assertRejects(() => writer.write("x"), TypeError);
});

test("a second close rejects with TypeError", async () => {
  const writer = new WritableStream().getWriter();
  const p = writer.close();
  await assertRejects(() => writer.close(), TypeError);
  await p;
  await assertRejects(() => writer.close(), TypeError);
});

test("a rejected sink close rejects close() and closed", async () => {
  const boom = errorNamed("boom");
  const writer = new WritableStream({ close() { throw boom; } }).getWriter();
  assertEquals(await assertRejects(() => writer.close()), boom);
  assertEquals(await assertRejects(() => writer.closed), boom);
});

test("WritableStream.close() on a locked stream rejects with TypeError", async () => {
  const ws = new WritableStream();
  ws.getWriter();
  await assertRejects(() => ws.close(), TypeError);
});

test("close() resolves ready that was pending under back-pressure", async () => {
  const writer = new WritableStream({}, { highWaterMark: 0 }).getWriter();
  const ready = settled(writer.ready);
  writer.close();
  await flushMicrotasks();
  assertEquals(ready.value, "fulfilled");
});

// ---------------------------------------------------------------------------------------------------
// Errors and abort

test("controller.error() errors the stream", async () => {
  let controller;
  const writer = new WritableStream({ start(c) { controller = c; } }).getWriter();
  const boom = errorNamed("boom");
  controller.error(boom);
  assertEquals(await assertRejects(() => writer.closed), boom);
  assertEquals(await assertRejects(() => writer.ready), boom);
  assertEquals(await assertRejects(() => writer.write("x")), boom);
});

test("controller.error() after close is ignored", async () => {
  let controller;
  const ws = new WritableStream({ start(c) { controller = c; } });
  const writer = ws.getWriter();
  await writer.close();
  controller.error(new Error("late"));
  assertEquals(await writer.closed, undefined);
});

test("a rejected start promise errors the stream", async () => {
  const boom = errorNamed("boom");
  const writer = new WritableStream({ start() { return Promise.reject(boom); } }).getWriter();
  assertEquals(await assertRejects(() => writer.closed), boom);
});

test("abort(reason) calls the sink's abort and rejects pending work with the reason", async () => {
  const sink = recordingSink();
  const ws = new WritableStream(sink);
  const writer = ws.getWriter();
  assertEquals(await writer.abort("why"), undefined);
  assertEquals(sink.events, ["abort", "why"]);
  assertEquals(await assertRejects(() => writer.closed), "why");
  assertEquals(await assertRejects(() => writer.write("x")), "why");
});

test("abort waits for the in-flight write", async () => {
  const events = [];
  let resolveWrite;
  const writer = new WritableStream({
    write() { events.push("write"); return new Promise((r) => { resolveWrite = () => { events.push("write done"); r(); }; }); },
    abort() { events.push("abort"); },
  }).getWriter();
  writer.write("a");
  await flushMicrotasks();
  const p = writer.abort("stop");
  await flushMicrotasks();
  assertEquals(events, ["write"]);
  resolveWrite();
  await p;
  assertEquals(events, ["write", "write done", "abort"]);
});

test("queued writes reject with the abort reason; sink close is never called", async () => {
  const sink = recordingSink({ write: () => delay(1) });
  const writer = new WritableStream(sink).getWriter();
  writer.write(1).catch(() => {});
  const p2 = writer.write(2);
  writer.close().catch(() => {});
  await writer.abort("stop").catch(() => {});
  assertEquals(await assertRejects(() => p2), "stop");
  assertEquals(sink.events.includes("close"), false);
});

test("abort on a locked stream rejects with TypeError", async () => {
  const ws = new WritableStream();
  ws.getWriter();
  await assertRejects(() => ws.abort(), TypeError);
});

test("abort on an errored or closed stream resolves", async () => {
  const ws = new WritableStream({ start(c) { c.error(new Error("x")); } });
  await flushMicrotasks();
  assertEquals(await ws.abort(), undefined);
  const ws2 = new WritableStream();
  await ws2.close();
  assertEquals(await ws2.abort(), undefined);
});

test("a rejected sink abort rejects abort()", async () => {
  const boom = errorNamed("boom");
  const ws = new WritableStream({ abort() { throw boom; } });
  assertEquals(await assertRejects(() => ws.abort("r")), boom);
});

test("abort twice while pending returns the same promise", () => {
  const writer = new WritableStream({ write() { return new Promise(() => {}); } }).getWriter();
  writer.write("x").catch(() => {});
  const p1 = writer.abort("a");
  const p2 = writer.abort("b");
  assertEquals(p1, p2);
});

test("controller.signal is an AbortSignal that aborts with the abort reason", async () => {
  let controller;
  const ws = new WritableStream({ start(c) { controller = c; } });
  const signal = controller.signal;
  assert(signal instanceof AbortSignal);
  assertEquals(signal.aborted, false);
  let events = 0;
  signal.addEventListener("abort", () => events++);
  await ws.abort("reason!");
  assertEquals([signal.aborted, signal.reason, events], [true, "reason!", 1]);
});

test("abort() without a reason aborts the signal with an AbortError", async () => {
  let controller;
  const ws = new WritableStream({ start(c) { controller = c; } });
  await ws.abort();
  assertEquals(controller.signal.reason.name, "AbortError");
  assert(controller.signal.reason instanceof DOMException);
});

test("the signal aborts while a write is in flight, so the sink can stop early", async () => {
  let sawAbort = false;
  const ws = new WritableStream({
    write(chunk, controller) {
      return new Promise((resolve) => { controller.signal.addEventListener("abort", () => { sawAbort = true; resolve(); }); });
    },
  });
  const writer = ws.getWriter();
  writer.write("x").catch(() => {});
  await flushMicrotasks();
  await writer.abort("stop");
  assertEquals(sawAbort, true);
});

// ---------------------------------------------------------------------------------------------------
// Writers and locking

test("getWriter locks; a second getWriter throws TypeError", () => {
  const ws = new WritableStream();
  assertEquals(ws.locked, false);
  ws.getWriter();
  assertEquals(ws.locked, true);
  assertThrows(() => ws.getWriter(), TypeError);
});

test("the writer constructor locks; bad arguments throw TypeError", () => {
  const ws = new WritableStream();
  new WritableStreamDefaultWriter(ws);
  assertEquals(ws.locked, true);
  assertThrows(() => new WritableStreamDefaultWriter(ws), TypeError);
  assertThrows(() => new WritableStreamDefaultWriter({}), TypeError);
  assertThrows(() => new WritableStreamDefaultWriter(), TypeError);
});

test("releaseLock unlocks and rejects closed and ready with TypeError", async () => {
  const ws = new WritableStream();
  const writer = ws.getWriter();
  writer.releaseLock();
  assertEquals(ws.locked, false);
  await assertRejects(() => writer.closed, TypeError);
  await assertRejects(() => writer.ready, TypeError);
  ws.getWriter();
});

test("a released writer: desiredSize throws, write/close/abort reject", async () => {
  const writer = new WritableStream().getWriter();
  writer.releaseLock();
  writer.releaseLock();
  assertThrows(() => writer.desiredSize, TypeError);
  await assertRejects(() => writer.write("x"), TypeError);
  await assertRejects(() => writer.close(), TypeError);
  await assertRejects(() => writer.abort(), TypeError);
});

test("a writer of a closed stream has resolved ready and closed", async () => {
  const ws = new WritableStream();
  await ws.close();
  const writer = ws.getWriter();
  assertEquals(await writer.ready, undefined);
  assertEquals(await writer.closed, undefined);
  assertEquals(writer.desiredSize, 0);
});

test("a writer of an errored stream has ready and closed rejected with the error", async () => {
  const boom = errorNamed("boom");
  const ws = new WritableStream({ start(c) { c.error(boom); } });
  await flushMicrotasks();
  const writer = ws.getWriter();
  assertEquals(await assertRejects(() => writer.ready), boom);
  assertEquals(await assertRejects(() => writer.closed), boom);
  assertEquals(writer.desiredSize, null);
});

// ---------------------------------------------------------------------------------------------------
// Queuing strategies

test("CountQueuingStrategy: highWaterMark and a size of 1", () => {
  const s = new CountQueuingStrategy({ highWaterMark: 5 });
  assertEquals(s.highWaterMark, 5);
  assertEquals(s.size(), 1);
  assertEquals(s.size("anything"), 1);
  assertEquals(Object.prototype.toString.call(s), "[object CountQueuingStrategy]");
});

test("ByteLengthQueuingStrategy: size is the chunk's byteLength", () => {
  const s = new ByteLengthQueuingStrategy({ highWaterMark: 16 });
  assertEquals(s.highWaterMark, 16);
  assertEquals(s.size(new Uint8Array(7)), 7);
  assertEquals(s.size({ byteLength: 3 }), 3);
  assertThrows(() => s.size(null), TypeError);
  assertEquals(Object.prototype.toString.call(s), "[object ByteLengthQueuingStrategy]");
});

test("strategy size functions are shared, named 'size', and not constructors", () => {
  const a = new CountQueuingStrategy({ highWaterMark: 1 }), b = new CountQueuingStrategy({ highWaterMark: 2 });
  assertEquals(a.size, b.size);
  assertEquals([a.size.name, a.size.length], ["size", 0]);
  const bl = new ByteLengthQueuingStrategy({ highWaterMark: 1 });
  assertEquals([bl.size.name, bl.size.length], ["size", 1]);
  assertThrows(() => new a.size(), TypeError);
  assertThrows(() => new bl.size(), TypeError);
});

test("strategies need an init with highWaterMark", () => {
  assertThrows(() => new CountQueuingStrategy(), TypeError);
  assertThrows(() => new CountQueuingStrategy({}), TypeError);
  assertThrows(() => new ByteLengthQueuingStrategy(null), TypeError);
  assertThrows(() => new ByteLengthQueuingStrategy(5), TypeError);
});

test("highWaterMark is converted with ToNumber but not validated", () => {
  assertEquals(new CountQueuingStrategy({ highWaterMark: "4" }).highWaterMark, 4);
  assertEquals(new CountQueuingStrategy({ highWaterMark: -1 }).highWaterMark, -1);
  assertEquals(Number.isNaN(new ByteLengthQueuingStrategy({ highWaterMark: "x" }).highWaterMark), true);
});

test("strategy getters are brand-checked", () => {
  const hwm = Object.getOwnPropertyDescriptor(CountQueuingStrategy.prototype, "highWaterMark").get;
  assertThrows(() => hwm.call({}), TypeError);
  const size = Object.getOwnPropertyDescriptor(ByteLengthQueuingStrategy.prototype, "size").get;
  assertThrows(() => size.call(new CountQueuingStrategy({ highWaterMark: 1 })), TypeError);
});

test("a WritableStream with a CountQueuingStrategy applies its high-water mark", () => {
  const writer = new WritableStream({}, new CountQueuingStrategy({ highWaterMark: 4 })).getWriter();
  assertEquals(writer.desiredSize, 4);
});
