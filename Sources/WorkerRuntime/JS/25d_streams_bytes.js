// 25d_streams_bytes.js — readable byte streams (Streams §4.7–4.10): ReadableByteStreamController,
// ReadableStreamBYOBRequest and ReadableStreamBYOBReader (their tee() is in 25c).
//
// Records (see 25a/25b):
//   controller { api, byte: true, stream, queue (of { buffer, byteOffset, byteLength }), queueTotalSize,
//                started, closeRequested, pullAgain, pulling, byobRequest (record|null),
//                autoAllocateChunkSize, strategyHWM, pullAlgorithm, cancelAlgorithm, pendingPullIntos }
//   pull-into descriptor { buffer, bufferByteLength, byteOffset, byteLength, bytesFilled, minimumFill,
//                          elementSize, viewConstructor, readerType: "default"|"byob"|"none" }
//   BYOB request { api, controller, view }
//
// Internal helpers for later files:
//   createReadableByteStream(start, pull, cancel, hwm = 0, autoAllocateChunkSize) → stream record
//   readableByteStreamControllerEnqueueOwned(controller, Uint8Array)   enqueue bytes the glue owns (no copy)
//   readableByteStreamControllerClose/Error(controller, …), readableByteStreamControllerGetDesiredSize

let readableByteStreamControllerOf;
let readableStreamBYOBRequestOf;
let readableStreamBYOBReaderOf;

class ReadableByteStreamController {
  #s;

  constructor(key = undefined, record = undefined) {
    if (key !== streamsConstructKey) throw new TypeError_("Illegal constructor");
    this.#s = record;
  }

  get byobRequest() {
    const r = readableByteStreamControllerGetBYOBRequest(readableByteStreamControllerCheck(this));
    return r === null ? null : r.api;
  }

  get desiredSize() {
    return readableByteStreamControllerGetDesiredSize(readableByteStreamControllerCheck(this));
  }

  close() {
    const c = readableByteStreamControllerCheck(this);
    if (c.closeRequested) throw new TypeError_("The stream is already closing");
    if (c.stream.state !== "readable") throw new TypeError_("The stream is not readable");
    readableByteStreamControllerClose(c);
  }

  enqueue(chunk) {
    const c = readableByteStreamControllerCheck(this);
    const context = "Failed to execute 'enqueue' on 'ReadableByteStreamController'";
    requireArguments(arguments.length, 1, context);
    if (!ArrayBufferIsView(chunk)) throw new TypeError_(`${context}: the chunk is not an ArrayBufferView`);
    if (viewByteLength(chunk) === 0) throw new TypeError_(`${context}: the chunk is empty`);
    if (ArrayBufferPrototypeGetByteLength.call(viewBuffer(chunk)) === 0) throw new TypeError_(`${context}: the chunk's buffer is detached or empty`);
    if (c.closeRequested) throw new TypeError_(`${context}: the stream is closing`);
    if (c.stream.state !== "readable") throw new TypeError_(`${context}: the stream is not readable`);
    readableByteStreamControllerEnqueue(c, chunk, false);
  }

  error(e = undefined) {
    readableByteStreamControllerError(readableByteStreamControllerCheck(this), e);
  }

  static {
    readableByteStreamControllerOf = (v) => (isObject(v) && #s in v ? v.#s : null);
  }
}
setToStringTag(ReadableByteStreamController, "ReadableByteStreamController");
makeEnumerable(ReadableByteStreamController, ["byobRequest", "desiredSize", "close", "enqueue", "error"]);

function readableByteStreamControllerCheck(v) {
  const c = readableByteStreamControllerOf(v);
  if (c === null) throw new TypeError_("Illegal invocation: not a ReadableByteStreamController");
  return c;
}

class ReadableStreamBYOBRequest {
  #s;

  constructor(key = undefined, record = undefined) {
    if (key !== streamsConstructKey) throw new TypeError_("Illegal constructor");
    this.#s = record;
  }

  get view() {
    return readableStreamBYOBRequestCheck(this).view;
  }

  respond(bytesWritten) {
    const r = readableStreamBYOBRequestCheck(this);
    const context = "Failed to execute 'respond' on 'ReadableStreamBYOBRequest'";
    requireArguments(arguments.length, 1, context);
    const n = toEnforcedUnsignedLongLong(bytesWritten, context);
    if (r.controller === undefined) throw new TypeError_(`${context}: the request is no longer valid`);
    if (streamsIsDetached(viewBuffer(r.view))) throw new TypeError_(`${context}: the view's buffer is detached`);
    readableByteStreamControllerRespond(r.controller, n);
  }

  respondWithNewView(view) {
    const r = readableStreamBYOBRequestCheck(this);
    const context = "Failed to execute 'respondWithNewView' on 'ReadableStreamBYOBRequest'";
    requireArguments(arguments.length, 1, context);
    if (!ArrayBufferIsView(view)) throw new TypeError_(`${context}: the argument is not an ArrayBufferView`);
    if (r.controller === undefined) throw new TypeError_(`${context}: the request is no longer valid`);
    if (streamsIsDetached(viewBuffer(view))) throw new TypeError_(`${context}: the view's buffer is detached`);
    readableByteStreamControllerRespondWithNewView(r.controller, view);
  }

  static {
    readableStreamBYOBRequestOf = (v) => (isObject(v) && #s in v ? v.#s : null);
  }
}
setToStringTag(ReadableStreamBYOBRequest, "ReadableStreamBYOBRequest");
makeEnumerable(ReadableStreamBYOBRequest, ["view", "respond", "respondWithNewView"]);

function readableStreamBYOBRequestCheck(v) {
  const r = readableStreamBYOBRequestOf(v);
  if (r === null) throw new TypeError_("Illegal invocation: not a ReadableStreamBYOBRequest");
  return r;
}

class ReadableStreamBYOBReader {
  #s;

  constructor(stream, record = undefined) {
    if (stream === streamsConstructKey) {
      this.#s = record;
      return;
    }
    requireArguments(arguments.length, 1, "Failed to construct 'ReadableStreamBYOBReader'");
    const s = readableStreamRecordOf(stream);
    if (s === null) throw new TypeError_("Failed to construct 'ReadableStreamBYOBReader': the argument is not a ReadableStream");
    const reader = newReaderRecord(true);
    setUpReadableStreamBYOBReader(reader, s);
    reader.api = this;
    this.#s = reader;
  }

  get closed() {
    const reader = readableStreamBYOBReaderOf(this);
    if (reader === null) return rsRejectTypeError("Illegal invocation: not a ReadableStreamBYOBReader");
    return reader.closed.promise;
  }

  cancel(reason = undefined) {
    const reader = readableStreamBYOBReaderOf(this);
    if (reader === null) return rsRejectTypeError("Illegal invocation: not a ReadableStreamBYOBReader");
    if (reader.stream === undefined) return rsRejectTypeError("The reader has been released");
    return readableStreamReaderGenericCancel(reader, reason);
  }

  read(view, options = undefined) {
    const reader = readableStreamBYOBReaderOf(this);
    const context = "Failed to execute 'read' on 'ReadableStreamBYOBReader'";
    if (reader === null) return rsRejectTypeError("Illegal invocation: not a ReadableStreamBYOBReader");
    if (arguments.length < 1) return rsRejectTypeError(`${context}: 1 argument required, but only 0 present`);
    if (!ArrayBufferIsView(view)) return rsRejectTypeError(`${context}: the argument is not an ArrayBufferView`);
    let min = 1;
    try {
      const d = toDictionary(options, context);
      if (d !== null && d.min !== undefined) min = toEnforcedUnsignedLongLong(d.min, context);
    } catch (e) {
      return PromiseReject(e);
    }
    if (viewByteLength(view) === 0) return rsRejectTypeError(`${context}: the view is empty`);
    const buffer = viewBuffer(view);
    if (ArrayBufferPrototypeGetByteLength.call(buffer) === 0) return rsRejectTypeError(`${context}: the view's buffer is detached or empty`);
    if (min === 0) return rsRejectTypeError(`${context}: 'min' must be greater than 0`);
    if (view instanceof DataView_) {
      if (min > viewByteLength(view)) return PromiseReject(new RangeError_(`${context}: 'min' is larger than the view`));
    } else if (min > TypedArrayPrototypeGetLength.call(view)) {
      return PromiseReject(new RangeError_(`${context}: 'min' is larger than the view`));
    }
    if (reader.stream === undefined) return rsRejectTypeError("The reader has been released");
    const d = streamsDeferred();
    readableStreamBYOBReaderRead(reader, view, min, {
      chunkSteps(chunk) { d.resolve({ value: chunk, done: false }); },
      closeSteps(chunk) { d.resolve({ value: chunk, done: true }); },
      errorSteps(e) { d.reject(e); },
    });
    return d.promise;
  }

  releaseLock() {
    const reader = readableStreamBYOBReaderOf(this);
    if (reader === null) throw new TypeError_("Illegal invocation: not a ReadableStreamBYOBReader");
    if (reader.stream === undefined) return;
    readableStreamBYOBReaderRelease(reader);
  }

  static {
    readableStreamBYOBReaderOf = (v) => (isObject(v) && #s in v ? v.#s : null);
  }
}
setToStringTag(ReadableStreamBYOBReader, "ReadableStreamBYOBReader");
makeEnumerable(ReadableStreamBYOBReader, ["closed", "cancel", "read", "releaseLock"]);

// ---------------------------------------------------------------------------------------------------
// BYOB reader abstract operations

function acquireReadableStreamBYOBReader(s) {
  const reader = newReaderRecord(true);
  setUpReadableStreamBYOBReader(reader, s);
  reader.api = new ReadableStreamBYOBReader(streamsConstructKey, reader);
  return reader;
}

function setUpReadableStreamBYOBReader(reader, s) {
  if (isReadableStreamLocked(s)) throw new TypeError_("The ReadableStream is locked to a reader");
  if (!s.controller.byte) throw new TypeError_("Cannot get a BYOB reader for a stream that is not a byte stream");
  readableStreamReaderGenericInitialize(reader, s);
  reader.requests = new StreamsList();
}

function readableStreamBYOBReaderRead(reader, view, min, readIntoRequest) {
  const s = reader.stream;
  s.disturbed = true;
  if (s.state === "errored") readIntoRequest.errorSteps(s.storedError);
  else readableByteStreamControllerPullInto(s.controller, view, min, readIntoRequest);
}

function readableStreamBYOBReaderRelease(reader) {
  readableStreamReaderGenericRelease(reader);
  readableStreamReaderErrorRequests(reader, new TypeError_("The reader was released"));
}

function readableStreamFulfillReadIntoRequest(s, chunk, done) {
  const readIntoRequest = s.reader.requests.shift();
  if (done) readIntoRequest.closeSteps(chunk);
  else readIntoRequest.chunkSteps(chunk);
}

function readableStreamGetNumReadIntoRequests(s) {
  return s.reader.requests.size();
}

function readableStreamHasBYOBReader(s) {
  return s.reader !== undefined && s.reader.byob;
}

// ---------------------------------------------------------------------------------------------------
// ReadableByteStreamController abstract operations

function readableByteStreamControllerCallPullIfNeeded(c) {
  if (!readableByteStreamControllerShouldCallPull(c)) return;
  if (c.pulling) {
    c.pullAgain = true;
    return;
  }
  c.pulling = true;
  uponPromise(c.pullAlgorithm(), () => {
    c.pulling = false;
    if (c.pullAgain) {
      c.pullAgain = false;
      readableByteStreamControllerCallPullIfNeeded(c);
    }
  }, (e) => {
    readableByteStreamControllerError(c, e);
  });
}

function readableByteStreamControllerClearAlgorithms(c) {
  c.pullAlgorithm = undefined;
  c.cancelAlgorithm = undefined;
}

function readableByteStreamControllerClearPendingPullIntos(c) {
  readableByteStreamControllerInvalidateBYOBRequest(c);
  c.pendingPullIntos = new StreamsList();
}

function readableByteStreamControllerClose(c) {
  const s = c.stream;
  if (c.closeRequested || s.state !== "readable") return;
  if (c.queueTotalSize > 0) {
    c.closeRequested = true;
    return;
  }
  if (c.pendingPullIntos.size() > 0) {
    const first = c.pendingPullIntos.peek();
    if (first.bytesFilled % first.elementSize !== 0) {
      const e = new TypeError_("Insufficient bytes to fill the elements of the pending BYOB read");
      readableByteStreamControllerError(c, e);
      throw e;
    }
  }
  readableByteStreamControllerClearAlgorithms(c);
  readableStreamClose(s);
}

function readableByteStreamControllerCommitPullIntoDescriptor(s, d) {
  let done = false;
  if (s.state === "closed") done = true;
  const filledView = readableByteStreamControllerConvertPullIntoDescriptor(d);
  if (d.readerType === "default") readableStreamFulfillReadRequest(s, filledView, done);
  else readableStreamFulfillReadIntoRequest(s, filledView, done);
}

function readableByteStreamControllerConvertPullIntoDescriptor(d) {
  const buffer = streamsTransferOwned(d.buffer);
  const Ctor = d.viewConstructor;
  return new Ctor(buffer, d.byteOffset, d.bytesFilled / d.elementSize);
}

/** ReadableByteStreamControllerEnqueue; `owned` marks bytes the glue owns (no copy for the transfer). */
function readableByteStreamControllerEnqueue(c, chunk, owned) {
  const s = c.stream;
  if (c.closeRequested || s.state !== "readable") return;
  const buffer = viewBuffer(chunk);
  let byteOffset = viewByteOffset(chunk);
  const byteLength = viewByteLength(chunk);
  if (streamsIsDetached(buffer)) throw new TypeError_("The chunk's buffer is detached");
  let transferredBuffer = buffer;
  if (!owned) {
    const taken = streamsTakeViewFromUser(chunk);
    transferredBuffer = taken.buffer;
    byteOffset = taken.byteOffset;
  }
  if (c.pendingPullIntos.size() > 0) {
    const first = c.pendingPullIntos.peek();
    if (streamsIsDetached(first.buffer)) throw new TypeError_("The BYOB request's buffer is detached");
    readableByteStreamControllerInvalidateBYOBRequest(c);
    first.buffer = streamsTransferOwned(first.buffer);
    if (first.readerType === "none") readableByteStreamControllerEnqueueDetachedPullIntoToQueue(c, first);
  }
  if (readableStreamHasDefaultReader(s)) {
    readableByteStreamControllerProcessReadRequestsUsingQueue(c);
    if (readableStreamGetNumReadRequests(s) === 0) {
      readableByteStreamControllerEnqueueChunkToQueue(c, transferredBuffer, byteOffset, byteLength);
    } else {
      if (c.pendingPullIntos.size() > 0) readableByteStreamControllerShiftPendingPullInto(c);
      readableStreamFulfillReadRequest(s, new Uint8Array_(transferredBuffer, byteOffset, byteLength), false);
    }
  } else if (readableStreamHasBYOBReader(s)) {
    readableByteStreamControllerEnqueueChunkToQueue(c, transferredBuffer, byteOffset, byteLength);
    const filled = readableByteStreamControllerProcessPullIntoDescriptorsUsingQueue(c);
    for (let i = 0; i < filled.length; i++) readableByteStreamControllerCommitPullIntoDescriptor(s, filled[i]);
  } else {
    readableByteStreamControllerEnqueueChunkToQueue(c, transferredBuffer, byteOffset, byteLength);
  }
  readableByteStreamControllerCallPullIfNeeded(c);
}

/** Enqueues bytes the glue owns (a body, a Blob part, host data): no copy. */
function readableByteStreamControllerEnqueueOwned(c, bytes) {
  if (bytes.length === 0) return;
  readableByteStreamControllerEnqueue(c, bytes, true);
}

function readableByteStreamControllerEnqueueChunkToQueue(c, buffer, byteOffset, byteLength) {
  c.queue.push({ buffer, byteOffset, byteLength });
  c.queueTotalSize += byteLength;
}

function readableByteStreamControllerEnqueueClonedChunkToQueue(c, buffer, byteOffset, byteLength) {
  let clone;
  try {
    clone = ReflectApply(ArrayBufferPrototypeSlice, buffer, [byteOffset, byteOffset + byteLength]);
  } catch (e) {
    readableByteStreamControllerError(c, e);
    throw e;
  }
  readableByteStreamControllerEnqueueChunkToQueue(c, clone, 0, byteLength);
}

function readableByteStreamControllerEnqueueDetachedPullIntoToQueue(c, d) {
  if (d.bytesFilled > 0) readableByteStreamControllerEnqueueClonedChunkToQueue(c, d.buffer, d.byteOffset, d.bytesFilled);
  readableByteStreamControllerShiftPendingPullInto(c);
}

function readableByteStreamControllerError(c, e) {
  const s = c.stream;
  if (s.state !== "readable") return;
  readableByteStreamControllerClearPendingPullIntos(c);
  c.queue = new StreamsList();
  c.queueTotalSize = 0;
  readableByteStreamControllerClearAlgorithms(c);
  readableStreamError(s, e);
}

function readableByteStreamControllerFillHeadPullIntoDescriptor(c, size, d) {
  d.bytesFilled += size;
}

function readableByteStreamControllerFillPullIntoDescriptorFromQueue(c, d) {
  const maxBytesToCopy = MathMin(c.queueTotalSize, d.byteLength - d.bytesFilled);
  const maxBytesFilled = d.bytesFilled + maxBytesToCopy;
  let totalBytesToCopyRemaining = maxBytesToCopy;
  let ready = false;
  const remainderBytes = maxBytesFilled % d.elementSize;
  const maxAlignedBytes = maxBytesFilled - remainderBytes;
  if (maxAlignedBytes >= d.minimumFill) {
    totalBytesToCopyRemaining = maxAlignedBytes - d.bytesFilled;
    ready = true;
  }
  const queue = c.queue;
  while (totalBytesToCopyRemaining > 0) {
    const head = queue.peek();
    const bytesToCopy = MathMin(totalBytesToCopyRemaining, head.byteLength);
    const destStart = d.byteOffset + d.bytesFilled;
    copyDataBlockBytes(d.buffer, destStart, head.buffer, head.byteOffset, bytesToCopy);
    if (head.byteLength === bytesToCopy) {
      queue.shift();
    } else {
      head.byteOffset += bytesToCopy;
      head.byteLength -= bytesToCopy;
    }
    c.queueTotalSize -= bytesToCopy;
    readableByteStreamControllerFillHeadPullIntoDescriptor(c, bytesToCopy, d);
    totalBytesToCopyRemaining -= bytesToCopy;
  }
  return ready;
}

function readableByteStreamControllerFillReadRequestFromQueue(c, readRequest) {
  const entry = c.queue.shift();
  c.queueTotalSize -= entry.byteLength;
  readableByteStreamControllerHandleQueueDrain(c);
  readRequest.chunkSteps(new Uint8Array_(entry.buffer, entry.byteOffset, entry.byteLength));
}

function readableByteStreamControllerGetBYOBRequest(c) {
  if (c.byobRequest === null && c.pendingPullIntos.size() > 0) {
    const first = c.pendingPullIntos.peek();
    const view = new Uint8Array_(first.buffer, first.byteOffset + first.bytesFilled, first.byteLength - first.bytesFilled);
    const r = { api: undefined, controller: c, view };
    r.api = new ReadableStreamBYOBRequest(streamsConstructKey, r);
    c.byobRequest = r;
  }
  return c.byobRequest;
}

function readableByteStreamControllerGetDesiredSize(c) {
  const state = c.stream.state;
  if (state === "errored") return null;
  if (state === "closed") return 0;
  return c.strategyHWM - c.queueTotalSize;
}

function readableByteStreamControllerHandleQueueDrain(c) {
  if (c.queueTotalSize === 0 && c.closeRequested) {
    readableByteStreamControllerClearAlgorithms(c);
    readableStreamClose(c.stream);
  } else {
    readableByteStreamControllerCallPullIfNeeded(c);
  }
}

function readableByteStreamControllerInvalidateBYOBRequest(c) {
  const r = c.byobRequest;
  if (r === null) return;
  r.controller = undefined;
  r.view = null;
  c.byobRequest = null;
}

function readableByteStreamControllerProcessPullIntoDescriptorsUsingQueue(c) {
  const filled = [];
  while (c.pendingPullIntos.size() > 0) {
    if (c.queueTotalSize === 0) break;
    const d = c.pendingPullIntos.peek();
    if (readableByteStreamControllerFillPullIntoDescriptorFromQueue(c, d)) {
      readableByteStreamControllerShiftPendingPullInto(c);
      filled[filled.length] = d;
    }
  }
  return filled;
}

function readableByteStreamControllerProcessReadRequestsUsingQueue(c) {
  const reader = c.stream.reader;
  while (reader.requests.size() > 0) {
    if (c.queueTotalSize === 0) return;
    readableByteStreamControllerFillReadRequestFromQueue(c, reader.requests.shift());
  }
}

function readableByteStreamControllerPullInto(c, view, min, readIntoRequest) {
  const s = c.stream;
  const info = viewInfo(view);
  const elementSize = info[0];
  const minimumFill = min * elementSize;
  const byteLength = viewByteLength(view);
  let buffer, byteOffset;
  try {
    const taken = streamsTakeViewFromUser(view);
    buffer = taken.buffer;
    byteOffset = taken.byteOffset;
  } catch (e) {
    readIntoRequest.errorSteps(e);
    return;
  }
  const d = {
    buffer, bufferByteLength: ArrayBufferPrototypeGetByteLength.call(buffer), byteOffset, byteLength, bytesFilled: 0,
    minimumFill, elementSize, viewConstructor: info[1], readerType: "byob",
  };
  if (c.pendingPullIntos.size() > 0) {
    c.pendingPullIntos.push(d);
    s.reader.requests.push(readIntoRequest);
    return;
  }
  if (s.state === "closed") {
    const Ctor = d.viewConstructor;
    readIntoRequest.closeSteps(new Ctor(d.buffer, d.byteOffset, 0));
    return;
  }
  if (c.queueTotalSize > 0) {
    if (readableByteStreamControllerFillPullIntoDescriptorFromQueue(c, d)) {
      const filledView = readableByteStreamControllerConvertPullIntoDescriptor(d);
      readableByteStreamControllerHandleQueueDrain(c);
      readIntoRequest.chunkSteps(filledView);
      return;
    }
    if (c.closeRequested) {
      const e = new TypeError_("Insufficient bytes to fill the BYOB read before the stream closed");
      readableByteStreamControllerError(c, e);
      readIntoRequest.errorSteps(e);
      return;
    }
  }
  c.pendingPullIntos.push(d);
  s.reader.requests.push(readIntoRequest);
  readableByteStreamControllerCallPullIfNeeded(c);
}

function readableByteStreamControllerRespond(c, bytesWritten) {
  const first = c.pendingPullIntos.peek();
  const state = c.stream.state;
  if (state === "closed") {
    if (bytesWritten !== 0) throw new TypeError_("bytesWritten must be 0 once the stream is closed");
  } else {
    if (bytesWritten === 0) throw new TypeError_("bytesWritten must be greater than 0 while the stream is readable");
    if (first.bytesFilled + bytesWritten > first.byteLength) throw new RangeError_("bytesWritten is larger than the BYOB request's view");
  }
  first.buffer = streamsTransferOwned(first.buffer);
  readableByteStreamControllerRespondInternal(c, bytesWritten);
}

function readableByteStreamControllerRespondInClosedState(c, first) {
  if (first.readerType === "none") readableByteStreamControllerShiftPendingPullInto(c);
  const s = c.stream;
  if (readableStreamHasBYOBReader(s)) {
    const filled = [];
    while (filled.length < readableStreamGetNumReadIntoRequests(s)) {
      filled[filled.length] = readableByteStreamControllerShiftPendingPullInto(c);
    }
    for (let i = 0; i < filled.length; i++) readableByteStreamControllerCommitPullIntoDescriptor(s, filled[i]);
  }
}

function readableByteStreamControllerRespondInReadableState(c, bytesWritten, d) {
  readableByteStreamControllerFillHeadPullIntoDescriptor(c, bytesWritten, d);
  if (d.readerType === "none") {
    readableByteStreamControllerEnqueueDetachedPullIntoToQueue(c, d);
    const filled = readableByteStreamControllerProcessPullIntoDescriptorsUsingQueue(c);
    for (let i = 0; i < filled.length; i++) readableByteStreamControllerCommitPullIntoDescriptor(c.stream, filled[i]);
    return;
  }
  if (d.bytesFilled < d.minimumFill) return;
  readableByteStreamControllerShiftPendingPullInto(c);
  const remainderSize = d.bytesFilled % d.elementSize;
  if (remainderSize > 0) {
    const end = d.byteOffset + d.bytesFilled;
    readableByteStreamControllerEnqueueClonedChunkToQueue(c, d.buffer, end - remainderSize, remainderSize);
  }
  d.bytesFilled -= remainderSize;
  const filled = readableByteStreamControllerProcessPullIntoDescriptorsUsingQueue(c);
  readableByteStreamControllerCommitPullIntoDescriptor(c.stream, d);
  for (let i = 0; i < filled.length; i++) readableByteStreamControllerCommitPullIntoDescriptor(c.stream, filled[i]);
}

function readableByteStreamControllerRespondInternal(c, bytesWritten) {
  const first = c.pendingPullIntos.peek();
  readableByteStreamControllerInvalidateBYOBRequest(c);
  if (c.stream.state === "closed") readableByteStreamControllerRespondInClosedState(c, first);
  else readableByteStreamControllerRespondInReadableState(c, bytesWritten, first);
  readableByteStreamControllerCallPullIfNeeded(c);
}

function readableByteStreamControllerRespondWithNewView(c, view) {
  const first = c.pendingPullIntos.peek();
  const state = c.stream.state;
  const byteLength = viewByteLength(view);
  if (state === "closed") {
    if (byteLength !== 0) throw new TypeError_("The view must be empty once the stream is closed");
  } else if (byteLength === 0) {
    throw new TypeError_("The view must not be empty while the stream is readable");
  }
  const buffer = viewBuffer(view);
  if (first.byteOffset + first.bytesFilled !== viewByteOffset(view)) throw new RangeError_("The view's offset does not match the BYOB request");
  if (first.bufferByteLength !== ArrayBufferPrototypeGetByteLength.call(buffer)) throw new RangeError_("The view's buffer length does not match the BYOB request");
  if (first.bytesFilled + byteLength > first.byteLength) throw new RangeError_("The view is larger than the BYOB request");
  first.buffer = streamsTransferFromUser(buffer);
  readableByteStreamControllerRespondInternal(c, byteLength);
}

function readableByteStreamControllerShiftPendingPullInto(c) {
  return c.pendingPullIntos.shift();
}

function readableByteStreamControllerShouldCallPull(c) {
  const s = c.stream;
  if (s.state !== "readable") return false;
  if (c.closeRequested) return false;
  if (!c.started) return false;
  if (readableStreamHasDefaultReader(s) && readableStreamGetNumReadRequests(s) > 0) return true;
  if (readableStreamHasBYOBReader(s) && readableStreamGetNumReadIntoRequests(s) > 0) return true;
  return readableByteStreamControllerGetDesiredSize(c) > 0;
}

function readableByteStreamControllerCancelSteps(c, reason) {
  readableByteStreamControllerClearPendingPullIntos(c);
  c.queue = new StreamsList();
  c.queueTotalSize = 0;
  const result = c.cancelAlgorithm(reason);
  readableByteStreamControllerClearAlgorithms(c);
  return result;
}

function readableByteStreamControllerPullSteps(c, readRequest) {
  const s = c.stream;
  if (c.queueTotalSize > 0) {
    readableByteStreamControllerFillReadRequestFromQueue(c, readRequest);
    return;
  }
  const size = c.autoAllocateChunkSize;
  if (size !== undefined) {
    let buffer;
    try {
      buffer = new ArrayBuffer_(size);
    } catch (e) {
      readRequest.errorSteps(e);
      return;
    }
    c.pendingPullIntos.push({
      buffer, bufferByteLength: size, byteOffset: 0, byteLength: size, bytesFilled: 0, minimumFill: 1,
      elementSize: 1, viewConstructor: Uint8Array_, readerType: "default",
    });
  }
  readableStreamAddReadRequest(s, readRequest);
  readableByteStreamControllerCallPullIfNeeded(c);
}

function readableByteStreamControllerReleaseSteps(c) {
  if (c.pendingPullIntos.size() > 0) {
    const first = c.pendingPullIntos.peek();
    first.readerType = "none";
    c.pendingPullIntos = new StreamsList();
    c.pendingPullIntos.push(first);
  }
}

function newReadableByteStreamControllerRecord() {
  const c = {
    api: undefined, byte: true, stream: undefined, queue: new StreamsList(), queueTotalSize: 0, started: false,
    closeRequested: false, pullAgain: false, pulling: false, byobRequest: null, autoAllocateChunkSize: undefined,
    strategyHWM: 0, pullAlgorithm: undefined, cancelAlgorithm: undefined, pendingPullIntos: new StreamsList(),
  };
  c.api = new ReadableByteStreamController(streamsConstructKey, c);
  return c;
}

function setUpReadableByteStreamController(s, c, startAlgorithm, pullAlgorithm, cancelAlgorithm, highWaterMark, autoAllocateChunkSize) {
  c.stream = s;
  c.pullAgain = false;
  c.pulling = false;
  c.byobRequest = null;
  c.queue = new StreamsList();
  c.queueTotalSize = 0;
  c.closeRequested = false;
  c.started = false;
  c.strategyHWM = highWaterMark;
  c.pullAlgorithm = pullAlgorithm;
  c.cancelAlgorithm = cancelAlgorithm;
  c.autoAllocateChunkSize = autoAllocateChunkSize;
  c.pendingPullIntos = new StreamsList();
  s.controller = c;
  const startResult = startAlgorithm();
  uponPromise(PromiseResolve(startResult), () => {
    c.started = true;
    readableByteStreamControllerCallPullIfNeeded(c);
  }, (r) => {
    readableByteStreamControllerError(c, r);
  });
}

function setUpReadableByteStreamControllerFromUnderlyingSource(s, source, dict, highWaterMark) {
  const c = newReadableByteStreamControllerRecord();
  const start = dict.start, pull = dict.pull, cancel = dict.cancel;
  const startAlgorithm = start === undefined ? streamsNoop : () => ReflectApply(start, source, [c.api]);
  const pullAlgorithm = pull === undefined ? streamsResolvedUndefined : () => promiseCall(pull, source, [c.api]);
  const cancelAlgorithm = cancel === undefined ? streamsResolvedUndefined : (reason) => promiseCall(cancel, source, [reason]);
  const autoAllocateChunkSize = dict.autoAllocateChunkSize;
  if (autoAllocateChunkSize === 0) throw new TypeError_("autoAllocateChunkSize must be greater than 0");
  setUpReadableByteStreamController(s, c, startAlgorithm, pullAlgorithm, cancelAlgorithm, highWaterMark, autoAllocateChunkSize);
}

function createReadableByteStream(startAlgorithm, pullAlgorithm, cancelAlgorithm, highWaterMark = 0, autoAllocateChunkSize = undefined) {
  const s = readableStreamRecordOf(new ReadableStream(streamsConstructKey));
  const c = newReadableByteStreamControllerRecord();
  setUpReadableByteStreamController(s, c, startAlgorithm, pullAlgorithm, cancelAlgorithm, highWaterMark, autoAllocateChunkSize);
  return s;
}

exposeGlobal("ReadableByteStreamController", ReadableByteStreamController);
exposeGlobal("ReadableStreamBYOBRequest", ReadableStreamBYOBRequest);
exposeGlobal("ReadableStreamBYOBReader", ReadableStreamBYOBReader);
