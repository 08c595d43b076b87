// atob / btoa (HTML, forgiving-base64).

function allBytes() {
  let s = "";
  for (let i = 0; i < 256; i++) s += String.fromCharCode(i);
  return s;
}

test("atob and btoa are global functions", () => {
  assertEquals(typeof atob, "function");
  assertEquals(typeof btoa, "function");
  assertEquals(atob.length, 1);
  assertEquals(btoa.length, 1);
  assertEquals(Object.getOwnPropertyDescriptor(globalThis, "atob").enumerable, false);
});

test("btoa encodes with padding", () => {
  assertEquals(btoa(""), "");
  assertEquals(btoa("a"), "YQ==");
  assertEquals(btoa("ab"), "YWI=");
  assertEquals(btoa("abc"), "YWJj");
  assertEquals(btoa("hello"), "aGVsbG8=");
});

test("btoa encodes the high byte range", () => {
  assertEquals(btoa("\u00ff\u00fe\u00fd"), "//79");
});

test("btoa rejects code units above 0xFF with InvalidCharacterError", () => {
  const e = assertThrows(() => btoa("\u0100"), "InvalidCharacterError");
  assert(e instanceof DOMException);
  assertEquals(e.code, 5);
  assertThrows(() => btoa("a\u20acb"), "InvalidCharacterError");
  assertThrows(() => btoa("\ud83d\ude00"), "InvalidCharacterError");
});

test("btoa converts its argument with DOMString rules", () => {
  assertEquals(btoa(12), "MTI=");
  assertEquals(btoa(null), "bnVsbA==");
  assertEquals(btoa(undefined), "dW5kZWZpbmVk");
  assertEquals(btoa({ toString() { return "x"; } }), "eA==");
});

test("btoa with no argument throws TypeError", () => {
  assertThrows(() => btoa(), TypeError);
});

test("btoa of a Symbol throws TypeError", () => {
  assertThrows(() => btoa(Symbol("s")), TypeError);
});

test("atob decodes", () => {
  assertEquals(atob(""), "");
  assertEquals(atob("YQ=="), "a");
  assertEquals(atob("YWI="), "ab");
  assertEquals(atob("YWJj"), "abc");
  assertEquals(atob("aGVsbG8="), "hello");
});

test("atob accepts missing padding", () => {
  assertEquals(atob("YQ"), "a");
  assertEquals(atob("YWI"), "ab");
});

test("atob removes ASCII whitespace anywhere", () => {
  assertEquals(atob(" a G V s\tb G\n8 =\f\r"), "hello");
  assertEquals(atob("YQ= ="), "a");
});

test("atob does not treat other whitespace as ASCII whitespace", () => {
  assertThrows(() => atob("YQ==\u00a0"), "InvalidCharacterError");
  assertThrows(() => atob("YQ==\v"), "InvalidCharacterError");
});

test("atob decodes the high byte range as a byte string", () => {
  const s = atob("//79");
  assertEquals([s.charCodeAt(0), s.charCodeAt(1), s.charCodeAt(2)], [255, 254, 253]);
});

test("atob rejects a length of one modulo four", () => {
  assertThrows(() => atob("a"), "InvalidCharacterError");
  assertThrows(() => atob("abcde"), "InvalidCharacterError");
  assertThrows(() => atob("aGVsbG8=a"), "InvalidCharacterError");
});

test("atob rejects characters outside the alphabet", () => {
  assertThrows(() => atob("a*b="), "InvalidCharacterError");
  assertThrows(() => atob("YQ-_"), "InvalidCharacterError");
  assertThrows(() => atob("\u00ffYQ=="), "InvalidCharacterError");
});

test("atob rejects misplaced or excess padding", () => {
  assertThrows(() => atob("a=aa"), "InvalidCharacterError");
  assertThrows(() => atob("YQ==="), "InvalidCharacterError");
  assertThrows(() => atob("YQ=a"), "InvalidCharacterError");
  assertThrows(() => atob("="), "InvalidCharacterError");
  assertThrows(() => atob("YWJj="), "InvalidCharacterError");
  assertThrows(() => atob("Y==="), "InvalidCharacterError");
});

test("atob accepts padding only when the length is a multiple of four", () => {
  assertEquals(atob("YWI="), "ab");
  assertThrows(() => atob("YQ="), "InvalidCharacterError");
});

test("atob ignores non-zero trailing bits", () => {
  assertEquals(atob("YR=="), "a");
  assertEquals(atob("YWJ="), "ab");
});

test("atob errors are DOMExceptions", () => {
  let error = null;
  try { atob("*"); } catch (e) { error = e; }
  assert(error instanceof DOMException);
  assertEquals(error.name, "InvalidCharacterError");
});

test("atob converts its argument with DOMString rules", () => {
  assertThrows(() => atob(undefined), "InvalidCharacterError"); // "undefined" has 9 characters
  assertEquals(atob(null), "\u009e\u00e9e");
  assertEquals(atob(1234), "\u00d7m\u00f8");
});

test("atob with no argument throws TypeError", () => {
  assertThrows(() => atob(), TypeError);
});

test("every byte value round-trips", () => {
  const binary = allBytes();
  assertEquals(btoa(binary).length, 344);
  assertEquals(atob(btoa(binary)), binary);
});

test("a long input round-trips", () => {
  let s = "";
  for (let i = 0; i < 50000; i++) s += String.fromCharCode((i * 7) & 0xff);
  assertEquals(atob(btoa(s)), s);
});
