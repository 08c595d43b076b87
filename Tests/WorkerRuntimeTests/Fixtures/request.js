// Request and the Body mixin on it (WHATWG Fetch §5.3–5.4).

const U = "https://example.com/a?b=1";

test("defaults", () => {
  const r = new Request(U);
  assertEquals(r.url, U);
  assertEquals(r.method, "GET");
  assertEquals(r.body, null);
  assertEquals(r.bodyUsed, false);
  assertEquals(r.redirect, "follow");
  assertEquals(r.cache, "default");
  assertEquals(r.credentials, "same-origin");
  assertEquals(r.mode, "cors");
  assertEquals(r.integrity, "");
  assertEquals(r.keepalive, false);
  assertEquals(r.referrer, "about:client");
  assertEquals(r.referrerPolicy, "");
  assertEquals(r.destination, "");
  assertEquals(r.isReloadNavigation, false);
  assertEquals(r.isHistoryNavigation, false);
  assertEquals(r.duplex, "half");
});

test("the URL is parsed and serialised", () => {
  assertEquals(new Request("HTTPS://EXAMPLE.com:443/a/../b c").url, "https://example.com/b%20c");
});

test("a URL object is accepted", () => {
  assertEquals(new Request(new URL(U)).url, U);
});

test("a relative URL throws TypeError", () => {
  assertThrows(() => new Request("/a"), TypeError);
});

test("an invalid URL throws TypeError", () => {
  assertThrows(() => new Request("http://exa mple.com/"), TypeError);
});

test("a URL with credentials throws TypeError", () => {
  assertThrows(() => new Request("https://user:pass@example.com/"), TypeError);
});

test("requires an argument", () => {
  assertThrows(() => new Request(), TypeError);
});

test("known methods are upper-cased", () => {
  for (const m of ["delete", "get", "head", "options", "post", "put"]) {
    assertEquals(new Request(U, { method: m }).method, m.toUpperCase());
  }
});

test("other methods keep their case", () => {
  assertEquals(new Request(U, { method: "patch" }).method, "patch");
  assertEquals(new Request(U, { method: "Custom" }).method, "Custom");
});

test("an invalid method throws TypeError", () => {
  assertThrows(() => new Request(U, { method: "a b" }), TypeError);
  assertThrows(() => new Request(U, { method: "" }), TypeError);
  assertThrows(() => new Request(U, { method: "\u00e9" }), TypeError);
});

test("forbidden methods throw TypeError", () => {
  for (const m of ["CONNECT", "trace", "Track"]) assertThrows(() => new Request(U, { method: m }), TypeError, m);
});

test("headers from init", () => {
  const r = new Request(U, { headers: { "X-A": "1" } });
  assert(r.headers instanceof Headers);
  assertEquals(r.headers.get("x-a"), "1");
  assertEquals(r.headers, r.headers);
});

test("invalid headers in init throw TypeError", () => {
  assertThrows(() => new Request(U, { headers: { "a b": "1" } }), TypeError);
  assertThrows(() => new Request(U, { headers: 5 }), TypeError);
});

test("a string body reads as text and sets the content type", async () => {
  const r = new Request(U, { method: "POST", body: "hello" });
  assertEquals(r.headers.get("content-type"), "text/plain;charset=UTF-8");
  assertEquals(await r.text(), "hello");
});

test("an explicit content type is kept", () => {
  const r = new Request(U, { method: "POST", body: "{}", headers: { "Content-Type": "application/json" } });
  assertEquals(r.headers.get("content-type"), "application/json");
});

test("a URLSearchParams body is urlencoded with its content type", async () => {
  const r = new Request(U, { method: "POST", body: new URLSearchParams({ a: "1 2", b: "\u00e9" }) });
  assertEquals(r.headers.get("content-type"), "application/x-www-form-urlencoded;charset=UTF-8");
  assertEquals(await r.text(), "a=1+2&b=%C3%A9");
});

test("a typed array body is copied and has no content type", async () => {
  const bytes = new Uint8Array([104, 105]);
  const r = new Request(U, { method: "POST", body: bytes });
  bytes[0] = 0;
  assertEquals(r.headers.get("content-type"), null);
  assertEquals(await r.text(), "hi");
});

test("an ArrayBuffer and a DataView body", async () => {
  const buffer = new Uint8Array([1, 2, 3, 4]).buffer;
  assertEquals(await new Request(U, { method: "POST", body: buffer }).bytes(), new Uint8Array([1, 2, 3, 4]));
  assertEquals(await new Request(U, { method: "POST", body: new DataView(buffer, 1, 2) }).bytes(), new Uint8Array([2, 3]));
});

test("other objects become their string form", async () => {
  assertEquals(await new Request(U, { method: "POST", body: { toString() { return "custom"; } } }).text(), "custom");
  assertEquals(await new Request(U, { method: "POST", body: 42 }).text(), "42");
});

test("a null body is no body", () => {
  const r = new Request(U, { method: "POST", body: null });
  assertEquals(r.body, null);
  assertEquals(r.headers.get("content-type"), null);
});

test("a body on GET or HEAD throws TypeError", () => {
  assertThrows(() => new Request(U, { body: "x" }), TypeError);
  assertThrows(() => new Request(U, { method: "HEAD", body: "x" }), TypeError);
});

test("json() parses and rejects invalid JSON with SyntaxError", async () => {
  assertEquals(await new Request(U, { method: "POST", body: '{"a":[1]}' }).json(), { a: [1] });
  await assertRejects(() => new Request(U, { method: "POST", body: "nope" }).json(), SyntaxError);
});

test("arrayBuffer() gives the UTF-8 bytes", async () => {
  const buffer = await new Request(U, { method: "POST", body: "\u00e9" }).arrayBuffer();
  assert(buffer instanceof ArrayBuffer);
  assertEquals(new Uint8Array(buffer), new Uint8Array([0xc3, 0xa9]));
});

test("bytes() gives a Uint8Array", async () => {
  const bytes = await new Request(U, { method: "POST", body: "ab" }).bytes();
  assert(bytes instanceof Uint8Array);
  assertEquals(bytes, new Uint8Array([97, 98]));
});

test("text() strips a leading BOM and replaces invalid UTF-8", async () => {
  const r = new Request(U, { method: "POST", body: new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0xff]) });
  assertEquals(await r.text(), "a\ufffd");
});

test("reading a request without a body gives empty results and keeps it unused", async () => {
  const r = new Request(U);
  assertEquals(await r.text(), "");
  assertEquals((await r.arrayBuffer()).byteLength, 0);
  assertEquals(r.bodyUsed, false);
});

test("bodyUsed becomes true as soon as a read starts", () => {
  const r = new Request(U, { method: "POST", body: "x" });
  assertEquals(r.bodyUsed, false);
  r.text();
  assertEquals(r.bodyUsed, true);
});

test("a second read rejects with TypeError", async () => {
  const r = new Request(U, { method: "POST", body: "x" });
  await r.text();
  await assertRejects(() => r.text(), TypeError);
  await assertRejects(() => r.arrayBuffer(), TypeError);
});

test("body methods reject (not throw) on a wrong receiver", async () => {
  const p = Request.prototype.text.call({});
  assert(p instanceof Promise);
  await assertRejects(() => p, TypeError);
});

test("clone() copies everything and both bodies can be read", async () => {
  const r = new Request(U, { method: "POST", body: "x", headers: { "x-a": "1" }, redirect: "manual" });
  const c = r.clone();
  assertEquals([c.url, c.method, c.redirect, c.headers.get("x-a")], [U, "POST", "manual", "1"]);
  assert(c.headers !== r.headers);
  assertEquals(await r.text(), "x");
  assertEquals(await c.text(), "x");
});

test("clone() of a used request throws TypeError", async () => {
  const r = new Request(U, { method: "POST", body: "x" });
  await r.text();
  assertThrows(() => r.clone(), TypeError);
});

test("bytes from a clone are independent", async () => {
  const r = new Request(U, { method: "POST", body: new Uint8Array([1, 2]) });
  const c = r.clone();
  const a = await r.bytes();
  a[0] = 99;
  assertEquals(await c.bytes(), new Uint8Array([1, 2]));
});

test("new Request(request) copies url, method, headers and body", async () => {
  const source = new Request(U, { method: "POST", body: "x", headers: { "x-a": "1" } });
  const copy = new Request(source);
  assertEquals([copy.url, copy.method, copy.headers.get("x-a")], [U, "POST", "1"]);
  assertEquals(await copy.text(), "x");
});

test("new Request(request) takes the body over, leaving the source used", () => {
  const source = new Request(U, { method: "POST", body: "x" });
  new Request(source);
  assertEquals(source.bodyUsed, true);
});

test("new Request(request) with a used body throws TypeError", async () => {
  const source = new Request(U, { method: "POST", body: "x" });
  await source.text();
  assertThrows(() => new Request(source), TypeError);
});

test("new Request(request, init) overrides method and headers", () => {
  const source = new Request(U, { method: "POST", headers: { "x-a": "1" } });
  const r = new Request(source, { method: "PUT", headers: { "x-b": "2" } });
  assertEquals(r.method, "PUT");
  assertEquals(r.headers.get("x-a"), null);
  assertEquals(r.headers.get("x-b"), "2");
});

test("headers of a copied request are independent", () => {
  const source = new Request(U, { headers: { "x-a": "1" } });
  const copy = new Request(source);
  copy.headers.set("x-a", "2");
  assertEquals(source.headers.get("x-a"), "1");
});

test("new Request(request, {method: 'GET'}) with a body throws TypeError", () => {
  const source = new Request(U, { method: "POST", body: "x" });
  assertThrows(() => new Request(source, { method: "GET" }), TypeError);
});

test("signal is an AbortSignal that follows init.signal", () => {
  const controller = new AbortController();
  const r = new Request(U, { signal: controller.signal });
  assert(r.signal instanceof AbortSignal);
  assert(r.signal !== controller.signal);
  assertEquals(r.signal.aborted, false);
  controller.abort("stop");
  assertEquals(r.signal.aborted, true);
  assertEquals(r.signal.reason, "stop");
});

test("a request without init.signal has its own signal", () => {
  const r = new Request(U);
  assert(r.signal instanceof AbortSignal);
  assertEquals(r.signal.aborted, false);
  assertEquals(r.signal, r.signal);
});

test("an aborted init.signal gives an aborted request signal", () => {
  assertEquals(new Request(U, { signal: AbortSignal.abort("x") }).signal.reason, "x");
});

test("init.signal must be an AbortSignal or null", () => {
  assertThrows(() => new Request(U, { signal: {} }), TypeError);
  assertEquals(new Request(U, { signal: null }).signal.aborted, false);
});

test("clone() follows the original's signal", () => {
  const controller = new AbortController();
  const c = new Request(U, { signal: controller.signal }).clone();
  controller.abort();
  assertEquals(c.signal.aborted, true);
});

test("enum members are validated", () => {
  assertThrows(() => new Request(U, { redirect: "sometimes" }), TypeError);
  assertThrows(() => new Request(U, { mode: "other" }), TypeError);
  assertThrows(() => new Request(U, { credentials: "all" }), TypeError);
  assertThrows(() => new Request(U, { cache: "forever" }), TypeError);
  assertThrows(() => new Request(U, { referrerPolicy: "never" }), TypeError);
});

test("enum members are stored", () => {
  const r = new Request(U, { redirect: "manual", mode: "same-origin", credentials: "include", cache: "no-store", referrerPolicy: "no-referrer" });
  assertEquals([r.redirect, r.mode, r.credentials, r.cache, r.referrerPolicy], ["manual", "same-origin", "include", "no-store", "no-referrer"]);
});

test("mode 'navigate' throws TypeError", () => {
  assertThrows(() => new Request(U, { mode: "navigate" }), TypeError);
});

test("cache 'only-if-cached' needs mode 'same-origin'", () => {
  assertThrows(() => new Request(U, { cache: "only-if-cached" }), TypeError);
  assertEquals(new Request(U, { cache: "only-if-cached", mode: "same-origin" }).cache, "only-if-cached");
});

test("integrity and keepalive from init", () => {
  const r = new Request(U, { integrity: "sha256-abc", keepalive: true });
  assertEquals(r.integrity, "sha256-abc");
  assertEquals(r.keepalive, true);
});

test("referrer from init", () => {
  assertEquals(new Request(U, { referrer: "" }).referrer, "");
  assertEquals(new Request(U, { referrer: "about:client" }).referrer, "about:client");
  assertEquals(new Request(U, { referrer: "https://ref.example/x" }).referrer, "https://ref.example/x");
  assertThrows(() => new Request(U, { referrer: "nope" }), TypeError);
});

test("a non-object init throws TypeError", () => {
  assertThrows(() => new Request(U, 5), TypeError);
});

test("formData() without FormData support rejects with TypeError", async () => {
  if (typeof FormData === "function") return; // covered by the FormData fixtures once it exists
  await assertRejects(() => new Request(U, { method: "POST", body: "a=1" }).formData(), TypeError);
});

test("body is null without a body, and a stream (when streams exist) with one", () => {
  assertEquals(new Request(U).body, null);
  const r = new Request(U, { method: "POST", body: "x" });
  if (typeof ReadableStream === "function") assert(r.body instanceof ReadableStream);
  else assertEquals(r.body, null);
});

test("toString tag, brand checks and shapes", () => {
  assertEquals(Object.prototype.toString.call(new Request(U)), "[object Request]");
  assertThrows(() => Object.getOwnPropertyDescriptor(Request.prototype, "url").get.call({}), TypeError);
  assertEquals(Request.length, 1);
  for (const key of ["text", "json", "arrayBuffer", "bytes", "blob", "formData", "body", "bodyUsed", "clone", "url"]) {
    assert(Object.getOwnPropertyDescriptor(Request.prototype, key).enumerable, key);
  }
});
