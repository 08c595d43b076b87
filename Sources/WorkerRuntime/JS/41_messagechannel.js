// 41_messagechannel.js — MessageChannel and MessagePort (HTML "Channel messaging"), in one isolate.
//
// A port object wraps an endpoint record; two endpoints are entangled. postMessage clones the message at
// once (ops.structuredClone; transferred ArrayBuffers are detached on the sending side, transferred
// ports move their endpoint to a new MessagePort created on delivery) and queues it. An endpoint's
// message queue starts disabled: start() or setting onmessage enables it. Each delivery is its own task
// (an internal zero-delay timer, so microtasks run between messages and the sender's code finishes first).
//
// Limitation: ops.structuredClone (V8's ValueSerializer) has no hook for MessagePort, so a port inside
// the message body arrives as a plain object (a port given directly as the message is a DataCloneError);
// transferred ports arrive in event.ports as the standard says.
//
// Records:
//   endpoint { api (MessagePort|null), peer (endpoint|null), enabled, closed, pending: [message] }
//   message  { endpoint, data, ports: [endpoint] }

const mcDeliveryQueue = [];   // messages whose endpoint's queue is enabled, in posting order
let mcDeliveryTimer = 0;      // id of the internal timer that delivers the next message (0: none)
const mcPortConstructKey = {};

let mcPortEndpoint;           // (value) → endpoint record or null (brand check)
let mcPortSetEndpoint;        // (port, endpoint)

function mcNewEndpoint() {
  return { api: null, peer: null, enabled: false, closed: false, pending: [] };
}

function mcScheduleDelivery() {
  if (mcDeliveryQueue.length === 0) return;
  // The timer may have been cancelled with the rest of a finished request's timers.
  if (mcDeliveryTimer !== 0 && MapPrototypeHas.call(timersById, mcDeliveryTimer)) return;
  mcDeliveryTimer = timerCreate(mcDeliverOne, 0, [], false);
}

function mcDeliverOne() {
  mcDeliveryTimer = 0;
  const message = ArrayPrototypeShift.call(mcDeliveryQueue);
  mcScheduleDelivery();
  if (message === undefined) return;
  const endpoint = message.endpoint;
  if (endpoint.closed) return;
  if (!endpoint.enabled || endpoint.api === null) {
    ArrayPrototypePush.call(endpoint.pending, message);
    return;
  }
  const ports = [];
  for (let i = 0; i < message.ports.length; i++) ArrayPrototypePush.call(ports, mcWrapEndpoint(message.ports[i]));
  const event = new MessageEvent("message", { data: message.data, ports });
  eventSetTrusted(event, true);
  eventDispatch(endpoint.api, eventTargetState(endpoint.api), eventState(event), event);
}

function mcWrapEndpoint(endpoint) {
  const port = new MessagePort(mcPortConstructKey);
  mcPortSetEndpoint(port, endpoint);
  endpoint.api = port;
  return port;
}

function mcEnable(endpoint) {
  if (endpoint.enabled || endpoint.closed) return;
  endpoint.enabled = true;
  const pending = endpoint.pending;
  endpoint.pending = [];
  for (let i = 0; i < pending.length; i++) ArrayPrototypePush.call(mcDeliveryQueue, pending[i]);
  mcScheduleDelivery();
}

/** Moves the messages of `endpoint` that wait in the delivery queue back to its pending list (in order). */
function mcTakeBackQueued(endpoint) {
  const taken = [];
  for (let i = 0; i < mcDeliveryQueue.length; i++) {
    if (mcDeliveryQueue[i].endpoint === endpoint) {
      ArrayPrototypePush.call(taken, mcDeliveryQueue[i]);
      ArrayPrototypeSplice.call(mcDeliveryQueue, i, 1);
      i--;
    }
  }
  for (let i = 0; i < endpoint.pending.length; i++) ArrayPrototypePush.call(taken, endpoint.pending[i]);
  endpoint.pending = taken;
}

function mcEnqueue(endpoint, message) {
  if (endpoint.enabled) {
    ArrayPrototypePush.call(mcDeliveryQueue, message);
    mcScheduleDelivery();
  } else {
    ArrayPrototypePush.call(endpoint.pending, message);
  }
}

function mcDataCloneError(message) { return newDOMException(message, "DataCloneError"); }

function mcIsDetachedBuffer(buffer) {
  try {
    new Uint8Array_(buffer);
    return false;
  } catch {
    return true;
  }
}

/** The transfer list of postMessage(message, transfer | options), as an array. */
function mcTransferList(arg) {
  if (arg === undefined || arg === null) return [];
  if (!isObject(arg)) throw new TypeError_("Failed to execute 'postMessage' on 'MessagePort': the second argument is not an object");
  let list = arg;
  if (typeof arg[SymbolIterator] !== "function") {
    list = arg.transfer;
    if (list === undefined) return [];
    if (!isObject(list) || typeof list[SymbolIterator] !== "function") {
      throw new TypeError_("Failed to execute 'postMessage' on 'MessagePort': 'transfer' is not a sequence");
    }
  }
  const out = ArrayFrom(list);
  for (let i = 0; i < out.length; i++) {
    if (!isObject(out[i])) throw new TypeError_("Failed to execute 'postMessage' on 'MessagePort': a transferable is not an object");
  }
  return out;
}

class MessagePort extends EventTarget {
  #endpoint = null;
  #detached = false;

  constructor(key = undefined) {
    if (key !== mcPortConstructKey) throw new TypeError_("Illegal constructor");
    super();
  }

  postMessage(message, transfer = undefined) {
    const source = MessagePort.#check(this);
    requireArguments(arguments.length, 1, "Failed to execute 'postMessage' on 'MessagePort'");
    const list = mcTransferList(transfer);
    const target = source.#detached ? null : source.#endpoint.peer;
    const buffers = [];
    const ports = [];
    let doomed = false;
    for (let i = 0; i < list.length; i++) {
      const t = list[i];
      if (ArrayPrototypeIndexOf.call(list, t) !== i) throw mcDataCloneError("A transferable is listed twice");
      if (t instanceof ArrayBuffer_) {
        if (mcIsDetachedBuffer(t)) throw mcDataCloneError("An ArrayBuffer in the transfer list is detached");
        ArrayPrototypePush.call(buffers, t);
      } else if (mcPortEndpoint(t) !== null) {
        if (t === this) throw mcDataCloneError("A port cannot transfer itself");
        if (t.#detached) throw mcDataCloneError("A MessagePort in the transfer list is detached");
        if (target !== null && t.#endpoint === target) doomed = true;
        ArrayPrototypePush.call(ports, t);
      } else {
        throw mcDataCloneError("A value in the transfer list is not transferable");
      }
    }
    if (mcPortEndpoint(message) !== null) throw mcDataCloneError("A MessagePort can only be sent in the transfer list");
    let data;
    try {
      data = ops.structuredClone(message);
    } catch (e) {
      if (e instanceof Error_ && e.name === "DataCloneError") throw mcDataCloneError(e.message);
      throw e;
    }
    for (let i = 0; i < buffers.length; i++) ops.transferArrayBuffer(buffers[i]);
    const endpoints = [];
    for (let i = 0; i < ports.length; i++) {
      const p = ports[i];
      const e = p.#endpoint;
      p.#detached = true;
      p.#endpoint = mcNewEndpoint();
      p.#endpoint.closed = true;
      e.api = null;
      e.enabled = false;
      mcTakeBackQueued(e);
      ArrayPrototypePush.call(endpoints, e);
    }
    if (target === null || doomed) return;
    mcEnqueue(target, { endpoint: target, data, ports: endpoints });
  }

  start() {
    const self = MessagePort.#check(this);
    if (self.#detached) return;
    mcEnable(self.#endpoint);
  }

  close() {
    const self = MessagePort.#check(this);
    self.#detached = true;
    const endpoint = self.#endpoint;
    endpoint.closed = true;
    endpoint.pending = [];
    if (endpoint.peer !== null) {
      endpoint.peer.peer = null;
      endpoint.peer = null;
    }
  }

  static #check(v) {
    if (!isObject(v) || !(#endpoint in v)) throw new TypeError_("Illegal invocation: not a MessagePort");
    return v;
  }

  static {
    mcPortEndpoint = (v) => (isObject(v) && #endpoint in v ? v.#endpoint : null);
    mcPortSetEndpoint = (port, endpoint) => { port.#endpoint = endpoint; };
  }
}
setToStringTag(MessagePort, "MessagePort");
makeEnumerable(MessagePort, ["postMessage", "start", "close"]);
defineEventHandler(MessagePort.prototype, "message", (v) => { if (mcPortEndpoint(v) === null) throw new TypeError_("Illegal invocation: not a MessagePort"); });
defineEventHandler(MessagePort.prototype, "messageerror", (v) => { if (mcPortEndpoint(v) === null) throw new TypeError_("Illegal invocation: not a MessagePort"); });
{
  // HTML: setting onmessage (not addEventListener) implicitly starts the port.
  const d = ObjectGetOwnPropertyDescriptor(MessagePort.prototype, "onmessage");
  const setHandler = d.set;
  const start = MessagePort.prototype.start;
  ObjectDefineProperty(MessagePort.prototype, "onmessage", {
    get: d.get,
    set: { onmessage(value) {
      ReflectApply(setHandler, this, [value]);
      ReflectApply(start, this, []);
    } }.onmessage,
    enumerable: true,
    configurable: true,
  });
}

let messageChannelOf;

class MessageChannel {
  #ports;

  constructor() {
    const a = mcNewEndpoint();
    const b = mcNewEndpoint();
    a.peer = b;
    b.peer = a;
    this.#ports = [mcWrapEndpoint(a), mcWrapEndpoint(b)];
  }

  get port1() { return messageChannelCheck(this)[0]; }
  get port2() { return messageChannelCheck(this)[1]; }

  static {
    messageChannelOf = (v) => (isObject(v) && #ports in v ? v.#ports : null);
  }
}
setToStringTag(MessageChannel, "MessageChannel");
makeEnumerable(MessageChannel, ["port1", "port2"]);

function messageChannelCheck(v) {
  const ports = messageChannelOf(v);
  if (ports === null) throw new TypeError_("Illegal invocation: not a MessageChannel");
  return ports;
}

exposeGlobal("MessagePort", MessagePort);
exposeGlobal("MessageChannel", MessageChannel);
