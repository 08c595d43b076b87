// 13_timers.js — setTimeout/setInterval/clear*, queueMicrotask.
// Timers live in JS (a binary heap ordered by deadline, then creation order); the host only learns the
// delay until the earliest one (`ops.timerArm`) and calls the entry `fireTimers(limit)`, which runs ONE
// due timer per call so that the host's microtask checkpoint runs between timers (HTML task semantics).

const timerHeap = [];
const timersById = new Map_();
let timerNextId = 1;
let timerSeq = 0;
let timerArmedAt = -1; // deadline the host was last told about (-1: none)
const TIMER_MAX_DELAY = 2147483647;

function timerLess(a, b) { return a.deadline < b.deadline || (a.deadline === b.deadline && a.seq < b.seq); }

function timerHeapPush(t) {
  timerHeap.push(t);
  let i = timerHeap.length - 1;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (!timerLess(timerHeap[i], timerHeap[p])) break;
    const tmp = timerHeap[i]; timerHeap[i] = timerHeap[p]; timerHeap[p] = tmp;
    i = p;
  }
}

function timerHeapPop() {
  const top = timerHeap[0];
  const last = timerHeap.pop();
  if (timerHeap.length > 0) {
    timerHeap[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1, r = l + 1;
      let m = i;
      if (l < timerHeap.length && timerLess(timerHeap[l], timerHeap[m])) m = l;
      if (r < timerHeap.length && timerLess(timerHeap[r], timerHeap[m])) m = r;
      if (m === i) break;
      const tmp = timerHeap[i]; timerHeap[i] = timerHeap[m]; timerHeap[m] = tmp;
      i = m;
    }
  }
  return top;
}

/** Drops cancelled timers from the top, then tells the host about the earliest deadline. */
function timerRearm() {
  while (timerHeap.length > 0 && timerHeap[0].cancelled) timerHeapPop();
  const next = timerHeap.length > 0 ? timerHeap[0].deadline : -1;
  if (next !== timerArmedAt) {
    timerArmedAt = next;
    ops.timerArm(next < 0 ? -1 : MathMax(0, next - ops.now()));
  }
}

function timerNormalizeDelay(delay) {
  let d = Number_(delay);
  if (!(d >= 0)) d = 0; // NaN, negative
  if (d > TIMER_MAX_DELAY) d = 1; // HTML: out-of-range delays behave like 0/1
  return MathTrunc(d);
}

function timerCreate(callback, delay, args, repeat) {
  if (typeof callback !== "function") {
    throw new TypeError_("The callback provided as parameter 1 is not a function (string callbacks are not allowed)");
  }
  const id = timerNextId++;
  const d = timerNormalizeDelay(delay);
  const t = { id, seq: timerSeq++, deadline: ops.now() + d, delay: repeat ? MathMax(1, d) : d,
              callback, args, repeat, cancelled: false };
  timersById.set(id, t);
  timerHeapPush(t);
  timerRearm();
  return id;
}

function timerClear(id) {
  const n = Number_(id);
  const t = timersById.get(n);
  if (t === undefined) return;
  t.cancelled = true;
  timersById.delete(n);
  timerRearm();
}

/** Entry: run the earliest timer whose deadline is <= `limit`. Returns true if another one is due. */
function timersFireOne(limit) {
  while (timerHeap.length > 0 && timerHeap[0].cancelled) timerHeapPop();
  if (timerHeap.length === 0 || timerHeap[0].deadline > limit) { timerArmedAt = -2; timerRearm(); return false; }
  const t = timerHeapPop();
  if (t.repeat) {
    t.seq = timerSeq++;
    t.deadline = ops.now() + t.delay;
    timerHeapPush(t);
  } else {
    timersById.delete(t.id);
  }
  try {
    ReflectApply(t.callback, globalObject, t.args);
  } catch (e) {
    reportException(e);
  }
  while (timerHeap.length > 0 && timerHeap[0].cancelled) timerHeapPop();
  const more = timerHeap.length > 0 && timerHeap[0].deadline <= limit;
  timerArmedAt = -2; // force the host to be told again
  timerRearm();
  return more;
}

/** Cancels every timer (used when a request finished, so nothing of it runs later). */
function timersClearAll() {
  for (const t of timerHeap) t.cancelled = true;
  timerHeap.length = 0;
  timersById.clear();
  timerRearm();
}

function setTimeout(callback, delay = 0, ...args) { return timerCreate(callback, delay, args, false); }
function setInterval(callback, delay = 0, ...args) { return timerCreate(callback, delay, args, true); }
function clearTimeout(id = 0) { timerClear(id); }
function clearInterval(id = 0) { timerClear(id); }

function queueMicrotask(callback) {
  if (arguments.length === 0) throw new TypeError_("queueMicrotask requires 1 argument");
  if (typeof callback !== "function") throw new TypeError_("The callback provided as parameter 1 is not a function");
  PromisePrototypeThen.call(PromiseResolve(undefined), () => {
    try { callback(); } catch (e) { reportException(e); }
  });
}

exposeGlobal("setTimeout", setTimeout);
exposeGlobal("setInterval", setInterval);
exposeGlobal("clearTimeout", clearTimeout);
exposeGlobal("clearInterval", clearInterval);
exposeGlobal("queueMicrotask", queueMicrotask);
