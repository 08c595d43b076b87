// Headers (WHATWG Fetch §5.2).

test("Headers starts empty", () => {
  assertEquals([...new Headers()], []);
});

test("Headers from a record", () => {
  const h = new Headers({ "X-A": "1", "x-b": "2" });
  assertEquals(h.get("x-a"), "1");
  assertEquals(h.get("X-B"), "2");
});

test("Headers from a sequence of pairs", () => {
  const h = new Headers([["x-a", "1"], ["x-a", "2"], ["x-b", "3"]]);
  assertEquals(h.get("x-a"), "1, 2");
  assertEquals(h.get("x-b"), "3");
});

test("Headers from another Headers", () => {
  const source = new Headers([["set-cookie", "a=1"], ["set-cookie", "b=2"], ["x", "y"]]);
  const copy = new Headers(source);
  assertEquals([...copy], [["set-cookie", "a=1"], ["set-cookie", "b=2"], ["x", "y"]]);
  source.set("x", "changed");
  assertEquals(copy.get("x"), "y");
});

test("Headers from any iterable of pairs", () => {
  const map = new Map([["x-a", "1"], ["x-b", "2"]]);
  assertEquals([...new Headers(map)], [["x-a", "1"], ["x-b", "2"]]);
});

test("a Headers init with a replaced @@iterator is read through it", () => {
  const source = new Headers({ a: "1" });
  source[Symbol.iterator] = function* () { yield ["test", "test"]; };
  const h = new Headers(source);
  assertEquals(h.get("test"), "test");
  assertEquals(h.get("a"), null);
});

test("a pair of length other than two throws TypeError", () => {
  assertThrows(() => new Headers([["a"]]), TypeError);
  assertThrows(() => new Headers([["a", "1", "2"]]), TypeError);
  assertThrows(() => new Headers([[]]), TypeError);
});

test("a pair that is not iterable throws TypeError", () => {
  assertThrows(() => new Headers(["ab"]), TypeError);
  assertThrows(() => new Headers([1]), TypeError);
});

test("a primitive or null init throws TypeError", () => {
  assertThrows(() => new Headers("a: b"), TypeError);
  assertThrows(() => new Headers(null), TypeError);
  assertThrows(() => new Headers(5), TypeError);
});

test("undefined init is empty", () => {
  assertEquals([...new Headers(undefined)], []);
});

test("record init only takes own enumerable properties", () => {
  const proto = { inherited: "no" };
  const init = Object.create(proto);
  init.own = "yes";
  Object.defineProperty(init, "hidden", { value: "no", enumerable: false });
  assertEquals([...new Headers(init)], [["own", "yes"]]);
});

test("a record with a Symbol key throws TypeError", () => {
  assertThrows(() => new Headers({ [Symbol("s")]: "x" }), TypeError);
});

test("get is case-insensitive and null when absent", () => {
  const h = new Headers({ "Content-Type": "text/plain" });
  assertEquals(h.get("content-type"), "text/plain");
  assertEquals(h.get("CONTENT-TYPE"), "text/plain");
  assertEquals(h.get("x-missing"), null);
});

test("has is case-insensitive", () => {
  const h = new Headers({ "X-A": "1" });
  assertEquals(h.has("x-a"), true);
  assertEquals(h.has("X-a"), true);
  assertEquals(h.has("x-b"), false);
});

test("append combines values with a comma and a space", () => {
  const h = new Headers();
  h.append("x-a", "1");
  h.append("X-A", "2");
  assertEquals(h.get("x-a"), "1, 2");
});

test("set replaces every value", () => {
  const h = new Headers([["x-a", "1"], ["x-b", "b"], ["x-a", "2"]]);
  h.set("X-A", "3");
  assertEquals([...h], [["x-a", "3"], ["x-b", "b"]]);
});

test("delete removes every value and ignores absent names", () => {
  const h = new Headers([["x-a", "1"], ["x-a", "2"], ["x-b", "3"]]);
  h.delete("X-A");
  h.delete("x-missing");
  assertEquals([...h], [["x-b", "3"]]);
});

test("values are stripped of leading and trailing HTTP whitespace", () => {
  const h = new Headers({ "x-a": " \t 1 2 \t\r\n" });
  assertEquals(h.get("x-a"), "1 2");
  h.set("x-b", "\n\nv\n");
  assertEquals(h.get("x-b"), "v");
});

test("other whitespace is kept", () => {
  assertEquals(new Headers({ "x-a": "\u00a0v\u00a0" }).get("x-a"), "\u00a0v\u00a0");
});

test("values containing NUL, CR or LF throw TypeError", () => {
  assertThrows(() => new Headers().set("x-a", "a\nb"), TypeError);
  assertThrows(() => new Headers().set("x-a", "a\rb"), TypeError);
  assertThrows(() => new Headers().append("x-a", "a\0b"), TypeError);
});

test("other control characters are allowed in values", () => {
  assertEquals(new Headers({ "x-a": "a\u0001b\u007fc" }).get("x-a"), "a\u0001b\u007fc");
});

test("values above U+00FF throw TypeError", () => {
  assertThrows(() => new Headers().set("x-a", "\u20ac"), TypeError);
});

test("Latin-1 values are allowed", () => {
  assertEquals(new Headers({ "x-a": "caf\u00e9" }).get("x-a"), "caf\u00e9");
});

test("an empty value is allowed", () => {
  const h = new Headers({ "x-a": "" });
  assertEquals(h.get("x-a"), "");
  assertEquals(h.has("x-a"), true);
});

test("invalid names throw TypeError", () => {
  for (const name of ["", "x a", "x:a", "x\u00e9", "(x)", "x\n", "x@y", "\u20ac"]) {
    assertThrows(() => new Headers().set(name, "1"), TypeError, JSON.stringify(name));
  }
  assertThrows(() => new Headers().get("x a"), TypeError);
  assertThrows(() => new Headers().has(""), TypeError);
  assertThrows(() => new Headers().delete("a b"), TypeError);
});

test("all token characters are valid in names", () => {
  const name = "!#$%&'*+-.^_`|~09azAZ";
  assertEquals(new Headers([[name, "v"]]).get(name), "v");
});

test("non-string values are converted", () => {
  const h = new Headers();
  h.set("x-a", 1);
  h.append("x-b", null);
  assertEquals(h.get("x-a"), "1");
  assertEquals(h.get("x-b"), "null");
});

test("iteration is sorted by lower-case name", () => {
  const h = new Headers({ "X-C": "3", "x-a": "1", "X-B": "2" });
  assertEquals([...h.keys()], ["x-a", "x-b", "x-c"]);
  assertEquals([...h.values()], ["1", "2", "3"]);
  assertEquals([...h.entries()], [["x-a", "1"], ["x-b", "2"], ["x-c", "3"]]);
});

test("iteration combines repeated names", () => {
  const h = new Headers([["b", "1"], ["a", "x"], ["b", "2"]]);
  assertEquals([...h], [["a", "x"], ["b", "1, 2"]]);
});

test("set-cookie values stay separate when iterating", () => {
  const h = new Headers();
  h.append("Set-Cookie", "a=1");
  h.append("x", "y");
  h.append("set-cookie", "b=2");
  assertEquals([...h], [["set-cookie", "a=1"], ["set-cookie", "b=2"], ["x", "y"]]);
});

test("get('set-cookie') joins with a comma", () => {
  const h = new Headers([["set-cookie", "a=1"], ["set-cookie", "b=2"]]);
  assertEquals(h.get("set-cookie"), "a=1, b=2");
});

test("getSetCookie returns every cookie, or an empty array", () => {
  const h = new Headers([["Set-Cookie", "a=1; Path=/"], ["x", "y"], ["set-cookie", "b=2, c=3"]]);
  assertEquals(h.getSetCookie(), ["a=1; Path=/", "b=2, c=3"]);
  assertEquals(new Headers({ x: "y" }).getSetCookie(), []);
});

test("set on set-cookie replaces all cookies", () => {
  const h = new Headers([["set-cookie", "a=1"], ["set-cookie", "b=2"]]);
  h.set("Set-Cookie", "c=3");
  assertEquals(h.getSetCookie(), ["c=3"]);
});

test("forEach passes value, name and the object, with thisArg", () => {
  const h = new Headers({ b: "2", a: "1" });
  const seen = [];
  const thisArg = { tag: "t" };
  h.forEach(function (value, name, object) { seen.push([value, name, object === h, this.tag]); }, thisArg);
  assertEquals(seen, [["1", "a", true, "t"], ["2", "b", true, "t"]]);
});

test("forEach requires a callable", () => {
  assertThrows(() => new Headers().forEach(), TypeError);
  assertThrows(() => new Headers().forEach({}), TypeError);
});

test("@@iterator is entries", () => {
  assertEquals(Headers.prototype[Symbol.iterator], Headers.prototype.entries);
});

test("the iterator prototype is a 'Headers Iterator' over %IteratorPrototype%", () => {
  const it = new Headers().entries();
  const proto = Object.getPrototypeOf(it);
  assertEquals(Object.prototype.toString.call(it), "[object Headers Iterator]");
  assertEquals(Object.getPrototypeOf(proto), Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())));
  assertEquals(typeof proto.next, "function");
  assertEquals(Object.prototype.hasOwnProperty.call(proto, "constructor"), false);
  assertEquals(it[Symbol.iterator](), it);
});

test("the iterator's next brand-checks", () => {
  const next = Object.getPrototypeOf(new Headers().keys()).next;
  assertThrows(() => next.call({}), TypeError);
});

test("iteration sees changes made while iterating", () => {
  const h = new Headers({ a: "1", c: "3" });
  const it = h.keys();
  assertEquals(it.next().value, "a");
  h.append("b", "2");
  assertEquals(it.next().value, "b");
  assertEquals(it.next().value, "c");
  assertEquals(it.next().done, true);
});

test("next returns { value: undefined, done: true } at the end", () => {
  const h = new Headers({ a: "1" });
  const it = h.keys();
  it.next();
  assertEquals(it.next(), { value: undefined, done: true });
});

test("entries yields fresh arrays", () => {
  const h = new Headers({ a: "1" });
  const first = h.entries().next().value;
  first[1] = "changed";
  assertEquals(h.get("a"), "1");
});

test("methods brand-check their receiver", () => {
  assertThrows(() => Headers.prototype.get.call({}, "a"), TypeError);
  assertThrows(() => Headers.prototype.append.call({}, "a", "b"), TypeError);
  assertThrows(() => Headers.prototype.keys.call({}), TypeError);
});

test("methods require their arguments", () => {
  assertThrows(() => new Headers().get(), TypeError);
  assertThrows(() => new Headers().append("a"), TypeError);
  assertThrows(() => new Headers().set("a"), TypeError);
});

test("toString tag and method shapes", () => {
  assertEquals(Object.prototype.toString.call(new Headers()), "[object Headers]");
  assertEquals(Headers.length, 0);
  assertEquals(Headers.prototype.append.length, 2);
  assertEquals(Headers.prototype.forEach.length, 1);
  assertEquals(Object.getOwnPropertyDescriptor(Headers.prototype, "get").enumerable, true);
});

test("Response.error() headers are immutable", () => {
  const h = Response.error().headers;
  assertThrows(() => h.set("a", "b"), TypeError);
  assertThrows(() => h.append("a", "b"), TypeError);
  assertThrows(() => h.delete("a"), TypeError);
});

test("an invalid name is reported before immutability", () => {
  const h = Response.error().headers;
  assertThrows(() => h.set("a b", "c"), TypeError);
  assertEquals(h.has("a"), false);
});

test("request and response headers are mutable", () => {
  const req = new Request("https://example.com/");
  req.headers.set("x-a", "1");
  const res = new Response("x");
  res.headers.append("set-cookie", "a=1");
  assertEquals(req.headers.get("x-a"), "1");
  assertEquals(res.headers.getSetCookie(), ["a=1"]);
});

test("a subclass works", () => {
  class MyHeaders extends Headers {}
  const h = new MyHeaders({ a: "1" });
  assertEquals(h.get("a"), "1");
  assert(h instanceof Headers);
});
