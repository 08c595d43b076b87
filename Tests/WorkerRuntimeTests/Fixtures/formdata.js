// FormData (XHR §4.3), multipart/form-data serialisation (HTML) and parsing, urlencoded parsing
// through Body.formData() (Fetch).

function multipartResponse(body, boundary = "BOUNDARY") {
  return new Response(body, { headers: { "content-type": "multipart/form-data; boundary=" + boundary } });
}
function boundaryOf(contentType) {
  return /boundary=(.*)$/.exec(contentType)[1];
}

// ---------------------------------------------------------------------------------------------------
// Shape

test("FormData is a global with the right tag and members", () => {
  assertEquals(Object.prototype.toString.call(new FormData()), "[object FormData]");
  assertEquals(FormData.length, 0);
  assertEquals(Object.getOwnPropertyNames(FormData.prototype).sort(),
    ["append", "constructor", "delete", "entries", "forEach", "get", "getAll", "has", "keys", "set", "values"]);
  assertEquals(FormData.prototype[Symbol.iterator], FormData.prototype.entries);
  assertEquals([FormData.prototype.append.length, FormData.prototype.set.length], [2, 2]);
});

test("a form argument is not supported (no HTMLFormElement in workers)", () => {
  new FormData(undefined);
  assertThrows(() => new FormData(null), TypeError);
  assertThrows(() => new FormData({}), TypeError);
});

test("methods are brand-checked", () => {
  assertThrows(() => FormData.prototype.get.call({}, "a"), TypeError);
  assertThrows(() => FormData.prototype.entries.call({}), TypeError);
});

// ---------------------------------------------------------------------------------------------------
// Entries

test("append, get and getAll", () => {
  const fd = new FormData();
  fd.append("a", "1");
  fd.append("b", "2");
  fd.append("a", "3");
  assertEquals(fd.get("a"), "1");
  assertEquals(fd.getAll("a"), ["1", "3"]);
  assertEquals(fd.getAll("b"), ["2"]);
});

test("get of a missing name is null; getAll is empty", () => {
  const fd = new FormData();
  assertEquals(fd.get("x"), null);
  assertEquals(fd.getAll("x"), []);
});

test("has", () => {
  const fd = new FormData();
  fd.append("a", "");
  assertEquals([fd.has("a"), fd.has("b")], [true, false]);
});

test("delete removes every entry with the name", () => {
  const fd = new FormData();
  fd.append("a", "1");
  fd.append("b", "2");
  fd.append("a", "3");
  fd.delete("a");
  assertEquals([...fd], [["b", "2"]]);
  fd.delete("missing");
});

test("set replaces the first entry in place and removes the others", () => {
  const fd = new FormData();
  fd.append("a", "1");
  fd.append("b", "2");
  fd.append("a", "3");
  fd.set("a", "x");
  assertEquals([...fd], [["a", "x"], ["b", "2"]]);
});

test("set of a new name appends", () => {
  const fd = new FormData();
  fd.append("a", "1");
  fd.set("b", "2");
  assertEquals([...fd], [["a", "1"], ["b", "2"]]);
});

test("names and values are converted to USVStrings", () => {
  const fd = new FormData();
  fd.append(1, 2);
  fd.append("\ud800", "x\udc00");
  fd.append("n", null);
  assertEquals([...fd], [["1", "2"], ["\ufffd", "x\ufffd"], ["n", "null"]]);
});

test("append and set need two arguments; a filename needs a Blob value", () => {
  const fd = new FormData();
  assertThrows(() => fd.append("a"), TypeError);
  assertThrows(() => fd.set("a"), TypeError);
  assertThrows(() => fd.append("a", "b", "c"), TypeError);
  assertThrows(() => fd.set("a", "b", undefined), TypeError);
  assertThrows(() => fd.get(), TypeError);
});

test("a Blob value becomes a File named 'blob' with the same type and bytes", async () => {
  const fd = new FormData();
  const before = Date.now();
  fd.append("f", new Blob(["abc"], { type: "text/x" }));
  const f = fd.get("f");
  assert(f instanceof File);
  assertEquals([f.name, f.type, f.size], ["blob", "text/x", 3]);
  assert(f.lastModified >= before);
  assertEquals(await f.text(), "abc");
});

test("a Blob with a filename becomes a File with that name", () => {
  const fd = new FormData();
  fd.append("f", new Blob(["x"]), "a.txt");
  assertEquals(fd.get("f").name, "a.txt");
});

test("a File value is kept as is without a filename", () => {
  const fd = new FormData();
  const file = new File(["x"], "orig.txt");
  fd.append("f", file);
  assertEquals(fd.get("f"), file);
});

test("a File with a filename becomes a new File with that name", async () => {
  const fd = new FormData();
  const file = new File(["x"], "orig.txt", { type: "text/plain", lastModified: 7 });
  fd.set("f", file, "new.txt");
  const f = fd.get("f");
  assert(f !== file);
  assertEquals([f.name, f.type, f.lastModified], ["new.txt", "text/plain", 7]);
  assertEquals(await f.text(), "x");
});

test("the filename is a USVString", () => {
  const fd = new FormData();
  fd.append("f", new Blob([]), "a\ud800");
  assertEquals(fd.get("f").name, "a\ufffd");
});

// ---------------------------------------------------------------------------------------------------
// Iteration

test("entries, keys and values in insertion order", () => {
  const fd = new FormData();
  fd.append("a", "1");
  fd.append("b", "2");
  assertEquals([...fd.entries()], [["a", "1"], ["b", "2"]]);
  assertEquals([...fd.keys()], ["a", "b"]);
  assertEquals([...fd.values()], ["1", "2"]);
});

test("forEach passes value, key and the FormData", () => {
  const fd = new FormData();
  fd.append("a", "1");
  const calls = [];
  fd.forEach(function (value, key, obj) { calls.push([value, key, obj === fd, this]); }, "ctx");
  assertEquals(calls.length, 1);
  assertEquals(calls[0].slice(0, 3), ["1", "a", true]);
  assertThrows(() => fd.forEach(), TypeError);
});

test("iteration sees entries added while iterating", () => {
  const fd = new FormData();
  fd.append("a", "1");
  const seen = [];
  for (const [k] of fd) { seen.push(k); if (seen.length === 1) fd.append("b", "2"); }
  assertEquals(seen, ["a", "b"]);
});

test("the iterator has the FormData Iterator tag", () => {
  const it = new FormData().entries();
  assertEquals(Object.prototype.toString.call(it), "[object FormData Iterator]");
  assertEquals(it.next(), { value: undefined, done: true });
});

// ---------------------------------------------------------------------------------------------------
// multipart/form-data serialisation

test("a FormData body gets a multipart content type with a boundary", () => {
  const fd = new FormData();
  fd.append("a", "b");
  const ct = new Response(fd).headers.get("content-type");
  assert(ct.startsWith("multipart/form-data; boundary="), ct);
  assert(boundaryOf(ct).length >= 20);
});

test("a string entry serialises exactly", async () => {
  const fd = new FormData();
  fd.append("a", "b");
  const r = new Response(fd);
  const b = boundaryOf(r.headers.get("content-type"));
  assertEquals(await r.text(), `--${b}\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--${b}--\r\n`);
});

test("a file entry has a filename and a Content-Type", async () => {
  const fd = new FormData();
  fd.append("f", new File(["hi"], "x.txt", { type: "text/plain" }));
  const r = new Request("http://x/", { method: "POST", body: fd });
  const b = boundaryOf(r.headers.get("content-type"));
  assertEquals(await r.text(),
    `--${b}\r\nContent-Disposition: form-data; name="f"; filename="x.txt"\r\nContent-Type: text/plain\r\n\r\nhi\r\n--${b}--\r\n`);
});

test("a file without a type is sent as application/octet-stream", async () => {
  const fd = new FormData();
  fd.append("f", new Blob([new Uint8Array([0, 255])]));
  const text = await new Response(fd).text();
  assert(text.includes('filename="blob"\r\nContent-Type: application/octet-stream\r\n\r\n'), text);
});

test("file bytes are sent unchanged", async () => {
  const fd = new FormData();
  fd.append("f", new Blob([new Uint8Array([0, 255, 13, 10])]), "b.bin");
  const bytes = await new Response(fd).bytes();
  const text = new TextDecoder("latin1").decode(bytes);
  assert(text.includes("\r\n\r\n\u0000\u00ff\r\n\r\n--"), JSON.stringify(text));
});

test("names escape quotes and newlines; values normalise newlines to CRLF", async () => {
  const fd = new FormData();
  fd.append('a"b\nc', "x\ny\rz");
  const text = await new Response(fd).text();
  assert(text.includes('name="a%22b%0D%0Ac"'), text);
  assert(text.includes("\r\n\r\nx\r\ny\r\nz\r\n"), JSON.stringify(text));
});

test("filenames escape quotes, CR and LF without normalising them", async () => {
  const fd = new FormData();
  fd.append("f", new Blob([]), 'q"\r\n.txt');
  const text = await new Response(fd).text();
  assert(text.includes('filename="q%22%0D%0A.txt"'), text);
});

test("non-ASCII names and values are UTF-8", async () => {
  const fd = new FormData();
  fd.append("\u00e9", "\u20ac");
  const bytes = Array.from(await new Response(fd).bytes());
  const text = new TextDecoder().decode(new Uint8Array(bytes));
  assert(text.includes('name="\u00e9"\r\n\r\n\u20ac\r\n'), text);
});

test("every serialisation gets a fresh boundary", () => {
  const fd = new FormData();
  const a = new Response(fd).headers.get("content-type");
  const b = new Response(fd).headers.get("content-type");
  assert(a !== b);
});

test("an empty FormData serialises to the closing delimiter", async () => {
  const r = new Response(new FormData());
  const b = boundaryOf(r.headers.get("content-type"));
  assertEquals(await r.text(), `--${b}--\r\n`);
});

// ---------------------------------------------------------------------------------------------------
// Round trip and parsing

test("round trip through Response.formData()", async () => {
  const fd = new FormData();
  fd.append("a", "1");
  fd.append("f", new File(["content"], "f.txt", { type: "text/plain" }));
  fd.append("a", "2");
  const parsed = await new Response(fd).formData();
  assertEquals(parsed.getAll("a"), ["1", "2"]);
  const f = parsed.get("f");
  assert(f instanceof File);
  assertEquals([f.name, f.type, await f.text()], ["f.txt", "text/plain", "content"]);
});

test("round trip keeps quotes and newlines in names and filenames", async () => {
  const fd = new FormData();
  fd.append('a"b', "v");
  fd.append("f", new Blob(["x"]), 'n"m.txt');
  const parsed = await new Response(fd).formData();
  assertEquals(parsed.get('a"b'), "v");
  assertEquals(parsed.get("f").name, 'n"m.txt');
});

test("round trip of binary file contents", async () => {
  const fd = new FormData();
  const bytes = new Uint8Array(256).map((_, i) => i);
  fd.append("bin", new Blob([bytes]), "b.bin");
  const parsed = await new Request("http://x/", { method: "POST", body: fd }).formData();
  assertEquals(Array.from(await parsed.get("bin").bytes()), Array.from(bytes));
});

test("multipart headers and boundary are matched case-insensitively (whole body lower-cased)", async () => {
  const fd = new FormData();
  fd.append("foo", new Blob([JSON.stringify({ bar: "baz" })], { type: "application/json" }));
  let blob = await new Response(fd).blob();
  const body = await blob.text();
  blob = new Blob([body.toLowerCase()], { type: blob.type.toLowerCase() });
  const parsed = await new Response(blob).formData();
  assert(parsed.has("foo"));
  assertEquals(parsed.get("foo").type, "application/json");
});

test("a closing delimiter without a trailing CRLF is fine", async () => {
  const body = "--B\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nvalue\r\n--B--";
  assertEquals((await multipartResponse(body, "B").formData()).get("name"), "value");
});

test("parsing a hand-written multipart body", async () => {
  const body = "--BOUNDARY\r\nContent-Disposition: form-data; name=\"field\"\r\n\r\nvalue\r\n" +
    "--BOUNDARY\r\ncontent-disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\ncontent-type: text/csv\r\n\r\n1,2\r\n" +
    "--BOUNDARY--\r\n";
  const fd = await multipartResponse(body).formData();
  assertEquals(fd.get("field"), "value");
  const f = fd.get("file");
  assertEquals([f.name, f.type, await f.text()], ["a.txt", "text/csv", "1,2"]);
});

test("a file part without Content-Type parses as text/plain", async () => {
  const body = "--B\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x\"\r\n\r\ndata\r\n--B--\r\n";
  assertEquals((await multipartResponse(body, "B").formData()).get("f").type, "text/plain");
});

test("a quoted boundary parameter works", async () => {
  const body = "--a b\r\nContent-Disposition: form-data; name=\"k\"\r\n\r\nv\r\n--a b--\r\n";
  const r = new Response(body, { headers: { "content-type": 'multipart/form-data; boundary="a b"' } });
  assertEquals((await r.formData()).get("k"), "v");
});

test("a value may contain the boundary text when it is not on its own line", async () => {
  const body = "--B\r\nContent-Disposition: form-data; name=\"k\"\r\n\r\nx--B y\r\n--B--\r\n";
  assertEquals((await multipartResponse(body, "B").formData()).get("k"), "x--B y");
});

test("an empty file part is an empty File", async () => {
  const body = "--B\r\nContent-Disposition: form-data; name=\"f\"; filename=\"e\"\r\n\r\n\r\n--B--\r\n";
  assertEquals((await multipartResponse(body, "B").formData()).get("f").size, 0);
});

test("a body with only the closing delimiter is an empty FormData", async () => {
  const fd = await multipartResponse("--B--\r\n", "B").formData();
  assertEquals([...fd], []);
});

test("multipart without a boundary parameter rejects with TypeError", async () => {
  const r = new Response("--B--\r\n", { headers: { "content-type": "multipart/form-data" } });
  await assertRejects(() => r.formData(), TypeError);
});

test("malformed multipart bodies reject with TypeError", async () => {
  await assertRejects(() => multipartResponse("garbage", "B").formData(), TypeError);
  await assertRejects(() => multipartResponse("--B\r\nContent-Disposition: form-data; name=\"k\"\r\n\r\nv", "B").formData(), TypeError);
  await assertRejects(() => multipartResponse("--B\r\nContent-Type: text/plain\r\n\r\nv\r\n--B--\r\n", "B").formData(), TypeError);
  await assertRejects(() => multipartResponse("--B\r\nContent-Disposition: attachment; name=\"k\"\r\n\r\nv\r\n--B--\r\n", "B").formData(), TypeError);
});

test("urlencoded bodies parse into FormData", async () => {
  const r = new Response("a=1&b=x+y&a=%E2%82%AC&c", { headers: { "content-type": "application/x-www-form-urlencoded" } });
  const fd = await r.formData();
  assertEquals([...fd], [["a", "1"], ["b", "x y"], ["a", "\u20ac"], ["c", ""]]);
});

test("a URLSearchParams body round-trips through formData()", async () => {
  const fd = await new Request("http://x/", { method: "POST", body: new URLSearchParams({ q: "a b", r: "\u00e9" }) }).formData();
  assertEquals([...fd], [["q", "a b"], ["r", "\u00e9"]]);
});

test("the urlencoded content type may carry parameters and any case", async () => {
  const r = new Response("k=v", { headers: { "content-type": "Application/X-WWW-Form-URLEncoded; charset=UTF-8" } });
  assertEquals((await r.formData()).get("k"), "v");
});

test("other or missing content types reject with TypeError", async () => {
  await assertRejects(() => new Response("a=1", { headers: { "content-type": "text/plain" } }).formData(), TypeError);
  await assertRejects(() => new Response(new Uint8Array([97])).formData(), TypeError);
});

test("an empty urlencoded body is an empty FormData", async () => {
  const r = new Response("", { headers: { "content-type": "application/x-www-form-urlencoded" } });
  assertEquals([...(await r.formData())], []);
});
