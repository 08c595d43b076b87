// 11_events.js — Event, EventTarget, the Event subclasses, AbortController and AbortSignal (DOM §2, §3).
//
// Internal helpers for later files:
//   createAbortSignal() → AbortSignal                 a fresh, non-aborted signal (no controller)
//   createDependentAbortSignal(signals) → AbortSignal  follows every signal in `signals` (AbortSignal.any)
//   signalAbort(signal, reason)                        aborts it (reason undefined → AbortError DOMException)
//   addAbortAlgorithm(signal, fn) / removeAbortAlgorithm(signal, fn)   run fn() when the signal aborts
//   makeEventTarget(object)                            gives any object (e.g. the global) EventTarget state
//   defineEventHandler(prototype, type, brandCheck)    an `on<type>` event handler IDL attribute
//   eventSetTrusted(event, trusted)                    platform-fired events are trusted

const WeakMapPrototypeGet = WeakMap.prototype.get;
const WeakMapPrototypeSet = WeakMap.prototype.set;
const WeakRef_ = typeof WeakRef === "function" ? WeakRef : null;
const WeakRefPrototypeDeref = WeakRef_ !== null ? WeakRef_.prototype.deref : null;

/** WebIDL dictionary conversion: undefined/null → null (all defaults), other non-objects → TypeError. */
function toDictionary(value, context) {
  if (value === undefined || value === null) return null;
  if (!isObject(value)) throw new TypeError_(`${context}: the argument is not an object`);
  return value;
}

/** WebIDL `unsigned long` / `unsigned short` conversion (modulo, no clamping). */
function toUnsignedInteger(value, bits) {
  const n = Number_(value);
  if (!NumberIsFinite(n) || n === 0) return 0;
  const m = 2 ** bits;
  const r = MathTrunc(n) % m;
  return r < 0 ? r + m : r;
}

function requireArguments(count, needed, context) {
  if (count < needed) {
    throw new TypeError_(`${context}: ${needed} argument${needed === 1 ? "" : "s"} required, but only ${count} present`);
  }
}

// ---------------------------------------------------------------------------------------------------
// Event

const EVENT_NONE = 0, EVENT_CAPTURING_PHASE = 1, EVENT_AT_TARGET = 2, EVENT_BUBBLING_PHASE = 3;

let eventState;        // (event) → the internal record; TypeError for a non-Event
let eventIsInstance;   // (value) → boolean
let eventSetTrusted;   // (event, boolean)
let eventIsTrustedDescriptor;

class Event {
  #s;

  constructor(type, eventInitDict = undefined) {
    requireArguments(arguments.length, 1, "Failed to construct 'Event'");
    const s = {
      type: toDOMString(type), bubbles: false, cancelable: false, composed: false,
      target: null, currentTarget: null, phase: EVENT_NONE,
      stopPropagation: false, stopImmediate: false, canceled: false, inPassiveListener: false,
      dispatching: false, trusted: false, timeStamp: 0,
    };
    const init = toDictionary(eventInitDict, "Failed to construct 'Event'");
    if (init !== null) {
      s.bubbles = !!init.bubbles;
      s.cancelable = !!init.cancelable;
      s.composed = !!init.composed;
    }
    s.timeStamp = ops.now();
    this.#s = s;
    ObjectDefineProperty(this, "isTrusted", eventIsTrustedDescriptor);
  }

  get type() { return eventState(this).type; }
  get target() { return eventState(this).target; }
  get srcElement() { return eventState(this).target; }
  get currentTarget() { return eventState(this).currentTarget; }
  composedPath() {
    const s = eventState(this);
    return s.currentTarget === null ? [] : [s.currentTarget];
  }
  get eventPhase() { return eventState(this).phase; }
  stopPropagation() { eventState(this).stopPropagation = true; }
  get cancelBubble() { return eventState(this).stopPropagation; }
  set cancelBubble(value) { const s = eventState(this); if (value) s.stopPropagation = true; }
  stopImmediatePropagation() {
    const s = eventState(this);
    s.stopPropagation = true;
    s.stopImmediate = true;
  }
  get bubbles() { return eventState(this).bubbles; }
  get cancelable() { return eventState(this).cancelable; }
  get returnValue() { return !eventState(this).canceled; }
  set returnValue(value) { const s = eventState(this); if (!value) eventSetCanceled(s); }
  preventDefault() { eventSetCanceled(eventState(this)); }
  get defaultPrevented() { return eventState(this).canceled; }
  get composed() { return eventState(this).composed; }
  get timeStamp() { return eventState(this).timeStamp; }

  initEvent(type, bubbles = false, cancelable = false) {
    const s = eventState(this);
    requireArguments(arguments.length, 1, "Failed to execute 'initEvent' on 'Event'");
    eventInitialize(s, toDOMString(type), !!bubbles, !!cancelable);
  }

  static {
    eventState = (e) => {
      if (!isObject(e) || !(#s in e)) throw new TypeError_("Illegal invocation: not an Event");
      return e.#s;
    };
    eventIsInstance = (v) => isObject(v) && #s in v;
    eventSetTrusted = (e, trusted) => { e.#s.trusted = !!trusted; };
    const getter = {
      get isTrusted() {
        if (!isObject(this) || !(#s in this)) throw new TypeError_("Illegal invocation: not an Event");
        return this.#s.trusted;
      },
    };
    eventIsTrustedDescriptor = { get: ObjectGetOwnPropertyDescriptor(getter, "isTrusted").get, enumerable: true, configurable: false };
  }
}

function eventSetCanceled(s) {
  if (s.cancelable && !s.inPassiveListener) s.canceled = true;
}

/** The legacy init steps (initEvent, initCustomEvent): returns false while the event is dispatching. */
function eventInitialize(s, type, bubbles, cancelable) {
  if (s.dispatching) return false;
  s.stopPropagation = false;
  s.stopImmediate = false;
  s.canceled = false;
  s.trusted = false;
  s.target = null;
  s.type = type;
  s.bubbles = bubbles;
  s.cancelable = cancelable;
  return true;
}

for (const [name, value] of [["NONE", EVENT_NONE], ["CAPTURING_PHASE", EVENT_CAPTURING_PHASE],
  ["AT_TARGET", EVENT_AT_TARGET], ["BUBBLING_PHASE", EVENT_BUBBLING_PHASE]]) {
  defineConstant(Event, name, value);
  defineConstant(Event.prototype, name, value);
}
setToStringTag(Event, "Event");
makeEnumerable(Event, ["type", "target", "srcElement", "currentTarget", "composedPath", "eventPhase",
  "stopPropagation", "cancelBubble", "stopImmediatePropagation", "bubbles", "cancelable", "returnValue",
  "preventDefault", "defaultPrevented", "composed", "timeStamp", "initEvent"]);

// ---------------------------------------------------------------------------------------------------
// EventTarget. State lives in a WeakMap (not a private field) so that `makeEventTarget` can give it to
// objects not built by the constructor, such as the global object.

/** target → { listeners: Map<type, listener[]> | null, handlers: Map<type, handler> | null } */
const eventTargetStates = new WeakMap_();

function makeEventTarget(object) {
  WeakMapPrototypeSet.call(eventTargetStates, object, { listeners: null, handlers: null });
  return object;
}

function eventTargetState(target) {
  // WebIDL: an operation called with a null/undefined `this` on a [Global] interface uses the global.
  const object = target === undefined || target === null ? globalObject : target;
  const s = isObject(object) ? WeakMapPrototypeGet.call(eventTargetStates, object) : undefined;
  if (s === undefined) throw new TypeError_("Illegal invocation: not an EventTarget");
  return s;
}

/** WebIDL `EventListener?` conversion: a callback interface (any object) or null. */
function toEventListener(callback) {
  if (callback === undefined || callback === null) return null;
  if (!isObject(callback)) throw new TypeError_("The 'callback' argument is not an object");
  return callback;
}

/** Reads `capture` (and, for add, `once`, `passive`, `signal`) in WebIDL dictionary order. */
function flattenListenerOptions(options, forAdd) {
  const out = { capture: false, once: false, passive: false, signal: null };
  if (typeof options === "boolean" || !isObject(options)) {
    // A non-object that is not undefined/null converts to the boolean member.
    out.capture = !!options;
    return out;
  }
  out.capture = !!options.capture;
  if (!forAdd) return out;
  out.once = !!options.once;
  out.passive = !!options.passive;
  const signal = options.signal;
  if (signal !== undefined) {
    if (!abortSignalIsInstance(signal)) throw new TypeError_("The 'signal' option is not an AbortSignal");
    out.signal = signal;
  }
  return out;
}

function eventTargetAddListener(target, state, type, callback, capture, once, passive, signal) {
  if (signal !== null && abortSignalState(signal).aborted) return null;
  if (callback === null) return null;
  let map = state.listeners;
  if (map === null) map = state.listeners = new Map_();
  let list = MapPrototypeGet.call(map, type);
  if (list === undefined) { list = []; MapPrototypeSet.call(map, type, list); }
  for (let i = 0; i < list.length; i++) {
    if (list[i].callback === callback && list[i].capture === capture) return null;
  }
  const listener = { callback, capture, once, passive, signal, removed: false };
  ArrayPrototypePush.call(list, listener);
  if (signal !== null) addAbortAlgorithm(signal, () => eventTargetRemoveListener(state, type, listener));
  if (abortSignalIsInstance(target)) abortSignalPinIfDependent(target);
  return listener;
}

function eventTargetRemoveListener(state, type, listener) {
  listener.removed = true;
  const list = state.listeners === null ? undefined : MapPrototypeGet.call(state.listeners, type);
  if (list === undefined) return;
  const i = ArrayPrototypeIndexOf.call(list, listener);
  if (i !== -1) ArrayPrototypeSplice.call(list, i, 1);
}

class EventTarget {
  constructor() {
    makeEventTarget(this);
  }

  addEventListener(type, callback, options = undefined) {
    const state = eventTargetState(this);
    requireArguments(arguments.length, 2, "Failed to execute 'addEventListener' on 'EventTarget'");
    type = toDOMString(type);
    callback = toEventListener(callback);
    const o = flattenListenerOptions(options, true);
    eventTargetAddListener(this ?? globalObject, state, type, callback, o.capture, o.once, o.passive, o.signal);
  }

  removeEventListener(type, callback, options = undefined) {
    const state = eventTargetState(this);
    requireArguments(arguments.length, 2, "Failed to execute 'removeEventListener' on 'EventTarget'");
    type = toDOMString(type);
    callback = toEventListener(callback);
    const capture = flattenListenerOptions(options, false).capture;
    if (callback === null || state.listeners === null) return;
    const list = MapPrototypeGet.call(state.listeners, type);
    if (list === undefined) return;
    for (let i = 0; i < list.length; i++) {
      const l = list[i];
      if (l.callback === callback && l.capture === capture) {
        eventTargetRemoveListener(state, type, l);
        return;
      }
    }
  }

  dispatchEvent(event) {
    const state = eventTargetState(this);
    requireArguments(arguments.length, 1, "Failed to execute 'dispatchEvent' on 'EventTarget'");
    if (!eventIsInstance(event)) throw new TypeError_("Failed to execute 'dispatchEvent': the argument is not an Event");
    const s = eventState(event);
    if (s.dispatching) throw newDOMException("The event is already being dispatched", "InvalidStateError");
    s.trusted = false;
    return eventDispatch(this ?? globalObject, state, s, event);
  }
}
setToStringTag(EventTarget, "EventTarget");
makeEnumerable(EventTarget, ["addEventListener", "removeEventListener", "dispatchEvent"]);

/** DOM "dispatch" for a target without parents: capture listeners, then the others, both AT_TARGET. */
function eventDispatch(target, state, s, event) {
  s.dispatching = true;
  s.target = target;
  s.currentTarget = target;
  s.phase = EVENT_AT_TARGET;
  try {
    eventInvoke(state, s, event, true);
    eventInvoke(state, s, event, false);
  } finally {
    s.phase = EVENT_NONE;
    s.currentTarget = null;
    s.dispatching = false;
    s.stopPropagation = false;
    s.stopImmediate = false;
  }
  return !s.canceled;
}

function eventInvoke(state, s, event, capturing) {
  if (s.stopPropagation || state.listeners === null) return;
  const live = MapPrototypeGet.call(state.listeners, s.type);
  if (live === undefined || live.length === 0) return;
  const listeners = ArrayPrototypeSlice.call(live);
  for (let i = 0; i < listeners.length; i++) {
    const l = listeners[i];
    if (l.removed || l.capture !== capturing) continue;
    if (l.once) eventTargetRemoveListener(state, s.type, l);
    if (l.passive) s.inPassiveListener = true;
    eventCallListener(l.callback, s.currentTarget, event);
    s.inPassiveListener = false;
    if (s.stopImmediate) return;
  }
}

function eventCallListener(callback, thisArg, event) {
  try {
    if (typeof callback === "function") {
      ReflectApply(callback, thisArg, [event]);
    } else {
      const handleEvent = callback.handleEvent;
      if (typeof handleEvent !== "function") throw new TypeError_("The listener's 'handleEvent' is not a function");
      ReflectApply(handleEvent, callback, [event]);
    }
  } catch (e) {
    reportException(e);
  }
}

/** Fires a trusted, non-bubbling, non-cancelable event of `type` at `target` (e.g. "abort"). */
function fireEvent(target, type) {
  const event = new Event(type);
  const s = eventState(event);
  s.trusted = true;
  return eventDispatch(target, eventTargetState(target), s, event);
}

/**
 * An event handler IDL attribute `on<type>` on `prototype` (HTML "event handlers"): the listener is
 * added when a handler is first set and keeps its place when the handler changes; null removes it.
 * `brandCheck(this)` throws for a wrong receiver.
 */
function defineEventHandler(prototype, type, brandCheck) {
  const name = "on" + type;
  const accessors = {
    get [name]() {
      brandCheck(this);
      const state = eventTargetState(this);
      const h = state.handlers === null ? undefined : MapPrototypeGet.call(state.handlers, type);
      return h === undefined ? null : h.value;
    },
    set [name](value) {
      brandCheck(this);
      const target = this ?? globalObject;
      const state = eventTargetState(target);
      // [LegacyTreatNonObjectAsNull]: a non-object is null.
      const v = isObject(value) ? value : null;
      let h = state.handlers === null ? undefined : MapPrototypeGet.call(state.handlers, type);
      if (v === null) {
        if (h !== undefined) {
          MapPrototypeDelete.call(state.handlers, type);
          eventTargetRemoveListener(state, type, h.listener);
        }
        return;
      }
      if (h !== undefined) { h.value = v; return; }
      h = { value: v, listener: null };
      const handler = function (event) {
        const fn = h.value;
        if (typeof fn !== "function") return;
        const result = ReflectApply(fn, this, [event]);
        if (result === false) eventSetCanceled(eventState(event));
      };
      if (state.handlers === null) state.handlers = new Map_();
      MapPrototypeSet.call(state.handlers, type, h);
      h.listener = eventTargetAddListener(target, state, type, handler, false, false, false, null);
    },
  };
  const d = ObjectGetOwnPropertyDescriptor(accessors, name);
  ObjectDefineProperty(prototype, name, { get: d.get, set: d.set, enumerable: true, configurable: true });
}

// ---------------------------------------------------------------------------------------------------
// Event subclasses

class CustomEvent extends Event {
  #detail = null;

  constructor(type, eventInitDict = undefined) {
    requireArguments(arguments.length, 1, "Failed to construct 'CustomEvent'");
    super(type, eventInitDict);
    const init = toDictionary(eventInitDict, "Failed to construct 'CustomEvent'");
    if (init !== null) {
      const detail = init.detail;
      if (detail !== undefined) this.#detail = detail;
    }
  }

  get detail() {
    if (!isObject(this) || !(#detail in this)) throw new TypeError_("Illegal invocation: not a CustomEvent");
    return this.#detail;
  }

  initCustomEvent(type, bubbles = false, cancelable = false, detail = null) {
    if (!isObject(this) || !(#detail in this)) throw new TypeError_("Illegal invocation: not a CustomEvent");
    requireArguments(arguments.length, 1, "Failed to execute 'initCustomEvent' on 'CustomEvent'");
    if (eventInitialize(eventState(this), toDOMString(type), !!bubbles, !!cancelable)) this.#detail = detail;
  }
}
setToStringTag(CustomEvent, "CustomEvent");
makeEnumerable(CustomEvent, ["detail", "initCustomEvent"]);

class ErrorEvent extends Event {
  #message = "";
  #filename = "";
  #lineno = 0;
  #colno = 0;
  #error = null;

  constructor(type, eventInitDict = undefined) {
    requireArguments(arguments.length, 1, "Failed to construct 'ErrorEvent'");
    super(type, eventInitDict);
    const init = toDictionary(eventInitDict, "Failed to construct 'ErrorEvent'");
    if (init !== null) {
      // Dictionary members in lexicographic order: colno, error, filename, lineno, message.
      const colno = init.colno;
      if (colno !== undefined) this.#colno = toUnsignedInteger(colno, 32);
      const error = init.error;
      if (error !== undefined) this.#error = error;
      const filename = init.filename;
      if (filename !== undefined) this.#filename = toUSVString(filename);
      const lineno = init.lineno;
      if (lineno !== undefined) this.#lineno = toUnsignedInteger(lineno, 32);
      const message = init.message;
      if (message !== undefined) this.#message = toDOMString(message);
    }
  }

  static #check(e) {
    if (!isObject(e) || !(#message in e)) throw new TypeError_("Illegal invocation: not an ErrorEvent");
    return e;
  }
  get message() { return ErrorEvent.#check(this).#message; }
  get filename() { return ErrorEvent.#check(this).#filename; }
  get lineno() { return ErrorEvent.#check(this).#lineno; }
  get colno() { return ErrorEvent.#check(this).#colno; }
  get error() { return ErrorEvent.#check(this).#error; }
}
setToStringTag(ErrorEvent, "ErrorEvent");
makeEnumerable(ErrorEvent, ["message", "filename", "lineno", "colno", "error"]);

class MessageEvent extends Event {
  #data = null;
  #origin = "";
  #lastEventId = "";
  #source = null;
  #ports;

  constructor(type, eventInitDict = undefined) {
    requireArguments(arguments.length, 1, "Failed to construct 'MessageEvent'");
    super(type, eventInitDict);
    const init = toDictionary(eventInitDict, "Failed to construct 'MessageEvent'");
    let ports = [];
    if (init !== null) {
      // Lexicographic order: data, lastEventId, origin, ports, source.
      const data = init.data;
      if (data !== undefined) this.#data = data;
      const lastEventId = init.lastEventId;
      if (lastEventId !== undefined) this.#lastEventId = toDOMString(lastEventId);
      const origin = init.origin;
      if (origin !== undefined) this.#origin = toUSVString(origin);
      const p = init.ports;
      if (p !== undefined) {
        if (!isObject(p) || typeof p[SymbolIterator] !== "function") throw new TypeError_("Failed to construct 'MessageEvent': 'ports' is not a sequence");
        ports = ArrayFrom(p);
      }
      const source = init.source;
      if (source !== undefined && source !== null) {
        if (!isObject(source)) throw new TypeError_("Failed to construct 'MessageEvent': 'source' is not an object");
        this.#source = source;
      }
    }
    this.#ports = ObjectFreeze(ports);
  }

  static #check(e) {
    if (!isObject(e) || !(#data in e)) throw new TypeError_("Illegal invocation: not a MessageEvent");
    return e;
  }
  get data() { return MessageEvent.#check(this).#data; }
  get origin() { return MessageEvent.#check(this).#origin; }
  get lastEventId() { return MessageEvent.#check(this).#lastEventId; }
  get source() { return MessageEvent.#check(this).#source; }
  get ports() { return MessageEvent.#check(this).#ports; }
}
setToStringTag(MessageEvent, "MessageEvent");
makeEnumerable(MessageEvent, ["data", "origin", "lastEventId", "source", "ports"]);

class PromiseRejectionEvent extends Event {
  #promise;
  #reason = undefined;

  constructor(type, eventInitDict) {
    requireArguments(arguments.length, 2, "Failed to construct 'PromiseRejectionEvent'");
    super(type, eventInitDict);
    const init = toDictionary(eventInitDict, "Failed to construct 'PromiseRejectionEvent'");
    const promise = init === null ? undefined : init.promise;
    if (promise === undefined) throw new TypeError_("Failed to construct 'PromiseRejectionEvent': required member promise is undefined");
    if (!isObject(promise)) throw new TypeError_("Failed to construct 'PromiseRejectionEvent': 'promise' is not an object");
    this.#promise = promise;
    this.#reason = init.reason;
  }

  static #check(e) {
    if (!isObject(e) || !(#promise in e)) throw new TypeError_("Illegal invocation: not a PromiseRejectionEvent");
    return e;
  }
  get promise() { return PromiseRejectionEvent.#check(this).#promise; }
  get reason() { return PromiseRejectionEvent.#check(this).#reason; }
}
setToStringTag(PromiseRejectionEvent, "PromiseRejectionEvent");
makeEnumerable(PromiseRejectionEvent, ["promise", "reason"]);

class CloseEvent extends Event {
  #wasClean = false;
  #code = 0;
  #reason = "";

  constructor(type, eventInitDict = undefined) {
    requireArguments(arguments.length, 1, "Failed to construct 'CloseEvent'");
    super(type, eventInitDict);
    const init = toDictionary(eventInitDict, "Failed to construct 'CloseEvent'");
    if (init !== null) {
      // Lexicographic order: code, reason, wasClean.
      const code = init.code;
      if (code !== undefined) this.#code = toUnsignedInteger(code, 16);
      const reason = init.reason;
      if (reason !== undefined) this.#reason = toUSVString(reason);
      this.#wasClean = !!init.wasClean;
    }
  }

  static #check(e) {
    if (!isObject(e) || !(#code in e)) throw new TypeError_("Illegal invocation: not a CloseEvent");
    return e;
  }
  get wasClean() { return CloseEvent.#check(this).#wasClean; }
  get code() { return CloseEvent.#check(this).#code; }
  get reason() { return CloseEvent.#check(this).#reason; }
}
setToStringTag(CloseEvent, "CloseEvent");
makeEnumerable(CloseEvent, ["wasClean", "code", "reason"]);

// ---------------------------------------------------------------------------------------------------
// AbortSignal and AbortController

const abortSignalConstructKey = {};

let abortSignalState;        // (signal) → internal record; TypeError for a non-AbortSignal
let abortSignalIsInstance;   // (value) → boolean

class AbortSignal extends EventTarget {
  #a;

  constructor(key = undefined) {
    if (key !== abortSignalConstructKey) throw new TypeError_("Illegal constructor");
    super();
    // dependents: WeakRefs (or signals) following this one; pinned: dependents kept alive because
    // they have listeners; sources: what a dependent signal follows.
    this.#a = { aborted: false, reason: undefined, algorithms: null, dependent: false, sources: null, dependents: null, pinned: null };
  }

  static abort(reason = undefined) {
    const signal = createAbortSignal();
    const s = signal.#a;
    s.aborted = true;
    s.reason = reason !== undefined ? reason : abortDefaultReason();
    return signal;
  }

  static timeout(milliseconds) {
    requireArguments(arguments.length, 1, "Failed to execute 'timeout' on 'AbortSignal'");
    const ms = toEnforcedUnsignedLongLong(milliseconds, "Failed to execute 'timeout' on 'AbortSignal'");
    const signal = createAbortSignal();
    const setTimeoutFn = globalObject.setTimeout;
    ReflectApply(setTimeoutFn, globalObject, [() => {
      signalAbort(signal, newDOMException("The operation timed out.", "TimeoutError"));
    }, ms]);
    return signal;
  }

  static any(signals) {
    requireArguments(arguments.length, 1, "Failed to execute 'any' on 'AbortSignal'");
    if (!isObject(signals) || typeof signals[SymbolIterator] !== "function") {
      throw new TypeError_("Failed to execute 'any' on 'AbortSignal': the argument is not a sequence");
    }
    const list = ArrayFrom(signals);
    for (let i = 0; i < list.length; i++) {
      if (!abortSignalIsInstance(list[i])) throw new TypeError_("Failed to execute 'any' on 'AbortSignal': an element is not an AbortSignal");
    }
    return createDependentAbortSignal(list);
  }

  get aborted() { return abortSignalState(this).aborted; }
  get reason() { return abortSignalState(this).reason; }
  throwIfAborted() {
    const s = abortSignalState(this);
    if (s.aborted) throw s.reason;
  }

  static {
    abortSignalState = (v) => {
      if (!isObject(v) || !(#a in v)) throw new TypeError_("Illegal invocation: not an AbortSignal");
      return v.#a;
    };
    abortSignalIsInstance = (v) => isObject(v) && #a in v;
  }
}
setToStringTag(AbortSignal, "AbortSignal");
makeEnumerable(AbortSignal, ["aborted", "reason", "throwIfAborted"]);
defineEventHandler(AbortSignal.prototype, "abort", abortSignalState);

function abortDefaultReason() {
  return newDOMException("signal is aborted without reason", "AbortError");
}

/** WebIDL [EnforceRange] unsigned long long. */
function toEnforcedUnsignedLongLong(value, context) {
  const n = Number_(value);
  if (!NumberIsFinite(n)) throw new TypeError_(`${context}: the value is not a finite number`);
  const t = MathTrunc(n);
  if (t < 0 || t > 9007199254740991) throw new TypeError_(`${context}: the value is outside the unsigned long long range`);
  return t === 0 ? 0 : t;
}

function createAbortSignal() {
  return new AbortSignal(abortSignalConstructKey);
}

/** DOM "create a dependent abort signal" (AbortSignal.any, Request's signal). */
function createDependentAbortSignal(signals) {
  const result = createAbortSignal();
  const r = abortSignalState(result);
  for (let i = 0; i < signals.length; i++) {
    const s = abortSignalState(signals[i]);
    if (s.aborted) {
      r.aborted = true;
      r.reason = s.reason;
      return result;
    }
  }
  r.dependent = true;
  r.sources = [];
  for (let i = 0; i < signals.length; i++) {
    const signal = signals[i];
    const s = abortSignalState(signal);
    if (!s.dependent) {
      abortSignalLink(result, r, signal, s);
    } else if (s.sources !== null) {
      for (let j = 0; j < s.sources.length; j++) {
        const source = s.sources[j];
        abortSignalLink(result, r, source, abortSignalState(source));
      }
    }
  }
  return result;
}

function abortSignalLink(dependent, d, source, s) {
  if (ArrayPrototypeIndexOf.call(d.sources, source) !== -1) return;
  ArrayPrototypePush.call(d.sources, source);
  if (s.dependents === null) s.dependents = [];
  // A weak edge, so a long-lived source does not keep every dependent signal alive; dependents with
  // listeners are pinned (abortSignalPinIfDependent), as DOM's garbage-collection rule asks.
  if (s.dependents.length >= 64) abortSignalPruneDependents(s);
  ArrayPrototypePush.call(s.dependents, WeakRef_ !== null ? new WeakRef_(dependent) : dependent);
}

function abortSignalDeref(entry) {
  return WeakRef_ !== null ? ReflectApply(WeakRefPrototypeDeref, entry, []) : entry;
}

function abortSignalPruneDependents(s) {
  const kept = [];
  for (let i = 0; i < s.dependents.length; i++) {
    const d = abortSignalDeref(s.dependents[i]);
    if (d !== undefined && !abortSignalState(d).aborted) ArrayPrototypePush.call(kept, s.dependents[i]);
  }
  s.dependents = kept;
}

function abortSignalPinIfDependent(signal) {
  const d = abortSignalState(signal);
  if (!d.dependent || d.aborted || d.sources === null) return;
  for (let i = 0; i < d.sources.length; i++) {
    const s = abortSignalState(d.sources[i]);
    if (s.pinned === null) s.pinned = [];
    if (ArrayPrototypeIndexOf.call(s.pinned, signal) === -1) ArrayPrototypePush.call(s.pinned, signal);
  }
}

/** DOM "signal abort". */
function signalAbort(signal, reason = undefined) {
  const s = abortSignalState(signal);
  if (s.aborted) return;
  s.aborted = true;
  s.reason = reason !== undefined ? reason : abortDefaultReason();
  const toAbort = [];
  if (s.dependents !== null) {
    const dependents = s.dependents;
    s.dependents = null;
    s.pinned = null;
    for (let i = 0; i < dependents.length; i++) {
      const dependent = abortSignalDeref(dependents[i]);
      if (dependent === undefined) continue;
      const d = abortSignalState(dependent);
      if (d.aborted) continue;
      d.aborted = true;
      d.reason = s.reason;
      ArrayPrototypePush.call(toAbort, dependent);
    }
  }
  abortSignalRunSteps(signal, s);
  for (let i = 0; i < toAbort.length; i++) abortSignalRunSteps(toAbort[i], abortSignalState(toAbort[i]));
}

function abortSignalRunSteps(signal, s) {
  const algorithms = s.algorithms;
  s.algorithms = null;
  if (algorithms !== null) {
    for (let i = 0; i < algorithms.length; i++) {
      try { algorithms[i](); } catch (e) { reportException(e); }
    }
  }
  fireEvent(signal, "abort");
}

function addAbortAlgorithm(signal, algorithm) {
  const s = abortSignalState(signal);
  if (s.aborted) return;
  if (s.algorithms === null) s.algorithms = [];
  ArrayPrototypePush.call(s.algorithms, algorithm);
}

function removeAbortAlgorithm(signal, algorithm) {
  const s = abortSignalState(signal);
  if (s.algorithms === null) return;
  const i = ArrayPrototypeIndexOf.call(s.algorithms, algorithm);
  if (i !== -1) ArrayPrototypeSplice.call(s.algorithms, i, 1);
}

class AbortController {
  #signal;

  constructor() {
    this.#signal = createAbortSignal();
  }

  get signal() {
    if (!isObject(this) || !(#signal in this)) throw new TypeError_("Illegal invocation: not an AbortController");
    return this.#signal;
  }

  abort(reason = undefined) {
    if (!isObject(this) || !(#signal in this)) throw new TypeError_("Illegal invocation: not an AbortController");
    signalAbort(this.#signal, reason);
  }
}
setToStringTag(AbortController, "AbortController");
makeEnumerable(AbortController, ["signal", "abort"]);

exposeGlobal("Event", Event);
exposeGlobal("EventTarget", EventTarget);
exposeGlobal("CustomEvent", CustomEvent);
exposeGlobal("ErrorEvent", ErrorEvent);
exposeGlobal("MessageEvent", MessageEvent);
exposeGlobal("PromiseRejectionEvent", PromiseRejectionEvent);
exposeGlobal("CloseEvent", CloseEvent);
exposeGlobal("AbortSignal", AbortSignal);
exposeGlobal("AbortController", AbortController);
