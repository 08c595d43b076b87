// crypto.subtle.digest (W3C Web Cryptography API §14.3.5) with the FIPS 180-4 / NIST CSRC example vectors,
// plus the shape of crypto.subtle itself.

const hex = (buf) => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, "0")).join("");
const ascii = (s) => new TextEncoder().encode(s);

const vectors = {
  "SHA-1": {
    "": "da39a3ee5e6b4b0d3255bfef95601890afd80709",
    abc: "a9993e364706816aba3e25717850c26c9cd0d89d",
    long: "84983e441c3bd26ebaae4aa1f95129e5e54670f1",
    million: "34aa973cd4c4daa4f61eeb2bdbad27316534016f",
  },
  "SHA-256": {
    "": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    abc: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    long: "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    million: "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
  },
  "SHA-384": {
    "": "38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b",
    abc: "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7",
    long: "3391fdddfc8dc7393707a65b1b4709397cf8b1d162af05abfe8f450de5f36bc6b0455a8520bc4e6f5fe95b1fe3c8452b",
    million: "9d0e1809716474cb086e834e310a4a1ced149e9c00f248527972cec5704c2a5b07b8b3dc38ecc4ebae97ddd87f3d8985",
  },
  "SHA-512": {
    "": "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e",
    abc: "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
    long: "204a8fc6dda82f0a0ced7beb8e08a41657c16ef468b228a8279be331a703c33596fd15c13b1b07f9aa1d3bea57789ca031ad85c7a71dd70354ec631238ca3445",
    million: "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973ebde0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b",
  },
};
const LONG = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

for (const [name, v] of Object.entries(vectors)) {
  test(`${name} of the empty input`, async () => {
    assertEquals(hex(await crypto.subtle.digest(name, new Uint8Array(0))), v[""]);
  });
  test(`${name} of "abc"`, async () => {
    assertEquals(hex(await crypto.subtle.digest(name, ascii("abc"))), v.abc);
  });
  test(`${name} of the 448-bit message`, async () => {
    assertEquals(hex(await crypto.subtle.digest({ name }, ascii(LONG))), v.long);
  });
  test(`${name} of one million "a"`, async () => {
    assertEquals(hex(await crypto.subtle.digest(name, new Uint8Array(1000000).fill(0x61))), v.million);
  });
}

test("digest resolves with a fresh ArrayBuffer", async () => {
  const a = await crypto.subtle.digest("SHA-256", ascii("abc"));
  const b = await crypto.subtle.digest("SHA-256", ascii("abc"));
  assert(a instanceof ArrayBuffer, "an ArrayBuffer");
  assertEquals(a.byteLength, 32);
  assert(a !== b, "a new buffer per call");
});

test("algorithm names are ASCII case-insensitive, as a string or {name}", async () => {
  for (const alg of ["sha-256", "Sha-256", { name: "sHa-256" }, { name: "SHA-256", extra: 1 }]) {
    assertEquals(hex(await crypto.subtle.digest(alg, ascii("abc"))), vectors["SHA-256"].abc);
  }
});

test("a non-ASCII case variant does not match", async () => {
  // U+017F LATIN SMALL LETTER LONG S upper-cases to "S" in Unicode but not in ASCII.
  await assertRejects(() => crypto.subtle.digest("\u017fHA-256", ascii("abc")), "NotSupportedError");
});

test("accepts an ArrayBuffer, a DataView and a view with an offset", async () => {
  const bytes = ascii("xabcx");
  assertEquals(hex(await crypto.subtle.digest("SHA-1", bytes.slice(1, 4).buffer)), vectors["SHA-1"].abc);
  assertEquals(hex(await crypto.subtle.digest("SHA-1", new DataView(bytes.buffer, 1, 3))), vectors["SHA-1"].abc);
  assertEquals(hex(await crypto.subtle.digest("SHA-1", bytes.subarray(1, 4))), vectors["SHA-1"].abc);
});

test("the input is copied before digest returns", async () => {
  const data = ascii("abc");
  const p = crypto.subtle.digest("SHA-256", data);
  data[0] = 0x7a;
  assertEquals(hex(await p), vectors["SHA-256"].abc);
});

test("unknown hashes reject with NotSupportedError", async () => {
  for (const name of ["SHA-224", "MD5", "SHA3-256", "HMAC", ""]) {
    await assertRejects(() => crypto.subtle.digest(name, ascii("abc")), "NotSupportedError", name);
  }
});

test("an algorithm object without a name rejects with TypeError", async () => {
  await assertRejects(() => crypto.subtle.digest({}, ascii("abc")), TypeError);
});

test("data that is not a BufferSource rejects with TypeError", async () => {
  await assertRejects(() => crypto.subtle.digest("SHA-256", "abc"), TypeError);
  await assertRejects(() => crypto.subtle.digest("SHA-256", [1, 2, 3]), TypeError);
});

test("missing arguments reject with TypeError (and never throw)", async () => {
  let p;
  try { p = crypto.subtle.digest("SHA-256"); } catch (e) { throw new Error("threw synchronously: " + e); }
  assert(p instanceof Promise, "a promise");
  await assertRejects(() => p, TypeError);
});

test("calling on another object rejects with TypeError", async () => {
  await assertRejects(() => SubtleCrypto.prototype.digest.call({}, "SHA-256", ascii("abc")), TypeError);
});

test("crypto.subtle is the one SubtleCrypto", () => {
  assert(crypto.subtle instanceof SubtleCrypto, "instanceof");
  assert(crypto.subtle === crypto.subtle, "same object");
  assertEquals(Object.prototype.toString.call(crypto.subtle), "[object SubtleCrypto]");
  const d = Object.getOwnPropertyDescriptor(Crypto.prototype, "subtle");
  assertEquals(typeof d.get, "function");
  assertEquals(d.set, undefined);
  assertEquals(d.enumerable, true);
});

test("SubtleCrypto and CryptoKey cannot be constructed", () => {
  assertThrows(() => new SubtleCrypto(), TypeError);
  assertThrows(() => new CryptoKey(), TypeError);
  assertThrows(() => SubtleCrypto(), TypeError);
  assertEquals(SubtleCrypto.length, 0);
  assertEquals(CryptoKey.length, 0);
});

test("SubtleCrypto and CryptoKey are non-enumerable globals", () => {
  for (const name of ["SubtleCrypto", "CryptoKey"]) {
    const d = Object.getOwnPropertyDescriptor(globalThis, name);
    assertEquals(typeof d.value, "function", name);
    assertEquals(d.enumerable, false, name);
  }
});

test("SubtleCrypto has the spec's methods", () => {
  for (const m of ["encrypt", "decrypt", "sign", "verify", "digest", "generateKey", "deriveKey", "deriveBits",
    "importKey", "exportKey", "wrapKey", "unwrapKey"]) {
    assertEquals(typeof SubtleCrypto.prototype[m], "function", m);
  }
});

test("timingSafeEqual compares equal-length buffers", () => {
  assertEquals(crypto.subtle.timingSafeEqual(ascii("abc"), ascii("abc")), true);
  assertEquals(crypto.subtle.timingSafeEqual(ascii("abc").buffer, ascii("abd")), false);
  assertEquals(crypto.subtle.timingSafeEqual(new Uint8Array(0), new ArrayBuffer(0)), true);
  assertThrows(() => crypto.subtle.timingSafeEqual(ascii("abc"), ascii("ab")), TypeError);
  assertThrows(() => crypto.subtle.timingSafeEqual("abc", "abc"), TypeError);
});
