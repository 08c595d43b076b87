// 31_request.js — Request (Fetch §5.4).
//
// Internal helpers for the dispatch code:
//   requestFromHost(method, url, flatHeaders, body, cf?) → Request   built without re-validation
//       (method and url as the host sends them; body: Uint8Array, null, or a ReadableStream)
//   abortRequestSignal(request, reason)   aborts request.signal (created lazily) — client went away
//   requestState(request) → internal record (method, url, headers, body, …), for fetch() later

const requestConstructKey = {};

const requestMethodTokenRe = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const requestNormalizedMethods = { DELETE: "DELETE", GET: "GET", HEAD: "HEAD", OPTIONS: "OPTIONS", POST: "POST", PUT: "PUT" };
const requestForbiddenMethods = { CONNECT: true, TRACE: true, TRACK: true };

const requestEnums = {
  cache: ["default", "no-store", "reload", "no-cache", "force-cache", "only-if-cached"],
  credentials: ["omit", "same-origin", "include"],
  duplex: ["half"],
  mode: ["navigate", "same-origin", "no-cors", "cors"],
  priority: ["high", "low", "auto"],
  redirect: ["follow", "error", "manual"],
  referrerPolicy: ["", "no-referrer", "no-referrer-when-downgrade", "same-origin", "origin", "strict-origin",
    "origin-when-cross-origin", "strict-origin-when-cross-origin", "unsafe-url"],
};

function requestEnum(name, value) {
  const s = toDOMString(value);
  if (ArrayPrototypeIndexOf.call(requestEnums[name], s) === -1) {
    throw new TypeError_(`Failed to construct 'Request': '${s}' is not a valid value for '${name}'`);
  }
  return s;
}

/** Validates and normalises a request method (Fetch "normalize a method"). */
function requestNormalizeMethod(value) {
  const method = toByteString(value);
  if (!requestMethodTokenRe.test(method)) throw new TypeError_(`'${method}' is not a valid HTTP method`);
  const upper = StringPrototypeToUpperCase.call(method);
  if (requestForbiddenMethods[upper] === true) throw new TypeError_(`'${method}' HTTP method is unsupported`);
  return ObjectPrototypeHasOwnProperty.call(requestNormalizedMethods, upper) ? upper : method;
}

/** A fresh internal record with the defaults of `new Request(url)`. */
function requestNewState(method, url, headers) {
  return {
    method, url, headers,
    body: null, disturbed: false,
    signal: null,            // the AbortSignal, created on first access
    signalSource: null,      // the signal it must follow (init.signal / input's signal), or null
    pendingAbort: null,      // { reason } when aborted before `signal` was ever read
    cache: "default", credentials: "same-origin", destination: "", integrity: "", keepalive: false,
    mode: "cors", redirect: "follow", referrer: "about:client", referrerPolicy: "", priority: "auto",
    cf: undefined,
  };
}

let requestState;       // (value) → internal record; TypeError for a non-Request
let requestIsInstance;  // (value) → boolean

class Request {
  #r;

  constructor(input, init = undefined) {
    if (input === requestConstructKey) {
      this.#r = init;
      return;
    }
    requireArguments(arguments.length, 1, "Failed to construct 'Request'");
    const inputRequest = requestIsInstance(input) ? input.#r : null;
    const inputURL = inputRequest === null ? toUSVString(input) : null;
    const o = requestReadInit(init);

    let r;
    let fallbackMode = null;
    if (inputRequest === null) {
      const parts = urlParseParts(inputURL, undefined);
      if (parts === null) throw new TypeError_(`Failed to construct 'Request': Invalid URL: ${inputURL}`);
      if (parts[URL_USERNAME] !== "" || parts[URL_PASSWORD] !== "") {
        throw new TypeError_("Failed to construct 'Request': the URL includes credentials");
      }
      r = requestNewState("GET", parts[URL_HREF], null);
      fallbackMode = "cors";
    } else {
      const src = inputRequest;
      r = requestNewState(src.method, src.url, null);
      r.cache = src.cache; r.credentials = src.credentials; r.destination = src.destination;
      r.integrity = src.integrity; r.keepalive = src.keepalive; r.mode = src.mode; r.redirect = src.redirect;
      r.referrer = src.referrer; r.referrerPolicy = src.referrerPolicy; r.priority = src.priority; r.cf = src.cf;
      r.signalSource = requestGetSignal(src);
    }

    if (o.nonEmpty) {
      if (r.mode === "navigate") r.mode = "same-origin";
      r.referrer = "about:client";
      r.referrerPolicy = "";
    }
    if (o.referrer !== undefined) {
      if (o.referrer === "") {
        r.referrer = "";
      } else {
        const parts = urlParseParts(o.referrer, undefined);
        if (parts === null) throw new TypeError_(`Failed to construct 'Request': Invalid referrer URL: ${o.referrer}`);
        r.referrer = parts[URL_PROTOCOL] === "about:" && parts[URL_PATHNAME] === "client" ? "about:client" : parts[URL_HREF];
      }
    }
    if (o.referrerPolicy !== undefined) r.referrerPolicy = o.referrerPolicy;
    const mode = o.mode !== undefined ? o.mode : fallbackMode;
    if (mode === "navigate") throw new TypeError_("Failed to construct 'Request': cannot construct a Request with mode 'navigate'");
    if (mode !== null) r.mode = mode;
    if (o.credentials !== undefined) r.credentials = o.credentials;
    if (o.cache !== undefined) r.cache = o.cache;
    if (r.cache === "only-if-cached" && r.mode !== "same-origin") {
      throw new TypeError_("Failed to construct 'Request': 'only-if-cached' can be set only with 'same-origin' mode");
    }
    if (o.redirect !== undefined) r.redirect = o.redirect;
    if (o.integrity !== undefined) r.integrity = o.integrity;
    if (o.keepalive !== undefined) r.keepalive = o.keepalive;
    if (o.priority !== undefined) r.priority = o.priority;
    if (o.method !== undefined) r.method = requestNormalizeMethod(o.method);
    if (o.hasSignal) r.signalSource = o.signal;
    if (o.cf !== undefined) r.cf = o.cf;

    // Headers: init.headers, else a copy of the input's.
    const headers = new Headers();
    setHeadersGuard(headers, "request");
    if (o.nonEmpty && r.mode === "no-cors" && r.method !== "GET" && r.method !== "HEAD" && r.method !== "POST") {
      throw new TypeError_(`Failed to construct 'Request': '${r.method}' is unsupported in no-cors mode`);
    }
    if (o.headers !== undefined) {
      headersFill(headers, o.headers);
    } else if (inputRequest !== null) {
      const source = headersToFlat(inputRequest.headers);
      for (let i = 0; i < source.length; i += 2) headersAppendInternal(headers, source[i], source[i + 1]);
    }
    r.headers = headers;

    // Body.
    const inputBody = inputRequest === null ? null : inputRequest.body;
    const hasInitBody = o.body !== undefined && o.body !== null;
    if ((hasInitBody || inputBody !== null) && (r.method === "GET" || r.method === "HEAD")) {
      throw new TypeError_("Failed to construct 'Request': a request with a GET or HEAD method cannot have a body");
    }
    if (hasInitBody) {
      const extracted = extractBody(o.body);
      if (extracted.body.kind === "stream") {
        if (o.keepalive === true) throw new TypeError_("Failed to construct 'Request': keepalive cannot be used with a ReadableStream body");
        if (!o.hasDuplex) throw new TypeError_("Failed to construct 'Request': the 'duplex' member must be set to 'half' for a ReadableStream body");
      }
      r.body = extracted.body;
      if (extracted.contentType !== null && !headersHasInternal(headers, "content-type")) {
        headersAppendInternal(headers, "content-type", extracted.contentType);
      }
    }
    const finalBody = hasInitBody ? r.body : inputBody;
    if (finalBody !== null && finalBody.kind === "stream" && finalBody.source === null && r.mode !== "same-origin" && r.mode !== "cors") {
      throw new TypeError_("Failed to construct 'Request': a ReadableStream body needs mode 'cors' or 'same-origin'");
    }
    if (!hasInitBody && inputBody !== null) {
      // The new request takes over the input's body; the input becomes used.
      if (bodyIsUnusable(inputRequest)) throw new TypeError_("Failed to construct 'Request': the input request's body is already used");
      r.body = inputBody;
      inputRequest.disturbed = true;
    }
    this.#r = r;
  }

  get method() { return requestState(this).method; }
  get url() { return requestState(this).url; }
  get headers() { return requestState(this).headers; }
  get destination() { return requestState(this).destination; }
  get referrer() { return requestState(this).referrer; }
  get referrerPolicy() { return requestState(this).referrerPolicy; }
  get mode() { return requestState(this).mode; }
  get credentials() { return requestState(this).credentials; }
  get cache() { return requestState(this).cache; }
  get redirect() { return requestState(this).redirect; }
  get integrity() { return requestState(this).integrity; }
  get keepalive() { return requestState(this).keepalive; }
  get isReloadNavigation() { requestState(this); return false; }
  get isHistoryNavigation() { requestState(this); return false; }
  get signal() { return requestGetSignal(requestState(this)); }
  get duplex() { requestState(this); return "half"; }
  /** Cloudflare: request metadata (`init.cf`, or what the host attached); undefined otherwise. */
  get cf() { return requestState(this).cf; }

  clone() {
    const r = requestState(this);
    if (bodyIsUnusable(r)) throw new TypeError_("Failed to execute 'clone' on 'Request': the body is already used");
    const copy = requestNewState(r.method, r.url, headersClone(r.headers));
    copy.cache = r.cache; copy.credentials = r.credentials; copy.destination = r.destination;
    copy.integrity = r.integrity; copy.keepalive = r.keepalive; copy.mode = r.mode; copy.redirect = r.redirect;
    copy.referrer = r.referrer; copy.referrerPolicy = r.referrerPolicy; copy.priority = r.priority; copy.cf = r.cf;
    copy.body = bodyCloneRecord(r);
    copy.signalSource = requestGetSignal(r);
    return new Request(requestConstructKey, copy);
  }

  static {
    requestState = (v) => {
      if (!isObject(v) || !(#r in v)) throw new TypeError_("Illegal invocation: not a Request");
      return v.#r;
    };
    requestIsInstance = (v) => isObject(v) && #r in v;
  }
}
setToStringTag(Request, "Request");
makeEnumerable(Request, ["method", "url", "headers", "destination", "referrer", "referrerPolicy", "mode",
  "credentials", "cache", "redirect", "integrity", "keepalive", "isReloadNavigation", "isHistoryNavigation",
  "signal", "duplex", "clone"]);
installBodyMixin(Request, requestState);

/** RequestInit conversion: members read in WebIDL (lexicographic) order, enums validated. */
function requestReadInit(init) {
  const d = toDictionary(init, "Failed to construct 'Request'");
  const o = {
    nonEmpty: false, body: undefined, cache: undefined, cf: undefined, credentials: undefined, headers: undefined,
    hasDuplex: false, integrity: undefined, keepalive: undefined, method: undefined, mode: undefined, priority: undefined,
    redirect: undefined, referrer: undefined, referrerPolicy: undefined, hasSignal: false, signal: null,
  };
  if (d === null) return o;
  let v;
  if ((v = d.body) !== undefined) { o.body = v; o.nonEmpty = true; }
  if ((v = d.cache) !== undefined) { o.cache = requestEnum("cache", v); o.nonEmpty = true; }
  if ((v = d.cf) !== undefined) { o.cf = v; }
  if ((v = d.credentials) !== undefined) { o.credentials = requestEnum("credentials", v); o.nonEmpty = true; }
  if ((v = d.duplex) !== undefined) { requestEnum("duplex", v); o.hasDuplex = true; o.nonEmpty = true; }
  if ((v = d.headers) !== undefined) {
    if (!isObject(v)) throw new TypeError_("Failed to construct 'Request': 'headers' is not a sequence or a record");
    o.headers = v;
    o.nonEmpty = true;
  }
  if ((v = d.integrity) !== undefined) { o.integrity = toDOMString(v); o.nonEmpty = true; }
  if ((v = d.keepalive) !== undefined) { o.keepalive = !!v; o.nonEmpty = true; }
  if ((v = d.method) !== undefined) { o.method = toByteString(v); o.nonEmpty = true; }
  if ((v = d.mode) !== undefined) { o.mode = requestEnum("mode", v); o.nonEmpty = true; }
  if ((v = d.priority) !== undefined) { o.priority = requestEnum("priority", v); o.nonEmpty = true; }
  if ((v = d.redirect) !== undefined) { o.redirect = requestEnum("redirect", v); o.nonEmpty = true; }
  if ((v = d.referrer) !== undefined) { o.referrer = toUSVString(v); o.nonEmpty = true; }
  if ((v = d.referrerPolicy) !== undefined) { o.referrerPolicy = requestEnum("referrerPolicy", v); o.nonEmpty = true; }
  if ((v = d.signal) !== undefined) {
    if (v !== null && !abortSignalIsInstance(v)) throw new TypeError_("Failed to construct 'Request': 'signal' is not an AbortSignal");
    o.hasSignal = true;
    o.signal = v;
    o.nonEmpty = true;
  }
  if ((v = d.window) !== undefined) {
    if (v !== null) throw new TypeError_("Failed to construct 'Request': 'window' can only be null");
    o.nonEmpty = true;
  }
  return o;
}

/** The request's AbortSignal, created on first use (most requests never touch it). */
function requestGetSignal(r) {
  if (r.signal === null) {
    if (r.signalSource !== null) {
      r.signal = createDependentAbortSignal([r.signalSource]);
    } else {
      r.signal = createAbortSignal();
      if (r.pendingAbort !== null) signalAbort(r.signal, r.pendingAbort.reason);
    }
  }
  return r.signal;
}

function requestFromHost(method, url, flatHeaders, body, cf = undefined) {
  const r = requestNewState(method, url, headersFromFlat(flatHeaders, "request"));
  if (body !== null && body !== undefined) {
    r.body = bodyIsReadableStream(body)
      ? { kind: "stream", stream: body, source: null }
      : { kind: "bytes", bytes: body, shared: false };
  }
  r.cf = cf;
  return new Request(requestConstructKey, r);
}

function abortRequestSignal(request, reason = undefined) {
  const r = requestState(request);
  if (r.signal !== null) {
    signalAbort(r.signal, reason);
  } else if (r.pendingAbort === null) {
    r.pendingAbort = { reason: reason !== undefined ? reason : abortDefaultReason() };
  }
}

consoleRegisterInspectable(Request, "attributes");

exposeGlobal("Request", Request);
