// 25a_streams_base.js — shared machinery of the Streams Standard (WHATWG Streams): promise helpers
// that never go through a user-patchable `Promise.prototype.then`, a queue, queue-with-sizes,
// queuing strategies (and the two strategy classes), ArrayBuffer transfer, WebIDL conversions.
//
// Design of the streams files (25a…25g): every stream, reader, writer and controller is a plain
// internal record (the spec's internal slots) with `api` pointing back at the public object; the
// public classes keep the record in a private field `#s`. Abstract operations take records.
//
// Internal helpers for later files:
//   streamsDeferred() → { promise, resolve(v), reject(e), pending }   settle with deferredResolve/Reject
//   promiseCall(fn, thisArg, args) → Promise   (a throw becomes a rejection)
//   uponPromise(p, onFulfilled, onRejected), markPromiseHandled(p)
//   TransferArrayBuffer: streamsTransfer(buffer) → ArrayBuffer | null, streamsTransferFromUser(buffer),
//   streamsIsDetached(buffer)

const streamsConstructKey = {};
const streamsNoop = () => {};
const ArrayBufferPrototypeTransfer = typeof ArrayBuffer.prototype.transfer === "function" ? ArrayBuffer.prototype.transfer : null;
const AsyncIteratorPrototype = ObjectGetPrototypeOf(ObjectGetPrototypeOf(async function* () {}).prototype);
const NumberPOSITIVE_INFINITY = Infinity;

// ---------------------------------------------------------------------------------------------------
// Promises

function streamsDeferred() {
  const d = { promise: undefined, resolve: undefined, reject: undefined, pending: true };
  d.promise = new Promise_((resolve, reject) => { d.resolve = resolve; d.reject = reject; });
  return d;
}

function deferredResolve(d, value) {
  if (!d.pending) return;
  d.pending = false;
  d.resolve(value);
}

function deferredReject(d, reason) {
  if (!d.pending) return;
  d.pending = false;
  d.reject(reason);
}

/** A settled "deferred" (for promise slots that are created already resolved or rejected). */
function resolvedDeferred(value) {
  return { promise: PromiseResolve(value), resolve: streamsNoop, reject: streamsNoop, pending: false };
}

function rejectedDeferred(reason, handled) {
  const p = PromiseReject(reason);
  if (handled) markPromiseHandled(p);
  return { promise: p, resolve: streamsNoop, reject: streamsNoop, pending: false };
}

function markPromiseHandled(p) {
  PromisePrototypeThen.call(p, undefined, streamsNoop);
}

/** Spec "upon fulfillment / upon rejection": nothing observes the derived promise, so a rejection
 * without a handler here must not count as unhandled. */
function uponPromise(p, onFulfilled, onRejected) {
  PromisePrototypeThen.call(p, onFulfilled, onRejected === undefined ? streamsNoop : onRejected);
}

/** Spec "react" with a result: a new promise from the reactions. */
function transformPromise(p, onFulfilled, onRejected) {
  return PromisePrototypeThen.call(p, onFulfilled, onRejected);
}

/** WebIDL "invoke a callback function" returning a promise: a throw becomes a rejected promise. */
function promiseCall(fn, thisArg, args) {
  try {
    return PromiseResolve(ReflectApply(fn, thisArg, args));
  } catch (e) {
    return PromiseReject(e);
  }
}

const streamsResolvedUndefined = () => PromiseResolve(undefined);

/** Runs `fn` in a microtask (spec "queue a microtask"). */
function streamsQueueMicrotask(fn) {
  PromisePrototypeThen.call(PromiseResolve(undefined), fn);
}

// ---------------------------------------------------------------------------------------------------
// A FIFO list that never touches Array.prototype methods a worker could patch.

class StreamsList {
  constructor() { this.items = []; this.head = 0; }
  size() { return this.items.length - this.head; }
  push(v) { const items = this.items; items[items.length] = v; }
  peek() { return this.items[this.head]; }
  at(i) { return this.items[this.head + i]; }
  shift() {
    const items = this.items;
    const v = items[this.head];
    items[this.head] = undefined;
    this.head++;
    if (this.head === items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head > 64 && this.head * 2 > items.length) {
      this.items = ArrayPrototypeSlice.call(items, this.head);
      this.head = 0;
    }
    return v;
  }
  /** Takes every element out (spec: "let list be X; set X to a new empty list"). */
  drain() {
    const out = this.head === 0 ? this.items : ArrayPrototypeSlice.call(this.items, this.head);
    this.items = [];
    this.head = 0;
    return out;
  }
}

// ---------------------------------------------------------------------------------------------------
// Queue-with-sizes (Streams §8.1). `container` has `queue` (StreamsList of { value, size }) and
// `queueTotalSize`.

function isNonNegativeNumber(v) {
  return typeof v === "number" && !NumberIsNaN(v) && v >= 0;
}

function dequeueValue(container) {
  const pair = container.queue.shift();
  container.queueTotalSize -= pair.size;
  // Rounding errors can make the total slightly negative.
  if (container.queueTotalSize < 0) container.queueTotalSize = 0;
  return pair.value;
}

function enqueueValueWithSize(container, value, size) {
  if (!isNonNegativeNumber(size)) throw new RangeError_("The size of a chunk must be a non-negative number");
  if (size === NumberPOSITIVE_INFINITY) throw new RangeError_("The size of a chunk must be finite");
  container.queue.push({ value, size });
  container.queueTotalSize += size;
}

function peekQueueValue(container) {
  return container.queue.peek().value;
}

function resetQueue(container) {
  container.queue = new StreamsList();
  container.queueTotalSize = 0;
}

// ---------------------------------------------------------------------------------------------------
// WebIDL conversions for the streams dictionaries

/** WebIDL `unrestricted double` (ToNumber: throws for Symbol and BigInt). */
function toUnrestrictedDouble(v) {
  return +v;
}

function toCallback(v, context, member) {
  if (v === undefined) return undefined;
  if (typeof v !== "function") throw new TypeError_(`${context}: '${member}' is not a function`);
  return v;
}

/** QueuingStrategy dictionary → { highWaterMark: number|undefined, size: function|undefined }. */
function readQueuingStrategy(value, context) {
  const d = toDictionary(value, context);
  const out = { highWaterMark: undefined, size: undefined };
  if (d === null) return out;
  const hwm = d.highWaterMark;
  if (hwm !== undefined) out.highWaterMark = toUnrestrictedDouble(hwm);
  out.size = toCallback(d.size, context, "size");
  return out;
}

function extractHighWaterMark(strategy, defaultHWM) {
  const hwm = strategy.highWaterMark;
  if (hwm === undefined) return defaultHWM;
  if (NumberIsNaN(hwm) || hwm < 0) throw new RangeError_("The highWaterMark must be a non-negative number");
  return hwm;
}

const streamsSizeOne = () => 1;

function extractSizeAlgorithm(strategy) {
  const size = strategy.size;
  if (size === undefined) return streamsSizeOne;
  return (chunk) => ReflectApply(size, undefined, [chunk]);
}

// ---------------------------------------------------------------------------------------------------
// ArrayBuffers

/** IsDetachedBuffer: V8 10.2 has no `detached` getter, but a detached buffer cannot back a new view. */
function streamsIsDetached(buffer) {
  if (ArrayBufferPrototypeGetByteLength.call(buffer) !== 0) return false;
  try {
    new Uint8Array_(buffer);
    return false;
  } catch {
    return true;
  }
}

/**
 * TransferArrayBuffer: a new ArrayBuffer over the same memory, `buffer` detached (throws TypeError for a
 * buffer that cannot be detached). V8 10.2 has no ArrayBuffer.prototype.transfer, so this uses the
 * bridge's `ops.transferArrayBuffer`; null when neither exists.
 */
function streamsTransfer(buffer) {
  if (ArrayBufferPrototypeTransfer !== null) return ReflectApply(ArrayBufferPrototypeTransfer, buffer, []);
  if (typeof ops.transferArrayBuffer === "function") return ops.transferArrayBuffer(buffer);
  return null;
}

/** TransferArrayBuffer for a buffer that came from user code; without a transfer op, a copy. */
function streamsTransferFromUser(buffer) {
  const moved = streamsTransfer(buffer);
  return moved !== null ? moved : ReflectApply(ArrayBufferPrototypeSlice, buffer, [0]);
}

/**
 * The bytes of a user's view, taken over by the stream: { buffer, byteOffset }. Like
 * streamsTransferFromUser; in the copying fallback a large buffer (over 64 KiB) is copied only over
 * the view's range (offset 0), so chunking a big buffer into views stays linear.
 */
function streamsTakeViewFromUser(view) {
  const buffer = viewBuffer(view);
  const offset = viewByteOffset(view);
  const moved = streamsTransfer(buffer);
  if (moved !== null) return { buffer: moved, byteOffset: offset };
  if (ArrayBufferPrototypeGetByteLength.call(buffer) <= 65536) return { buffer: ReflectApply(ArrayBufferPrototypeSlice, buffer, [0]), byteOffset: offset };
  return { buffer: ReflectApply(ArrayBufferPrototypeSlice, buffer, [offset, offset + viewByteLength(view)]), byteOffset: 0 };
}

/** TransferArrayBuffer for a buffer the stream already owns (the same buffer without a transfer op). */
function streamsTransferOwned(buffer) {
  const moved = streamsTransfer(buffer);
  return moved !== null ? moved : buffer;
}

/** [[ViewedArrayBuffer]], [[ByteOffset]], [[ByteLength]] of any ArrayBufferView. */
function viewBuffer(view) {
  return view instanceof DataView_ ? DataViewPrototypeGetBuffer.call(view) : TypedArrayPrototypeGetBuffer.call(view);
}
function viewByteOffset(view) {
  return view instanceof DataView_ ? DataViewPrototypeGetByteOffset.call(view) : TypedArrayPrototypeGetByteOffset.call(view);
}
function viewByteLength(view) {
  return view instanceof DataView_ ? DataViewPrototypeGetByteLength.call(view) : TypedArrayPrototypeGetByteLength.call(view);
}

const TypedArrayPrototypeGetLength = ObjectGetOwnPropertyDescriptor(TypedArrayPrototype, "length").get;

/** Element size and constructor of a view (DataView: 1 and DataView). */
const streamsTypedArrayInfo = {
  Int8Array: [1, Int8Array], Uint8Array: [1, Uint8Array], Uint8ClampedArray: [1, Uint8ClampedArray],
  Int16Array: [2, Int16Array], Uint16Array: [2, Uint16Array], Int32Array: [4, Int32Array], Uint32Array: [4, Uint32Array],
  Float32Array: [4, Float32Array], Float64Array: [8, Float64Array], BigInt64Array: [8, BigInt64Array], BigUint64Array: [8, BigUint64Array],
};

function viewInfo(view) {
  const tag = ReflectApply(TypedArrayPrototypeGetSymbolToStringTag, view, []);
  if (tag === undefined) return [1, DataView_];
  return streamsTypedArrayInfo[tag];
}

function copyDataBlockBytes(toBuffer, toIndex, fromBuffer, fromIndex, count) {
  ReflectApply(TypedArrayPrototypeSet, new Uint8Array_(toBuffer, toIndex, count), [new Uint8Array_(fromBuffer, fromIndex, count)]);
}

// ---------------------------------------------------------------------------------------------------
// Queuing strategies (Streams §7)

let byteLengthSizeFunction;
let countSizeFunction;
{
  // The size functions are shared objects whose `name` is "size" and that are not constructors.
  const holder = {
    size(chunk) { return chunk.byteLength; },
  };
  byteLengthSizeFunction = holder.size;
  const holder2 = { size() { return 1; } };
  countSizeFunction = holder2.size;
}

function readQueuingStrategyInit(init, context) {
  const d = toDictionary(init, context);
  if (d === null) throw new TypeError_(`${context}: 'highWaterMark' is required`);
  const hwm = d.highWaterMark;
  if (hwm === undefined) throw new TypeError_(`${context}: 'highWaterMark' is required`);
  return toUnrestrictedDouble(hwm);
}

let byteLengthStrategyIsInstance;

class ByteLengthQueuingStrategy {
  #highWaterMark;
  constructor(init) {
    requireArguments(arguments.length, 1, "Failed to construct 'ByteLengthQueuingStrategy'");
    this.#highWaterMark = readQueuingStrategyInit(init, "Failed to construct 'ByteLengthQueuingStrategy'");
  }
  get highWaterMark() {
    if (!byteLengthStrategyIsInstance(this)) throw new TypeError_("Illegal invocation: not a ByteLengthQueuingStrategy");
    return this.#highWaterMark;
  }
  get size() {
    if (!byteLengthStrategyIsInstance(this)) throw new TypeError_("Illegal invocation: not a ByteLengthQueuingStrategy");
    return byteLengthSizeFunction;
  }
  static {
    byteLengthStrategyIsInstance = (v) => isObject(v) && #highWaterMark in v;
  }
}
setToStringTag(ByteLengthQueuingStrategy, "ByteLengthQueuingStrategy");
makeEnumerable(ByteLengthQueuingStrategy, ["highWaterMark", "size"]);

let countStrategyIsInstance;

class CountQueuingStrategy {
  #highWaterMark;
  constructor(init) {
    requireArguments(arguments.length, 1, "Failed to construct 'CountQueuingStrategy'");
    this.#highWaterMark = readQueuingStrategyInit(init, "Failed to construct 'CountQueuingStrategy'");
  }
  get highWaterMark() {
    if (!countStrategyIsInstance(this)) throw new TypeError_("Illegal invocation: not a CountQueuingStrategy");
    return this.#highWaterMark;
  }
  get size() {
    if (!countStrategyIsInstance(this)) throw new TypeError_("Illegal invocation: not a CountQueuingStrategy");
    return countSizeFunction;
  }
  static {
    countStrategyIsInstance = (v) => isObject(v) && #highWaterMark in v;
  }
}
setToStringTag(CountQueuingStrategy, "CountQueuingStrategy");
makeEnumerable(CountQueuingStrategy, ["highWaterMark", "size"]);

exposeGlobal("ByteLengthQueuingStrategy", ByteLengthQueuingStrategy);
exposeGlobal("CountQueuingStrategy", CountQueuingStrategy);
