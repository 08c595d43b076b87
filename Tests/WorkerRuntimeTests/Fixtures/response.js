// Response and the Body mixin on it (WHATWG Fetch §5.3, §5.5).

test("defaults", () => {
  const r = new Response();
  assertEquals(r.status, 200);
  assertEquals(r.ok, true);
  assertEquals(r.statusText, "");
  assertEquals(r.type, "default");
  assertEquals(r.url, "");
  assertEquals(r.redirected, false);
  assertEquals(r.body, null);
  assertEquals(r.bodyUsed, false);
  assertEquals(r.webSocket, null);
  assert(r.headers instanceof Headers);
});

test("status, statusText and ok from init", () => {
  const r = new Response("missing", { status: 404, statusText: "Not Found" });
  assertEquals([r.status, r.statusText, r.ok], [404, "Not Found", false]);
  assertEquals(new Response(null, { status: 299 }).ok, true);
  assertEquals(new Response(null, { status: 300 }).ok, false);
});

test("a status outside 200-599 throws RangeError", () => {
  for (const status of [0, 100, 199, 600, 999]) {
    assertThrows(() => new Response(null, { status }), RangeError, String(status));
  }
});

test("the status is converted as an unsigned short", () => {
  assertEquals(new Response(null, { status: "201" }).status, 201);
  assertEquals(new Response(null, { status: 200.9 }).status, 200);
  assertEquals(new Response(null, { status: 65736 }).status, 200);
});

test("an invalid statusText throws TypeError", () => {
  assertThrows(() => new Response(null, { statusText: "a\nb" }), TypeError);
  assertThrows(() => new Response(null, { statusText: "\u0100" }), TypeError);
});

test("statusText allows tabs, spaces and Latin-1", () => {
  assertEquals(new Response(null, { statusText: "OK\t d\u00e9j\u00e0" }).statusText, "OK\t d\u00e9j\u00e0");
});

test("a body with a null-body status throws TypeError", () => {
  for (const status of [204, 205, 304]) {
    assertThrows(() => new Response("x", { status }), TypeError, String(status));
    assertThrows(() => new Response("", { status }), TypeError, "empty body, " + status);
  }
});

test("a null body with a null-body status is fine", () => {
  assertEquals(new Response(null, { status: 204 }).status, 204);
  assertEquals(new Response(undefined, { status: 304 }).status, 304);
});

test("headers from init with the response guard", () => {
  const r = new Response("x", { headers: [["X-A", "1"], ["set-cookie", "a=1"], ["set-cookie", "b=2"]] });
  assertEquals(r.headers.get("x-a"), "1");
  assertEquals(r.headers.getSetCookie(), ["a=1", "b=2"]);
  r.headers.set("x-b", "2");
  assertEquals(r.headers.get("x-b"), "2");
});

test("content type from a string body", () => {
  assertEquals(new Response("x").headers.get("content-type"), "text/plain;charset=UTF-8");
});

test("content type from a URLSearchParams body", () => {
  assertEquals(new Response(new URLSearchParams("a=1")).headers.get("content-type"), "application/x-www-form-urlencoded;charset=UTF-8");
});

test("no content type for a bytes body", () => {
  assertEquals(new Response(new Uint8Array([1])).headers.get("content-type"), null);
});

test("an explicit content type wins", () => {
  assertEquals(new Response("x", { headers: { "content-type": "text/html" } }).headers.get("content-type"), "text/html");
});

test("text, json, arrayBuffer and bytes", async () => {
  assertEquals(await new Response("h\u00e9").text(), "h\u00e9");
  assertEquals(await new Response('{"a":[1,2]}').json(), { a: [1, 2] });
  assertEquals(new Uint8Array(await new Response("abc").arrayBuffer()), new Uint8Array([97, 98, 99]));
  assertEquals(await new Response(new Uint8Array([0, 1, 200, 255])).bytes(), new Uint8Array([0, 1, 200, 255]));
});

test("an empty response reads as empty", async () => {
  assertEquals(await new Response().text(), "");
  assertEquals((await new Response().bytes()).length, 0);
});

test("json() of invalid JSON rejects with SyntaxError", async () => {
  await assertRejects(() => new Response("nope").json(), SyntaxError);
  await assertRejects(() => new Response().json(), SyntaxError);
});

test("text() strips one leading BOM from a string body", async () => {
  assertEquals(await new Response("\ufeff\ufeffa").text(), "\ufeffa");
});

test("a string body with lone surrogates reads back with U+FFFD", async () => {
  assertEquals(await new Response("a\ud800b").text(), "a\ufffdb");
  assertEquals(await new Response("\ud800").bytes(), new Uint8Array([0xef, 0xbf, 0xbd]));
});

test("bodyUsed and a second read", async () => {
  const r = new Response("x");
  assertEquals(r.bodyUsed, false);
  await r.text();
  assertEquals(r.bodyUsed, true);
  await assertRejects(() => r.text(), TypeError);
  await assertRejects(() => r.json(), TypeError);
});

test("clone() can be read independently", async () => {
  const r = new Response("x", { status: 201, statusText: "Made", headers: { "x-a": "1" } });
  const c = r.clone();
  assertEquals([c.status, c.statusText, c.headers.get("x-a")], [201, "Made", "1"]);
  assert(c.headers !== r.headers);
  assertEquals(await r.text(), "x");
  assertEquals(await c.text(), "x");
});

test("clone() of a used response throws TypeError", async () => {
  const r = new Response("x");
  await r.text();
  assertThrows(() => r.clone(), TypeError);
});

test("clone() of a bodiless response", () => {
  const c = new Response(null, { status: 204 }).clone();
  assertEquals([c.status, c.body], [204, null]);
});

test("the body bytes are copied at construction", async () => {
  const bytes = new Uint8Array([1, 2, 3]);
  const r = new Response(bytes);
  bytes[0] = 9;
  assertEquals(await r.bytes(), new Uint8Array([1, 2, 3]));
});

test("Response.json", async () => {
  const r = Response.json({ a: 1 });
  assertEquals(r.status, 200);
  assertEquals(r.headers.get("content-type"), "application/json");
  assertEquals(await r.text(), '{"a":1}');
});

test("Response.json with init", async () => {
  const r = Response.json([1], { status: 201, headers: { "content-type": "application/vnd.x+json", "x-a": "1" } });
  assertEquals(r.status, 201);
  assertEquals(r.headers.get("content-type"), "application/vnd.x+json");
  assertEquals(r.headers.get("x-a"), "1");
});

test("Response.json of a non-serialisable value throws TypeError", () => {
  assertThrows(() => Response.json(undefined), TypeError);
  assertThrows(() => Response.json(() => 1), TypeError);
});

test("Response.json propagates JSON errors", () => {
  const cyclic = {};
  cyclic.self = cyclic;
  assertThrows(() => Response.json(cyclic), TypeError);
  assertThrows(() => Response.json(1n), TypeError);
});

test("Response.json with a null-body status throws TypeError", () => {
  assertThrows(() => Response.json({}, { status: 204 }), TypeError);
});

test("Response.redirect sets status and location", () => {
  const r = Response.redirect("http://example.com/a b", 301);
  assertEquals(r.status, 301);
  assertEquals(r.headers.get("location"), "http://example.com/a%20b");
  assertEquals(r.body, null);
});

test("Response.redirect defaults to 302", () => {
  assertEquals(Response.redirect("http://example.com/").status, 302);
});

test("Response.redirect accepts every redirect status", () => {
  for (const status of [301, 302, 303, 307, 308]) assertEquals(Response.redirect("http://example.com/", status).status, status);
});

test("Response.redirect rejects other statuses with RangeError", () => {
  for (const status of [200, 300, 304, 309]) assertThrows(() => Response.redirect("http://example.com/", status), RangeError, String(status));
});

test("Response.redirect with an invalid URL throws TypeError", () => {
  assertThrows(() => Response.redirect("/relative"), TypeError);
});

test("Response.redirect headers are immutable", () => {
  assertThrows(() => Response.redirect("http://example.com/").headers.set("x", "y"), TypeError);
});

test("Response.error()", () => {
  const r = Response.error();
  assertEquals([r.status, r.statusText, r.type, r.ok, r.body], [0, "", "error", false, null]);
  assertThrows(() => r.headers.set("x", "y"), TypeError);
});

test("a non-object init throws TypeError", () => {
  assertThrows(() => new Response("x", 5), TypeError);
});

test("formData() without FormData support rejects with TypeError", async () => {
  if (typeof FormData === "function") return; // covered by the FormData fixtures once it exists
  await assertRejects(() => new Response("a=1").formData(), TypeError);
});

test("blob() without Blob support rejects with TypeError", async () => {
  if (typeof Blob === "function") return;
  await assertRejects(() => new Response("x").blob(), TypeError);
});

test("body is null without a body, and a stream (when streams exist) with one", () => {
  assertEquals(new Response().body, null);
  const r = new Response("x");
  if (typeof ReadableStream === "function") assert(r.body instanceof ReadableStream);
  else assertEquals(r.body, null);
});

test("body methods reject on a wrong receiver", async () => {
  await assertRejects(() => Response.prototype.json.call({}), TypeError);
});

test("toString tag, brand checks and shapes", () => {
  assertEquals(Object.prototype.toString.call(new Response()), "[object Response]");
  assertThrows(() => Object.getOwnPropertyDescriptor(Response.prototype, "status").get.call({}), TypeError);
  assertEquals(Response.length, 0);
  assertEquals(Response.redirect.length, 1);
  assertEquals(Response.json.length, 1);
});

test("a subclass works", async () => {
  class MyResponse extends Response {}
  const r = new MyResponse("sub");
  assert(r instanceof Response);
  assertEquals(await r.text(), "sub");
});
