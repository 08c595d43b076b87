// TextEncoderStream and TextDecoderStream (WHATWG Encoding §7).

async function readAllChunks(stream) {
  const reader = stream.getReader();
  const chunks = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return chunks;
    chunks.push(value);
  }
}
/** Writes `chunks` to a transform pair and returns everything the readable produced. */
async function run(pair, chunks) {
  const writer = pair.writable.getWriter();
  const reading = readAllChunks(pair.readable);
  for (const chunk of chunks) writer.write(chunk).catch(() => {});
  writer.close().catch(() => {});
  return reading;
}
const bytes = (...b) => new Uint8Array(b);
const flat = (chunks) => chunks.flatMap((c) => Array.from(c));

// ---------------------------------------------------------------------------------------------------
// TextEncoderStream

test("TextEncoderStream has encoding, readable and writable", () => {
  const s = new TextEncoderStream();
  assertEquals(s.encoding, "utf-8");
  assert(s.readable instanceof ReadableStream);
  assert(s.writable instanceof WritableStream);
  assertEquals(Object.getOwnPropertyNames(TextEncoderStream.prototype).sort(), ["constructor", "encoding", "readable", "writable"]);
  assertEquals(Object.prototype.toString.call(s), "[object TextEncoderStream]");
});

test("TextEncoderStream getters are brand-checked", () => {
  const getter = Object.getOwnPropertyDescriptor(TextEncoderStream.prototype, "readable").get;
  assertThrows(() => getter.call({}), TypeError);
  assertThrows(() => getter.call(new TextDecoderStream()), TypeError);
});

test("strings become UTF-8 Uint8Array chunks", async () => {
  const chunks = await run(new TextEncoderStream(), ["hi", "\u00e9"]);
  assert(chunks.every((c) => c instanceof Uint8Array));
  assertEquals(chunks.map((c) => Array.from(c)), [[104, 105], [0xc3, 0xa9]]);
});

test("an empty string produces no chunk", async () => {
  const chunks = await run(new TextEncoderStream(), ["", "a", ""]);
  assertEquals(chunks.length, 1);
});

test("non-string chunks are converted with ToString", async () => {
  const chunks = await run(new TextEncoderStream(), [12, { toString() { return "x"; } }, null]);
  assertEquals(flat(chunks), [49, 50, 120, 110, 117, 108, 108]);
});

test("a surrogate pair split across chunks is one code point", async () => {
  const chunks = await run(new TextEncoderStream(), ["a\ud83d", "\ude00b"]);
  assertEquals(flat(chunks), [97, 0xf0, 0x9f, 0x98, 0x80, 98]);
});

test("a lone lead surrogate at the end is flushed as U+FFFD", async () => {
  const chunks = await run(new TextEncoderStream(), ["a\ud83d"]);
  assertEquals(flat(chunks), [97, 0xef, 0xbf, 0xbd]);
});

test("a lead surrogate followed by a non-surrogate becomes U+FFFD", async () => {
  const chunks = await run(new TextEncoderStream(), ["\ud83d", "b"]);
  assertEquals(flat(chunks), [0xef, 0xbf, 0xbd, 98]);
});

test("a lone trail surrogate becomes U+FFFD", async () => {
  const chunks = await run(new TextEncoderStream(), ["\ude00"]);
  assertEquals(flat(chunks), [0xef, 0xbf, 0xbd]);
});

test("a Symbol chunk rejects the write with TypeError and errors the stream", async () => {
  const s = new TextEncoderStream();
  const writer = s.writable.getWriter();
  s.readable.getReader().read().catch(() => {});
  await assertRejects(() => writer.write(Symbol()), TypeError);
  await assertRejects(() => s.readable.getReader().closed, TypeError);
});

test("pipeThrough a TextEncoderStream", async () => {
  const source = ReadableStream.from(["ab", "c"]);
  const chunks = await readAllChunks(source.pipeThrough(new TextEncoderStream()));
  assertEquals(flat(chunks), [97, 98, 99]);
});

// ---------------------------------------------------------------------------------------------------
// TextDecoderStream

test("TextDecoderStream has encoding, fatal, ignoreBOM, readable and writable", () => {
  const s = new TextDecoderStream();
  assertEquals([s.encoding, s.fatal, s.ignoreBOM], ["utf-8", false, false]);
  assertEquals(Object.getOwnPropertyNames(TextDecoderStream.prototype).sort(),
    ["constructor", "encoding", "fatal", "ignoreBOM", "readable", "writable"]);
  assertEquals(Object.prototype.toString.call(s), "[object TextDecoderStream]");
});

test("the options and label are reflected", () => {
  const s = new TextDecoderStream("UTF-16LE", { fatal: true, ignoreBOM: true });
  assertEquals([s.encoding, s.fatal, s.ignoreBOM], ["utf-16le", true, true]);
  assertEquals(new TextDecoderStream("latin1").encoding, "windows-1252");
});

test("an unknown label throws RangeError", () => {
  assertThrows(() => new TextDecoderStream("nope"), RangeError);
  assertThrows(() => new TextDecoderStream("replacement"), RangeError);
});

test("bytes become string chunks", async () => {
  const chunks = await run(new TextDecoderStream(), [bytes(104, 105), bytes(33)]);
  assertEquals(chunks, ["hi", "!"]);
});

test("a multi-byte sequence split across chunks decodes once complete", async () => {
  const chunks = await run(new TextDecoderStream(), [bytes(0xe2), bytes(0x82), bytes(0xac, 0x41)]);
  assertEquals(chunks, ["\u20ac" + "A"]);
});

test("chunks that produce no text produce no output chunk", async () => {
  const chunks = await run(new TextDecoderStream(), [bytes(), bytes(0xc3), bytes(0xa9)]);
  assertEquals(chunks, ["\u00e9"]);
});

test("a BOM is stripped by default and kept with ignoreBOM", async () => {
  assertEquals(await run(new TextDecoderStream(), [bytes(0xef, 0xbb), bytes(0xbf, 0x61)]), ["a"]);
  assertEquals(await run(new TextDecoderStream("utf-8", { ignoreBOM: true }), [bytes(0xef, 0xbb, 0xbf, 0x61)]), ["\ufeffa"]);
});

test("invalid bytes become U+FFFD", async () => {
  assertEquals((await run(new TextDecoderStream(), [bytes(0x61, 0xff, 0x62)])).join(""), "a\ufffdb");
});

test("an incomplete sequence at the end is flushed as U+FFFD", async () => {
  assertEquals((await run(new TextDecoderStream(), [bytes(0x61, 0xe2, 0x82)])).join(""), "a\ufffd");
});

test("fatal: invalid bytes reject the write with TypeError", async () => {
  const s = new TextDecoderStream("utf-8", { fatal: true });
  const writer = s.writable.getWriter();
  s.readable.getReader().read().catch(() => {});
  await assertRejects(() => writer.write(bytes(0xff)), TypeError);
  await assertRejects(() => writer.closed, TypeError);
});

test("fatal: an incomplete sequence at close rejects close with TypeError", async () => {
  const s = new TextDecoderStream("utf-8", { fatal: true });
  const writer = s.writable.getWriter();
  const reader = s.readable.getReader();
  writer.write(bytes(0xe2));
  reader.read().catch(() => {});
  await assertRejects(() => writer.close(), TypeError);
  await assertRejects(() => reader.closed, TypeError);
});

test("ArrayBuffer and DataView chunks are accepted", async () => {
  const chunks = await run(new TextDecoderStream(), [bytes(0x61).buffer, new DataView(bytes(0x62, 0x63).buffer, 1)]);
  assertEquals(chunks.join(""), "ac");
});

test("a chunk that is not a BufferSource rejects with TypeError", async () => {
  const s = new TextDecoderStream();
  s.readable.getReader().read().catch(() => {});
  await assertRejects(() => s.writable.getWriter().write("text"), TypeError);
});

test("UTF-16LE and windows-1252 decoding", async () => {
  assertEquals((await run(new TextDecoderStream("utf-16le"), [bytes(0x61), bytes(0x00, 0x62, 0x00)])).join(""), "ab");
  assertEquals((await run(new TextDecoderStream("windows-1252"), [bytes(0x80, 0xe9)])).join(""), "\u20ac\u00e9");
});

test("an encoder stream piped into a decoder stream round-trips", async () => {
  const text = ["h\u00e9llo ", "w\ud83d", "\ude00rld"];
  const out = await readAllChunks(ReadableStream.from(text).pipeThrough(new TextEncoderStream()).pipeThrough(new TextDecoderStream()));
  assertEquals(out.join(""), "h\u00e9llo w\u{1F600}rld");
});

test("a Response body piped through a TextDecoderStream", async () => {
  const out = await readAllChunks(new Response("caf\u00e9").body.pipeThrough(new TextDecoderStream()));
  assertEquals(out.join(""), "caf\u00e9");
});

test("the writable side has the default high-water mark of 1", () => {
  assertEquals(new TextDecoderStream().writable.getWriter().desiredSize, 1);
  assertEquals(new TextEncoderStream().writable.getWriter().desiredSize, 1);
});

test("TextDecoderStream does not use a patched TextDecoder.prototype.decode", async () => {
  const decode = TextDecoder.prototype.decode;
  TextDecoder.prototype.decode = () => "patched";
  try {
    assertEquals(await run(new TextDecoderStream(), [bytes(0x61)]), ["a"]);
  } finally {
    TextDecoder.prototype.decode = decode;
  }
});
