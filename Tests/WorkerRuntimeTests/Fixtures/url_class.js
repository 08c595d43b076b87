// URL (WHATWG URL §6.1). The parser itself is the host's; these cases check the JS class around it.

test("parses the components of an absolute URL", () => {
  const u = new URL("https://user:pass@example.com:8080/a/b?c=1#d");
  assertEquals(u.href, "https://user:pass@example.com:8080/a/b?c=1#d");
  assertEquals(u.protocol, "https:");
  assertEquals(u.username, "user");
  assertEquals(u.password, "pass");
  assertEquals(u.host, "example.com:8080");
  assertEquals(u.hostname, "example.com");
  assertEquals(u.port, "8080");
  assertEquals(u.pathname, "/a/b");
  assertEquals(u.search, "?c=1");
  assertEquals(u.hash, "#d");
  assertEquals(u.origin, "https://example.com:8080");
});

test("serialises a bare origin with a root path", () => {
  assertEquals(new URL("http://example.com").href, "http://example.com/");
});

test("drops the default port", () => {
  const u = new URL("http://example.com:80/");
  assertEquals(u.port, "");
  assertEquals(u.host, "example.com");
});

test("lower-cases scheme and host", () => {
  const u = new URL("HTTP://Example.COM/Path");
  assertEquals(u.href, "http://example.com/Path");
});

test("resolves against a base string", () => {
  assertEquals(new URL("d", "http://example.com/a/c").href, "http://example.com/a/d");
  assertEquals(new URL("/b", "http://example.com/a/c").href, "http://example.com/b");
  assertEquals(new URL("//other.example/x", "https://example.com/").href, "https://other.example/x");
  assertEquals(new URL("?q", "http://example.com/a").href, "http://example.com/a?q");
});

test("resolves against a base URL object", () => {
  assertEquals(new URL("x", new URL("http://example.com/a/")).href, "http://example.com/a/x");
});

test("an absolute input ignores the base", () => {
  assertEquals(new URL("https://a.example/", "http://b.example/").href, "https://a.example/");
});

test("an invalid URL throws TypeError", () => {
  assertThrows(() => new URL("not a url"), TypeError);
  assertThrows(() => new URL("http://exa mple.com/"), TypeError);
  assertThrows(() => new URL("https://ex%00ample.com"), TypeError);
});

test("a relative URL without a base throws TypeError", () => {
  assertThrows(() => new URL("/a/b"), TypeError);
});

test("an invalid base throws TypeError even for an absolute input", () => {
  assertThrows(() => new URL("http://example.com/", "not a base"), TypeError);
});

test("an undefined base is no base", () => {
  assertEquals(new URL("http://example.com/", undefined).href, "http://example.com/");
});

test("requires an argument", () => {
  assertThrows(() => new URL(), TypeError);
});

test("strips surrounding C0 control and space", () => {
  assertEquals(new URL("  \thttp://example.com/ \n").href, "http://example.com/");
});

test("percent-encodes the path and query", () => {
  assertEquals(new URL("http://example.com/a b/\u00e9").pathname, "/a%20b/%C3%A9");
  assertEquals(new URL("http://example.com/?a b").search, "?a%20b");
});

test("removes dot segments", () => {
  assertEquals(new URL("http://example.com/a/b/../c/./d").pathname, "/a/c/d");
});

test("punycodes international hostnames", () => {
  assertEquals(new URL("http://\u00e9xample.com/").hostname, "xn--xample-9ua.com");
});

test("file and data URLs", () => {
  const f = new URL("file:///tmp/x");
  assertEquals([f.protocol, f.host, f.pathname], ["file:", "", "/tmp/x"]);
  const d = new URL("data:text/plain,hi");
  assertEquals([d.protocol, d.pathname, d.origin], ["data:", "text/plain,hi", "null"]);
});

test("toString and toJSON return href", () => {
  const u = new URL("http://example.com/a?b=1");
  assertEquals(u.toString(), u.href);
  assertEquals(u.toJSON(), u.href);
  assertEquals(String(u), u.href);
  assertEquals(JSON.stringify({ u }), '{"u":"http://example.com/a?b=1"}');
});

test("URL.canParse", () => {
  assertEquals(URL.canParse("http://example.com/"), true);
  assertEquals(URL.canParse("nope"), false);
  assertEquals(URL.canParse("/a", "http://example.com"), true);
  assertEquals(URL.canParse("/a", "nope"), false);
});

test("URL.parse returns a URL or null", () => {
  assertEquals(URL.parse("nope"), null);
  const u = URL.parse("b", "http://example.com/a/");
  assert(u instanceof URL);
  assertEquals(u.href, "http://example.com/a/b");
});

test("the href setter reparses", () => {
  const u = new URL("http://example.com/a");
  u.href = "https://other.example/b?x=1";
  assertEquals(u.host, "other.example");
  assertEquals(u.search, "?x=1");
});

test("an invalid href throws TypeError and leaves the URL unchanged", () => {
  const u = new URL("http://example.com/a");
  assertThrows(() => { u.href = "nope"; }, TypeError);
  assertEquals(u.href, "http://example.com/a");
});

test("protocol setter", () => {
  const u = new URL("http://example.com/");
  u.protocol = "https";
  assertEquals(u.href, "https://example.com/");
});

test("protocol setter ignores a switch from special to non-special", () => {
  const u = new URL("http://example.com/");
  u.protocol = "foo";
  assertEquals(u.href, "http://example.com/");
});

test("username and password setters", () => {
  const u = new URL("http://example.com/");
  u.username = "me";
  u.password = "p@ss";
  assertEquals(u.href, "http://me:p%40ss@example.com/");
});

test("host and hostname setters", () => {
  const u = new URL("http://example.com:81/x");
  u.host = "other.example:82";
  assertEquals(u.href, "http://other.example:82/x");
  u.hostname = "third.example";
  assertEquals(u.href, "http://third.example:82/x");
});

test("port setter, and the default port clears it", () => {
  const u = new URL("http://example.com/");
  u.port = "8080";
  assertEquals(u.host, "example.com:8080");
  u.port = "80";
  assertEquals(u.port, "");
});

test("an invalid port leaves the URL unchanged", () => {
  const u = new URL("http://example.com:81/");
  u.port = "99999";
  assertEquals(u.port, "81");
});

test("pathname setter", () => {
  const u = new URL("http://example.com/a");
  u.pathname = "b c";
  assertEquals(u.pathname, "/b%20c");
});

test("search setter adds or removes the question mark", () => {
  const u = new URL("http://example.com/");
  u.search = "a=1";
  assertEquals(u.href, "http://example.com/?a=1");
  u.search = "";
  assertEquals(u.href, "http://example.com/");
});

test("hash setter adds or removes the number sign", () => {
  const u = new URL("http://example.com/");
  u.hash = "x";
  assertEquals(u.href, "http://example.com/#x");
  u.hash = "";
  assertEquals(u.href, "http://example.com/");
});

test("setter values are converted to strings", () => {
  const u = new URL("http://example.com/");
  u.pathname = 5;
  assertEquals(u.pathname, "/5");
});

test("searchParams reads the query", () => {
  const u = new URL("http://example.com/?a=1&b=x+y&a=2");
  assertEquals(u.searchParams.getAll("a"), ["1", "2"]);
  assertEquals(u.searchParams.get("b"), "x y");
});

test("searchParams is always the same object", () => {
  const u = new URL("http://example.com/?a=1");
  assertEquals(u.searchParams, u.searchParams);
});

test("changing searchParams updates the URL", () => {
  const u = new URL("http://example.com/path#frag");
  u.searchParams.append("a", "b c");
  assertEquals(u.href, "http://example.com/path?a=b+c#frag");
  u.searchParams.set("d", "\u00e9");
  assertEquals(u.search, "?a=b+c&d=%C3%A9");
});

test("emptying searchParams removes the question mark", () => {
  const u = new URL("http://example.com/?a=1");
  u.searchParams.delete("a");
  assertEquals(u.href, "http://example.com/");
});

test("sorting empty searchParams removes a lone question mark", () => {
  const u = new URL("http://example.com/?");
  u.searchParams.sort();
  assertEquals(u.href, "http://example.com/");
  assertEquals(u.search, "");
});

test("setting search updates searchParams", () => {
  const u = new URL("http://example.com/?a=1");
  const params = u.searchParams;
  u.search = "?b=2";
  assertEquals(params.get("a"), null);
  assertEquals(params.get("b"), "2");
});

test("setting href updates searchParams", () => {
  const u = new URL("http://example.com/?a=1");
  const params = u.searchParams;
  u.href = "http://example.com/?c=3";
  assertEquals([...params], [["c", "3"]]);
});

test("keeps percent-encoding in the query", () => {
  assertEquals(new URL("http://example.com/?a=%26").search, "?a=%26");
});

test("getters and methods brand-check", () => {
  const get = Object.getOwnPropertyDescriptor(URL.prototype, "href").get;
  assertThrows(() => get.call({}), TypeError);
  assertThrows(() => URL.prototype.toString.call({}), TypeError);
});

test("attributes are enumerable accessors on the prototype", () => {
  for (const key of ["href", "origin", "protocol", "host", "pathname", "search", "searchParams", "hash"]) {
    const d = Object.getOwnPropertyDescriptor(URL.prototype, key);
    assertEquals(typeof d.get, "function", key);
    assertEquals(d.enumerable, true, key);
  }
  assertEquals(Object.getOwnPropertyDescriptor(URL.prototype, "origin").set, undefined);
});

test("toString tag and constructor length", () => {
  assertEquals(Object.prototype.toString.call(new URL("http://a.example/")), "[object URL]");
  assertEquals(URL.length, 1);
});

test("the same input twice gives independent URL objects", () => {
  const a = new URL("http://example.com/x");
  const b = new URL("http://example.com/x");
  a.pathname = "/changed";
  assertEquals(b.pathname, "/x");
});

test("a subclass works", () => {
  class MyURL extends URL {}
  const u = new MyURL("http://example.com/");
  assertEquals(u.host, "example.com");
  assert(u instanceof URL);
});
