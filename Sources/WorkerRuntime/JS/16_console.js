// 16_console.js — the `console` namespace: formatting (12_console_format.js) + transport to the host.
// Levels for ops.console: 0 log, 1 info, 2 warn, 3 error, 4 debug.

function consoleFormat(args) {
  if (typeof formatLogArgs === "function") return formatLogArgs(args);
  let out = "";
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    let s;
    try { s = typeof a === "string" ? a : (a instanceof Error_ ? formatErrorForLog(a) : (JSONStringify(a) ?? String_(a))); }
    catch { s = String_(a); }
    out += (i > 0 ? " " : "") + s;
  }
  return out;
}

let consoleGroupIndent = "";
const consoleCounts = new Map_();
const consoleTimers = new Map_();

function consoleEmit(level, args) {
  let text = consoleFormat(args);
  if (consoleGroupIndent !== "") text = consoleGroupIndent + StringPrototypeReplace.call(text, /\n/g, "\n" + consoleGroupIndent);
  ops.console(level, text);
}

function consoleLabel(label) { return label === undefined ? "default" : toDOMString(label); }

const console = {
  log(...args) { consoleEmit(0, args); },
  info(...args) { consoleEmit(1, args); },
  warn(...args) { consoleEmit(2, args); },
  error(...args) { consoleEmit(3, args); },
  debug(...args) { consoleEmit(4, args); },
  trace(...args) {
    const e = new Error_();
    const stack = typeof e.stack === "string" ? StringPrototypeSlice.call(e.stack, StringPrototypeIndexOf.call(e.stack, "\n") + 1) : "";
    consoleEmit(4, ["Trace" + (args.length ? ": " + consoleFormat(args) : "") + "\n" + stack]);
  },
  dir(value) { consoleEmit(0, [value]); },
  dirxml(...args) { consoleEmit(0, args); },
  table(data) { consoleEmit(0, [data]); },
  assert(condition, ...args) {
    if (condition) return;
    if (args.length === 0) consoleEmit(3, ["Assertion failed"]);
    else if (typeof args[0] === "string") consoleEmit(3, ["Assertion failed: " + args[0], ...ArrayPrototypeSlice.call(args, 1)]);
    else consoleEmit(3, ["Assertion failed:", ...args]);
  },
  count(label) {
    const l = consoleLabel(label);
    const n = (consoleCounts.get(l) ?? 0) + 1;
    consoleCounts.set(l, n);
    consoleEmit(1, [`${l}: ${n}`]);
  },
  countReset(label) {
    const l = consoleLabel(label);
    if (consoleCounts.has(l)) consoleCounts.set(l, 0);
    else consoleEmit(2, [`Count for '${l}' does not exist`]);
  },
  group(...args) { if (args.length) consoleEmit(0, args); consoleGroupIndent += "  "; },
  groupCollapsed(...args) { if (args.length) consoleEmit(0, args); consoleGroupIndent += "  "; },
  groupEnd() { consoleGroupIndent = StringPrototypeSlice.call(consoleGroupIndent, 0, -2); },
  time(label) {
    const l = consoleLabel(label);
    if (consoleTimers.has(l)) { consoleEmit(2, [`Timer '${l}' already exists`]); return; }
    consoleTimers.set(l, ops.now());
  },
  timeLog(label, ...args) {
    const l = consoleLabel(label);
    const start = consoleTimers.get(l);
    if (start === undefined) { consoleEmit(2, [`Timer '${l}' does not exist`]); return; }
    consoleEmit(1, [`${l}: ${ops.now() - start}ms`, ...args]);
  },
  timeEnd(label) {
    const l = consoleLabel(label);
    const start = consoleTimers.get(l);
    if (start === undefined) { consoleEmit(2, [`Timer '${l}' does not exist`]); return; }
    consoleTimers.delete(l);
    consoleEmit(1, [`${l}: ${ops.now() - start}ms`]);
  },
  timeStamp() {},
  profile() {},
  profileEnd() {},
  clear() {},
};
// The console namespace object has a class string of "console" (WebIDL namespaces).
ObjectDefineProperty(console, SymbolToStringTag, { value: "console", configurable: true });
exposeGlobal("console", console);
