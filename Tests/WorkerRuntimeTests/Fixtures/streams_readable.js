// ReadableStream, its default controller and reader, tee(), async iteration and ReadableStream.from
// (WHATWG Streams §4).

const delay = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));
async function flushMicrotasks() { for (let i = 0; i < 20; i++) await null; }
async function readAllChunks(stream) {
  const reader = stream.getReader();
  const chunks = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return chunks;
    chunks.push(value);
  }
}
function errorNamed(name) { const e = new Error(name); e.name = name; return e; }

// ---------------------------------------------------------------------------------------------------
// Shape

test("ReadableStream is a global class with the right tag", () => {
  assertEquals(typeof ReadableStream, "function");
  assertEquals(Object.prototype.toString.call(new ReadableStream()), "[object ReadableStream]");
  assertEquals(Object.getOwnPropertyDescriptor(globalThis, "ReadableStream").enumerable, false);
});

test("constructor and method lengths follow WebIDL", () => {
  assertEquals(ReadableStream.length, 0);
  const p = ReadableStream.prototype;
  assertEquals([p.cancel.length, p.getReader.length, p.pipeThrough.length, p.pipeTo.length, p.tee.length, p.values.length],
    [0, 0, 1, 1, 0, 0]);
  assertEquals(ReadableStream.from.length, 1);
  assertEquals(ReadableStreamDefaultReader.length, 1);
});

test("prototype members are enumerable and configurable; locked is a getter", () => {
  const d = Object.getOwnPropertyDescriptor(ReadableStream.prototype, "locked");
  assertEquals([typeof d.get, d.set, d.enumerable, d.configurable], ["function", undefined, true, true]);
  for (const name of ["cancel", "getReader", "pipeThrough", "pipeTo", "tee", "values"]) {
    const m = Object.getOwnPropertyDescriptor(ReadableStream.prototype, name);
    assertEquals([m.writable, m.enumerable, m.configurable], [true, true, true], name);
  }
});

test("Symbol.asyncIterator is the same function as values", () => {
  assertEquals(ReadableStream.prototype[Symbol.asyncIterator], ReadableStream.prototype.values);
});

test("the controller and reader classes are exposed; the controller is not constructible", () => {
  assertEquals(typeof ReadableStreamDefaultController, "function");
  assertThrows(() => new ReadableStreamDefaultController(), TypeError);
  let controller;
  new ReadableStream({ start(c) { controller = c; } });
  assert(controller instanceof ReadableStreamDefaultController);
  assertEquals(Object.prototype.toString.call(controller), "[object ReadableStreamDefaultController]");
});

test("locked on a non-stream throws TypeError; cancel rejects", async () => {
  const getter = Object.getOwnPropertyDescriptor(ReadableStream.prototype, "locked").get;
  assertThrows(() => getter.call({}), TypeError);
  await assertRejects(() => ReadableStream.prototype.cancel.call({}), TypeError);
  await assertRejects(() => ReadableStream.prototype.pipeTo.call({}, new WritableStream()), TypeError);
});

// ---------------------------------------------------------------------------------------------------
// Constructor argument handling

test("null as the underlying source throws TypeError", () => {
  assertThrows(() => new ReadableStream(null), TypeError);
  assertThrows(() => new ReadableStream(5), TypeError);
});

test("undefined and empty sources are fine", () => {
  new ReadableStream(undefined);
  new ReadableStream({});
  new ReadableStream({ type: undefined });
});

test("a non-callable start, pull or cancel throws TypeError", () => {
  assertThrows(() => new ReadableStream({ start: 1 }), TypeError);
  assertThrows(() => new ReadableStream({ pull: "x" }), TypeError);
  assertThrows(() => new ReadableStream({ cancel: {} }), TypeError);
});

test("a type other than 'bytes' throws TypeError", () => {
  assertThrows(() => new ReadableStream({ type: "byob" }), TypeError);
  assertThrows(() => new ReadableStream({ type: null }), TypeError);
  assertThrows(() => new ReadableStream({ type: "" }), TypeError);
});

test("the strategy is converted before the underlying source", () => {
  const error1 = errorNamed("error1"), error2 = errorNamed("error2");
  const source = { get start() { throw error1; } };
  const strategy = { highWaterMark: 0, get size() { throw error2; } };
  const e = assertThrows(() => new ReadableStream(source, strategy));
  assertEquals(e, error2);
});

test("underlying source members are read in lexicographic order", () => {
  const seen = [];
  const source = {};
  for (const name of ["type", "start", "pull", "cancel", "autoAllocateChunkSize"]) {
    Object.defineProperty(source, name, { get() { seen.push(name); return undefined; } });
  }
  new ReadableStream(source);
  assertEquals(seen, ["autoAllocateChunkSize", "cancel", "pull", "start", "type"]);
});

test("a negative or NaN highWaterMark throws RangeError", () => {
  assertThrows(() => new ReadableStream({}, { highWaterMark: -1 }), RangeError);
  assertThrows(() => new ReadableStream({}, { highWaterMark: NaN }), RangeError);
  assertThrows(() => new ReadableStream({}, { highWaterMark: "abc" }), RangeError);
});

test("highWaterMark is converted with ToNumber; a non-callable size throws TypeError", () => {
  let controller;
  new ReadableStream({ start(c) { controller = c; } }, { highWaterMark: "3" });
  assertEquals(controller.desiredSize, 3);
  assertThrows(() => new ReadableStream({}, { size: 1 }), TypeError);
  assertThrows(() => new ReadableStream({}, { highWaterMark: Symbol() }), TypeError);
});

test("an exception from start propagates out of the constructor", () => {
  const boom = errorNamed("boom");
  assertEquals(assertThrows(() => new ReadableStream({ start() { throw boom; } })), boom);
});

test("start is called synchronously with the controller and the source as this", () => {
  let thisValue, arg, calls = 0;
  const source = { start(c) { calls++; thisValue = this; arg = c; } };
  new ReadableStream(source);
  assertEquals(calls, 1);
  assertEquals(thisValue, source);
  assert(arg instanceof ReadableStreamDefaultController);
});

// ---------------------------------------------------------------------------------------------------
// Controller

test("the default highWaterMark is 1 and desiredSize counts queued chunks", () => {
  let c;
  new ReadableStream({ start(controller) { c = controller; } });
  assertEquals(c.desiredSize, 1);
  c.enqueue("a");
  assertEquals(c.desiredSize, 0);
  c.enqueue("b");
  assertEquals(c.desiredSize, -1);
});

test("desiredSize is 0 after close and null after error", () => {
  let c1, c2;
  new ReadableStream({ start(c) { c1 = c; } });
  new ReadableStream({ start(c) { c2 = c; } });
  c1.close();
  c2.error(new Error("x"));
  assertEquals([c1.desiredSize, c2.desiredSize], [0, null]);
});

test("enqueue after close throws TypeError", () => {
  let c;
  new ReadableStream({ start(controller) { c = controller; } });
  c.close();
  assertThrows(() => c.enqueue("x"), TypeError);
});

test("close twice throws TypeError", () => {
  let c;
  new ReadableStream({ start(controller) { c = controller; } });
  c.close();
  assertThrows(() => c.close(), TypeError);
});

test("enqueue and close on an errored stream throw TypeError; error is ignored", () => {
  let c;
  new ReadableStream({ start(controller) { c = controller; } });
  c.error(new Error("a"));
  assertThrows(() => c.enqueue("x"), TypeError);
  assertThrows(() => c.close(), TypeError);
  c.error(new Error("b"));
});

test("a size function measures chunks", () => {
  let c;
  new ReadableStream({ start(controller) { c = controller; } }, { highWaterMark: 10, size: (chunk) => chunk.length });
  c.enqueue("abcd");
  assertEquals(c.desiredSize, 6);
});

test("a size of NaN errors the stream and enqueue throws RangeError", async () => {
  let c;
  const rs = new ReadableStream({ start(controller) { c = controller; } }, { size: () => NaN });
  assertThrows(() => c.enqueue("x"), RangeError);
  await assertRejects(() => rs.getReader().read(), RangeError);
});

test("a size of Infinity or a negative size throws RangeError", () => {
  let c1, c2;
  new ReadableStream({ start(c) { c1 = c; } }, { size: () => Infinity });
  new ReadableStream({ start(c) { c2 = c; } }, { size: () => -1 });
  assertThrows(() => c1.enqueue("x"), RangeError);
  assertThrows(() => c2.enqueue("x"), RangeError);
});

test("a throwing size function errors the stream and rethrows", async () => {
  const boom = errorNamed("boom");
  let c;
  const rs = new ReadableStream({ start(controller) { c = controller; } }, { size() { throw boom; } });
  assertEquals(assertThrows(() => c.enqueue("x")), boom);
  assertEquals(await assertRejects(() => rs.getReader().closed), boom);
});

test("the size function is called with undefined as this", () => {
  let thisValue = 1;
  let c;
  new ReadableStream({ start(controller) { c = controller; } }, { size() { "use strict"; thisValue = this; return 1; } });
  c.enqueue("x");
  assertEquals(thisValue, undefined);
});

test("floating-point total queue size: adding and removing near MAX_SAFE_INTEGER", async () => {
  let c;
  const rs = new ReadableStream({ start(controller) { c = controller; } }, { highWaterMark: 0, size: (chunk) => chunk });
  const reader = rs.getReader();
  c.enqueue(2);
  assertEquals(c.desiredSize, -2);
  c.enqueue(Number.MAX_SAFE_INTEGER);
  await reader.read();
  assertEquals(c.desiredSize, 0 - Number.MAX_SAFE_INTEGER - 2 + 2);
  await reader.read();
  assertEquals(c.desiredSize, 0, "a negative total is clamped to 0");
});

test("floating-point total queue size: a tiny positive total is kept", async () => {
  let c;
  const rs = new ReadableStream({ start(controller) { c = controller; } }, { highWaterMark: 0, size: (chunk) => chunk });
  const reader = rs.getReader();
  c.enqueue(1e-16);
  c.enqueue(1);
  let total = 0 + 1e-16 + 1;
  assertEquals(c.desiredSize, -total);
  await reader.read();
  total -= 1e-16;
  assertEquals(c.desiredSize, -total);
  await reader.read();
  total -= 1;
  assertEquals(c.desiredSize, total < 0 ? 0 : -total);
});

test("CountQueuingStrategy and ByteLengthQueuingStrategy work as strategies", () => {
  let c1, c2;
  new ReadableStream({ start(c) { c1 = c; } }, new CountQueuingStrategy({ highWaterMark: 4 }));
  new ReadableStream({ start(c) { c2 = c; } }, new ByteLengthQueuingStrategy({ highWaterMark: 10 }));
  c1.enqueue("x");
  c2.enqueue(new Uint8Array(3));
  assertEquals([c1.desiredSize, c2.desiredSize], [3, 7]);
});

// ---------------------------------------------------------------------------------------------------
// Reading

test("an enqueued chunk is read back", async () => {
  const rs = new ReadableStream({ start(c) { c.enqueue("a"); } });
  assertEquals(await rs.getReader().read(), { value: "a", done: false });
});

test("a read after close resolves done with value undefined", async () => {
  const rs = new ReadableStream({ start(c) { c.close(); } });
  const result = await rs.getReader().read();
  assertEquals(result, { value: undefined, done: true });
  assert(Object.prototype.hasOwnProperty.call(result, "value"));
});

test("queued chunks are read before done", async () => {
  const rs = new ReadableStream({ start(c) { c.enqueue(1); c.enqueue(2); c.close(); } });
  assertEquals(await readAllChunks(rs), [1, 2]);
});

test("undefined is a valid chunk", async () => {
  const rs = new ReadableStream({ start(c) { c.enqueue(undefined); c.close(); } });
  const reader = rs.getReader();
  assertEquals(await reader.read(), { value: undefined, done: false });
  assertEquals((await reader.read()).done, true);
});

test("a pending read is fulfilled by a later enqueue", async () => {
  let c;
  const rs = new ReadableStream({ start(controller) { c = controller; } });
  const p = rs.getReader().read();
  c.enqueue("late");
  assertEquals(await p, { value: "late", done: false });
});

test("error() rejects pending reads and the closed promise", async () => {
  let c;
  const rs = new ReadableStream({ start(controller) { c = controller; } });
  const reader = rs.getReader();
  const p = reader.read();
  const boom = errorNamed("boom");
  c.error(boom);
  assertEquals(await assertRejects(() => p), boom);
  assertEquals(await assertRejects(() => reader.closed), boom);
});

test("error() discards queued chunks", async () => {
  const boom = errorNamed("boom");
  const rs = new ReadableStream({ start(c) { c.enqueue("a"); c.error(boom); } });
  assertEquals(await assertRejects(() => rs.getReader().read()), boom);
});

test("a rejected start promise errors the stream", async () => {
  const boom = errorNamed("boom");
  const rs = new ReadableStream({ start() { return Promise.reject(boom); } });
  assertEquals(await assertRejects(() => rs.getReader().read()), boom);
});

test("reader.closed resolves with undefined when the stream closes", async () => {
  let c;
  const rs = new ReadableStream({ start(controller) { c = controller; } });
  const reader = rs.getReader();
  c.close();
  assertEquals(await reader.closed, undefined);
});

test("reader.closed of a reader of a closed stream is already resolved", async () => {
  const rs = new ReadableStream({ start(c) { c.close(); } });
  assertEquals(await rs.getReader().closed, undefined);
});

// ---------------------------------------------------------------------------------------------------
// pull

test("pull is called after start settles, until the queue reaches the high-water mark", async () => {
  let pulls = 0;
  let c;
  new ReadableStream({
    start(controller) { c = controller; },
    pull(controller) { pulls++; controller.enqueue(pulls); },
  }, { highWaterMark: 3 });
  assertEquals(pulls, 0, "not during construction");
  await flushMicrotasks();
  assertEquals(pulls, 3);
  assertEquals(c.desiredSize, 0);
});

test("pull waits for the start promise", async () => {
  let resolveStart;
  let pulls = 0;
  new ReadableStream({ start() { return new Promise((r) => { resolveStart = r; }); }, pull() { pulls++; } });
  await flushMicrotasks();
  assertEquals(pulls, 0);
  resolveStart();
  await flushMicrotasks();
  assertEquals(pulls, 1);
});

test("pull is not called again until its promise settles", async () => {
  let pulls = 0;
  let resolvePull;
  const rs = new ReadableStream({
    pull(c) { pulls++; c.enqueue(pulls); return new Promise((r) => { resolvePull = r; }); },
  }, { highWaterMark: 0 });
  const reader = rs.getReader();
  reader.read();
  reader.read();
  await flushMicrotasks();
  assertEquals(pulls, 1);
  resolvePull();
  await flushMicrotasks();
  assertEquals(pulls, 2);
});

test("with highWaterMark 0 pull runs only for a pending read", async () => {
  let pulls = 0;
  const rs = new ReadableStream({ pull(c) { pulls++; c.enqueue("x"); } }, { highWaterMark: 0 });
  await flushMicrotasks();
  assertEquals(pulls, 0);
  assertEquals(await rs.getReader().read(), { value: "x", done: false });
  assertEquals(pulls, 1);
});

test("pull receives the controller with the source as this", async () => {
  let thisValue, arg;
  const source = { pull(c) { thisValue = this; arg = c; } };
  new ReadableStream(source);
  await flushMicrotasks();
  assertEquals(thisValue, source);
  assert(arg instanceof ReadableStreamDefaultController);
});

test("a rejected pull promise errors the stream", async () => {
  const boom = errorNamed("boom");
  const rs = new ReadableStream({ pull() { return Promise.reject(boom); } });
  assertEquals(await assertRejects(() => rs.getReader().read()), boom);
});

test("a throwing pull errors the stream", async () => {
  const boom = errorNamed("boom");
  const rs = new ReadableStream({ pull() { throw boom; } });
  assertEquals(await assertRejects(() => rs.getReader().closed), boom);
});

test("pull is not called after close", async () => {
  let pulls = 0;
  new ReadableStream({ start(c) { c.close(); }, pull() { pulls++; } });
  await flushMicrotasks();
  assertEquals(pulls, 0);
});

// ---------------------------------------------------------------------------------------------------
// Readers and locking

test("getReader locks the stream; a second getReader throws TypeError", () => {
  const rs = new ReadableStream();
  assertEquals(rs.locked, false);
  const reader = rs.getReader();
  assert(reader instanceof ReadableStreamDefaultReader);
  assertEquals(rs.locked, true);
  assertThrows(() => rs.getReader(), TypeError);
});

test("the ReadableStreamDefaultReader constructor locks the stream", () => {
  const rs = new ReadableStream();
  new ReadableStreamDefaultReader(rs);
  assertEquals(rs.locked, true);
  assertThrows(() => new ReadableStreamDefaultReader(rs), TypeError);
  assertThrows(() => new ReadableStreamDefaultReader({}), TypeError);
  assertThrows(() => new ReadableStreamDefaultReader(), TypeError);
});

test("getReader with an invalid mode throws TypeError; byob on a default stream too", () => {
  assertThrows(() => new ReadableStream().getReader({ mode: "nope" }), TypeError);
  assertThrows(() => new ReadableStream().getReader({ mode: "byob" }), TypeError);
  new ReadableStream().getReader({ mode: undefined });
  new ReadableStream().getReader({});
});

test("releaseLock unlocks and rejects closed with TypeError", async () => {
  const rs = new ReadableStream();
  const reader = rs.getReader();
  reader.releaseLock();
  assertEquals(rs.locked, false);
  await assertRejects(() => reader.closed, TypeError);
  rs.getReader();
});

test("releaseLock rejects a pending read with TypeError", async () => {
  const rs = new ReadableStream();
  const reader = rs.getReader();
  const p = reader.read();
  reader.releaseLock();
  await assertRejects(() => p, TypeError);
});

test("releaseLock on a closed stream replaces closed with a rejected promise", async () => {
  const rs = new ReadableStream({ start(c) { c.close(); } });
  const reader = rs.getReader();
  const before = reader.closed;
  reader.releaseLock();
  assert(reader.closed !== before);
  await assertRejects(() => reader.closed, TypeError);
});

test("releaseLock twice is a no-op; read and cancel on a released reader reject", async () => {
  const reader = new ReadableStream().getReader();
  reader.releaseLock();
  reader.releaseLock();
  await assertRejects(() => reader.read(), TypeError);
  await assertRejects(() => reader.cancel(), TypeError);
});

test("reader.closed is the same promise every time", () => {
  const reader = new ReadableStream().getReader();
  assertEquals(reader.closed, reader.closed);
});

// ---------------------------------------------------------------------------------------------------
// cancel

test("cancel passes the reason to the source and resolves with undefined", async () => {
  let received;
  const rs = new ReadableStream({ cancel(reason) { received = reason; return "ignored"; } });
  assertEquals(await rs.cancel("why"), undefined);
  assertEquals(received, "why");
});

test("cancel on a locked stream rejects with TypeError", async () => {
  const rs = new ReadableStream();
  rs.getReader();
  await assertRejects(() => rs.cancel(), TypeError);
});

test("cancel rejects when the source's cancel throws or rejects", async () => {
  const boom = errorNamed("boom");
  assertEquals(await assertRejects(() => new ReadableStream({ cancel() { throw boom; } }).cancel()), boom);
  assertEquals(await assertRejects(() => new ReadableStream({ cancel() { return Promise.reject(boom); } }).cancel()), boom);
});

test("cancel closes the stream: pending reads resolve done, queued chunks are dropped", async () => {
  let c;
  const rs = new ReadableStream({ start(controller) { c = controller; } }, { highWaterMark: 0 });
  const reader = rs.getReader();
  const p = reader.read();
  await reader.cancel();
  assertEquals(await p, { value: undefined, done: true });
  const rs2 = new ReadableStream({ start(controller) { controller.enqueue("x"); } });
  await rs2.cancel();
  assertEquals(await rs2.getReader().read(), { value: undefined, done: true });
});

test("cancel on a closed stream resolves; on an errored stream rejects with the error", async () => {
  const boom = errorNamed("boom");
  assertEquals(await new ReadableStream({ start(c) { c.close(); } }).cancel(), undefined);
  assertEquals(await assertRejects(() => new ReadableStream({ start(c) { c.error(boom); } }).cancel()), boom);
});

test("the source's cancel is not called twice", async () => {
  let calls = 0;
  const rs = new ReadableStream({ cancel() { calls++; } });
  await rs.cancel();
  await rs.cancel();
  assertEquals(calls, 1);
});

test("the source's cancel is called with the source as this", async () => {
  let thisValue;
  const source = { cancel() { thisValue = this; } };
  await new ReadableStream(source).cancel();
  assertEquals(thisValue, source);
});

// ---------------------------------------------------------------------------------------------------
// tee

test("tee gives two branches that both see every chunk", async () => {
  const rs = new ReadableStream({ start(c) { c.enqueue("a"); c.enqueue("b"); c.close(); } });
  const [b1, b2] = rs.tee();
  assert(b1 instanceof ReadableStream && b2 instanceof ReadableStream);
  assertEquals(await readAllChunks(b1), ["a", "b"]);
  assertEquals(await readAllChunks(b2), ["a", "b"]);
});

test("tee locks the original stream", () => {
  const rs = new ReadableStream();
  rs.tee();
  assertEquals(rs.locked, true);
  assertThrows(() => rs.tee(), TypeError);
});

test("tee branches get the same chunk objects", async () => {
  const chunk = { x: 1 };
  const rs = new ReadableStream({ start(c) { c.enqueue(chunk); c.close(); } });
  const [b1, b2] = rs.tee();
  assertEquals((await b1.getReader().read()).value === chunk, true);
  assertEquals((await b2.getReader().read()).value === chunk, true);
});

test("cancelling both branches cancels the original with both reasons", async () => {
  let reason;
  const rs = new ReadableStream({ cancel(r) { reason = r; } });
  const [b1, b2] = rs.tee();
  const p1 = b1.cancel("r1");
  await flushMicrotasks();
  assertEquals(reason, undefined, "one branch is not enough");
  const p2 = b2.cancel("r2");
  await Promise.all([p1, p2]);
  assertEquals(reason, ["r1", "r2"]);
});

test("cancelling one branch keeps the other flowing", async () => {
  const rs = new ReadableStream({ start(c) { c.enqueue(1); c.enqueue(2); c.close(); } });
  const [b1, b2] = rs.tee();
  let cancelled = false;
  const p = b1.cancel().then(() => { cancelled = true; });
  await flushMicrotasks();
  assertEquals(cancelled, false, "one branch's cancel waits for the other branch or the end");
  assertEquals(await readAllChunks(b2), [1, 2]);
  await p;
});

test("an error in the original errors both branches", async () => {
  const boom = errorNamed("boom");
  let c;
  const rs = new ReadableStream({ start(controller) { c = controller; } });
  const [b1, b2] = rs.tee();
  c.error(boom);
  assertEquals(await assertRejects(() => b1.getReader().closed), boom);
  assertEquals(await assertRejects(() => b2.getReader().closed), boom);
});

test("a branch reads ahead of the other without losing chunks", async () => {
  const rs = new ReadableStream({ start(c) { for (let i = 0; i < 5; i++) c.enqueue(i); c.close(); } });
  const [b1, b2] = rs.tee();
  assertEquals(await readAllChunks(b1), [0, 1, 2, 3, 4]);
  await delay(1);
  assertEquals(await readAllChunks(b2), [0, 1, 2, 3, 4]);
});

test("tee does not call Promise.prototype.then or the global ReadableStream", () => {
  const rs = new ReadableStream();
  const then = Promise.prototype.then;
  const Global = globalThis.ReadableStream;
  Promise.prototype.then = () => { throw new Error("patched then called"); };
  globalThis.ReadableStream = function () { throw new Error("global ReadableStream called"); };
  let branches;
  try { branches = rs.tee(); } finally {
    Promise.prototype.then = then;
    globalThis.ReadableStream = Global;
  }
  assert(branches[0] instanceof ReadableStream && branches[1] instanceof ReadableStream);
});

test("tee does not read strategy members from Object.prototype", () => {
  const names = ["highWaterMark", "size", "start", "type", "mode"];
  for (const name of names) {
    Object.defineProperty(Object.prototype, name, { get() { throw new Error(name + " getter called"); }, configurable: true });
  }
  let branches;
  try { branches = new ReadableStream().tee(); } finally {
    for (const name of names) delete Object.prototype[name];
  }
  assertEquals(branches.length, 2);
});

// ---------------------------------------------------------------------------------------------------
// Async iteration

test("for await reads every chunk", async () => {
  const rs = new ReadableStream({ start(c) { c.enqueue("a"); c.enqueue("b"); c.close(); } });
  const seen = [];
  for await (const chunk of rs) seen.push(chunk);
  assertEquals(seen, ["a", "b"]);
  assertEquals(rs.locked, false, "the reader is released at the end");
});

test("breaking out of for await cancels the stream", async () => {
  let reason = "not called";
  const rs = new ReadableStream({ start(c) { c.enqueue(1); c.enqueue(2); }, cancel(r) { reason = r; } });
  for await (const chunk of rs) { if (chunk === 1) break; }
  assertEquals(reason, undefined);
  assertEquals(rs.locked, false);
});

test("values({ preventCancel: true }) keeps the stream open after break", async () => {
  let cancelled = false;
  const rs = new ReadableStream({ start(c) { c.enqueue(1); c.enqueue(2); }, cancel() { cancelled = true; } });
  for await (const chunk of rs.values({ preventCancel: true })) { if (chunk === 1) break; }
  assertEquals([cancelled, rs.locked], [false, false]);
  assertEquals(await rs.getReader().read(), { value: 2, done: false });
});

test("the async iterator prototype has next, return and the WebIDL tag", () => {
  const it = new ReadableStream().values();
  const proto = Object.getPrototypeOf(it);
  const asyncIteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf(async function* () {}).prototype);
  assertEquals(Object.getPrototypeOf(proto), asyncIteratorPrototype);
  assertEquals(Object.getOwnPropertyNames(proto).sort(), ["next", "return"]);
  assertEquals([it.next.length, it.return.length, it.next.name, it.return.name], [0, 1, "next", "return"]);
  assertEquals(Object.getOwnPropertyDescriptor(proto, "next").enumerable, true);
  assertEquals(typeof it.throw, "undefined");
  assertEquals(Object.prototype.toString.call(it), "[object ReadableStream AsyncIterator]");
  assertEquals(it[Symbol.asyncIterator](), it);
});

test("values() locks the stream; on a locked stream it throws TypeError", () => {
  const rs = new ReadableStream();
  rs.values();
  assertEquals(rs.locked, true);
  assertThrows(() => rs.values(), TypeError);
});

test("next() on a closed stream returns done, then keeps returning done", async () => {
  const it = new ReadableStream({ start(c) { c.close(); } })[Symbol.asyncIterator]();
  assertEquals(await it.next(), { value: undefined, done: true });
  assertEquals(await it.next(), { value: undefined, done: true });
});

test("next() on an errored stream rejects, then returns done", async () => {
  const boom = errorNamed("boom");
  const it = new ReadableStream({ start(c) { c.error(boom); } }).values();
  assertEquals(await assertRejects(() => it.next()), boom);
  assertEquals(await it.next(), { value: undefined, done: true });
});

test("return(value) resolves { value, done: true } and cancels with that value", async () => {
  let reason;
  const it = new ReadableStream({ cancel(r) { reason = r; } }).values();
  assertEquals(await it.return("bye"), { value: "bye", done: true });
  assertEquals(reason, "bye");
  assertEquals(await it.next(), { value: undefined, done: true });
});

test("concurrent next() calls settle in order", async () => {
  let c;
  const it = new ReadableStream({ start(controller) { c = controller; } }).values();
  const p1 = it.next(), p2 = it.next(), p3 = it.next();
  c.enqueue("a");
  c.enqueue("b");
  c.close();
  assertEquals(await Promise.all([p1, p2, p3]), [{ value: "a", done: false }, { value: "b", done: false }, { value: undefined, done: true }]);
});

test("async iteration uses the original getReader and reader methods", async () => {
  const rs = new ReadableStream({ start(c) { c.enqueue(1); c.close(); } });
  const getReader = ReadableStream.prototype.getReader;
  const read = ReadableStreamDefaultReader.prototype.read;
  ReadableStream.prototype.getReader = () => { throw new Error("patched getReader"); };
  ReadableStreamDefaultReader.prototype.read = () => { throw new Error("patched read"); };
  const seen = [];
  try {
    for await (const chunk of rs) seen.push(chunk);
  } finally {
    ReadableStream.prototype.getReader = getReader;
    ReadableStreamDefaultReader.prototype.read = read;
  }
  assertEquals(seen, [1]);
});

test("return() unlocks the stream synchronously, with or without preventCancel", () => {
  for (const preventCancel of [false, true]) {
    const rs = new ReadableStream();
    rs.values({ preventCancel }).return();
    assertEquals(rs.locked, false, String(preventCancel));
  }
});

test("return() rejects with the error of an errored stream", async () => {
  const boom = errorNamed("boom");
  let pulls = 0;
  const rs = new ReadableStream({ pull(c) { if (pulls++ === 0) c.enqueue(0); else c.error(boom); } });
  const it = rs[Symbol.asyncIterator]();
  assertEquals(await it.next(), { value: 0, done: false });
  await flushMicrotasks();
  assertEquals(await assertRejects(() => it.return("v")), boom);
  assertEquals(await it.next(), { value: undefined, done: true });
});

test("next() on a non-iterator rejects with TypeError", async () => {
  const it = new ReadableStream().values();
  await assertRejects(() => Object.getPrototypeOf(it).next.call({}), TypeError);
});

// ---------------------------------------------------------------------------------------------------
// ReadableStream.from

test("from(array) yields the elements", async () => {
  assertEquals(await readAllChunks(ReadableStream.from([1, 2, 3])), [1, 2, 3]);
});

test("from(async generator) yields what it yields", async () => {
  async function* gen() { yield "a"; await delay(1); yield "b"; }
  assertEquals(await readAllChunks(ReadableStream.from(gen())), ["a", "b"]);
});

test("from(string) yields code points", async () => {
  assertEquals(await readAllChunks(ReadableStream.from("a\u{1F600}")), ["a", "\u{1F600}"]);
});

test("from awaits promises a sync iterable yields", async () => {
  assertEquals(await readAllChunks(ReadableStream.from([Promise.resolve(7), 8])), [7, 8]);
});

test("from(non-iterable) throws TypeError", () => {
  assertThrows(() => ReadableStream.from({}), TypeError);
  assertThrows(() => ReadableStream.from(null), TypeError);
  assertThrows(() => ReadableStream.from(1), TypeError);
  assertThrows(() => ReadableStream.from(), TypeError);
});

test("from calls @@asyncIterator before @@iterator and only once", () => {
  const calls = [];
  const iterable = {
    [Symbol.asyncIterator]() { calls.push("async"); return { next() { return { done: true }; } }; },
    [Symbol.iterator]() { calls.push("sync"); return [][Symbol.iterator](); },
  };
  ReadableStream.from(iterable);
  assertEquals(calls, ["async"]);
});

test("from does not pull before a read (highWaterMark 0)", async () => {
  let nexts = 0;
  const iterable = { [Symbol.asyncIterator]() { return { next() { nexts++; return Promise.resolve({ value: nexts, done: false }); } }; } };
  const rs = ReadableStream.from(iterable);
  await flushMicrotasks();
  assertEquals(nexts, 0);
  assertEquals(await rs.getReader().read(), { value: 1, done: false });
  assertEquals(nexts, 1);
});

test("cancelling a from() stream calls the iterator's return with the reason", async () => {
  let returned;
  const iterable = { [Symbol.asyncIterator]() { return { next() { return { value: 1, done: false }; }, return(r) { returned = r; return { done: true }; } }; } };
  await ReadableStream.from(iterable).cancel("stop");
  assertEquals(returned, "stop");
});

test("a non-object next() result errors the stream with TypeError", async () => {
  const iterable = { [Symbol.asyncIterator]() { return { next() { return 42; } }; } };
  await assertRejects(() => ReadableStream.from(iterable).getReader().read(), TypeError);
});

test("a throwing next() errors the stream with that error", async () => {
  const boom = errorNamed("boom");
  const iterable = { [Symbol.iterator]() { return { next() { throw boom; } }; } };
  assertEquals(await assertRejects(() => ReadableStream.from(iterable).getReader().read()), boom);
});

test("from(ReadableStream) reads the other stream", async () => {
  const inner = new ReadableStream({ start(c) { c.enqueue("x"); c.close(); } });
  const outer = ReadableStream.from(inner);
  assert(outer !== inner);
  assertEquals(await readAllChunks(outer), ["x"]);
});

test("subclasses of ReadableStream work", async () => {
  class MyStream extends ReadableStream {}
  const rs = new MyStream({ start(c) { c.enqueue(1); c.close(); } });
  assert(rs instanceof MyStream);
  assertEquals(await readAllChunks(rs), [1]);
});
