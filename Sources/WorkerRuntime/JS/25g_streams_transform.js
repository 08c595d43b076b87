// 25g_streams_transform.js — TransformStream and TransformStreamDefaultController (Streams §6),
// plus Cloudflare's non-standard IdentityTransformStream and FixedLengthStream.
//
// Records (see 25a):
//   stream     { api, readable (record), writable (record), backpressure, backpressureChangePromise, controller }
//   controller { api, stream, finishPromise (deferred|undefined), transformAlgorithm, flushAlgorithm, cancelAlgorithm }
//
// Internal helpers for later files:
//   createTransformStreamRecord(transformAlgorithm, flushAlgorithm, cancelAlgorithm,
//                               writableHWM = 1, readableHWM = 0) → stream record
//   transformStreamDefaultControllerEnqueue(controller, chunk)

let transformStreamRecordOf;
let transformStreamDefaultControllerOf;

/** Transformer dictionary (members in lexicographic order). */
function readTransformer(transformer, context) {
  const out = { cancel: undefined, flush: undefined, readableType: undefined, start: undefined, transform: undefined, writableType: undefined };
  if (transformer === null) return out;
  out.cancel = toCallback(transformer.cancel, context, "cancel");
  out.flush = toCallback(transformer.flush, context, "flush");
  out.readableType = transformer.readableType;
  out.start = toCallback(transformer.start, context, "start");
  out.transform = toCallback(transformer.transform, context, "transform");
  out.writableType = transformer.writableType;
  return out;
}

function newTransformStreamRecord(api) {
  return { api, readable: undefined, writable: undefined, backpressure: undefined, backpressureChangePromise: undefined, controller: undefined };
}

class TransformStream {
  #s;

  constructor(transformer = undefined, writableStrategy = undefined, readableStrategy = undefined) {
    if (transformer === streamsConstructKey) {
      this.#s = newTransformStreamRecord(this);
      return;
    }
    const context = "Failed to construct 'TransformStream'";
    if (transformer !== undefined && !isObject(transformer)) throw new TypeError_(`${context}: the transformer is not an object`);
    const writableStrategyRec = readQueuingStrategy(writableStrategy, context);
    const readableStrategyRec = readQueuingStrategy(readableStrategy, context);
    const source = transformer === undefined ? null : transformer;
    const dict = readTransformer(source, context);
    if (dict.readableType !== undefined) throw new RangeError_(`${context}: invalid readableType`);
    if (dict.writableType !== undefined) throw new RangeError_(`${context}: invalid writableType`);
    const readableHWM = extractHighWaterMark(readableStrategyRec, 0);
    const readableSize = extractSizeAlgorithm(readableStrategyRec);
    const writableHWM = extractHighWaterMark(writableStrategyRec, 1);
    const writableSize = extractSizeAlgorithm(writableStrategyRec);
    const startPromise = streamsDeferred();
    const s = newTransformStreamRecord(this);
    this.#s = s;
    initializeTransformStream(s, startPromise.promise, writableHWM, writableSize, readableHWM, readableSize);
    setUpTransformStreamDefaultControllerFromTransformer(s, source, dict);
    if (dict.start !== undefined) startPromise.resolve(ReflectApply(dict.start, source, [s.controller.api]));
    else startPromise.resolve(undefined);
  }

  get readable() {
    return transformStreamCheck(this).readable.api;
  }

  get writable() {
    return transformStreamCheck(this).writable.api;
  }

  static {
    transformStreamRecordOf = (v) => (isObject(v) && #s in v ? v.#s : null);
  }
}
setToStringTag(TransformStream, "TransformStream");
makeEnumerable(TransformStream, ["readable", "writable"]);

function transformStreamCheck(v) {
  const s = transformStreamRecordOf(v);
  if (s === null) throw new TypeError_("Illegal invocation: not a TransformStream");
  return s;
}

function initializeTransformStream(s, startPromise, writableHWM, writableSize, readableHWM, readableSize) {
  const startAlgorithm = () => startPromise;
  s.writable = createWritableStream(startAlgorithm,
    (chunk) => transformStreamDefaultSinkWriteAlgorithm(s, chunk),
    () => transformStreamDefaultSinkCloseAlgorithm(s),
    (reason) => transformStreamDefaultSinkAbortAlgorithm(s, reason),
    writableHWM, writableSize);
  s.readable = createReadableStream(startAlgorithm,
    () => transformStreamDefaultSourcePullAlgorithm(s),
    (reason) => transformStreamDefaultSourceCancelAlgorithm(s, reason),
    readableHWM, readableSize);
  s.backpressure = undefined;
  s.backpressureChangePromise = undefined;
  transformStreamSetBackpressure(s, true);
  s.controller = undefined;
}

function transformStreamError(s, e) {
  readableStreamDefaultControllerError(s.readable.controller, e);
  transformStreamErrorWritableAndUnblockWrite(s, e);
}

function transformStreamErrorWritableAndUnblockWrite(s, e) {
  transformStreamDefaultControllerClearAlgorithms(s.controller);
  writableStreamDefaultControllerErrorIfNeeded(s.writable.controller, e);
  transformStreamUnblockWrite(s);
}

function transformStreamUnblockWrite(s) {
  if (s.backpressure) transformStreamSetBackpressure(s, false);
}

function transformStreamSetBackpressure(s, backpressure) {
  if (s.backpressureChangePromise !== undefined) deferredResolve(s.backpressureChangePromise, undefined);
  s.backpressureChangePromise = streamsDeferred();
  s.backpressure = backpressure;
}

// ---------------------------------------------------------------------------------------------------
// TransformStreamDefaultController

class TransformStreamDefaultController {
  #s;

  constructor(key = undefined, record = undefined) {
    if (key !== streamsConstructKey) throw new TypeError_("Illegal constructor");
    this.#s = record;
  }

  get desiredSize() {
    const c = transformStreamDefaultControllerCheck(this);
    return readableStreamDefaultControllerGetDesiredSize(c.stream.readable.controller);
  }

  enqueue(chunk = undefined) {
    transformStreamDefaultControllerEnqueue(transformStreamDefaultControllerCheck(this), chunk);
  }

  error(reason = undefined) {
    transformStreamError(transformStreamDefaultControllerCheck(this).stream, reason);
  }

  terminate() {
    transformStreamDefaultControllerTerminate(transformStreamDefaultControllerCheck(this));
  }

  static {
    transformStreamDefaultControllerOf = (v) => (isObject(v) && #s in v ? v.#s : null);
  }
}
setToStringTag(TransformStreamDefaultController, "TransformStreamDefaultController");
makeEnumerable(TransformStreamDefaultController, ["desiredSize", "enqueue", "error", "terminate"]);

function transformStreamDefaultControllerCheck(v) {
  const c = transformStreamDefaultControllerOf(v);
  if (c === null) throw new TypeError_("Illegal invocation: not a TransformStreamDefaultController");
  return c;
}

function newTransformStreamDefaultControllerRecord() {
  const c = { api: undefined, stream: undefined, finishPromise: undefined, transformAlgorithm: undefined, flushAlgorithm: undefined, cancelAlgorithm: undefined };
  c.api = new TransformStreamDefaultController(streamsConstructKey, c);
  return c;
}

function setUpTransformStreamDefaultController(s, c, transformAlgorithm, flushAlgorithm, cancelAlgorithm) {
  c.stream = s;
  s.controller = c;
  c.transformAlgorithm = transformAlgorithm;
  c.flushAlgorithm = flushAlgorithm;
  c.cancelAlgorithm = cancelAlgorithm;
}

function setUpTransformStreamDefaultControllerFromTransformer(s, transformer, dict) {
  const c = newTransformStreamDefaultControllerRecord();
  let transformAlgorithm = (chunk) => {
    try {
      transformStreamDefaultControllerEnqueue(c, chunk);
      return PromiseResolve(undefined);
    } catch (e) {
      return PromiseReject(e);
    }
  };
  let flushAlgorithm = streamsResolvedUndefined;
  let cancelAlgorithm = streamsResolvedUndefined;
  const transform = dict.transform, flush = dict.flush, cancel = dict.cancel;
  if (transform !== undefined) transformAlgorithm = (chunk) => promiseCall(transform, transformer, [chunk, c.api]);
  if (flush !== undefined) flushAlgorithm = () => promiseCall(flush, transformer, [c.api]);
  if (cancel !== undefined) cancelAlgorithm = (reason) => promiseCall(cancel, transformer, [reason]);
  setUpTransformStreamDefaultController(s, c, transformAlgorithm, flushAlgorithm, cancelAlgorithm);
}

function transformStreamDefaultControllerClearAlgorithms(c) {
  c.transformAlgorithm = undefined;
  c.flushAlgorithm = undefined;
  c.cancelAlgorithm = undefined;
}

function transformStreamDefaultControllerEnqueue(c, chunk) {
  const s = c.stream;
  const readableController = s.readable.controller;
  if (!readableStreamDefaultControllerCanCloseOrEnqueue(readableController)) {
    throw new TypeError_("The readable side of the TransformStream is not in a state that permits enqueue");
  }
  try {
    readableStreamDefaultControllerEnqueue(readableController, chunk);
  } catch (e) {
    transformStreamErrorWritableAndUnblockWrite(s, e);
    throw s.readable.storedError;
  }
  const backpressure = readableStreamDefaultControllerHasBackpressure(readableController);
  if (backpressure !== s.backpressure) transformStreamSetBackpressure(s, true);
}

function transformStreamDefaultControllerPerformTransform(c, chunk) {
  const transformPromiseResult = c.transformAlgorithm(chunk);
  return transformPromise(transformPromiseResult, undefined, (r) => {
    transformStreamError(c.stream, r);
    throw r;
  });
}

function transformStreamDefaultControllerTerminate(c) {
  const s = c.stream;
  readableStreamDefaultControllerClose(s.readable.controller);
  transformStreamErrorWritableAndUnblockWrite(s, new TypeError_("The TransformStream was terminated"));
}

// ---------------------------------------------------------------------------------------------------
// Sink and source algorithms

function transformStreamDefaultSinkWriteAlgorithm(s, chunk) {
  const c = s.controller;
  if (s.backpressure) {
    return transformPromise(s.backpressureChangePromise.promise, () => {
      const writable = s.writable;
      if (writable.state === "erroring") throw writable.storedError;
      return transformStreamDefaultControllerPerformTransform(c, chunk);
    });
  }
  return transformStreamDefaultControllerPerformTransform(c, chunk);
}

function transformStreamDefaultSinkAbortAlgorithm(s, reason) {
  const c = s.controller;
  if (c.finishPromise !== undefined) return c.finishPromise.promise;
  const readable = s.readable;
  c.finishPromise = streamsDeferred();
  const finish = c.finishPromise;
  const cancelPromise = c.cancelAlgorithm(reason);
  transformStreamDefaultControllerClearAlgorithms(c);
  uponPromise(cancelPromise, () => {
    if (readable.state === "errored") {
      deferredReject(finish, readable.storedError);
    } else {
      readableStreamDefaultControllerError(readable.controller, reason);
      deferredResolve(finish, undefined);
    }
  }, (r) => {
    readableStreamDefaultControllerError(readable.controller, r);
    deferredReject(finish, r);
  });
  return finish.promise;
}

function transformStreamDefaultSinkCloseAlgorithm(s) {
  const c = s.controller;
  if (c.finishPromise !== undefined) return c.finishPromise.promise;
  const readable = s.readable;
  c.finishPromise = streamsDeferred();
  const finish = c.finishPromise;
  const flushPromise = c.flushAlgorithm();
  transformStreamDefaultControllerClearAlgorithms(c);
  uponPromise(flushPromise, () => {
    if (readable.state === "errored") {
      deferredReject(finish, readable.storedError);
    } else {
      readableStreamDefaultControllerClose(readable.controller);
      deferredResolve(finish, undefined);
    }
  }, (r) => {
    readableStreamDefaultControllerError(readable.controller, r);
    deferredReject(finish, r);
  });
  return finish.promise;
}

function transformStreamDefaultSourceCancelAlgorithm(s, reason) {
  const c = s.controller;
  if (c.finishPromise !== undefined) return c.finishPromise.promise;
  const writable = s.writable;
  c.finishPromise = streamsDeferred();
  const finish = c.finishPromise;
  const cancelPromise = c.cancelAlgorithm(reason);
  transformStreamDefaultControllerClearAlgorithms(c);
  uponPromise(cancelPromise, () => {
    if (writable.state === "errored") {
      deferredReject(finish, writable.storedError);
    } else {
      writableStreamDefaultControllerErrorIfNeeded(writable.controller, reason);
      transformStreamUnblockWrite(s);
      deferredResolve(finish, undefined);
    }
  }, (r) => {
    writableStreamDefaultControllerErrorIfNeeded(writable.controller, r);
    transformStreamUnblockWrite(s);
    deferredReject(finish, r);
  });
  return finish.promise;
}

function transformStreamDefaultSourcePullAlgorithm(s) {
  transformStreamSetBackpressure(s, false);
  return s.backpressureChangePromise.promise;
}

/** A TransformStream built from algorithms (no user transformer), e.g. for encoding streams. */
function createTransformStreamRecord(transformAlgorithm, flushAlgorithm, cancelAlgorithm, writableHWM = 1, readableHWM = 0, api = undefined) {
  const s = api === undefined ? transformStreamRecordOf(new TransformStream(streamsConstructKey)) : transformStreamRecordOf(api);
  const startPromise = PromiseResolve(undefined);
  initializeTransformStream(s, startPromise, writableHWM, streamsSizeOne, readableHWM, streamsSizeOne);
  const c = newTransformStreamDefaultControllerRecord();
  setUpTransformStreamDefaultController(s, c, transformAlgorithm, flushAlgorithm, cancelAlgorithm);
  return s;
}

// ---------------------------------------------------------------------------------------------------
// Cloudflare extensions: IdentityTransformStream and FixedLengthStream (bytes in, the same bytes out)

function identityBytesChunk(chunk) {
  const bytes = bufferSourceBytes(chunk);
  if (bytes === null) throw new TypeError_("This TransformStream is being used as a byte stream, but received a chunk that is not an ArrayBuffer or ArrayBufferView");
  return bytes;
}

class IdentityTransformStream extends TransformStream {
  constructor() {
    super(streamsConstructKey);
    let s;
    s = createTransformStreamRecord((chunk) => {
      try {
        const bytes = identityBytesChunk(chunk);
        if (bytes.length > 0) transformStreamDefaultControllerEnqueue(s.controller, bytes);
        return PromiseResolve(undefined);
      } catch (e) {
        return PromiseReject(e);
      }
    }, streamsResolvedUndefined, streamsResolvedUndefined, 1, 0, this);
  }
}
setToStringTag(IdentityTransformStream, "IdentityTransformStream");

class FixedLengthStream extends TransformStream {
  constructor(expectedLength) {
    requireArguments(arguments.length, 1, "Failed to construct 'FixedLengthStream'");
    const expected = toEnforcedUnsignedLongLong(expectedLength, "Failed to construct 'FixedLengthStream'");
    super(streamsConstructKey);
    let seen = 0;
    let s;
    s = createTransformStreamRecord((chunk) => {
      try {
        const bytes = identityBytesChunk(chunk);
        seen += bytes.length;
        if (seen > expected) throw new TypeError_("Attempt to write too many bytes through a FixedLengthStream");
        if (bytes.length > 0) transformStreamDefaultControllerEnqueue(s.controller, bytes);
        return PromiseResolve(undefined);
      } catch (e) {
        return PromiseReject(e);
      }
    }, () => (seen < expected
      ? PromiseReject(new TypeError_("FixedLengthStream did not see all expected bytes before close()"))
      : PromiseResolve(undefined)), streamsResolvedUndefined, 1, 0, this);
  }
}
setToStringTag(FixedLengthStream, "FixedLengthStream");

consoleRegisterInspectable(TransformStream, "attributes");

exposeGlobal("TransformStream", TransformStream);
exposeGlobal("TransformStreamDefaultController", TransformStreamDefaultController);
exposeGlobal("IdentityTransformStream", IdentityTransformStream);
exposeGlobal("FixedLengthStream", FixedLengthStream);
