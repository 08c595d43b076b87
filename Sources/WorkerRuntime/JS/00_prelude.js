// 00_prelude.js — built-ins captured at load time, and the helpers every later file uses.
// This text is the start of the body of `(function (ops) { "use strict"; ... })` (see README).

const Object_ = Object;
const ObjectDefineProperty = Object.defineProperty;
const ObjectDefineProperties = Object.defineProperties;
const ObjectFreeze = Object.freeze;
const ObjectCreate = Object.create;
const ObjectKeys = Object.keys;
const ObjectEntries = Object.entries;
const ObjectAssign = Object.assign;
const ObjectGetPrototypeOf = Object.getPrototypeOf;
const ObjectSetPrototypeOf = Object.setPrototypeOf;
const ObjectGetOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
const ObjectPrototypeHasOwnProperty = Object.prototype.hasOwnProperty;
const ObjectPrototypeToString = Object.prototype.toString;
const ReflectApply = Reflect.apply;
const ReflectOwnKeys = Reflect.ownKeys;
const ArrayIsArray = Array.isArray;
const ArrayFrom = Array.from;
const ArrayPrototypePush = Array.prototype.push;
const ArrayPrototypeJoin = Array.prototype.join;
const ArrayPrototypeSort = Array.prototype.sort;
const ArrayPrototypeSplice = Array.prototype.splice;
const ArrayPrototypeSlice = Array.prototype.slice;
const ArrayPrototypeIndexOf = Array.prototype.indexOf;
const ArrayPrototypeMap = Array.prototype.map;
const ArrayPrototypeFilter = Array.prototype.filter;
const ArrayPrototypeShift = Array.prototype.shift;
const ArrayIteratorPrototype = Object.getPrototypeOf([][Symbol.iterator]());
const StringPrototypeToLowerCase = String.prototype.toLowerCase;
const StringPrototypeToUpperCase = String.prototype.toUpperCase;
const StringPrototypeCharCodeAt = String.prototype.charCodeAt;
const StringPrototypeSlice = String.prototype.slice;
const StringPrototypeIndexOf = String.prototype.indexOf;
const StringPrototypeSplit = String.prototype.split;
const StringPrototypeTrim = String.prototype.trim;
const StringPrototypeReplace = String.prototype.replace;
const StringPrototypeStartsWith = String.prototype.startsWith;
const StringFromCharCode = String.fromCharCode;
const String_ = String;
const Number_ = Number;
const NumberIsFinite = Number.isFinite;
const NumberIsInteger = Number.isInteger;
const NumberIsNaN = Number.isNaN;
const MathFloor = Math.floor;
const MathMin = Math.min;
const MathMax = Math.max;
const MathTrunc = Math.trunc;
const JSONStringify = JSON.stringify;
const JSONParse = JSON.parse;
const Promise_ = Promise;
const PromiseResolve = Promise.resolve.bind(Promise);
const PromiseReject = Promise.reject.bind(Promise);
const PromisePrototypeThen = Promise.prototype.then;
const SymbolIterator = Symbol.iterator;
const SymbolAsyncIterator = Symbol.asyncIterator;
const SymbolToStringTag = Symbol.toStringTag;
const Uint8Array_ = Uint8Array;
const ArrayBuffer_ = ArrayBuffer;
const ArrayBufferIsView = ArrayBuffer.isView;
const DataView_ = DataView;
const TypedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype);
const TypedArrayPrototypeGetBuffer = Object.getOwnPropertyDescriptor(TypedArrayPrototype, "buffer").get;
const TypedArrayPrototypeGetByteOffset = Object.getOwnPropertyDescriptor(TypedArrayPrototype, "byteOffset").get;
const TypedArrayPrototypeGetByteLength = Object.getOwnPropertyDescriptor(TypedArrayPrototype, "byteLength").get;
const TypedArrayPrototypeGetSymbolToStringTag = Object.getOwnPropertyDescriptor(TypedArrayPrototype, Symbol.toStringTag).get;
const ArrayBufferPrototypeGetByteLength = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, "byteLength").get;
const ArrayBufferPrototypeSlice = ArrayBuffer.prototype.slice;
const DataViewPrototypeGetBuffer = Object.getOwnPropertyDescriptor(DataView.prototype, "buffer").get;
const DataViewPrototypeGetByteOffset = Object.getOwnPropertyDescriptor(DataView.prototype, "byteOffset").get;
const DataViewPrototypeGetByteLength = Object.getOwnPropertyDescriptor(DataView.prototype, "byteLength").get;
const Map_ = Map;
const MapPrototypeGet = Map.prototype.get;
const MapPrototypeSet = Map.prototype.set;
const MapPrototypeHas = Map.prototype.has;
const MapPrototypeDelete = Map.prototype.delete;
const Set_ = Set;
const WeakMap_ = WeakMap;
const Error_ = Error;
const TypeError_ = TypeError;
const RangeError_ = RangeError;
const SyntaxError_ = SyntaxError;
const globalObject = globalThis;

/** Puts `value` on globalThis the way WebIDL does: writable, configurable, not enumerable. */
function exposeGlobal(name, value) {
  ObjectDefineProperty(globalObject, name, { value, writable: true, configurable: true, enumerable: false });
}

/** Defines a read-only accessor-free constant (used for class statics like `Event.NONE`). */
function defineConstant(target, name, value) {
  ObjectDefineProperty(target, name, { value, writable: false, configurable: false, enumerable: true });
}

/** Makes `Class.prototype[Symbol.toStringTag]` what the spec says (`Object.prototype.toString`). */
function setToStringTag(Class, tag) {
  ObjectDefineProperty(Class.prototype, SymbolToStringTag, { value: tag, configurable: true });
}

/** Marks the listed methods/accessors of a class prototype as enumerable, like WebIDL operations. */
function makeEnumerable(Class, names) {
  for (const name of names) {
    const d = ObjectGetOwnPropertyDescriptor(Class.prototype, name);
    if (d) { d.enumerable = true; ObjectDefineProperty(Class.prototype, name, d); }
  }
}

/** Bytes view of any BufferSource (ArrayBuffer or view) without copying. */
function bufferSourceBytes(source) {
  if (source instanceof ArrayBuffer_) return new Uint8Array_(source);
  if (ArrayBufferIsView(source)) {
    if (source instanceof DataView_) {
      return new Uint8Array_(DataViewPrototypeGetBuffer.call(source), DataViewPrototypeGetByteOffset.call(source), DataViewPrototypeGetByteLength.call(source));
    }
    return new Uint8Array_(TypedArrayPrototypeGetBuffer.call(source), TypedArrayPrototypeGetByteOffset.call(source), TypedArrayPrototypeGetByteLength.call(source));
  }
  return null;
}

/** A copy of any BufferSource as a fresh Uint8Array. */
function copyBufferSource(source) {
  const view = bufferSourceBytes(source);
  if (view === null) throw new TypeError_("Expected an ArrayBuffer or ArrayBufferView");
  const out = new Uint8Array_(view.length);
  out.set(view);
  return out;
}

function isCallable(v) { return typeof v === "function"; }
function isObject(v) { return (typeof v === "object" && v !== null) || typeof v === "function"; }

/** WebIDL DOMString conversion (throws on Symbols, like String() does not). */
function toDOMString(v) {
  if (typeof v === "symbol") throw new TypeError_("Cannot convert a Symbol value to a string");
  return String_(v);
}

/** WebIDL USVString: DOMString with lone surrogates replaced by U+FFFD. */
function toUSVString(v) {
  const s = toDOMString(v);
  return typeof s.toWellFormed === "function" ? s.toWellFormed() : replaceLoneSurrogates(s);
}

function replaceLoneSurrogates(s) {
  let out = null;
  for (let i = 0; i < s.length; i++) {
    const c = StringPrototypeCharCodeAt.call(s, i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = i + 1 < s.length ? StringPrototypeCharCodeAt.call(s, i + 1) : 0;
      if (d >= 0xdc00 && d <= 0xdfff) { i++; continue; }
      out = out ?? s.split("");
      out[i] = "\ufffd";
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      out = out ?? s.split("");
      out[i] = "\ufffd";
    }
  }
  return out === null ? s : ArrayPrototypeJoin.call(out, "");
}

/** WebIDL ByteString: throws TypeError for code units above 0xFF. */
function toByteString(v) {
  const s = toDOMString(v);
  for (let i = 0; i < s.length; i++) {
    if (StringPrototypeCharCodeAt.call(s, i) > 0xff) throw new TypeError_(`Cannot convert to ByteString: character at index ${i} is above 0xFF`);
  }
  return s;
}

/** Runs `fn` and reports (without rethrowing) anything it throws. */
function reportException(e) {
  try { ops.console(3, "Uncaught " + formatErrorForLog(e)); } catch { /* nothing left to do */ }
}

function formatErrorForLog(e) {
  if (e instanceof Error_ && typeof e.stack === "string") return e.stack;
  try { return String_(e); } catch { return "[unprintable value]"; }
}
