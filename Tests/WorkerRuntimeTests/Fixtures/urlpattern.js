// URLPattern: the API surface (the WPT data in WPTURLPatternTests covers the matching algorithm).

test("global with toStringTag, not enumerable", () => {
  assertEquals(typeof URLPattern, "function");
  assertEquals(Object.prototype.toString.call(new URLPattern({})), "[object URLPattern]");
  assertEquals(Object.getOwnPropertyDescriptor(globalThis, "URLPattern").enumerable, false);
});

test("a constructor string with a named group", () => {
  const p = new URLPattern("https://example.com/books/:id");
  assertEquals([p.protocol, p.username, p.password, p.hostname, p.port, p.pathname, p.search, p.hash],
    ["https", "*", "*", "example.com", "", "/books/:id", "*", "*"]);
  assert(p.test("https://example.com/books/123"));
  assert(!p.test("https://example.com/books/123/reviews"));
  assert(!p.test("http://example.com/books/123"));
  const r = p.exec("https://example.com/books/123?x=1#top");
  assertEquals(r.pathname, { input: "/books/123", groups: { id: "123" } });
  assertEquals(r.search, { input: "x=1", groups: { 0: "x=1" } });
  assertEquals(r.inputs, ["https://example.com/books/123?x=1#top"]);
});

test("an init dictionary; missing components are wildcards", () => {
  const p = new URLPattern({ pathname: "/api/*" });
  assertEquals(p.protocol, "*");
  assert(p.test("https://any.host:8080/api/v1/users"));
  assertEquals(p.exec({ pathname: "/api/x/y" }).pathname.groups, { 0: "x/y" });
  assert(!p.test({ pathname: "/other" }));
});

test("a relative pattern with a baseURL", () => {
  const p = new URLPattern("/users/:name", "https://example.com");
  assertEquals(p.hostname, "example.com");
  assert(p.test("https://example.com/users/ada"));
  assert(p.test("/users/ada", "https://example.com"));
  assertThrows(() => new URLPattern("/users/:name"), TypeError);
});

test("test() and exec() with a baseURL and a dictionary input", () => {
  const p = new URLPattern({ hostname: "{*.}?example.com" });
  assert(p.test("https://www.example.com/"));
  assert(p.test("https://example.com/"));
  assert(!p.test("https://example.org/"));
  assertThrows(() => p.test({ pathname: "/" }, "https://example.com"), TypeError);
  assertEquals(p.exec("https://bad url"), null);
});

test("modifiers and regexp groups", () => {
  const p = new URLPattern({ pathname: "/files/:dir+/:file([a-z]+\\.txt)" });
  assertEquals(p.hasRegExpGroups, true);
  assertEquals(p.exec({ pathname: "/files/a/b/c.txt" }).pathname.groups, { dir: "a/b", file: "c.txt" });
  assertEquals(p.test({ pathname: "/files/c.txt" }), false);
  assertEquals(new URLPattern({ pathname: "/a/:b?" }).exec({ pathname: "/a" }).pathname.groups, { b: undefined });
  assertEquals(new URLPattern({ pathname: "/a/:b" }).hasRegExpGroups, false);
});

test("ignoreCase option", () => {
  assert(!new URLPattern({ pathname: "/Hello" }).test({ pathname: "/hello" }));
  assert(new URLPattern({ pathname: "/Hello" }, { ignoreCase: true }).test({ pathname: "/hello" }));
  assert(new URLPattern("https://example.com/Hello", { ignoreCase: true }).test("https://example.com/HELLO"));
});

test("invalid patterns throw TypeError", () => {
  assertThrows(() => new URLPattern({ pathname: "/:id/:id" }), TypeError);
  assertThrows(() => new URLPattern({ pathname: "/(\\m)" }), TypeError);
  assertThrows(() => new URLPattern({ pathname: "/(" }), TypeError);
  assertThrows(() => new URLPattern({ hostname: "bad hostname" }), TypeError);
  assertThrows(() => new URLPattern({ port: "99999" }), TypeError);
  assertThrows(() => new URLPattern("https://example.com", 42, 42), TypeError);
});

test("pattern strings are canonicalised", () => {
  assertEquals(new URLPattern({ pathname: "/caf\u00e9" }).pathname, "/caf%C3%A9");
  assertEquals(new URLPattern({ hostname: "caf\u00e9.com" }).hostname, "xn--caf-dma.com");
  assertEquals(new URLPattern({ protocol: "HTTPS:" }).protocol, "https");
  assertEquals(new URLPattern({ protocol: "https", port: "443" }).port, "");
  assertEquals(new URLPattern({ pathname: "/foo/(.*)" }).pathname, "/foo/*");
});

test("getters and methods throw on the wrong receiver", () => {
  const get = Object.getOwnPropertyDescriptor(URLPattern.prototype, "pathname").get;
  assertThrows(() => get.call({}), TypeError);
  assertThrows(() => URLPattern.prototype.test.call({}, "https://a/"), TypeError);
  assertThrows(() => URLPattern(), TypeError);
});

test("exec result inputs keep the dictionary members given", () => {
  const r = new URLPattern({ pathname: "/x" }).exec({ pathname: "/x", search: "q" });
  assertEquals(r.inputs.length, 1);
  assertEquals(r.inputs[0].pathname, "/x");
  assertEquals(r.inputs[0].search, "q");
  assertEquals(r.inputs[0].hostname, undefined);
});
