// 20_headers.js — Headers (WHATWG Fetch §5.2) and the WebIDL pair-iterable helper.
//
// Storage: a flat array [lowerName, value, lowerName, value, …] in insertion order (names are ASCII, so
// lower-casing them at insertion loses nothing observable). The sorted-and-combined view that
// iteration uses is computed lazily and cached until the next mutation.
//
// Internal helpers for later files:
//   headersFromFlat(flat, guard = "none") → Headers   flat [name, value, …] from the host; no validation
//   headersToFlat(headers) → array                    [lowerName, value, …]; set-cookie values stay apart
//   setHeadersGuard(headers, guard)                   "none" | "request" | "response" | "immutable"
//   headersFill(headers, init)                        the constructor's "fill" (validating)
//   headersGetInternal(headers, lowerName) → string|null,  headersHasInternal, headersAppendInternal
//   headersClone(headers) → Headers                   same list and guard
//   definePairIterable(Class, name, brandCheck, pairsOf)   WebIDL `iterable<K, V>` on Class.prototype

const IteratorPrototype = ObjectGetPrototypeOf(ArrayIteratorPrototype);

/** Array of the values an iterable yields, using an already-fetched @@iterator method. */
function iterableToArray(iterable, method) {
  const iterator = ReflectApply(method, iterable, []);
  if (!isObject(iterator)) throw new TypeError_("The iterator is not an object");
  const next = iterator.next;
  const out = [];
  for (;;) {
    const r = ReflectApply(next, iterator, []);
    if (!isObject(r)) throw new TypeError_("The iterator result is not an object");
    if (r.done) return out;
    ArrayPrototypePush.call(out, r.value);
  }
}

/** The @@iterator method of `value` if it is an object with one (WebIDL sequence detection), else undefined. */
function getIteratorMethod(value) {
  if (!isObject(value)) return undefined;
  const method = value[SymbolIterator];
  if (method === undefined || method === null) return undefined;
  if (typeof method !== "function") throw new TypeError_("The object's @@iterator is not callable");
  return method;
}

/**
 * WebIDL `iterable<K, V>`: entries/keys/values/forEach and @@iterator (=== entries) on Class.prototype,
 * with iterator objects whose prototype is "<name> Iterator" (→ %IteratorPrototype%).
 * `brandCheck(object)` throws TypeError for a wrong receiver; `pairsOf(object)` returns the current
 * array of [key, value] pairs (re-read on every step, so iteration sees mutations as WebIDL says).
 */
function definePairIterable(Class, name, brandCheck, pairsOf) {
  const tag = name + " Iterator";
  const KIND_KEY = 0, KIND_VALUE = 1, KIND_ENTRY = 2;
  class PairIterator {
    #target;
    #kind;
    #index = 0;

    constructor(target, kind) {
      this.#target = target;
      this.#kind = kind;
    }

    next() {
      if (!isObject(this) || !(#target in this)) throw new TypeError_(`Illegal invocation: not a ${tag}`);
      const pairs = pairsOf(this.#target);
      const i = this.#index;
      if (i >= pairs.length) return { value: undefined, done: true };
      this.#index = i + 1;
      const pair = pairs[i];
      const kind = this.#kind;
      return { value: kind === KIND_KEY ? pair[0] : kind === KIND_VALUE ? pair[1] : [pair[0], pair[1]], done: false };
    }
  }
  const iteratorPrototype = PairIterator.prototype;
  ObjectSetPrototypeOf(iteratorPrototype, IteratorPrototype);
  delete iteratorPrototype.constructor;
  ObjectDefineProperty(iteratorPrototype, SymbolToStringTag, { value: tag, configurable: true });
  makeEnumerable(PairIterator, ["next"]);

  const methods = {
    entries() { brandCheck(this); return new PairIterator(this, KIND_ENTRY); },
    keys() { brandCheck(this); return new PairIterator(this, KIND_KEY); },
    values() { brandCheck(this); return new PairIterator(this, KIND_VALUE); },
    forEach(callback, thisArg = undefined) {
      brandCheck(this);
      requireArguments(arguments.length, 1, `Failed to execute 'forEach' on '${name}'`);
      if (typeof callback !== "function") throw new TypeError_(`Failed to execute 'forEach' on '${name}': the callback is not a function`);
      let pairs = pairsOf(this);
      for (let i = 0; i < pairs.length; i++) {
        const pair = pairs[i];
        ReflectApply(callback, thisArg, [pair[1], pair[0], this]);
        pairs = pairsOf(this);
      }
    },
  };
  for (const key of ["entries", "keys", "values", "forEach"]) {
    ObjectDefineProperty(Class.prototype, key, { value: methods[key], writable: true, enumerable: true, configurable: true });
  }
  ObjectDefineProperty(Class.prototype, SymbolIterator, { value: methods.entries, writable: true, enumerable: false, configurable: true });
}

// ---------------------------------------------------------------------------------------------------
// Header name/value validation

const headerNameRe = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const headerValueTrimRe = /^[\t\n\r ]+|[\t\n\r ]+$/g;
const headerValueInvalidRe = /[\0\r\n\u0100-\uffff]/;

function isHttpWhitespaceCode(c) {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** ByteString + header-name check; returns the lower-case name. */
function normalizeHeaderName(name) {
  const s = toDOMString(name);
  if (!headerNameRe.test(s)) throw new TypeError_(`Invalid header name: "${s}"`);
  return StringPrototypeToLowerCase.call(s);
}

/** ByteString + "normalize" (strip leading/trailing HTTP whitespace) + header-value check. */
function normalizeHeaderValue(value) {
  let s = toDOMString(value);
  const len = s.length;
  if (len > 0 && (isHttpWhitespaceCode(StringPrototypeCharCodeAt.call(s, 0)) || isHttpWhitespaceCode(StringPrototypeCharCodeAt.call(s, len - 1)))) {
    s = StringPrototypeReplace.call(s, headerValueTrimRe, "");
  }
  if (headerValueInvalidRe.test(s)) throw new TypeError_(`Invalid header value: ${JSONStringify(s)}`);
  return s;
}

// ---------------------------------------------------------------------------------------------------
// Headers

let headersState;        // (value) → { list, guard, sorted }; TypeError for a non-Headers
let headersIsInstance;   // (value) → boolean

class Headers {
  #h;

  constructor(init = undefined) {
    this.#h = { list: [], guard: "none", sorted: null };
    if (init !== undefined) headersFill(this, init);
  }

  append(name, value) {
    const h = headersState(this);
    requireArguments(arguments.length, 2, "Failed to execute 'append' on 'Headers'");
    headersAppend(h, name, value);
  }

  delete(name) {
    const h = headersState(this);
    requireArguments(arguments.length, 1, "Failed to execute 'delete' on 'Headers'");
    const lower = normalizeHeaderName(name);
    if (h.guard === "immutable") throw new TypeError_("Headers are immutable");
    const list = h.list;
    let found = false;
    for (let i = 0; i < list.length; i += 2) if (list[i] === lower) { found = true; break; }
    if (!found) return;
    const kept = [];
    for (let i = 0; i < list.length; i += 2) {
      if (list[i] !== lower) ArrayPrototypePush.call(kept, list[i], list[i + 1]);
    }
    h.list = kept;
    h.sorted = null;
  }

  get(name) {
    const h = headersState(this);
    requireArguments(arguments.length, 1, "Failed to execute 'get' on 'Headers'");
    return headersGetCombined(h.list, normalizeHeaderName(name));
  }

  getSetCookie() {
    const list = headersState(this).list;
    const out = [];
    for (let i = 0; i < list.length; i += 2) if (list[i] === "set-cookie") ArrayPrototypePush.call(out, list[i + 1]);
    return out;
  }

  has(name) {
    const h = headersState(this);
    requireArguments(arguments.length, 1, "Failed to execute 'has' on 'Headers'");
    const lower = normalizeHeaderName(name);
    const list = h.list;
    for (let i = 0; i < list.length; i += 2) if (list[i] === lower) return true;
    return false;
  }

  set(name, value) {
    const h = headersState(this);
    requireArguments(arguments.length, 2, "Failed to execute 'set' on 'Headers'");
    const lower = normalizeHeaderName(name);
    const v = normalizeHeaderValue(value);
    if (h.guard === "immutable") throw new TypeError_("Headers are immutable");
    const list = h.list;
    let first = -1;
    let others = false;
    for (let i = 0; i < list.length; i += 2) {
      if (list[i] === lower) {
        if (first === -1) first = i; else { others = true; break; }
      }
    }
    if (first === -1) {
      ArrayPrototypePush.call(list, lower, v);
    } else if (!others) {
      list[first + 1] = v;
    } else {
      const kept = [];
      for (let i = 0; i < list.length; i += 2) {
        if (i === first) ArrayPrototypePush.call(kept, lower, v);
        else if (list[i] !== lower) ArrayPrototypePush.call(kept, list[i], list[i + 1]);
      }
      h.list = kept;
    }
    h.sorted = null;
  }

  static {
    headersState = (v) => {
      if (!isObject(v) || !(#h in v)) throw new TypeError_("Illegal invocation: not a Headers object");
      return v.#h;
    };
    headersIsInstance = (v) => isObject(v) && #h in v;
  }
}
setToStringTag(Headers, "Headers");
makeEnumerable(Headers, ["append", "delete", "get", "getSetCookie", "has", "set"]);
definePairIterable(Headers, "Headers", headersState, (headers) => headersSortAndCombine(headersState(headers)));
const headersBuiltinEntries = Headers.prototype.entries;

function headersAppend(h, name, value) {
  const lower = normalizeHeaderName(name);
  const v = normalizeHeaderValue(value);
  if (h.guard === "immutable") throw new TypeError_("Headers are immutable");
  ArrayPrototypePush.call(h.list, lower, v);
  h.sorted = null;
}

function headersGetCombined(list, lower) {
  let out = null;
  for (let i = 0; i < list.length; i += 2) {
    if (list[i] === lower) out = out === null ? list[i + 1] : out + ", " + list[i + 1];
  }
  return out;
}

/** Fetch "sort and combine": [name, value] pairs by name; set-cookie values stay separate. Cached. */
function headersSortAndCombine(h) {
  if (h.sorted !== null) return h.sorted;
  const list = h.list;
  const names = [];
  const values = new Map_();
  for (let i = 0; i < list.length; i += 2) {
    const name = list[i];
    const existing = MapPrototypeGet.call(values, name);
    if (existing === undefined) {
      ArrayPrototypePush.call(names, name);
      MapPrototypeSet.call(values, name, [list[i + 1]]);
    } else {
      ArrayPrototypePush.call(existing, list[i + 1]);
    }
  }
  ArrayPrototypeSort.call(names);
  const out = [];
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    const vs = MapPrototypeGet.call(values, name);
    if (name === "set-cookie") {
      for (let j = 0; j < vs.length; j++) ArrayPrototypePush.call(out, [name, vs[j]]);
    } else {
      ArrayPrototypePush.call(out, [name, ArrayPrototypeJoin.call(vs, ", ")]);
    }
  }
  h.sorted = out;
  return out;
}

/** Fetch "fill": init is a Headers, a sequence of [name, value] pairs or a record. */
function headersFill(headers, init) {
  const h = headersState(headers);
  // Fast path for a Headers whose iteration is the built-in one (a replaced @@iterator must be used).
  if (headersIsInstance(init) && init[SymbolIterator] === headersBuiltinEntries) {
    const source = headersState(init).list;
    for (let i = 0; i < source.length; i += 2) headersAppend(h, source[i], source[i + 1]);
    return;
  }
  if (!isObject(init)) throw new TypeError_("Failed to construct 'Headers': the init is not a sequence or a record");
  const method = getIteratorMethod(init);
  if (method !== undefined) {
    const pairs = iterableToArray(init, method);
    for (let i = 0; i < pairs.length; i++) {
      const inner = pairs[i];
      const innerMethod = getIteratorMethod(inner);
      if (innerMethod === undefined) throw new TypeError_("Failed to construct 'Headers': a header pair is not a sequence");
      const pair = iterableToArray(inner, innerMethod);
      if (pair.length !== 2) throw new TypeError_("Failed to construct 'Headers': a header pair must have exactly two items");
      headersAppend(h, toByteString(pair[0]), toByteString(pair[1]));
    }
    return;
  }
  const keys = ReflectOwnKeys(init);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const desc = ObjectGetOwnPropertyDescriptor(init, key);
    if (desc === undefined || !desc.enumerable) continue;
    const name = toByteString(key);
    headersAppend(h, name, toByteString(init[key]));
  }
}

function headersFromFlat(flat, guard = "none") {
  const headers = new Headers();
  const h = headersState(headers);
  for (let i = 0; i < flat.length; i += 2) flat[i] = StringPrototypeToLowerCase.call(flat[i]);
  h.list = flat;
  h.guard = guard;
  return headers;
}

function headersToFlat(headers) {
  return ArrayPrototypeSlice.call(headersState(headers).list);
}

function setHeadersGuard(headers, guard) {
  headersState(headers).guard = guard;
}

function headersClone(headers) {
  const source = headersState(headers);
  const copy = new Headers();
  const h = headersState(copy);
  h.list = ArrayPrototypeSlice.call(source.list);
  h.guard = source.guard;
  return copy;
}

function headersGetInternal(headers, lower) {
  return headersGetCombined(headersState(headers).list, lower);
}

function headersHasInternal(headers, lower) {
  const list = headersState(headers).list;
  for (let i = 0; i < list.length; i += 2) if (list[i] === lower) return true;
  return false;
}

/** Appends without validation or guard check (values the glue produced itself). */
function headersAppendInternal(headers, lower, value) {
  const h = headersState(headers);
  ArrayPrototypePush.call(h.list, lower, value);
  h.sorted = null;
}

consoleRegisterInspectable(Headers, "entries");

exposeGlobal("Headers", Headers);
