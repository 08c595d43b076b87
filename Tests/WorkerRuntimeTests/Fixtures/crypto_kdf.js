// PBKDF2 and HKDF (W3C Web Cryptography API §30–31): RFC 6070 (PBKDF2-HMAC-SHA1), the widely published
// PBKDF2-HMAC-SHA256 vectors and RFC 7914 §11, RFC 5869 appendix A (HKDF); deriveKey built on them.

const hex = (buf) => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, "0")).join("");
const unhex = (h) => new Uint8Array((h.match(/../g) || []).map((x) => parseInt(x, 16)));
const ascii = (s) => new TextEncoder().encode(s);
const range = (from, to) => Uint8Array.from({ length: to - from }, (_, i) => from + i);

const pbkdf2Key = (password, usages = ["deriveBits", "deriveKey"]) =>
  crypto.subtle.importKey("raw", ascii(password), "PBKDF2", false, usages);
const hkdfKey = (ikm, usages = ["deriveBits", "deriveKey"]) => crypto.subtle.importKey("raw", ikm, "HKDF", false, usages);
const pbkdf2 = async (hash, password, salt, iterations, bits) =>
  hex(await crypto.subtle.deriveBits({ name: "PBKDF2", hash, salt: ascii(salt), iterations }, await pbkdf2Key(password), bits));

// ---------------------------------------------------------------------------------------------
// PBKDF2

test("RFC 6070 PBKDF2-HMAC-SHA1, 1 iteration", async () => {
  assertEquals(await pbkdf2("SHA-1", "password", "salt", 1, 160), "0c60c80f961f0e71f3a9b524af6012062fe037a6");
});

test("RFC 6070 PBKDF2-HMAC-SHA1, 2 iterations", async () => {
  assertEquals(await pbkdf2("SHA-1", "password", "salt", 2, 160), "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957");
});

test("RFC 6070 PBKDF2-HMAC-SHA1, 4096 iterations", async () => {
  assertEquals(await pbkdf2("SHA-1", "password", "salt", 4096, 160), "4b007901b765489abead49d926f721d065a429c1");
});

test("RFC 6070 PBKDF2-HMAC-SHA1, long password and salt, 25-byte output", async () => {
  assertEquals(await pbkdf2("SHA-1", "passwordPASSWORDpassword", "saltSALTsaltSALTsaltSALTsaltSALTsalt", 4096, 200),
    "3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038");
});

test("RFC 6070 PBKDF2-HMAC-SHA1 with NUL bytes", async () => {
  assertEquals(await pbkdf2("SHA-1", "pass\0word", "sa\0lt", 4096, 128), "56fa6aa75548099dcc37d7f03425e0c3");
});

test("PBKDF2-HMAC-SHA256 \"password\"/\"salt\" at 1, 2 and 4096 iterations", async () => {
  assertEquals(await pbkdf2("SHA-256", "password", "salt", 1, 256), "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b");
  assertEquals(await pbkdf2("SHA-256", "password", "salt", 2, 256), "ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43");
  assertEquals(await pbkdf2("SHA-256", "password", "salt", 4096, 256), "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a");
});

test("RFC 7914 §11 PBKDF2-HMAC-SHA256 vectors", async () => {
  assertEquals(await pbkdf2("SHA-256", "passwd", "salt", 1, 512),
    "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783");
  assertEquals(await pbkdf2("SHA-256", "Password", "NaCl", 80000, 512),
    "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d");
});

test("PBKDF2-HMAC-SHA512", async () => {
  assertEquals(await pbkdf2("SHA-512", "password", "salt", 1, 512),
    "867f70cf1ade02cff3752599a3a53dc4af34c7a669815ae5d513554e1c8cf252c02d470a285a0501bad999bfe943c08f050235d7d68b1da55e63f73b60a57fce");
});

test("PBKDF2 accepts an empty password", async () => {
  assertEquals(await pbkdf2("SHA-256", "", "salt", 1, 256), "f135c27993baf98773c5cdb40a5706ce6a345cde61b000a67858650cd6a324d7");
});

test("PBKDF2 key shape", async () => {
  const k = await pbkdf2Key("password");
  assertEquals(k.type, "secret");
  assertEquals(k.extractable, false);
  assertEquals(k.algorithm, { name: "PBKDF2" });
  assertEquals(k.usages, ["deriveKey", "deriveBits"]);
});

test("PBKDF2 deriveBits: a null length, or one that is not a multiple of 8, is an OperationError", async () => {
  const k = await pbkdf2Key("password");
  const params = { name: "PBKDF2", hash: "SHA-256", salt: ascii("salt"), iterations: 1 };
  await assertRejects(() => crypto.subtle.deriveBits(params, k, null), "OperationError");
  await assertRejects(() => crypto.subtle.deriveBits(params, k), "OperationError");
  await assertRejects(() => crypto.subtle.deriveBits(params, k, 12), "OperationError");
});

test("PBKDF2 deriveBits with zero iterations is an OperationError", async () => {
  const k = await pbkdf2Key("password");
  await assertRejects(() => crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt: ascii("salt"), iterations: 0 }, k, 256), "OperationError");
});

test("PBKDF2 deriveBits with length 0 is empty", async () => {
  const k = await pbkdf2Key("password");
  const out = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt: ascii("salt"), iterations: 1 }, k, 0);
  assertEquals(out.byteLength, 0);
});

test("PBKDF2 iteration counts above 100000 are refused (like Cloudflare)", async () => {
  const k = await pbkdf2Key("password");
  await assertRejects(() => crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt: ascii("salt"), iterations: 100001 }, k, 256), "NotSupportedError");
});

test("PBKDF2 output is limited to 255 hash lengths (a platform limit, like the iteration cap)", async () => {
  const k = await pbkdf2Key("password");
  const params = { name: "PBKDF2", hash: "SHA-1", salt: ascii("salt"), iterations: 1 };
  assertEquals((await crypto.subtle.deriveBits(params, k, 255 * 160)).byteLength, 255 * 20);
  await assertRejects(() => crypto.subtle.deriveBits(params, k, 255 * 160 + 8), "OperationError");
});

test("PBKDF2 parameters are required", async () => {
  const k = await pbkdf2Key("password");
  await assertRejects(() => crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", iterations: 1 }, k, 256), TypeError);
  await assertRejects(() => crypto.subtle.deriveBits({ name: "PBKDF2", salt: ascii("s"), iterations: 1 }, k, 256), TypeError);
  await assertRejects(() => crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt: ascii("s") }, k, 256), TypeError);
  await assertRejects(() => crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt: ascii("s"), iterations: -1 }, k, 256), TypeError);
});

test("PBKDF2 keys must not be extractable, and only raw import is supported", async () => {
  await assertRejects(() => crypto.subtle.importKey("raw", ascii("pw"), "PBKDF2", true, ["deriveBits"]), "SyntaxError");
  await assertRejects(() => crypto.subtle.importKey("jwk", { kty: "oct", k: "cHc" }, "PBKDF2", false, ["deriveBits"]), "NotSupportedError");
  await assertRejects(() => crypto.subtle.importKey("raw", ascii("pw"), "PBKDF2", false, ["sign"]), "SyntaxError");
});

test("PBKDF2 keys cannot be exported or generated", async () => {
  const k = await pbkdf2Key("password");
  await assertRejects(() => crypto.subtle.exportKey("raw", k), "NotSupportedError");
  await assertRejects(() => crypto.subtle.generateKey("PBKDF2", false, ["deriveBits"]), "NotSupportedError");
});

test("deriveBits without the deriveBits usage rejects with InvalidAccessError", async () => {
  const k = await pbkdf2Key("password", ["deriveKey"]);
  await assertRejects(() => crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt: ascii("s"), iterations: 1 }, k, 256), "InvalidAccessError");
});

test("PBKDF2 deriveKey to AES-GCM equals deriveBits of the key length", async () => {
  const k = await pbkdf2Key("password");
  const params = { name: "PBKDF2", hash: "SHA-256", salt: ascii("salt"), iterations: 4096 };
  const aes = await crypto.subtle.deriveKey(params, k, { name: "AES-GCM", length: 256 }, true, ["encrypt", "decrypt"]);
  assertEquals(aes.algorithm, { name: "AES-GCM", length: 256 });
  assertEquals(aes.usages, ["encrypt", "decrypt"]);
  assertEquals(hex(await crypto.subtle.exportKey("raw", aes)), "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a");
});

test("deriveKey without the deriveKey usage rejects with InvalidAccessError", async () => {
  const k = await pbkdf2Key("password", ["deriveBits"]);
  const params = { name: "PBKDF2", hash: "SHA-256", salt: ascii("salt"), iterations: 1 };
  await assertRejects(() => crypto.subtle.deriveKey(params, k, { name: "AES-GCM", length: 128 }, true, ["encrypt"]), "InvalidAccessError");
});

test("deriveKey to an algorithm without a key length rejects with NotSupportedError", async () => {
  const k = await pbkdf2Key("password");
  const params = { name: "PBKDF2", hash: "SHA-256", salt: ascii("salt"), iterations: 1 };
  await assertRejects(() => crypto.subtle.deriveKey(params, k, { name: "ECDH", namedCurve: "P-256" }, true, ["deriveBits"]), "NotSupportedError");
});

test("deriveKey with an invalid AES length rejects with OperationError", async () => {
  const k = await pbkdf2Key("password");
  const params = { name: "PBKDF2", hash: "SHA-256", salt: ascii("salt"), iterations: 1 };
  await assertRejects(() => crypto.subtle.deriveKey(params, k, { name: "AES-CBC", length: 100 }, true, ["encrypt"]), "OperationError");
});

test("deriveKey with empty usages rejects with SyntaxError", async () => {
  const k = await pbkdf2Key("password");
  const params = { name: "PBKDF2", hash: "SHA-256", salt: ascii("salt"), iterations: 1 };
  await assertRejects(() => crypto.subtle.deriveKey(params, k, { name: "AES-CBC", length: 128 }, true, []), "SyntaxError");
});

// ---------------------------------------------------------------------------------------------
// HKDF (RFC 5869 appendix A)

const hkdf = async (hash, ikm, salt, info, bits) =>
  hex(await crypto.subtle.deriveBits({ name: "HKDF", hash, salt, info }, await hkdfKey(ikm), bits));

test("RFC 5869 A.1 (SHA-256, basic)", async () => {
  assertEquals(await hkdf("SHA-256", new Uint8Array(22).fill(0x0b), unhex("000102030405060708090a0b0c"), unhex("f0f1f2f3f4f5f6f7f8f9"), 336),
    "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
});

test("RFC 5869 A.2 (SHA-256, longer inputs and outputs)", async () => {
  assertEquals(await hkdf("SHA-256", range(0x00, 0x50), range(0x60, 0xb0), range(0xb0, 0x100), 656),
    "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87");
});

test("RFC 5869 A.3 (SHA-256, empty salt and info)", async () => {
  assertEquals(await hkdf("SHA-256", new Uint8Array(22).fill(0x0b), new Uint8Array(0), new Uint8Array(0), 336),
    "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
});

test("RFC 5869 A.4 (SHA-1)", async () => {
  assertEquals(await hkdf("SHA-1", new Uint8Array(11).fill(0x0b), unhex("000102030405060708090a0b0c"), unhex("f0f1f2f3f4f5f6f7f8f9"), 336),
    "085a01ea1b10f36933068b56efa5ad81a4f14b822f5b091568a9cdd4f155fda2c22e422478d305f3f896");
});

test("RFC 5869 A.7 (SHA-1, empty salt and info)", async () => {
  assertEquals(await hkdf("SHA-1", new Uint8Array(22).fill(0x0c), new Uint8Array(0), new Uint8Array(0), 336),
    "2c91117204d745f3500d636a62f64f0ab3bae548aa53d423b0d1f27ebba6f5e5673a081d70cce7acfc48");
});

test("HKDF accepts empty input keying material", async () => {
  assertEquals(await hkdf("SHA-256", new Uint8Array(0), new Uint8Array(0), new Uint8Array(0), 256),
    "eb70f01dede9afafa449eee1b1286504e1f62388b3f7dd4f956697b0e828fe18");
});

test("HKDF cannot derive more than 255 hash lengths", async () => {
  const k = await hkdfKey(new Uint8Array(16));
  const params = { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: new Uint8Array(0) };
  assertEquals((await crypto.subtle.deriveBits(params, k, 255 * 256)).byteLength, 255 * 32);
  await assertRejects(() => crypto.subtle.deriveBits(params, k, 255 * 256 + 8), "OperationError");
});

test("HKDF deriveBits: a null length or a partial byte is an OperationError", async () => {
  const k = await hkdfKey(new Uint8Array(16));
  const params = { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: new Uint8Array(0) };
  await assertRejects(() => crypto.subtle.deriveBits(params, k, null), "OperationError");
  await assertRejects(() => crypto.subtle.deriveBits(params, k, 9), "OperationError");
});

test("HKDF salt and info are required", async () => {
  const k = await hkdfKey(new Uint8Array(16));
  await assertRejects(() => crypto.subtle.deriveBits({ name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0) }, k, 256), TypeError);
  await assertRejects(() => crypto.subtle.deriveBits({ name: "HKDF", hash: "SHA-256", info: new Uint8Array(0) }, k, 256), TypeError);
});

test("HKDF keys: raw only, not extractable, derive usages", async () => {
  const k = await hkdfKey(new Uint8Array(16));
  assertEquals(k.algorithm, { name: "HKDF" });
  await assertRejects(() => crypto.subtle.importKey("raw", new Uint8Array(16), "HKDF", true, ["deriveKey"]), "SyntaxError");
  await assertRejects(() => crypto.subtle.importKey("spki", new Uint8Array(16), "HKDF", false, ["deriveKey"]), "NotSupportedError");
  await assertRejects(() => crypto.subtle.importKey("raw", new Uint8Array(16), "HKDF", false, ["encrypt"]), "SyntaxError");
});

test("HKDF deriveKey to HMAC uses the hash block size as the length", async () => {
  const k = await hkdfKey(new Uint8Array(22).fill(0x0b));
  const params = { name: "HKDF", hash: "SHA-256", salt: unhex("000102030405060708090a0b0c"), info: unhex("f0f1f2f3f4f5f6f7f8f9") };
  const mac = await crypto.subtle.deriveKey(params, k, { name: "HMAC", hash: "SHA-256" }, true, ["sign"]);
  assertEquals(mac.algorithm, { name: "HMAC", length: 512, hash: { name: "SHA-256" } });
  const raw = hex(await crypto.subtle.exportKey("raw", mac));
  assertEquals(raw.slice(0, 84), "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
  assertEquals(raw, hex(await crypto.subtle.deriveBits(params, k, 512)));
});

test("HKDF deriveKey to AES-KW", async () => {
  const k = await hkdfKey(new Uint8Array(32));
  const params = { name: "HKDF", hash: "SHA-512", salt: new Uint8Array(8), info: ascii("wrap") };
  const kw = await crypto.subtle.deriveKey(params, k, { name: "AES-KW", length: 192 }, false, ["wrapKey"]);
  assertEquals(kw.algorithm, { name: "AES-KW", length: 192 });
  assertEquals(kw.extractable, false);
});
