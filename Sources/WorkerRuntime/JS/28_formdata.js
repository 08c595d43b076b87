// 28_formdata.js — FormData (XHR §4.3), its multipart/form-data serialisation (HTML "multipart/
// form-data encoding algorithm") and parsing (Fetch's multipart/form-data parser), and the
// urlencoded parse used by Body.formData().
//
// Internal helpers for later files:
//   formDataIsInstance(v), formDataEntriesOf(fd) → [[name, string | File], …]
//   formDataSerializeMultipart(fd) → { bytes: Uint8Array, contentType: string }
//   formDataParseBody(bytes, contentTypeHeader|null) → FormData (TypeError when it cannot)

let formDataEntriesOf;    // (value) → entries array or null
let formDataIsInstance;

const formDataLoneCrOrLfRe = /\r(?!\n)|(?<!\r)\n/g;
const formDataEscapeRe = /[\n\r"]/g;
const formDataEscapes = { "\n": "%0A", "\r": "%0D", '"': "%22" };
const formDataUnescapeRe = /%0A|%0D|%22/g;
const formDataUnescapes = { "%0A": "\n", "%0D": "\r", "%22": '"' };

/** XHR "create an entry": the name, and the value as a USVString or a File. */
function formDataCreateEntry(name, value, hasFilename, filename, context) {
  const entryName = toUSVStringFast(name);
  if (hasFilename && !blobIsInstance(value)) throw new TypeError_(`${context}: parameter 2 is not of type 'Blob'`);
  if (!blobIsInstance(value)) return [entryName, toUSVStringFast(value)];
  const fileName = filename === undefined ? undefined : toUSVStringFast(filename);
  let record = blobRecordOf(value);
  let file = value;
  if (!fileIsInstance(value)) {
    file = createFile(record.parts, record.type, "blob", DateNow());
    record = blobRecordOf(file);
  }
  if (fileName !== undefined) file = createFile(record.parts, record.type, fileName, record.lastModified);
  return [entryName, file];
}

class FormData {
  #entries;

  constructor(form = undefined, submitter = undefined) {
    if (form !== undefined) throw new TypeError_("Failed to construct 'FormData': parameter 1 is not of type 'HTMLFormElement'");
    this.#entries = [];
  }

  append(name, value, filename = undefined) {
    const entries = formDataCheck(this);
    const context = "Failed to execute 'append' on 'FormData'";
    requireArguments(arguments.length, 2, context);
    ArrayPrototypePush.call(entries, formDataCreateEntry(name, value, arguments.length > 2, filename, context));
  }

  delete(name) {
    const entries = formDataCheck(this);
    requireArguments(arguments.length, 1, "Failed to execute 'delete' on 'FormData'");
    const n = toUSVStringFast(name);
    const kept = ArrayPrototypeFilter.call(entries, (e) => e[0] !== n);
    entries.length = 0;
    for (let i = 0; i < kept.length; i++) entries[i] = kept[i];
  }

  get(name) {
    const entries = formDataCheck(this);
    requireArguments(arguments.length, 1, "Failed to execute 'get' on 'FormData'");
    const n = toUSVStringFast(name);
    for (let i = 0; i < entries.length; i++) if (entries[i][0] === n) return entries[i][1];
    return null;
  }

  getAll(name) {
    const entries = formDataCheck(this);
    requireArguments(arguments.length, 1, "Failed to execute 'getAll' on 'FormData'");
    const n = toUSVStringFast(name);
    const out = [];
    for (let i = 0; i < entries.length; i++) if (entries[i][0] === n) out[out.length] = entries[i][1];
    return out;
  }

  has(name) {
    const entries = formDataCheck(this);
    requireArguments(arguments.length, 1, "Failed to execute 'has' on 'FormData'");
    const n = toUSVStringFast(name);
    for (let i = 0; i < entries.length; i++) if (entries[i][0] === n) return true;
    return false;
  }

  set(name, value, filename = undefined) {
    const entries = formDataCheck(this);
    const context = "Failed to execute 'set' on 'FormData'";
    requireArguments(arguments.length, 2, context);
    const entry = formDataCreateEntry(name, value, arguments.length > 2, filename, context);
    const n = entry[0];
    let found = -1;
    const out = [];
    for (let i = 0; i < entries.length; i++) {
      if (entries[i][0] !== n) { out[out.length] = entries[i]; continue; }
      if (found === -1) { found = i; out[out.length] = entry; }
    }
    if (found === -1) out[out.length] = entry;
    entries.length = 0;
    for (let i = 0; i < out.length; i++) entries[i] = out[i];
  }

  static {
    formDataEntriesOf = (v) => (isObject(v) && #entries in v ? v.#entries : null);
    formDataIsInstance = (v) => isObject(v) && #entries in v;
  }
}
setToStringTag(FormData, "FormData");
makeEnumerable(FormData, ["append", "delete", "get", "getAll", "has", "set"]);

function formDataCheck(v) {
  const entries = formDataEntriesOf(v);
  if (entries === null) throw new TypeError_("Illegal invocation: not a FormData");
  return entries;
}

definePairIterable(FormData, "FormData", formDataCheck, formDataCheck);

function createFormDataFromEntries(list) {
  const fd = new FormData();
  const entries = formDataEntriesOf(fd);
  for (let i = 0; i < list.length; i++) entries[i] = list[i];
  return fd;
}

// ---------------------------------------------------------------------------------------------------
// multipart/form-data serialisation

function formDataEscapeName(s) {
  return StringPrototypeReplace.call(s, formDataEscapeRe, (c) => formDataEscapes[c]);
}

function formDataBoundary() {
  const bytes = new Uint8Array_(12);
  ops.randomFill(bytes);
  let hex = "";
  for (let i = 0; i < bytes.length; i++) hex += (bytes[i] < 16 ? "0" : "") + NumberPrototypeToString.call(bytes[i], 16);
  return "----formdata-" + hex;
}

const NumberPrototypeToString = Number.prototype.toString;

function formDataSerializeMultipart(fd) {
  const entries = formDataCheck(fd);
  const boundary = formDataBoundary();
  const pieces = [];
  let total = 0;
  let text = "";
  const flush = () => {
    if (text === "") return;
    const bytes = ops.encodeUtf8(text);
    text = "";
    ArrayPrototypePush.call(pieces, bytes);
    total += bytes.length;
  };
  for (let i = 0; i < entries.length; i++) {
    const name = StringPrototypeReplace.call(entries[i][0], formDataLoneCrOrLfRe, "\r\n");
    const value = entries[i][1];
    text += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + formDataEscapeName(name) + "\"";
    if (typeof value === "string") {
      text += "\r\n\r\n" + StringPrototypeReplace.call(value, formDataLoneCrOrLfRe, "\r\n") + "\r\n";
      continue;
    }
    const record = blobRecordOf(value);
    text += "; filename=\"" + formDataEscapeName(record.name) + "\"\r\nContent-Type: " +
      (record.type === "" ? "application/octet-stream" : record.type) + "\r\n\r\n";
    flush();
    for (let j = 0; j < record.parts.length; j++) {
      ArrayPrototypePush.call(pieces, record.parts[j]);
      total += record.parts[j].length;
    }
    text += "\r\n";
  }
  text += "--" + boundary + "--\r\n";
  flush();
  return { bytes: bodyConcatChunks(pieces, total), contentType: "multipart/form-data; boundary=" + boundary };
}

// ---------------------------------------------------------------------------------------------------
// multipart/form-data parsing (over a Latin-1 view of the bytes: one char per byte)

function formDataIsTabOrSpace(c) { return c === 0x09 || c === 0x20; }

/** A quoted name/filename value starting after its opening quote → [string, position after the closing quote] | null. */
function formDataParseQuoted(text, bytes, pos) {
  let end = pos;
  while (end < text.length) {
    const c = StringPrototypeCharCodeAt.call(text, end);
    if (c === 0x22 || c === 0x0a || c === 0x0d) break;
    end++;
  }
  if (end >= text.length || StringPrototypeCharCodeAt.call(text, end) !== 0x22) return null;
  const raw = ops.decodeUtf8(u8Range(bytes, pos, end), false);
  return [StringPrototypeReplace.call(raw, formDataUnescapeRe, (m) => formDataUnescapes[m]), end + 1];
}

/** Content-Disposition value (`form-data; name="…"; filename="…"`) → { name, filename } | null. */
function formDataParseDisposition(text, bytes, pos, lineEnd) {
  const head = StringPrototypeToLowerCase.call(StringPrototypeSlice.call(text, pos, pos + 9));
  if (head !== "form-data") return null;
  pos += 9;
  let name = null, filename = null;
  while (pos < lineEnd) {
    while (pos < lineEnd && formDataIsTabOrSpace(StringPrototypeCharCodeAt.call(text, pos))) pos++;
    if (pos >= lineEnd) break;
    if (StringPrototypeCharCodeAt.call(text, pos) !== 0x3b) return null;
    pos++;
    while (pos < lineEnd && formDataIsTabOrSpace(StringPrototypeCharCodeAt.call(text, pos))) pos++;
    const eq = StringPrototypeIndexOf.call(text, "=", pos);
    if (eq === -1 || eq >= lineEnd) return null;
    const param = StringPrototypeToLowerCase.call(StringPrototypeReplace.call(StringPrototypeSlice.call(text, pos, eq), mimeTrimRe, ""));
    pos = eq + 1;
    let value;
    if (StringPrototypeCharCodeAt.call(text, pos) === 0x22) {
      const r = formDataParseQuoted(text, bytes, pos + 1);
      if (r === null || r[1] > lineEnd) return null;
      value = r[0];
      pos = r[1];
    } else {
      let end = pos;
      while (end < lineEnd && StringPrototypeCharCodeAt.call(text, end) !== 0x3b) end++;
      value = ops.decodeUtf8(u8Range(bytes, pos, end), false);
      value = StringPrototypeReplace.call(value, mimeTrimRe, "");
      pos = end;
    }
    if (param === "name" && name === null) name = value;
    else if (param === "filename" && filename === null) filename = value;
  }
  if (name === null) return null;
  return { name, filename };
}

const formDataHeaderNameRe = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const formDataAsciiRe = /^[\x00-\x7f]*$/;

function formDataParseMultipart(bytes, boundary) {
  const text = ops.decodeLatin1(bytes);
  const delimiter = "--" + boundary;
  const entries = [];
  let pos;
  if (StringPrototypeStartsWith.call(text, delimiter)) {
    pos = delimiter.length;
  } else {
    // Tolerate a preamble before the first delimiter line.
    const first = StringPrototypeIndexOf.call(text, "\r\n" + delimiter);
    if (first === -1) return null;
    pos = first + 2 + delimiter.length;
  }
  const next = "\r\n" + delimiter;
  for (;;) {
    if (StringPrototypeStartsWith.call(text, "--", pos)) break;
    // Transport padding (spaces, tabs) may follow a delimiter.
    while (pos < text.length && formDataIsTabOrSpace(StringPrototypeCharCodeAt.call(text, pos))) pos++;
    if (!StringPrototypeStartsWith.call(text, "\r\n", pos)) return null;
    pos += 2;
    let disposition = null, contentType = null;
    for (;;) {
      if (StringPrototypeStartsWith.call(text, "\r\n", pos)) { pos += 2; break; }
      const lineEnd = StringPrototypeIndexOf.call(text, "\r\n", pos);
      if (lineEnd === -1) return null;
      const colon = StringPrototypeIndexOf.call(text, ":", pos);
      if (colon === -1 || colon > lineEnd) return null;
      const headerName = StringPrototypeReplace.call(StringPrototypeSlice.call(text, pos, colon), mimeTrimRe, "");
      if (!formDataHeaderNameRe.test(headerName)) return null;
      let valueStart = colon + 1;
      while (valueStart < lineEnd && formDataIsTabOrSpace(StringPrototypeCharCodeAt.call(text, valueStart))) valueStart++;
      const lower = StringPrototypeToLowerCase.call(headerName);
      if (lower === "content-disposition") {
        disposition = formDataParseDisposition(text, bytes, valueStart, lineEnd);
        if (disposition === null) return null;
      } else if (lower === "content-type") {
        contentType = StringPrototypeReplace.call(StringPrototypeSlice.call(text, valueStart, lineEnd), mimeTrimRe, "");
      }
      pos = lineEnd + 2;
    }
    if (disposition === null) return null;
    const bodyEnd = StringPrototypeIndexOf.call(text, next, pos);
    if (bodyEnd === -1) return null;
    let value;
    if (disposition.filename !== null) {
      let type = contentType === null ? "text/plain" : contentType;
      if (!formDataAsciiRe.test(type)) type = "";
      const body = copyBufferSource(u8Range(bytes, pos, bodyEnd));
      value = createFile(body.length === 0 ? [] : [body], type, disposition.filename, DateNow());
    } else {
      value = ops.decodeUtf8(u8Range(bytes, pos, bodyEnd), false);
    }
    ArrayPrototypePush.call(entries, [disposition.name, value]);
    pos = bodyEnd + next.length;
  }
  return entries;
}

/** Body.formData(): parses `bytes` by the Content-Type (multipart/form-data or urlencoded). */
function formDataParseBody(bytes, contentTypeHeader) {
  const mt = extractMimeTypeFromHeaderValue(contentTypeHeader);
  if (mt !== null && mt.essence === "multipart/form-data") {
    const boundary = MapPrototypeGet.call(mt.parameters, "boundary");
    if (boundary === undefined || boundary === "") throw new TypeError_("Could not parse the body as FormData: the multipart/form-data Content-Type has no boundary");
    const entries = formDataParseMultipart(bytes, boundary);
    if (entries === null) throw new TypeError_("Could not parse the body as FormData: malformed multipart/form-data");
    return createFormDataFromEntries(entries);
  }
  if (mt !== null && mt.essence === "application/x-www-form-urlencoded") {
    const text = bytes.length === 0 ? "" : ops.decodeUtf8(bytes, false);
    return createFormDataFromEntries(urlencodedParse(text));
  }
  throw new TypeError_("Could not parse the body as FormData: the Content-Type is neither multipart/form-data nor application/x-www-form-urlencoded");
}

consoleRegisterInspectable(FormData, "entries");

exposeGlobal("FormData", FormData);
