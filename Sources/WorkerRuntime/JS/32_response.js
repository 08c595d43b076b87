// 32_response.js — Response (Fetch §5.5).
//
// Internal helpers for the dispatch code and, later, fetch():
//   responseForHost(response) → { status, statusText, headers: flat [name, value, …],
//                                 body: string | Uint8Array | null, stream: ReadableStream | null,
//                                 webSocket }
//       reads the internal body record directly; marks the body used; TypeError if it already was.
//   createResponse({ status, statusText, headers: flat array, body: Uint8Array | ReadableStream | null,
//                    url, redirected, guard }) → Response   (a fetched response; no validation)

const responseConstructKey = {};
const responseNullBodyStatuses = [101, 103, 204, 205, 304];
const responseRedirectStatuses = [301, 302, 303, 307, 308];
/** reason-phrase = *( HTAB / SP / VCHAR / obs-text ) */
const responseReasonPhraseRe = /^[\t\x20-\x7e\x80-\xff]*$/;

function responseNewState(status, statusText, headers) {
  return {
    type: "default", status, statusText, headers,
    body: null, disturbed: false,
    url: "", redirected: false, webSocket: null,
  };
}

let responseState;       // (value) → internal record; TypeError for a non-Response
let responseIsInstance;  // (value) → boolean

class Response {
  #r;

  constructor(body = null, init = undefined) {
    if (body === responseConstructKey) {
      this.#r = init;
      return;
    }
    const extracted = body === null || body === undefined ? null : extractBody(body);
    const o = responseReadInit(init);
    const r = responseNewState(200, "", new Headers());
    responseInitialize(r, o, extracted);
    this.#r = r;
  }

  static error() {
    const r = responseNewState(0, "", new Headers());
    r.type = "error";
    setHeadersGuard(r.headers, "immutable");
    return new Response(responseConstructKey, r);
  }

  static redirect(url, status = 302) {
    requireArguments(arguments.length, 1, "Failed to execute 'redirect' on 'Response'");
    const input = toUSVString(url);
    const code = toUnsignedInteger(status, 16);
    const parts = urlParseParts(input, undefined);
    if (parts === null) throw new TypeError_(`Failed to execute 'redirect' on 'Response': Invalid URL: ${input}`);
    if (ArrayPrototypeIndexOf.call(responseRedirectStatuses, code) === -1) {
      throw new RangeError_(`Failed to execute 'redirect' on 'Response': invalid status code ${code}`);
    }
    const r = responseNewState(code, "", new Headers());
    headersAppendInternal(r.headers, "location", parts[URL_HREF]);
    setHeadersGuard(r.headers, "immutable");
    return new Response(responseConstructKey, r);
  }

  static json(data, init = undefined) {
    requireArguments(arguments.length, 1, "Failed to execute 'json' on 'Response'");
    const o = responseReadInit(init);
    const text = JSONStringify(data);
    if (text === undefined) throw new TypeError_("Failed to execute 'json' on 'Response': the data is not JSON serializable");
    const r = responseNewState(200, "", new Headers());
    responseInitialize(r, o, { body: { kind: "string", text, shared: false }, contentType: "application/json" });
    return new Response(responseConstructKey, r);
  }

  get type() { return responseState(this).type; }
  get url() { return responseState(this).url; }
  get redirected() { return responseState(this).redirected; }
  get status() { return responseState(this).status; }
  get ok() { const s = responseState(this).status; return s >= 200 && s <= 299; }
  get statusText() { return responseState(this).statusText; }
  get headers() { return responseState(this).headers; }
  /** Cloudflare: the client end of a WebSocketPair for a 101 response, else null. */
  get webSocket() { return responseState(this).webSocket; }

  clone() {
    const r = responseState(this);
    if (bodyIsUnusable(r)) throw new TypeError_("Failed to execute 'clone' on 'Response': the body is already used");
    const copy = responseNewState(r.status, r.statusText, headersClone(r.headers));
    copy.type = r.type;
    copy.url = r.url;
    copy.redirected = r.redirected;
    copy.webSocket = r.webSocket;
    copy.body = bodyCloneRecord(r);
    return new Response(responseConstructKey, copy);
  }

  static {
    responseState = (v) => {
      if (!isObject(v) || !(#r in v)) throw new TypeError_("Illegal invocation: not a Response");
      return v.#r;
    };
    responseIsInstance = (v) => isObject(v) && #r in v;
  }
}
setToStringTag(Response, "Response");
makeEnumerable(Response, ["type", "url", "redirected", "status", "ok", "statusText", "headers", "clone"]);
installBodyMixin(Response, responseState);

/** ResponseInit conversion (headers, status, statusText; Cloudflare's webSocket). */
function responseReadInit(init) {
  const d = toDictionary(init, "Failed to construct 'Response'");
  const o = { headers: undefined, status: 200, statusText: "", webSocket: null };
  if (d === null) return o;
  let v;
  if ((v = d.headers) !== undefined) {
    if (!isObject(v)) throw new TypeError_("Failed to construct 'Response': 'headers' is not a sequence or a record");
    o.headers = v;
  }
  if ((v = d.status) !== undefined) o.status = toUnsignedInteger(v, 16);
  if ((v = d.statusText) !== undefined) o.statusText = toByteString(v);
  if ((v = d.webSocket) !== undefined && v !== null) o.webSocket = v;
  return o;
}

/** Fetch "initialize a response". */
function responseInitialize(r, o, extracted) {
  const status = o.status;
  const upgrade = status === 101 && o.webSocket !== null;
  if ((status < 200 || status > 599) && !upgrade) {
    throw new RangeError_(`Failed to construct 'Response': the status provided (${status}) is outside the range [200, 599]`);
  }
  if (!responseReasonPhraseRe.test(o.statusText)) {
    throw new TypeError_("Failed to construct 'Response': invalid statusText");
  }
  r.status = status;
  r.statusText = o.statusText;
  r.webSocket = o.webSocket;
  setHeadersGuard(r.headers, "response");
  if (o.headers !== undefined) headersFill(r.headers, o.headers);
  if (extracted !== null) {
    if (ArrayPrototypeIndexOf.call(responseNullBodyStatuses, status) !== -1) {
      throw new TypeError_(`Failed to construct 'Response': a response with status ${status} cannot have a body`);
    }
    r.body = extracted.body;
    if (extracted.contentType !== null && !headersHasInternal(r.headers, "content-type")) {
      headersAppendInternal(r.headers, "content-type", extracted.contentType);
    }
  }
}

function responseForHost(response) {
  const r = responseState(response);
  const out = { status: r.status, statusText: r.statusText, headers: headersToFlat(r.headers), body: null, stream: null, webSocket: r.webSocket };
  const rec = r.body;
  if (rec === null) return out;
  if (bodyIsUnusable(r)) throw new TypeError_("The Response body has already been used");
  r.disturbed = true;
  if (rec.kind === "string") {
    out.body = rec.text;
  } else if (rec.kind === "bytes") {
    out.body = rec.bytes;
  } else if (rec.source !== null) {
    // A stream made lazily from bytes/text and never read: send the original data.
    out.body = rec.source.kind === "string" ? rec.source.text : rec.source.bytes;
  } else {
    out.stream = rec.stream;
  }
  return out;
}

function createResponse(init) {
  const r = responseNewState(init.status, init.statusText ?? "", headersFromFlat(init.headers ?? [], init.guard ?? "immutable"));
  r.url = init.url ?? "";
  r.redirected = !!init.redirected;
  const body = init.body;
  if (body !== null && body !== undefined) {
    r.body = bodyIsReadableStream(body)
      ? { kind: "stream", stream: body, source: null }
      : { kind: "bytes", bytes: body, shared: false };
  }
  return new Response(responseConstructKey, r);
}

consoleRegisterInspectable(Response, "attributes");

exposeGlobal("Response", Response);
