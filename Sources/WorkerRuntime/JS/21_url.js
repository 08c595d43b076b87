// 21_url.js — URL and URLSearchParams (WHATWG URL) over the host ops `urlParse` / `urlSet`.
//
// A URL holds the component array the ops return, never mutated in place:
//   [href, protocol, username, password, host, hostname, port, pathname, search, hash, origin]
// application/x-www-form-urlencoded parsing and serialising are done here, in JS.
//
// Internal helpers for later files:
//   urlParseParts(input, base?) → component array or null
//   urlencodedParse(string) → [[name, value], …]      urlencodedSerialize(pairs) → string
//   urlSearchParamsToString(params) → string           (brand-checked)

const EncodeURIComponent = encodeURIComponent;

const URL_HREF = 0, URL_PROTOCOL = 1, URL_USERNAME = 2, URL_PASSWORD = 3, URL_HOST = 4, URL_HOSTNAME = 5,
  URL_PORT = 6, URL_PATHNAME = 7, URL_SEARCH = 8, URL_HASH = 9, URL_ORIGIN = 10;

// One-entry cache: a worker typically does `new URL(request.url)` for every request, often twice.
let urlParseCacheInput = null;
let urlParseCacheParts = null;

function urlParseParts(input, base = undefined) {
  if (base === undefined) {
    if (input === urlParseCacheInput) return urlParseCacheParts;
    const parts = ops.urlParse(input, undefined);
    if (parts !== null) {
      urlParseCacheInput = input;
      urlParseCacheParts = parts;
    }
    return parts;
  }
  return ops.urlParse(input, base);
}

// ---------------------------------------------------------------------------------------------------
// application/x-www-form-urlencoded

const urlencodedPlusRe = /\+/g;
const urlencodedSafeRe = /^[A-Za-z0-9*\-._]*$/;
const urlencodedFixRe = /%20|[!'()~]/g;
const urlencodedFixes = { "%20": "+", "!": "%21", "'": "%27", "(": "%28", ")": "%29", "~": "%7E" };

function hexValue(b) {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  if (b >= 0x41 && b <= 0x46) return b - 0x37;
  if (b >= 0x61 && b <= 0x66) return b - 0x57;
  return -1;
}

/** `+` → space, percent-decode, UTF-8 decode without BOM (invalid bytes → U+FFFD). */
function urlencodedDecode(s) {
  if (StringPrototypeIndexOf.call(s, "+") !== -1) s = StringPrototypeReplace.call(s, urlencodedPlusRe, " ");
  if (StringPrototypeIndexOf.call(s, "%") === -1) return s;
  const bytes = ops.encodeUtf8(s);
  const len = bytes.length;
  const out = new Uint8Array_(len);
  let o = 0;
  for (let i = 0; i < len; i++) {
    const b = bytes[i];
    if (b === 0x25 && i + 2 < len) {
      const hi = hexValue(bytes[i + 1]), lo = hexValue(bytes[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out[o++] = (hi << 4) | lo;
        i += 2;
        continue;
      }
    }
    out[o++] = b;
  }
  return ops.decodeUtf8(new Uint8Array_(TypedArrayPrototypeGetBuffer.call(out), 0, o), false);
}

function urlencodedParse(input) {
  const out = [];
  if (input.length === 0) return out;
  const sequences = StringPrototypeSplit.call(input, "&");
  for (let i = 0; i < sequences.length; i++) {
    const seq = sequences[i];
    if (seq.length === 0) continue;
    const eq = StringPrototypeIndexOf.call(seq, "=");
    const name = eq === -1 ? seq : StringPrototypeSlice.call(seq, 0, eq);
    const value = eq === -1 ? "" : StringPrototypeSlice.call(seq, eq + 1);
    ArrayPrototypePush.call(out, [urlencodedDecode(name), urlencodedDecode(value)]);
  }
  return out;
}

/** The urlencoded percent-encode set over UTF-8, space as `+`. `s` must be a USVString. */
function urlencodedEncode(s) {
  if (urlencodedSafeRe.test(s)) return s;
  return StringPrototypeReplace.call(EncodeURIComponent(s), urlencodedFixRe, (m) => urlencodedFixes[m]);
}

function urlencodedSerialize(pairs) {
  let out = "";
  for (let i = 0; i < pairs.length; i++) {
    if (i > 0) out += "&";
    out += urlencodedEncode(pairs[i][0]) + "=" + urlencodedEncode(pairs[i][1]);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// URL

const urlConstructKey = {};

let urlState;                 // (value) → { parts, query }; TypeError for a non-URL
let urlSetQueryFromParams;    // (url, serializedQuery) — URLSearchParams "update steps"

class URL {
  #u;

  constructor(url, base = undefined) {
    if (url === urlConstructKey) {
      this.#u = { parts: base, query: null };
      return;
    }
    requireArguments(arguments.length, 1, "Failed to construct 'URL'");
    const input = toUSVString(url);
    const parts = urlParseParts(input, base === undefined ? undefined : toUSVString(base));
    if (parts === null) throw new TypeError_(`Invalid URL: ${input}`);
    this.#u = { parts, query: null };
  }

  static canParse(url, base = undefined) {
    requireArguments(arguments.length, 1, "Failed to execute 'canParse' on 'URL'");
    const input = toUSVString(url);
    return urlParseParts(input, base === undefined ? undefined : toUSVString(base)) !== null;
  }

  static parse(url, base = undefined) {
    requireArguments(arguments.length, 1, "Failed to execute 'parse' on 'URL'");
    const input = toUSVString(url);
    const parts = urlParseParts(input, base === undefined ? undefined : toUSVString(base));
    return parts === null ? null : new URL(urlConstructKey, parts);
  }

  get href() { return urlState(this).parts[URL_HREF]; }
  set href(value) {
    const u = urlState(this);
    const input = toUSVString(value);
    const parts = urlParseParts(input, undefined);
    if (parts === null) throw new TypeError_(`Invalid URL: ${input}`);
    urlReplaceParts(u, parts);
  }

  get origin() { return urlState(this).parts[URL_ORIGIN]; }

  get protocol() { return urlState(this).parts[URL_PROTOCOL]; }
  set protocol(value) { urlApplySetter(urlState(this), "protocol", value); }

  get username() { return urlState(this).parts[URL_USERNAME]; }
  set username(value) { urlApplySetter(urlState(this), "username", value); }

  get password() { return urlState(this).parts[URL_PASSWORD]; }
  set password(value) { urlApplySetter(urlState(this), "password", value); }

  get host() { return urlState(this).parts[URL_HOST]; }
  set host(value) { urlApplySetter(urlState(this), "host", value); }

  get hostname() { return urlState(this).parts[URL_HOSTNAME]; }
  set hostname(value) { urlApplySetter(urlState(this), "hostname", value); }

  get port() { return urlState(this).parts[URL_PORT]; }
  set port(value) { urlApplySetter(urlState(this), "port", value); }

  get pathname() { return urlState(this).parts[URL_PATHNAME]; }
  set pathname(value) { urlApplySetter(urlState(this), "pathname", value); }

  get search() { return urlState(this).parts[URL_SEARCH]; }
  set search(value) { urlApplySetter(urlState(this), "search", value); }

  get searchParams() {
    const u = urlState(this);
    if (u.query === null) u.query = urlSearchParamsCreateLinked(this, urlQueryString(u.parts));
    return u.query;
  }

  get hash() { return urlState(this).parts[URL_HASH]; }
  set hash(value) { urlApplySetter(urlState(this), "hash", value); }

  toString() { return urlState(this).parts[URL_HREF]; }
  toJSON() { return urlState(this).parts[URL_HREF]; }

  static {
    urlState = (v) => {
      if (!isObject(v) || !(#u in v)) throw new TypeError_("Illegal invocation: not a URL");
      return v.#u;
    };
    urlSetQueryFromParams = (url, serialized) => {
      const u = url.#u;
      const parts = ops.urlSet(u.parts[URL_HREF], "search", serialized);
      if (parts !== null) u.parts = parts;
    };
  }
}
setToStringTag(URL, "URL");
makeEnumerable(URL, ["href", "origin", "protocol", "username", "password", "host", "hostname", "port",
  "pathname", "search", "searchParams", "hash", "toString", "toJSON"]);

/** The query without its leading "?" ("" when there is none). */
function urlQueryString(parts) {
  const search = parts[URL_SEARCH];
  return search.length === 0 ? "" : StringPrototypeSlice.call(search, 1);
}

function urlReplaceParts(u, parts) {
  const oldSearch = u.parts[URL_SEARCH];
  u.parts = parts;
  if (u.query !== null && parts[URL_SEARCH] !== oldSearch) {
    urlSearchParamsSetList(u.query, urlencodedParse(urlQueryString(parts)));
  }
}

function urlApplySetter(u, part, value) {
  const parts = ops.urlSet(u.parts[URL_HREF], part, toUSVString(value));
  if (parts !== null) urlReplaceParts(u, parts);
}

// ---------------------------------------------------------------------------------------------------
// URLSearchParams

let urlSearchParamsState;          // (value) → { list, url }; TypeError for a non-URLSearchParams
let urlSearchParamsCreateLinked;   // (url, query) → URLSearchParams whose changes update `url`
let urlSearchParamsSetList;        // (params, list) — the URL changed its query
let urlSearchParamsIsInstance;     // (value) → boolean

class URLSearchParams {
  #q;

  constructor(init = "") {
    const q = { list: [], url: null };
    this.#q = q;
    if (isObject(init)) {
      const method = getIteratorMethod(init);
      if (method !== undefined) {
        const items = iterableToArray(init, method);
        for (let i = 0; i < items.length; i++) {
          const innerMethod = getIteratorMethod(items[i]);
          if (innerMethod === undefined) throw new TypeError_("Failed to construct 'URLSearchParams': a pair is not a sequence");
          const pair = iterableToArray(items[i], innerMethod);
          if (pair.length !== 2) throw new TypeError_("Failed to construct 'URLSearchParams': a pair must have exactly two items");
          ArrayPrototypePush.call(q.list, [toUSVString(pair[0]), toUSVString(pair[1])]);
        }
      } else {
        // WebIDL record<USVString, USVString>: keys that become equal after USVString conversion
        // (lone surrogates) collapse into one entry, at the first one's position, with the last value.
        const keys = ReflectOwnKeys(init);
        const positions = new Map_();
        for (let i = 0; i < keys.length; i++) {
          const key = keys[i];
          const desc = ObjectGetOwnPropertyDescriptor(init, key);
          if (desc === undefined || !desc.enumerable) continue;
          const name = toUSVString(key);
          const value = toUSVString(init[key]);
          const at = MapPrototypeGet.call(positions, name);
          if (at !== undefined) {
            q.list[at][1] = value;
          } else {
            MapPrototypeSet.call(positions, name, q.list.length);
            ArrayPrototypePush.call(q.list, [name, value]);
          }
        }
      }
    } else {
      let s = toUSVString(init);
      if (s.length > 0 && StringPrototypeCharCodeAt.call(s, 0) === 0x3f) s = StringPrototypeSlice.call(s, 1);
      q.list = urlencodedParse(s);
    }
  }

  get size() { return urlSearchParamsState(this).list.length; }

  append(name, value) {
    const q = urlSearchParamsState(this);
    requireArguments(arguments.length, 2, "Failed to execute 'append' on 'URLSearchParams'");
    ArrayPrototypePush.call(q.list, [toUSVString(name), toUSVString(value)]);
    urlSearchParamsUpdate(q);
  }

  delete(name, value = undefined) {
    const q = urlSearchParamsState(this);
    requireArguments(arguments.length, 1, "Failed to execute 'delete' on 'URLSearchParams'");
    const n = toUSVString(name);
    const v = value === undefined ? undefined : toUSVString(value);
    const kept = [];
    const list = q.list;
    for (let i = 0; i < list.length; i++) {
      if (list[i][0] === n && (v === undefined || list[i][1] === v)) continue;
      ArrayPrototypePush.call(kept, list[i]);
    }
    q.list = kept;
    urlSearchParamsUpdate(q);
  }

  get(name) {
    const q = urlSearchParamsState(this);
    requireArguments(arguments.length, 1, "Failed to execute 'get' on 'URLSearchParams'");
    const n = toUSVString(name);
    const list = q.list;
    for (let i = 0; i < list.length; i++) if (list[i][0] === n) return list[i][1];
    return null;
  }

  getAll(name) {
    const q = urlSearchParamsState(this);
    requireArguments(arguments.length, 1, "Failed to execute 'getAll' on 'URLSearchParams'");
    const n = toUSVString(name);
    const out = [];
    const list = q.list;
    for (let i = 0; i < list.length; i++) if (list[i][0] === n) ArrayPrototypePush.call(out, list[i][1]);
    return out;
  }

  has(name, value = undefined) {
    const q = urlSearchParamsState(this);
    requireArguments(arguments.length, 1, "Failed to execute 'has' on 'URLSearchParams'");
    const n = toUSVString(name);
    const v = value === undefined ? undefined : toUSVString(value);
    const list = q.list;
    for (let i = 0; i < list.length; i++) {
      if (list[i][0] === n && (v === undefined || list[i][1] === v)) return true;
    }
    return false;
  }

  set(name, value) {
    const q = urlSearchParamsState(this);
    requireArguments(arguments.length, 2, "Failed to execute 'set' on 'URLSearchParams'");
    const n = toUSVString(name);
    const v = toUSVString(value);
    const list = q.list;
    const kept = [];
    let found = false;
    for (let i = 0; i < list.length; i++) {
      if (list[i][0] !== n) { ArrayPrototypePush.call(kept, list[i]); continue; }
      if (!found) { found = true; ArrayPrototypePush.call(kept, [n, v]); }
    }
    if (!found) ArrayPrototypePush.call(kept, [n, v]);
    q.list = kept;
    urlSearchParamsUpdate(q);
  }

  sort() {
    const q = urlSearchParamsState(this);
    // Array.prototype.sort is stable; `<` on strings compares UTF-16 code units, as the spec says.
    ArrayPrototypeSort.call(q.list, (a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    urlSearchParamsUpdate(q);
  }

  toString() {
    return urlencodedSerialize(urlSearchParamsState(this).list);
  }

  static {
    urlSearchParamsState = (v) => {
      if (!isObject(v) || !(#q in v)) throw new TypeError_("Illegal invocation: not a URLSearchParams");
      return v.#q;
    };
    urlSearchParamsCreateLinked = (url, query) => {
      const params = new URLSearchParams();
      params.#q.list = urlencodedParse(query);
      params.#q.url = url;
      return params;
    };
    urlSearchParamsSetList = (params, list) => { params.#q.list = list; };
    urlSearchParamsIsInstance = (v) => isObject(v) && #q in v;
  }
}
setToStringTag(URLSearchParams, "URLSearchParams");
makeEnumerable(URLSearchParams, ["size", "append", "delete", "get", "getAll", "has", "set", "sort", "toString"]);
definePairIterable(URLSearchParams, "URLSearchParams", urlSearchParamsState, (params) => urlSearchParamsState(params).list);

/** URLSearchParams "update steps": write the serialisation back to the linked URL ("" drops the "?"). */
function urlSearchParamsUpdate(q) {
  if (q.url !== null) urlSetQueryFromParams(q.url, urlencodedSerialize(q.list));
}

function urlSearchParamsToString(params) {
  return urlencodedSerialize(urlSearchParamsState(params).list);
}

consoleRegisterInspectable(URLSearchParams, "entries");
consoleRegisterInspectable(URL, "attributes");

exposeGlobal("URL", URL);
exposeGlobal("URLSearchParams", URLSearchParams);
