// 27_blob.js — MIME types (WHATWG MIME Sniffing §4), Blob and File (W3C File API).
//
// A Blob holds { parts: [Uint8Array…], size, type }. The parts are immutable and owned by the glue
// (copied once, at construction), so slice() and blob-in-blob share them without copying.
//
// Internal helpers for later files:
//   parseMimeType(string) → { type, subtype, essence, parameters: Map } | null;  serializeMimeType(mt)
//   extractMimeTypeFromHeaderValue(value|null) → MIME record | null   (Fetch "extract a MIME type")
//   blobIsInstance(v), blobRecordOf(blob) → { parts, size, type }, blobAllBytes(record) → Uint8Array
//   createBlob(parts, type), createFile(parts, type, name, lastModified)

// ---------------------------------------------------------------------------------------------------
// MIME types

const mimeTokenRe = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const mimeQuotedValueRe = /^[\t\x20-\x7e\x80-\xff]*$/;
const mimeTrimRe = /^[\t\n\r ]+|[\t\n\r ]+$/g;
const mimeTrailingWhitespaceRe = /[\t\n\r ]+$/;

function mimeIsWhitespace(c) {
  return c === 0x09 || c === 0x0a || c === 0x0d || c === 0x20;
}

/** The value of an HTTP quoted string starting at `pos` (a `"`), and the position after it. */
function mimeCollectQuotedString(input, pos) {
  let value = "";
  pos++;
  for (;;) {
    let end = pos;
    while (end < input.length) {
      const c = StringPrototypeCharCodeAt.call(input, end);
      if (c === 0x22 || c === 0x5c) break;
      end++;
    }
    value += StringPrototypeSlice.call(input, pos, end);
    pos = end;
    if (pos >= input.length) break;
    const quoteOrBackslash = StringPrototypeCharCodeAt.call(input, pos);
    pos++;
    if (quoteOrBackslash === 0x5c) {
      if (pos >= input.length) {
        value += "\\";
        break;
      }
      value += input[pos];
      pos++;
    } else {
      break;
    }
  }
  return [value, pos];
}

function parseMimeType(string) {
  const input = StringPrototypeReplace.call(string, mimeTrimRe, "");
  let pos = StringPrototypeIndexOf.call(input, "/");
  if (pos <= 0) return null;
  const type = StringPrototypeSlice.call(input, 0, pos);
  if (!mimeTokenRe.test(type)) return null;
  pos++;
  let end = StringPrototypeIndexOf.call(input, ";", pos);
  if (end === -1) end = input.length;
  const subtype = StringPrototypeReplace.call(StringPrototypeSlice.call(input, pos, end), mimeTrailingWhitespaceRe, "");
  if (subtype === "" || !mimeTokenRe.test(subtype)) return null;
  const mt = {
    type: StringPrototypeToLowerCase.call(type), subtype: StringPrototypeToLowerCase.call(subtype),
    essence: "", parameters: new Map_(),
  };
  mt.essence = mt.type + "/" + mt.subtype;
  pos = end;
  while (pos < input.length) {
    pos++; // past ";"
    while (pos < input.length && mimeIsWhitespace(StringPrototypeCharCodeAt.call(input, pos))) pos++;
    let nameEnd = pos;
    while (nameEnd < input.length) {
      const c = StringPrototypeCharCodeAt.call(input, nameEnd);
      if (c === 0x3b || c === 0x3d) break;
      nameEnd++;
    }
    const name = StringPrototypeToLowerCase.call(StringPrototypeSlice.call(input, pos, nameEnd));
    pos = nameEnd;
    if (pos < input.length) {
      if (StringPrototypeCharCodeAt.call(input, pos) === 0x3b) continue;
      pos++; // past "="
    }
    if (pos >= input.length) break;
    let value;
    if (StringPrototypeCharCodeAt.call(input, pos) === 0x22) {
      const r = mimeCollectQuotedString(input, pos);
      value = r[0];
      pos = StringPrototypeIndexOf.call(input, ";", r[1]);
      if (pos === -1) pos = input.length;
    } else {
      let valueEnd = StringPrototypeIndexOf.call(input, ";", pos);
      if (valueEnd === -1) valueEnd = input.length;
      value = StringPrototypeReplace.call(StringPrototypeSlice.call(input, pos, valueEnd), mimeTrailingWhitespaceRe, "");
      pos = valueEnd;
      if (value === "") continue;
    }
    if (name !== "" && mimeTokenRe.test(name) && mimeQuotedValueRe.test(value) && !MapPrototypeHas.call(mt.parameters, name)) {
      MapPrototypeSet.call(mt.parameters, name, value);
    }
  }
  return mt;
}

const mimeQuoteEscapeRe = /["\\]/g;

function serializeMimeType(mt) {
  let out = mt.essence;
  MapPrototypeForEach.call(mt.parameters, (value, name) => {
    out += ";" + name + "=";
    if (value === "" || !mimeTokenRe.test(value)) {
      out += '"' + StringPrototypeReplace.call(value, mimeQuoteEscapeRe, "\\$&") + '"';
    } else {
      out += value;
    }
  });
  return out;
}

/** Fetch "getting, decoding, and splitting": commas outside quoted strings separate values. */
function splitHeaderValue(value) {
  const out = [];
  let current = "";
  let pos = 0;
  while (pos < value.length) {
    const c = StringPrototypeCharCodeAt.call(value, pos);
    if (c === 0x22) {
      const start = pos;
      const r = mimeCollectQuotedString(value, pos);
      current += StringPrototypeSlice.call(value, start, r[1]);
      pos = r[1];
    } else if (c === 0x2c) {
      ArrayPrototypePush.call(out, StringPrototypeReplace.call(current, mimeTrimRe, ""));
      current = "";
      pos++;
    } else {
      current += value[pos];
      pos++;
    }
  }
  ArrayPrototypePush.call(out, StringPrototypeReplace.call(current, mimeTrimRe, ""));
  return out;
}

/** Fetch "extract a MIME type" from a (combined) Content-Type header value. */
function extractMimeTypeFromHeaderValue(headerValue) {
  if (headerValue === null) return null;
  const values = splitHeaderValue(headerValue);
  let charset = null;
  let essence = null;
  let mimeType = null;
  for (let i = 0; i < values.length; i++) {
    const temporary = parseMimeType(values[i]);
    if (temporary === null || temporary.essence === "*/*") continue;
    mimeType = temporary;
    if (mimeType.essence !== essence) {
      charset = null;
      if (MapPrototypeHas.call(mimeType.parameters, "charset")) charset = MapPrototypeGet.call(mimeType.parameters, "charset");
      essence = mimeType.essence;
    } else if (!MapPrototypeHas.call(mimeType.parameters, "charset") && charset !== null) {
      MapPrototypeSet.call(mimeType.parameters, "charset", charset);
    }
  }
  return mimeType;
}

// ---------------------------------------------------------------------------------------------------
// Blob

const blobConstructKey = {};
const blobTypeInvalidRe = /[^\x20-\x7e]/;
const blobLineEndingRe = /\r\n|\r|\n/g;

let blobRecordOf;     // (value) → record or null
let blobIsInstance;   // (value) → boolean

/** The Blob constructor's `type`: "" unless every char is U+0020–U+007E, then ASCII-lowercased. */
function blobNormalizeType(t) {
  if (t === "" || blobTypeInvalidRe.test(t)) return "";
  return StringPrototypeToLowerCase.call(t);
}

/** WebIDL `sequence<BlobPart>`: Blob records, BufferSources (by reference) and USVStrings, in order. */
function blobConvertParts(blobParts, context) {
  if (blobParts === undefined) return [];
  if (!isObject(blobParts)) throw new TypeError_(`${context}: the blob parts are not a sequence`);
  const method = getIteratorMethod(blobParts);
  if (method === undefined) throw new TypeError_(`${context}: the blob parts are not iterable`);
  const iterator = ReflectApply(method, blobParts, []);
  if (!isObject(iterator)) throw new TypeError_(`${context}: the iterator is not an object`);
  const next = iterator.next;
  const out = [];
  for (;;) {
    const r = ReflectApply(next, iterator, []);
    if (!isObject(r)) throw new TypeError_(`${context}: the iterator result is not an object`);
    if (r.done) return out;
    const v = r.value;
    if (isObject(v)) {
      const record = blobRecordOf(v);
      if (record !== null) { ArrayPrototypePush.call(out, record); continue; }
      if (v instanceof ArrayBuffer_ || ArrayBufferIsView(v)) { ArrayPrototypePush.call(out, v); continue; }
    }
    ArrayPrototypePush.call(out, toUSVStringFast(v));
  }
}

/** BlobPropertyBag (and FilePropertyBag when `file`), members in WebIDL order. */
function readBlobPropertyBag(options, context, file) {
  const d = toDictionary(options, context);
  const o = { endings: "transparent", type: "", lastModified: undefined };
  if (d === null) return o;
  const endings = d.endings;
  if (endings !== undefined) {
    o.endings = toDOMString(endings);
    if (o.endings !== "transparent" && o.endings !== "native") {
      throw new TypeError_(`${context}: '${o.endings}' is not a valid value for 'endings'`);
    }
  }
  const type = d.type;
  if (type !== undefined) o.type = toDOMString(type);
  if (file) {
    const lastModified = d.lastModified;
    if (lastModified !== undefined) o.lastModified = toLongLong(lastModified);
  }
  return o;
}

/** WebIDL `long long` (no [Clamp]/[EnforceRange]): truncated, then wrapped modulo 2^64. */
function toLongLong(v) {
  const n = +v;
  if (!NumberIsFinite(n)) return 0;
  let t = MathTrunc(n);
  if (t >= 9223372036854775808 || t < -9223372036854775808) {
    t %= 18446744073709551616;
    if (t < 0) t += 18446744073709551616;
    if (t >= 9223372036854775808) t -= 18446744073709551616;
  }
  return t === 0 ? 0 : t;
}

/** WebIDL [Clamp] long long: clamped, rounded half to even. */
function toClampedLongLong(v) {
  let n = +v;
  if (NumberIsNaN(n)) return 0;
  n = MathMin(MathMax(n, -9223372036854775807), 9223372036854775807);
  const f = MathFloor(n);
  const diff = n - f;
  let r = f;
  if (diff > 0.5 || (diff === 0.5 && f % 2 !== 0)) r = f + 1;
  return r === 0 ? 0 : r;
}

/** File API "process blob parts" → { parts, size }. */
function blobProcessParts(items, endings) {
  const parts = [];
  let size = 0;
  let pendingText = "";
  const flushText = () => {
    if (pendingText === "") return;
    const bytes = ops.encodeUtf8(pendingText);
    pendingText = "";
    if (bytes.length > 0) { ArrayPrototypePush.call(parts, bytes); size += bytes.length; }
  };
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (typeof item === "string") {
      // Line endings are converted per string part (a CR and an LF in two parts stay two endings).
      pendingText += endings === "native" ? StringPrototypeReplace.call(item, blobLineEndingRe, "\n") : item;
      continue;
    }
    flushText();
    if (item instanceof ArrayBuffer_ || ArrayBufferIsView(item)) {
      const bytes = copyBufferSource(item);
      if (bytes.length > 0) { ArrayPrototypePush.call(parts, bytes); size += bytes.length; }
    } else {
      for (let j = 0; j < item.parts.length; j++) ArrayPrototypePush.call(parts, item.parts[j]);
      size += item.size;
    }
  }
  flushText();
  return { parts, size };
}

/** All the bytes of a blob record (the single part itself when there is one: do not mutate). */
function blobAllBytes(record) {
  const parts = record.parts;
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array_(record.size);
  let offset = 0;
  for (let i = 0; i < parts.length; i++) {
    ReflectApply(TypedArrayPrototypeSet, out, [parts[i], offset]);
    offset += parts[i].length;
  }
  return out;
}

function blobCopyBytes(record) {
  const bytes = blobAllBytes(record);
  return record.parts.length === 1 ? copyBufferSource(bytes) : bytes;
}

/** Parts covering bytes [start, end) of `record` (views, no copies). */
function blobSliceParts(record, start, end) {
  const out = [];
  let offset = 0;
  const parts = record.parts;
  for (let i = 0; i < parts.length && offset < end; i++) {
    const part = parts[i];
    const partEnd = offset + part.length;
    if (partEnd > start) {
      const from = MathMax(start - offset, 0);
      const to = MathMin(end - offset, part.length);
      ArrayPrototypePush.call(out, from === 0 && to === part.length ? part : u8Range(part, from, to));
    }
    offset = partEnd;
  }
  return out;
}

function blobCheck(v) {
  const record = blobRecordOf(v);
  if (record === null) throw new TypeError_("Illegal invocation: not a Blob");
  return record;
}

function blobRejectIllegal() {
  return PromiseReject(new TypeError_("Illegal invocation: not a Blob"));
}

class Blob {
  #b;

  constructor(blobParts = undefined, options = undefined) {
    if (blobParts === blobConstructKey) {
      this.#b = options;
      return;
    }
    const context = "Failed to construct 'Blob'";
    const items = blobConvertParts(blobParts, context);
    const o = readBlobPropertyBag(options, context, false);
    const processed = blobProcessParts(items, o.endings);
    this.#b = { parts: processed.parts, size: processed.size, type: blobNormalizeType(o.type), name: "", lastModified: 0 };
  }

  get size() { return blobCheck(this).size; }
  get type() { return blobCheck(this).type; }

  slice(start = undefined, end = undefined, contentType = undefined) {
    const record = blobCheck(this);
    const size = record.size;
    let relativeStart = 0, relativeEnd = size;
    if (start !== undefined) {
      const s = toClampedLongLong(start);
      relativeStart = s < 0 ? MathMax(size + s, 0) : MathMin(s, size);
    }
    if (end !== undefined) {
      const e = toClampedLongLong(end);
      relativeEnd = e < 0 ? MathMax(size + e, 0) : MathMin(e, size);
    }
    const type = contentType === undefined ? "" : blobNormalizeType(toDOMString(contentType));
    const span = MathMax(relativeEnd - relativeStart, 0);
    const parts = span === 0 ? [] : blobSliceParts(record, relativeStart, relativeStart + span);
    return new Blob(blobConstructKey, { parts, size: span, type, name: "", lastModified: 0 });
  }

  stream() {
    return blobStream(blobCheck(this)).api;
  }

  text() {
    const record = blobRecordOf(this);
    if (record === null) return blobRejectIllegal();
    return PromiseResolve(record.size === 0 ? "" : bodyStripBOM(ops.decodeUtf8(blobAllBytes(record), false)));
  }

  arrayBuffer() {
    const record = blobRecordOf(this);
    if (record === null) return blobRejectIllegal();
    return PromiseResolve(TypedArrayPrototypeGetBuffer.call(blobCopyBytes(record)));
  }

  bytes() {
    const record = blobRecordOf(this);
    if (record === null) return blobRejectIllegal();
    return PromiseResolve(blobCopyBytes(record));
  }

  static {
    blobRecordOf = (v) => (isObject(v) && #b in v ? v.#b : null);
    blobIsInstance = (v) => isObject(v) && #b in v;
  }
}
setToStringTag(Blob, "Blob");
makeEnumerable(Blob, ["size", "type", "slice", "stream", "text", "arrayBuffer", "bytes"]);

/** A byte stream over a blob's bytes, one part per pull (each chunk a fresh copy). */
function blobStream(record) {
  const parts = record.parts;
  let index = 0;
  let s;
  s = createReadableByteStream(streamsNoop, () => {
    const c = s.controller;
    if (index < parts.length) {
      readableByteStreamControllerEnqueueOwned(c, copyBufferSource(parts[index++]));
    }
    if (index >= parts.length) {
      readableByteStreamControllerClose(c);
      // A pending BYOB/auto-allocated read still waits: answer it with "closed".
      if (c.pendingPullIntos.size() > 0) readableByteStreamControllerRespond(c, 0);
    }
    return PromiseResolve(undefined);
  }, streamsResolvedUndefined, 0);
  return s;
}

function createBlob(parts, type) {
  let size = 0;
  for (let i = 0; i < parts.length; i++) size += parts[i].length;
  return new Blob(blobConstructKey, { parts, size, type, name: "", lastModified: 0 });
}

// ---------------------------------------------------------------------------------------------------
// File

let fileIsInstance;

class File extends Blob {
  #f;

  constructor(fileBits, fileName, options = undefined) {
    if (fileBits === blobConstructKey) {
      super(blobConstructKey, fileName);
      this.#f = true;
      return;
    }
    const context = "Failed to construct 'File'";
    requireArguments(arguments.length, 2, context);
    const items = blobConvertParts(fileBits, context);
    const name = toUSVStringFast(fileName);
    const o = readBlobPropertyBag(options, context, true);
    const processed = blobProcessParts(items, o.endings);
    const lastModified = o.lastModified !== undefined ? o.lastModified : DateNow();
    super(blobConstructKey, { parts: processed.parts, size: processed.size, type: blobNormalizeType(o.type), name, lastModified });
    this.#f = true;
  }

  get name() {
    if (!fileIsInstance(this)) throw new TypeError_("Illegal invocation: not a File");
    return blobRecordOf(this).name;
  }

  get lastModified() {
    if (!fileIsInstance(this)) throw new TypeError_("Illegal invocation: not a File");
    return blobRecordOf(this).lastModified;
  }

  static {
    fileIsInstance = (v) => isObject(v) && #f in v;
  }
}
setToStringTag(File, "File");
makeEnumerable(File, ["name", "lastModified"]);

const DateNow = Date.now;

function createFile(parts, type, name, lastModified) {
  let size = 0;
  for (let i = 0; i < parts.length; i++) size += parts[i].length;
  return new File(blobConstructKey, { parts, size, type, name, lastModified });
}

consoleRegisterInspectable(Blob, "attributes");
consoleRegisterInspectable(File, "attributes");

exposeGlobal("Blob", Blob);
exposeGlobal("File", File);
