// 25b_streams_readable.js — ReadableStream, its default controller and default reader (Streams §4).
// tee/from/async iteration are in 25c, byte streams in 25d, pipeTo in 25f.
//
// Records (see 25a):
//   stream     { api, state: "readable"|"closed"|"errored", reader, storedError, disturbed, controller }
//   controller { api, byte: false, stream, queue, queueTotalSize, started, closeRequested, pullAgain,
//                pulling, strategySizeAlgorithm, strategyHWM, pullAlgorithm, cancelAlgorithm }
//   reader     { api, byob: boolean, stream, closed: deferred, requests: StreamsList }
//   read request      { chunkSteps(chunk), closeSteps(), errorSteps(e) }
//
// Internal helpers for later files:
//   createReadableStream(start, pull, cancel, hwm = 1, size = () => 1) → stream record
//   readableStreamRecordOf(value) → record or null;  readableStreamCancel(s, reason) → Promise
//   acquireReadableStreamDefaultReader(s), readableStreamDefaultReaderRead(reader, readRequest),
//   readableStreamDefaultReaderRelease(reader)
//   readableStreamDefaultControllerEnqueue/Close/Error(controller, …)

let readableStreamRecordOf;        // (value) → record or null
let readableStreamDefaultControllerOf;
let readableStreamDefaultReaderOf;

function newReadableStreamRecord(api) {
  return { api, state: "readable", reader: undefined, storedError: undefined, disturbed: false, controller: undefined };
}

function rsRejectTypeError(message) {
  return PromiseReject(new TypeError_(message));
}

/** UnderlyingSource dictionary (members in lexicographic order). */
function readUnderlyingSource(source, context) {
  const out = { autoAllocateChunkSize: undefined, cancel: undefined, pull: undefined, start: undefined, type: undefined };
  if (source === null) return out;
  const size = source.autoAllocateChunkSize;
  if (size !== undefined) out.autoAllocateChunkSize = toEnforcedUnsignedLongLong(size, context + ": autoAllocateChunkSize");
  out.cancel = toCallback(source.cancel, context, "cancel");
  out.pull = toCallback(source.pull, context, "pull");
  out.start = toCallback(source.start, context, "start");
  const type = source.type;
  if (type !== undefined) {
    out.type = toDOMString(type);
    if (out.type !== "bytes") throw new TypeError_(`${context}: '${out.type}' is not a valid value for 'type'`);
  }
  return out;
}

class ReadableStream {
  #s;

  constructor(underlyingSource = undefined, strategy = undefined) {
    if (underlyingSource === streamsConstructKey) {
      this.#s = newReadableStreamRecord(this);
      return;
    }
    const context = "Failed to construct 'ReadableStream'";
    if (underlyingSource !== undefined && !isObject(underlyingSource)) {
      throw new TypeError_(`${context}: the underlying source is not an object`);
    }
    const strategyRec = readQueuingStrategy(strategy, context);
    const source = underlyingSource === undefined ? null : underlyingSource;
    const dict = readUnderlyingSource(source, context);
    const s = newReadableStreamRecord(this);
    this.#s = s;
    if (dict.type === "bytes") {
      if (strategyRec.size !== undefined) throw new RangeError_(`${context}: a byte stream cannot have a size function`);
      const hwm = extractHighWaterMark(strategyRec, 0);
      setUpReadableByteStreamControllerFromUnderlyingSource(s, source, dict, hwm);
    } else {
      const sizeAlgorithm = extractSizeAlgorithm(strategyRec);
      const hwm = extractHighWaterMark(strategyRec, 1);
      setUpReadableStreamDefaultControllerFromUnderlyingSource(s, source, dict, hwm, sizeAlgorithm);
    }
  }

  static from(asyncIterable) {
    requireArguments(arguments.length, 1, "Failed to execute 'from' on 'ReadableStream'");
    return readableStreamFromIterable(asyncIterable).api;
  }

  get locked() {
    return isReadableStreamLocked(readableStreamCheck(this));
  }

  cancel(reason = undefined) {
    const s = readableStreamRecordOf(this);
    if (s === null) return rsRejectTypeError("Illegal invocation: not a ReadableStream");
    if (isReadableStreamLocked(s)) return rsRejectTypeError("Cannot cancel a locked ReadableStream");
    return readableStreamCancel(s, reason);
  }

  getReader(options = undefined) {
    const s = readableStreamCheck(this);
    const d = toDictionary(options, "Failed to execute 'getReader' on 'ReadableStream'");
    if (d !== null) {
      const mode = d.mode;
      if (mode !== undefined) {
        const m = toDOMString(mode);
        if (m !== "byob") throw new TypeError_(`Failed to execute 'getReader' on 'ReadableStream': '${m}' is not a valid value for 'mode'`);
        return acquireReadableStreamBYOBReader(s).api;
      }
    }
    return acquireReadableStreamDefaultReader(s).api;
  }

  pipeThrough(transform, options = undefined) {
    const s = readableStreamCheck(this);
    const context = "Failed to execute 'pipeThrough' on 'ReadableStream'";
    requireArguments(arguments.length, 1, context);
    const pair = readReadableWritablePair(transform, context);
    const o = readStreamPipeOptions(options, context);
    if (isReadableStreamLocked(s)) throw new TypeError_(`${context}: the stream is locked`);
    if (isWritableStreamLocked(pair.writable)) throw new TypeError_(`${context}: the writable side is locked`);
    const promise = readableStreamPipeTo(s, pair.writable, o.preventClose, o.preventAbort, o.preventCancel, o.signal);
    markPromiseHandled(promise);
    return pair.readable.api;
  }

  pipeTo(destination, options = undefined) {
    const s = readableStreamRecordOf(this);
    const context = "Failed to execute 'pipeTo' on 'ReadableStream'";
    if (s === null) return rsRejectTypeError("Illegal invocation: not a ReadableStream");
    if (arguments.length < 1) return rsRejectTypeError(`${context}: 1 argument required, but only 0 present`);
    const dest = writableStreamRecordOf(destination);
    if (dest === null) return rsRejectTypeError(`${context}: the destination is not a WritableStream`);
    let o;
    try { o = readStreamPipeOptions(options, context); } catch (e) { return PromiseReject(e); }
    if (isReadableStreamLocked(s)) return rsRejectTypeError(`${context}: the stream is locked`);
    if (isWritableStreamLocked(dest)) return rsRejectTypeError(`${context}: the destination is locked`);
    return readableStreamPipeTo(s, dest, o.preventClose, o.preventAbort, o.preventCancel, o.signal);
  }

  tee() {
    const branches = readableStreamTee(readableStreamCheck(this), false);
    return [branches[0].api, branches[1].api];
  }

  values(options = undefined) {
    const s = readableStreamCheck(this);
    const d = toDictionary(options, "Failed to execute 'values' on 'ReadableStream'");
    const preventCancel = d === null ? false : !!d.preventCancel;
    const reader = acquireReadableStreamDefaultReader(s);
    return new ReadableStreamAsyncIterator(streamsConstructKey, { reader, preventCancel, ongoing: null, isFinished: false });
  }

  static {
    readableStreamRecordOf = (v) => (isObject(v) && #s in v ? v.#s : null);
  }
}
ObjectDefineProperty(ReadableStream.prototype, SymbolAsyncIterator, {
  value: ReadableStream.prototype.values, writable: true, enumerable: false, configurable: true,
});
setToStringTag(ReadableStream, "ReadableStream");
makeEnumerable(ReadableStream, ["locked", "cancel", "getReader", "pipeThrough", "pipeTo", "tee", "values"]);
ObjectDefineProperty(ReadableStream, "from", { enumerable: true });

function readableStreamCheck(v) {
  const s = readableStreamRecordOf(v);
  if (s === null) throw new TypeError_("Illegal invocation: not a ReadableStream");
  return s;
}

/** ReadableWritablePair dictionary: both members required, checked in order. */
function readReadableWritablePair(value, context) {
  const d = toDictionary(value, context);
  if (d === null) throw new TypeError_(`${context}: 'readable' is required`);
  const readableValue = d.readable;
  if (readableValue === undefined) throw new TypeError_(`${context}: 'readable' is required`);
  const readable = readableStreamRecordOf(readableValue);
  if (readable === null) throw new TypeError_(`${context}: 'readable' is not a ReadableStream`);
  const writableValue = d.writable;
  if (writableValue === undefined) throw new TypeError_(`${context}: 'writable' is required`);
  const writable = writableStreamRecordOf(writableValue);
  if (writable === null) throw new TypeError_(`${context}: 'writable' is not a WritableStream`);
  return { readable, writable };
}

/** StreamPipeOptions dictionary. */
function readStreamPipeOptions(value, context) {
  const d = toDictionary(value, context);
  const o = { preventAbort: false, preventCancel: false, preventClose: false, signal: undefined };
  if (d === null) return o;
  o.preventAbort = !!d.preventAbort;
  o.preventCancel = !!d.preventCancel;
  o.preventClose = !!d.preventClose;
  const signal = d.signal;
  if (signal !== undefined) {
    if (!abortSignalIsInstance(signal)) throw new TypeError_(`${context}: 'signal' is not an AbortSignal`);
    o.signal = signal;
  }
  return o;
}

// ---------------------------------------------------------------------------------------------------
// Abstract operations on streams

function createReadableStream(startAlgorithm, pullAlgorithm, cancelAlgorithm, highWaterMark = 1, sizeAlgorithm = streamsSizeOne) {
  const s = readableStreamRecordOf(new ReadableStream(streamsConstructKey));
  const c = newReadableStreamDefaultControllerRecord();
  setUpReadableStreamDefaultController(s, c, startAlgorithm, pullAlgorithm, cancelAlgorithm, highWaterMark, sizeAlgorithm);
  return s;
}

function isReadableStreamLocked(s) {
  return s.reader !== undefined;
}

function readableStreamCancel(s, reason) {
  s.disturbed = true;
  if (s.state === "closed") return PromiseResolve(undefined);
  if (s.state === "errored") return PromiseReject(s.storedError);
  readableStreamClose(s);
  const reader = s.reader;
  if (reader !== undefined && reader.byob) {
    const requests = reader.requests.drain();
    for (let i = 0; i < requests.length; i++) requests[i].closeSteps(undefined);
  }
  const sourceCancelPromise = s.controller.byte
    ? readableByteStreamControllerCancelSteps(s.controller, reason)
    : readableStreamDefaultControllerCancelSteps(s.controller, reason);
  return transformPromise(sourceCancelPromise, streamsNoop);
}

function readableStreamClose(s) {
  s.state = "closed";
  const reader = s.reader;
  if (reader === undefined) return;
  deferredResolve(reader.closed, undefined);
  if (!reader.byob) {
    const requests = reader.requests.drain();
    for (let i = 0; i < requests.length; i++) requests[i].closeSteps();
  }
}

function readableStreamError(s, e) {
  s.state = "errored";
  s.storedError = e;
  const reader = s.reader;
  if (reader === undefined) return;
  deferredReject(reader.closed, e);
  markPromiseHandled(reader.closed.promise);
  readableStreamReaderErrorRequests(reader, e);
}

function readableStreamAddReadRequest(s, readRequest) {
  s.reader.requests.push(readRequest);
}

function readableStreamFulfillReadRequest(s, chunk, done) {
  const readRequest = s.reader.requests.shift();
  if (done) readRequest.closeSteps();
  else readRequest.chunkSteps(chunk);
}

function readableStreamGetNumReadRequests(s) {
  return s.reader.requests.size();
}

function readableStreamHasDefaultReader(s) {
  return s.reader !== undefined && !s.reader.byob;
}

// ---------------------------------------------------------------------------------------------------
// Readers (generic part and the default reader)

function readableStreamReaderGenericInitialize(reader, s) {
  reader.stream = s;
  s.reader = reader;
  if (s.state === "readable") reader.closed = streamsDeferred();
  else if (s.state === "closed") reader.closed = resolvedDeferred(undefined);
  else reader.closed = rejectedDeferred(s.storedError, true);
}

function readableStreamReaderGenericCancel(reader, reason) {
  return readableStreamCancel(reader.stream, reason);
}

function readableStreamReaderGenericRelease(reader) {
  const s = reader.stream;
  const error = new TypeError_("The reader was released");
  if (s.state === "readable") deferredReject(reader.closed, error);
  else reader.closed = rejectedDeferred(error, false);
  markPromiseHandled(reader.closed.promise);
  if (s.controller.byte) readableByteStreamControllerReleaseSteps(s.controller);
  s.reader = undefined;
  reader.stream = undefined;
}

function readableStreamReaderErrorRequests(reader, e) {
  const requests = reader.requests.drain();
  for (let i = 0; i < requests.length; i++) requests[i].errorSteps(e);
}

function newReaderRecord(byob) {
  return { api: undefined, byob, stream: undefined, closed: undefined, requests: new StreamsList() };
}

function acquireReadableStreamDefaultReader(s) {
  const reader = newReaderRecord(false);
  setUpReadableStreamDefaultReader(reader, s);
  reader.api = new ReadableStreamDefaultReader(streamsConstructKey, reader);
  return reader;
}

function setUpReadableStreamDefaultReader(reader, s) {
  if (isReadableStreamLocked(s)) throw new TypeError_("The ReadableStream is locked to a reader");
  readableStreamReaderGenericInitialize(reader, s);
  reader.requests = new StreamsList();
}

function readableStreamDefaultReaderRead(reader, readRequest) {
  const s = reader.stream;
  s.disturbed = true;
  if (s.state === "closed") readRequest.closeSteps();
  else if (s.state === "errored") readRequest.errorSteps(s.storedError);
  else if (s.controller.byte) readableByteStreamControllerPullSteps(s.controller, readRequest);
  else readableStreamDefaultControllerPullSteps(s.controller, readRequest);
}

function readableStreamDefaultReaderRelease(reader) {
  readableStreamReaderGenericRelease(reader);
  readableStreamReaderErrorRequests(reader, new TypeError_("The reader was released"));
}

/** A read request that settles a promise with { value, done } (what reader.read() returns). */
function promiseReadRequest() {
  const d = streamsDeferred();
  d.chunkSteps = (chunk) => d.resolve({ value: chunk, done: false });
  d.closeSteps = () => d.resolve({ value: undefined, done: true });
  d.errorSteps = (e) => d.reject(e);
  return d;
}

class ReadableStreamDefaultReader {
  #s;

  constructor(stream, record = undefined) {
    if (stream === streamsConstructKey) {
      this.#s = record;
      return;
    }
    requireArguments(arguments.length, 1, "Failed to construct 'ReadableStreamDefaultReader'");
    const s = readableStreamRecordOf(stream);
    if (s === null) throw new TypeError_("Failed to construct 'ReadableStreamDefaultReader': the argument is not a ReadableStream");
    const reader = newReaderRecord(false);
    setUpReadableStreamDefaultReader(reader, s);
    reader.api = this;
    this.#s = reader;
  }

  get closed() {
    const reader = readableStreamDefaultReaderOf(this);
    if (reader === null) return rsRejectTypeError("Illegal invocation: not a ReadableStreamDefaultReader");
    return reader.closed.promise;
  }

  cancel(reason = undefined) {
    const reader = readableStreamDefaultReaderOf(this);
    if (reader === null) return rsRejectTypeError("Illegal invocation: not a ReadableStreamDefaultReader");
    if (reader.stream === undefined) return rsRejectTypeError("The reader has been released");
    return readableStreamReaderGenericCancel(reader, reason);
  }

  read() {
    const reader = readableStreamDefaultReaderOf(this);
    if (reader === null) return rsRejectTypeError("Illegal invocation: not a ReadableStreamDefaultReader");
    if (reader.stream === undefined) return rsRejectTypeError("The reader has been released");
    const readRequest = promiseReadRequest();
    readableStreamDefaultReaderRead(reader, readRequest);
    return readRequest.promise;
  }

  releaseLock() {
    const reader = readableStreamDefaultReaderOf(this);
    if (reader === null) throw new TypeError_("Illegal invocation: not a ReadableStreamDefaultReader");
    if (reader.stream === undefined) return;
    readableStreamDefaultReaderRelease(reader);
  }

  static {
    readableStreamDefaultReaderOf = (v) => (isObject(v) && #s in v ? v.#s : null);
  }
}
setToStringTag(ReadableStreamDefaultReader, "ReadableStreamDefaultReader");
makeEnumerable(ReadableStreamDefaultReader, ["closed", "cancel", "read", "releaseLock"]);

// ---------------------------------------------------------------------------------------------------
// ReadableStreamDefaultController

class ReadableStreamDefaultController {
  #s;

  constructor(key = undefined, record = undefined) {
    if (key !== streamsConstructKey) throw new TypeError_("Illegal constructor");
    this.#s = record;
  }

  get desiredSize() {
    return readableStreamDefaultControllerGetDesiredSize(readableStreamDefaultControllerCheck(this));
  }

  close() {
    const c = readableStreamDefaultControllerCheck(this);
    if (!readableStreamDefaultControllerCanCloseOrEnqueue(c)) throw new TypeError_("The stream is not in a state that permits close");
    readableStreamDefaultControllerClose(c);
  }

  enqueue(chunk = undefined) {
    const c = readableStreamDefaultControllerCheck(this);
    if (!readableStreamDefaultControllerCanCloseOrEnqueue(c)) throw new TypeError_("The stream is not in a state that permits enqueue");
    readableStreamDefaultControllerEnqueue(c, chunk);
  }

  error(e = undefined) {
    readableStreamDefaultControllerError(readableStreamDefaultControllerCheck(this), e);
  }

  static {
    readableStreamDefaultControllerOf = (v) => (isObject(v) && #s in v ? v.#s : null);
  }
}
setToStringTag(ReadableStreamDefaultController, "ReadableStreamDefaultController");
makeEnumerable(ReadableStreamDefaultController, ["desiredSize", "close", "enqueue", "error"]);

function readableStreamDefaultControllerCheck(v) {
  const c = readableStreamDefaultControllerOf(v);
  if (c === null) throw new TypeError_("Illegal invocation: not a ReadableStreamDefaultController");
  return c;
}

function readableStreamDefaultControllerCallPullIfNeeded(c) {
  if (!readableStreamDefaultControllerShouldCallPull(c)) return;
  if (c.pulling) {
    c.pullAgain = true;
    return;
  }
  c.pulling = true;
  uponPromise(c.pullAlgorithm(), () => {
    c.pulling = false;
    if (c.pullAgain) {
      c.pullAgain = false;
      readableStreamDefaultControllerCallPullIfNeeded(c);
    }
  }, (e) => {
    readableStreamDefaultControllerError(c, e);
  });
}

function readableStreamDefaultControllerShouldCallPull(c) {
  const s = c.stream;
  if (!readableStreamDefaultControllerCanCloseOrEnqueue(c)) return false;
  if (!c.started) return false;
  if (isReadableStreamLocked(s) && readableStreamGetNumReadRequests(s) > 0) return true;
  return readableStreamDefaultControllerGetDesiredSize(c) > 0;
}

function readableStreamDefaultControllerClearAlgorithms(c) {
  c.pullAlgorithm = undefined;
  c.cancelAlgorithm = undefined;
  c.strategySizeAlgorithm = undefined;
}

function readableStreamDefaultControllerClose(c) {
  if (!readableStreamDefaultControllerCanCloseOrEnqueue(c)) return;
  c.closeRequested = true;
  if (c.queue.size() === 0) {
    readableStreamDefaultControllerClearAlgorithms(c);
    readableStreamClose(c.stream);
  }
}

function readableStreamDefaultControllerEnqueue(c, chunk) {
  if (!readableStreamDefaultControllerCanCloseOrEnqueue(c)) return;
  const s = c.stream;
  if (isReadableStreamLocked(s) && readableStreamGetNumReadRequests(s) > 0) {
    readableStreamFulfillReadRequest(s, chunk, false);
  } else {
    let chunkSize;
    try {
      chunkSize = c.strategySizeAlgorithm(chunk);
    } catch (e) {
      readableStreamDefaultControllerError(c, e);
      throw e;
    }
    try {
      enqueueValueWithSize(c, chunk, chunkSize);
    } catch (e) {
      readableStreamDefaultControllerError(c, e);
      throw e;
    }
  }
  readableStreamDefaultControllerCallPullIfNeeded(c);
}

function readableStreamDefaultControllerError(c, e) {
  const s = c.stream;
  if (s.state !== "readable") return;
  resetQueue(c);
  readableStreamDefaultControllerClearAlgorithms(c);
  readableStreamError(s, e);
}

function readableStreamDefaultControllerGetDesiredSize(c) {
  const state = c.stream.state;
  if (state === "errored") return null;
  if (state === "closed") return 0;
  return c.strategyHWM - c.queueTotalSize;
}

function readableStreamDefaultControllerHasBackpressure(c) {
  return !readableStreamDefaultControllerShouldCallPull(c);
}

function readableStreamDefaultControllerCanCloseOrEnqueue(c) {
  return !c.closeRequested && c.stream.state === "readable";
}

function readableStreamDefaultControllerCancelSteps(c, reason) {
  resetQueue(c);
  const result = c.cancelAlgorithm(reason);
  readableStreamDefaultControllerClearAlgorithms(c);
  return result;
}

function readableStreamDefaultControllerPullSteps(c, readRequest) {
  const s = c.stream;
  if (c.queue.size() > 0) {
    const chunk = dequeueValue(c);
    if (c.closeRequested && c.queue.size() === 0) {
      readableStreamDefaultControllerClearAlgorithms(c);
      readableStreamClose(s);
    } else {
      readableStreamDefaultControllerCallPullIfNeeded(c);
    }
    readRequest.chunkSteps(chunk);
  } else {
    readableStreamAddReadRequest(s, readRequest);
    readableStreamDefaultControllerCallPullIfNeeded(c);
  }
}

function newReadableStreamDefaultControllerRecord() {
  const c = {
    api: undefined, byte: false, stream: undefined, queue: undefined, queueTotalSize: 0, started: false,
    closeRequested: false, pullAgain: false, pulling: false, strategySizeAlgorithm: undefined, strategyHWM: 0,
    pullAlgorithm: undefined, cancelAlgorithm: undefined,
  };
  c.api = new ReadableStreamDefaultController(streamsConstructKey, c);
  return c;
}

function setUpReadableStreamDefaultController(s, c, startAlgorithm, pullAlgorithm, cancelAlgorithm, highWaterMark, sizeAlgorithm) {
  c.stream = s;
  resetQueue(c);
  c.started = false;
  c.closeRequested = false;
  c.pullAgain = false;
  c.pulling = false;
  c.strategySizeAlgorithm = sizeAlgorithm;
  c.strategyHWM = highWaterMark;
  c.pullAlgorithm = pullAlgorithm;
  c.cancelAlgorithm = cancelAlgorithm;
  s.controller = c;
  const startResult = startAlgorithm();
  uponPromise(PromiseResolve(startResult), () => {
    c.started = true;
    readableStreamDefaultControllerCallPullIfNeeded(c);
  }, (r) => {
    readableStreamDefaultControllerError(c, r);
  });
}

function setUpReadableStreamDefaultControllerFromUnderlyingSource(s, source, dict, highWaterMark, sizeAlgorithm) {
  const c = newReadableStreamDefaultControllerRecord();
  const start = dict.start, pull = dict.pull, cancel = dict.cancel;
  const startAlgorithm = start === undefined ? streamsNoop : () => ReflectApply(start, source, [c.api]);
  const pullAlgorithm = pull === undefined ? streamsResolvedUndefined : () => promiseCall(pull, source, [c.api]);
  const cancelAlgorithm = cancel === undefined ? streamsResolvedUndefined : (reason) => promiseCall(cancel, source, [reason]);
  setUpReadableStreamDefaultController(s, c, startAlgorithm, pullAlgorithm, cancelAlgorithm, highWaterMark, sizeAlgorithm);
}

consoleRegisterInspectable(ReadableStream, "attributes");

exposeGlobal("ReadableStream", ReadableStream);
exposeGlobal("ReadableStreamDefaultReader", ReadableStreamDefaultReader);
exposeGlobal("ReadableStreamDefaultController", ReadableStreamDefaultController);
