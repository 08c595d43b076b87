// 05_host_async.js — host ops that finish later. Such an op returns an id at once; the host settles it
// through the entry `completeOp(id, ok, value, errorName)` (see README, "Entry points"). Everything
// pending belongs to the current request: when the request ends the host forgets them and so do we.

const pendingHostOps = new Map_();

/** Calls `start()` (which invokes an async host op and returns its id) and returns a promise for it. */
function hostAsync(start) {
  return new Promise_((resolve, reject) => {
    const id = start();
    pendingHostOps.set(id, { resolve, reject });
  });
}

function hostAsyncError(message, name) {
  switch (name) {
    case "TypeError": return new TypeError_(message);
    case "RangeError": return new RangeError_(message);
    case undefined: case null: case "": case "Error": return new Error_(message);
    default: return typeof newDOMException === "function" ? newDOMException(message, name) : new Error_(message);
  }
}

function hostAsyncComplete(id, ok, value, errorName) {
  const p = pendingHostOps.get(id);
  if (p === undefined) return;
  pendingHostOps.delete(id);
  if (ok) p.resolve(value);
  else p.reject(hostAsyncError(String_(value), errorName));
}

function hostAsyncForgetAll() { pendingHostOps.clear(); }

/** `scheduler.wait(ms, { signal })` (Cloudflare): a promise that resolves after `ms`. */
class Scheduler {
  constructor() { throw new TypeError_("Illegal constructor"); }
  wait(delay, options = undefined) {
    const ms = MathMax(0, Number_(delay) || 0);
    const signal = options?.signal;
    if (signal !== undefined && signal.aborted) return PromiseReject(signal.reason);
    const waiting = hostAsync(() => ops.sleep(ms));
    if (signal === undefined) return waiting;
    return new Promise_((resolve, reject) => {
      const onAbort = () => reject(signal.reason);
      signal.addEventListener("abort", onAbort, { once: true });
      PromisePrototypeThen.call(waiting, (v) => { signal.removeEventListener("abort", onAbort); resolve(v); }, reject);
    });
  }
}
setToStringTag(Scheduler, "Scheduler");
exposeGlobal("scheduler", ObjectCreate(Scheduler.prototype));
