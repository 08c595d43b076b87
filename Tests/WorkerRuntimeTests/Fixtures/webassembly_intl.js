// WebAssembly (V8 built-in) and Intl (ICU) as a worker sees them.

// (module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))
const wasmAdd = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,             // magic, version 1
  0x01, 0x07, 0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f,       // type section: (i32, i32) -> i32
  0x03, 0x02, 0x01, 0x00,                                     // function section: func 0 has type 0
  0x07, 0x07, 0x01, 0x03, 0x61, 0x64, 0x64, 0x00, 0x00,       // export section: "add" = func 0
  0x0a, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b, // code: local.get 0, local.get 1, i32.add, end
]);

// (module (import "env" "log" (func (param i32))) (memory (export "mem") 1)
//   (func (export "run") (param i32) local.get 0 call 0))
const wasmImports = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  0x01, 0x05, 0x01, 0x60, 0x01, 0x7f, 0x00,                   // type 0: (i32) -> ()
  0x02, 0x0b, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x03, 0x6c, 0x6f, 0x67, 0x00, 0x00, // import env.log: func type 0
  0x03, 0x02, 0x01, 0x00,                                     // func 1 has type 0
  0x05, 0x03, 0x01, 0x00, 0x01,                               // memory: min 1 page
  0x07, 0x0d, 0x02, 0x03, 0x6d, 0x65, 0x6d, 0x02, 0x00, 0x03, 0x72, 0x75, 0x6e, 0x00, 0x01, // exports mem, run
  0x0a, 0x08, 0x01, 0x06, 0x00, 0x20, 0x00, 0x10, 0x00, 0x0b, // code: local.get 0, call 0, end
]);

/** Async WebAssembly work settles through V8 platform tasks; fail (not hang) if they never run. */
function wiSettles(promise, what) {
  return Promise.race([
    promise,
    new Promise((_, reject) => setTimeout(() => reject(new Error(what + " did not settle within 1 s")), 1000)),
  ]);
}

test("WebAssembly.validate accepts a valid module and rejects garbage", () => {
  assertEquals(WebAssembly.validate(wasmAdd), true);
  assertEquals(WebAssembly.validate(new Uint8Array([0, 1, 2, 3])), false);
  assertEquals(WebAssembly.validate(wasmAdd.subarray(0, wasmAdd.length - 1)), false);
});

test("WebAssembly.compile + instantiate(module) run an exported function", async () => {
  const module = await wiSettles(WebAssembly.compile(wasmAdd), "WebAssembly.compile");
  assert(module instanceof WebAssembly.Module);
  assertEquals(WebAssembly.Module.exports(module), [{ name: "add", kind: "function" }]);
  const instance = await wiSettles(WebAssembly.instantiate(module), "WebAssembly.instantiate(module)");
  assert(instance instanceof WebAssembly.Instance);
  assertEquals(instance.exports.add(2, 40), 42);
  assertEquals(instance.exports.add(0x7fffffff, 1), -0x80000000, "i32 wraps around");
});

test("WebAssembly.instantiate(bytes) gives { module, instance }", async () => {
  const { module, instance } = await wiSettles(WebAssembly.instantiate(wasmAdd), "WebAssembly.instantiate(bytes)");
  assert(module instanceof WebAssembly.Module);
  assertEquals(instance.exports.add(-5, 3), -2);
});

test("synchronous Module and Instance constructors work", () => {
  const instance = new WebAssembly.Instance(new WebAssembly.Module(wasmAdd));
  assertEquals(instance.exports.add(1, 1), 2);
});

test("imports are called and exported memory is visible", async () => {
  const logged = [];
  const { instance } = await wiSettles(WebAssembly.instantiate(wasmImports, { env: { log: (v) => logged.push(v) } }), "WebAssembly.instantiate(bytes, imports)");
  instance.exports.run(7);
  instance.exports.run(-1);
  assertEquals(logged, [7, -1]);
  assert(instance.exports.mem instanceof WebAssembly.Memory);
  assertEquals(instance.exports.mem.buffer.byteLength, 65536);
});

test("a missing import rejects with LinkError or TypeError", async () => {
  const e = await assertRejects(() => wiSettles(WebAssembly.instantiate(wasmImports, {}), "WebAssembly.instantiate"));
  assert(!/did not settle/.test(e.message), e.message);
  assert(e instanceof WebAssembly.LinkError || e instanceof TypeError, "got " + e);
});

test("compiling garbage rejects with CompileError", async () => {
  await assertRejects(() => wiSettles(WebAssembly.compile(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x02, 0, 0, 0])), "WebAssembly.compile"), WebAssembly.CompileError);
  assertThrows(() => new WebAssembly.Module(new Uint8Array([1, 2, 3])), WebAssembly.CompileError);
});

test("instantiateStreaming and compileStreaming read an application/wasm Response", async () => {
  const response = () => new Response(wasmAdd, { headers: { "content-type": "application/wasm" } });
  const { instance } = await wiSettles(WebAssembly.instantiateStreaming(response()), "instantiateStreaming");
  assertEquals(instance.exports.add(20, 22), 42);
  const module = await wiSettles(WebAssembly.compileStreaming(Promise.resolve(response())), "compileStreaming");
  assert(module instanceof WebAssembly.Module);
  await assertRejects(() => WebAssembly.instantiateStreaming(new Response(wasmAdd)), TypeError);
  await assertRejects(() => WebAssembly.compileStreaming(wasmAdd), TypeError);
});

test("the promise entry points keep their WebIDL shape", () => {
  for (const [name, length] of [["compile", 1], ["instantiate", 1], ["compileStreaming", 1], ["instantiateStreaming", 1]]) {
    const d = Object.getOwnPropertyDescriptor(WebAssembly, name);
    assertEquals([typeof d.value, d.writable, d.enumerable, d.configurable], ["function", true, true, true], name);
    assertEquals([d.value.name, d.value.length], [name, length], name);
  }
  assertThrows(() => new WebAssembly.compile(wasmAdd), TypeError);
});

test("compile of a non-BufferSource rejects with TypeError", async () => {
  await assertRejects(() => wiSettles(WebAssembly.compile("nope"), "compile"), TypeError);
  await assertRejects(() => wiSettles(WebAssembly.instantiate(42), "instantiate"), TypeError);
});

test("WebAssembly.Memory grows", () => {
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 2 });
  assertEquals(memory.buffer.byteLength, 65536);
  assertEquals(memory.grow(1), 1);
  assertEquals(memory.buffer.byteLength, 131072);
  assertThrows(() => memory.grow(1), RangeError);
});

test("Intl.NumberFormat de-DE currency EUR", () => {
  assertEquals(new Intl.NumberFormat("de-DE", { style: "currency", currency: "EUR" }).format(1234.5), "1.234,50\u00a0\u20ac");
});

test("Intl.NumberFormat en-US, ja-JP, en-IN and compact notation", () => {
  assertEquals(new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" }).format(1234.5), "$1,234.50");
  assertEquals(new Intl.NumberFormat("ja-JP", { style: "currency", currency: "JPY" }).format(1234), "\uffe51,234");
  assertEquals(new Intl.NumberFormat("en-IN").format(1234567.891), "12,34,567.891");
  assertEquals(new Intl.NumberFormat("en", { notation: "compact" }).format(1234567), "1.2M");
  assertEquals(new Intl.NumberFormat("de-DE", { style: "percent" }).format(0.256), "26\u00a0%");
});

test("Intl.DateTimeFormat fr-FR in UTC", () => {
  assertEquals(new Intl.DateTimeFormat("fr-FR", { timeZone: "UTC" }).format(new Date(0)), "01/01/1970");
  assertEquals(new Intl.DateTimeFormat("fr-FR", { timeZone: "UTC", dateStyle: "full" }).format(new Date(0)), "jeudi 1 janvier 1970");
  assertEquals(new Intl.DateTimeFormat("en-US", { timeZone: "UTC" }).format(new Date(0)), "1/1/1970");
  assertEquals(new Intl.DateTimeFormat("de-DE", { timeZone: "UTC", month: "long" }).format(new Date(0)), "Januar");
});

test("Intl.DateTimeFormat with a named time zone", () => {
  const f = new Intl.DateTimeFormat("en-US", { timeZone: "America/New_York", hour: "numeric", hour12: false });
  assertEquals(f.format(new Date(Date.UTC(2024, 0, 1, 12))), "07");
  assertEquals(f.resolvedOptions().timeZone, "America/New_York");
});

test("toLocaleString uses ICU", () => {
  assertEquals((1234.5).toLocaleString("de-DE"), "1.234,5");
  assertEquals(new Date(0).toLocaleDateString("en-GB", { timeZone: "UTC" }), "01/01/1970");
  assertEquals("\u0130".toLocaleLowerCase("tr"), "i");
});

test("Intl.Collator, PluralRules, RelativeTimeFormat, ListFormat, Segmenter", () => {
  assertEquals(["\u00e4", "a", "z"].sort(new Intl.Collator("de").compare), ["a", "\u00e4", "z"]);
  assertEquals(["\u00e4", "a", "z"].sort(new Intl.Collator("sv").compare), ["a", "z", "\u00e4"]);
  assertEquals(new Intl.PluralRules("en-US").select(1), "one");
  assertEquals(new Intl.PluralRules("en-US", { type: "ordinal" }).select(2), "two");
  assertEquals(new Intl.RelativeTimeFormat("en", { numeric: "auto" }).format(-1, "day"), "yesterday");
  assertEquals(new Intl.ListFormat("en", { type: "conjunction" }).format(["a", "b", "c"]), "a, b, and c");
  const words = [...new Intl.Segmenter("en", { granularity: "word" }).segment("Hello, world")].filter((s) => s.isWordLike).map((s) => s.segment);
  assertEquals(words, ["Hello", "world"]);
});

test("Intl.DisplayNames and supportedLocalesOf", () => {
  assertEquals(new Intl.DisplayNames(["en"], { type: "region" }).of("DE"), "Germany");
  assertEquals(new Intl.DisplayNames(["de"], { type: "language" }).of("fr"), "Franz\u00f6sisch");
  assertEquals(Intl.NumberFormat.supportedLocalesOf(["de-DE", "fr-FR", "ja-JP"]), ["de-DE", "fr-FR", "ja-JP"]);
});
