// 99_entry.js — the entry points the host calls (README.md, "Entry points"). Last file: it returns.

let timerBatchLimit = 0;

return ObjectFreeze({
  setup(envJSON) {
    // Also removed at snapshot time; V8 re-adds some globals when a context is deserialised.
    delete globalObject.SharedArrayBuffer;
    delete globalObject.Atomics;
    wasmInstallPromiseEntryPoints(); // 42_webassembly.js: V8 adds WebAssembly only now
    const parsed = envJSON ? JSONParse(envJSON) : {};
    workerEnv = ObjectFreeze(parsed);
    ObjectDefineProperty(globalObject, "env", { value: workerEnv, writable: false, configurable: false, enumerable: false });
  },
  loaded(namespace) {
    if (namespace !== undefined && namespace !== null && "default" in namespace) workerExports = namespace.default;
    else if (globalObject.default !== undefined) workerExports = globalObject.default; // OpenWorkers' lowered form
  },
  dispatchFetch: entryDispatchFetch,
  dispatchScheduled: entryDispatchScheduled,
  fireTimers(startBatch) {
    if (startBatch) timerBatchLimit = ops.now();
    return timersFireOne(timerBatchLimit);
  },
  bodyWritable: entryBodyWritable,
  completeOp: hostAsyncComplete,
  cancel: entryCancel,
  /** Called once while the snapshot is built: runs the request path so its code is compiled into the
   *  snapshot. Host ops are no-ops then (only URL parsing answers). Leaves no state behind. */
  warmUp() {
    const saved = workerExports;
    workerExports = {
      fetch(request, env, ctx) {
        const url = new URL(request.url);
        request.headers.get("host");
        for (const [k, v] of request.headers) { if (k === v) break; }
        url.searchParams.get("q");
        if (url.pathname === "/json") return Response.json({ ok: true, path: url.pathname });
        return new Response("warm " + url.pathname, { headers: { "content-type": "text/plain" } });
      },
    };
    try {
      entryDispatchFetch(-1, "GET", "http://warm.up/path?q=1", ["host", "warm.up", "accept", "*/*", "user-agent", "warm"], null);
      entryDispatchFetch(-2, "POST", "http://warm.up/json", ["host", "warm.up", "content-type", "application/json"], ops.encodeUtf8("{}"));
      new TextDecoder().decode(new TextEncoder().encode("warm"));
    } finally {
      workerExports = saved;
      invocations.clear();
      timersClearAll();
      timerArmedAt = -1;
    }
  },
  unhandledRejection(reason) {
    ops.console(3, "Uncaught (in promise) " + formatErrorForLog(reason));
  },
});
