// 30_body.js — the Fetch Body mixin (Fetch §5.3), shared by Request and Response.
//
// A Request/Response keeps a body state `{ body, disturbed, headers }`:
//   body: null (no body) or a record
//     { kind: "bytes",  bytes: Uint8Array, shared }   bytes the glue owns (copied at extraction)
//     { kind: "string", text: string, shared }        a USVString, UTF-8 encoded only when needed
//     { kind: "stream", stream, source }              a ReadableStream; `source` is the bytes/string
//                                                     record it was made from, if it was made lazily
//   disturbed: true once read (text(), …) or handed to the host
//   `shared` marks a record two clones use, so reads copy the bytes before giving them out.
//
// Streams, Blob and FormData come in later files; they plug in through `bodyHooks` (below). Until
// streams exist, `body` returns null for a non-null body unless a global ReadableStream is present.

const bodyHooks = {
  // Streams. Defaults (used when null) work on any global ReadableStream through its public API.
  isReadableStream: null,   // (value) → boolean
  streamFromBytes: null,    // (Uint8Array) → ReadableStream that yields the bytes, then closes
  streamIsDisturbed: null,  // (stream) → boolean (ever read or cancelled)
  streamIsLocked: null,     // (stream) → boolean
  readAllBytes: null,       // (stream) → Promise<Uint8Array>; reads to the end (locks the stream)
  teeStream: null,          // (stream) → [ReadableStream, ReadableStream]
  consumedStream: null,     // () → ReadableStream that reads as already consumed (closed, disturbed, locked)
  // Blob and FormData.
  isBlob: null,             // (value) → boolean
  blobBytes: null,          // (blob) → { bytes: Uint8Array, type: string }
  makeBlob: null,           // (bytes: Uint8Array, type: string) → Blob
  isFormData: null,         // (value) → boolean
  formDataExtract: null,    // (formData) → { bytes: Uint8Array, contentType: string }
  parseFormData: null,      // (bytes: Uint8Array, contentType: string|null) → FormData (TypeError if it can't)
};

const bodyLoneSurrogateRe = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** USVString conversion with a native fast path for the common (well-formed) case. */
function toUSVStringFast(value) {
  const s = toDOMString(value);
  return bodyLoneSurrogateRe.test(s) ? replaceLoneSurrogates(s) : s;
}

// ---------------------------------------------------------------------------------------------------
// Stream access through the hooks, with public-API defaults

function bodyIsReadableStream(value) {
  if (bodyHooks.isReadableStream !== null) return bodyHooks.isReadableStream(value);
  const RS = globalObject.ReadableStream;
  return typeof RS === "function" && value instanceof RS;
}

function bodyStreamFromBytes(bytes) {
  if (bodyHooks.streamFromBytes !== null) return bodyHooks.streamFromBytes(bytes);
  const RS = globalObject.ReadableStream;
  if (typeof RS !== "function") return null;
  return new RS({
    start(controller) {
      if (bytes.length > 0) controller.enqueue(bytes);
      controller.close();
    },
  });
}

/** Streams this file has read itself (the public API cannot tell whether a stream was disturbed). */
const bodyDisturbedStreams = new WeakMap_();

function bodyStreamIsDisturbed(stream) {
  if (bodyHooks.streamIsDisturbed !== null) return bodyHooks.streamIsDisturbed(stream);
  return WeakMapPrototypeGet.call(bodyDisturbedStreams, stream) === true;
}

function bodyStreamIsLocked(stream) {
  if (bodyHooks.streamIsLocked !== null) return bodyHooks.streamIsLocked(stream);
  return stream.locked === true;
}

function bodyReadAllBytes(stream) {
  if (bodyHooks.readAllBytes !== null) return bodyHooks.readAllBytes(stream);
  WeakMapPrototypeSet.call(bodyDisturbedStreams, stream, true);
  const reader = stream.getReader();
  const chunks = [];
  let total = 0;
  const step = () => PromisePrototypeThen.call(reader.read(), (r) => {
    if (r.done) return bodyConcatChunks(chunks, total);
    const view = bufferSourceBytes(r.value);
    if (view === null) throw new TypeError_("The body stream produced a chunk that is not a Uint8Array");
    ArrayPrototypePush.call(chunks, view);
    total += view.length;
    return step();
  });
  return step();
}

function bodyTeeStream(stream) {
  if (bodyHooks.teeStream !== null) return bodyHooks.teeStream(stream);
  const branches = stream.tee();
  return [branches[0], branches[1]];
}

function bodyConcatChunks(chunks, total) {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array_(total);
  let offset = 0;
  for (let i = 0; i < chunks.length; i++) {
    ReflectApply(TypedArrayPrototypeSet, out, [chunks[i], offset]);
    offset += chunks[i].length;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Extraction (Fetch "extract a body")

/** → { body: record, contentType: string | null }. Throws TypeError for a disturbed/locked stream. */
function extractBody(object) {
  if (typeof object === "string") {
    return { body: { kind: "string", text: toUSVStringFast(object), shared: false }, contentType: "text/plain;charset=UTF-8" };
  }
  if (isObject(object)) {
    if (object instanceof ArrayBuffer_ || ArrayBufferIsView(object)) {
      return { body: { kind: "bytes", bytes: copyBufferSource(object), shared: false }, contentType: null };
    }
    if (urlSearchParamsIsInstance(object)) {
      return {
        body: { kind: "string", text: urlSearchParamsToString(object), shared: false },
        contentType: "application/x-www-form-urlencoded;charset=UTF-8",
      };
    }
    if (bodyHooks.isBlob !== null && bodyHooks.isBlob(object)) {
      const b = bodyHooks.blobBytes(object);
      return { body: { kind: "bytes", bytes: b.bytes, shared: true }, contentType: b.type === "" ? null : b.type };
    }
    if (bodyHooks.isFormData !== null && bodyHooks.isFormData(object)) {
      const f = bodyHooks.formDataExtract(object);
      return { body: { kind: "bytes", bytes: f.bytes, shared: false }, contentType: f.contentType };
    }
    if (bodyIsReadableStream(object)) {
      if (bodyStreamIsDisturbed(object) || bodyStreamIsLocked(object)) {
        throw new TypeError_("The ReadableStream body is disturbed or locked");
      }
      return { body: { kind: "stream", stream: object, source: null }, contentType: null };
    }
  }
  return { body: { kind: "string", text: toUSVStringFast(object), shared: false }, contentType: "text/plain;charset=UTF-8" };
}

// ---------------------------------------------------------------------------------------------------
// Reading

function bodyIsUsed(b) {
  const rec = b.body;
  if (rec === null) return false;
  if (b.disturbed) return true;
  return rec.kind === "stream" && bodyStreamIsDisturbed(rec.stream);
}

/** Fetch "unusable": disturbed or locked. */
function bodyIsUnusable(b) {
  if (bodyIsUsed(b)) return true;
  const rec = b.body;
  return rec !== null && rec.kind === "stream" && bodyStreamIsLocked(rec.stream);
}

/** The `body` getter: null without a body, else a ReadableStream (made on first access). */
function bodyGetStream(b) {
  const rec = b.body;
  if (rec === null) return null;
  if (rec.kind === "stream") return rec.stream;
  const stream = b.disturbed && bodyHooks.consumedStream !== null
    ? bodyHooks.consumedStream()
    : bodyStreamFromBytes(b.disturbed ? new Uint8Array_(0) : bodyRecordBytes(rec, true));
  if (stream === null) return null;
  b.body = { kind: "stream", stream, source: b.disturbed ? null : rec };
  return stream;
}

/** The bytes of a bytes/string record; `copy` when the caller hands them out and they are shared. */
function bodyRecordBytes(rec, copy) {
  if (rec.kind === "string") return ops.encodeUtf8(rec.text);
  if (copy && rec.shared) return copyBufferSource(rec.bytes);
  return rec.bytes;
}

function bodyBytesToArrayBuffer(bytes) {
  const buffer = TypedArrayPrototypeGetBuffer.call(bytes);
  if (TypedArrayPrototypeGetByteOffset.call(bytes) === 0 && ArrayBufferPrototypeGetByteLength.call(buffer) === bytes.length) return buffer;
  return TypedArrayPrototypeGetBuffer.call(copyBufferSource(bytes));
}

function bodyStripBOM(text) {
  return text.length > 0 && StringPrototypeCharCodeAt.call(text, 0) === 0xfeff ? StringPrototypeSlice.call(text, 1) : text;
}

/** Converts the whole body (a record or bytes read from a stream) to what `type` asks for. */
function bodyPackage(type, rec, bytes, b) {
  switch (type) {
    case "text":
    case "json": {
      let text;
      if (rec !== null && rec.kind === "string") {
        text = bodyStripBOM(rec.text);
      } else {
        const source = rec !== null ? rec.bytes : bytes;
        text = source.length === 0 ? "" : bodyStripBOM(ops.decodeUtf8(source, false));
      }
      return type === "text" ? text : JSONParse(text);
    }
    case "arrayBuffer":
      return bodyBytesToArrayBuffer(rec !== null ? bodyRecordBytes(rec, true) : bytes);
    case "bytes":
      return rec !== null ? bodyRecordBytes(rec, true) : bytes;
    case "blob": {
      if (bodyHooks.makeBlob === null) throw new TypeError_("blob() is not supported yet");
      const contentType = headersGetInternal(b.headers, "content-type");
      return bodyHooks.makeBlob(rec !== null ? bodyRecordBytes(rec, true) : bytes, contentType === null ? "" : contentType);
    }
    case "formData": {
      if (bodyHooks.parseFormData === null) throw new TypeError_("formData() is not implemented yet");
      return bodyHooks.parseFormData(rec !== null ? bodyRecordBytes(rec, false) : bytes, headersGetInternal(b.headers, "content-type"));
    }
  }
  throw new TypeError_("Unknown body type");
}

/** Fetch "consume body": a promise of the body as `type`; rejects with TypeError when unusable. */
function bodyConsume(b, type) {
  if (bodyIsUnusable(b)) return PromiseReject(new TypeError_("Body has already been used"));
  const rec = b.body;
  if (rec === null) {
    try { return PromiseResolve(bodyPackage(type, null, new Uint8Array_(0), b)); } catch (e) { return PromiseReject(e); }
  }
  b.disturbed = true;
  if (rec.kind !== "stream") {
    try { return PromiseResolve(bodyPackage(type, rec, null, b)); } catch (e) { return PromiseReject(e); }
  }
  let read;
  try { read = bodyReadAllBytes(rec.stream); } catch (e) { return PromiseReject(e); }
  return PromisePrototypeThen.call(read, (bytes) => bodyPackage(type, null, bytes, b));
}

/** A copy of the body state's body for clone(): shares immutable records, tees streams. */
function bodyCloneRecord(b) {
  const rec = b.body;
  if (rec === null) return null;
  if (rec.kind === "stream") {
    const branches = bodyTeeStream(rec.stream);
    b.body = { kind: "stream", stream: branches[0], source: rec.source };
    return { kind: "stream", stream: branches[1], source: rec.source };
  }
  rec.shared = true;
  return rec;
}

/**
 * Installs `body`, `bodyUsed`, `arrayBuffer()`, `blob()`, `bytes()`, `formData()`, `json()` and
 * `text()` on Class.prototype. `stateOf(object)` returns the body state or throws TypeError.
 */
function installBodyMixin(Class, stateOf) {
  const consume = (object, type) => {
    let b;
    try { b = stateOf(object); } catch (e) { return PromiseReject(e); }
    return bodyConsume(b, type);
  };
  const members = {
    get body() { return bodyGetStream(stateOf(this)); },
    get bodyUsed() { return bodyIsUsed(stateOf(this)); },
    arrayBuffer() { return consume(this, "arrayBuffer"); },
    blob() { return consume(this, "blob"); },
    bytes() { return consume(this, "bytes"); },
    formData() { return consume(this, "formData"); },
    json() { return consume(this, "json"); },
    text() { return consume(this, "text"); },
  };
  for (const key of ObjectKeys(members)) {
    const d = ObjectGetOwnPropertyDescriptor(members, key);
    d.enumerable = true;
    ObjectDefineProperty(Class.prototype, key, d);
  }
}
