// ECDSA and ECDH on P-256/384/521 (W3C Web Cryptography API §23–24): round trips, the RFC 7515 A.3 ES256
// signature (a known-answer verification) and the RFC 5903 §8.1 ECDH P-256 shared secret.

const hex = (buf) => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, "0")).join("");
const unhex = (h) => new Uint8Array((h.match(/../g) || []).map((x) => parseInt(x, 16)));
const ascii = (s) => new TextEncoder().encode(s);
const CURVES = [["P-256", "SHA-256", 64, 256], ["P-384", "SHA-384", 96, 384], ["P-521", "SHA-512", 132, 528]];

// RFC 7515 appendix A.3 (ES256).
const A3_JWK = {
  kty: "EC", crv: "P-256",
  x: "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
  y: "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0",
  d: "jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI",
};
const A3_INPUT = "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
const A3_SIGNATURE = "DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";
const fromB64u = (s) => Uint8Array.from(atob(s.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (s.length % 4)) % 4)), (c) => c.charCodeAt(0));

// RFC 5903 §8.1 (ECDH on P-256): initiator private i, responder public gr, shared x coordinate.
const RFC5903_I_PKCS8 = "308187020100301306072a8648ce3d020106082a8648ce3d030107046d306b0201010420c88f01f510d9ac3f70a292daa2316de544e9aab8afe84049c62a9c57862d1433a14403420004dad0b65394221cf9b051e1feca5787d098dfe637fc90b9ef945d0c37725811805271a0461cdb8252d61f1c456fa3e59ab1f45b33accf5f58389e0577b8990bb3";
const RFC5903_GR = "04d12dfb5289c8d4f81208b70270398c342296970a0bccb74c736fc7554494bf6356fbf3ca366cc23e8157854c13c58d6aac23f046ada30f8353e74f33039872ab";
const RFC5903_GIRX = "d6840f6b42f6edafd13116e0e12565202fef8e9ece7dce03812464d04b9442de";

// ---------------------------------------------------------------------------------------------
// ECDSA

for (const [curve, hash, sigLength] of CURVES) {
  test(`ECDSA ${curve} generateKey, sign and verify`, async () => {
    const { publicKey, privateKey } = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: curve }, false, ["sign", "verify"]);
    assertEquals(publicKey.type, "public");
    assertEquals(privateKey.type, "private");
    assertEquals(publicKey.extractable, true);
    assertEquals(privateKey.extractable, false);
    assertEquals(publicKey.algorithm, { name: "ECDSA", namedCurve: curve });
    assertEquals(publicKey.usages, ["verify"]);
    assertEquals(privateKey.usages, ["sign"]);
    const data = ascii("message to sign");
    const sig = new Uint8Array(await crypto.subtle.sign({ name: "ECDSA", hash }, privateKey, data));
    assertEquals(sig.length, sigLength);
    assertEquals(await crypto.subtle.verify({ name: "ECDSA", hash }, publicKey, sig, data), true);
    assertEquals(await crypto.subtle.verify({ name: "ECDSA", hash }, publicKey, sig, ascii("message to sigN")), false);
    sig[5] ^= 1;
    assertEquals(await crypto.subtle.verify({ name: "ECDSA", hash }, publicKey, sig, data), false);
    assertEquals(await crypto.subtle.verify({ name: "ECDSA", hash }, publicKey, sig.slice(1), data), false);
  });

  test(`ECDSA ${curve} keys round-trip through spki, pkcs8, raw and jwk`, async () => {
    const { publicKey, privateKey } = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: curve }, true, ["sign", "verify"]);
    const alg = { name: "ECDSA", namedCurve: curve };
    const spki = await crypto.subtle.exportKey("spki", publicKey);
    const pkcs8 = await crypto.subtle.exportKey("pkcs8", privateKey);
    const raw = new Uint8Array(await crypto.subtle.exportKey("raw", publicKey));
    assertEquals(raw.length, 1 + 2 * Math.ceil(parseInt(curve.slice(2)) / 8));
    assertEquals(raw[0], 4);
    const jwk = await crypto.subtle.exportKey("jwk", privateKey);
    assertEquals(jwk.kty, "EC");
    assertEquals(jwk.crv, curve);
    assertEquals(jwk.key_ops, ["sign"]);
    assertEquals(jwk.ext, true);
    const pub2 = await crypto.subtle.importKey("spki", spki, alg, true, ["verify"]);
    const priv2 = await crypto.subtle.importKey("pkcs8", pkcs8, alg, true, ["sign"]);
    const pub3 = await crypto.subtle.importKey("raw", raw, alg, true, ["verify"]);
    const priv3 = await crypto.subtle.importKey("jwk", jwk, alg, true, ["sign"]);
    assertEquals(hex(await crypto.subtle.exportKey("spki", pub2)), hex(spki));
    assertEquals(hex(await crypto.subtle.exportKey("pkcs8", priv2)), hex(pkcs8));
    assertEquals(hex(await crypto.subtle.exportKey("spki", pub3)), hex(spki));
    assertEquals(hex(await crypto.subtle.exportKey("pkcs8", priv3)), hex(pkcs8));
    const sig = await crypto.subtle.sign({ name: "ECDSA", hash }, priv3, ascii("x"));
    assertEquals(await crypto.subtle.verify({ name: "ECDSA", hash }, pub3, sig, ascii("x")), true);
  });
}

test("ECDSA P-256 verifies the RFC 7515 A.3 ES256 signature", async () => {
  const { d, ...publicJwk } = A3_JWK;
  const pub = await crypto.subtle.importKey("jwk", publicJwk, { name: "ECDSA", namedCurve: "P-256" }, false, ["verify"]);
  assertEquals(await crypto.subtle.verify({ name: "ECDSA", hash: "SHA-256" }, pub, fromB64u(A3_SIGNATURE), ascii(A3_INPUT)), true);
  assertEquals(await crypto.subtle.verify({ name: "ECDSA", hash: "SHA-384" }, pub, fromB64u(A3_SIGNATURE), ascii(A3_INPUT)), false);
});

test("ECDSA P-256 signs with the RFC 7515 A.3 private key", async () => {
  const priv = await crypto.subtle.importKey("jwk", { ...A3_JWK, alg: "ES256" }, { name: "ECDSA", namedCurve: "P-256" }, true, ["sign"]);
  const pub = await crypto.subtle.importKey("raw", unhex("047fcdce2770f6c45d4183cbee6fdb4b7b580733357be9ef13bacf6e3c7bd15445c7f144cd1bbd9b7e872cdfedb9eeb9f4b3695d6ea90b24ad8a4623288588e5ad"),
    { name: "ECDSA", namedCurve: "P-256" }, true, ["verify"]);
  const sig = await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, priv, ascii(A3_INPUT));
  assertEquals(await crypto.subtle.verify({ name: "ECDSA", hash: "SHA-256" }, pub, sig, ascii(A3_INPUT)), true);
  assertEquals(await crypto.subtle.exportKey("jwk", priv), { kty: "EC", crv: "P-256", x: A3_JWK.x, y: A3_JWK.y, d: A3_JWK.d, key_ops: ["sign"], ext: true });
});

test("ECDSA raw import accepts a compressed point and exports it uncompressed", async () => {
  const pub = await crypto.subtle.importKey("raw", unhex("037fcdce2770f6c45d4183cbee6fdb4b7b580733357be9ef13bacf6e3c7bd15445"),
    { name: "ECDSA", namedCurve: "P-256" }, true, ["verify"]);
  assertEquals(hex(await crypto.subtle.exportKey("raw", pub)),
    "047fcdce2770f6c45d4183cbee6fdb4b7b580733357be9ef13bacf6e3c7bd15445c7f144cd1bbd9b7e872cdfedb9eeb9f4b3695d6ea90b24ad8a4623288588e5ad");
});

test("ECDSA import of a point not on the curve rejects with DataError", async () => {
  const bad = unhex("047fcdce2770f6c45d4183cbee6fdb4b7b580733357be9ef13bacf6e3c7bd15445c7f144cd1bbd9b7e872cdfedb9eeb9f4b3695d6ea90b24ad8a4623288588e5ae");
  await assertRejects(() => crypto.subtle.importKey("raw", bad, { name: "ECDSA", namedCurve: "P-256" }, true, ["verify"]), "DataError");
  await assertRejects(() => crypto.subtle.importKey("jwk", { ...A3_JWK, d: undefined, y: A3_JWK.x }, { name: "ECDSA", namedCurve: "P-256" }, true, ["verify"]), "DataError");
});

test("ECDSA JWK whose d does not match x/y rejects with DataError", async () => {
  const d = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAE";
  await assertRejects(() => crypto.subtle.importKey("jwk", { ...A3_JWK, d }, { name: "ECDSA", namedCurve: "P-256" }, true, ["sign"]), "DataError");
});

test("ECDSA JWK checks: crv, alg and kty", async () => {
  const alg = { name: "ECDSA", namedCurve: "P-256" };
  await assertRejects(() => crypto.subtle.importKey("jwk", { ...A3_JWK, crv: "P-384" }, alg, true, ["sign"]), "DataError");
  await assertRejects(() => crypto.subtle.importKey("jwk", { ...A3_JWK, alg: "ES384" }, alg, true, ["sign"]), "DataError");
  await assertRejects(() => crypto.subtle.importKey("jwk", { ...A3_JWK, kty: "OKP" }, alg, true, ["sign"]), "DataError");
  await assertRejects(() => crypto.subtle.importKey("jwk", { ...A3_JWK, x: undefined }, alg, true, ["sign"]), "DataError");
});

test("ECDSA import of a key on another curve rejects with DataError", async () => {
  const { publicKey } = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-384" }, true, ["verify", "sign"]);
  const spki = await crypto.subtle.exportKey("spki", publicKey);
  await assertRejects(() => crypto.subtle.importKey("spki", spki, { name: "ECDSA", namedCurve: "P-256" }, true, ["verify"]), "DataError");
});

test("ECDSA generateKey: unknown curve is NotSupportedError, missing curve TypeError", async () => {
  await assertRejects(() => crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-192" }, true, ["sign"]), "NotSupportedError");
  await assertRejects(() => crypto.subtle.generateKey({ name: "ECDSA" }, true, ["sign"]), TypeError);
});

test("ECDSA usages: wrong ones are SyntaxError, no private usage is SyntaxError", async () => {
  await assertRejects(() => crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "deriveBits"]), "SyntaxError");
  await assertRejects(() => crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["verify"]), "SyntaxError");
  await assertRejects(() => crypto.subtle.importKey("pkcs8", unhex(RFC5903_I_PKCS8), { name: "ECDSA", namedCurve: "P-256" }, true, ["verify"]), "SyntaxError");
});

test("ECDSA sign needs a hash", async () => {
  const { privateKey } = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign"]);
  await assertRejects(() => crypto.subtle.sign("ECDSA", privateKey, ascii("x")), TypeError);
});

// ---------------------------------------------------------------------------------------------
// ECDH

for (const [curve, , , bits] of CURVES) {
  test(`ECDH ${curve}: two generated pairs agree`, async () => {
    const alg = { name: "ECDH", namedCurve: curve };
    const a = await crypto.subtle.generateKey(alg, false, ["deriveBits"]);
    const b = await crypto.subtle.generateKey(alg, false, ["deriveBits", "deriveKey"]);
    assertEquals(a.publicKey.usages, []);
    assertEquals(b.privateKey.usages, ["deriveKey", "deriveBits"]);
    const ab = await crypto.subtle.deriveBits({ name: "ECDH", public: b.publicKey }, a.privateKey, null);
    const ba = await crypto.subtle.deriveBits({ name: "ECDH", public: a.publicKey }, b.privateKey);
    assertEquals(ab.byteLength * 8, bits);
    assertEquals(hex(ab), hex(ba));
  });
}

test("ECDH P-256 RFC 5903 §8.1 shared secret", async () => {
  const alg = { name: "ECDH", namedCurve: "P-256" };
  const i = await crypto.subtle.importKey("pkcs8", unhex(RFC5903_I_PKCS8), alg, true, ["deriveBits"]);
  const gr = await crypto.subtle.importKey("raw", unhex(RFC5903_GR), alg, true, []);
  assertEquals(hex(await crypto.subtle.deriveBits({ name: "ECDH", public: gr }, i, 256)), RFC5903_GIRX);
  assertEquals(hex(await crypto.subtle.exportKey("pkcs8", i)), RFC5903_I_PKCS8);
});

test("ECDH deriveBits truncates to length and refuses more than the secret", async () => {
  const alg = { name: "ECDH", namedCurve: "P-256" };
  const i = await crypto.subtle.importKey("pkcs8", unhex(RFC5903_I_PKCS8), alg, true, ["deriveBits"]);
  const gr = await crypto.subtle.importKey("raw", unhex(RFC5903_GR), alg, true, []);
  assertEquals(hex(await crypto.subtle.deriveBits({ name: "ECDH", public: gr }, i, 128)), RFC5903_GIRX.slice(0, 32));
  assertEquals(hex(await crypto.subtle.deriveBits({ name: "ECDH", public: gr }, i, 12)), "d680");
  await assertRejects(() => crypto.subtle.deriveBits({ name: "ECDH", public: gr }, i, 264), "OperationError");
});

test("ECDH deriveKey to AES-GCM uses the first bits of the secret", async () => {
  const alg = { name: "ECDH", namedCurve: "P-256" };
  const i = await crypto.subtle.importKey("pkcs8", unhex(RFC5903_I_PKCS8), alg, false, ["deriveKey"]);
  const gr = await crypto.subtle.importKey("raw", unhex(RFC5903_GR), alg, true, []);
  const aes = await crypto.subtle.deriveKey({ name: "ECDH", public: gr }, i, { name: "AES-GCM", length: 128 }, true, ["encrypt"]);
  assertEquals(hex(await crypto.subtle.exportKey("raw", aes)), RFC5903_GIRX.slice(0, 32));
});

test("ECDH with a public key on another curve rejects with InvalidAccessError", async () => {
  const a = await crypto.subtle.generateKey({ name: "ECDH", namedCurve: "P-256" }, false, ["deriveBits"]);
  const b = await crypto.subtle.generateKey({ name: "ECDH", namedCurve: "P-384" }, false, ["deriveBits"]);
  await assertRejects(() => crypto.subtle.deriveBits({ name: "ECDH", public: b.publicKey }, a.privateKey, 256), "InvalidAccessError");
});

test("ECDH with an ECDSA public key or a private key as public rejects with InvalidAccessError", async () => {
  const a = await crypto.subtle.generateKey({ name: "ECDH", namedCurve: "P-256" }, false, ["deriveBits"]);
  const s = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, ["sign"]);
  await assertRejects(() => crypto.subtle.deriveBits({ name: "ECDH", public: s.publicKey }, a.privateKey, 256), "InvalidAccessError");
  await assertRejects(() => crypto.subtle.deriveBits({ name: "ECDH", public: a.privateKey }, a.privateKey, 256), "InvalidAccessError");
});

test("ECDH public must be a CryptoKey", async () => {
  const a = await crypto.subtle.generateKey({ name: "ECDH", namedCurve: "P-256" }, false, ["deriveBits"]);
  await assertRejects(() => crypto.subtle.deriveBits({ name: "ECDH", public: {} }, a.privateKey, 256), TypeError);
  await assertRejects(() => crypto.subtle.deriveBits({ name: "ECDH" }, a.privateKey, 256), TypeError);
});

test("ECDH public keys take no usages; private keys only derive usages", async () => {
  await assertRejects(() => crypto.subtle.importKey("raw", unhex(RFC5903_GR), { name: "ECDH", namedCurve: "P-256" }, true, ["deriveBits"]), "SyntaxError");
  await assertRejects(() => crypto.subtle.generateKey({ name: "ECDH", namedCurve: "P-256" }, true, ["sign"]), "SyntaxError");
});

test("ECDH keys export as JWK without alg", async () => {
  const i = await crypto.subtle.importKey("pkcs8", unhex(RFC5903_I_PKCS8), { name: "ECDH", namedCurve: "P-256" }, true, ["deriveBits"]);
  const jwk = await crypto.subtle.exportKey("jwk", i);
  assertEquals(Object.keys(jwk).sort(), ["crv", "d", "ext", "key_ops", "kty", "x", "y"]);
  assertEquals(jwk.key_ops, ["deriveBits"]);
});
