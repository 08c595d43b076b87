// Readable byte streams: ReadableByteStreamController, BYOB readers and requests, autoAllocateChunkSize,
// tee() of byte streams (WHATWG Streams §4.7–4.10).

async function flushMicrotasks() { for (let i = 0; i < 20; i++) await null; }
function errorNamed(name) { const e = new Error(name); e.name = name; return e; }
function byteStream(source = {}, strategy = undefined) {
  let controller;
  const stream = new ReadableStream({
    type: "bytes",
    ...source,
    start(c) { controller = c; if (source.start) return source.start(c); },
  }, strategy);
  return { stream, controller };
}
const bytesOf = (view) => Array.from(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));

// ---------------------------------------------------------------------------------------------------
// Shape

test("the byte stream classes are exposed with their tags", () => {
  const { stream, controller } = byteStream();
  assert(controller instanceof ReadableByteStreamController);
  assertEquals(Object.prototype.toString.call(controller), "[object ReadableByteStreamController]");
  const reader = stream.getReader({ mode: "byob" });
  assert(reader instanceof ReadableStreamBYOBReader);
  assertEquals(Object.prototype.toString.call(reader), "[object ReadableStreamBYOBReader]");
  assertEquals(typeof ReadableStreamBYOBRequest, "function");
});

test("controller and request are not constructible", () => {
  assertThrows(() => new ReadableByteStreamController(), TypeError);
  assertThrows(() => new ReadableStreamBYOBRequest(), TypeError);
});

test("prototypes have exactly the WebIDL members", () => {
  assertEquals(Object.getOwnPropertyNames(ReadableByteStreamController.prototype).sort(),
    ["byobRequest", "close", "constructor", "desiredSize", "enqueue", "error"]);
  assertEquals(Object.getOwnPropertyNames(ReadableStreamBYOBRequest.prototype).sort(),
    ["constructor", "respond", "respondWithNewView", "view"]);
  assertEquals(Object.getOwnPropertyNames(ReadableStreamBYOBReader.prototype).sort(),
    ["cancel", "closed", "constructor", "read", "releaseLock"]);
});

test("method lengths follow WebIDL", () => {
  assertEquals(ReadableByteStreamController.prototype.enqueue.length, 1);
  assertEquals(ReadableStreamBYOBRequest.prototype.respond.length, 1);
  assertEquals(ReadableStreamBYOBRequest.prototype.respondWithNewView.length, 1);
  assertEquals(ReadableStreamBYOBReader.prototype.read.length, 1);
  assertEquals(ReadableStreamBYOBReader.length, 1);
});

// ---------------------------------------------------------------------------------------------------
// Construction

test("a size function with type 'bytes' throws RangeError", () => {
  assertThrows(() => new ReadableStream({ type: "bytes" }, { size: () => 1 }), RangeError);
});

test("the default high-water mark of a byte stream is 0", () => {
  assertEquals(byteStream().controller.desiredSize, 0);
  assertEquals(byteStream({}, { highWaterMark: 16 }).controller.desiredSize, 16);
});

test("an autoAllocateChunkSize of 0 or a non-number throws TypeError", () => {
  assertThrows(() => new ReadableStream({ type: "bytes", autoAllocateChunkSize: 0 }), TypeError);
  assertThrows(() => new ReadableStream({ type: "bytes", autoAllocateChunkSize: -1 }), TypeError);
  assertThrows(() => new ReadableStream({ type: "bytes", autoAllocateChunkSize: "x" }), TypeError);
  assertThrows(() => new ReadableStream({ type: "bytes", autoAllocateChunkSize: Infinity }), TypeError);
});

test("the type is converted to a string", () => {
  let controller;
  new ReadableStream({ type: { toString() { return "bytes"; } }, start(c) { controller = c; } });
  assert(controller instanceof ReadableByteStreamController);
});

// ---------------------------------------------------------------------------------------------------
// enqueue and the default reader

test("an enqueued Uint8Array is read by a default reader", async () => {
  const { stream, controller } = byteStream();
  controller.enqueue(new Uint8Array([1, 2, 3]));
  const { value, done } = await stream.getReader().read();
  assertEquals(done, false);
  assert(value instanceof Uint8Array);
  assertEquals(Array.from(value), [1, 2, 3]);
});

test("other views are read as Uint8Array over the same bytes", async () => {
  const { stream, controller } = byteStream();
  controller.enqueue(new Uint16Array([0x0201, 0x0403]));
  const { value } = await stream.getReader().read();
  assert(value instanceof Uint8Array);
  assertEquals(value.byteLength, 4);
});

test("each queued chunk is one read", async () => {
  const { stream, controller } = byteStream();
  controller.enqueue(new Uint8Array([1]));
  controller.enqueue(new Uint8Array([2, 3]));
  controller.close();
  const reader = stream.getReader();
  assertEquals(Array.from((await reader.read()).value), [1]);
  assertEquals(Array.from((await reader.read()).value), [2, 3]);
  assertEquals(await reader.read(), { value: undefined, done: true });
});

test("enqueue rejects non-views and empty views with TypeError", () => {
  const { controller } = byteStream();
  assertThrows(() => controller.enqueue("x"), TypeError);
  assertThrows(() => controller.enqueue(new ArrayBuffer(1)), TypeError);
  assertThrows(() => controller.enqueue(new Uint8Array(0)), TypeError);
  assertThrows(() => controller.enqueue(), TypeError);
});

test("enqueue or close after close throws TypeError", () => {
  const { controller } = byteStream();
  controller.close();
  assertThrows(() => controller.enqueue(new Uint8Array(1)), TypeError);
  assertThrows(() => controller.close(), TypeError);
});

test("desiredSize counts queued bytes", () => {
  const { controller } = byteStream({}, { highWaterMark: 10 });
  controller.enqueue(new Uint8Array(4));
  assertEquals(controller.desiredSize, 6);
});

test("changing the enqueued view later changes nothing that is read", async () => {
  const { stream, controller } = byteStream();
  const chunk = new Uint8Array([1, 2]);
  controller.enqueue(chunk);
  chunk[0] = 9;
  assertEquals(Array.from((await stream.getReader().read()).value), [1, 2]);
});

test("enqueue transfers the chunk's buffer (it becomes detached)", () => {
  const { controller } = byteStream();
  const chunk = new Uint8Array([1, 2]);
  controller.enqueue(chunk);
  assertEquals(chunk.byteLength, 0);
});

test("a view whose buffer was already transferred cannot be enqueued", () => {
  const { controller } = byteStream();
  const buffer = new ArrayBuffer(4);
  const first = new Uint8Array(buffer, 0, 2), second = new Uint8Array(buffer, 2, 2);
  controller.enqueue(first);
  assertThrows(() => controller.enqueue(second), TypeError);
});

test("a BYOB read into a view of a transferred buffer rejects with TypeError", async () => {
  const { stream, controller } = byteStream();
  controller.enqueue(new Uint8Array([1, 2, 3, 4]));
  const buffer = new ArrayBuffer(4);
  const a = new Uint8Array(buffer, 0, 2), b = new Uint8Array(buffer, 2, 2);
  const reader = stream.getReader({ mode: "byob" });
  assertEquals(Array.from((await reader.read(a)).value), [1, 2]);
  await assertRejects(() => reader.read(b), TypeError);
});

test("error() rejects reads; a pending read too", async () => {
  const { stream, controller } = byteStream();
  const reader = stream.getReader();
  const p = reader.read();
  const boom = errorNamed("boom");
  controller.error(boom);
  assertEquals(await assertRejects(() => p), boom);
  assertEquals(await assertRejects(() => reader.closed), boom);
  assertEquals(controller.desiredSize, null);
});

test("pull runs for a pending default read and its enqueue fulfils it", async () => {
  let pulls = 0;
  const { stream } = byteStream({ pull(c) { pulls++; c.enqueue(new Uint8Array([pulls])); } });
  await flushMicrotasks();
  assertEquals(pulls, 0);
  assertEquals(Array.from((await stream.getReader().read()).value), [1]);
  assertEquals(pulls, 1);
});

test("byobRequest is null for a default read without autoAllocateChunkSize", async () => {
  let request = "unset";
  const { stream } = byteStream({ pull(c) { request = c.byobRequest; c.enqueue(new Uint8Array(1)); } });
  await stream.getReader().read();
  assertEquals(request, null);
});

// ---------------------------------------------------------------------------------------------------
// BYOB reads

test("getReader({ mode: 'byob' }) locks the stream", () => {
  const { stream } = byteStream();
  stream.getReader({ mode: "byob" });
  assertEquals(stream.locked, true);
  assertThrows(() => stream.getReader(), TypeError);
});

test("the BYOB reader constructor needs a byte stream", () => {
  assertThrows(() => new ReadableStreamBYOBReader(new ReadableStream()), TypeError);
  assertThrows(() => new ReadableStreamBYOBReader({}), TypeError);
  new ReadableStreamBYOBReader(byteStream().stream);
});

test("a BYOB read exposes a byobRequest whose view covers the reader's buffer", async () => {
  let seen;
  const { stream } = byteStream({
    pull(c) {
      const view = c.byobRequest.view;
      seen = [view instanceof Uint8Array, view.byteOffset, view.byteLength, view.buffer.byteLength];
      c.byobRequest.respond(1);
    },
  });
  const reader = stream.getReader({ mode: "byob" });
  await reader.read(new Uint8Array(new ArrayBuffer(8), 2, 4));
  assertEquals(seen, [true, 2, 4, 8]);
});

test("respond(n) fulfils the read with n bytes at the same offset", async () => {
  const { stream } = byteStream({ pull(c) { const v = c.byobRequest.view; v[0] = 7; v[1] = 8; c.byobRequest.respond(2); } });
  const reader = stream.getReader({ mode: "byob" });
  const { value, done } = await reader.read(new Uint8Array(new ArrayBuffer(8), 1, 5));
  assertEquals(done, false);
  assert(value instanceof Uint8Array);
  assertEquals([value.byteOffset, value.byteLength, value.buffer.byteLength], [1, 2, 8]);
  assertEquals(Array.from(value), [7, 8]);
});

test("respondWithNewView fulfils the read", async () => {
  const { stream } = byteStream({
    pull(c) {
      const v = c.byobRequest.view;
      const filled = new Uint8Array(v.buffer, v.byteOffset, 3);
      filled.set([4, 5, 6]);
      c.byobRequest.respondWithNewView(filled);
    },
  });
  const { value } = await stream.getReader({ mode: "byob" }).read(new Uint8Array(10));
  assertEquals(Array.from(value), [4, 5, 6]);
});

test("respond(0) while readable throws TypeError; too many bytes throws RangeError", async () => {
  const errors = [];
  const { stream } = byteStream({
    pull(c) {
      try { c.byobRequest.respond(0); } catch (e) { errors.push(e.name); }
      try { c.byobRequest.respond(5); } catch (e) { errors.push(e.name); }
      c.byobRequest.respond(1);
    },
  });
  await stream.getReader({ mode: "byob" }).read(new Uint8Array(2));
  assertEquals(errors, ["TypeError", "RangeError"]);
});

test("a byobRequest is invalidated after respond", async () => {
  let request;
  const { stream } = byteStream({ pull(c) { request = c.byobRequest; request.respond(1); } });
  await stream.getReader({ mode: "byob" }).read(new Uint8Array(2));
  assertEquals(request.view, null);
  assertThrows(() => request.respond(1), TypeError);
});

test("enqueue during a pending BYOB read fills the reader's view", async () => {
  const { stream, controller } = byteStream();
  const reader = stream.getReader({ mode: "byob" });
  const p = reader.read(new Uint8Array(4));
  controller.enqueue(new Uint8Array([1, 2]));
  const { value } = await p;
  assertEquals([value.byteLength, value.buffer.byteLength], [2, 4]);
  assertEquals(Array.from(value), [1, 2]);
});

test("a BYOB read is filled from the queue across chunks without pulling", async () => {
  let pulls = 0;
  const { stream, controller } = byteStream({ pull() { pulls++; } });
  controller.enqueue(new Uint8Array([1, 2]));
  controller.enqueue(new Uint8Array([3, 4]));
  const { value } = await stream.getReader({ mode: "byob" }).read(new Uint8Array(3));
  assertEquals(Array.from(value), [1, 2, 3]);
  assertEquals(pulls, 0);
});

test("reading into a Uint16Array keeps an odd byte for the next read", async () => {
  const { stream, controller } = byteStream();
  controller.enqueue(new Uint8Array([1, 2, 3]));
  controller.close();
  const reader = stream.getReader({ mode: "byob" });
  const first = await reader.read(new Uint16Array(2));
  assert(first.value instanceof Uint16Array);
  assertEquals(first.value.length, 1);
  const second = await reader.read(new Uint8Array(4));
  assertEquals(Array.from(second.value), [3]);
});

test("a DataView read yields a DataView", async () => {
  const { stream, controller } = byteStream();
  controller.enqueue(new Uint8Array([1, 2]));
  const { value } = await stream.getReader({ mode: "byob" }).read(new DataView(new ArrayBuffer(4)));
  assert(value instanceof DataView);
  assertEquals(value.byteLength, 2);
});

test("read({ min }) waits until at least min elements are filled", async () => {
  const { stream, controller } = byteStream();
  const reader = stream.getReader({ mode: "byob" });
  let done = false;
  const p = reader.read(new Uint8Array(4), { min: 3 }).then((r) => { done = true; return r; });
  controller.enqueue(new Uint8Array([1, 2]));
  await flushMicrotasks();
  assertEquals(done, false);
  controller.enqueue(new Uint8Array([3]));
  assertEquals(Array.from((await p).value), [1, 2, 3]);
});

test("read() argument errors: no view, a non-view, an empty view, min 0, min too large", async () => {
  const reader = byteStream().stream.getReader({ mode: "byob" });
  await assertRejects(() => reader.read(), TypeError);
  await assertRejects(() => reader.read({}), TypeError);
  await assertRejects(() => reader.read(new Uint8Array(0)), TypeError);
  await assertRejects(() => reader.read(new Uint8Array(2), { min: 0 }), TypeError);
  await assertRejects(() => reader.read(new Uint8Array(2), { min: 3 }), RangeError);
  await assertRejects(() => reader.read(new Uint16Array(2), { min: 3 }), RangeError);
});

test("a BYOB read of a closed stream resolves done with an empty view of the same type", async () => {
  const { stream, controller } = byteStream();
  controller.close();
  const { value, done } = await stream.getReader({ mode: "byob" }).read(new Uint16Array(2));
  assertEquals(done, true);
  assert(value instanceof Uint16Array);
  assertEquals(value.length, 0);
});

test("close with a pending BYOB read: respond(0) finishes it as done", async () => {
  const { stream, controller } = byteStream();
  const reader = stream.getReader({ mode: "byob" });
  const p = reader.read(new Uint8Array(4));
  await flushMicrotasks();
  controller.close();
  controller.byobRequest.respond(0);
  const { value, done } = await p;
  assertEquals([done, value.byteLength], [true, 0]);
});

test("closing with half an element pending errors the stream with TypeError", async () => {
  const { stream, controller } = byteStream();
  const reader = stream.getReader({ mode: "byob" });
  const p = reader.read(new Uint16Array(1));
  await flushMicrotasks();
  controller.byobRequest.view[0] = 1;
  controller.byobRequest.respond(1);
  assertThrows(() => controller.close(), TypeError);
  await assertRejects(() => p, TypeError);
});

test("cancel resolves pending BYOB reads as done with value undefined", async () => {
  const { stream } = byteStream();
  const reader = stream.getReader({ mode: "byob" });
  const p = reader.read(new Uint8Array(1));
  await reader.cancel();
  assertEquals(await p, { value: undefined, done: true });
});

test("releaseLock rejects a pending BYOB read with TypeError", async () => {
  const { stream } = byteStream();
  const reader = stream.getReader({ mode: "byob" });
  const p = reader.read(new Uint8Array(1));
  reader.releaseLock();
  await assertRejects(() => p, TypeError);
  assertEquals(stream.locked, false);
});

test("the BYOB reader's closed resolves on close", async () => {
  const { stream, controller } = byteStream();
  const reader = stream.getReader({ mode: "byob" });
  controller.close();
  assertEquals(await reader.closed, undefined);
});

test("a BYOB read transfers the view's buffer (it becomes detached)", async () => {
  const { stream, controller } = byteStream();
  controller.enqueue(new Uint8Array([1]));
  const view = new Uint8Array(4);
  await stream.getReader({ mode: "byob" }).read(view);
  assertEquals(view.byteLength, 0);
});

// ---------------------------------------------------------------------------------------------------
// autoAllocateChunkSize

test("autoAllocateChunkSize gives default reads a byobRequest of that size", async () => {
  let size;
  const { stream } = byteStream({ autoAllocateChunkSize: 16, pull(c) { size = c.byobRequest.view.byteLength; c.byobRequest.view[0] = 42; c.byobRequest.respond(1); } });
  const { value } = await stream.getReader().read();
  assertEquals(size, 16);
  assert(value instanceof Uint8Array);
  assertEquals([value.byteLength, value[0], value.buffer.byteLength], [1, 42, 16]);
});

test("with autoAllocateChunkSize an enqueue still fulfils the default read", async () => {
  const { stream } = byteStream({ autoAllocateChunkSize: 8, pull(c) { c.enqueue(new Uint8Array([5, 6])); } });
  assertEquals(Array.from((await stream.getReader().read()).value), [5, 6]);
});

// ---------------------------------------------------------------------------------------------------
// tee and iteration

test("tee of a byte stream gives two byte streams with the same bytes in separate buffers", async () => {
  const { stream, controller } = byteStream();
  controller.enqueue(new Uint8Array([1, 2, 3]));
  controller.close();
  const [b1, b2] = stream.tee();
  const r1 = await b1.getReader().read();
  const r2 = await b2.getReader().read();
  assertEquals([Array.from(r1.value), Array.from(r2.value)], [[1, 2, 3], [1, 2, 3]]);
  assert(r1.value.buffer !== r2.value.buffer);
});

test("tee branches of a byte stream support BYOB readers", async () => {
  const { stream, controller } = byteStream();
  const [b1, b2] = stream.tee();
  const reader = b1.getReader({ mode: "byob" });
  const p = reader.read(new Uint8Array(8));
  controller.enqueue(new Uint8Array([9, 8]));
  const { value } = await p;
  assertEquals(Array.from(value), [9, 8]);
  assertEquals(Array.from((await b2.getReader().read()).value), [9, 8]);
});

test("cancelling both byte tee branches cancels the source with both reasons", async () => {
  let reason;
  const { stream } = byteStream({ cancel(r) { reason = r; } });
  const [b1, b2] = stream.tee();
  await Promise.all([b1.cancel("a"), b2.cancel("b")]);
  assertEquals(reason, ["a", "b"]);
});

test("an error in a teed byte stream errors both branches", async () => {
  const { stream, controller } = byteStream();
  const [b1, b2] = stream.tee();
  const boom = errorNamed("boom");
  controller.error(boom);
  assertEquals(await assertRejects(() => b1.getReader().closed), boom);
  assertEquals(await assertRejects(() => b2.getReader({ mode: "byob" }).closed), boom);
});

test("async iteration of a byte stream yields Uint8Arrays", async () => {
  const { stream, controller } = byteStream();
  controller.enqueue(new Uint8Array([1]));
  controller.enqueue(new Uint8Array([2]));
  controller.close();
  const seen = [];
  for await (const chunk of stream) { assert(chunk instanceof Uint8Array); seen.push(...chunk); }
  assertEquals(seen, [1, 2]);
});

test("pipeTo from a byte stream", async () => {
  const { stream, controller } = byteStream();
  controller.enqueue(new Uint8Array([1, 2]));
  controller.close();
  const got = [];
  await stream.pipeTo(new WritableStream({ write(chunk) { got.push(...chunk); } }));
  assertEquals(got, [1, 2]);
});

test("Response bodies are byte streams", async () => {
  const reader = new Response("abc").body.getReader({ mode: "byob" });
  const { value } = await reader.read(new Uint8Array(2));
  assertEquals(Array.from(value), [97, 98]);
  const rest = await reader.read(new Uint8Array(8));
  assertEquals(Array.from(rest.value), [99]);
  assertEquals((await reader.read(new Uint8Array(1))).done, true);
});
