// MessageChannel, MessagePort and MessageEvent (HTML "Channel messaging").

/** Resolves with the next `count` message events seen on `port` (through addEventListener). */
function mcNext(port, count = 1) {
  return new Promise((resolve) => {
    const seen = [];
    const listener = (e) => {
      seen.push(e);
      if (seen.length === count) {
        port.removeEventListener("message", listener);
        resolve(count === 1 ? seen[0] : seen);
      }
    };
    port.addEventListener("message", listener);
  });
}

const mcTick = () => new Promise((resolve) => setTimeout(resolve, 5));

test("globals exist with their toStringTag", () => {
  const ch = new MessageChannel();
  assertEquals(Object.prototype.toString.call(ch), "[object MessageChannel]");
  assertEquals(Object.prototype.toString.call(ch.port1), "[object MessagePort]");
  assert(ch.port1 instanceof MessagePort);
  assert(ch.port1 instanceof EventTarget);
  assert(ch.port1 !== ch.port2);
  assertEquals(ch.port1, ch.port1, "the getter returns the same object");
  assertEquals(Object.getOwnPropertyDescriptor(globalThis, "MessageChannel").enumerable, false);
  assertEquals(typeof MessageEvent, "function");
});

test("MessagePort cannot be constructed", () => {
  assertThrows(() => new MessagePort(), TypeError);
});

test("methods throw on the wrong receiver", () => {
  assertThrows(() => MessagePort.prototype.postMessage.call({}, 1), TypeError);
  assertThrows(() => Object.getOwnPropertyDescriptor(MessageChannel.prototype, "port1").get.call({}), TypeError);
});

test("postMessage delivers a MessageEvent through onmessage", async () => {
  const { port1, port2 } = new MessageChannel();
  const got = new Promise((resolve) => { port2.onmessage = resolve; });
  port1.postMessage("hello");
  const e = await got;
  assert(e instanceof MessageEvent);
  assertEquals(e.type, "message");
  assertEquals(e.data, "hello");
  assertEquals(e.target, port2);
  assertEquals(e.ports.length, 0);
  assertEquals(e.isTrusted, true);
});

test("delivery is asynchronous: after the sender's code and its microtasks", async () => {
  const { port1, port2 } = new MessageChannel();
  const order = [];
  const got = new Promise((resolve) => { port2.onmessage = (e) => { order.push("message " + e.data); resolve(); }; });
  port1.postMessage(1);
  order.push("after postMessage");
  queueMicrotask(() => order.push("microtask"));
  await got;
  assertEquals(order, ["after postMessage", "microtask", "message 1"]);
});

test("messages arrive in order, each as its own task", async () => {
  const { port1, port2 } = new MessageChannel();
  const order = [];
  const done = new Promise((resolve) => {
    port2.onmessage = (e) => {
      order.push("m" + e.data);
      queueMicrotask(() => order.push("after m" + e.data));
      if (e.data === 3) setTimeout(resolve, 0);
    };
  });
  port1.postMessage(1);
  port1.postMessage(2);
  port1.postMessage(3);
  await done;
  assertEquals(order, ["m1", "after m1", "m2", "after m2", "m3", "after m3"]);
});

test("both directions work", async () => {
  const { port1, port2 } = new MessageChannel();
  port2.onmessage = (e) => port2.postMessage(e.data * 2);
  const reply = mcNext(port1);
  port1.start();
  port1.postMessage(21);
  assertEquals((await reply).data, 42);
});

test("the message is a structured clone", async () => {
  const { port1, port2 } = new MessageChannel();
  const original = { a: [1, 2, { b: "c" }], d: new Date(0), m: new Map([["k", 1]]), bytes: new Uint8Array([1, 2, 3]) };
  original.self = original;
  const got = mcNext(port2);
  port2.start();
  port1.postMessage(original);
  original.a.push(99); // changes after posting are not seen
  const data = (await got).data;
  assert(data !== original);
  assertEquals(data.a, [1, 2, { b: "c" }]);
  assert(data.d instanceof Date && data.d.getTime() === 0);
  assertEquals(data.m.get("k"), 1);
  assertEquals(data.bytes, new Uint8Array([1, 2, 3]));
  assert(data.self === data, "cycles survive");
});

test("an uncloneable message throws DataCloneError synchronously", () => {
  const { port1 } = new MessageChannel();
  const e = assertThrows(() => port1.postMessage({ f() {} }), "DataCloneError");
  assert(e instanceof DOMException);
  assertThrows(() => port1.postMessage(Symbol("x")), "DataCloneError");
  assertThrows(() => port1.postMessage(new MessageChannel().port1), "DataCloneError");
});

test("addEventListener alone does not start the port; start() does", async () => {
  const { port1, port2 } = new MessageChannel();
  let count = 0;
  port2.addEventListener("message", () => count++);
  port1.postMessage("queued");
  await mcTick();
  assertEquals(count, 0, "not delivered before start()");
  const got = mcNext(port2);
  port2.start();
  await got;
  assertEquals(count, 1);
});

test("messages posted before onmessage is set are queued and delivered", async () => {
  const { port1, port2 } = new MessageChannel();
  port1.postMessage("a");
  port1.postMessage("b");
  await mcTick();
  const seen = [];
  await new Promise((resolve) => {
    port2.onmessage = (e) => { seen.push(e.data); if (seen.length === 2) resolve(); };
  });
  assertEquals(seen, ["a", "b"]);
});

test("onmessage getter returns the handler; null removes it", async () => {
  const { port1, port2 } = new MessageChannel();
  const handler = () => {};
  assertEquals(port2.onmessage, null);
  port2.onmessage = handler;
  assertEquals(port2.onmessage, handler);
  port2.onmessage = null;
  assertEquals(port2.onmessage, null);
  assertEquals(port2.onmessageerror, null);
});

test("close() stops delivery in both directions", async () => {
  const { port1, port2 } = new MessageChannel();
  let received = 0;
  port2.onmessage = () => received++;
  port1.onmessage = () => received++;
  port2.close();
  port1.postMessage("lost");
  port2.postMessage("lost too");
  await mcTick();
  assertEquals(received, 0);
});

test("closing the receiver drops messages already queued to it", async () => {
  const { port1, port2 } = new MessageChannel();
  let received = 0;
  port2.onmessage = () => received++;
  port1.postMessage("x");
  port2.close();
  await mcTick();
  assertEquals(received, 0);
});

test("postMessage after close still throws for uncloneable data", () => {
  const { port1 } = new MessageChannel();
  port1.close();
  assertThrows(() => port1.postMessage(() => {}), "DataCloneError");
  port1.postMessage("fine"); // no target, no error
});

test("transferring an ArrayBuffer detaches it on the sending side", async () => {
  const { port1, port2 } = new MessageChannel();
  const buffer = new Uint8Array([7, 8, 9]).buffer;
  const got = mcNext(port2);
  port2.start();
  port1.postMessage({ buffer }, [buffer]);
  assertEquals(buffer.byteLength, 0, "detached");
  const data = (await got).data;
  assertEquals(new Uint8Array(data.buffer), new Uint8Array([7, 8, 9]));
});

test("the options form { transfer } works too", async () => {
  const { port1, port2 } = new MessageChannel();
  const buffer = new ArrayBuffer(4);
  const got = mcNext(port2);
  port2.start();
  port1.postMessage(buffer, { transfer: [buffer] });
  assertEquals(buffer.byteLength, 0);
  assertEquals((await got).data.byteLength, 4);
});

test("invalid transfer lists throw DataCloneError", () => {
  const { port1, port2 } = new MessageChannel();
  const buffer = new ArrayBuffer(1);
  assertThrows(() => port1.postMessage(1, [buffer, buffer]), "DataCloneError");
  assertEquals(buffer.byteLength, 1, "nothing was detached");
  assertThrows(() => port1.postMessage(1, [port1]), "DataCloneError");
  assertThrows(() => port1.postMessage(1, [{}]), "DataCloneError");
  assertThrows(() => port1.postMessage(1, [1]), TypeError);
  assertThrows(() => port1.postMessage(1, 5), TypeError);
});

test("a transferred port arrives in event.ports and keeps its channel", async () => {
  const outer = new MessageChannel();
  const inner = new MessageChannel();
  const got = mcNext(outer.port2);
  outer.port2.start();
  outer.port1.postMessage("here is a port", [inner.port2]);
  const e = await got;
  assertEquals(e.ports.length, 1);
  const moved = e.ports[0];
  assert(moved instanceof MessagePort);
  assert(moved !== inner.port2, "a new port object");
  const reply = mcNext(moved);
  moved.start();
  inner.port1.postMessage("through the moved port");
  assertEquals((await reply).data, "through the moved port");
  // The old object is detached: transferring it again fails.
  assertThrows(() => outer.port1.postMessage(1, [inner.port2]), "DataCloneError");
});

test("messages sent to a port before it is transferred follow it", async () => {
  const outer = new MessageChannel();
  const inner = new MessageChannel();
  inner.port1.postMessage("early");
  const got = mcNext(outer.port2);
  outer.port2.start();
  outer.port1.postMessage(null, [inner.port2]);
  const moved = (await got).ports[0];
  const early = mcNext(moved);
  moved.start();
  assertEquals((await early).data, "early");
});

test("a listener exception is reported and does not stop later messages", async () => {
  const { port1, port2 } = new MessageChannel();
  const seen = [];
  const done = new Promise((resolve) => {
    port2.onmessage = (e) => {
      seen.push(e.data);
      if (e.data === 2) resolve();
      else throw new Error("listener failure (expected in this test)");
    };
  });
  port1.postMessage(1);
  port1.postMessage(2);
  await done;
  assertEquals(seen, [1, 2]);
});

test("MessageEvent can be constructed directly", () => {
  const e = new MessageEvent("message", { data: { x: 1 }, origin: "https://example.com", lastEventId: "7" });
  assertEquals(e.data, { x: 1 });
  assertEquals(e.origin, "https://example.com");
  assertEquals(e.lastEventId, "7");
  assertEquals(e.source, null);
  assertEquals(e.ports.length, 0);
});
