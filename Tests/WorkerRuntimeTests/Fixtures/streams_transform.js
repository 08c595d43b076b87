// TransformStream and TransformStreamDefaultController (WHATWG Streams §6), and Cloudflare's
// IdentityTransformStream / FixedLengthStream.

async function flushMicrotasks() { for (let i = 0; i < 20; i++) await null; }
function errorNamed(name) { const e = new Error(name); e.name = name; return e; }
function settled(promise) {
  const state = { value: "pending" };
  promise.then(() => { state.value = "fulfilled"; }, () => { state.value = "rejected"; });
  return state;
}
async function readAllChunks(stream) {
  const reader = stream.getReader();
  const chunks = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return chunks;
    chunks.push(value);
  }
}

// ---------------------------------------------------------------------------------------------------
// Shape

test("TransformStream has readable and writable getters only", () => {
  assertEquals(Object.getOwnPropertyNames(TransformStream.prototype).sort(), ["constructor", "readable", "writable"]);
  assertEquals(TransformStream.length, 0);
  assertEquals(Object.prototype.toString.call(new TransformStream()), "[object TransformStream]");
});

test("the controller has exactly desiredSize, enqueue, error and terminate", () => {
  assertEquals(Object.getOwnPropertyNames(TransformStreamDefaultController.prototype).sort(),
    ["constructor", "desiredSize", "enqueue", "error", "terminate"]);
  const p = TransformStreamDefaultController.prototype;
  assertEquals([p.enqueue.length, p.error.length, p.terminate.length], [0, 0, 0]);
  assertThrows(() => new TransformStreamDefaultController(), TypeError);
});

test("readable and writable are stream instances, the same each time", () => {
  const ts = new TransformStream();
  assert(ts.readable instanceof ReadableStream);
  assert(ts.writable instanceof WritableStream);
  assertEquals(ts.readable, ts.readable);
  assertEquals(ts.writable, ts.writable);
});

test("getters are brand-checked", () => {
  const getter = Object.getOwnPropertyDescriptor(TransformStream.prototype, "readable").get;
  assertThrows(() => getter.call({}), TypeError);
});

// ---------------------------------------------------------------------------------------------------
// Construction

test("non-object transformer throws TypeError; null too", () => {
  assertThrows(() => new TransformStream(null), TypeError);
  assertThrows(() => new TransformStream(1), TypeError);
});

test("a non-callable transform, flush, start or cancel throws TypeError", () => {
  assertThrows(() => new TransformStream({ transform: 1 }), TypeError);
  assertThrows(() => new TransformStream({ flush: "x" }), TypeError);
  assertThrows(() => new TransformStream({ start: {} }), TypeError);
  assertThrows(() => new TransformStream({ cancel: true }), TypeError);
});

test("readableType or writableType throws RangeError", () => {
  assertThrows(() => new TransformStream({ readableType: "bytes" }), RangeError);
  assertThrows(() => new TransformStream({ writableType: "bytes" }), RangeError);
});

test("transformer members are read in lexicographic order", () => {
  const seen = [];
  const transformer = {};
  for (const name of ["writableType", "transform", "start", "readableType", "flush", "cancel"]) {
    Object.defineProperty(transformer, name, { get() { seen.push(name); return undefined; } });
  }
  new TransformStream(transformer);
  assertEquals(seen, ["cancel", "flush", "readableType", "start", "transform", "writableType"]);
});

test("strategies are converted before the transformer", () => {
  const error1 = errorNamed("error1"), error2 = errorNamed("error2");
  const transformer = { get start() { throw error1; } };
  const e = assertThrows(() => new TransformStream(transformer, { get size() { throw error2; } }));
  assertEquals(e, error2);
});

test("start runs synchronously with the controller; its exception propagates", () => {
  let controller, thisValue;
  const transformer = { start(c) { controller = c; thisValue = this; } };
  new TransformStream(transformer);
  assert(controller instanceof TransformStreamDefaultController);
  assertEquals(thisValue, transformer);
  const boom = errorNamed("boom");
  assertEquals(assertThrows(() => new TransformStream({ start() { throw boom; } })), boom);
});

test("default strategies: writable high-water mark 1, readable 0", () => {
  let controller;
  const ts = new TransformStream({ start(c) { controller = c; } });
  assertEquals(ts.writable.getWriter().desiredSize, 1);
  assertEquals(controller.desiredSize, 0);
});

test("a bad readable high-water mark throws RangeError", () => {
  assertThrows(() => new TransformStream({}, undefined, { highWaterMark: -1 }), RangeError);
  assertThrows(() => new TransformStream({}, { highWaterMark: NaN }), RangeError);
});

// ---------------------------------------------------------------------------------------------------
// Transforming

test("without a transform, chunks pass through unchanged", async () => {
  const ts = new TransformStream();
  const writer = ts.writable.getWriter();
  writer.write("a");
  writer.write(undefined);
  writer.close();
  assertEquals(await readAllChunks(ts.readable), ["a", undefined]);
});

test("transform receives the chunk and the controller, with the transformer as this", async () => {
  let args, thisValue;
  const transformer = { transform(chunk, c) { args = [chunk, c instanceof TransformStreamDefaultController]; thisValue = this; c.enqueue(chunk); } };
  const ts = new TransformStream(transformer);
  const writer = ts.writable.getWriter();
  writer.write("x");
  await ts.readable.getReader().read();
  assertEquals(args, ["x", true]);
  assertEquals(thisValue, transformer);
});

test("a transform may enqueue several chunks or none", async () => {
  const ts = new TransformStream({ transform(chunk, c) { for (const ch of chunk) c.enqueue(ch); } });
  const writer = ts.writable.getWriter();
  writer.write("ab");
  writer.write("");
  writer.write("c");
  writer.close();
  assertEquals(await readAllChunks(ts.readable), ["a", "b", "c"]);
});

test("an uppercasing transform", async () => {
  const ts = new TransformStream({ transform(chunk, c) { c.enqueue(chunk.toUpperCase()); } });
  const writer = ts.writable.getWriter();
  writer.write("hello");
  writer.write("world");
  writer.close();
  assertEquals(await readAllChunks(ts.readable), ["HELLO", "WORLD"]);
});

test("start can enqueue", async () => {
  const ts = new TransformStream({ start(c) { c.enqueue("first"); } });
  assertEquals(await ts.readable.getReader().read(), { value: "first", done: false });
});

test("a transform's promise delays the next transform", async () => {
  const events = [];
  let resolveFirst;
  const ts = new TransformStream({
    transform(chunk) {
      events.push("t" + chunk);
      if (chunk === 1) return new Promise((r) => { resolveFirst = r; });
    },
  }, undefined, { highWaterMark: 10 });
  const writer = ts.writable.getWriter();
  writer.write(1);
  writer.write(2);
  await flushMicrotasks();
  assertEquals(events, ["t1"]);
  resolveFirst();
  await flushMicrotasks();
  assertEquals(events, ["t1", "t2"]);
});

test("flush runs on close and may enqueue; then the readable closes", async () => {
  let flushed = 0;
  const ts = new TransformStream({ flush(c) { flushed++; c.enqueue("tail"); } });
  const writer = ts.writable.getWriter();
  writer.write("a");
  writer.close();
  assertEquals(await readAllChunks(ts.readable), ["a", "tail"]);
  assertEquals(flushed, 1);
});

test("flush receives the controller with the transformer as this", async () => {
  let thisValue, arg;
  const transformer = { flush(c) { thisValue = this; arg = c; } };
  const ts = new TransformStream(transformer);
  await ts.writable.close();
  assertEquals(thisValue, transformer);
  assert(arg instanceof TransformStreamDefaultController);
});

test("the writable's close waits for flush", async () => {
  let resolveFlush;
  const ts = new TransformStream({ flush() { return new Promise((r) => { resolveFlush = r; }); } });
  const closed = settled(ts.writable.close());
  await flushMicrotasks();
  assertEquals(closed.value, "pending");
  resolveFlush();
  await flushMicrotasks();
  assertEquals(closed.value, "fulfilled");
});

// ---------------------------------------------------------------------------------------------------
// Errors, terminate, cancel

test("a throwing transform rejects the write and errors both sides", async () => {
  const boom = errorNamed("boom");
  const ts = new TransformStream({ transform() { throw boom; } });
  const writer = ts.writable.getWriter();
  const reader = ts.readable.getReader();
  assertEquals(await assertRejects(() => Promise.all([writer.write("x"), reader.read()])), boom);
  assertEquals(await assertRejects(() => reader.closed), boom);
  assertEquals(await assertRejects(() => writer.closed), boom);
});

test("a rejected flush errors the readable and rejects close", async () => {
  const boom = errorNamed("boom");
  const ts = new TransformStream({ flush() { return Promise.reject(boom); } });
  const reader = ts.readable.getReader();
  assertEquals(await assertRejects(() => ts.writable.close()), boom);
  assertEquals(await assertRejects(() => reader.closed), boom);
});

test("controller.error() errors both sides", async () => {
  let controller;
  const ts = new TransformStream({ start(c) { controller = c; } });
  const boom = errorNamed("boom");
  controller.error(boom);
  assertEquals(await assertRejects(() => ts.readable.getReader().read()), boom);
  assertEquals(await assertRejects(() => ts.writable.getWriter().write("x")), boom);
  assertEquals(controller.desiredSize, null);
});

test("terminate closes the readable and errors the writable with TypeError", async () => {
  let controller;
  const ts = new TransformStream({ start(c) { controller = c; } });
  controller.terminate();
  assertEquals(await ts.readable.getReader().read(), { value: undefined, done: true });
  await assertRejects(() => ts.writable.getWriter().write("x"), TypeError);
  assertEquals(controller.desiredSize, 0);
});

test("queued chunks are still readable after terminate", async () => {
  const ts = new TransformStream({ start(c) { c.enqueue("a"); c.terminate(); } });
  assertEquals(await readAllChunks(ts.readable), ["a"]);
});

test("enqueue after terminate throws TypeError", () => {
  let controller;
  new TransformStream({ start(c) { controller = c; } });
  controller.terminate();
  assertThrows(() => controller.enqueue("x"), TypeError);
});

test("cancelling the readable calls cancel and errors the writable with the reason", async () => {
  let reason;
  const ts = new TransformStream({ cancel(r) { reason = r; } });
  const writer = ts.writable.getWriter();
  assertEquals(await ts.readable.cancel("stop"), undefined);
  assertEquals(reason, "stop");
  assertEquals(await assertRejects(() => writer.closed), "stop");
  assertEquals(await assertRejects(() => writer.write("x")), "stop");
});

test("aborting the writable calls cancel and errors the readable with the reason", async () => {
  let reason;
  const ts = new TransformStream({ cancel(r) { reason = r; } });
  const reader = ts.readable.getReader();
  await ts.writable.abort("gone");
  assertEquals(reason, "gone");
  assertEquals(await assertRejects(() => reader.read()), "gone");
});

test("a throwing cancel rejects readable.cancel() with that error", async () => {
  const boom = errorNamed("boom");
  const ts = new TransformStream({ cancel() { throw boom; } });
  assertEquals(await assertRejects(() => ts.readable.cancel("r")), boom);
  await assertRejects(() => ts.writable.getWriter().closed);
});

test("flush is not called after the readable is cancelled", async () => {
  let flushed = false;
  const ts = new TransformStream({ flush() { flushed = true; } });
  await ts.readable.cancel();
  await ts.writable.close().catch(() => {});
  assertEquals(flushed, false);
});

test("cancel is called at most once (abort after cancel)", async () => {
  let calls = 0;
  const ts = new TransformStream({ cancel() { calls++; } });
  await ts.readable.cancel("a");
  await ts.writable.abort("b").catch(() => {});
  assertEquals(calls, 1);
});

test("enqueue after the readable is cancelled throws TypeError", async () => {
  let controller;
  const ts = new TransformStream({ start(c) { controller = c; } });
  await ts.readable.cancel();
  assertThrows(() => controller.enqueue("x"), TypeError);
});

// ---------------------------------------------------------------------------------------------------
// Back-pressure

test("with the default readable high-water mark, transform waits for a read", async () => {
  let transforms = 0;
  const ts = new TransformStream({ transform(chunk, c) { transforms++; c.enqueue(chunk); } });
  const writer = ts.writable.getWriter();
  const write = settled(writer.write("a"));
  await flushMicrotasks();
  assertEquals([transforms, write.value], [0, "pending"]);
  const reader = ts.readable.getReader();
  assertEquals(await reader.read(), { value: "a", done: false });
  await flushMicrotasks();
  assertEquals([transforms, write.value], [1, "fulfilled"]);
});

test("a readable high-water mark of 2 lets two chunks through before back-pressure", async () => {
  let transforms = 0;
  const ts = new TransformStream({ transform(chunk, c) { transforms++; c.enqueue(chunk); } }, undefined, { highWaterMark: 2 });
  const writer = ts.writable.getWriter();
  writer.write(1);
  writer.write(2);
  writer.write(3);
  await flushMicrotasks();
  assertEquals(transforms, 2);
  await ts.readable.getReader().read();
  await flushMicrotasks();
  assertEquals(transforms, 3);
});

test("the controller's desiredSize follows the readable queue", async () => {
  let controller;
  const ts = new TransformStream({ start(c) { controller = c; } }, undefined, { highWaterMark: 3 });
  assertEquals(controller.desiredSize, 3);
  controller.enqueue("a");
  assertEquals(controller.desiredSize, 2);
  await ts.readable.getReader().read();
  assertEquals(controller.desiredSize, 3);
});

test("writer.ready waits while a write is blocked by back-pressure", async () => {
  const ts = new TransformStream();
  const writer = ts.writable.getWriter();
  await writer.ready;
  writer.write("a");
  const ready = settled(writer.ready);
  await flushMicrotasks();
  assertEquals(ready.value, "pending");
  await ts.readable.getReader().read();
  await flushMicrotasks();
  assertEquals(ready.value, "fulfilled");
});

test("a transform stream in a waitUntil-like producer/consumer pair", async () => {
  const { readable, writable } = new TransformStream();
  const produce = (async () => {
    const writer = writable.getWriter();
    for (let i = 0; i < 5; i++) await writer.write(i);
    await writer.close();
  })();
  assertEquals(await readAllChunks(readable), [0, 1, 2, 3, 4]);
  await produce;
});

test("subclasses of TransformStream work", async () => {
  class Upper extends TransformStream {
    constructor() { super({ transform(chunk, c) { c.enqueue(String(chunk).toUpperCase()); } }); }
  }
  const ts = new Upper();
  assert(ts instanceof Upper && ts instanceof TransformStream);
  const writer = ts.writable.getWriter();
  writer.write("x");
  writer.close();
  assertEquals(await readAllChunks(ts.readable), ["X"]);
});

// ---------------------------------------------------------------------------------------------------
// Cloudflare extensions

test("IdentityTransformStream passes bytes through", async () => {
  const ts = new IdentityTransformStream();
  assert(ts instanceof TransformStream);
  const writer = ts.writable.getWriter();
  writer.write(new Uint8Array([1, 2]));
  writer.write(new Uint8Array([3]).buffer);
  writer.close();
  const chunks = await readAllChunks(ts.readable);
  assertEquals(chunks.map((c) => Array.from(c)), [[1, 2], [3]]);
});

test("IdentityTransformStream rejects non-byte chunks with TypeError", async () => {
  const ts = new IdentityTransformStream();
  ts.readable.getReader().read().catch(() => {});
  await assertRejects(() => ts.writable.getWriter().write("text"), TypeError);
});

test("FixedLengthStream passes exactly the expected bytes", async () => {
  const ts = new FixedLengthStream(3);
  const writer = ts.writable.getWriter();
  writer.write(new Uint8Array([1, 2]));
  writer.write(new Uint8Array([3]));
  writer.close();
  const chunks = await readAllChunks(ts.readable);
  assertEquals(chunks.reduce((n, c) => n + c.length, 0), 3);
});

test("FixedLengthStream errors on too many or too few bytes", async () => {
  const over = new FixedLengthStream(1);
  over.readable.getReader().read().catch(() => {});
  await assertRejects(() => over.writable.getWriter().write(new Uint8Array(2)), TypeError);
  const under = new FixedLengthStream(5);
  const reader = under.readable.getReader();
  const writer = under.writable.getWriter();
  writer.write(new Uint8Array(2));
  reader.read();
  await assertRejects(() => writer.close(), TypeError);
});
