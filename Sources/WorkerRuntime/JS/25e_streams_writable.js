// 25e_streams_writable.js — WritableStream, WritableStreamDefaultWriter and
// WritableStreamDefaultController (Streams §5).
//
// Records (see 25a):
//   stream     { api, state: "writable"|"closed"|"erroring"|"errored", storedError, writer, controller,
//                inFlightWriteRequest, closeRequest, inFlightCloseRequest, pendingAbortRequest,
//                writeRequests, backpressure }     (requests are deferreds)
//   writer     { api, stream, closed: deferred, ready: deferred }
//   controller { api, stream, queue, queueTotalSize, abortController, started, strategySizeAlgorithm,
//                strategyHWM, writeAlgorithm, closeAlgorithm, abortAlgorithm }
//
// Internal helpers for later files:
//   createWritableStream(start, write, close, abort, hwm, size) → stream record
//   writableStreamRecordOf(value) → record or null, acquireWritableStreamDefaultWriter(s)
//   writableStreamDefaultWriterWrite(writer, chunk), writableStreamAbort(s, reason), …

let writableStreamRecordOf;
let writableStreamDefaultWriterOf;
let writableStreamDefaultControllerOf;

const writableCloseSentinel = ObjectFreeze(ObjectCreate(null));

function newWritableStreamRecord(api) {
  return {
    api, state: "writable", storedError: undefined, writer: undefined, controller: undefined,
    inFlightWriteRequest: undefined, closeRequest: undefined, inFlightCloseRequest: undefined,
    pendingAbortRequest: undefined, writeRequests: new StreamsList(), backpressure: false,
  };
}

/** UnderlyingSink dictionary (members in lexicographic order). */
function readUnderlyingSink(sink, context) {
  const out = { abort: undefined, close: undefined, start: undefined, type: undefined, write: undefined };
  if (sink === null) return out;
  out.abort = toCallback(sink.abort, context, "abort");
  out.close = toCallback(sink.close, context, "close");
  out.start = toCallback(sink.start, context, "start");
  out.type = sink.type;
  out.write = toCallback(sink.write, context, "write");
  return out;
}

class WritableStream {
  #s;

  constructor(underlyingSink = undefined, strategy = undefined) {
    if (underlyingSink === streamsConstructKey) {
      this.#s = newWritableStreamRecord(this);
      return;
    }
    const context = "Failed to construct 'WritableStream'";
    if (underlyingSink !== undefined && !isObject(underlyingSink)) throw new TypeError_(`${context}: the underlying sink is not an object`);
    const strategyRec = readQueuingStrategy(strategy, context);
    const sink = underlyingSink === undefined ? null : underlyingSink;
    const dict = readUnderlyingSink(sink, context);
    if (dict.type !== undefined) throw new RangeError_(`${context}: invalid type`);
    const s = newWritableStreamRecord(this);
    this.#s = s;
    const sizeAlgorithm = extractSizeAlgorithm(strategyRec);
    const hwm = extractHighWaterMark(strategyRec, 1);
    setUpWritableStreamDefaultControllerFromUnderlyingSink(s, sink, dict, hwm, sizeAlgorithm);
  }

  get locked() {
    return isWritableStreamLocked(writableStreamCheck(this));
  }

  abort(reason = undefined) {
    const s = writableStreamRecordOf(this);
    if (s === null) return rsRejectTypeError("Illegal invocation: not a WritableStream");
    if (isWritableStreamLocked(s)) return rsRejectTypeError("Cannot abort a locked WritableStream");
    return writableStreamAbort(s, reason);
  }

  close() {
    const s = writableStreamRecordOf(this);
    if (s === null) return rsRejectTypeError("Illegal invocation: not a WritableStream");
    if (isWritableStreamLocked(s)) return rsRejectTypeError("Cannot close a locked WritableStream");
    if (writableStreamCloseQueuedOrInFlight(s)) return rsRejectTypeError("The WritableStream is already closing");
    return writableStreamClose(s);
  }

  getWriter() {
    return acquireWritableStreamDefaultWriter(writableStreamCheck(this)).api;
  }

  static {
    writableStreamRecordOf = (v) => (isObject(v) && #s in v ? v.#s : null);
  }
}
setToStringTag(WritableStream, "WritableStream");
makeEnumerable(WritableStream, ["locked", "abort", "close", "getWriter"]);

function writableStreamCheck(v) {
  const s = writableStreamRecordOf(v);
  if (s === null) throw new TypeError_("Illegal invocation: not a WritableStream");
  return s;
}

// ---------------------------------------------------------------------------------------------------
// Stream abstract operations

function createWritableStream(startAlgorithm, writeAlgorithm, closeAlgorithm, abortAlgorithm, highWaterMark, sizeAlgorithm) {
  const s = writableStreamRecordOf(new WritableStream(streamsConstructKey));
  const c = newWritableStreamDefaultControllerRecord();
  setUpWritableStreamDefaultController(s, c, startAlgorithm, writeAlgorithm, closeAlgorithm, abortAlgorithm, highWaterMark, sizeAlgorithm);
  return s;
}

function isWritableStreamLocked(s) {
  return s.writer !== undefined;
}

function writableStreamAbort(s, reason) {
  if (s.state === "closed" || s.state === "errored") return PromiseResolve(undefined);
  signalAbort(s.controller.abortController.signal, reason);
  const state = s.state;
  if (state === "closed" || state === "errored") return PromiseResolve(undefined);
  if (s.pendingAbortRequest !== undefined) return s.pendingAbortRequest.promise.promise;
  let wasAlreadyErroring = false;
  if (state === "erroring") {
    wasAlreadyErroring = true;
    reason = undefined;
  }
  const promise = streamsDeferred();
  s.pendingAbortRequest = { promise, reason, wasAlreadyErroring };
  if (!wasAlreadyErroring) writableStreamStartErroring(s, reason);
  return promise.promise;
}

function writableStreamClose(s) {
  const state = s.state;
  if (state === "closed" || state === "errored") {
    return rsRejectTypeError("The WritableStream is closed or errored");
  }
  const promise = streamsDeferred();
  s.closeRequest = promise;
  const writer = s.writer;
  if (writer !== undefined && s.backpressure && state === "writable") deferredResolve(writer.ready, undefined);
  writableStreamDefaultControllerClose(s.controller);
  return promise.promise;
}

function writableStreamAddWriteRequest(s) {
  const promise = streamsDeferred();
  s.writeRequests.push(promise);
  return promise.promise;
}

function writableStreamDealWithRejection(s, error) {
  if (s.state === "writable") {
    writableStreamStartErroring(s, error);
    return;
  }
  writableStreamFinishErroring(s);
}

function writableStreamStartErroring(s, reason) {
  const c = s.controller;
  s.state = "erroring";
  s.storedError = reason;
  const writer = s.writer;
  if (writer !== undefined) writableStreamDefaultWriterEnsureReadyPromiseRejected(writer, reason);
  if (!writableStreamHasOperationMarkedInFlight(s) && c.started) writableStreamFinishErroring(s);
}

function writableStreamFinishErroring(s) {
  s.state = "errored";
  resetQueue(s.controller); // [[ErrorSteps]]
  const storedError = s.storedError;
  const requests = s.writeRequests.drain();
  for (let i = 0; i < requests.length; i++) deferredReject(requests[i], storedError);
  const abortRequest = s.pendingAbortRequest;
  if (abortRequest === undefined) {
    writableStreamRejectCloseAndClosedPromiseIfNeeded(s);
    return;
  }
  s.pendingAbortRequest = undefined;
  if (abortRequest.wasAlreadyErroring) {
    deferredReject(abortRequest.promise, storedError);
    writableStreamRejectCloseAndClosedPromiseIfNeeded(s);
    return;
  }
  const promise = writableStreamDefaultControllerAbortSteps(s.controller, abortRequest.reason);
  uponPromise(promise, () => {
    deferredResolve(abortRequest.promise, undefined);
    writableStreamRejectCloseAndClosedPromiseIfNeeded(s);
  }, (reason) => {
    deferredReject(abortRequest.promise, reason);
    writableStreamRejectCloseAndClosedPromiseIfNeeded(s);
  });
}

function writableStreamFinishInFlightWrite(s) {
  deferredResolve(s.inFlightWriteRequest, undefined);
  s.inFlightWriteRequest = undefined;
}

function writableStreamFinishInFlightWriteWithError(s, error) {
  deferredReject(s.inFlightWriteRequest, error);
  s.inFlightWriteRequest = undefined;
  writableStreamDealWithRejection(s, error);
}

function writableStreamFinishInFlightClose(s) {
  deferredResolve(s.inFlightCloseRequest, undefined);
  s.inFlightCloseRequest = undefined;
  if (s.state === "erroring") {
    s.storedError = undefined;
    if (s.pendingAbortRequest !== undefined) {
      deferredResolve(s.pendingAbortRequest.promise, undefined);
      s.pendingAbortRequest = undefined;
    }
  }
  s.state = "closed";
  const writer = s.writer;
  if (writer !== undefined) deferredResolve(writer.closed, undefined);
}

function writableStreamFinishInFlightCloseWithError(s, error) {
  deferredReject(s.inFlightCloseRequest, error);
  s.inFlightCloseRequest = undefined;
  if (s.pendingAbortRequest !== undefined) {
    deferredReject(s.pendingAbortRequest.promise, error);
    s.pendingAbortRequest = undefined;
  }
  writableStreamDealWithRejection(s, error);
}

function writableStreamCloseQueuedOrInFlight(s) {
  return s.closeRequest !== undefined || s.inFlightCloseRequest !== undefined;
}

function writableStreamHasOperationMarkedInFlight(s) {
  return s.inFlightWriteRequest !== undefined || s.inFlightCloseRequest !== undefined;
}

function writableStreamMarkCloseRequestInFlight(s) {
  s.inFlightCloseRequest = s.closeRequest;
  s.closeRequest = undefined;
}

function writableStreamMarkFirstWriteRequestInFlight(s) {
  s.inFlightWriteRequest = s.writeRequests.shift();
}

function writableStreamRejectCloseAndClosedPromiseIfNeeded(s) {
  if (s.closeRequest !== undefined) {
    deferredReject(s.closeRequest, s.storedError);
    s.closeRequest = undefined;
  }
  const writer = s.writer;
  if (writer !== undefined) {
    deferredReject(writer.closed, s.storedError);
    markPromiseHandled(writer.closed.promise);
  }
}

function writableStreamUpdateBackpressure(s, backpressure) {
  const writer = s.writer;
  if (writer !== undefined && backpressure !== s.backpressure) {
    if (backpressure) writer.ready = streamsDeferred();
    else deferredResolve(writer.ready, undefined);
  }
  s.backpressure = backpressure;
}

// ---------------------------------------------------------------------------------------------------
// WritableStreamDefaultWriter

class WritableStreamDefaultWriter {
  #s;

  constructor(stream, record = undefined) {
    if (stream === streamsConstructKey) {
      this.#s = record;
      return;
    }
    requireArguments(arguments.length, 1, "Failed to construct 'WritableStreamDefaultWriter'");
    const s = writableStreamRecordOf(stream);
    if (s === null) throw new TypeError_("Failed to construct 'WritableStreamDefaultWriter': the argument is not a WritableStream");
    const writer = { api: this, stream: undefined, closed: undefined, ready: undefined };
    setUpWritableStreamDefaultWriter(writer, s);
    this.#s = writer;
  }

  get closed() {
    const writer = writableStreamDefaultWriterOf(this);
    if (writer === null) return rsRejectTypeError("Illegal invocation: not a WritableStreamDefaultWriter");
    return writer.closed.promise;
  }

  get desiredSize() {
    const writer = writableStreamDefaultWriterOf(this);
    if (writer === null) throw new TypeError_("Illegal invocation: not a WritableStreamDefaultWriter");
    if (writer.stream === undefined) throw new TypeError_("The writer has been released");
    return writableStreamDefaultWriterGetDesiredSize(writer);
  }

  get ready() {
    const writer = writableStreamDefaultWriterOf(this);
    if (writer === null) return rsRejectTypeError("Illegal invocation: not a WritableStreamDefaultWriter");
    return writer.ready.promise;
  }

  abort(reason = undefined) {
    const writer = writableStreamDefaultWriterOf(this);
    if (writer === null) return rsRejectTypeError("Illegal invocation: not a WritableStreamDefaultWriter");
    if (writer.stream === undefined) return rsRejectTypeError("The writer has been released");
    return writableStreamAbort(writer.stream, reason);
  }

  close() {
    const writer = writableStreamDefaultWriterOf(this);
    if (writer === null) return rsRejectTypeError("Illegal invocation: not a WritableStreamDefaultWriter");
    const s = writer.stream;
    if (s === undefined) return rsRejectTypeError("The writer has been released");
    if (writableStreamCloseQueuedOrInFlight(s)) return rsRejectTypeError("The WritableStream is already closing");
    return writableStreamClose(s);
  }

  releaseLock() {
    const writer = writableStreamDefaultWriterOf(this);
    if (writer === null) throw new TypeError_("Illegal invocation: not a WritableStreamDefaultWriter");
    if (writer.stream === undefined) return;
    writableStreamDefaultWriterRelease(writer);
  }

  write(chunk = undefined) {
    const writer = writableStreamDefaultWriterOf(this);
    if (writer === null) return rsRejectTypeError("Illegal invocation: not a WritableStreamDefaultWriter");
    if (writer.stream === undefined) return rsRejectTypeError("The writer has been released");
    return writableStreamDefaultWriterWrite(writer, chunk);
  }

  static {
    writableStreamDefaultWriterOf = (v) => (isObject(v) && #s in v ? v.#s : null);
  }
}
setToStringTag(WritableStreamDefaultWriter, "WritableStreamDefaultWriter");
makeEnumerable(WritableStreamDefaultWriter, ["closed", "desiredSize", "ready", "abort", "close", "releaseLock", "write"]);

function acquireWritableStreamDefaultWriter(s) {
  const writer = { api: undefined, stream: undefined, closed: undefined, ready: undefined };
  setUpWritableStreamDefaultWriter(writer, s);
  writer.api = new WritableStreamDefaultWriter(streamsConstructKey, writer);
  return writer;
}

function setUpWritableStreamDefaultWriter(writer, s) {
  if (isWritableStreamLocked(s)) throw new TypeError_("The WritableStream is locked to a writer");
  writer.stream = s;
  s.writer = writer;
  const state = s.state;
  if (state === "writable") {
    writer.ready = !writableStreamCloseQueuedOrInFlight(s) && s.backpressure ? streamsDeferred() : resolvedDeferred(undefined);
    writer.closed = streamsDeferred();
  } else if (state === "erroring") {
    writer.ready = rejectedDeferred(s.storedError, true);
    writer.closed = streamsDeferred();
  } else if (state === "closed") {
    writer.ready = resolvedDeferred(undefined);
    writer.closed = resolvedDeferred(undefined);
  } else {
    writer.ready = rejectedDeferred(s.storedError, true);
    writer.closed = rejectedDeferred(s.storedError, true);
  }
}

function writableStreamDefaultWriterCloseWithErrorPropagation(writer) {
  const s = writer.stream;
  const state = s.state;
  if (writableStreamCloseQueuedOrInFlight(s) || state === "closed") return PromiseResolve(undefined);
  if (state === "errored") return PromiseReject(s.storedError);
  return writableStreamClose(s);
}

function writableStreamDefaultWriterEnsureClosedPromiseRejected(writer, error) {
  if (writer.closed.pending) deferredReject(writer.closed, error);
  else writer.closed = rejectedDeferred(error, false);
  markPromiseHandled(writer.closed.promise);
}

function writableStreamDefaultWriterEnsureReadyPromiseRejected(writer, error) {
  if (writer.ready.pending) deferredReject(writer.ready, error);
  else writer.ready = rejectedDeferred(error, false);
  markPromiseHandled(writer.ready.promise);
}

function writableStreamDefaultWriterGetDesiredSize(writer) {
  const s = writer.stream;
  const state = s.state;
  if (state === "errored" || state === "erroring") return null;
  if (state === "closed") return 0;
  return writableStreamDefaultControllerGetDesiredSize(s.controller);
}

function writableStreamDefaultWriterRelease(writer) {
  const s = writer.stream;
  const releasedError = new TypeError_("The writer was released");
  writableStreamDefaultWriterEnsureReadyPromiseRejected(writer, releasedError);
  writableStreamDefaultWriterEnsureClosedPromiseRejected(writer, releasedError);
  s.writer = undefined;
  writer.stream = undefined;
}

function writableStreamDefaultWriterWrite(writer, chunk) {
  const s = writer.stream;
  const c = s.controller;
  const chunkSize = writableStreamDefaultControllerGetChunkSize(c, chunk);
  if (s !== writer.stream) return rsRejectTypeError("The writer was released");
  const state = s.state;
  if (state === "errored") return PromiseReject(s.storedError);
  if (writableStreamCloseQueuedOrInFlight(s) || state === "closed") return rsRejectTypeError("The WritableStream is closing or closed");
  if (state === "erroring") return PromiseReject(s.storedError);
  const promise = writableStreamAddWriteRequest(s);
  writableStreamDefaultControllerWrite(c, chunk, chunkSize);
  return promise;
}

// ---------------------------------------------------------------------------------------------------
// WritableStreamDefaultController

class WritableStreamDefaultController {
  #s;

  constructor(key = undefined, record = undefined) {
    if (key !== streamsConstructKey) throw new TypeError_("Illegal constructor");
    this.#s = record;
  }

  get signal() {
    const c = writableStreamDefaultControllerOf(this);
    if (c === null) throw new TypeError_("Illegal invocation: not a WritableStreamDefaultController");
    return c.abortController.signal;
  }

  error(e = undefined) {
    const c = writableStreamDefaultControllerOf(this);
    if (c === null) throw new TypeError_("Illegal invocation: not a WritableStreamDefaultController");
    if (c.stream.state !== "writable") return;
    writableStreamDefaultControllerError(c, e);
  }

  static {
    writableStreamDefaultControllerOf = (v) => (isObject(v) && #s in v ? v.#s : null);
  }
}
setToStringTag(WritableStreamDefaultController, "WritableStreamDefaultController");
makeEnumerable(WritableStreamDefaultController, ["signal", "error"]);

function newWritableStreamDefaultControllerRecord() {
  const c = {
    api: undefined, stream: undefined, queue: undefined, queueTotalSize: 0, abortController: undefined, started: false,
    strategySizeAlgorithm: undefined, strategyHWM: 0, writeAlgorithm: undefined, closeAlgorithm: undefined, abortAlgorithm: undefined,
  };
  c.api = new WritableStreamDefaultController(streamsConstructKey, c);
  return c;
}

function setUpWritableStreamDefaultController(s, c, startAlgorithm, writeAlgorithm, closeAlgorithm, abortAlgorithm, highWaterMark, sizeAlgorithm) {
  c.stream = s;
  s.controller = c;
  resetQueue(c);
  c.abortController = { signal: createAbortSignal() };
  c.started = false;
  c.strategySizeAlgorithm = sizeAlgorithm;
  c.strategyHWM = highWaterMark;
  c.writeAlgorithm = writeAlgorithm;
  c.closeAlgorithm = closeAlgorithm;
  c.abortAlgorithm = abortAlgorithm;
  writableStreamUpdateBackpressure(s, writableStreamDefaultControllerGetBackpressure(c));
  const startResult = startAlgorithm();
  uponPromise(PromiseResolve(startResult), () => {
    c.started = true;
    writableStreamDefaultControllerAdvanceQueueIfNeeded(c);
  }, (r) => {
    c.started = true;
    writableStreamDealWithRejection(s, r);
  });
}

function setUpWritableStreamDefaultControllerFromUnderlyingSink(s, sink, dict, highWaterMark, sizeAlgorithm) {
  const c = newWritableStreamDefaultControllerRecord();
  const start = dict.start, write = dict.write, close = dict.close, abort = dict.abort;
  const startAlgorithm = start === undefined ? streamsNoop : () => ReflectApply(start, sink, [c.api]);
  const writeAlgorithm = write === undefined ? streamsResolvedUndefined : (chunk) => promiseCall(write, sink, [chunk, c.api]);
  const closeAlgorithm = close === undefined ? streamsResolvedUndefined : () => promiseCall(close, sink, []);
  const abortAlgorithm = abort === undefined ? streamsResolvedUndefined : (reason) => promiseCall(abort, sink, [reason]);
  setUpWritableStreamDefaultController(s, c, startAlgorithm, writeAlgorithm, closeAlgorithm, abortAlgorithm, highWaterMark, sizeAlgorithm);
}

function writableStreamDefaultControllerAbortSteps(c, reason) {
  const result = c.abortAlgorithm(reason);
  writableStreamDefaultControllerClearAlgorithms(c);
  return result;
}

function writableStreamDefaultControllerAdvanceQueueIfNeeded(c) {
  const s = c.stream;
  if (!c.started) return;
  if (s.inFlightWriteRequest !== undefined) return;
  if (s.state === "erroring") {
    writableStreamFinishErroring(s);
    return;
  }
  if (c.queue.size() === 0) return;
  const value = peekQueueValue(c);
  if (value === writableCloseSentinel) writableStreamDefaultControllerProcessClose(c);
  else writableStreamDefaultControllerProcessWrite(c, value);
}

function writableStreamDefaultControllerClearAlgorithms(c) {
  c.writeAlgorithm = undefined;
  c.closeAlgorithm = undefined;
  c.abortAlgorithm = undefined;
  c.strategySizeAlgorithm = undefined;
}

function writableStreamDefaultControllerClose(c) {
  enqueueValueWithSize(c, writableCloseSentinel, 0);
  writableStreamDefaultControllerAdvanceQueueIfNeeded(c);
}

function writableStreamDefaultControllerError(c, error) {
  writableStreamDefaultControllerClearAlgorithms(c);
  writableStreamStartErroring(c.stream, error);
}

function writableStreamDefaultControllerErrorIfNeeded(c, error) {
  if (c.stream.state === "writable") writableStreamDefaultControllerError(c, error);
}

function writableStreamDefaultControllerGetBackpressure(c) {
  return writableStreamDefaultControllerGetDesiredSize(c) <= 0;
}

function writableStreamDefaultControllerGetChunkSize(c, chunk) {
  if (c.strategySizeAlgorithm === undefined) return 1;
  try {
    return c.strategySizeAlgorithm(chunk);
  } catch (e) {
    writableStreamDefaultControllerErrorIfNeeded(c, e);
    return 1;
  }
}

function writableStreamDefaultControllerGetDesiredSize(c) {
  return c.strategyHWM - c.queueTotalSize;
}

function writableStreamDefaultControllerProcessClose(c) {
  const s = c.stream;
  writableStreamMarkCloseRequestInFlight(s);
  dequeueValue(c);
  const sinkClosePromise = c.closeAlgorithm();
  writableStreamDefaultControllerClearAlgorithms(c);
  uponPromise(sinkClosePromise, () => {
    writableStreamFinishInFlightClose(s);
  }, (reason) => {
    writableStreamFinishInFlightCloseWithError(s, reason);
  });
}

function writableStreamDefaultControllerProcessWrite(c, chunk) {
  const s = c.stream;
  writableStreamMarkFirstWriteRequestInFlight(s);
  const sinkWritePromise = c.writeAlgorithm(chunk);
  uponPromise(sinkWritePromise, () => {
    writableStreamFinishInFlightWrite(s);
    const state = s.state;
    dequeueValue(c);
    if (!writableStreamCloseQueuedOrInFlight(s) && state === "writable") {
      writableStreamUpdateBackpressure(s, writableStreamDefaultControllerGetBackpressure(c));
    }
    writableStreamDefaultControllerAdvanceQueueIfNeeded(c);
  }, (reason) => {
    if (s.state === "writable") writableStreamDefaultControllerClearAlgorithms(c);
    writableStreamFinishInFlightWriteWithError(s, reason);
  });
}

function writableStreamDefaultControllerWrite(c, chunk, chunkSize) {
  try {
    enqueueValueWithSize(c, chunk, chunkSize);
  } catch (e) {
    writableStreamDefaultControllerErrorIfNeeded(c, e);
    return;
  }
  const s = c.stream;
  if (!writableStreamCloseQueuedOrInFlight(s) && s.state === "writable") {
    writableStreamUpdateBackpressure(s, writableStreamDefaultControllerGetBackpressure(c));
  }
  writableStreamDefaultControllerAdvanceQueueIfNeeded(c);
}

consoleRegisterInspectable(WritableStream, "attributes");

exposeGlobal("WritableStream", WritableStream);
exposeGlobal("WritableStreamDefaultWriter", WritableStreamDefaultWriter);
exposeGlobal("WritableStreamDefaultController", WritableStreamDefaultController);
