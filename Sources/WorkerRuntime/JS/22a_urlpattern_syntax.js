// 22a_urlpattern_syntax.js — URLPattern (WHATWG URL Pattern Standard), part 1: pattern-string syntax.
// The tokenizer, the pattern parser, regular-expression and pattern-string generation, and "compile a
// component", written from the standard's algorithms (section names in the comments). Part 2
// (22b_urlpattern.js) has canonicalisation, the constructor string parser, URLPatternInit processing,
// matching and the class.
//
// Canonicalisation goes through the same native URL parser as the URL class (`urlParseParts`,
// `ops.urlSet`). Differences from the standard, forced by the engine:
// - V8 10.2 has no RegExp `v` flag: components compile with `u` (`ui` with ignoreCase). Patterns that
//   need v-mode syntax (class set operations such as `[\d&&[0-1]]`) are rejected with a TypeError.

const upRegExp = RegExp;
const upRegExpExec = RegExp.prototype.exec;
const upStringEndsWith = String.prototype.endsWith;
const upStringLastIndexOf = String.prototype.lastIndexOf;

const upComponents = ["protocol", "username", "password", "hostname", "port", "pathname", "search", "hash"];
/** special scheme → default port ("" for file, which has none) */
const upSpecialSchemes = new Map_([["ftp", "21"], ["file", ""], ["http", "80"], ["https", "443"], ["ws", "80"], ["wss", "443"]]);
const upSpecialSchemeList = ["ftp", "file", "http", "https", "ws", "wss"];

const upRegExpFlags = (() => {
  try { new upRegExp("", "v"); return "v"; } catch { return "u"; }
})();
const upIdStartRe = /^[$_\p{ID_Start}]$/u;
const upIdPartRe = /^[$\u200c\u200d\p{ID_Continue}]$/u;

function upTypeError(message) { return new TypeError_(`Failed to construct 'URLPattern': ${message}`); }

/** The string as a list of code points (each a 1- or 2-unit string). */
function upCodePoints(s) {
  const out = [];
  for (let i = 0; i < s.length; i++) {
    const c = StringPrototypeCharCodeAt.call(s, i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = StringPrototypeCharCodeAt.call(s, i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        ArrayPrototypePush.call(out, StringPrototypeSlice.call(s, i, i + 2));
        i++;
        continue;
      }
    }
    ArrayPrototypePush.call(out, s[i]);
  }
  return out;
}

function upJoin(cps, start, end) { return ArrayPrototypeJoin.call(ArrayPrototypeSlice.call(cps, start, end), ""); }

function upIsValidNameCodePoint(cp, first) {
  return upRegExpExec.call(first ? upIdStartRe : upIdPartRe, cp) !== null;
}

function upIsAscii(cp) { return StringPrototypeCharCodeAt.call(cp, 0) <= 0x7f && cp.length === 1; }

// ---------------------------------------------------------------------------------------------------
// Tokenizing (§ "tokenize")

function upTokenize(input, strict) {
  const cps = upCodePoints(input);
  const len = cps.length;
  const tokens = [];
  let index = 0, nextIndex = 0, cp = "";
  const getNext = () => { cp = cps[nextIndex]; nextIndex++; };
  const seek = (i) => { nextIndex = i; getNext(); };
  const add = (type, nextPos, valuePos, valueLen) => {
    ArrayPrototypePush.call(tokens, { type, index, value: upJoin(cps, valuePos, valuePos + valueLen) });
    index = nextPos;
  };
  const addDefaultLength = (type, nextPos, valuePos) => add(type, nextPos, valuePos, nextPos - valuePos);
  const addDefault = (type) => addDefaultLength(type, nextIndex, index);
  const error = (nextPos, valuePos) => {
    if (strict) throw upTypeError(`invalid pattern syntax at index ${index}`);
    addDefaultLength("invalid-char", nextPos, valuePos);
  };

  while (index < len) {
    seek(index);
    if (cp === "*") { addDefault("asterisk"); continue; }
    if (cp === "+" || cp === "?") { addDefault("other-modifier"); continue; }
    if (cp === "\\") {
      if (index === len - 1) { error(nextIndex, index); continue; }
      const escapedIndex = nextIndex;
      getNext();
      addDefaultLength("escaped-char", nextIndex, escapedIndex);
      continue;
    }
    if (cp === "{") { addDefault("open"); continue; }
    if (cp === "}") { addDefault("close"); continue; }
    if (cp === ":") {
      let namePosition = nextIndex;
      const nameStart = namePosition;
      while (namePosition < len) {
        seek(namePosition);
        if (!upIsValidNameCodePoint(cp, namePosition === nameStart)) break;
        namePosition = nextIndex;
      }
      if (namePosition <= nameStart) { error(nameStart, index); continue; }
      addDefaultLength("name", namePosition, nameStart);
      continue;
    }
    if (cp === "(") {
      let depth = 1;
      let regexpPosition = nextIndex;
      const regexpStart = regexpPosition;
      let failed = false;
      while (regexpPosition < len) {
        seek(regexpPosition);
        if (!upIsAscii(cp)) { error(regexpStart, index); failed = true; break; }
        if (regexpPosition === regexpStart && cp === "?") { error(regexpStart, index); failed = true; break; }
        if (cp === "\\") {
          if (regexpPosition === len - 1) { error(regexpStart, index); failed = true; break; }
          getNext();
          if (!upIsAscii(cp)) { error(regexpStart, index); failed = true; break; }
          regexpPosition = nextIndex;
          continue;
        }
        if (cp === ")") {
          depth--;
          if (depth === 0) { regexpPosition = nextIndex; break; }
        } else if (cp === "(") {
          depth++;
          if (regexpPosition === len - 1) { error(regexpStart, index); failed = true; break; }
          const temporaryPosition = nextIndex;
          getNext();
          if (cp !== "?") { error(regexpStart, index); failed = true; break; }
          nextIndex = temporaryPosition;
        }
        regexpPosition = nextIndex;
      }
      if (failed) continue;
      if (depth !== 0) { error(regexpStart, index); continue; }
      const regexpLength = regexpPosition - regexpStart - 1;
      if (regexpLength === 0) { error(regexpStart, index); continue; }
      add("regexp", regexpPosition, regexpStart, regexpLength);
      continue;
    }
    addDefault("char");
  }
  addDefaultLength("end", index, index);
  return tokens;
}

// ---------------------------------------------------------------------------------------------------
// Parsing pattern strings (§ "parse a pattern string")

const upFullWildcardRegexp = ".*";

function upOptions(delimiter, prefix, ignoreCase) { return { delimiter, prefix, ignoreCase }; }
const upDefaultOptions = upOptions("", "", false);
const upHostnameOptions = upOptions(".", "", false);

function upEscapeRegexpString(input) {
  return StringPrototypeReplace.call(input, /[.+*?^${}()[\]|/\\]/g, "\\$&");
}

function upEscapePatternString(input) {
  return StringPrototypeReplace.call(input, /[+*?:{}()\\]/g, "\\$&");
}

function upSegmentWildcardRegexp(options) { return "[^" + upEscapeRegexpString(options.delimiter) + "]+?"; }

function upModifierString(modifier) {
  if (modifier === "zero-or-more") return "*";
  if (modifier === "optional") return "?";
  if (modifier === "one-or-more") return "+";
  return "";
}

function upParsePatternString(input, options, encode) {
  const p = {
    tokens: upTokenize(input, true),
    index: 0,
    parts: [],
    pending: "",
    nextNumericName: 0,
    segmentWildcard: upSegmentWildcardRegexp(options),
  };
  const tryConsume = (type) => {
    const t = p.tokens[p.index];
    if (t.type !== type) return null;
    p.index++;
    return t;
  };
  const tryConsumeModifier = () => tryConsume("other-modifier") ?? tryConsume("asterisk");
  const tryConsumeRegexpOrWildcard = (nameToken) => {
    const t = tryConsume("regexp");
    if (nameToken === null && t === null) return tryConsume("asterisk");
    return t;
  };
  const consumeRequired = (type) => {
    const t = tryConsume(type);
    if (t === null) throw upTypeError(`unexpected '${p.tokens[p.index].value}' at index ${p.tokens[p.index].index}`);
    return t;
  };
  const consumeText = () => {
    let result = "";
    for (;;) {
      const t = tryConsume("char") ?? tryConsume("escaped-char");
      if (t === null) return result;
      result += t.value;
    }
  };
  const maybeAddPartFromPending = () => {
    if (p.pending === "") return;
    const encoded = encode(p.pending);
    p.pending = "";
    ArrayPrototypePush.call(p.parts, { type: "fixed-text", value: encoded, modifier: "none", name: "", prefix: "", suffix: "" });
  };
  const addPart = (prefix, nameToken, regexpOrWildcard, suffix, modifierToken) => {
    let modifier = "none";
    if (modifierToken !== null) {
      if (modifierToken.value === "?") modifier = "optional";
      else if (modifierToken.value === "*") modifier = "zero-or-more";
      else if (modifierToken.value === "+") modifier = "one-or-more";
    }
    if (nameToken === null && regexpOrWildcard === null && modifier === "none") {
      p.pending += prefix;
      return;
    }
    maybeAddPartFromPending();
    if (nameToken === null && regexpOrWildcard === null) {
      if (prefix === "") return;
      ArrayPrototypePush.call(p.parts, { type: "fixed-text", value: encode(prefix), modifier, name: "", prefix: "", suffix: "" });
      return;
    }
    let regexpValue;
    if (regexpOrWildcard === null) regexpValue = p.segmentWildcard;
    else if (regexpOrWildcard.type === "asterisk") regexpValue = upFullWildcardRegexp;
    else regexpValue = regexpOrWildcard.value;
    let type = "regexp";
    if (regexpValue === p.segmentWildcard) { type = "segment-wildcard"; regexpValue = ""; }
    else if (regexpValue === upFullWildcardRegexp) { type = "full-wildcard"; regexpValue = ""; }
    let name = "";
    if (nameToken !== null) name = nameToken.value;
    else if (regexpOrWildcard !== null) name = String_(p.nextNumericName++);
    for (let i = 0; i < p.parts.length; i++) {
      if (p.parts[i].name === name) throw upTypeError(`duplicate group name '${name}'`);
    }
    const encodedPrefix = encode(prefix);
    const encodedSuffix = encode(suffix);
    ArrayPrototypePush.call(p.parts, { type, value: regexpValue, modifier, name, prefix: encodedPrefix, suffix: encodedSuffix });
  };

  while (p.index < p.tokens.length) {
    const charToken = tryConsume("char");
    let nameToken = tryConsume("name");
    let regexpOrWildcard = tryConsumeRegexpOrWildcard(nameToken);
    if (nameToken !== null || regexpOrWildcard !== null) {
      let prefix = charToken !== null ? charToken.value : "";
      if (prefix !== "" && prefix !== options.prefix) {
        p.pending += prefix;
        prefix = "";
      }
      maybeAddPartFromPending();
      const modifierToken = tryConsumeModifier();
      addPart(prefix, nameToken, regexpOrWildcard, "", modifierToken);
      continue;
    }
    const fixedToken = charToken ?? tryConsume("escaped-char");
    if (fixedToken !== null) {
      p.pending += fixedToken.value;
      continue;
    }
    if (tryConsume("open") !== null) {
      const prefix = consumeText();
      nameToken = tryConsume("name");
      regexpOrWildcard = tryConsumeRegexpOrWildcard(nameToken);
      const suffix = consumeText();
      consumeRequired("close");
      const modifierToken = tryConsumeModifier();
      addPart(prefix, nameToken, regexpOrWildcard, suffix, modifierToken);
      continue;
    }
    maybeAddPartFromPending();
    consumeRequired("end");
  }
  return p.parts;
}

// ---------------------------------------------------------------------------------------------------
// Part list → regular expression (§ "generate a regular expression and name list")

function upGenerateRegExp(parts, options) {
  let result = "^";
  const names = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (part.type === "fixed-text") {
      if (part.modifier === "none") result += upEscapeRegexpString(part.value);
      else result += "(?:" + upEscapeRegexpString(part.value) + ")" + upModifierString(part.modifier);
      continue;
    }
    ArrayPrototypePush.call(names, part.name);
    let regexpValue = part.value;
    if (part.type === "segment-wildcard") regexpValue = upSegmentWildcardRegexp(options);
    else if (part.type === "full-wildcard") regexpValue = upFullWildcardRegexp;
    if (part.prefix === "" && part.suffix === "") {
      if (part.modifier === "none" || part.modifier === "optional") {
        result += "(" + regexpValue + ")" + upModifierString(part.modifier);
      } else {
        result += "((?:" + regexpValue + ")" + upModifierString(part.modifier) + ")";
      }
      continue;
    }
    const prefix = upEscapeRegexpString(part.prefix);
    const suffix = upEscapeRegexpString(part.suffix);
    if (part.modifier === "none" || part.modifier === "optional") {
      result += "(?:" + prefix + "(" + regexpValue + ")" + suffix + ")" + upModifierString(part.modifier);
      continue;
    }
    result += "(?:" + prefix + "((?:" + regexpValue + ")(?:" + suffix + prefix + "(?:" + regexpValue + "))*)" + suffix + ")";
    if (part.modifier === "zero-or-more") result += "?";
  }
  result += "$";
  return { source: result, names };
}

// ---------------------------------------------------------------------------------------------------
// Part list → pattern string (§ "generate a pattern string")

function upIsAsciiDigit(ch) { return ch !== undefined && ch >= "0" && ch <= "9" && ch.length === 1; }

function upGeneratePatternString(parts, options) {
  let result = "";
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    const previous = i > 0 ? parts[i - 1] : null;
    const next = i < parts.length - 1 ? parts[i + 1] : null;
    if (part.type === "fixed-text") {
      if (part.modifier === "none") {
        result += upEscapePatternString(part.value);
        continue;
      }
      result += "{" + upEscapePatternString(part.value) + "}" + upModifierString(part.modifier);
      continue;
    }
    const customName = !upIsAsciiDigit(part.name[0]);
    let needsGrouping = part.suffix !== "" || (part.prefix !== "" && part.prefix !== options.prefix);
    if (!needsGrouping && customName && part.type === "segment-wildcard" && part.modifier === "none" &&
        next !== null && next.prefix === "" && next.suffix === "") {
      if (next.type === "fixed-text") {
        const first = upCodePoints(next.value)[0];
        needsGrouping = first !== undefined && upIsValidNameCodePoint(first, false);
      } else {
        needsGrouping = upIsAsciiDigit(next.name[0]);
      }
    }
    if (!needsGrouping && part.prefix === "" && previous !== null && previous.type === "fixed-text" &&
        previous.value.length > 0 && previous.value[previous.value.length - 1] === options.prefix) {
      needsGrouping = true;
    }
    if (needsGrouping) result += "{";
    result += upEscapePatternString(part.prefix);
    if (customName) result += ":" + part.name;
    if (part.type === "regexp") {
      result += "(" + part.value + ")";
    } else if (part.type === "segment-wildcard" && !customName) {
      result += "(" + upSegmentWildcardRegexp(options) + ")";
    } else if (part.type === "full-wildcard") {
      if (!customName && (previous === null || previous.type === "fixed-text" || previous.modifier !== "none" ||
          needsGrouping || part.prefix !== "")) {
        result += "*";
      } else {
        result += "(" + upFullWildcardRegexp + ")";
      }
    }
    if (part.type === "segment-wildcard" && customName && part.suffix !== "" &&
        upIsValidNameCodePoint(upCodePoints(part.suffix)[0], false)) {
      result += "\\";
    }
    result += upEscapePatternString(part.suffix);
    if (needsGrouping) result += "}";
    result += upModifierString(part.modifier);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------
// Components (§ "compile a component")

function upCompileComponent(input, encode, options) {
  const parts = upParsePatternString(input, options, encode);
  const generated = upGenerateRegExp(parts, options);
  const flags = options.ignoreCase ? upRegExpFlags + "i" : upRegExpFlags;
  let regexp;
  try {
    regexp = new upRegExp(generated.source, flags);
  } catch (e) {
    throw upTypeError(`invalid regular expression in '${input}': ${e && e.message}`);
  }
  let hasRegExpGroups = false;
  for (let i = 0; i < parts.length; i++) if (parts[i].type === "regexp") hasRegExpGroups = true;
  return { patternString: upGeneratePatternString(parts, options), regexp, names: generated.names, hasRegExpGroups };
}

function upProtocolMatchesSpecialScheme(component) {
  for (let i = 0; i < upSpecialSchemeList.length; i++) {
    if (upRegExpExec.call(component.regexp, upSpecialSchemeList[i]) !== null) return true;
  }
  return false;
}

function upHostnameIsIPv6(input) {
  const cps = upCodePoints(input);
  if (cps.length < 2) return false;
  if (cps[0] === "[") return true;
  if ((cps[0] === "{" || cps[0] === "\\") && cps[1] === "[") return true;
  return false;
}
