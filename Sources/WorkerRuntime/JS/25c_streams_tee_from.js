// 25c_streams_tee_from.js — tee() (default and byte streams), ReadableStream.from() and async
// iteration of ReadableStream (Streams §4.2.4–4.2.5, §4.9.1).
//
// Internal helpers for later files:
//   readableStreamTee(s, cloneForBranch2) → [branch1, branch2] (records); byte streams tee as bytes
//   readableStreamFromIterable(asyncIterable) → stream record

let readableStreamAsyncIteratorOf;

// ---------------------------------------------------------------------------------------------------
// tee (default streams)

function readableStreamTee(s, cloneForBranch2) {
  if (s.controller.byte) return readableByteStreamTee(s);
  return readableStreamDefaultTee(s, cloneForBranch2);
}

function readableStreamDefaultTee(s, cloneForBranch2) {
  const reader = acquireReadableStreamDefaultReader(s);
  let reading = false, readAgain = false, canceled1 = false, canceled2 = false;
  let reason1, reason2, branch1, branch2;
  const cancelPromise = streamsDeferred();

  const readRequest = {
    chunkSteps(chunk) {
      streamsQueueMicrotask(() => {
        readAgain = false;
        const chunk1 = chunk;
        let chunk2 = chunk;
        if (!canceled2 && cloneForBranch2) {
          try {
            chunk2 = ops.structuredClone(chunk);
          } catch (e) {
            readableStreamDefaultControllerError(branch1.controller, e);
            readableStreamDefaultControllerError(branch2.controller, e);
            deferredResolve(cancelPromise, readableStreamCancel(s, e));
            return;
          }
        }
        if (!canceled1) readableStreamDefaultControllerEnqueue(branch1.controller, chunk1);
        if (!canceled2) readableStreamDefaultControllerEnqueue(branch2.controller, chunk2);
        reading = false;
        if (readAgain) pullAlgorithm();
      });
    },
    closeSteps() {
      reading = false;
      if (!canceled1) readableStreamDefaultControllerClose(branch1.controller);
      if (!canceled2) readableStreamDefaultControllerClose(branch2.controller);
      if (!canceled1 || !canceled2) deferredResolve(cancelPromise, undefined);
    },
    errorSteps() {
      reading = false;
    },
  };

  const pullAlgorithm = () => {
    if (reading) {
      readAgain = true;
      return PromiseResolve(undefined);
    }
    reading = true;
    readableStreamDefaultReaderRead(reader, readRequest);
    return PromiseResolve(undefined);
  };
  const cancel1Algorithm = (reason) => {
    canceled1 = true;
    reason1 = reason;
    if (canceled2) deferredResolve(cancelPromise, readableStreamCancel(s, [reason1, reason2]));
    return cancelPromise.promise;
  };
  const cancel2Algorithm = (reason) => {
    canceled2 = true;
    reason2 = reason;
    if (canceled1) deferredResolve(cancelPromise, readableStreamCancel(s, [reason1, reason2]));
    return cancelPromise.promise;
  };
  branch1 = createReadableStream(streamsNoop, pullAlgorithm, cancel1Algorithm);
  branch2 = createReadableStream(streamsNoop, pullAlgorithm, cancel2Algorithm);
  uponPromise(reader.closed.promise, undefined, (r) => {
    readableStreamDefaultControllerError(branch1.controller, r);
    readableStreamDefaultControllerError(branch2.controller, r);
    if (!canceled1 || !canceled2) deferredResolve(cancelPromise, undefined);
  });
  return [branch1, branch2];
}

// ---------------------------------------------------------------------------------------------------
// ReadableStream.from

function readableStreamFromIterable(asyncIterable) {
  const iteratorRecord = getAsyncIteratorRecord(asyncIterable);
  let s;
  const pullAlgorithm = () => {
    let nextResult;
    try {
      nextResult = ReflectApply(iteratorRecord.next, iteratorRecord.iterator, []);
    } catch (e) {
      return PromiseReject(e);
    }
    return transformPromise(PromiseResolve(nextResult), (iterResult) => {
      if (!isObject(iterResult)) throw new TypeError_("The iterator's next() result is not an object");
      if (iterResult.done) {
        readableStreamDefaultControllerClose(s.controller);
      } else {
        readableStreamDefaultControllerEnqueue(s.controller, iterResult.value);
      }
    });
  };
  const cancelAlgorithm = (reason) => {
    const iterator = iteratorRecord.iterator;
    let returnResult;
    try {
      const returnMethod = iterator.return;
      if (returnMethod === undefined || returnMethod === null) return PromiseResolve(undefined);
      if (typeof returnMethod !== "function") throw new TypeError_("The iterator's return is not a function");
      returnResult = ReflectApply(returnMethod, iterator, [reason]);
    } catch (e) {
      return PromiseReject(e);
    }
    return transformPromise(PromiseResolve(returnResult), (iterResult) => {
      if (!isObject(iterResult)) throw new TypeError_("The iterator's return() result is not an object");
    });
  };
  s = createReadableStream(streamsNoop, pullAlgorithm, cancelAlgorithm, 0);
  return s;
}

/** GetIterator(obj, async): an async iterator, or a sync one wrapped like CreateAsyncFromSyncIterator. */
function getAsyncIteratorRecord(obj) {
  let method = obj === undefined || obj === null ? undefined : obj[SymbolAsyncIterator];
  if (method === undefined || method === null) {
    const syncMethod = obj === undefined || obj === null ? undefined : obj[SymbolIterator];
    if (syncMethod === undefined || syncMethod === null) throw new TypeError_("The argument is not an async iterable or an iterable");
    if (typeof syncMethod !== "function") throw new TypeError_("The object's @@iterator is not a function");
    const syncIterator = ReflectApply(syncMethod, obj, []);
    if (!isObject(syncIterator)) throw new TypeError_("The iterator is not an object");
    return asyncFromSyncIterator(syncIterator, syncIterator.next);
  }
  if (typeof method !== "function") throw new TypeError_("The object's @@asyncIterator is not a function");
  const iterator = ReflectApply(method, obj, []);
  if (!isObject(iterator)) throw new TypeError_("The async iterator is not an object");
  return { iterator, next: iterator.next };
}

function asyncFromSyncContinuation(result, syncIterator, closeOnRejection) {
  const done = !!result.done;
  let valueWrapper;
  try {
    valueWrapper = PromiseResolve(result.value);
  } catch (e) {
    if (!done && closeOnRejection) asyncFromSyncClose(syncIterator);
    return PromiseReject(e);
  }
  return PromisePrototypeThen.call(valueWrapper, (value) => ({ value, done }), (e) => {
    if (!done && closeOnRejection) asyncFromSyncClose(syncIterator);
    throw e;
  });
}

function asyncFromSyncClose(syncIterator) {
  try {
    const ret = syncIterator.return;
    if (typeof ret === "function") ReflectApply(ret, syncIterator, []);
  } catch { /* the original error wins */ }
}

function asyncFromSyncIterator(syncIterator, syncNext) {
  const iterator = {
    next() {
      let result;
      try {
        result = ReflectApply(syncNext, syncIterator, []);
        if (!isObject(result)) throw new TypeError_("The iterator result is not an object");
      } catch (e) {
        return PromiseReject(e);
      }
      return asyncFromSyncContinuation(result, syncIterator, true);
    },
    return(value) {
      let result;
      try {
        const ret = syncIterator.return;
        if (ret === undefined || ret === null) return PromiseResolve({ value, done: true });
        result = ReflectApply(ret, syncIterator, [value]);
        if (!isObject(result)) throw new TypeError_("The iterator's return() result is not an object");
      } catch (e) {
        return PromiseReject(e);
      }
      return asyncFromSyncContinuation(result, syncIterator, false);
    },
  };
  return { iterator, next: iterator.next };
}

// ---------------------------------------------------------------------------------------------------
// Async iteration

const rsEndOfIteration = ObjectFreeze(ObjectCreate(null));

class ReadableStreamAsyncIterator {
  #s;

  constructor(key, record) {
    if (key !== streamsConstructKey) throw new TypeError_("Illegal constructor");
    this.#s = record;
  }

  next() {
    const it = readableStreamAsyncIteratorOf(this);
    if (it === null) return rsRejectTypeError("Illegal invocation: not a ReadableStream async iterator");
    const nextSteps = () => {
      if (it.isFinished) return PromiseResolve({ value: undefined, done: true });
      const nextPromise = readableStreamAsyncIteratorGetNext(it);
      it.ongoing = PromisePrototypeThen.call(nextPromise, (next) => {
        it.ongoing = null;
        if (next === rsEndOfIteration) {
          it.isFinished = true;
          return { value: undefined, done: true };
        }
        return { value: next, done: false };
      }, (reason) => {
        it.ongoing = null;
        it.isFinished = true;
        throw reason;
      });
      return it.ongoing;
    };
    it.ongoing = it.ongoing !== null ? PromisePrototypeThen.call(it.ongoing, nextSteps, nextSteps) : nextSteps();
    return it.ongoing;
  }

  return(value) {
    const it = readableStreamAsyncIteratorOf(this);
    if (it === null) return rsRejectTypeError("Illegal invocation: not a ReadableStream async iterator");
    const returnSteps = () => {
      if (it.isFinished) return PromiseResolve({ value, done: true });
      it.isFinished = true;
      return readableStreamAsyncIteratorReturn(it, value);
    };
    it.ongoing = it.ongoing !== null ? PromisePrototypeThen.call(it.ongoing, returnSteps, returnSteps) : returnSteps();
    return PromisePrototypeThen.call(it.ongoing, () => ({ value, done: true }));
  }

  static {
    readableStreamAsyncIteratorOf = (v) => (isObject(v) && #s in v ? v.#s : null);
  }
}
ObjectSetPrototypeOf(ReadableStreamAsyncIterator.prototype, AsyncIteratorPrototype);
delete ReadableStreamAsyncIterator.prototype.constructor;
ObjectDefineProperty(ReadableStreamAsyncIterator.prototype, SymbolToStringTag, { value: "ReadableStream AsyncIterator", configurable: true });
makeEnumerable(ReadableStreamAsyncIterator, ["next", "return"]);

function readableStreamAsyncIteratorGetNext(it) {
  const reader = it.reader;
  const d = streamsDeferred();
  readableStreamDefaultReaderRead(reader, {
    chunkSteps(chunk) { d.resolve(chunk); },
    closeSteps() {
      readableStreamDefaultReaderRelease(reader);
      d.resolve(rsEndOfIteration);
    },
    errorSteps(e) {
      readableStreamDefaultReaderRelease(reader);
      d.reject(e);
    },
  });
  return d.promise;
}

function readableStreamAsyncIteratorReturn(it, arg) {
  const reader = it.reader;
  if (reader.stream === undefined) return PromiseResolve(undefined);
  if (!it.preventCancel) {
    const result = readableStreamReaderGenericCancel(reader, arg);
    readableStreamDefaultReaderRelease(reader);
    return result;
  }
  readableStreamDefaultReaderRelease(reader);
  return PromiseResolve(undefined);
}

// ---------------------------------------------------------------------------------------------------
// tee (byte streams)

function cloneAsUint8Array(view) {
  const offset = viewByteOffset(view);
  return new Uint8Array_(ReflectApply(ArrayBufferPrototypeSlice, viewBuffer(view), [offset, offset + viewByteLength(view)]));
}

function readableByteStreamTee(s) {
  let reader = acquireReadableStreamDefaultReader(s);
  let reading = false, readAgainForBranch1 = false, readAgainForBranch2 = false;
  let canceled1 = false, canceled2 = false;
  let reason1, reason2, branch1, branch2;
  const cancelPromise = streamsDeferred();

  const forwardReaderError = (thisReader) => {
    uponPromise(thisReader.closed.promise, undefined, (r) => {
      if (thisReader !== reader) return;
      readableByteStreamControllerError(branch1.controller, r);
      readableByteStreamControllerError(branch2.controller, r);
      if (!canceled1 || !canceled2) deferredResolve(cancelPromise, undefined);
    });
  };

  const pullAfterChunk = () => {
    reading = false;
    if (readAgainForBranch1) pull1Algorithm();
    else if (readAgainForBranch2) pull2Algorithm();
  };

  const pullWithDefaultReader = () => {
    if (reader.byob) {
      readableStreamBYOBReaderRelease(reader);
      reader = acquireReadableStreamDefaultReader(s);
      forwardReaderError(reader);
    }
    readableStreamDefaultReaderRead(reader, {
      chunkSteps(chunk) {
        streamsQueueMicrotask(() => {
          readAgainForBranch1 = false;
          readAgainForBranch2 = false;
          const chunk1 = chunk;
          let chunk2 = chunk;
          if (!canceled1 && !canceled2) {
            try {
              chunk2 = cloneAsUint8Array(chunk);
            } catch (e) {
              readableByteStreamControllerError(branch1.controller, e);
              readableByteStreamControllerError(branch2.controller, e);
              deferredResolve(cancelPromise, readableStreamCancel(s, e));
              return;
            }
          }
          if (!canceled1) readableByteStreamControllerEnqueue(branch1.controller, chunk1, true);
          if (!canceled2) readableByteStreamControllerEnqueue(branch2.controller, chunk2, true);
          pullAfterChunk();
        });
      },
      closeSteps() {
        reading = false;
        if (!canceled1) readableByteStreamControllerClose(branch1.controller);
        if (!canceled2) readableByteStreamControllerClose(branch2.controller);
        if (branch1.controller.pendingPullIntos.size() > 0) readableByteStreamControllerRespond(branch1.controller, 0);
        if (branch2.controller.pendingPullIntos.size() > 0) readableByteStreamControllerRespond(branch2.controller, 0);
        if (!canceled1 || !canceled2) deferredResolve(cancelPromise, undefined);
      },
      errorSteps() {
        reading = false;
      },
    });
  };

  const pullWithBYOBReader = (view, forBranch2) => {
    if (!reader.byob) {
      readableStreamDefaultReaderRelease(reader);
      reader = acquireReadableStreamBYOBReader(s);
      forwardReaderError(reader);
    }
    const byobBranch = forBranch2 ? branch2 : branch1;
    const otherBranch = forBranch2 ? branch1 : branch2;
    readableStreamBYOBReaderRead(reader, view, 1, {
      chunkSteps(chunk) {
        streamsQueueMicrotask(() => {
          readAgainForBranch1 = false;
          readAgainForBranch2 = false;
          const byobCanceled = forBranch2 ? canceled2 : canceled1;
          const otherCanceled = forBranch2 ? canceled1 : canceled2;
          if (!otherCanceled) {
            let cloned;
            try {
              cloned = cloneAsUint8Array(chunk);
            } catch (e) {
              readableByteStreamControllerError(byobBranch.controller, e);
              readableByteStreamControllerError(otherBranch.controller, e);
              deferredResolve(cancelPromise, readableStreamCancel(s, e));
              return;
            }
            if (!byobCanceled) readableByteStreamControllerRespondWithNewView(byobBranch.controller, chunk);
            readableByteStreamControllerEnqueue(otherBranch.controller, cloned, true);
          } else if (!byobCanceled) {
            readableByteStreamControllerRespondWithNewView(byobBranch.controller, chunk);
          }
          pullAfterChunk();
        });
      },
      closeSteps(chunk) {
        reading = false;
        const byobCanceled = forBranch2 ? canceled2 : canceled1;
        const otherCanceled = forBranch2 ? canceled1 : canceled2;
        if (!byobCanceled) readableByteStreamControllerClose(byobBranch.controller);
        if (!otherCanceled) readableByteStreamControllerClose(otherBranch.controller);
        if (chunk !== undefined) {
          if (!byobCanceled) readableByteStreamControllerRespondWithNewView(byobBranch.controller, chunk);
          if (!otherCanceled && otherBranch.controller.pendingPullIntos.size() > 0) {
            readableByteStreamControllerRespond(otherBranch.controller, 0);
          }
        }
        if (!byobCanceled || !otherCanceled) deferredResolve(cancelPromise, undefined);
      },
      errorSteps() {
        reading = false;
      },
    });
  };

  const pull1Algorithm = () => {
    if (reading) {
      readAgainForBranch1 = true;
      return PromiseResolve(undefined);
    }
    reading = true;
    const byobRequest = readableByteStreamControllerGetBYOBRequest(branch1.controller);
    if (byobRequest === null) pullWithDefaultReader();
    else pullWithBYOBReader(byobRequest.view, false);
    return PromiseResolve(undefined);
  };
  const pull2Algorithm = () => {
    if (reading) {
      readAgainForBranch2 = true;
      return PromiseResolve(undefined);
    }
    reading = true;
    const byobRequest = readableByteStreamControllerGetBYOBRequest(branch2.controller);
    if (byobRequest === null) pullWithDefaultReader();
    else pullWithBYOBReader(byobRequest.view, true);
    return PromiseResolve(undefined);
  };
  const cancel1Algorithm = (reason) => {
    canceled1 = true;
    reason1 = reason;
    if (canceled2) deferredResolve(cancelPromise, readableStreamCancel(s, [reason1, reason2]));
    return cancelPromise.promise;
  };
  const cancel2Algorithm = (reason) => {
    canceled2 = true;
    reason2 = reason;
    if (canceled1) deferredResolve(cancelPromise, readableStreamCancel(s, [reason1, reason2]));
    return cancelPromise.promise;
  };
  branch1 = createReadableByteStream(streamsNoop, pull1Algorithm, cancel1Algorithm);
  branch2 = createReadableByteStream(streamsNoop, pull2Algorithm, cancel2Algorithm);
  forwardReaderError(reader);
  return [branch1, branch2];
}
