// TextEncoder and TextDecoder (WHATWG Encoding).

const bytes = (...b) => new Uint8Array(b);

test("TextEncoder.encoding is utf-8", () => {
  assertEquals(new TextEncoder().encoding, "utf-8");
});

test("encode returns a Uint8Array of UTF-8", () => {
  const out = new TextEncoder().encode("a\u00e9\u20ac\ud83d\ude00");
  assert(out instanceof Uint8Array);
  assertEquals(out, bytes(0x61, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80));
});

test("encode() and encode(undefined) give an empty array", () => {
  assertEquals(new TextEncoder().encode().length, 0);
  assertEquals(new TextEncoder().encode(undefined).length, 0);
});

test("encode converts its argument to a string", () => {
  assertEquals(new TextEncoder().encode(12), bytes(0x31, 0x32));
  assertEquals(new TextEncoder().encode(null), bytes(0x6e, 0x75, 0x6c, 0x6c));
});

test("encode replaces lone surrogates with U+FFFD", () => {
  assertEquals(new TextEncoder().encode("\ud800"), bytes(0xef, 0xbf, 0xbd));
  assertEquals(new TextEncoder().encode("\udc00\ud800"), bytes(0xef, 0xbf, 0xbd, 0xef, 0xbf, 0xbd));
});

test("encodeInto reports read and written", () => {
  const dest = new Uint8Array(8);
  const r = new TextEncoder().encodeInto("a\u00e9", dest);
  assertEquals(r, { read: 2, written: 3 });
  assertEquals(Object.keys(r), ["read", "written"]);
  assertEquals(Array.from(dest.subarray(0, 3)), [0x61, 0xc3, 0xa9]);
});

test("encodeInto never splits a code point", () => {
  const dest = new Uint8Array(3);
  const r = new TextEncoder().encodeInto("\ud834\udf06A", dest);
  assertEquals(r, { read: 0, written: 0 });
  assertEquals(dest, bytes(0, 0, 0));
});

test("encodeInto counts read in UTF-16 code units", () => {
  const r = new TextEncoder().encodeInto("\ud834\udf06", new Uint8Array(4));
  assertEquals(r, { read: 2, written: 4 });
});

test("encodeInto writes into a view at an offset", () => {
  const buffer = new Uint8Array(6);
  const r = new TextEncoder().encodeInto("hi", buffer.subarray(2));
  assertEquals(r, { read: 2, written: 2 });
  assertEquals(buffer, bytes(0, 0, 0x68, 0x69, 0, 0));
});

test("encodeInto rejects destinations that are not Uint8Array", () => {
  for (const View of [DataView, Int8Array, Uint16Array, Uint8ClampedArray, Float32Array]) {
    assertThrows(() => new TextEncoder().encodeInto("", new View(new ArrayBuffer(0))), TypeError, View.name);
  }
  assertThrows(() => new TextEncoder().encodeInto("", new ArrayBuffer(1)), TypeError);
});

test("TextDecoder defaults", () => {
  const d = new TextDecoder();
  assertEquals(d.encoding, "utf-8");
  assertEquals(d.fatal, false);
  assertEquals(d.ignoreBOM, false);
});

test("decode() with no input gives the empty string", () => {
  assertEquals(new TextDecoder().decode(), "");
});

test("decode accepts ArrayBuffer, typed arrays and DataView", () => {
  const u8 = bytes(0x61, 0x62, 0x63);
  assertEquals(new TextDecoder().decode(u8.buffer), "abc");
  assertEquals(new TextDecoder().decode(u8.subarray(1)), "bc");
  assertEquals(new TextDecoder().decode(new DataView(u8.buffer, 1, 1)), "b");
  assertEquals(new TextDecoder().decode(new Uint16Array([0x6261])), "ab");
});

test("decode rejects a string", () => {
  assertThrows(() => new TextDecoder().decode("abc"), TypeError);
});

test("decode replaces invalid bytes with U+FFFD", () => {
  assertEquals(new TextDecoder().decode(bytes(0x61, 0xff, 0x62)), "a\ufffdb");
  assertEquals(new TextDecoder().decode(bytes(0xe2, 0x82)), "\ufffd");
  assertEquals(new TextDecoder().decode(bytes(0xc0, 0x80)), "\ufffd\ufffd");
});

test("fatal decode throws TypeError on invalid bytes", () => {
  const d = new TextDecoder("utf-8", { fatal: true });
  assertEquals(d.fatal, true);
  assertThrows(() => d.decode(bytes(0xff)), TypeError);
  assertThrows(() => d.decode(bytes(0xed, 0xa0, 0x80)), TypeError);
});

test("fatal decode throws on an incomplete sequence at the end", () => {
  assertThrows(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes(0xf0, 0x9f, 0x98)), TypeError);
});

test("the BOM is stripped by default", () => {
  assertEquals(new TextDecoder().decode(bytes(0xef, 0xbb, 0xbf, 0x61)), "a");
});

test("only one BOM is stripped", () => {
  assertEquals(new TextDecoder().decode(bytes(0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf)), "\ufeff");
});

test("ignoreBOM keeps the BOM", () => {
  const d = new TextDecoder("utf-8", { ignoreBOM: true });
  assertEquals(d.ignoreBOM, true);
  assertEquals(d.decode(bytes(0xef, 0xbb, 0xbf, 0x61)), "\ufeffa");
});

test("streaming keeps an incomplete sequence between calls", () => {
  const d = new TextDecoder();
  assertEquals(d.decode(bytes(0xf0, 0x9f), { stream: true }), "");
  assertEquals(d.decode(bytes(0x98), { stream: true }), "");
  assertEquals(d.decode(bytes(0x80, 0x21)), "\ud83d\ude00!");
});

test("streaming decodes every chunking of a multi-byte string", () => {
  const text = "h\u00e9\u20ac\ud83d\ude00z";
  const encoded = new TextEncoder().encode(text);
  for (let i = 0; i <= encoded.length; i++) {
    const d = new TextDecoder();
    const out = d.decode(encoded.subarray(0, i), { stream: true }) + d.decode(encoded.subarray(i));
    assertEquals(out, text, "split at " + i);
  }
});

test("streaming strips a BOM split across chunks", () => {
  const d = new TextDecoder();
  assertEquals(d.decode(bytes(0xef, 0xbb), { stream: true }) + d.decode(bytes(0xbf, 0x41)), "A");
});

test("the BOM is stripped only at the start of a stream", () => {
  const d = new TextDecoder();
  assertEquals(d.decode(bytes(0x41), { stream: true }), "A");
  assertEquals(d.decode(bytes(0xef, 0xbb, 0xbf)), "\ufeff");
});

test("a non-stream call finishes the stream, and the next call starts afresh", () => {
  const d = new TextDecoder();
  assertEquals(d.decode(bytes(0xe2), { stream: true }), "");
  assertEquals(d.decode(bytes(0x82, 0xac)), "\u20ac");
  assertEquals(d.decode(bytes(0xef, 0xbb, 0xbf, 0x41)), "A");
  assertEquals(d.decode(bytes(0x82)), "\ufffd");
});

test("an unfinished stream flushes as U+FFFD", () => {
  const d = new TextDecoder();
  assertEquals(d.decode(bytes(0xe2, 0x82), { stream: true }), "");
  assertEquals(d.decode(), "\ufffd");
});

test("an invalid sequence in stream mode is reported right away", () => {
  const d = new TextDecoder();
  assertEquals(d.decode(bytes(0x61, 0xe0, 0x80), { stream: true }), "a\ufffd\ufffd");
});

test("all utf-8 labels are accepted", () => {
  for (const label of ["unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "utf-8", "utf8", "x-unicode20utf8"]) {
    assertEquals(new TextDecoder(label).encoding, "utf-8", label);
  }
});

test("labels are case-insensitive and trimmed of ASCII whitespace", () => {
  assertEquals(new TextDecoder("UTF-8").encoding, "utf-8");
  assertEquals(new TextDecoder(" \t\n\f\rUtF8 \r\n").encoding, "utf-8");
});

test("non-ASCII whitespace is not trimmed", () => {
  assertThrows(() => new TextDecoder("\u00a0utf-8"), RangeError);
});

test("unknown labels throw RangeError", () => {
  assertThrows(() => new TextDecoder("nope"), RangeError);
  assertThrows(() => new TextDecoder(""), RangeError);
  assertThrows(() => new TextDecoder("utf-8 x"), RangeError);
});

test("the replacement encoding throws RangeError", () => {
  assertThrows(() => new TextDecoder("replacement"), RangeError);
  assertThrows(() => new TextDecoder("iso-2022-kr"), RangeError);
});

test("windows-1252 and its labels", () => {
  for (const label of ["windows-1252", "latin1", "iso-8859-1", "ascii", "us-ascii", "cp1252"]) {
    assertEquals(new TextDecoder(label).encoding, "windows-1252", label);
  }
});

test("windows-1252 decodes the 0x80-0x9F range by its table", () => {
  const d = new TextDecoder("windows-1252");
  assertEquals(d.decode(bytes(0x41, 0x80, 0x81, 0x9f, 0xe9, 0xff)), "A\u20ac\u0081\u0178\u00e9\u00ff");
});

test("windows-1252 has no BOM handling", () => {
  assertEquals(new TextDecoder("windows-1252").decode(bytes(0xef, 0xbb, 0xbf)), "\u00ef\u00bb\u00bf");
});

test("utf-16le decodes, with BOM and surrogate pairs", () => {
  const d = new TextDecoder("utf-16le");
  assertEquals(d.encoding, "utf-16le");
  assertEquals(d.decode(bytes(0xff, 0xfe, 0x61, 0x00, 0x3d, 0xd8, 0x00, 0xde)), "a\ud83d\ude00");
});

test("utf-16 is utf-16le", () => {
  assertEquals(new TextDecoder("utf-16").encoding, "utf-16le");
});

test("utf-16be decodes", () => {
  assertEquals(new TextDecoder("utf-16be").decode(bytes(0x00, 0x61, 0x20, 0xac)), "a\u20ac");
});

test("utf-16le streams an odd byte and a split surrogate pair", () => {
  const d = new TextDecoder("utf-16le");
  let out = d.decode(bytes(0x61), { stream: true });
  out += d.decode(bytes(0x00, 0x3d), { stream: true });
  out += d.decode(bytes(0xd8, 0x00), { stream: true });
  out += d.decode(bytes(0xde));
  assertEquals(out, "a\ud83d\ude00");
});

test("utf-16le replaces lone surrogates and a trailing odd byte", () => {
  assertEquals(new TextDecoder("utf-16le").decode(bytes(0x00, 0xdc, 0x61, 0x00, 0x62)), "\ufffda\ufffd");
  assertThrows(() => new TextDecoder("utf-16le", { fatal: true }).decode(bytes(0x00, 0xd8)), TypeError);
});

test("x-user-defined maps high bytes to the private use area", () => {
  assertEquals(new TextDecoder("x-user-defined").decode(bytes(0x41, 0x80, 0xff)), "A\uf780\uf7ff");
});

test("TextDecoder options must be an object", () => {
  assertThrows(() => new TextDecoder("utf-8", 5), TypeError);
});

test("round trip through TextEncoder", () => {
  const text = "a\u00e9\u20ac\ud83d\ude00 \u0000 end";
  assertEquals(new TextDecoder().decode(new TextEncoder().encode(text)), text);
});

test("toString tags and brand checks", () => {
  assertEquals(Object.prototype.toString.call(new TextEncoder()), "[object TextEncoder]");
  assertEquals(Object.prototype.toString.call(new TextDecoder()), "[object TextDecoder]");
  assertThrows(() => TextDecoder.prototype.decode.call({}, new Uint8Array(1)), TypeError);
  assertThrows(() => TextEncoder.prototype.encode.call({}, "x"), TypeError);
});
