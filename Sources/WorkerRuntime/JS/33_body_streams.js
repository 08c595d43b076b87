// 33_body_streams.js — plugs the streams (25*), Blob (27) and FormData (28) into the Body mixin
// through `bodyHooks` (30_body.js), and offers host-fed byte streams for native I/O.
//
// Internal helpers for later files (e.g. fetch()):
//   createHostByteStream({ highWaterMark = 65536, pull(), cancel(reason) }) → feed
//       feed.stream: a byte ReadableStream (public object) to use as a Response/Request body
//       feed.push(Uint8Array) → boolean   enqueue bytes the glue owns (not copied); false = the
//                                          queue is at/over the high-water mark: stop until pull()
//       feed.close(), feed.error(e), feed.desiredSize() → number | null
//       `pull()` runs whenever the consumer wants more (a read is pending or the queue is below the
//       mark); `cancel(reason)` when the consumer cancels. Both are optional and may be set later
//       (feed.onPull / feed.onCancel).
//   createBytesReadableStream(bytes) → stream record that yields `bytes` (owned) then closes
//   readableStreamReadAllBytes(streamRecord) → Promise<Uint8Array>   (locks and reads to the end)

function createBytesReadableStream(bytes) {
  const s = createReadableByteStream(streamsNoop, streamsResolvedUndefined, streamsResolvedUndefined, 0);
  if (bytes.length > 0) readableByteStreamControllerEnqueueOwned(s.controller, bytes);
  readableByteStreamControllerClose(s.controller);
  return s;
}

function readableStreamReadAllBytes(s) {
  const reader = acquireReadableStreamDefaultReader(s);
  const d = streamsDeferred();
  const chunks = [];
  let total = 0;
  let inRead = false;
  let chunkArrived = false;
  const readRequest = {
    chunkSteps(chunk) {
      const bytes = isObject(chunk) ? bufferSourceBytes(chunk) : null;
      if (bytes === null) {
        deferredReject(d, new TypeError_("The body stream produced a chunk that is not a Uint8Array"));
        return;
      }
      chunks[chunks.length] = bytes;
      total += bytes.length;
      if (inRead) chunkArrived = true;
      else loop();
    },
    closeSteps() {
      deferredResolve(d, bodyConcatChunks(chunks, total));
    },
    errorSteps(e) {
      deferredReject(d, e);
    },
  };
  // Reads until a read stays pending (a chunk that arrives synchronously continues the loop here,
  // not by recursion, so a long queue cannot overflow the stack).
  const loop = () => {
    for (;;) {
      chunkArrived = false;
      inRead = true;
      readableStreamDefaultReaderRead(reader, readRequest);
      inRead = false;
      if (!chunkArrived) return;
    }
  };
  loop();
  return d.promise;
}

function createHostByteStream(options = undefined) {
  const feed = {
    stream: undefined,
    onPull: options !== undefined && options.pull !== undefined ? options.pull : null,
    onCancel: options !== undefined && options.cancel !== undefined ? options.cancel : null,
    push: undefined, close: undefined, error: undefined, desiredSize: undefined,
  };
  const highWaterMark = options !== undefined && options.highWaterMark !== undefined ? options.highWaterMark : 65536;
  const s = createReadableByteStream(streamsNoop, () => {
    if (feed.onPull !== null) {
      try { feed.onPull(); } catch (e) { return PromiseReject(e); }
    }
    return PromiseResolve(undefined);
  }, (reason) => {
    if (feed.onCancel !== null) {
      try { feed.onCancel(reason); } catch (e) { return PromiseReject(e); }
    }
    return PromiseResolve(undefined);
  }, highWaterMark);
  const c = s.controller;
  feed.stream = s.api;
  feed.push = (bytes) => {
    if (c.closeRequested || s.state !== "readable") return false;
    readableByteStreamControllerEnqueueOwned(c, bytes);
    const size = readableByteStreamControllerGetDesiredSize(c);
    return size !== null && size > 0;
  };
  feed.close = () => {
    if (c.closeRequested || s.state !== "readable") return;
    readableByteStreamControllerClose(c);
    if (c.pendingPullIntos.size() > 0) readableByteStreamControllerRespond(c, 0);
  };
  feed.error = (e) => { readableByteStreamControllerError(c, e); };
  feed.desiredSize = () => readableByteStreamControllerGetDesiredSize(c);
  return feed;
}

// ---------------------------------------------------------------------------------------------------
// bodyHooks

function bodyStreamRecord(stream) {
  const s = readableStreamRecordOf(stream);
  if (s === null) throw new TypeError_("Not a ReadableStream");
  return s;
}

bodyHooks.isReadableStream = (value) => readableStreamRecordOf(value) !== null;
bodyHooks.streamFromBytes = (bytes) => createBytesReadableStream(bytes).api;
bodyHooks.streamIsDisturbed = (stream) => bodyStreamRecord(stream).disturbed;
bodyHooks.streamIsLocked = (stream) => isReadableStreamLocked(bodyStreamRecord(stream));
bodyHooks.readAllBytes = (stream) => readableStreamReadAllBytes(bodyStreamRecord(stream));
bodyHooks.teeStream = (stream) => {
  const branches = readableStreamTee(bodyStreamRecord(stream), true);
  return [branches[0].api, branches[1].api];
};
bodyHooks.consumedStream = () => {
  // What a body stream looks like after "fully read": closed, disturbed, and locked to the reader
  // that read it (never released).
  const s = createBytesReadableStream(new Uint8Array_(0));
  acquireReadableStreamDefaultReader(s);
  s.disturbed = true;
  return s.api;
};
bodyHooks.isBlob = blobIsInstance;
bodyHooks.blobBytes = (blob) => {
  const record = blobRecordOf(blob);
  return { bytes: blobAllBytes(record), type: record.type };
};
bodyHooks.makeBlob = (bytes, contentType) => {
  const mimeType = extractMimeTypeFromHeaderValue(contentType === "" ? null : contentType);
  return createBlob(bytes.length === 0 ? [] : [bytes], mimeType === null ? "" : serializeMimeType(mimeType));
};
bodyHooks.isFormData = formDataIsInstance;
bodyHooks.formDataExtract = formDataSerializeMultipart;
bodyHooks.parseFormData = formDataParseBody;
