// 90_dispatch.js — the event model (spec/runtime.md §1): `export default { fetch, scheduled }` and
// `addEventListener('fetch' | 'scheduled')`, `respondWith`/`waitUntil`, `ctx`, and the hand-over of
// the Response to the host (buffered or streamed).

let workerExports = undefined;           // the module's default export (or globalThis.default)
const workerListeners = { fetch: [], scheduled: [] };
const invocations = new Map_();          // reqId → invocation state
let workerEnv = ObjectFreeze({});

function addEventListener(type, listener, options = undefined) {
  const t = toDOMString(type);
  if (t === "fetch" || t === "scheduled") {
    if (listener === null || listener === undefined) return;
    if (!isCallable(listener) && !(isObject(listener) && isCallable(listener.handleEvent))) {
      throw new TypeError_("The listener must be a function or an object with a handleEvent method");
    }
    const list = workerListeners[t];
    for (const l of list) if (l === listener) return;
    list.push(listener);
    return;
  }
  if (globalEventTarget !== null) globalEventTarget.addEventListener(type, listener, options);
}

function removeEventListener(type, listener, options = undefined) {
  const t = toDOMString(type);
  if (t === "fetch" || t === "scheduled") {
    const list = workerListeners[t];
    const i = ArrayPrototypeIndexOf.call(list, listener);
    if (i >= 0) ArrayPrototypeSplice.call(list, i, 1);
    return;
  }
  if (globalEventTarget !== null) globalEventTarget.removeEventListener(type, listener, options);
}

function dispatchEvent(event) {
  if (globalEventTarget !== null) return globalEventTarget.dispatchEvent(event);
  return true;
}

// Other global events (unhandledrejection, error, …) go to a plain EventTarget when the class exists.
const globalEventTarget = typeof EventTarget === "function" ? new EventTarget() : null;

exposeGlobal("addEventListener", addEventListener);
exposeGlobal("removeEventListener", removeEventListener);
exposeGlobal("dispatchEvent", dispatchEvent);

function callListener(listener, event) {
  if (isCallable(listener)) return ReflectApply(listener, globalObject, [event]);
  return ReflectApply(listener.handleEvent, listener, [event]);
}

/** Per-request state. `done` fires once the answer is out and every waitUntil promise settled. */
function newInvocation(reqId) {
  const inv = { reqId, answered: false, streaming: null, pending: 0, finished: false, failed: false,
                failure: "", writableWaiter: null, cancelled: false };
  invocations.set(reqId, inv);
  return inv;
}

function invocationTrack(inv, promise) {
  inv.pending++;
  PromisePrototypeThen.call(PromiseResolve(promise), () => {
    inv.pending--; invocationMaybeFinish(inv);
  }, (e) => {
    reportException(e);
    inv.pending--; invocationMaybeFinish(inv);
  });
}

function invocationMaybeFinish(inv) {
  if (inv.finished || !inv.answered || inv.streaming !== null || inv.pending > 0) return;
  inv.finished = true;
  invocations.delete(inv.reqId);
  timersClearAll();
  hostAsyncForgetAll();
  ops.requestDone(inv.reqId, !inv.failed, inv.failure);
}

function makeContext(inv) {
  const ctx = {
    waitUntil(promise) {
      if (inv.finished) return;
      invocationTrack(inv, promise);
    },
    passThroughOnException() {},
    props: {},
  };
  return ctx;
}

function respondWithError(inv, status, message, reason) {
  if (inv.answered) return;
  inv.answered = true;
  const headers = ["content-type", "text/plain;charset=UTF-8"];
  if (reason) ArrayPrototypePush.call(headers, "x-termination-reason", reason);
  ops.respond(inv.reqId, status, headers, message, false);
  invocationMaybeFinish(inv);
}

function handlerFailed(inv, error) {
  reportException(error);
  inv.failed = true;
  inv.failure = error instanceof Error_ ? String_(error.message) : "exception";
  respondWithError(inv, 500, "Internal Server Error: the worker threw an exception (see its logs)", "Exception");
}

/** Hands a Response (or what the handler produced instead) to the host. */
function deliver(inv, value) {
  if (inv.answered || inv.cancelled) { if (!inv.answered) { inv.answered = true; invocationMaybeFinish(inv); } return; }
  if (typeof Response !== "function" || !(value instanceof Response)) {
    inv.failed = true;
    inv.failure = "the fetch handler did not return a Response";
    ops.console(3, "Uncaught TypeError: the fetch handler returned " + describeValue(value) + " instead of a Response");
    respondWithError(inv, 500, "Internal Server Error: the worker did not return a Response", "Exception");
    return;
  }
  let out;
  try {
    out = responseForHost(value);
  } catch (e) {
    handlerFailed(inv, e);
    return;
  }
  inv.answered = true;
  if (out.stream === null || out.stream === undefined) {
    if (inv.pending === 0 && !inv.finished) {
      // Nothing left to wait for: answer and finish in one host op.
      inv.finished = true;
      invocations.delete(inv.reqId);
      timersClearAll();
      hostAsyncForgetAll();
      ops.respond(inv.reqId, out.status, out.headers, out.body, false, true);
      return;
    }
    ops.respond(inv.reqId, out.status, out.headers, out.body, false, false);
    invocationMaybeFinish(inv);
    return;
  }
  inv.streaming = out.stream;
  ops.respond(inv.reqId, out.status, out.headers, null, true);
  pumpBody(inv, out.stream);
}

function describeValue(v) {
  if (v === null) return "null";
  if (typeof v !== "object") return typeof v;
  const c = v.constructor;
  return c && typeof c.name === "string" && c.name !== "" ? "an instance of " + c.name : "an object";
}

/** One chunk from the response stream: { value, done }. Uses the streams glue's internal reader when
 *  the stream is ours (so a worker that patches ReadableStream.prototype cannot break its own response),
 *  the public reader API otherwise. */
function pumpReader(stream) {
  const record = typeof readableStreamRecordOf === "function" ? readableStreamRecordOf(stream) : null;
  if (record !== null && record !== undefined && typeof acquireReadableStreamDefaultReader === "function") {
    const reader = acquireReadableStreamDefaultReader(record);
    return {
      read() {
        return new Promise_((resolve, reject) => {
          readableStreamDefaultReaderRead(reader, {
            chunkSteps: (value) => resolve({ value, done: false }),
            closeSteps: () => resolve({ value: undefined, done: true }),
            errorSteps: (e) => reject(e),
          });
        });
      },
      cancel(reason) { return readableStreamReaderGenericCancel(reader, reason); },
    };
  }
  return stream.getReader();
}

async function pumpBody(inv, stream) {
  let reader;
  let error = false;
  try {
    reader = pumpReader(stream);
    inv.reader = reader;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      if (inv.cancelled) break;
      const bytes = value instanceof Uint8Array_ ? value : bufferSourceBytes(value);
      if (bytes === null) throw new TypeError_("a response body chunk must be a Uint8Array");
      if (bytes.length === 0) continue;
      if (!ops.bodyWrite(inv.reqId, bytes)) {
        await new Promise_((resolve) => { inv.writableWaiter = resolve; });
      }
    }
  } catch (e) {
    if (!inv.cancelled) { reportException(e); error = true; }
  }
  if (!inv.cancelled) ops.bodyEnd(inv.reqId, error);
  inv.streaming = null;
  invocationMaybeFinish(inv);
}

function resolveHandler(name) {
  const ex = workerExports;
  if (ex !== undefined && ex !== null && (typeof ex === "object" || typeof ex === "function") && isCallable(ex[name])) {
    return { kind: "module", target: ex, fn: ex[name] };
  }
  if (workerListeners[name].length > 0) return { kind: "listeners", list: workerListeners[name] };
  return null;
}

class FetchEvent {
  #inv; #request; #responded = false;
  constructor(type, init, inv) {
    this.#inv = inv;
    this.#request = init.request;
  }
  get type() { return "fetch"; }
  get request() { return this.#request; }
  respondWith(response) {
    if (this.#responded) throw new TypeError_("respondWith was already called");
    this.#responded = true;
    const inv = this.#inv;
    PromisePrototypeThen.call(PromiseResolve(response), (r) => deliver(inv, r), (e) => handlerFailed(inv, e));
  }
  waitUntil(promise) { if (!this.#inv.finished) invocationTrack(this.#inv, promise); }
  passThroughOnException() {}
  get responded() { return this.#responded; }
}
setToStringTag(FetchEvent, "FetchEvent");

class ScheduledEvent {
  #inv; #time; #cron;
  constructor(inv, scheduledTime, cron) { this.#inv = inv; this.#time = scheduledTime; this.#cron = cron; }
  get type() { return "scheduled"; }
  get scheduledTime() { return this.#time; }
  get cron() { return this.#cron; }
  noRetry() {}
  waitUntil(promise) { if (!this.#inv.finished) invocationTrack(this.#inv, promise); }
}
setToStringTag(ScheduledEvent, "ScheduledEvent");

/** Entry: a request from the host. */
function entryDispatchFetch(reqId, method, url, headers, body) {
  const inv = newInvocation(reqId);
  const handler = resolveHandler("fetch");
  if (handler === null) {
    inv.failed = true;
    inv.failure = "no fetch handler";
    respondWithError(inv, 501, "Worker does not implement a fetch handler");
    return;
  }
  let request;
  try {
    request = requestFromHost(method, url, headers, body);
    inv.request = request;
  } catch (e) {
    // The request itself is unusable (e.g. a Host header that makes no valid URL): the client's fault.
    inv.failed = true;
    inv.failure = "invalid request";
    respondWithError(inv, 400, "Bad Request: the request URL is not valid");
    return;
  }
  if (handler.kind === "module") {
    let result;
    try {
      result = ReflectApply(handler.fn, handler.target, [request, workerEnv, makeContext(inv)]);
    } catch (e) {
      handlerFailed(inv, e);
      return;
    }
    if (result instanceof Response) { deliver(inv, result); return; }
    PromisePrototypeThen.call(PromiseResolve(result), (r) => deliver(inv, r), (e) => handlerFailed(inv, e));
    return;
  }
  const event = new FetchEvent("fetch", { request }, inv);
  for (const listener of handler.list) {
    let returned;
    try {
      returned = callListener(listener, event);
    } catch (e) {
      handlerFailed(inv, e);
      return;
    }
    // A listener may also return the Response (or a promise of it) instead of calling respondWith.
    if (!event.responded && returned !== undefined) { event.respondWith(returned); }
  }
}

/** Entry: a cron event from the host. */
function entryDispatchScheduled(reqId, scheduledTime, cron) {
  const inv = newInvocation(reqId);
  inv.answered = true; // nothing to send: done when the handler and waitUntil settle
  const handler = resolveHandler("scheduled");
  const fail = (e) => { reportException(e); inv.failed = true; inv.failure = e instanceof Error_ ? String_(e.message) : "exception"; };
  if (handler === null) {
    inv.failed = true;
    inv.failure = "Worker does not implement a scheduled handler";
    invocationMaybeFinish(inv);
    return;
  }
  const event = new ScheduledEvent(inv, scheduledTime, cron);
  try {
    if (handler.kind === "module") {
      const controller = { scheduledTime, cron, noRetry() {}, type: "scheduled" };
      invocationTrack(inv, PromisePrototypeThen.call(
        PromiseResolve(ReflectApply(handler.fn, handler.target, [controller, workerEnv, makeContext(inv)])),
        undefined, (e) => { fail(e); }));
    } else {
      for (const listener of handler.list) {
        const r = callListener(listener, event);
        if (r !== undefined) invocationTrack(inv, PromisePrototypeThen.call(PromiseResolve(r), undefined, fail));
      }
    }
  } catch (e) {
    fail(e);
  }
  invocationMaybeFinish(inv);
}

/** Entry: the client went away; stop a streamed body and signal the request. */
function entryCancel(reqId) {
  const inv = invocations.get(reqId);
  if (inv === undefined) return;
  inv.cancelled = true;
  if (inv.reader) { try { PromisePrototypeThen.call(inv.reader.cancel(new TypeError_("the client disconnected")), undefined, () => {}); } catch { /* already closed */ } }
  if (inv.writableWaiter) { const w = inv.writableWaiter; inv.writableWaiter = null; w(); }
  if (inv.request && typeof abortRequestSignal === "function") abortRequestSignal(inv.request, new (globalObject.DOMException ?? Error_)("The client disconnected", "AbortError"));
}

function entryBodyWritable(reqId) {
  const inv = invocations.get(reqId);
  if (inv && inv.writableWaiter) { const w = inv.writableWaiter; inv.writableWaiter = null; w(); }
}
