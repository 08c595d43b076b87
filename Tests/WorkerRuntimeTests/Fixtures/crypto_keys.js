// CryptoKey and key management (W3C Web Cryptography API §13–14, 18): the CryptoKey interface, algorithm
// normalisation, usages, import/export round trips, the JWK checks, wrapKey/unwrapKey and the error names.

const hex = (buf) => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, "0")).join("");
const unhex = (h) => new Uint8Array((h.match(/../g) || []).map((x) => parseInt(x, 16)));
const ascii = (s) => new TextEncoder().encode(s);

const AES128 = "000102030405060708090a0b0c0d0e0f";
const EC_PKCS8 = "308187020100301306072a8648ce3d020106082a8648ce3d030107046d306b02010104208e9b109e719098bf980487df1f5d77e9cb29606ebed2263b5f57c213df84f4b2a144034200047fcdce2770f6c45d4183cbee6fdb4b7b580733357be9ef13bacf6e3c7bd15445c7f144cd1bbd9b7e872cdfedb9eeb9f4b3695d6ea90b24ad8a4623288588e5ad";
const EC_SPKI = "3059301306072a8648ce3d020106082a8648ce3d030107034200047fcdce2770f6c45d4183cbee6fdb4b7b580733357be9ef13bacf6e3c7bd15445c7f144cd1bbd9b7e872cdfedb9eeb9f4b3695d6ea90b24ad8a4623288588e5ad";
const ECDSA_P256 = { name: "ECDSA", namedCurve: "P-256" };
const aes = (usages = ["encrypt", "decrypt"], extractable = true, name = "AES-GCM") =>
  crypto.subtle.importKey("raw", unhex(AES128), name, extractable, usages);

// ---------------------------------------------------------------------------------------------
// CryptoKey

test("CryptoKey instances and their prototype", async () => {
  const k = await aes();
  assert(k instanceof CryptoKey, "instanceof");
  assertEquals(Object.getPrototypeOf(k), CryptoKey.prototype);
  assertEquals(Object.prototype.toString.call(k), "[object CryptoKey]");
  assertEquals(Object.keys(k), []);
  for (const name of ["type", "extractable", "algorithm", "usages"]) {
    const d = Object.getOwnPropertyDescriptor(CryptoKey.prototype, name);
    assertEquals(typeof d.get, "function", name);
    assertEquals(d.set, undefined, name);
    assertEquals(d.enumerable, true, name);
  }
});

test("CryptoKey getters check their receiver", () => {
  const get = Object.getOwnPropertyDescriptor(CryptoKey.prototype, "type").get;
  assertThrows(() => get.call({}), TypeError);
  assertThrows(() => Object.create(CryptoKey.prototype).algorithm, TypeError);
});

test("algorithm and usages are the same cached objects each time", async () => {
  const k = await aes();
  assert(k.algorithm === k.algorithm, "algorithm cached");
  assert(k.usages === k.usages, "usages cached");
  assert(Array.isArray(k.usages), "usages is an array");
});

test("changing the exposed algorithm or usages does not change the key", async () => {
  const k = await aes(["encrypt"]);
  k.algorithm.name = "AES-CBC";
  k.algorithm.length = 256;
  k.usages.push("decrypt");
  const ct = await crypto.subtle.encrypt({ name: "AES-GCM", iv: new Uint8Array(12) }, k, ascii("x"));
  assertEquals(ct.byteLength, 17);
  await assertRejects(() => crypto.subtle.decrypt({ name: "AES-GCM", iv: new Uint8Array(12) }, k, ct), "InvalidAccessError");
});

test("usages are de-duplicated and put in the spec's order", async () => {
  const k = await aes(["unwrapKey", "decrypt", "encrypt", "decrypt", "wrapKey"]);
  assertEquals(k.usages, ["encrypt", "decrypt", "wrapKey", "unwrapKey"]);
});

test("key material is not reachable from the object", async () => {
  const k = await aes();
  assertEquals(Object.getOwnPropertyNames(k), []);
  assertEquals(Object.getOwnPropertySymbols(k), []);
  assert(!JSON.stringify(k).includes("0001"), "no key bytes in JSON");
});

test("generateKey of a key pair returns a plain CryptoKeyPair", async () => {
  const pair = await crypto.subtle.generateKey(ECDSA_P256, false, ["sign", "verify"]);
  assertEquals(Object.getPrototypeOf(pair), Object.prototype);
  assertEquals(Object.keys(pair).sort(), ["privateKey", "publicKey"]);
  assert(pair.publicKey instanceof CryptoKey && pair.privateKey instanceof CryptoKey, "two CryptoKeys");
  assertEquals(pair.publicKey.extractable, true, "public keys are always extractable");
  assertEquals(pair.privateKey.extractable, false);
});

// ---------------------------------------------------------------------------------------------
// Algorithm normalisation

test("algorithm names are matched case-insensitively and canonicalised", async () => {
  const k = await crypto.subtle.importKey("raw", unhex(AES128), { name: "aes-gcm" }, true, ["encrypt"]);
  assertEquals(k.algorithm.name, "AES-GCM");
  const h = await crypto.subtle.importKey("raw", unhex(AES128), { name: "Hmac", hash: { name: "sha-1" } }, true, ["sign"]);
  assertEquals(h.algorithm, { name: "HMAC", length: 128, hash: { name: "SHA-1" } });
  const e = await crypto.subtle.generateKey({ name: "ecdsa", namedCurve: "P-256" }, true, ["sign"]);
  assertEquals(e.privateKey.algorithm.name, "ECDSA");
});

test("unknown algorithms reject with NotSupportedError", async () => {
  await assertRejects(() => crypto.subtle.importKey("raw", unhex(AES128), "AES-OCB", true, ["encrypt"]), "NotSupportedError");
  await assertRejects(() => crypto.subtle.generateKey({ name: "DSA" }, true, ["sign"]), "NotSupportedError");
  await assertRejects(() => crypto.subtle.importKey("raw", unhex(AES128), { name: 42 }, true, ["encrypt"]), "NotSupportedError");
  await assertRejects(() => crypto.subtle.encrypt({ name: "AES-KW" }, {}, ascii("x")), TypeError);
});

test("an algorithm unsupported for the operation rejects with NotSupportedError", async () => {
  const k = await aes();
  await assertRejects(() => crypto.subtle.sign({ name: "AES-GCM", iv: new Uint8Array(12) }, k, ascii("x")), "NotSupportedError");
  await assertRejects(() => crypto.subtle.digest("HMAC", ascii("x")), "NotSupportedError");
  await assertRejects(() => crypto.subtle.generateKey({ name: "HKDF" }, false, ["deriveBits"]), "NotSupportedError");
});

test("a missing algorithm name is a TypeError; members are read with WebIDL conversions", async () => {
  await assertRejects(() => crypto.subtle.importKey("raw", unhex(AES128), {}, true, ["encrypt"]), TypeError);
  const k = await crypto.subtle.generateKey({ name: "AES-GCM", length: "128" }, true, ["encrypt"]);
  assertEquals(k.algorithm.length, 128);
  await assertRejects(() => crypto.subtle.generateKey({ name: "AES-GCM", length: 1 / 0 }, true, ["encrypt"]), TypeError);
  await assertRejects(() => crypto.subtle.generateKey({ name: "AES-GCM", length: 70000 }, true, ["encrypt"]), TypeError);
});

// ---------------------------------------------------------------------------------------------
// Arguments

test("invalid formats and usages reject with TypeError", async () => {
  await assertRejects(() => crypto.subtle.importKey("pem", unhex(AES128), "AES-GCM", true, ["encrypt"]), TypeError);
  await assertRejects(() => crypto.subtle.importKey("raw", unhex(AES128), "AES-GCM", true, ["Encrypt"]), TypeError);
  await assertRejects(() => crypto.subtle.importKey("raw", unhex(AES128), "AES-GCM", true, "encrypt"), TypeError);
  const k = await aes();
  await assertRejects(() => crypto.subtle.exportKey("RAW", k), TypeError);
});

test("keyData must be a BufferSource for raw/spki/pkcs8 and a dictionary for jwk", async () => {
  await assertRejects(() => crypto.subtle.importKey("raw", { k: "AAAA" }, "AES-GCM", true, ["encrypt"]), TypeError);
  await assertRejects(() => crypto.subtle.importKey("jwk", unhex(AES128), "AES-GCM", true, ["encrypt"]), TypeError);
  await assertRejects(() => crypto.subtle.importKey("jwk", "{}", "AES-GCM", true, ["encrypt"]), TypeError);
});

test("too few arguments reject with TypeError", async () => {
  await assertRejects(() => crypto.subtle.importKey("raw", unhex(AES128), "AES-GCM", true), TypeError);
  await assertRejects(() => crypto.subtle.exportKey("raw"), TypeError);
  await assertRejects(() => crypto.subtle.generateKey({ name: "AES-GCM", length: 128 }, true), TypeError);
});

test("methods never throw synchronously", () => {
  for (const m of ["encrypt", "decrypt", "sign", "verify", "digest", "generateKey", "deriveKey", "deriveBits", "importKey",
    "exportKey", "wrapKey", "unwrapKey"]) {
    const p = crypto.subtle[m]();
    assert(p instanceof Promise, m);
    p.catch(() => {});
  }
});

// ---------------------------------------------------------------------------------------------
// Import and export

test("raw round trip is byte-exact (AES, HMAC)", async () => {
  assertEquals(hex(await crypto.subtle.exportKey("raw", await aes())), AES128);
  const h = await crypto.subtle.importKey("raw", ascii("a secret of any length"), { name: "HMAC", hash: "SHA-256" }, true, ["sign"]);
  assertEquals(hex(await crypto.subtle.exportKey("raw", h)), hex(ascii("a secret of any length")));
});

test("spki and pkcs8 round trips are byte-exact (ECDSA P-256)", async () => {
  const priv = await crypto.subtle.importKey("pkcs8", unhex(EC_PKCS8), ECDSA_P256, true, ["sign"]);
  const pub = await crypto.subtle.importKey("spki", unhex(EC_SPKI), ECDSA_P256, true, ["verify"]);
  assertEquals(hex(await crypto.subtle.exportKey("pkcs8", priv)), EC_PKCS8);
  assertEquals(hex(await crypto.subtle.exportKey("spki", pub)), EC_SPKI);
});

test("export resolves with a fresh ArrayBuffer each time", async () => {
  const k = await aes();
  const a = await crypto.subtle.exportKey("raw", k);
  const b = await crypto.subtle.exportKey("raw", k);
  assert(a instanceof ArrayBuffer && a !== b, "fresh buffers");
  new Uint8Array(a).fill(0);
  assertEquals(hex(await crypto.subtle.exportKey("raw", k)), AES128);
});

test("importKey copies keyData", async () => {
  const data = unhex(AES128);
  const p = crypto.subtle.importKey("raw", data, "AES-GCM", true, ["encrypt"]);
  data.fill(0);
  assertEquals(hex(await crypto.subtle.exportKey("raw", await p)), AES128);
});

test("exporting a non-extractable key rejects with InvalidAccessError", async () => {
  const k = await aes(["encrypt"], false);
  await assertRejects(() => crypto.subtle.exportKey("raw", k), "InvalidAccessError");
  await assertRejects(() => crypto.subtle.exportKey("jwk", k), "InvalidAccessError");
  const h = await crypto.subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  await assertRejects(() => crypto.subtle.exportKey("raw", h), "InvalidAccessError");
});

test("exporting a key in a format of the other key type rejects with InvalidAccessError", async () => {
  const priv = await crypto.subtle.importKey("pkcs8", unhex(EC_PKCS8), ECDSA_P256, true, ["sign"]);
  const pub = await crypto.subtle.importKey("spki", unhex(EC_SPKI), ECDSA_P256, true, ["verify"]);
  await assertRejects(() => crypto.subtle.exportKey("spki", priv), "InvalidAccessError");
  await assertRejects(() => crypto.subtle.exportKey("raw", priv), "InvalidAccessError");
  await assertRejects(() => crypto.subtle.exportKey("pkcs8", pub), "InvalidAccessError");
});

test("pkcs8 and spki data that does not parse, or has trailing bytes, rejects with DataError", async () => {
  await assertRejects(() => crypto.subtle.importKey("pkcs8", unhex(EC_SPKI), ECDSA_P256, true, ["sign"]), "DataError");
  await assertRejects(() => crypto.subtle.importKey("spki", unhex(EC_PKCS8), ECDSA_P256, true, ["verify"]), "DataError");
  await assertRejects(() => crypto.subtle.importKey("spki", unhex(EC_SPKI + "00"), ECDSA_P256, true, ["verify"]), "DataError");
  await assertRejects(() => crypto.subtle.importKey("spki", new Uint8Array(0), ECDSA_P256, true, ["verify"]), "DataError");
});

// ---------------------------------------------------------------------------------------------
// JWK checks

const JWK_AES = { kty: "oct", k: "AAECAwQFBgcICQoLDA0ODw", alg: "A128GCM" };

test("JWK export of a secret key", async () => {
  assertEquals(await crypto.subtle.exportKey("jwk", await aes(["decrypt", "encrypt"])),
    { kty: "oct", k: "AAECAwQFBgcICQoLDA0ODw", alg: "A128GCM", key_ops: ["encrypt", "decrypt"], ext: true });
});

test("JWK key_ops must include every requested usage", async () => {
  await crypto.subtle.importKey("jwk", { ...JWK_AES, key_ops: ["encrypt", "decrypt"] }, "AES-GCM", true, ["encrypt"]);
  await assertRejects(() => crypto.subtle.importKey("jwk", { ...JWK_AES, key_ops: ["encrypt"] }, "AES-GCM", true, ["encrypt", "decrypt"]), "DataError");
});

test("JWK key_ops with duplicates rejects with DataError", async () => {
  await assertRejects(() => crypto.subtle.importKey("jwk", { ...JWK_AES, key_ops: ["encrypt", "encrypt"] }, "AES-GCM", true, ["encrypt"]), "DataError");
});

test("JWK ext false forbids an extractable import", async () => {
  const k = await crypto.subtle.importKey("jwk", { ...JWK_AES, ext: false }, "AES-GCM", false, ["encrypt"]);
  assertEquals(k.extractable, false);
  await assertRejects(() => crypto.subtle.importKey("jwk", { ...JWK_AES, ext: false }, "AES-GCM", true, ["encrypt"]), "DataError");
});

test("JWK use must fit the algorithm when usages are requested", async () => {
  await crypto.subtle.importKey("jwk", { ...JWK_AES, use: "enc" }, "AES-GCM", true, ["encrypt"]);
  await assertRejects(() => crypto.subtle.importKey("jwk", { ...JWK_AES, use: "sig" }, "AES-GCM", true, ["encrypt"]), "DataError");
});

test("JWK without kty, or with k missing or not base64url, rejects with DataError", async () => {
  await assertRejects(() => crypto.subtle.importKey("jwk", { k: JWK_AES.k }, "AES-GCM", true, ["encrypt"]), "DataError");
  await assertRejects(() => crypto.subtle.importKey("jwk", { kty: "oct" }, "AES-GCM", true, ["encrypt"]), "DataError");
  await assertRejects(() => crypto.subtle.importKey("jwk", { kty: "oct", k: "AAECAwQFBgcICQoLDA0ODw==" }, "AES-GCM", true, ["encrypt"]), "DataError");
  await assertRejects(() => crypto.subtle.importKey("jwk", { kty: "oct", k: "AAECAwQFBgcICQoLDA0OD/" }, "AES-GCM", true, ["encrypt"]), "DataError");
});

test("JWK round trip of an EC private key", async () => {
  const priv = await crypto.subtle.importKey("pkcs8", unhex(EC_PKCS8), ECDSA_P256, true, ["sign"]);
  const jwk = await crypto.subtle.exportKey("jwk", priv);
  const back = await crypto.subtle.importKey("jwk", jwk, ECDSA_P256, true, ["sign"]);
  assertEquals(hex(await crypto.subtle.exportKey("pkcs8", back)), EC_PKCS8);
});

// ---------------------------------------------------------------------------------------------
// Usages

test("secret and private keys need usages: SyntaxError", async () => {
  await assertRejects(() => aes([]), "SyntaxError");
  await assertRejects(() => crypto.subtle.importKey("pkcs8", unhex(EC_PKCS8), ECDSA_P256, true, []), "SyntaxError");
});

test("public keys may have no usages", async () => {
  const pub = await crypto.subtle.importKey("spki", unhex(EC_SPKI), ECDSA_P256, true, []);
  assertEquals(pub.usages, []);
});

test("a usage the algorithm does not allow rejects with SyntaxError", async () => {
  await assertRejects(() => aes(["sign"]), "SyntaxError");
  await assertRejects(() => crypto.subtle.importKey("spki", unhex(EC_SPKI), ECDSA_P256, true, ["sign"]), "SyntaxError");
});

test("using a key for an operation it was not imported for rejects with InvalidAccessError", async () => {
  const k = await aes(["decrypt"]);
  await assertRejects(() => crypto.subtle.encrypt({ name: "AES-GCM", iv: new Uint8Array(12) }, k, ascii("x")), "InvalidAccessError");
  const pub = await crypto.subtle.importKey("spki", unhex(EC_SPKI), ECDSA_P256, true, ["verify"]);
  await assertRejects(() => crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, pub, ascii("x")), "InvalidAccessError");
});

// ---------------------------------------------------------------------------------------------
// wrapKey / unwrapKey

test("wrap a JWK with AES-GCM (encrypt fallback) and unwrap it", async () => {
  const kek = await aes(["wrapKey", "unwrapKey"], false);
  const hmac = await crypto.subtle.importKey("raw", ascii("wrapped secret"), { name: "HMAC", hash: "SHA-256" }, true, ["sign"]);
  const params = { name: "AES-GCM", iv: new Uint8Array(12) };
  const wrapped = await crypto.subtle.wrapKey("jwk", hmac, kek, params);
  const json = new TextDecoder().decode(await crypto.subtle.decrypt(params, await aes(["decrypt"]), wrapped));
  assertEquals(JSON.parse(json), { kty: "oct", k: "d3JhcHBlZCBzZWNyZXQ", alg: "HS256", key_ops: ["sign"], ext: true });
  const back = await crypto.subtle.unwrapKey("jwk", wrapped, kek, params, { name: "HMAC", hash: "SHA-256" }, true, ["sign"]);
  assertEquals(hex(await crypto.subtle.exportKey("raw", back)), hex(ascii("wrapped secret")));
});

test("wrap a PKCS#8 key with AES-CBC and unwrap it", async () => {
  const kek = await aes(["wrapKey", "unwrapKey"], false, "AES-CBC");
  const priv = await crypto.subtle.importKey("pkcs8", unhex(EC_PKCS8), ECDSA_P256, true, ["sign"]);
  const params = { name: "AES-CBC", iv: new Uint8Array(16) };
  const wrapped = await crypto.subtle.wrapKey("pkcs8", priv, kek, params);
  const back = await crypto.subtle.unwrapKey("pkcs8", wrapped, kek, params, ECDSA_P256, true, ["sign"]);
  assertEquals(hex(await crypto.subtle.exportKey("pkcs8", back)), EC_PKCS8);
});

test("wrapKey of a non-extractable key rejects with InvalidAccessError", async () => {
  const kek = await aes(["wrapKey"]);
  const key = await aes(["encrypt"], false);
  await assertRejects(() => crypto.subtle.wrapKey("raw", key, kek, { name: "AES-GCM", iv: new Uint8Array(12) }), "InvalidAccessError");
});

test("wrapKey with a key lacking the wrapKey usage rejects with InvalidAccessError", async () => {
  const kek = await aes(["encrypt"]);
  const key = await aes();
  await assertRejects(() => crypto.subtle.wrapKey("raw", key, kek, { name: "AES-GCM", iv: new Uint8Array(12) }), "InvalidAccessError");
});

test("wrapKey with an algorithm that is not the wrapping key's rejects with InvalidAccessError", async () => {
  const kek = await aes(["wrapKey"]);
  const key = await aes();
  await assertRejects(() => crypto.subtle.wrapKey("raw", key, kek, "AES-KW"), "InvalidAccessError");
});

test("wrapKey of a key that cannot be exported rejects with NotSupportedError", async () => {
  const kek = await aes(["wrapKey"]);
  const pbkdf2 = await crypto.subtle.importKey("raw", ascii("pw"), "PBKDF2", false, ["deriveBits"]);
  await assertRejects(() => crypto.subtle.wrapKey("raw", pbkdf2, kek, { name: "AES-GCM", iv: new Uint8Array(12) }), "NotSupportedError");
});

test("wrapKey with an algorithm that can neither wrap nor encrypt rejects with NotSupportedError", async () => {
  const kek = await aes(["wrapKey"]);
  const key = await aes();
  await assertRejects(() => crypto.subtle.wrapKey("raw", key, kek, { name: "HMAC", hash: "SHA-256" }), "NotSupportedError");
});

test("unwrapKey of bytes that are not a JWK rejects with DataError", async () => {
  const kek = await aes(["wrapKey", "unwrapKey", "encrypt"]);
  const params = { name: "AES-GCM", iv: new Uint8Array(12) };
  const notJson = await crypto.subtle.encrypt(params, kek, ascii("not json"));
  await assertRejects(() => crypto.subtle.unwrapKey("jwk", notJson, kek, params, "AES-GCM", true, ["encrypt"]), "DataError");
  const noKty = await crypto.subtle.encrypt(params, kek, ascii("{\"k\":\"AAECAwQFBgcICQoLDA0ODw\"}"));
  await assertRejects(() => crypto.subtle.unwrapKey("jwk", noKty, kek, params, "AES-GCM", true, ["encrypt"]), "DataError");
});

test("unwrapKey with empty usages for a secret key rejects with SyntaxError", async () => {
  const kek = await aes(["wrapKey", "unwrapKey"]);
  const params = { name: "AES-GCM", iv: new Uint8Array(12) };
  const wrapped = await crypto.subtle.wrapKey("raw", await aes(), kek, params);
  await assertRejects(() => crypto.subtle.unwrapKey("raw", wrapped, kek, params, "AES-GCM", true, []), "SyntaxError");
});

// ---------------------------------------------------------------------------------------------
// Serialization

test("structuredClone keeps a CryptoKey", async () => {
  const k = await aes(["encrypt"]);
  const copy = structuredClone(k);
  assert(copy instanceof CryptoKey, "a CryptoKey");
  assertEquals(copy.algorithm, k.algorithm);
  assertEquals(hex(await crypto.subtle.exportKey("raw", copy)), AES128);
});
