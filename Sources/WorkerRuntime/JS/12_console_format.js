// 12_console_format.js — the formatting half of `console` (the transport is wired elsewhere).
//
//   formatLogArgs(args) → string      console.log-style: printf substitutions (%s %d %i %f %o %O %c %%)
//                                     when the first argument is a string, then the rest inspected
//   consoleInspect(value, { depth }) → string   Node-like inspection (depth 2 by default)
//   consoleRegisterInspectable(Class, kind)     how instances of a Web API class print:
//       "attributes" → `Name { attr: value, … }` from its enumerable prototype getters
//       "entries"    → `Name { 'key' => value, … }` from its entries() iterator
//
// Formatting never throws: throwing getters are not called (`[Getter]`), proxies and revoked proxies
// are caught, and anything unexpected prints a placeholder.

const SymbolPrototypeToString = Symbol.prototype.toString;
const SymbolPrototypeValueOf = Symbol.prototype.valueOf;
const NumberPrototypeValueOf = Number.prototype.valueOf;
const StringPrototypeValueOf = String.prototype.valueOf;
const BooleanPrototypeValueOf = Boolean.prototype.valueOf;
const BigIntPrototypeValueOf = BigInt.prototype.valueOf;
const DatePrototypeGetTime = Date.prototype.getTime;
const DatePrototypeToISOString = Date.prototype.toISOString;
const RegExpPrototypeToString = RegExp.prototype.toString;
const RegExpPrototypeGetSource = ObjectGetOwnPropertyDescriptor(RegExp.prototype, "source").get;
const MapPrototypeGetSize = ObjectGetOwnPropertyDescriptor(Map.prototype, "size").get;
const SetPrototypeGetSize = ObjectGetOwnPropertyDescriptor(Set.prototype, "size").get;
const MapPrototypeForEach = Map.prototype.forEach;
const SetPrototypeForEach = Set.prototype.forEach;
const WeakMapPrototypeHas = WeakMap.prototype.has;
const WeakSetPrototypeHas = WeakSet.prototype.has;
const FunctionPrototypeToStringForInspect = Function.prototype.toString;
const ParseInt = parseInt;
const ParseFloat = parseFloat;
const Promise__ = Promise;

const consoleLineWidth = 76;
const consoleMaxItems = 100;
const consoleMaxStringLength = 10000;
const consoleIdentifierRe = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** prototype → "attributes" | "entries" */
const consoleInspectables = new Map_();

function consoleRegisterInspectable(Class, kind) {
  MapPrototypeSet.call(consoleInspectables, Class.prototype, kind);
}

/** Calls `fn`, or returns `fallback` if it throws. */
function consoleTry(fn, fallback) {
  try { return fn(); } catch { return fallback; }
}

/** Whether `method.call(v)` works, i.e. v has the internal slot the method needs. */
function consoleHasSlot(method, v) {
  try { ReflectApply(method, v, []); return true; } catch { return false; }
}

function consoleQuote(s) {
  if (s.length > consoleMaxStringLength) {
    return consoleQuote(StringPrototypeSlice.call(s, 0, consoleMaxStringLength)) + `... ${s.length - consoleMaxStringLength} more characters`;
  }
  let quote = "'";
  if (StringPrototypeIndexOf.call(s, "'") !== -1) {
    if (StringPrototypeIndexOf.call(s, '"') === -1) quote = '"';
    else if (StringPrototypeIndexOf.call(s, "`") === -1 && StringPrototypeIndexOf.call(s, "${") === -1) quote = "`";
  }
  let out = quote;
  for (let i = 0; i < s.length; i++) {
    const c = StringPrototypeCharCodeAt.call(s, i);
    const ch = s[i];
    if (ch === quote || c === 0x5c) out += "\\" + ch;
    else if (c === 0x0a) out += "\\n";
    else if (c === 0x09) out += "\\t";
    else if (c === 0x0d) out += "\\r";
    else if (c < 0x20 || c === 0x7f) out += "\\x" + (c < 16 ? "0" : "") + StringPrototypeToUpperCase.call(c.toString(16));
    else out += ch;
  }
  return out + quote;
}

function consoleFormatNumber(n) {
  return n === 0 && 1 / n < 0 ? "-0" : String_(n);
}

function consoleFormatPrimitive(v) {
  switch (typeof v) {
    case "string": return consoleQuote(v);
    case "number": return consoleFormatNumber(v);
    case "bigint": return String_(v) + "n";
    case "symbol": return ReflectApply(SymbolPrototypeToString, v, []);
    default: return String_(v);
  }
}

function consoleFormatKey(key) {
  if (typeof key === "symbol") return "[" + ReflectApply(SymbolPrototypeToString, key, []) + "]";
  return consoleIdentifierRe.test(key) ? key : consoleQuote(key);
}

/** The constructor name from the prototype chain, or null for a null-prototype object. */
function consoleConstructorName(v) {
  let proto = ObjectGetPrototypeOf(v);
  while (proto !== null) {
    const d = ObjectGetOwnPropertyDescriptor(proto, "constructor");
    if (d !== undefined && typeof d.value === "function" && typeof d.value.name === "string" && d.value.name !== "") return d.value.name;
    proto = ObjectGetPrototypeOf(proto);
  }
  return null;
}

function consoleFunctionHeader(fn) {
  const src = consoleTry(() => ReflectApply(FunctionPrototypeToStringForInspect, fn, []), "");
  const name = consoleTry(() => { const n = fn.name; return typeof n === "string" ? n : ""; }, "");
  if (StringPrototypeStartsWith.call(src, "class") && /^class[\s{]/.test(src)) return `[class ${name === "" ? "(anonymous)" : name}]`;
  const tag = ReflectApply(ObjectPrototypeToString, fn, []);
  const kind = tag === "[object AsyncFunction]" ? "AsyncFunction"
    : tag === "[object GeneratorFunction]" ? "GeneratorFunction"
      : tag === "[object AsyncGeneratorFunction]" ? "AsyncGeneratorFunction" : "Function";
  return name === "" ? `[${kind} (anonymous)]` : `[${kind}: ${name}]`;
}

/** Own enumerable properties as "key: value" strings ([Getter]/[Setter] for accessors). */
function consoleOwnEntries(v, ctx, depth, skipIndices) {
  const out = [];
  const keys = ReflectOwnKeys(v);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (skipIndices && typeof key === "string" && /^(0|[1-9][0-9]*)$/.test(key)) continue;
    const d = ObjectGetOwnPropertyDescriptor(v, key);
    if (d === undefined || !d.enumerable) continue;
    if (out.length >= consoleMaxItems) { ArrayPrototypePush.call(out, `... more properties`); break; }
    let value;
    if (d.get !== undefined || d.set !== undefined) value = d.get !== undefined ? (d.set !== undefined ? "[Getter/Setter]" : "[Getter]") : "[Setter]";
    else value = consoleInspectValue(d.value, ctx, depth + 1);
    ArrayPrototypePush.call(out, consoleFormatKey(key) + ": " + value);
  }
  return out;
}

/** Joins entries on one line when short, else one per line (or filled lines for short array items). */
function consoleWrap(start, entries, end, depth, fill) {
  if (entries.length === 0) return start + end;
  const indent = "  ".repeat(depth + 1);
  let total = start.length + depth * 2;
  let multiline = false;
  for (let i = 0; i < entries.length; i++) {
    total += entries[i].length + 2;
    if (StringPrototypeIndexOf.call(entries[i], "\n") !== -1) multiline = true;
  }
  if (!multiline && total + end.length <= consoleLineWidth) return `${start} ${ArrayPrototypeJoin.call(entries, ", ")} ${end}`;
  if (fill && !multiline) {
    const lines = [];
    let line = "";
    for (let i = 0; i < entries.length; i++) {
      const piece = entries[i] + (i < entries.length - 1 ? "," : "");
      if (line !== "" && indent.length + line.length + 1 + piece.length > consoleLineWidth) { ArrayPrototypePush.call(lines, line); line = piece; }
      else line = line === "" ? piece : line + " " + piece;
    }
    ArrayPrototypePush.call(lines, line);
    return `${start}\n${indent}${ArrayPrototypeJoin.call(lines, "\n" + indent)}\n${"  ".repeat(depth)}${end}`;
  }
  return `${start}\n${indent}${ArrayPrototypeJoin.call(entries, ",\n" + indent)}\n${"  ".repeat(depth)}${end}`;
}

function consoleInspectValue(v, ctx, depth) {
  if (!isObject(v)) return consoleFormatPrimitive(v);
  try {
    ArrayIsArray(v); // throws for a revoked proxy
  } catch {
    return "<Revoked Proxy>";
  }
  if (ArrayPrototypeIndexOf.call(ctx.seen, v) !== -1) return "[Circular]";
  try {
    ArrayPrototypePush.call(ctx.seen, v);
    return consoleInspectObject(v, ctx, depth);
  } catch {
    return "[object (inspection failed)]";
  } finally {
    ctx.seen.length--;
  }
}

function consoleInspectObject(v, ctx, depth) {
  if (typeof v === "function") {
    const header = consoleFunctionHeader(v);
    if (depth > ctx.depth) return header;
    const props = consoleOwnEntries(v, ctx, depth, false);
    return props.length === 0 ? header : consoleWrap(header + " {", props, "}", depth, false);
  }
  if (v instanceof Error_) {
    const stack = consoleTry(() => v.stack, undefined);
    let text = typeof stack === "string" && stack !== "" ? stack
      : consoleTry(() => `${v.name}: ${v.message}`, "Error");
    if (depth > 0) text = StringPrototypeReplace.call(text, /\n/g, "\n" + "  ".repeat(depth));
    const props = depth > ctx.depth ? [] : ArrayPrototypeFilter.call(consoleOwnEntries(v, ctx, depth, false),
      (e) => !StringPrototypeStartsWith.call(e, "stack:") && !StringPrototypeStartsWith.call(e, "message:"));
    const cause = ObjectGetOwnPropertyDescriptor(v, "cause");
    if (cause !== undefined && "value" in cause && depth <= ctx.depth) ArrayPrototypePush.call(props, "[cause]: " + consoleInspectValue(cause.value, ctx, depth + 1));
    return props.length === 0 ? text : consoleWrap(text + " {", props, "}", depth, false);
  }
  const isArray = ArrayIsArray(v);
  const taTag = ArrayBufferIsView(v) ? ReflectApply(TypedArrayPrototypeGetSymbolToStringTag, v, []) : undefined;
  const ctorName = consoleConstructorName(v);
  if (depth > ctx.depth) {
    return isArray ? "[Array]" : `[${ctorName === null ? "Object: null prototype" : ctorName}]`;
  }
  if (isArray) {
    const items = [];
    const len = v.length;
    const shown = MathMin(len, consoleMaxItems);
    let holes = 0;
    for (let i = 0; i < shown; i++) {
      if (!ObjectPrototypeHasOwnProperty.call(v, i)) { holes++; continue; }
      if (holes > 0) { ArrayPrototypePush.call(items, `<${holes} empty item${holes > 1 ? "s" : ""}>`); holes = 0; }
      const d = ObjectGetOwnPropertyDescriptor(v, i);
      ArrayPrototypePush.call(items, "value" in d ? consoleInspectValue(d.value, ctx, depth + 1) : "[Getter/Setter]");
    }
    if (holes > 0) ArrayPrototypePush.call(items, `<${holes} empty item${holes > 1 ? "s" : ""}>`);
    if (len > shown) ArrayPrototypePush.call(items, `... ${len - shown} more item${len - shown > 1 ? "s" : ""}`);
    const extra = consoleOwnEntries(v, ctx, depth, true);
    for (let i = 0; i < extra.length; i++) ArrayPrototypePush.call(items, extra[i]);
    const prefix = ctorName === "Array" ? "" : `${ctorName === null ? "[Array: null prototype]" : ctorName}(${len}) `;
    return consoleWrap(prefix + "[", items, "]", depth, true);
  }
  if (taTag !== undefined) {
    const items = [];
    const len = v.length;
    const shown = MathMin(len, consoleMaxItems);
    for (let i = 0; i < shown; i++) ArrayPrototypePush.call(items, consoleFormatPrimitive(v[i]));
    if (len > shown) ArrayPrototypePush.call(items, `... ${len - shown} more item${len - shown > 1 ? "s" : ""}`);
    return consoleWrap(`${taTag}(${len}) [`, items, "]", depth, true);
  }
  if (consoleHasSlot(ArrayBufferPrototypeGetByteLength, v)) {
    const bytes = new Uint8Array_(v);
    let hex = "";
    const shown = MathMin(bytes.length, 50);
    for (let i = 0; i < shown; i++) hex += (i > 0 ? " " : "") + (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16);
    if (bytes.length > shown) hex += ` ... ${bytes.length - shown} more bytes`;
    return `ArrayBuffer { [Uint8Contents]: <${hex}>, byteLength: ${bytes.length} }`;
  }
  if (consoleHasSlot(MapPrototypeGetSize, v)) {
    const items = [];
    ReflectApply(MapPrototypeForEach, v, [(value, key) => {
      if (items.length < consoleMaxItems) ArrayPrototypePush.call(items, consoleInspectValue(key, ctx, depth + 1) + " => " + consoleInspectValue(value, ctx, depth + 1));
    }]);
    const size = ReflectApply(MapPrototypeGetSize, v, []);
    if (size > items.length) ArrayPrototypePush.call(items, `... ${size - items.length} more items`);
    return consoleWrap(`${ctorName ?? "Map"}(${size}) {`, items, "}", depth, false);
  }
  if (consoleHasSlot(SetPrototypeGetSize, v)) {
    const items = [];
    ReflectApply(SetPrototypeForEach, v, [(value) => {
      if (items.length < consoleMaxItems) ArrayPrototypePush.call(items, consoleInspectValue(value, ctx, depth + 1));
    }]);
    const size = ReflectApply(SetPrototypeGetSize, v, []);
    if (size > items.length) ArrayPrototypePush.call(items, `... ${size - items.length} more items`);
    return consoleWrap(`${ctorName ?? "Set"}(${size}) {`, items, "}", depth, true);
  }
  if (consoleHasSlot(DatePrototypeGetTime, v)) {
    return NumberIsNaN(ReflectApply(DatePrototypeGetTime, v, [])) ? "Invalid Date" : ReflectApply(DatePrototypeToISOString, v, []);
  }
  if (v !== RegExp.prototype && consoleHasSlot(RegExpPrototypeGetSource, v)) return ReflectApply(RegExpPrototypeToString, v, []);
  if (v instanceof Promise__) {
    if (typeof ops.promiseState === "function") {
      const st = ops.promiseState(v); // [0 pending | 1 fulfilled | 2 rejected, result]
      if (st[0] === 0) return "Promise { <pending> }";
      return consoleWrap("Promise {", [(st[0] === 2 ? "<rejected> " : "") + consoleInspectValue(st[1], ctx, depth + 1)], "}", depth, false);
    }
    return "Promise { <unknown> }";
  }
  if (consoleHasSlot(WeakMapPrototypeHas, v)) return "WeakMap { <items unknown> }";
  if (consoleHasSlot(WeakSetPrototypeHas, v)) return "WeakSet { <items unknown> }";
  const boxed = consoleBoxed(v);
  if (boxed !== null) return boxed;

  // Web API objects registered by the glue.
  let proto = ObjectGetPrototypeOf(v);
  while (proto !== null) {
    const kind = MapPrototypeGet.call(consoleInspectables, proto);
    if (kind !== undefined) return consoleInspectWebObject(v, ObjectGetPrototypeOf(v), kind, ctorName ?? "Object", ctx, depth);
    proto = ObjectGetPrototypeOf(proto);
  }

  const props = consoleOwnEntries(v, ctx, depth, false);
  let start = "{";
  if (ctorName === null) start = "[Object: null prototype] {";
  else if (ctorName !== "Object") start = ctorName + " {";
  const tag = consoleTry(() => v[SymbolToStringTag], undefined);
  if (typeof tag === "string" && tag !== "" && tag !== ctorName) start = `${ctorName ?? "Object"} [${tag}] {`;
  return consoleWrap(start, props, "}", depth, false);
}

function consoleBoxed(v) {
  if (consoleHasSlot(NumberPrototypeValueOf, v)) return `[Number: ${consoleFormatNumber(ReflectApply(NumberPrototypeValueOf, v, []))}]`;
  if (consoleHasSlot(StringPrototypeValueOf, v)) return `[String: ${consoleQuote(ReflectApply(StringPrototypeValueOf, v, []))}]`;
  if (consoleHasSlot(BooleanPrototypeValueOf, v)) return `[Boolean: ${ReflectApply(BooleanPrototypeValueOf, v, [])}]`;
  if (consoleHasSlot(SymbolPrototypeValueOf, v)) return `[Symbol: ${ReflectApply(SymbolPrototypeToString, ReflectApply(SymbolPrototypeValueOf, v, []), [])}]`;
  if (consoleHasSlot(BigIntPrototypeValueOf, v)) return `[BigInt: ${ReflectApply(BigIntPrototypeValueOf, v, [])}n]`;
  return null;
}

function consoleInspectWebObject(v, proto, kind, name, ctx, depth) {
  const items = [];
  if (kind === "entries") {
    const iterator = consoleTry(() => ReflectApply(proto.entries, v, []), null);
    for (let r = iterator && iterator.next(); r && !r.done && items.length < consoleMaxItems; r = iterator.next()) {
      ArrayPrototypePush.call(items, consoleInspectValue(r.value[0], ctx, depth + 1) + " => " + consoleInspectValue(r.value[1], ctx, depth + 1));
    }
  } else {
    // WebIDL attributes: enumerable getters along the prototype chain, most-derived first.
    const seen = [];
    for (let p = proto; p !== null && p !== Object_.prototype; p = ObjectGetPrototypeOf(p)) {
      const keys = ReflectOwnKeys(p);
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i];
        if (typeof key !== "string" || ArrayPrototypeIndexOf.call(seen, key) !== -1) continue;
        const d = ObjectGetOwnPropertyDescriptor(p, key);
        if (d.get === undefined || !d.enumerable) continue;
        ArrayPrototypePush.call(seen, key);
        const value = consoleTry(() => consoleInspectValue(ReflectApply(d.get, v, []), ctx, depth + 1), "[Getter]");
        ArrayPrototypePush.call(items, key + ": " + value);
      }
    }
  }
  // Own properties; own accessors of platform objects (Event's isTrusted) are the glue's, so call them.
  const keys = ReflectOwnKeys(v);
  for (let i = 0; i < keys.length; i++) {
    const d = ObjectGetOwnPropertyDescriptor(v, keys[i]);
    if (d === undefined || !d.enumerable) continue;
    const value = d.get !== undefined ? consoleTry(() => consoleInspectValue(ReflectApply(d.get, v, []), ctx, depth + 1), "[Getter]")
      : "value" in d ? consoleInspectValue(d.value, ctx, depth + 1) : "[Setter]";
    ArrayPrototypePush.call(items, consoleFormatKey(keys[i]) + ": " + value);
  }
  return consoleWrap(name + " {", items, "}", depth, false);
}

function consoleInspect(value, options = undefined) {
  try {
    const depth = options !== undefined && options !== null && typeof options.depth === "number" ? options.depth : 2;
    return consoleInspectValue(value, { seen: [], depth }, 0);
  } catch {
    return "[unprintable value]";
  }
}

/** `%s` of a value: strings as-is, objects inspected shallowly. */
function consoleFormatPercentS(v) {
  if (typeof v === "string") return v;
  if (typeof v === "bigint") return String_(v) + "n";
  if (typeof v === "symbol") return ReflectApply(SymbolPrototypeToString, v, []);
  if (typeof v === "number") return consoleFormatNumber(v);
  if (!isObject(v)) return String_(v);
  return consoleInspect(v, { depth: v instanceof Error_ ? 2 : 0 });
}

function consoleFormatPercentNumber(v, integer) {
  if (typeof v === "symbol") return "NaN";
  if (typeof v === "bigint") return String_(v) + "n";
  return consoleTry(() => consoleFormatNumber(integer ? ParseInt(v, 10) : ParseFloat(v)), "NaN");
}

function formatLogArgs(args) {
  try {
    const n = args.length;
    let out = "";
    let next = 0;
    if (n > 0 && typeof args[0] === "string") {
      const format = args[0];
      next = 1;
      if (StringPrototypeIndexOf.call(format, "%") === -1 || n === 1) {
        out = format;
      } else {
        let last = 0;
        for (let i = 0; i < format.length - 1; i++) {
          if (StringPrototypeCharCodeAt.call(format, i) !== 0x25) continue;
          const spec = format[i + 1];
          let piece;
          if (spec === "%") piece = "%";
          else if (next >= n || StringPrototypeIndexOf.call("sdifoOc", spec) === -1) continue;
          else {
            const arg = args[next++];
            if (spec === "s") piece = consoleFormatPercentS(arg);
            else if (spec === "d" || spec === "i") piece = consoleFormatPercentNumber(arg, true);
            else if (spec === "f") piece = consoleFormatPercentNumber(arg, false);
            else if (spec === "o") piece = consoleInspect(arg, { depth: 4 });
            else if (spec === "O") piece = consoleInspect(arg);
            else piece = ""; // %c: CSS, ignored
          }
          out += StringPrototypeSlice.call(format, last, i) + piece;
          last = i + 2;
          i++;
        }
        out += StringPrototypeSlice.call(format, last);
      }
    }
    for (let i = next; i < n; i++) {
      const a = args[i];
      const text = typeof a === "string" ? a : consoleInspect(a);
      out = i === 0 ? text : out + " " + text;
    }
    return out;
  } catch {
    return "[unprintable arguments]";
  }
}

// Classes of the files loaded before this one.
consoleRegisterInspectable(Event, "attributes");
consoleRegisterInspectable(EventTarget, "attributes");
consoleRegisterInspectable(AbortController, "attributes");
