// Request/Response bodies made of streams, Blobs and FormData; body/bodyUsed/clone semantics (Fetch §5).

const delay = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));
const U = "http://example.com/";
const enc = (s) => new TextEncoder().encode(s);
function streamOf(...chunks) {
  return new ReadableStream({ start(c) { for (const chunk of chunks) c.enqueue(typeof chunk === "string" ? enc(chunk) : chunk); c.close(); } });
}
async function readStreamText(stream) {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let out = "";
  for (let r = await reader.read(); !r.done; r = await reader.read()) out += decoder.decode(r.value, { stream: true });
  return out + decoder.decode();
}

// ---------------------------------------------------------------------------------------------------
// Stream bodies

test("a ReadableStream body is exposed as is", () => {
  const stream = streamOf("a");
  const r = new Response(stream);
  assertEquals(r.body, stream);
  assertEquals(r.body, r.body);
  assertEquals([r.bodyUsed, stream.locked], [false, false]);
  assertEquals(r.headers.get("content-type"), null);
});

test("text() reads every chunk of a stream body", async () => {
  assertEquals(await new Response(streamOf("ab", "c", "\u00e9")).text(), "abc\u00e9");
});

test("a multi-byte character split across chunks decodes once", async () => {
  const bytes = enc("\u20ac");
  assertEquals(await new Response(streamOf(bytes.subarray(0, 1), bytes.subarray(1))).text(), "\u20ac");
});

test("arrayBuffer(), bytes() and json() of a stream body", async () => {
  assertEquals(Array.from(new Uint8Array(await new Response(streamOf("ab")).arrayBuffer())), [97, 98]);
  assertEquals(Array.from(await new Response(streamOf("a", "b")).bytes()), [97, 98]);
  assertEquals(await new Response(streamOf('{"a":', "[1]}")).json(), { a: [1] });
});

test("chunks that arrive later are all read", async () => {
  const stream = new ReadableStream({
    async pull(c) {
      await delay(1);
      c.enqueue(enc(String(this.n = (this.n || 0) + 1)));
      if (this.n === 3) c.close();
    },
  });
  assertEquals(await new Response(stream).text(), "123");
});

test("reading a stream body consumes the stream", async () => {
  const stream = streamOf("x");
  const r = new Response(stream);
  await r.text();
  assertEquals(r.bodyUsed, true);
  assertEquals(stream.locked, true);
  await assertRejects(() => r.text(), TypeError);
});

test("a chunk that is not bytes rejects with TypeError", async () => {
  const stream = new ReadableStream({ start(c) { c.enqueue("text"); c.close(); } });
  await assertRejects(() => new Response(stream).text(), TypeError);
});

test("a stream that errors rejects the read with its error", async () => {
  const boom = new Error("boom");
  const stream = new ReadableStream({ start(c) { c.enqueue(enc("a")); c.error(boom); } });
  assertEquals(await assertRejects(() => new Response(stream).text()), boom);
});

test("a locked or disturbed stream cannot be a body", async () => {
  const locked = streamOf("a");
  locked.getReader();
  assertThrows(() => new Response(locked), TypeError);
  const disturbed = streamOf("a");
  const reader = disturbed.getReader();
  await reader.read();
  reader.releaseLock();
  assertThrows(() => new Response(disturbed), TypeError);
});

test("bodyUsed follows the stream: getReader alone does not disturb, a read does", async () => {
  const r = new Response(streamOf("a"));
  const reader = r.body.getReader();
  assertEquals(r.bodyUsed, false);
  await reader.read();
  assertEquals(r.bodyUsed, true);
});

test("cancelling the body stream marks the body used", async () => {
  const r = new Response(streamOf("a"));
  await r.body.cancel();
  assertEquals(r.bodyUsed, true);
});

test("a locked body cannot be read", async () => {
  const r = new Response(streamOf("a"));
  r.body.getReader();
  await assertRejects(() => r.text(), TypeError);
  await assertRejects(() => r.blob(), TypeError);
});

test("a null-body status refuses a stream body", () => {
  assertThrows(() => new Response(streamOf("a"), { status: 204 }), TypeError);
});

test("a very long stream is read without overflowing the stack", async () => {
  const one = new Uint8Array([120]);
  const stream = new ReadableStream({ start(c) { for (let i = 0; i < 20000; i++) c.enqueue(one); c.close(); } });
  assertEquals((await new Response(stream).bytes()).length, 20000);
});

test("a TransformStream's readable fed later is a body", async () => {
  const { readable, writable } = new TransformStream();
  const r = new Response(readable);
  (async () => {
    const writer = writable.getWriter();
    await delay(1);
    await writer.write(enc("late "));
    await writer.write(enc("data"));
    await writer.close();
  })();
  assertEquals(await r.text(), "late data");
});

test("another response's body stream can be a body", async () => {
  assertEquals(await new Response(new Response("relay").body).text(), "relay");
});

// ---------------------------------------------------------------------------------------------------
// The body getter of buffered bodies

test("the body of a string response is a stream of its bytes", async () => {
  const r = new Response("h\u00e9");
  assert(r.body instanceof ReadableStream);
  assertEquals(r.body, r.body);
  const { value } = await r.body.getReader().read();
  assert(value instanceof Uint8Array);
  assertEquals(Array.from(value), [104, 0xc3, 0xa9]);
});

test("getting body does not use the body; reading it does", async () => {
  const r = new Response("abc");
  const body = r.body;
  assertEquals(r.bodyUsed, false);
  assertEquals(await r.text(), "abc");
  assertEquals(r.bodyUsed, true);
  assertEquals(body.locked, true);
});

test("reading through body.getReader() uses the body", async () => {
  const r = new Response("abc");
  assertEquals(await readStreamText(r.body), "abc");
  assertEquals(r.bodyUsed, true);
  await assertRejects(() => r.text(), TypeError);
});

test("a bytes body's stream does not alias the bytes given to the constructor", async () => {
  const bytes = new Uint8Array([1, 2]);
  const r = new Response(bytes);
  bytes[0] = 9;
  assertEquals(Array.from((await r.body.getReader().read()).value), [1, 2]);
});

test("a request body is a stream too; no body is null", async () => {
  const r = new Request(U, { method: "POST", body: "payload" });
  assert(r.body instanceof ReadableStream);
  assertEquals(await readStreamText(r.body), "payload");
  assertEquals(new Request(U).body, null);
});

// ---------------------------------------------------------------------------------------------------
// clone

test("clone() of a stream body gives both the same data", async () => {
  const r = new Response(streamOf("a", "b"));
  const c = r.clone();
  assertEquals(await c.text(), "ab");
  assertEquals(await r.text(), "ab");
});

test("clone() tees: the original gets a new stream and the old one is locked", () => {
  const stream = streamOf("a");
  const r = new Response(stream);
  const c = r.clone();
  assert(r.body !== stream);
  assert(c.body !== stream);
  assertEquals(stream.locked, true);
  assertEquals([r.bodyUsed, c.bodyUsed], [false, false]);
});

test("clone() branches are independent byte copies", async () => {
  const r = new Response(streamOf("xy"));
  const c = r.clone();
  const a = (await r.body.getReader().read()).value;
  const b = (await c.body.getReader().read()).value;
  a[0] = 0;
  assertEquals(Array.from(b), [120, 121]);
});

test("clone() of a used or locked body throws TypeError", async () => {
  const used = new Response(streamOf("a"));
  await used.text();
  assertThrows(() => used.clone(), TypeError);
  const locked = new Response(streamOf("a"));
  locked.body.getReader();
  assertThrows(() => locked.clone(), TypeError);
});

test("clone() after the body getter of a buffered body", async () => {
  const r = new Response("text");
  r.body;
  const c = r.clone();
  assertEquals(await c.text(), "text");
  assertEquals(await r.text(), "text");
});

test("an error in a cloned stream reaches both clones", async () => {
  const boom = new Error("boom");
  const r = new Response(new ReadableStream({ start(c) { c.error(boom); } }));
  const c = r.clone();
  assertEquals(await assertRejects(() => r.text()), boom);
  assertEquals(await assertRejects(() => c.text()), boom);
});

test("Request.clone() with a stream body", async () => {
  const r = new Request(U, { method: "POST", body: streamOf("req"), duplex: "half" });
  const c = r.clone();
  assertEquals(await c.text(), "req");
  assertEquals(await r.text(), "req");
});

// ---------------------------------------------------------------------------------------------------
// Request stream bodies

test("a stream request body needs duplex: 'half'", () => {
  assertThrows(() => new Request(U, { method: "POST", body: streamOf("a") }), TypeError);
  const r = new Request(U, { method: "POST", body: streamOf("a"), duplex: "half" });
  assertEquals(r.duplex, "half");
});

test("a stream request body is read by text()", async () => {
  assertEquals(await new Request(U, { method: "PUT", body: streamOf("x", "y"), duplex: "half" }).text(), "xy");
});

test("new Request(request) takes over a stream body and uses the input", async () => {
  const input = new Request(U, { method: "POST", body: streamOf("moved"), duplex: "half" });
  const copy = new Request(input);
  assertEquals(input.bodyUsed, true);
  assertEquals(await copy.text(), "moved");
  assertThrows(() => new Request(input), TypeError);
});

// ---------------------------------------------------------------------------------------------------
// Blob bodies and blob()

test("a Blob body sets the content type from the blob's type", async () => {
  const r = new Response(new Blob(["<p>"], { type: "text/html" }));
  assertEquals(r.headers.get("content-type"), "text/html");
  assertEquals(await r.text(), "<p>");
});

test("a Blob without a type adds no content type", () => {
  assertEquals(new Response(new Blob(["x"])).headers.get("content-type"), null);
});

test("an explicit content-type header wins over the blob's type", () => {
  const r = new Response(new Blob(["x"], { type: "a/b" }), { headers: { "content-type": "c/d" } });
  assertEquals(r.headers.get("content-type"), "c/d");
});

test("a Blob body can be read more than once across responses", async () => {
  const blob = new Blob(["same"]);
  assertEquals(await new Response(blob).text(), "same");
  assertEquals(await new Request(U, { method: "POST", body: blob }).text(), "same");
  assertEquals(await blob.text(), "same");
});

test("a File body keeps its bytes", async () => {
  const r = new Response(new File([new Uint8Array([1, 2, 3])], "f.bin"));
  assertEquals(Array.from(await r.bytes()), [1, 2, 3]);
});

test("the body stream of a Blob body yields the blob's bytes", async () => {
  assertEquals(await readStreamText(new Response(new Blob(["a", "b"])).body), "ab");
});

test("blob() gives a Blob with the body's MIME type", async () => {
  const b = await new Response("hello").blob();
  assert(b instanceof Blob);
  assertEquals([b.size, b.type], [5, "text/plain;charset=UTF-8"]);
  assertEquals(await b.text(), "hello");
});

test("blob() serialises the content type and drops an invalid one", async () => {
  const b1 = await new Response("x", { headers: { "content-type": "Text/HTML; Charset=\"utf-8\"" } }).blob();
  assertEquals(b1.type, "text/html;charset=utf-8");
  const b2 = await new Response("x", { headers: { "content-type": "nonsense" } }).blob();
  assertEquals(b2.type, "");
  const b3 = await new Response(new Uint8Array([1])).blob();
  assertEquals(b3.type, "");
});

test("blob() of a stream body", async () => {
  const b = await new Response(streamOf("s", "t")).blob();
  assertEquals(await b.text(), "st");
});

test("blob() of a Request", async () => {
  const b = await new Request(U, { method: "POST", body: "r", headers: { "content-type": "text/x" } }).blob();
  assertEquals([b.type, await b.text()], ["text/x", "r"]);
});

// ---------------------------------------------------------------------------------------------------
// FormData bodies

test("a FormData request body is multipart and parses back", async () => {
  const fd = new FormData();
  fd.append("name", "value");
  fd.append("file", new Blob(["data"], { type: "text/plain" }), "d.txt");
  const r = new Request(U, { method: "POST", body: fd });
  assert(r.headers.get("content-type").startsWith("multipart/form-data; boundary="));
  const parsed = await r.formData();
  assertEquals(parsed.get("name"), "value");
  assertEquals(await parsed.get("file").text(), "data");
});

test("formData() of a stream body with a multipart content type", async () => {
  const fd = new FormData();
  fd.append("k", "v");
  const source = new Response(fd);
  const r = new Response(source.body, { headers: { "content-type": source.headers.get("content-type") } });
  assertEquals((await r.formData()).get("k"), "v");
});

test("formData() uses the body", async () => {
  const r = new Response("a=1", { headers: { "content-type": "application/x-www-form-urlencoded" } });
  await r.formData();
  assertEquals(r.bodyUsed, true);
  await assertRejects(() => r.formData(), TypeError);
});

// ---------------------------------------------------------------------------------------------------
// Consumed bodies and Request construction rules (Fetch; WPT request-init-stream, mime-type)

test("after text(), body is a used, locked stream", async () => {
  const r = new Response("consumed");
  await r.text();
  const body = r.body;
  assert(body instanceof ReadableStream);
  assertEquals(body, r.body);
  assertEquals([r.bodyUsed, body.locked], [true, true]);
  assertThrows(() => body.getReader(), TypeError);
});

test("a Request keeps the original stream object", () => {
  const body = new ReadableStream();
  assertEquals(new Request(U, { method: "POST", body, duplex: "half" }).body, body);
});

test("duplex may be omitted for null, string, bytes and Blob bodies; 'full' is invalid", () => {
  for (const body of [null, "text", new Uint8Array(3), new Blob([])]) new Request(U, { method: "POST", body });
  new Request(U, { method: "POST", body: null, duplex: "half" });
  assertThrows(() => new Request(U, { method: "POST", body: new ReadableStream(), duplex: "full" }), TypeError);
});

test("a Request whose body reader was taken cannot be a new Request's input, unless a body is given", async () => {
  const locked = new Request(U, { method: "POST", body: "..." });
  locked.body.getReader();
  assertThrows(() => new Request(locked), TypeError);
  new Request(locked, { body: "..." });
  const read = new Request(U, { method: "POST", body: "..." });
  const reader = read.body.getReader();
  await reader.read();
  reader.releaseLock();
  assertThrows(() => new Request(read), TypeError);
  new Request(read, { body: "..." });
});

test("blob() uses each clone's own Content-Type", async () => {
  const original = new Response("", { headers: [["Content-Type", "text/plain"]] });
  const cloned = original.clone();
  original.headers.set("Content-Type", "text/html");
  assertEquals((await original.blob()).type, "text/html");
  assertEquals((await cloned.blob()).type, "text/plain");
});

test("blob() after the implicit Content-Type was removed has an empty type", async () => {
  const r = new Response(new Blob([""], { type: "a/b" }));
  r.headers.delete("Content-Type");
  assertEquals((await r.blob()).type, "");
});

test("blob() with a combined Content-Type takes the last valid MIME type", async () => {
  const r = new Response("", { headers: [["Content-Type", "text/plain;charset=gbk"], ["Content-Type", "text/html"]] });
  assertEquals((await r.blob()).type, "text/html");
  const r2 = new Response("", { headers: [["Content-Type", "text/html;charset=gbk"], ["Content-Type", "text/html"]] });
  assertEquals((await r2.blob()).type, "text/html;charset=gbk");
});
