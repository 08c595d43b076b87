// 99_entry.js — the entry points the host calls (README.md, "Entry points"). Last file: it returns.

let timerBatchLimit = 0;

return ObjectFreeze({
  setup(envJSON) {
    // Also removed at snapshot time; V8 re-adds some globals when a context is deserialised.
    delete globalObject.SharedArrayBuffer;
    delete globalObject.Atomics;
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
  cancel: entryCancel,
  unhandledRejection(reason) {
    ops.console(3, "Uncaught (in promise) " + formatErrorForLog(reason));
  },
});
