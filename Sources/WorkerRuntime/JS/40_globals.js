// 40_globals.js — small globals: self, navigator, performance, crypto (random part), structuredClone,
// reportError; and the removal of what workers must not have.

exposeGlobal("self", globalObject);

const USER_AGENT = "OpenWorkers-Swift/0.1 (V8)";

class Navigator {
  constructor() { throw new TypeError_("Illegal constructor"); }
  get userAgent() { return USER_AGENT; }
  get hardwareConcurrency() { return 1; }
  get language() { return "en"; }
  get languages() { return ["en"]; }
}
setToStringTag(Navigator, "Navigator");
const navigatorObject = ObjectCreate(Navigator.prototype);
exposeGlobal("Navigator", Navigator);
exposeGlobal("navigator", navigatorObject);

class Performance {
  constructor() { throw new TypeError_("Illegal constructor"); }
  now() { return ops.now(); }
  get timeOrigin() { return ops.timeOrigin(); }
  toJSON() { return { timeOrigin: this.timeOrigin }; }
}
setToStringTag(Performance, "Performance");
makeEnumerable(Performance, ["now", "timeOrigin", "toJSON"]);
const performanceObject = ObjectCreate(Performance.prototype);
exposeGlobal("Performance", Performance);
exposeGlobal("performance", performanceObject);

const INTEGER_ARRAY_TAGS = new Set_(["Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array",
  "Int32Array", "Uint32Array", "BigInt64Array", "BigUint64Array"]);

function cryptoDOMException(message, name) {
  return typeof newDOMException === "function" ? newDOMException(message, name) : new Error_(message);
}

class Crypto {
  constructor() { throw new TypeError_("Illegal constructor"); }
  getRandomValues(array) {
    if (!(this instanceof Crypto)) throw new TypeError_("Illegal invocation");
    if (arguments.length === 0) throw new TypeError_("getRandomValues requires 1 argument");
    const tag = ArrayBufferIsView(array) && !(array instanceof DataView_) ? TypedArrayPrototypeGetSymbolToStringTag.call(array) : undefined;
    if (!INTEGER_ARRAY_TAGS.has(tag)) {
      throw cryptoDOMException("The provided ArrayBufferView is not an integer-type array", "TypeMismatchError");
    }
    if (TypedArrayPrototypeGetByteLength.call(array) > 65536) {
      throw cryptoDOMException(`The ArrayBufferView's byte length (${TypedArrayPrototypeGetByteLength.call(array)}) exceeds the number of bytes of entropy available via this API (65536)`, "QuotaExceededError");
    }
    ops.randomFill(array);
    return array;
  }
  randomUUID() {
    if (!(this instanceof Crypto)) throw new TypeError_("Illegal invocation");
    return ops.randomUUID();
  }
}
setToStringTag(Crypto, "Crypto");
makeEnumerable(Crypto, ["getRandomValues", "randomUUID"]);
const cryptoObject = ObjectCreate(Crypto.prototype);
exposeGlobal("Crypto", Crypto);
exposeGlobal("crypto", cryptoObject);

function structuredClone(value, options = undefined) {
  if (arguments.length === 0) throw new TypeError_("structuredClone requires 1 argument");
  try {
    return ops.structuredClone(value);
  } catch (e) {
    if (e instanceof Error_ && e.name === "DataCloneError") throw cryptoDOMException(e.message, "DataCloneError");
    throw e;
  }
}
exposeGlobal("structuredClone", structuredClone);

function reportError(error) {
  if (arguments.length === 0) throw new TypeError_("reportError requires 1 argument");
  reportException(error);
}
exposeGlobal("reportError", reportError);

// Workers have no shared memory (timer side channel) and no code generation from strings at request time.
delete globalObject.SharedArrayBuffer;
delete globalObject.Atomics;
