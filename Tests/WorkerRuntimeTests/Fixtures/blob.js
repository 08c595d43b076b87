// Blob and File (W3C File API).

const text = (blob) => blob.text();
async function streamBytes(stream) {
  const reader = stream.getReader();
  const out = [];
  for (let r = await reader.read(); !r.done; r = await reader.read()) out.push(...r.value);
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Shape

test("Blob and File are globals with the right tags and lengths", () => {
  assertEquals(Object.prototype.toString.call(new Blob()), "[object Blob]");
  assertEquals(Object.prototype.toString.call(new File([], "f")), "[object File]");
  assertEquals([Blob.length, File.length], [0, 2]);
  assertEquals(Object.getPrototypeOf(File), Blob);
  assertEquals(Object.getPrototypeOf(File.prototype), Blob.prototype);
});

test("prototypes have exactly the WebIDL members", () => {
  assertEquals(Object.getOwnPropertyNames(Blob.prototype).sort(),
    ["arrayBuffer", "bytes", "constructor", "size", "slice", "stream", "text", "type"]);
  assertEquals(Object.getOwnPropertyNames(File.prototype).sort(), ["constructor", "lastModified", "name"]);
});

test("members are brand-checked", async () => {
  const size = Object.getOwnPropertyDescriptor(Blob.prototype, "size").get;
  assertThrows(() => size.call({}), TypeError);
  await assertRejects(() => Blob.prototype.text.call({}), TypeError);
  await assertRejects(() => Blob.prototype.arrayBuffer.call({}), TypeError);
  const name = Object.getOwnPropertyDescriptor(File.prototype, "name").get;
  assertThrows(() => name.call(new Blob()), TypeError);
});

// ---------------------------------------------------------------------------------------------------
// Constructor

test("an empty Blob", async () => {
  const b = new Blob();
  assertEquals([b.size, b.type], [0, ""]);
  assertEquals(await b.text(), "");
  assertEquals(new Blob([]).size, 0);
});

test("string parts are UTF-8", async () => {
  const b = new Blob(["h\u00e9", "\u{1F600}"]);
  assertEquals(b.size, 7);
  assertEquals(await b.text(), "h\u00e9\u{1F600}");
});

test("lone surrogates become U+FFFD", async () => {
  const b = new Blob(["\ud800"]);
  assertEquals(b.size, 3);
  assertEquals(Array.from(await b.bytes()), [0xef, 0xbf, 0xbd]);
});

test("a surrogate pair split across two string parts is two U+FFFD", () => {
  assertEquals(new Blob(["\ud83d", "\ude00"]).size, 6);
});

test("BufferSource parts: ArrayBuffer, typed arrays, DataView", async () => {
  const buffer = new Uint8Array([1, 2, 3, 4]).buffer;
  const b = new Blob([buffer, new Uint8Array(buffer, 1, 2), new DataView(buffer, 3, 1), new Float64Array(1)]);
  assertEquals(b.size, 4 + 2 + 1 + 8);
  assertEquals(Array.from((await b.bytes()).subarray(0, 7)), [1, 2, 3, 4, 2, 3, 4]);
});

test("Blob parts are included", async () => {
  const inner = new Blob(["in"]);
  assertEquals(await new Blob(["<", inner, ">"]).text(), "<in>");
});

test("parts are copied at construction", async () => {
  const bytes = new Uint8Array([1, 2]);
  const b = new Blob([bytes]);
  bytes[0] = 9;
  assertEquals(Array.from(await b.bytes()), [1, 2]);
});

test("blobParts that are not sequences throw TypeError", () => {
  for (const bad of [null, 1, true, "fail", {}, new Date(), /re/]) {
    assertThrows(() => new Blob(bad), TypeError, String(bad));
  }
});

test("a String object is a sequence of its characters", async () => {
  assertEquals(await new Blob(new String("xyz")).text(), "xyz");
});

test("a Uint8Array as blobParts is a sequence of numbers", async () => {
  assertEquals(await new Blob(new Uint8Array([1, 2, 3])).text(), "123");
});

test("any object with @@iterator is a sequence", async () => {
  const parts = { *[Symbol.iterator]() { yield "a"; yield "b"; } };
  assertEquals(await new Blob(parts).text(), "ab");
});

test("other values are converted with ToString", async () => {
  assertEquals(await new Blob([1, null, undefined, { toString() { return "o"; } }]).text(), "1nullundefinedo");
});

test("parts are evaluated left to right while iterating", async () => {
  const arr = [
    { toString() { arr.pop(); return "PASS"; } },
    { toString() {} },
    { toString() { throw new Error("should have been removed"); } },
  ];
  assertEquals(await new Blob(arr).text(), "PASSundefined");
});

test("exceptions from the iteration propagate", () => {
  const error = { name: "test" };
  const obj = { [Symbol.iterator]: Array.prototype[Symbol.iterator], get length() { throw error; } };
  assertEquals(assertThrows(() => new Blob(obj)), error);
});

test("a non-callable @@iterator throws TypeError", () => {
  assertThrows(() => new Blob({ [Symbol.iterator]: 1 }), TypeError);
});

// ---------------------------------------------------------------------------------------------------
// type and endings

test("the type is ASCII-lower-cased", () => {
  assertEquals(new Blob([], { type: "Text/Plain;Charset=UTF-8" }).type, "text/plain;charset=utf-8");
  assertEquals(new Blob([], { type: "a b" }).type, "a b");
});

test("a type with characters outside U+0020–U+007E becomes empty", () => {
  assertEquals(new Blob([], { type: "text/pl\u00e4in" }).type, "");
  assertEquals(new Blob([], { type: "text/plain\n" }).type, "");
  assertEquals(new Blob([], { type: "\u0000" }).type, "");
});

test("options are read in order: endings, then type", () => {
  const seen = [];
  new Blob([], { get type() { seen.push("type"); return ""; }, get endings() { seen.push("endings"); return undefined; } });
  assertEquals(seen, ["endings", "type"]);
});

test("options must be an object or undefined", () => {
  assertThrows(() => new Blob([], 1), TypeError);
  new Blob([], null);
  new Blob([], undefined);
});

test("an invalid endings value throws TypeError", () => {
  assertThrows(() => new Blob([], { endings: "invalid" }), TypeError);
  assertThrows(() => new Blob([], { endings: "" }), TypeError);
});

test("endings 'native' converts CRLF, CR and LF to LF; 'transparent' keeps them", async () => {
  assertEquals(await new Blob(["a\r\nb\rc\nd"], { endings: "native" }).text(), "a\nb\nc\nd");
  assertEquals(await new Blob(["a\r\nb"], { endings: "transparent" }).text(), "a\r\nb");
  assertEquals(await new Blob(["a\r\nb"]).text(), "a\r\nb");
});

test("endings conversion applies per string part, not to bytes", async () => {
  assertEquals(await new Blob(["a\r", "\nb"], { endings: "native" }).text(), "a\n\nb");
  assertEquals(Array.from(await new Blob([new Uint8Array([13, 10])], { endings: "native" }).bytes()), [13, 10]);
});

// ---------------------------------------------------------------------------------------------------
// slice

test("slice without arguments copies everything, with an empty type", async () => {
  const b = new Blob(["abcdef"], { type: "text/plain" });
  const s = b.slice();
  assertEquals([s.size, s.type], [6, ""]);
  assertEquals(await s.text(), "abcdef");
  assert(s !== b);
});

test("slice with start and end", async () => {
  const b = new Blob(["abcdef"]);
  assertEquals(await b.slice(2).text(), "cdef");
  assertEquals(await b.slice(1, 3).text(), "bc");
  assertEquals(await b.slice(0, 100).text(), "abcdef");
  assertEquals(await b.slice(100).text(), "");
});

test("slice with negative indices counts from the end", async () => {
  const b = new Blob(["abcdef"]);
  assertEquals(await b.slice(-2).text(), "ef");
  assertEquals(await b.slice(-4, -1).text(), "cde");
  assertEquals(await b.slice(-100, 2).text(), "ab");
  assertEquals(await b.slice(1, -100).text(), "");
});

test("slice with start after end is empty", () => {
  assertEquals(new Blob(["abcdef"]).slice(4, 2).size, 0);
});

test("slice arguments are clamped and rounded half to even", async () => {
  const b = new Blob(["abcdef"]);
  assertEquals(await b.slice(1.5).text(), "cdef");
  assertEquals(await b.slice(2.5).text(), "cdef");
  assertEquals(await b.slice(NaN, "3").text(), "abc");
  assertEquals(await b.slice(-Infinity, Infinity).text(), "abcdef");
});

test("slice's contentType is lower-cased, or empty when invalid", () => {
  const b = new Blob(["x"]);
  assertEquals(b.slice(0, 1, "Text/HTML").type, "text/html");
  assertEquals(b.slice(0, 1, "t\u00e9xt").type, "");
  assertEquals(b.slice(0, 1, undefined).type, "");
});

test("slices across parts and slices of slices", async () => {
  const b = new Blob(["ab", new Uint8Array([99, 100]), new Blob(["ef"])]);
  assertEquals(await b.slice(1, 5).text(), "bcde");
  assertEquals(await b.slice(1, 5).slice(1, 3).text(), "cd");
});

test("slicing a File gives a Blob", () => {
  const s = new File(["abc"], "f.txt").slice(1);
  assertEquals(s instanceof File, false);
  assert(s instanceof Blob);
});

// ---------------------------------------------------------------------------------------------------
// Reading

test("text() strips a UTF-8 BOM and replaces invalid bytes", async () => {
  assertEquals(await new Blob(["\ufeffa"]).text(), "a");
  assertEquals(await new Blob([new Uint8Array([0x61, 0xff])]).text(), "a\ufffd");
});

test("arrayBuffer() returns a fresh ArrayBuffer each time", async () => {
  const b = new Blob(["ab"]);
  const a1 = await b.arrayBuffer(), a2 = await b.arrayBuffer();
  assert(a1 instanceof ArrayBuffer);
  assert(a1 !== a2);
  assertEquals(Array.from(new Uint8Array(a1)), [97, 98]);
});

test("bytes() returns a fresh Uint8Array; changing it does not change the blob", async () => {
  const b = new Blob(["ab"]);
  const bytes = await b.bytes();
  assert(bytes instanceof Uint8Array);
  bytes[0] = 0;
  assertEquals(await b.text(), "ab");
});

test("the reading methods return promises", () => {
  const b = new Blob(["x"]);
  assert(b.text() instanceof Promise);
  assert(b.arrayBuffer() instanceof Promise);
  assert(b.bytes() instanceof Promise);
});

test("stream() yields the bytes and closes", async () => {
  const b = new Blob(["ab", new Uint8Array([1])]);
  const s = b.stream();
  assert(s instanceof ReadableStream);
  assertEquals(await streamBytes(s), [97, 98, 1]);
  assert(b.stream() !== b.stream());
});

test("stream() of an empty blob is closed", async () => {
  assertEquals(await new Blob().stream().getReader().read(), { value: undefined, done: true });
});

test("stream() is a byte stream", async () => {
  const reader = new Blob(["abc"]).stream().getReader({ mode: "byob" });
  const { value } = await reader.read(new Uint8Array(2));
  assertEquals(Array.from(value), [97, 98]);
  assertEquals(Array.from((await reader.read(new Uint8Array(2))).value), [99]);
  assertEquals((await reader.read(new Uint8Array(2))).done, true);
});

test("changing a chunk read from stream() does not change the blob", async () => {
  const b = new Blob(["ab"]);
  const { value } = await b.stream().getReader().read();
  value[0] = 0;
  assertEquals(await b.text(), "ab");
});

test("a Blob subclass works", async () => {
  class MyBlob extends Blob {}
  const b = new MyBlob(["x"]);
  assert(b instanceof MyBlob);
  assertEquals(await b.text(), "x");
});

// ---------------------------------------------------------------------------------------------------
// File

test("a File has name, lastModified, size and type", () => {
  const f = new File(["abc"], "a.txt", { type: "Text/Plain", lastModified: 42 });
  assertEquals([f.name, f.lastModified, f.size, f.type], ["a.txt", 42, 3, "text/plain"]);
  assert(f instanceof Blob);
});

test("lastModified defaults to now", () => {
  const before = Date.now();
  const f = new File([], "x");
  const after = Date.now();
  assert(f.lastModified >= before && f.lastModified <= after);
});

test("lastModified is converted as a long long", () => {
  assertEquals(new File([], "x", { lastModified: new Date(12345) }).lastModified, 12345);
  assertEquals(new File([], "x", { lastModified: 1.9 }).lastModified, 1);
  assertEquals(new File([], "x", { lastModified: -5 }).lastModified, -5);
  assertEquals(new File([], "x", { lastModified: NaN }).lastModified, 0);
  assertEquals(new File([], "x", { lastModified: "12" }).lastModified, 12);
  assertEquals(new File([], "x", { lastModified: 2 ** 63 }).lastModified, -(2 ** 63));
});

test("File needs two arguments", () => {
  assertThrows(() => new File(), TypeError);
  assertThrows(() => new File([]), TypeError);
});

test("the file name is a USVString", () => {
  assertEquals(new File([], "a\ud800b").name, "a\ufffdb");
  assertEquals(new File([], 12).name, "12");
  assertEquals(new File([], "").name, "");
});

test("File options are read in order: endings, type, lastModified", () => {
  const seen = [];
  new File([], "f", {
    get lastModified() { seen.push("lastModified"); return 1; },
    get type() { seen.push("type"); return ""; },
    get endings() { seen.push("endings"); return "transparent"; },
  });
  assertEquals(seen, ["endings", "type", "lastModified"]);
});

test("a File can be a part of a Blob", async () => {
  assertEquals(await new Blob([new File(["in"], "f"), "!"]).text(), "in!");
});

test("File contents honour endings", async () => {
  assertEquals(await new File(["a\r\nb"], "f", { endings: "native" }).text(), "a\nb");
});
