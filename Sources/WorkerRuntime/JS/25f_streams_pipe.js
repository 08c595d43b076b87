// 25f_streams_pipe.js — ReadableStreamPipeTo (Streams §4.9.4): the engine behind pipeTo() and
// pipeThrough(). Reads use internal read requests and writes the writer abstract operations, so
// piping is not observable through patched globals (Promise.prototype.then, Object.prototype.then).

function readableStreamPipeTo(source, dest, preventClose, preventAbort, preventCancel, signal) {
  const reader = acquireReadableStreamDefaultReader(source);
  const writer = acquireWritableStreamDefaultWriter(dest);
  source.disturbed = true;
  let shuttingDown = false;
  let currentWrite = PromiseResolve(undefined);
  const promise = streamsDeferred();
  let abortAlgorithm;

  const finalize = (isError, error) => {
    writableStreamDefaultWriterRelease(writer);
    readableStreamDefaultReaderRelease(reader);
    if (signal !== undefined) removeAbortAlgorithm(signal, abortAlgorithm);
    if (isError) deferredReject(promise, error);
    else deferredResolve(promise, undefined);
  };

  const waitForWritesToFinish = () => {
    const oldCurrentWrite = currentWrite;
    return transformPromise(currentWrite, () => (oldCurrentWrite !== currentWrite ? waitForWritesToFinish() : undefined));
  };

  const shutdownWithAction = (action, originalIsError, originalError) => {
    if (shuttingDown) return;
    shuttingDown = true;
    const doTheRest = () => {
      uponPromise(action(), () => finalize(originalIsError, originalError), (newError) => finalize(true, newError));
    };
    if (dest.state === "writable" && !writableStreamCloseQueuedOrInFlight(dest)) uponPromise(waitForWritesToFinish(), doTheRest);
    else doTheRest();
  };

  const shutdown = (isError, error) => {
    if (shuttingDown) return;
    shuttingDown = true;
    if (dest.state === "writable" && !writableStreamCloseQueuedOrInFlight(dest)) {
      uponPromise(waitForWritesToFinish(), () => finalize(isError, error));
    } else {
      finalize(isError, error);
    }
  };

  if (signal !== undefined) {
    abortAlgorithm = () => {
      const error = abortSignalState(signal).reason;
      const actions = [];
      if (!preventAbort) {
        actions[actions.length] = () => (dest.state === "writable" ? writableStreamAbort(dest, error) : PromiseResolve(undefined));
      }
      if (!preventCancel) {
        actions[actions.length] = () => (source.state === "readable" ? readableStreamCancel(source, error) : PromiseResolve(undefined));
      }
      shutdownWithAction(() => streamsWaitForAll(actions), true, error);
    };
    if (abortSignalState(signal).aborted) {
      abortAlgorithm();
      return promise.promise;
    }
    addAbortAlgorithm(signal, abortAlgorithm);
  }

  // One step: wait for the writer to be ready, read a chunk, start writing it. Resolves with true
  // when the loop must stop (shutting down or the source closed).
  const pipeStep = () => {
    if (shuttingDown) return PromiseResolve(true);
    return transformPromise(writer.ready.promise, () => {
      const step = streamsDeferred();
      readableStreamDefaultReaderRead(reader, {
        chunkSteps(chunk) {
          currentWrite = transformPromise(writableStreamDefaultWriterWrite(writer, chunk), undefined, streamsNoop);
          step.resolve(false);
        },
        closeSteps() { step.resolve(true); },
        errorSteps(e) { step.reject(e); },
      });
      return step.promise;
    });
  };

  const loop = streamsDeferred();
  const next = (done) => {
    if (done) loop.resolve(undefined);
    else PromisePrototypeThen.call(pipeStep(), next, loop.reject);
  };

  // Errors must be propagated forward.
  if (source.state === "errored") {
    pipeSourceErrored(source.storedError);
  } else {
    uponPromise(reader.closed.promise, undefined, (e) => pipeSourceErrored(e));
  }
  function pipeSourceErrored(storedError) {
    if (!preventAbort) shutdownWithAction(() => writableStreamAbort(dest, storedError), true, storedError);
    else shutdown(true, storedError);
  }

  // Errors must be propagated backward.
  if (dest.state === "errored") {
    pipeDestErrored(dest.storedError);
  } else {
    uponPromise(writer.closed.promise, undefined, (e) => pipeDestErrored(e));
  }
  function pipeDestErrored(storedError) {
    if (!preventCancel) shutdownWithAction(() => readableStreamCancel(source, storedError), true, storedError);
    else shutdown(true, storedError);
  }

  // Closing must be propagated forward.
  if (source.state === "closed") {
    pipeSourceClosed();
  } else {
    uponPromise(reader.closed.promise, () => pipeSourceClosed(), undefined);
  }
  function pipeSourceClosed() {
    if (!preventClose) shutdownWithAction(() => writableStreamDefaultWriterCloseWithErrorPropagation(writer));
    else shutdown();
  }

  // Closing must be propagated backward.
  if (writableStreamCloseQueuedOrInFlight(dest) || dest.state === "closed") {
    const destClosed = new TypeError_("The destination WritableStream is closed");
    if (!preventCancel) shutdownWithAction(() => readableStreamCancel(source, destClosed), true, destClosed);
    else shutdown(true, destClosed);
  }

  markPromiseHandled(loop.promise);
  next(false);
  return promise.promise;
}

/** Spec "getting a promise to wait for all" over the results of `actions`. */
function streamsWaitForAll(actions) {
  const promises = [];
  for (let i = 0; i < actions.length; i++) promises[i] = actions[i]();
  const total = promises.length;
  if (total === 0) return PromiseResolve(undefined);
  const d = streamsDeferred();
  let fulfilled = 0;
  for (let i = 0; i < total; i++) {
    uponPromise(promises[i], () => {
      fulfilled++;
      if (fulfilled === total) deferredResolve(d, undefined);
    }, (e) => deferredReject(d, e));
  }
  return d.promise;
}
