// HMAC (W3C Web Cryptography API §29) with the RFC 4231 test cases (SHA-256/384/512) and RFC 2202 (SHA-1).

const hex = (buf) => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, "0")).join("");
const unhex = (h) => new Uint8Array((h.match(/../g) || []).map((x) => parseInt(x, 16)));
const ascii = (s) => new TextEncoder().encode(s);
const repeat = (byte, n) => new Uint8Array(n).fill(byte);
const b64u = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

const importHmac = (key, hash, usages = ["sign", "verify"], extra = {}) =>
  crypto.subtle.importKey("raw", key, { name: "HMAC", hash, ...extra }, true, usages);

// RFC 4231 §4.2–4.8: [key, data, SHA-256, SHA-384, SHA-512]
const rfc4231 = [
  [repeat(0x0b, 20), ascii("Hi There"),
    "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
    "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6",
    "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854"],
  [ascii("Jefe"), ascii("what do ya want for nothing?"),
    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649",
    "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"],
  [repeat(0xaa, 20), repeat(0xdd, 50),
    "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
    "88062608d3e6ad8a0aa2ace014c8a86f0aa635d947ac9febe83ef4e55966144b2a5ab39dc13814b94e3ab6e101a34f27",
    "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb"],
  [unhex("0102030405060708090a0b0c0d0e0f10111213141516171819"), repeat(0xcd, 50),
    "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
    "3e8a69b7783c25851933ab6290af6ca77a9981480850009cc5577c6e1f573b4e6801dd23c4a7d679ccf8a386c674cffb",
    "b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3dba91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd"],
  [repeat(0xaa, 131), ascii("Test Using Larger Than Block-Size Key - Hash Key First"),
    "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
    "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c60c2ef6ab4030fe8296248df163f44952",
    "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f3526b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598"],
  [repeat(0xaa, 131), ascii("This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm."),
    "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
    "6617178e941f020d351e2f254e8fd32c602420feb0b8fb9adccebb82461e99c5a678cc31e799176d3860e6110c46523e",
    "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58"],
];
const caseNames = ["4.2", "4.3", "4.4", "4.5", "4.7", "4.8"];

rfc4231.forEach(([key, data, ...macs], i) => {
  ["SHA-256", "SHA-384", "SHA-512"].forEach((hash, h) => {
    test(`RFC 4231 ${caseNames[i]} HMAC-${hash} sign and verify`, async () => {
      const k = await importHmac(key, hash);
      assertEquals(hex(await crypto.subtle.sign("HMAC", k, data)), macs[h]);
      assertEquals(await crypto.subtle.verify("HMAC", k, unhex(macs[h]), data), true);
    });
  });
});

test("RFC 4231 4.6 (truncation): the first 128 bits match; a truncated MAC does not verify", async () => {
  const k = await importHmac(repeat(0x0c, 20), "SHA-256");
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", k, ascii("Test With Truncation")));
  assertEquals(hex(mac.slice(0, 16)), "a3b6167473100ee06e0c796c2955552b");
  assertEquals(await crypto.subtle.verify("HMAC", k, mac.slice(0, 16), ascii("Test With Truncation")), false);
});

test("RFC 2202 test 1 HMAC-SHA-1", async () => {
  const k = await importHmac(repeat(0x0b, 20), "SHA-1");
  assertEquals(hex(await crypto.subtle.sign({ name: "hmac" }, k, ascii("Hi There"))), "b617318655057264e28bc0b6fb378c8ef146be00");
});

test("verify is false for a changed MAC or changed data", async () => {
  const k = await importHmac(repeat(0x0b, 20), "SHA-256");
  const mac = unhex(rfc4231[0][2]);
  mac[31] ^= 1;
  assertEquals(await crypto.subtle.verify("HMAC", k, mac, ascii("Hi There")), false);
  assertEquals(await crypto.subtle.verify("HMAC", k, unhex(rfc4231[0][2]), ascii("Hi there")), false);
});

test("imported key shape", async () => {
  const k = await importHmac(ascii("Jefe"), { name: "sha-256" }, ["verify", "sign", "sign"]);
  assert(k instanceof CryptoKey, "a CryptoKey");
  assertEquals(k.type, "secret");
  assertEquals(k.extractable, true);
  assertEquals(k.algorithm, { name: "HMAC", length: 32, hash: { name: "SHA-256" } });
  assertEquals(k.usages, ["sign", "verify"]);
});

test("importKey with a length shorter than the data keeps that many bits", async () => {
  const k = await importHmac(repeat(0xff, 4), "SHA-256", ["sign"], { length: 28 });
  assertEquals(k.algorithm.length, 28);
  assertEquals(hex(await crypto.subtle.exportKey("raw", k)), "fffffff0");
});

test("importKey with a length longer than the data rejects with DataError", async () => {
  await assertRejects(() => importHmac(repeat(1, 4), "SHA-256", ["sign"], { length: 40 }), "DataError");
});

test("importKey of empty key data rejects with DataError", async () => {
  await assertRejects(() => importHmac(new Uint8Array(0), "SHA-256"), "DataError");
});

test("generateKey defaults to the hash block size", async () => {
  const k256 = await crypto.subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, true, ["sign"]);
  assertEquals(k256.algorithm, { name: "HMAC", length: 512, hash: { name: "SHA-256" } });
  assertEquals((await crypto.subtle.exportKey("raw", k256)).byteLength, 64);
  const k512 = await crypto.subtle.generateKey({ name: "HMAC", hash: "SHA-512" }, true, ["sign"]);
  assertEquals(k512.algorithm.length, 1024);
  assertEquals((await crypto.subtle.exportKey("raw", k512)).byteLength, 128);
});

test("generateKey with an explicit length; sign/verify round trip", async () => {
  const k = await crypto.subtle.generateKey({ name: "HMAC", hash: "SHA-384", length: 256 }, false, ["sign", "verify"]);
  assertEquals(k.algorithm.length, 256);
  assertEquals(k.extractable, false);
  const mac = await crypto.subtle.sign("HMAC", k, ascii("message"));
  assertEquals(mac.byteLength, 48);
  assertEquals(await crypto.subtle.verify("HMAC", k, mac, ascii("message")), true);
});

test("generateKey with length 0 rejects with OperationError", async () => {
  await assertRejects(() => crypto.subtle.generateKey({ name: "HMAC", hash: "SHA-256", length: 0 }, true, ["sign"]), "OperationError");
});

test("generated keys differ", async () => {
  const a = await crypto.subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, true, ["sign"]);
  const b = await crypto.subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, true, ["sign"]);
  assert(hex(await crypto.subtle.exportKey("raw", a)) !== hex(await crypto.subtle.exportKey("raw", b)), "distinct keys");
});

test("JWK import and export", async () => {
  const key = ascii("Jefe");
  const k = await crypto.subtle.importKey("jwk", { kty: "oct", k: b64u(key), alg: "HS256", ext: true, key_ops: ["sign", "verify"] },
    { name: "HMAC", hash: "SHA-256" }, true, ["sign"]);
  assertEquals(hex(await crypto.subtle.sign("HMAC", k, ascii("what do ya want for nothing?"))), rfc4231[1][2]);
  assertEquals(await crypto.subtle.exportKey("jwk", k), { kty: "oct", k: "SmVmZQ", alg: "HS256", key_ops: ["sign"], ext: true });
});

test("JWK with the wrong alg, use or kty rejects with DataError", async () => {
  const alg = { name: "HMAC", hash: "SHA-256" };
  await assertRejects(() => crypto.subtle.importKey("jwk", { kty: "oct", k: "SmVmZQ", alg: "HS512" }, alg, true, ["sign"]), "DataError");
  await assertRejects(() => crypto.subtle.importKey("jwk", { kty: "oct", k: "SmVmZQ", use: "enc" }, alg, true, ["sign"]), "DataError");
  await assertRejects(() => crypto.subtle.importKey("jwk", { kty: "RSA", k: "SmVmZQ" }, alg, true, ["sign"]), "DataError");
});

test("HMAC keys cannot be imported as spki or pkcs8", async () => {
  await assertRejects(() => crypto.subtle.importKey("spki", new Uint8Array(16), { name: "HMAC", hash: "SHA-256" }, true, ["sign"]), "NotSupportedError");
});

test("usages other than sign/verify reject with SyntaxError", async () => {
  await assertRejects(() => importHmac(ascii("Jefe"), "SHA-256", ["encrypt"]), "SyntaxError");
  await assertRejects(() => crypto.subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, true, ["deriveBits"]), "SyntaxError");
});

test("empty usages reject with SyntaxError", async () => {
  await assertRejects(() => importHmac(ascii("Jefe"), "SHA-256", []), "SyntaxError");
  await assertRejects(() => crypto.subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, true, []), "SyntaxError");
});

test("signing without the sign usage rejects with InvalidAccessError", async () => {
  const k = await importHmac(ascii("Jefe"), "SHA-256", ["verify"]);
  await assertRejects(() => crypto.subtle.sign("HMAC", k, ascii("x")), "InvalidAccessError");
});

test("a key of another algorithm rejects with InvalidAccessError", async () => {
  const aes = await crypto.subtle.importKey("raw", new Uint8Array(16), "AES-GCM", false, ["encrypt"]);
  await assertRejects(() => crypto.subtle.sign("HMAC", aes, ascii("x")), "InvalidAccessError");
});

test("hash is required and must be known", async () => {
  await assertRejects(() => crypto.subtle.importKey("raw", ascii("Jefe"), { name: "HMAC" }, true, ["sign"]), TypeError);
  await assertRejects(() => crypto.subtle.importKey("raw", ascii("Jefe"), { name: "HMAC", hash: "SHA-224" }, true, ["sign"]), "NotSupportedError");
});

test("a key that is not a CryptoKey rejects with TypeError", async () => {
  await assertRejects(() => crypto.subtle.sign("HMAC", { type: "secret" }, ascii("x")), TypeError);
});
