// Timers and microtasks: HTML job ordering as workers see it.
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

test("setTimeout returns increasing positive integer ids", () => {
  const a = setTimeout(() => {}, 1000), b = setTimeout(() => {}, 1000);
  clearTimeout(a); clearTimeout(b);
  assert(Number.isInteger(a) && a > 0);
  assert(b > a);
});

test("microtasks run before any timer", async () => {
  const order = [];
  setTimeout(() => order.push("timeout"), 0);
  queueMicrotask(() => order.push("microtask"));
  Promise.resolve().then(() => order.push("promise"));
  await sleep(10);
  assertEquals(order, ["microtask", "promise", "timeout"]);
});

test("timers fire in order of delay, then of creation", async () => {
  const order = [];
  setTimeout(() => order.push("c20"), 20);
  setTimeout(() => order.push("a0"), 0);
  setTimeout(() => order.push("b0"), 0);
  setTimeout(() => order.push("d5"), 5);
  await sleep(40);
  assertEquals(order, ["a0", "b0", "d5", "c20"]);
});

test("microtasks queued by a timer run before the next timer", async () => {
  const order = [];
  setTimeout(() => { order.push("t1"); Promise.resolve().then(() => order.push("m1")); }, 0);
  setTimeout(() => order.push("t2"), 0);
  await sleep(10);
  assertEquals(order, ["t1", "m1", "t2"]);
});

test("extra arguments are passed to the callback", async () => {
  let got;
  setTimeout((a, b) => { got = [a, b]; }, 0, "x", 42);
  await sleep(5);
  assertEquals(got, ["x", 42]);
});

test("clearTimeout prevents the callback; unknown ids are ignored", async () => {
  let ran = false;
  const id = setTimeout(() => { ran = true; }, 0);
  clearTimeout(id);
  clearTimeout(123456789);
  clearTimeout("nonsense");
  clearTimeout();
  await sleep(10);
  assertEquals(ran, false);
});

test("setInterval repeats until cleared (also from inside its callback)", async () => {
  let n = 0;
  let cleared;
  const done = new Promise((r) => { cleared = r; });
  const id = setInterval(() => { n++; if (n === 3) { clearInterval(id); cleared(); } }, 1);
  await done;
  await sleep(10); // a cleared interval does not fire again
  assertEquals(n, 3);
});

test("negative and NaN delays behave like 0", async () => {
  const order = [];
  setTimeout(() => order.push("neg"), -100);
  setTimeout(() => order.push("nan"), NaN);
  await sleep(5);
  assertEquals(order, ["neg", "nan"]);
});

test("a nested timer runs after the current one", async () => {
  const order = [];
  let done;
  const finished = new Promise((r) => { done = r; });
  setTimeout(() => {
    order.push("outer");
    setTimeout(() => { order.push("inner"); done(); }, 0);
    order.push("outer end");
  }, 0);
  await finished;
  assertEquals(order, ["outer", "outer end", "inner"]);
});

test("string callbacks are refused (no code generation)", () => {
  assertThrows(() => setTimeout("globalThis.x = 1", 0), TypeError);
});

test("queueMicrotask needs a function", () => {
  assertThrows(() => queueMicrotask(), TypeError);
  assertThrows(() => queueMicrotask("x"), TypeError);
});

test("an exception in a timer callback does not stop later timers", async () => {
  let ran = false;
  setTimeout(() => { throw new Error("timer failure (expected in this test)"); }, 0);
  setTimeout(() => { ran = true; }, 1);
  await sleep(10);
  assert(ran);
});

test("scheduler.wait resolves after the delay", async () => {
  const t = performance.now();
  const v = await scheduler.wait(15);
  assertEquals(v, undefined);
  assert(performance.now() - t >= 14, "waited " + (performance.now() - t));
});

test("scheduler.wait with an aborted signal rejects with its reason", async () => {
  const c = new AbortController();
  c.abort(new Error("stop"));
  const e = await assertRejects(() => scheduler.wait(10, { signal: c.signal }));
  assertEquals(e.message, "stop");
});

test("scheduler.wait rejects when the signal aborts while waiting", async () => {
  const c = new AbortController();
  setTimeout(() => c.abort(), 1);
  await assertRejects(() => scheduler.wait(1000, { signal: c.signal }), "AbortError");
});
