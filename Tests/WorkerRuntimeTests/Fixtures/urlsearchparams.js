// URLSearchParams and application/x-www-form-urlencoded (WHATWG URL §5, §6.2).

test("no argument gives an empty list", () => {
  const p = new URLSearchParams();
  assertEquals(p.toString(), "");
  assertEquals(p.size, 0);
});

test("parses a string, stripping one leading question mark", () => {
  assertEquals([...new URLSearchParams("?a=1&b=2")], [["a", "1"], ["b", "2"]]);
  assertEquals([...new URLSearchParams("??a=1")], [["?a", "1"]]);
});

test("skips empty sequences", () => {
  assertEquals([...new URLSearchParams("&a=1&&b=2&")], [["a", "1"], ["b", "2"]]);
});

test("a name without = has an empty value", () => {
  assertEquals([...new URLSearchParams("a&b=")], [["a", ""], ["b", ""]]);
});

test("only the first = splits name and value", () => {
  assertEquals(new URLSearchParams("a=b=c").get("a"), "b=c");
});

test("an empty name is allowed", () => {
  assertEquals([...new URLSearchParams("=x")], [["", "x"]]);
});

test("+ decodes to a space", () => {
  assertEquals(new URLSearchParams("a+b=c+d").get("a b"), "c d");
});

test("%2B decodes to a plus", () => {
  assertEquals(new URLSearchParams("a=%2B").get("a"), "+");
});

test("percent escapes decode as UTF-8", () => {
  assertEquals(new URLSearchParams("a=%C3%A9%e2%82%ac").get("a"), "\u00e9\u20ac");
});

test("invalid percent escapes are kept literally", () => {
  assertEquals(new URLSearchParams("a=%zz%4").get("a"), "%zz%4");
  assertEquals(new URLSearchParams("a=%").get("a"), "%");
});

test("invalid UTF-8 after percent-decoding becomes U+FFFD", () => {
  assertEquals(new URLSearchParams("a=%FF%C3").get("a"), "\ufffd\ufffd");
});

test("a BOM from percent-decoding is kept", () => {
  assertEquals(new URLSearchParams("a=%EF%BB%BFx").get("a"), "\ufeffx");
});

test("from a record", () => {
  assertEquals([...new URLSearchParams({ a: "1", b: 2 })], [["a", "1"], ["b", "2"]]);
});

test("from a sequence of pairs", () => {
  assertEquals(new URLSearchParams([["a", "1"], ["a", "2"]]).getAll("a"), ["1", "2"]);
});

test("from another URLSearchParams (a copy)", () => {
  const source = new URLSearchParams("a=1");
  const copy = new URLSearchParams(source);
  source.append("b", "2");
  assertEquals(copy.toString(), "a=1");
});

test("record keys equal after USVString conversion collapse into the first position", () => {
  const p = new URLSearchParams({ "\ud835x": "1", xx: "2", "\ud83dx": "3" });
  assertEquals([...p], [["\ufffdx", "3"], ["xx", "2"]]);
});

test("a record with a throwing getter propagates the error", () => {
  assertThrows(() => new URLSearchParams(DOMException.prototype), TypeError);
});

test("a replaced @@iterator on a URLSearchParams init is used", () => {
  const source = new URLSearchParams("x=y");
  source[Symbol.iterator] = function* () { yield ["a", "b"]; };
  assertEquals(new URLSearchParams(source).toString(), "a=b");
});

test("a pair of the wrong length throws TypeError", () => {
  assertThrows(() => new URLSearchParams([["a"]]), TypeError);
  assertThrows(() => new URLSearchParams([["a", "b", "c"]]), TypeError);
});

test("a non-iterable pair throws TypeError", () => {
  assertThrows(() => new URLSearchParams([1]), TypeError);
});

test("null and numbers are converted to strings", () => {
  assertEquals(new URLSearchParams(null).toString(), "null=");
  assertEquals(new URLSearchParams(5).toString(), "5=");
});

test("lone surrogates become U+FFFD", () => {
  const p = new URLSearchParams();
  p.append("a\ud800", "b\udc00");
  assertEquals([...p], [["a\ufffd", "b\ufffd"]]);
  assertEquals(p.toString(), "a%EF%BF%BD=b%EF%BF%BD");
});

test("get returns the first value or null", () => {
  const p = new URLSearchParams("a=1&a=2");
  assertEquals(p.get("a"), "1");
  assertEquals(p.get("b"), null);
});

test("getAll returns every value", () => {
  assertEquals(new URLSearchParams("a=1&b=2&a=3").getAll("a"), ["1", "3"]);
  assertEquals(new URLSearchParams("a=1").getAll("b"), []);
});

test("has with and without a value", () => {
  const p = new URLSearchParams("a=1&a=2");
  assertEquals(p.has("a"), true);
  assertEquals(p.has("a", "2"), true);
  assertEquals(p.has("a", "3"), false);
  assertEquals(p.has("b"), false);
});

test("has with an undefined value ignores the value", () => {
  assertEquals(new URLSearchParams("a=1").has("a", undefined), true);
});

test("append keeps duplicates", () => {
  const p = new URLSearchParams("a=1");
  p.append("a", "2");
  assertEquals(p.toString(), "a=1&a=2");
});

test("set replaces the first value and removes the rest, keeping its position", () => {
  const p = new URLSearchParams("a=1&b=2&a=3");
  p.set("a", "9");
  assertEquals(p.toString(), "a=9&b=2");
  p.set("c", "4");
  assertEquals(p.toString(), "a=9&b=2&c=4");
});

test("delete removes every pair with the name", () => {
  const p = new URLSearchParams("a=1&b=2&a=3");
  p.delete("a");
  assertEquals(p.toString(), "b=2");
});

test("delete with a value removes only matching pairs", () => {
  const p = new URLSearchParams("a=1&a=2&a=1");
  p.delete("a", "1");
  assertEquals(p.toString(), "a=2");
  p.delete("a", undefined);
  assertEquals(p.toString(), "");
});

test("sort is stable and by UTF-16 code units", () => {
  const p = new URLSearchParams("z=1&b=2&a=3&b=1&\ud83d\ude00=x&\ufb03=y");
  p.sort();
  assertEquals([...p.keys()], ["a", "b", "b", "z", "\ud83d\ude00", "\ufb03"]);
  assertEquals(p.getAll("b"), ["2", "1"]);
});

test("size counts pairs", () => {
  const p = new URLSearchParams("a=1&a=2&b=3");
  assertEquals(p.size, 3);
  p.delete("a");
  assertEquals(p.size, 1);
});

test("serialises with the urlencoded percent-encode set", () => {
  const p = new URLSearchParams();
  p.append("a b", "&=+?/#%");
  p.append("safe", "*-._AZaz09");
  p.append("escaped", "!'()~");
  assertEquals(p.toString(), "a+b=%26%3D%2B%3F%2F%23%25&safe=*-._AZaz09&escaped=%21%27%28%29%7E");
});

test("serialises non-ASCII as UTF-8", () => {
  const p = new URLSearchParams();
  p.set("\u00e9", "\ud83d\ude00");
  assertEquals(p.toString(), "%C3%A9=%F0%9F%98%80");
});

test("parse and serialise round-trip", () => {
  const text = "a=b+c&d=%26%3D&e=%C3%A9&f=";
  assertEquals(new URLSearchParams(text).toString(), text);
});

test("iteration in insertion order", () => {
  const p = new URLSearchParams("b=2&a=1");
  assertEquals([...p], [["b", "2"], ["a", "1"]]);
  assertEquals([...p.keys()], ["b", "a"]);
  assertEquals([...p.values()], ["2", "1"]);
  assertEquals([...p.entries()], [["b", "2"], ["a", "1"]]);
});

test("forEach passes value, key and the object", () => {
  const p = new URLSearchParams("a=1&b=2");
  const seen = [];
  p.forEach((value, key, object) => seen.push(key + "=" + value + ":" + (object === p)));
  assertEquals(seen, ["a=1:true", "b=2:true"]);
});

test("iterators are 'URLSearchParams Iterator' objects", () => {
  const it = new URLSearchParams("a=1").entries();
  assertEquals(Object.prototype.toString.call(it), "[object URLSearchParams Iterator]");
  assertEquals(URLSearchParams.prototype[Symbol.iterator], URLSearchParams.prototype.entries);
});

test("iteration sees deletions made while iterating", () => {
  const p = new URLSearchParams("a=1&b=2&c=3");
  const seen = [];
  for (const [k] of p) {
    seen.push(k);
    if (k === "a") p.delete("b");
  }
  assertEquals(seen, ["a", "c"]);
});

test("methods require their arguments", () => {
  const p = new URLSearchParams();
  assertThrows(() => p.append("a"), TypeError);
  assertThrows(() => p.set("a"), TypeError);
  assertThrows(() => p.get(), TypeError);
  assertThrows(() => p.has(), TypeError);
  assertThrows(() => p.delete(), TypeError);
});

test("methods brand-check", () => {
  assertThrows(() => URLSearchParams.prototype.get.call({}, "a"), TypeError);
  assertThrows(() => Object.getOwnPropertyDescriptor(URLSearchParams.prototype, "size").get.call({}), TypeError);
});

test("toString tag", () => {
  assertEquals(Object.prototype.toString.call(new URLSearchParams()), "[object URLSearchParams]");
});

test("String() gives the serialisation", () => {
  assertEquals(String(new URLSearchParams({ q: "a b" })), "q=a+b");
});
