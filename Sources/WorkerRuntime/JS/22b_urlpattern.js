// 22b_urlpattern.js — URLPattern (WHATWG URL Pattern Standard), part 2: canonicalisation (over the native
// URL parser, as the URL class uses it), the constructor string parser, URLPatternInit processing,
// create / match, and the URLPattern class. Part 1 (22a_urlpattern_syntax.js) has the pattern syntax.

// ---------------------------------------------------------------------------------------------------
// Canonicalisation (§ "encoding callbacks"), over the native URL parser

const upDummySpecial = "https://dummy.invalid/";
const upDummySpecialOther = "https://other-dummy.invalid/";
const upDummyPlain = "dummy://dummy.invalid";

function upCanonicalizeProtocol(value) {
  if (value === "") return value;
  const parts = urlParseParts(value + "://dummy.test", undefined);
  if (parts === null) throw upTypeError(`invalid protocol '${value}'`);
  return StringPrototypeSlice.call(parts[URL_PROTOCOL], 0, -1);
}

function upSetOnDummy(href, part, value, index) {
  const parts = ops.urlSet(href, part, value);
  return parts === null ? null : parts[index];
}

function upCanonicalizeUsername(value) {
  if (value === "") return value;
  return upSetOnDummy(upDummySpecial, "username", value, URL_USERNAME) ?? "";
}

function upCanonicalizePassword(value) {
  if (value === "") return value;
  return upSetOnDummy(upDummySpecial, "password", value, URL_PASSWORD) ?? "";
}

/** The hostname setter on two different dummies: unchanged on both means the value was rejected. */
function upCanonicalizeHostname(value) {
  if (value === "") return value;
  const first = upSetOnDummy(upDummySpecial, "hostname", value, URL_HOSTNAME);
  if (first !== null) return first;
  const second = upSetOnDummy(upDummySpecialOther, "hostname", value, URL_HOSTNAME);
  if (second !== null) return second;
  throw upTypeError(`invalid hostname '${value}'`);
}

function upCanonicalizeIPv6Hostname(value) {
  let result = "";
  const cps = upCodePoints(value);
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i];
    if (!(upRegExpExec.call(/^[0-9A-Fa-f]$/, c) !== null || c === "[" || c === "]" || c === ":")) {
      throw upTypeError(`invalid IPv6 hostname '${value}'`);
    }
    result += StringPrototypeToLowerCase.call(c);
  }
  return result;
}

/** The port state of the URL parser with a state override, with an optional scheme for default ports. */
function upCanonicalizePort(value, protocol = undefined) {
  if (value === "") return value;
  const stripped = StringPrototypeReplace.call(value, /[\t\n\r]/g, "");
  const m = upRegExpExec.call(/^[0-9]*/, stripped);
  const digits = m[0];
  if (digits === "") {
    if (stripped === "") return "";
    throw upTypeError(`invalid port '${value}'`);
  }
  const n = Number_(digits);
  if (n > 65535) throw upTypeError(`invalid port '${value}'`);
  const serialized = String_(n);
  if (protocol !== undefined && MapPrototypeGet.call(upSpecialSchemes, protocol) === serialized) return "";
  return serialized;
}

function upCanonicalizePathname(value) {
  if (value === "") return value;
  const leadingSlash = value[0] === "/";
  const modified = (leadingSlash ? "" : "/-") + value;
  let result = upSetOnDummy(upDummyPlain, "pathname", modified, URL_PATHNAME) ?? "";
  if (!leadingSlash) result = StringPrototypeSlice.call(result, 2);
  return result;
}

/** Opaque path state: C0 control percent-encode set; "?" and "#" end the path; a space before them is %20. */
function upCanonicalizeOpaquePathname(value) {
  if (value === "") return value;
  const input = StringPrototypeReplace.call(value, /[\t\n\r]/g, "");
  let end = input.length;
  for (let i = 0; i < input.length; i++) {
    if (input[i] === "?" || input[i] === "#") { end = i; break; }
  }
  let body = StringPrototypeSlice.call(input, 0, end);
  let tail = "";
  if (end < input.length && body.length > 0 && body[body.length - 1] === " ") {
    body = StringPrototypeSlice.call(body, 0, -1);
    tail = "%20";
  }
  return StringPrototypeReplace.call(body, /[\x00-\x1f\x7f-\uffff]+/g, (run) => {
    let out = "";
    const bytes = ops.encodeUtf8(run);
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      out += "%" + (b < 16 ? "0" : "") + StringPrototypeToUpperCase.call(b.toString(16));
    }
    return out;
  }) + tail;
}

function upCanonicalizeSearch(value) {
  if (value === "") return value;
  const search = upSetOnDummy(upDummyPlain, "search", "?" + value, URL_SEARCH);
  return search === null ? "" : StringPrototypeSlice.call(search, 1);
}

function upCanonicalizeHash(value) {
  if (value === "") return value;
  const hash = upSetOnDummy(upDummyPlain, "hash", "#" + value, URL_HASH);
  return hash === null ? "" : StringPrototypeSlice.call(hash, 1);
}

// ---------------------------------------------------------------------------------------------------
// Constructor string parsing (§ "parse a constructor string")

function upParseConstructorString(input) {
  const p = {
    input: upCodePoints(input),
    tokens: upTokenize(input, false),
    result: { __proto__: null },
    componentStart: 0,
    tokenIndex: 0,
    tokenIncrement: 1,
    groupDepth: 0,
    ipv6Depth: 0,
    protocolMatchesSpecialScheme: false,
    state: "init",
  };
  const safeToken = (i) => (i < p.tokens.length ? p.tokens[i] : p.tokens[p.tokens.length - 1]);
  const isNonSpecialPatternChar = (i, value) => {
    const t = safeToken(i);
    if (t.value !== value) return false;
    return t.type === "char" || t.type === "escaped-char" || t.type === "invalid-char";
  };
  const isProtocolSuffix = () => isNonSpecialPatternChar(p.tokenIndex, ":");
  const nextIsAuthoritySlashes = () =>
    isNonSpecialPatternChar(p.tokenIndex + 1, "/") && isNonSpecialPatternChar(p.tokenIndex + 2, "/");
  const isIdentityTerminator = () => isNonSpecialPatternChar(p.tokenIndex, "@");
  const isPasswordPrefix = () => isNonSpecialPatternChar(p.tokenIndex, ":");
  const isPortPrefix = () => isNonSpecialPatternChar(p.tokenIndex, ":");
  const isPathnameStart = () => isNonSpecialPatternChar(p.tokenIndex, "/");
  const isSearchPrefix = () => {
    if (isNonSpecialPatternChar(p.tokenIndex, "?")) return true;
    if (p.tokens[p.tokenIndex].value !== "?") return false;
    const previousIndex = p.tokenIndex - 1;
    if (previousIndex < 0) return true;
    const previous = safeToken(previousIndex);
    return !(previous.type === "name" || previous.type === "regexp" || previous.type === "close" || previous.type === "asterisk");
  };
  const isHashPrefix = () => isNonSpecialPatternChar(p.tokenIndex, "#");
  const isGroupOpen = () => p.tokens[p.tokenIndex].type === "open";
  const isGroupClose = () => p.tokens[p.tokenIndex].type === "close";
  const isIPv6Open = () => isNonSpecialPatternChar(p.tokenIndex, "[");
  const isIPv6Close = () => isNonSpecialPatternChar(p.tokenIndex, "]");
  const makeComponentString = () => {
    const token = p.tokens[p.tokenIndex];
    const startToken = safeToken(p.componentStart);
    return upJoin(p.input, startToken.index, token.index);
  };
  const has = (key) => ObjectPrototypeHasOwnProperty.call(p.result, key);
  const changeState = (newState, skip) => {
    const s = p.state;
    if (s !== "init" && s !== "authority" && s !== "done") p.result[s] = makeComponentString();
    if (s !== "init" && newState !== "done") {
      if ((s === "protocol" || s === "authority" || s === "username" || s === "password") &&
          (newState === "port" || newState === "pathname" || newState === "search" || newState === "hash") &&
          !has("hostname")) {
        p.result.hostname = "";
      }
      if ((s === "protocol" || s === "authority" || s === "username" || s === "password" || s === "hostname" || s === "port") &&
          (newState === "search" || newState === "hash") && !has("pathname")) {
        p.result.pathname = p.protocolMatchesSpecialScheme ? "/" : "";
      }
      if ((s === "protocol" || s === "authority" || s === "username" || s === "password" || s === "hostname" ||
           s === "port" || s === "pathname") && newState === "hash" && !has("search")) {
        p.result.search = "";
      }
    }
    p.state = newState;
    p.tokenIndex += skip;
    p.componentStart = p.tokenIndex;
    p.tokenIncrement = 0;
  };
  const rewind = () => {
    p.tokenIndex = p.componentStart;
    p.tokenIncrement = 0;
  };
  const rewindAndSetState = (state) => {
    rewind();
    p.state = state;
  };
  const computeProtocolMatchesSpecialScheme = () => {
    const protocolString = makeComponentString();
    const component = upCompileComponent(protocolString, upCanonicalizeProtocol, upDefaultOptions);
    if (upProtocolMatchesSpecialScheme(component)) p.protocolMatchesSpecialScheme = true;
  };

  while (p.tokenIndex < p.tokens.length) {
    p.tokenIncrement = 1;
    if (p.tokens[p.tokenIndex].type === "end") {
      if (p.state === "init") {
        rewind();
        if (isHashPrefix()) changeState("hash", 1);
        else if (isSearchPrefix()) changeState("search", 1);
        else changeState("pathname", 0);
        p.tokenIndex += p.tokenIncrement;
        continue;
      }
      if (p.state === "authority") {
        rewindAndSetState("hostname");
        p.tokenIndex += p.tokenIncrement;
        continue;
      }
      changeState("done", 0);
      break;
    }
    if (isGroupOpen()) {
      p.groupDepth++;
      p.tokenIndex += p.tokenIncrement;
      continue;
    }
    if (p.groupDepth > 0) {
      if (isGroupClose()) {
        p.groupDepth--;
      } else {
        p.tokenIndex += p.tokenIncrement;
        continue;
      }
    }
    switch (p.state) {
      case "init":
        if (isProtocolSuffix()) rewindAndSetState("protocol");
        break;
      case "protocol":
        if (isProtocolSuffix()) {
          computeProtocolMatchesSpecialScheme();
          let nextState = "pathname";
          let skip = 1;
          if (nextIsAuthoritySlashes()) {
            nextState = "authority";
            skip = 3;
          } else if (p.protocolMatchesSpecialScheme) {
            nextState = "authority";
          }
          changeState(nextState, skip);
        }
        break;
      case "authority":
        if (isIdentityTerminator()) rewindAndSetState("username");
        else if (isPathnameStart() || isSearchPrefix() || isHashPrefix()) rewindAndSetState("hostname");
        break;
      case "username":
        if (isPasswordPrefix()) changeState("password", 1);
        else if (isIdentityTerminator()) changeState("hostname", 1);
        break;
      case "password":
        if (isIdentityTerminator()) changeState("hostname", 1);
        break;
      case "hostname":
        if (isIPv6Open()) p.ipv6Depth++;
        else if (isIPv6Close()) p.ipv6Depth--;
        else if (isPortPrefix() && p.ipv6Depth === 0) changeState("port", 1);
        else if (isPathnameStart()) changeState("pathname", 0);
        else if (isSearchPrefix()) changeState("search", 1);
        else if (isHashPrefix()) changeState("hash", 1);
        break;
      case "port":
        if (isPathnameStart()) changeState("pathname", 0);
        else if (isSearchPrefix()) changeState("search", 1);
        else if (isHashPrefix()) changeState("hash", 1);
        break;
      case "pathname":
        if (isSearchPrefix()) changeState("search", 1);
        else if (isHashPrefix()) changeState("hash", 1);
        break;
      case "search":
        if (isHashPrefix()) changeState("hash", 1);
        break;
      default:
        break;
    }
    p.tokenIndex += p.tokenIncrement;
  }
  if (has("hostname") && !has("port")) p.result.port = "";
  return p.result;
}

// ---------------------------------------------------------------------------------------------------
// URLPatternInit processing (§ "process a URLPatternInit")

/** The parts of a parsed URL the standard reads: scheme, username, …, and whether the path is opaque. */
function upUrlRecord(parts) {
  const protocol = parts[URL_PROTOCOL];
  const pathname = parts[URL_PATHNAME];
  return {
    scheme: StringPrototypeSlice.call(protocol, 0, -1),
    username: parts[URL_USERNAME],
    password: parts[URL_PASSWORD],
    host: parts[URL_HOSTNAME],
    port: parts[URL_PORT],
    path: pathname,
    query: StringPrototypeSlice.call(parts[URL_SEARCH], 1),
    fragment: StringPrototypeSlice.call(parts[URL_HASH], 1),
    opaquePath: !StringPrototypeStartsWith.call(StringPrototypeSlice.call(parts[URL_HREF], protocol.length), "//") &&
      !StringPrototypeStartsWith.call(pathname, "/"),
  };
}

function upProcessBaseURLString(input, type) { return type !== "pattern" ? input : upEscapePatternString(input); }

function upIsAbsolutePathname(input, type) {
  if (input === "") return false;
  if (input[0] === "/") return true;
  if (type === "url") return false;
  if (input.length < 2) return false;
  if ((input[0] === "\\" || input[0] === "{") && input[1] === "/") return true;
  return false;
}

function upProcessInit(init, type, protocol, username, password, hostname, port, pathname, search, hash) {
  const result = { __proto__: null };
  if (protocol !== null) result.protocol = protocol;
  if (username !== null) result.username = username;
  if (password !== null) result.password = password;
  if (hostname !== null) result.hostname = hostname;
  if (port !== null) result.port = port;
  if (pathname !== null) result.pathname = pathname;
  if (search !== null) result.search = search;
  if (hash !== null) result.hash = hash;
  const has = (key) => ObjectPrototypeHasOwnProperty.call(init, key);
  let baseURL = null;
  if (has("baseURL")) {
    const parts = urlParseParts(init.baseURL, undefined);
    if (parts === null) throw upTypeError(`invalid baseURL '${init.baseURL}'`);
    baseURL = upUrlRecord(parts);
    if (!has("protocol")) result.protocol = upProcessBaseURLString(baseURL.scheme, type);
    if (type !== "pattern" && !has("protocol") && !has("hostname") && !has("port") && !has("username")) {
      result.username = upProcessBaseURLString(baseURL.username, type);
    }
    if (type !== "pattern" && !has("protocol") && !has("hostname") && !has("port") && !has("username") && !has("password")) {
      result.password = upProcessBaseURLString(baseURL.password, type);
    }
    if (!has("protocol") && !has("hostname")) result.hostname = upProcessBaseURLString(baseURL.host, type);
    if (!has("protocol") && !has("hostname") && !has("port")) result.port = baseURL.port;
    if (!has("protocol") && !has("hostname") && !has("port") && !has("pathname")) {
      result.pathname = upProcessBaseURLString(baseURL.path, type);
    }
    if (!has("protocol") && !has("hostname") && !has("port") && !has("pathname") && !has("search")) {
      result.search = upProcessBaseURLString(baseURL.query, type);
    }
    if (!has("protocol") && !has("hostname") && !has("port") && !has("pathname") && !has("search") && !has("hash")) {
      result.hash = upProcessBaseURLString(baseURL.fragment, type);
    }
  }
  if (has("protocol")) {
    let stripped = init.protocol;
    if (upStringEndsWith.call(stripped, ":")) stripped = StringPrototypeSlice.call(stripped, 0, -1);
    result.protocol = type === "pattern" ? stripped : upCanonicalizeProtocol(stripped);
  }
  if (has("username")) result.username = type === "pattern" ? init.username : upCanonicalizeUsername(init.username);
  if (has("password")) result.password = type === "pattern" ? init.password : upCanonicalizePassword(init.password);
  if (has("hostname")) result.hostname = type === "pattern" ? init.hostname : upCanonicalizeHostname(init.hostname);
  if (has("port")) result.port = type === "pattern" ? init.port : upCanonicalizePort(init.port, result.protocol);
  if (has("pathname")) {
    result.pathname = init.pathname;
    // A relative pathname resolves against the base URL's path (unless that path is opaque).
    if (baseURL !== null && !baseURL.opaquePath && !upIsAbsolutePathname(result.pathname, type)) {
      const baseURLPath = upProcessBaseURLString(baseURL.path, type);
      const slashIndex = upStringLastIndexOf.call(baseURLPath, "/");
      if (slashIndex >= 0) result.pathname = StringPrototypeSlice.call(baseURLPath, 0, slashIndex + 1) + result.pathname;
    }
    if (type !== "pattern") {
      const protocolValue = result.protocol;
      result.pathname = (protocolValue === undefined || protocolValue === "" || MapPrototypeHas.call(upSpecialSchemes, protocolValue))
        ? upCanonicalizePathname(result.pathname) : upCanonicalizeOpaquePathname(result.pathname);
    }
  }
  if (has("search")) {
    let stripped = init.search;
    if (StringPrototypeStartsWith.call(stripped, "?")) stripped = StringPrototypeSlice.call(stripped, 1);
    result.search = type === "pattern" ? stripped : upCanonicalizeSearch(stripped);
  }
  if (has("hash")) {
    let stripped = init.hash;
    if (StringPrototypeStartsWith.call(stripped, "#")) stripped = StringPrototypeSlice.call(stripped, 1);
    result.hash = type === "pattern" ? stripped : upCanonicalizeHash(stripped);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------
// WebIDL conversions

/** URLPatternInit dictionary → null-prototype object holding only the members present (USVStrings). */
function upToInit(value) {
  const out = { __proto__: null };
  if (value === undefined || value === null) return out;
  if (!isObject(value)) throw new TypeError_("URLPatternInit must be an object");
  for (const key of ["baseURL", "hash", "hostname", "password", "pathname", "port", "protocol", "search", "username"]) {
    const v = value[key];
    if (v !== undefined) out[key] = toUSVString(v);
  }
  return out;
}

/** (USVString or URLPatternInit): objects, null and undefined are dictionaries. */
function upToInput(value) {
  if (value === undefined || value === null || isObject(value)) return { init: upToInit(value), string: null };
  return { init: null, string: toUSVString(value) };
}

function upToOptions(value) {
  if (value === undefined || value === null) return { ignoreCase: false };
  if (!isObject(value)) throw new TypeError_("URLPatternOptions must be an object");
  return { ignoreCase: !!value.ignoreCase };
}

// ---------------------------------------------------------------------------------------------------
// Create and match (§ "create", "match")

function upCreate(input, baseURL, options) {
  let init;
  if (input.string !== null) {
    init = upParseConstructorString(input.string);
    if (baseURL === null && !ObjectPrototypeHasOwnProperty.call(init, "protocol")) {
      throw upTypeError("a relative pattern needs a baseURL");
    }
    if (baseURL !== null) init.baseURL = baseURL;
  } else {
    if (baseURL !== null) throw upTypeError("a baseURL is not allowed with a URLPatternInit");
    init = input.init;
  }
  const processed = upProcessInit(init, "pattern", null, null, null, null, null, null, null, null);
  for (let i = 0; i < upComponents.length; i++) {
    if (!ObjectPrototypeHasOwnProperty.call(processed, upComponents[i])) processed[upComponents[i]] = "*";
  }
  if (MapPrototypeHas.call(upSpecialSchemes, processed.protocol) &&
      MapPrototypeGet.call(upSpecialSchemes, processed.protocol) === processed.port) {
    processed.port = "";
  }
  const pattern = { __proto__: null };
  pattern.protocol = upCompileComponent(processed.protocol, upCanonicalizeProtocol, upDefaultOptions);
  pattern.username = upCompileComponent(processed.username, upCanonicalizeUsername, upDefaultOptions);
  pattern.password = upCompileComponent(processed.password, upCanonicalizePassword, upDefaultOptions);
  pattern.hostname = upHostnameIsIPv6(processed.hostname)
    ? upCompileComponent(processed.hostname, upCanonicalizeIPv6Hostname, upHostnameOptions)
    : upCompileComponent(processed.hostname, upCanonicalizeHostname, upHostnameOptions);
  pattern.port = upCompileComponent(processed.port, upCanonicalizePort, upDefaultOptions);
  const compileOptions = upOptions("", "", options.ignoreCase);
  if (upProtocolMatchesSpecialScheme(pattern.protocol)) {
    pattern.pathname = upCompileComponent(processed.pathname, upCanonicalizePathname, upOptions("/", "/", options.ignoreCase));
  } else {
    pattern.pathname = upCompileComponent(processed.pathname, upCanonicalizeOpaquePathname, compileOptions);
  }
  pattern.search = upCompileComponent(processed.search, upCanonicalizeSearch, compileOptions);
  pattern.hash = upCompileComponent(processed.hash, upCanonicalizeHash, compileOptions);
  return pattern;
}

/** Returns the result dictionary, or null. `baseURLString` is undefined when not given. */
function upMatch(pattern, input, originalInput, baseURLString) {
  const values = { __proto__: null, protocol: "", username: "", password: "", hostname: "", port: "", pathname: "", search: "", hash: "" };
  const inputs = [];
  if (input.init !== null) {
    if (baseURLString !== undefined) throw new TypeError_("Failed to execute 'exec' on 'URLPattern': a baseURL is not allowed with a URLPatternInit");
    const copy = {};
    for (const key of ObjectKeys(input.init)) copy[key] = input.init[key];
    ArrayPrototypePush.call(inputs, copy);
    let applied;
    try {
      applied = upProcessInit(input.init, "url", "", "", "", "", "", "", "", "");
    } catch {
      return null;
    }
    for (let i = 0; i < upComponents.length; i++) values[upComponents[i]] = applied[upComponents[i]];
  } else {
    ArrayPrototypePush.call(inputs, input.string);
    let base;
    if (baseURLString !== undefined) {
      if (urlParseParts(baseURLString, undefined) === null) return null;
      ArrayPrototypePush.call(inputs, baseURLString);
      base = baseURLString;
    }
    const parts = urlParseParts(input.string, base);
    if (parts === null) return null;
    const url = upUrlRecord(parts);
    values.protocol = url.scheme;
    values.username = url.username;
    values.password = url.password;
    values.hostname = url.host;
    values.port = url.port;
    values.pathname = url.path;
    values.search = url.query;
    values.hash = url.fragment;
  }
  const execResults = { __proto__: null };
  for (let i = 0; i < upComponents.length; i++) {
    const name = upComponents[i];
    const r = upRegExpExec.call(pattern[name].regexp, values[name]);
    if (r === null) return null;
    execResults[name] = r;
  }
  const result = { inputs };
  for (let i = 0; i < upComponents.length; i++) {
    const name = upComponents[i];
    const component = pattern[name];
    const exec = execResults[name];
    const groups = {};
    for (let g = 1; g < exec.length; g++) groups[component.names[g - 1]] = exec[g];
    result[name] = { input: values[name], groups };
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------
// The URLPattern class

let urlPatternOf;

class URLPattern {
  #pattern;

  constructor(input = undefined, baseURLOrOptions = undefined, options = undefined) {
    let baseURL = null;
    let opts;
    if (arguments.length >= 3) {
      baseURL = toUSVString(baseURLOrOptions);
      opts = upToOptions(options);
    } else if (arguments.length === 2 && baseURLOrOptions !== undefined && baseURLOrOptions !== null && !isObject(baseURLOrOptions)) {
      baseURL = toUSVString(baseURLOrOptions);
      opts = upToOptions(undefined);
    } else {
      opts = upToOptions(baseURLOrOptions);
    }
    this.#pattern = upCreate(upToInput(input), baseURL, opts);
  }

  get protocol() { return urlPatternCheck(this).protocol.patternString; }
  get username() { return urlPatternCheck(this).username.patternString; }
  get password() { return urlPatternCheck(this).password.patternString; }
  get hostname() { return urlPatternCheck(this).hostname.patternString; }
  get port() { return urlPatternCheck(this).port.patternString; }
  get pathname() { return urlPatternCheck(this).pathname.patternString; }
  get search() { return urlPatternCheck(this).search.patternString; }
  get hash() { return urlPatternCheck(this).hash.patternString; }

  get hasRegExpGroups() {
    const pattern = urlPatternCheck(this);
    for (let i = 0; i < upComponents.length; i++) if (pattern[upComponents[i]].hasRegExpGroups) return true;
    return false;
  }

  test(input = undefined, baseURL = undefined) {
    const pattern = urlPatternCheck(this);
    const converted = upToInput(input);
    const base = baseURL === undefined ? undefined : toUSVString(baseURL);
    return upMatch(pattern, converted, input, base) !== null;
  }

  exec(input = undefined, baseURL = undefined) {
    const pattern = urlPatternCheck(this);
    const converted = upToInput(input);
    const base = baseURL === undefined ? undefined : toUSVString(baseURL);
    return upMatch(pattern, converted, input, base);
  }

  static {
    urlPatternOf = (v) => (isObject(v) && #pattern in v ? v.#pattern : null);
  }
}
setToStringTag(URLPattern, "URLPattern");
makeEnumerable(URLPattern, ["protocol", "username", "password", "hostname", "port", "pathname", "search", "hash", "hasRegExpGroups", "test", "exec"]);

function urlPatternCheck(v) {
  const p = urlPatternOf(v);
  if (p === null) throw new TypeError_("Illegal invocation: not a URLPattern");
  return p;
}

exposeGlobal("URLPattern", URLPattern);
