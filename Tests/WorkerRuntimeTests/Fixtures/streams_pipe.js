// pipeTo and pipeThrough (WHATWG Streams §4.9.4): propagation rules, options, signals, flow control.

const delay = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));
async function flushMicrotasks() { for (let i = 0; i < 30; i++) await null; }
function errorNamed(name) { const e = new Error(name); e.name = name; return e; }
function fromChunks(chunks, close = true) {
  return new ReadableStream({ start(c) { for (const chunk of chunks) c.enqueue(chunk); if (close) c.close(); } });
}
function recordingWritable(extra = {}, strategy = undefined) {
  const events = [];
  const ws = new WritableStream({
    write(chunk) { events.push("write", chunk); return extra.write ? extra.write(chunk) : undefined; },
    close() { events.push("close"); return extra.close ? extra.close() : undefined; },
    abort(reason) { events.push("abort", reason); },
  }, strategy);
  ws.events = events;
  return ws;
}
function recordingReadable(extra = {}) {
  const events = [];
  let controller;
  const rs = new ReadableStream({
    start(c) { controller = c; },
    pull() { events.push("pull"); return extra.pull ? extra.pull(controller) : undefined; },
    cancel(reason) { events.push("cancel", reason); },
  }, { highWaterMark: 0 });
  rs.events = events;
  rs.controller = controller;
  return rs;
}

// ---------------------------------------------------------------------------------------------------
// pipeTo basics

test("pipeTo writes every chunk, closes the destination and resolves undefined", async () => {
  const ws = recordingWritable();
  assertEquals(await fromChunks(["a", "b"]).pipeTo(ws), undefined);
  assertEquals(ws.events, ["write", "a", "write", "b", "close"]);
});

test("both streams are locked while piping and unlocked after", async () => {
  const rs = fromChunks(["a"]);
  const ws = new WritableStream();
  const p = rs.pipeTo(ws);
  assertEquals([rs.locked, ws.locked], [true, true]);
  await p;
  assertEquals([rs.locked, ws.locked], [false, false]);
});

test("pipeTo marks the source disturbed even when empty", async () => {
  const rs = fromChunks([]);
  await rs.pipeTo(new WritableStream());
  await assertRejects(() => new Response(rs).text(), TypeError);
});

test("pending writes finish before the destination is closed", async () => {
  const ws = recordingWritable({ write: () => delay(1) });
  await fromChunks([1, 2, 3]).pipeTo(ws);
  assertEquals(ws.events, ["write", 1, "write", 2, "write", 3, "close"]);
});

test("preventClose leaves the destination open", async () => {
  const ws = recordingWritable();
  await fromChunks(["a"]).pipeTo(ws, { preventClose: true });
  assertEquals(ws.events, ["write", "a"]);
  const writer = ws.getWriter();
  await writer.write("b");
  assertEquals(ws.events, ["write", "a", "write", "b"]);
});

test("piping an already closed source closes the destination", async () => {
  const ws = recordingWritable();
  await fromChunks([]).pipeTo(ws);
  assertEquals(ws.events, ["close"]);
});

// ---------------------------------------------------------------------------------------------------
// Error propagation

test("a source error aborts the destination and rejects pipeTo", async () => {
  const boom = errorNamed("boom");
  const rs = new ReadableStream({ start(c) { c.enqueue("a"); c.error(boom); } });
  const ws = recordingWritable();
  assertEquals(await assertRejects(() => rs.pipeTo(ws)), boom);
  assertEquals(ws.events, ["abort", boom]);
});

test("a source error after some chunks aborts after they were written", async () => {
  const boom = errorNamed("boom");
  const rs = recordingReadable();
  const ws = recordingWritable();
  const p = rs.pipeTo(ws);
  rs.controller.enqueue("a");
  await flushMicrotasks();
  rs.controller.error(boom);
  assertEquals(await assertRejects(() => p), boom);
  assertEquals(ws.events, ["write", "a", "abort", boom]);
});

test("preventAbort keeps the destination writable on a source error", async () => {
  const boom = errorNamed("boom");
  const rs = new ReadableStream({ start(c) { c.error(boom); } });
  const ws = recordingWritable();
  assertEquals(await assertRejects(() => rs.pipeTo(ws, { preventAbort: true })), boom);
  assertEquals(ws.events, []);
  await ws.getWriter().write("still open");
});

test("a destination error cancels the source and rejects pipeTo", async () => {
  const boom = errorNamed("boom");
  const rs = recordingReadable({ pull: (c) => c.enqueue("x") });
  const ws = new WritableStream({ write() { throw boom; } });
  assertEquals(await assertRejects(() => rs.pipeTo(ws)), boom);
  assertEquals(rs.events.slice(-2), ["cancel", boom]);
});

test("preventCancel keeps the source readable on a destination error", async () => {
  const boom = errorNamed("boom");
  const rs = recordingReadable();
  const ws = new WritableStream({ start(c) { c.error(boom); } });
  await flushMicrotasks();
  assertEquals(await assertRejects(() => rs.pipeTo(ws, { preventCancel: true })), boom);
  assertEquals(rs.events.includes("cancel"), false);
  assertEquals(rs.locked, false);
});

test("a closed destination cancels the source with a TypeError", async () => {
  const rs = recordingReadable();
  const ws = new WritableStream();
  await ws.close();
  const e = await assertRejects(() => rs.pipeTo(ws), TypeError);
  assertEquals(rs.events[rs.events.length - 2], "cancel");
  assertEquals(rs.events[rs.events.length - 1], e);
});

test("a rejected destination close rejects pipeTo", async () => {
  const boom = errorNamed("boom");
  const ws = new WritableStream({ close() { throw boom; } });
  assertEquals(await assertRejects(() => fromChunks(["a"]).pipeTo(ws)), boom);
});

// ---------------------------------------------------------------------------------------------------
// Abort signals

test("an already aborted signal rejects with its reason and tears both streams down", async () => {
  const rs = recordingReadable();
  const ws = recordingWritable();
  const controller = new AbortController();
  controller.abort();
  const e = await assertRejects(() => rs.pipeTo(ws, { signal: controller.signal }));
  assertEquals(e.name, "AbortError");
  assert(e instanceof DOMException);
  assertEquals(ws.events, ["abort", e]);
  assertEquals(rs.events.slice(-2), ["cancel", e]);
});

test("aborting during the pipe rejects with the custom reason", async () => {
  const rs = recordingReadable();
  const ws = recordingWritable();
  const controller = new AbortController();
  const p = rs.pipeTo(ws, { signal: controller.signal });
  await flushMicrotasks();
  controller.abort("why");
  assertEquals(await assertRejects(() => p), "why");
  assertEquals(ws.events, ["abort", "why"]);
  assertEquals(rs.events.slice(-2), ["cancel", "why"]);
});

test("with preventAbort and preventCancel an abort leaves both streams alone", async () => {
  const rs = recordingReadable();
  const ws = recordingWritable();
  const controller = new AbortController();
  const p = rs.pipeTo(ws, { signal: controller.signal, preventAbort: true, preventCancel: true });
  controller.abort("why");
  assertEquals(await assertRejects(() => p), "why");
  assertEquals(ws.events, []);
  assertEquals(rs.events.includes("cancel"), false);
  assertEquals([rs.locked, ws.locked], [false, false]);
});

test("a signal that is not an AbortSignal rejects with TypeError", async () => {
  await assertRejects(() => new ReadableStream().pipeTo(new WritableStream(), { signal: {} }), TypeError);
  await assertRejects(() => new ReadableStream().pipeTo(new WritableStream(), { signal: null }), TypeError);
});

// ---------------------------------------------------------------------------------------------------
// Argument checks

test("pipeTo rejects a destination that is not a WritableStream", async () => {
  await assertRejects(() => new ReadableStream().pipeTo({}), TypeError);
  await assertRejects(() => new ReadableStream().pipeTo(), TypeError);
});

test("pipeTo rejects a locked source or a locked destination", async () => {
  const rs = new ReadableStream();
  rs.getReader();
  await assertRejects(() => rs.pipeTo(new WritableStream()), TypeError);
  const ws = new WritableStream();
  ws.getWriter();
  await assertRejects(() => new ReadableStream().pipeTo(ws), TypeError);
});

test("options are read in order and a throwing getter stops pipeTo", async () => {
  const order = ["preventAbort", "preventCancel", "preventClose", "signal"];
  for (let i = 0; i < order.length; i++) {
    const touched = [];
    const options = {};
    for (const name of order) {
      Object.defineProperty(options, name, { get() { touched.push(name); if (name === order[i]) throw new Error(name); return undefined; } });
    }
    await assertRejects(() => new ReadableStream().pipeTo(new WritableStream(), options), Error);
    assertEquals(touched, order.slice(0, i + 1));
  }
});

test("pipeThrough throws synchronously for a throwing option getter", () => {
  const options = { get preventClose() { throw new Error("preventClose"); } };
  assertThrows(() => new ReadableStream().pipeThrough(new TransformStream(), options), Error);
});

// ---------------------------------------------------------------------------------------------------
// pipeThrough

test("pipeThrough returns the transform's readable", async () => {
  const ts = new TransformStream({ transform(chunk, c) { c.enqueue(chunk * 2); } });
  const out = fromChunks([1, 2, 3]).pipeThrough(ts);
  assertEquals(out, ts.readable);
  const reader = out.getReader();
  const values = [];
  for (let r = await reader.read(); !r.done; r = await reader.read()) values.push(r.value);
  assertEquals(values, [2, 4, 6]);
});

test("pipeThrough chains", async () => {
  const double = () => new TransformStream({ transform(chunk, c) { c.enqueue(chunk + chunk); } });
  const out = fromChunks(["a"]).pipeThrough(double()).pipeThrough(double());
  assertEquals((await out.getReader().read()).value, "aaaa");
});

test("pipeThrough throws TypeError for a locked source or a locked writable", () => {
  const rs = new ReadableStream();
  rs.getReader();
  assertThrows(() => rs.pipeThrough(new TransformStream()), TypeError);
  const ts = new TransformStream();
  ts.writable.getWriter();
  assertThrows(() => new ReadableStream().pipeThrough(ts), TypeError);
});

test("pipeThrough checks the pair: readable first, then writable", () => {
  assertThrows(() => new ReadableStream().pipeThrough({}), TypeError);
  assertThrows(() => new ReadableStream().pipeThrough({ readable: {}, writable: new WritableStream() }), TypeError);
  assertThrows(() => new ReadableStream().pipeThrough({ readable: new ReadableStream(), writable: {} }), TypeError);
  const order = [];
  const pair = {
    get readable() { order.push("readable"); return new ReadableStream(); },
    get writable() { order.push("writable"); return new WritableStream(); },
  };
  new ReadableStream().pipeThrough(pair);
  assertEquals(order, ["readable", "writable"]);
});

test("pipeThrough accepts any readable/writable pair", async () => {
  const ws = recordingWritable();
  const readable = fromChunks(["out"]);
  const result = fromChunks(["in"]).pipeThrough({ writable: ws, readable });
  assertEquals(result, readable);
  await delay(1);
  assertEquals(ws.events, ["write", "in", "close"]);
});

// ---------------------------------------------------------------------------------------------------
// Flow control and observability

test("pipeTo respects the destination's back-pressure", async () => {
  let pulls = 0;
  const rs = new ReadableStream({ pull(c) { pulls++; c.enqueue(pulls); } }, { highWaterMark: 0 });
  const resolvers = [];
  const ws = new WritableStream({ write() { return new Promise((r) => resolvers.push(r)); } });
  rs.pipeTo(ws);
  await flushMicrotasks();
  assertEquals([pulls, resolvers.length], [1, 1]);
  resolvers[0]();
  await flushMicrotasks();
  assertEquals([pulls, resolvers.length], [2, 2]);
});

test("pipeTo does not call a patched Promise.prototype.then", () => {
  let controller;
  const rs = new ReadableStream({ start(c) { controller = c; } });
  const ws = new WritableStream();
  const then = Promise.prototype.then;
  Promise.prototype.then = () => { throw new Error("patched then called"); };
  try {
    rs.pipeTo(ws);
    controller.close();
  } finally {
    Promise.prototype.then = then;
  }
});

function interceptThen() {
  const intercepted = [];
  let calls = 0;
  Object.prototype.then = function (resolve) {
    if (!this.done) intercepted.push(this.value);
    const result = Object.create(null);
    result.done = ++calls === 3;
    result.value = calls;
    resolve(result);
    if (result.done) delete Object.prototype.then;
  };
  return intercepted;
}

test("piping is not observable through Object.prototype.then", async () => {
  const ws = recordingWritable();
  const rs = fromChunks(["a"]);
  const intercepted = interceptThen();
  try {
    await rs.pipeTo(ws);
  } finally {
    delete Object.prototype.then;
  }
  assertEquals(intercepted, []);
  assertEquals(ws.events, ["write", "a", "close"]);
});

test("tee is not observable through Object.prototype.then", async () => {
  const ws = recordingWritable();
  const [branch1, branch2] = fromChunks(["a"]).tee();
  const intercepted = interceptThen();
  try {
    await branch1.pipeTo(ws);
  } finally {
    delete Object.prototype.then;
  }
  branch2.cancel();
  assertEquals(intercepted, []);
  assertEquals(ws.events, ["write", "a", "close"]);
});

test("pipeTo from ReadableStream.from", async () => {
  const ws = recordingWritable();
  await ReadableStream.from(["x", "y"]).pipeTo(ws);
  assertEquals(ws.events, ["write", "x", "write", "y", "close"]);
});

test("pipeTo a TransformStream's writable and read its readable", async () => {
  const ts = new TransformStream();
  const piping = fromChunks([1, 2]).pipeTo(ts.writable);
  const reader = ts.readable.getReader();
  assertEquals((await reader.read()).value, 1);
  assertEquals((await reader.read()).value, 2);
  assertEquals((await reader.read()).done, true);
  await piping;
});
