// AES-GCM, AES-CBC, AES-CTR and AES-KW (W3C Web Cryptography API §25–28) with known-answer vectors:
// GCM test cases of McGrew–Viega / NIST, SP 800-38A F.2 (CBC) and F.5 (CTR), RFC 3394 §4 (key wrap).

const hex = (buf) => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, "0")).join("");
const unhex = (h) => new Uint8Array((h.match(/../g) || []).map((x) => parseInt(x, 16)));
const ascii = (s) => new TextEncoder().encode(s);
const aesKey = (bytes, name, usages = ["encrypt", "decrypt"], extractable = true) =>
  crypto.subtle.importKey("raw", unhex(bytes), name, extractable, usages);

// ---------------------------------------------------------------------------------------------
// AES-GCM

const GCM_K = "feffe9928665731c6d6a8f9467308308";
const GCM_IV = "cafebabefacedbaddecaf888";
const GCM_P = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39";
const GCM_A = "feedfacedeadbeeffeedfacedeadbeefabaddad2";

test("AES-GCM test case 1: empty plaintext gives just the tag", async () => {
  const k = await aesKey("00000000000000000000000000000000", "AES-GCM");
  const out = await crypto.subtle.encrypt({ name: "AES-GCM", iv: new Uint8Array(12) }, k, new Uint8Array(0));
  assertEquals(hex(out), "58e2fccefa7e3061367f1d57a4e7455a");
});

test("AES-GCM test case 2", async () => {
  const k = await aesKey("00000000000000000000000000000000", "AES-GCM");
  const out = await crypto.subtle.encrypt({ name: "AES-GCM", iv: new Uint8Array(12) }, k, new Uint8Array(16));
  assertEquals(hex(out), "0388dace60b6a392f328c2b971b2fe78" + "ab6e47d42cec13bdf53a67b21257bddf");
});

test("AES-GCM test case 4 (128-bit key, additional data) encrypt and decrypt", async () => {
  const k = await aesKey(GCM_K, "AES-GCM");
  const params = { name: "AES-GCM", iv: unhex(GCM_IV), additionalData: unhex(GCM_A) };
  const expected = "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091" +
    "5bc94fbc3221a5db94fae95ae7121a47";
  assertEquals(hex(await crypto.subtle.encrypt(params, k, unhex(GCM_P))), expected);
  assertEquals(hex(await crypto.subtle.decrypt(params, k, unhex(expected))), GCM_P);
});

test("AES-GCM test case 10 (192-bit key)", async () => {
  const k = await aesKey(GCM_K + "feffe9928665731c", "AES-GCM");
  const out = await crypto.subtle.encrypt({ name: "AES-GCM", iv: unhex(GCM_IV), additionalData: unhex(GCM_A) }, k, unhex(GCM_P));
  assertEquals(hex(out), "3980ca0b3c00e841eb06fac4872a2757859e1ceaa6efd984628593b40ca1e19c7d773d00c144c525ac619d18c84a3f4718e2448b2fe324d9ccda2710" +
    "2519498e80f1478f37ba55bd6d27618c");
});

test("AES-GCM test case 16 (256-bit key)", async () => {
  const k = await aesKey(GCM_K + GCM_K, "AES-GCM");
  const out = await crypto.subtle.encrypt({ name: "AES-GCM", iv: unhex(GCM_IV), additionalData: unhex(GCM_A) }, k, unhex(GCM_P));
  assertEquals(hex(out), "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662" +
    "76fc6ece0f4e1768cddf8853bb2d551b");
});

test("AES-GCM shorter tags are prefixes of the full tag", async () => {
  const k = await aesKey(GCM_K, "AES-GCM");
  const fullTag = "5bc94fbc3221a5db94fae95ae7121a47";
  for (const tagLength of [32, 64, 96, 104, 112, 120, 128]) {
    const params = { name: "AES-GCM", iv: unhex(GCM_IV), additionalData: unhex(GCM_A), tagLength };
    const out = new Uint8Array(await crypto.subtle.encrypt(params, k, unhex(GCM_P)));
    assertEquals(out.length, 60 + tagLength / 8, `tagLength ${tagLength}`);
    assertEquals(hex(out.slice(60)), fullTag.slice(0, tagLength / 4), `tagLength ${tagLength}`);
    assertEquals(hex(await crypto.subtle.decrypt(params, k, out)), GCM_P, `tagLength ${tagLength}`);
  }
});

test("AES-GCM rejects invalid tag lengths with OperationError", async () => {
  const k = await aesKey(GCM_K, "AES-GCM");
  for (const tagLength of [0, 8, 16, 48, 127]) {
    await assertRejects(() => crypto.subtle.encrypt({ name: "AES-GCM", iv: unhex(GCM_IV), tagLength }, k, ascii("x")), "OperationError", `${tagLength}`);
  }
});

test("AES-GCM decryption with a wrong tag, AAD or key rejects with OperationError", async () => {
  const k = await aesKey(GCM_K, "AES-GCM");
  const params = { name: "AES-GCM", iv: unhex(GCM_IV), additionalData: unhex(GCM_A) };
  const ct = new Uint8Array(await crypto.subtle.encrypt(params, k, unhex(GCM_P)));
  const bad = ct.slice();
  bad[bad.length - 1] ^= 1;
  await assertRejects(() => crypto.subtle.decrypt(params, k, bad), "OperationError");
  await assertRejects(() => crypto.subtle.decrypt({ name: "AES-GCM", iv: unhex(GCM_IV) }, k, ct), "OperationError");
  const other = await aesKey("00000000000000000000000000000000", "AES-GCM");
  await assertRejects(() => crypto.subtle.decrypt(params, other, ct), "OperationError");
  await assertRejects(() => crypto.subtle.decrypt(params, k, ct.slice(0, 15)), "OperationError");
});

test("AES-GCM without an iv rejects with TypeError", async () => {
  const k = await aesKey(GCM_K, "AES-GCM");
  await assertRejects(() => crypto.subtle.encrypt("AES-GCM", k, ascii("x")), TypeError);
  await assertRejects(() => crypto.subtle.encrypt({ name: "AES-GCM", iv: "not bytes" }, k, ascii("x")), TypeError);
});

test("AES-GCM generateKey/encrypt/decrypt round trip with a 256-bit key", async () => {
  const k = await crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"]);
  assertEquals(k.algorithm, { name: "AES-GCM", length: 256 });
  assertEquals(k.type, "secret");
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ct = await crypto.subtle.encrypt({ name: "AES-GCM", iv }, k, ascii("hello, workers"));
  assertEquals(ct.byteLength, 14 + 16);
  assertEquals(new TextDecoder().decode(await crypto.subtle.decrypt({ name: "AES-GCM", iv }, k, ct)), "hello, workers");
});

// ---------------------------------------------------------------------------------------------
// AES-CBC (SP 800-38A F.2.1 / F.2.5, with the PKCS#7 padding block WebCrypto adds)

const SP_KEY128 = "2b7e151628aed2a6abf7158809cf4f3c";
const SP_KEY256 = "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4";
const SP_PLAIN = "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710";
const CBC_IV = "000102030405060708090a0b0c0d0e0f";

test("AES-CBC SP 800-38A F.2.1 (AES-128)", async () => {
  const k = await aesKey(SP_KEY128, "AES-CBC");
  const out = hex(await crypto.subtle.encrypt({ name: "AES-CBC", iv: unhex(CBC_IV) }, k, unhex(SP_PLAIN)));
  assertEquals(out.slice(0, 128), "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b273bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7");
  assertEquals(out.slice(128), "8cb82807230e1321d3fae00d18cc2012", "the padding block");
  assertEquals(hex(await crypto.subtle.decrypt({ name: "AES-CBC", iv: unhex(CBC_IV) }, k, unhex(out))), SP_PLAIN);
});

test("AES-CBC SP 800-38A F.2.5 (AES-256)", async () => {
  const k = await aesKey(SP_KEY256, "AES-CBC");
  const out = hex(await crypto.subtle.encrypt({ name: "AES-CBC", iv: unhex(CBC_IV) }, k, unhex(SP_PLAIN)));
  assertEquals(out.slice(0, 128), "f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d39f23369a9d9bacfa530e26304231461b2eb05e2c39be9fcda6c19078c6a9d1b");
});

test("AES-CBC pads to whole blocks", async () => {
  const k = await aesKey(SP_KEY128, "AES-CBC");
  for (const n of [0, 1, 15, 16, 17]) {
    const ct = await crypto.subtle.encrypt({ name: "AES-CBC", iv: unhex(CBC_IV) }, k, new Uint8Array(n));
    assertEquals(ct.byteLength, (Math.floor(n / 16) + 1) * 16, `${n} bytes`);
    assertEquals((await crypto.subtle.decrypt({ name: "AES-CBC", iv: unhex(CBC_IV) }, k, ct)).byteLength, n);
  }
});

test("AES-CBC decryption of unpadded data rejects with OperationError", async () => {
  const k = await aesKey(SP_KEY128, "AES-CBC");
  const unpadded = unhex("7649abac8119b246cee98e9b12e9197d");
  await assertRejects(() => crypto.subtle.decrypt({ name: "AES-CBC", iv: unhex(CBC_IV) }, k, unpadded), "OperationError");
  await assertRejects(() => crypto.subtle.decrypt({ name: "AES-CBC", iv: unhex(CBC_IV) }, k, new Uint8Array(15)), "OperationError");
});

test("AES-CBC with an iv that is not 16 bytes rejects with OperationError", async () => {
  const k = await aesKey(SP_KEY128, "AES-CBC");
  await assertRejects(() => crypto.subtle.encrypt({ name: "AES-CBC", iv: new Uint8Array(12) }, k, ascii("x")), "OperationError");
});

// ---------------------------------------------------------------------------------------------
// AES-CTR (SP 800-38A F.5.1 / F.5.5)

const CTR_COUNTER = "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff";

test("AES-CTR SP 800-38A F.5.1 (AES-128) encrypt and decrypt", async () => {
  const k = await aesKey(SP_KEY128, "AES-CTR");
  const params = { name: "AES-CTR", counter: unhex(CTR_COUNTER), length: 64 };
  const expected = "874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff5ae4df3edbd5d35e5b4f09020db03eab1e031dda2fbe03d1792170a0f3009cee";
  assertEquals(hex(await crypto.subtle.encrypt(params, k, unhex(SP_PLAIN))), expected);
  assertEquals(hex(await crypto.subtle.decrypt(params, k, unhex(expected))), SP_PLAIN);
});

test("AES-CTR SP 800-38A F.5.5 (AES-256)", async () => {
  const k = await aesKey(SP_KEY256, "AES-CTR");
  const out = await crypto.subtle.encrypt({ name: "AES-CTR", counter: unhex(CTR_COUNTER), length: 128 }, k, unhex(SP_PLAIN));
  assertEquals(hex(out), "601ec313775789a5b7a7f504bbf3d228f443e3ca4d62b59aca84e990cacaf5c52b0930daa23de94ce87017ba2d84988ddfc9c58db67aada613c2dd08457941a6");
});

test("AES-CTR increments only the rightmost length bits of the counter", async () => {
  // With length 8 the counter block ...feff is followed by ...fe00, not ...ff00.
  const k = await aesKey(SP_KEY128, "AES-CTR");
  const out = await crypto.subtle.encrypt({ name: "AES-CTR", counter: unhex(CTR_COUNTER), length: 8 }, k, unhex(SP_PLAIN));
  assertEquals(hex(out), "874d6191b620e3261bef6864990db6cee3256531c56fd498e4670c36587faba6253c594b7231e8509db37a4397a171743e0b062e8d1409a934cad10ece711250");
});

test("AES-CTR with a partial last block", async () => {
  const k = await aesKey(SP_KEY128, "AES-CTR");
  const out = await crypto.subtle.encrypt({ name: "AES-CTR", counter: unhex(CTR_COUNTER), length: 128 }, k, unhex(SP_PLAIN.slice(0, 42)));
  assertEquals(hex(out), "874d6191b620e3261bef6864990db6ce9806f66b79");
});

test("AES-CTR rejects a counter that would repeat, and bad parameters, with OperationError", async () => {
  const k = await aesKey(SP_KEY128, "AES-CTR");
  // length 1: only two counter blocks exist, so three blocks of data would reuse one.
  await assertRejects(() => crypto.subtle.encrypt({ name: "AES-CTR", counter: unhex(CTR_COUNTER), length: 1 }, k, new Uint8Array(48)), "OperationError");
  await assertRejects(() => crypto.subtle.encrypt({ name: "AES-CTR", counter: new Uint8Array(8), length: 64 }, k, ascii("x")), "OperationError");
  await assertRejects(() => crypto.subtle.encrypt({ name: "AES-CTR", counter: unhex(CTR_COUNTER), length: 0 }, k, ascii("x")), "OperationError");
  await assertRejects(() => crypto.subtle.encrypt({ name: "AES-CTR", counter: unhex(CTR_COUNTER), length: 129 }, k, ascii("x")), "OperationError");
});

test("AES-CTR length is an [EnforceRange] octet", async () => {
  const k = await aesKey(SP_KEY128, "AES-CTR");
  await assertRejects(() => crypto.subtle.encrypt({ name: "AES-CTR", counter: unhex(CTR_COUNTER), length: 256 }, k, ascii("x")), TypeError);
  await assertRejects(() => crypto.subtle.encrypt({ name: "AES-CTR", counter: unhex(CTR_COUNTER) }, k, ascii("x")), TypeError);
});

// ---------------------------------------------------------------------------------------------
// AES-KW (RFC 3394 §4.1, 4.3, 4.6) via wrapKey/unwrapKey

const KEK128 = "000102030405060708090a0b0c0d0e0f";
const KEK256 = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
const KEYDATA128 = "00112233445566778899aabbccddeeff";

test("AES-KW RFC 3394 4.1: 128-bit key data with a 128-bit KEK", async () => {
  const kek = await aesKey(KEK128, "AES-KW", ["wrapKey", "unwrapKey"]);
  const key = await aesKey(KEYDATA128, "AES-GCM");
  const wrapped = await crypto.subtle.wrapKey("raw", key, kek, "AES-KW");
  assertEquals(hex(wrapped), "1fa68b0a8112b447aef34bd8fb5a7b829d3e862371d2cfe5");
  const back = await crypto.subtle.unwrapKey("raw", wrapped, kek, "AES-KW", "AES-GCM", true, ["encrypt"]);
  assertEquals(back.algorithm, { name: "AES-GCM", length: 128 });
  assertEquals(hex(await crypto.subtle.exportKey("raw", back)), KEYDATA128);
});

test("AES-KW RFC 3394 4.3: 128-bit key data with a 256-bit KEK", async () => {
  const kek = await aesKey(KEK256, "AES-KW", ["wrapKey"]);
  const key = await aesKey(KEYDATA128, "AES-CBC");
  assertEquals(hex(await crypto.subtle.wrapKey("raw", key, kek, { name: "aes-kw" })), "64e8c3f9ce0f5ba263e9777905818a2a93c8191e7d6e8ae7");
});

test("AES-KW RFC 3394 4.6: 256-bit key data with a 256-bit KEK", async () => {
  const kek = await aesKey(KEK256, "AES-KW", ["wrapKey", "unwrapKey"]);
  const key = await aesKey(KEYDATA128 + KEK128, "AES-CTR");
  const wrapped = await crypto.subtle.wrapKey("raw", key, kek, "AES-KW");
  assertEquals(hex(wrapped), "28c9f404c4b810f4cbccb35cfb87f8263f5786e2d80ed326cbc7f0e71a99f43bfb988b9b7a02dd21");
  const back = await crypto.subtle.unwrapKey("raw", wrapped, kek, "AES-KW", { name: "AES-CTR" }, true, ["decrypt"]);
  assertEquals(back.algorithm.length, 256);
});

test("AES-KW unwrap with the wrong KEK rejects with OperationError", async () => {
  const kek = await aesKey(KEK128, "AES-KW", ["unwrapKey"]);
  const wrapped = unhex("1fa68b0a8112b447aef34bd8fb5a7b829d3e862371d2cfe4");
  await assertRejects(() => crypto.subtle.unwrapKey("raw", wrapped, kek, "AES-KW", "AES-GCM", true, ["encrypt"]), "OperationError");
});

test("AES-KW cannot wrap a JWK whose JSON is not a multiple of 8 bytes", async () => {
  const kek = await aesKey(KEK128, "AES-KW", ["wrapKey"]);
  const key = await aesKey(KEYDATA128, "AES-GCM", ["encrypt"]);
  const jsonLength = new TextEncoder().encode(JSON.stringify(await crypto.subtle.exportKey("jwk", key))).length;
  const p = crypto.subtle.wrapKey("jwk", key, kek, "AES-KW");
  if (jsonLength % 8 === 0) assert((await p).byteLength === jsonLength + 8, "wrapped");
  else await assertRejects(() => p, "OperationError");
});

test("AES-KW does not support encrypt", async () => {
  const kek = await aesKey(KEK128, "AES-KW", ["wrapKey"]);
  await assertRejects(() => crypto.subtle.encrypt("AES-KW", kek, new Uint8Array(16)), "NotSupportedError");
});

test("AES-KW usages are wrapKey and unwrapKey only", async () => {
  await assertRejects(() => aesKey(KEK128, "AES-KW", ["encrypt"]), "SyntaxError");
  await assertRejects(() => crypto.subtle.generateKey({ name: "AES-KW", length: 128 }, true, ["decrypt"]), "SyntaxError");
});

// ---------------------------------------------------------------------------------------------
// Keys

test("AES import lengths: 16, 24 and 32 bytes; anything else is a DataError", async () => {
  for (const n of [16, 24, 32]) {
    const k = await crypto.subtle.importKey("raw", new Uint8Array(n), "AES-CBC", true, ["encrypt"]);
    assertEquals(k.algorithm, { name: "AES-CBC", length: n * 8 });
  }
  for (const n of [0, 8, 20, 31, 64]) {
    await assertRejects(() => crypto.subtle.importKey("raw", new Uint8Array(n), "AES-CBC", true, ["encrypt"]), "DataError", `${n}`);
  }
});

test("AES generateKey lengths: 128, 192, 256; others are an OperationError", async () => {
  for (const length of [128, 192, 256]) {
    const k = await crypto.subtle.generateKey({ name: "AES-CTR", length }, true, ["encrypt"]);
    assertEquals((await crypto.subtle.exportKey("raw", k)).byteLength, length / 8);
  }
  await assertRejects(() => crypto.subtle.generateKey({ name: "AES-CTR", length: 64 }, true, ["encrypt"]), "OperationError");
  await assertRejects(() => crypto.subtle.generateKey({ name: "AES-CTR" }, true, ["encrypt"]), TypeError);
});

test("AES JWK export and import with alg A<len><mode>", async () => {
  const k = await aesKey(KEK256, "AES-GCM", ["encrypt", "decrypt"]);
  const jwk = await crypto.subtle.exportKey("jwk", k);
  assertEquals(jwk, { kty: "oct", k: "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8", alg: "A256GCM", key_ops: ["encrypt", "decrypt"], ext: true });
  const back = await crypto.subtle.importKey("jwk", jwk, "AES-GCM", true, ["decrypt"]);
  assertEquals(hex(await crypto.subtle.exportKey("raw", back)), KEK256);
  await assertRejects(() => crypto.subtle.importKey("jwk", { ...jwk, alg: "A256CBC" }, "AES-GCM", true, ["decrypt"]), "DataError");
  await assertRejects(() => crypto.subtle.importKey("jwk", { ...jwk, alg: "A128GCM" }, "AES-GCM", true, ["decrypt"]), "DataError");
  await assertRejects(() => crypto.subtle.importKey("jwk", { ...jwk, use: "sig" }, "AES-GCM", true, ["decrypt"]), "DataError");
  await assertRejects(() => crypto.subtle.importKey("jwk", { ...jwk, k: "AAEC" }, "AES-GCM", true, ["decrypt"]), "DataError");
  await assertRejects(() => crypto.subtle.importKey("jwk", { ...jwk, k: "AA+/" + jwk.k.slice(4) }, "AES-GCM", true, ["decrypt"]), "DataError");
});

test("AES keys cannot be imported or exported as spki/pkcs8", async () => {
  await assertRejects(() => crypto.subtle.importKey("pkcs8", new Uint8Array(16), "AES-GCM", true, ["encrypt"]), "NotSupportedError");
  const k = await aesKey(KEK128, "AES-GCM");
  await assertRejects(() => crypto.subtle.exportKey("spki", k), "NotSupportedError");
});

test("encrypt without the encrypt usage rejects with InvalidAccessError", async () => {
  const k = await aesKey(KEK128, "AES-GCM", ["decrypt"]);
  await assertRejects(() => crypto.subtle.encrypt({ name: "AES-GCM", iv: new Uint8Array(12) }, k, ascii("x")), "InvalidAccessError");
});

test("encrypt with another AES mode's key rejects with InvalidAccessError", async () => {
  const k = await aesKey(KEK128, "AES-CBC");
  await assertRejects(() => crypto.subtle.encrypt({ name: "AES-GCM", iv: new Uint8Array(12) }, k, ascii("x")), "InvalidAccessError");
});

test("the result is independent of later changes to the input buffers", async () => {
  const k = await aesKey(GCM_K, "AES-GCM");
  const iv = unhex(GCM_IV), data = unhex(GCM_P);
  const p = crypto.subtle.encrypt({ name: "AES-GCM", iv, additionalData: unhex(GCM_A) }, k, data);
  iv[0] ^= 0xff;
  data[0] ^= 0xff;
  assertEquals(hex(await p).slice(-32), "5bc94fbc3221a5db94fae95ae7121a47");
});
