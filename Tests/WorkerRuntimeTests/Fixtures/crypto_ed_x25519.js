// Ed25519 and X25519 (W3C Web Cryptography API, Secure Curves): RFC 8032 §7.1 tests 1–2 and RFC 7748 §6.1.

const hex = (buf) => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, "0")).join("");
const unhex = (h) => new Uint8Array((h.match(/../g) || []).map((x) => parseInt(x, 16)));
const ascii = (s) => new TextEncoder().encode(s);
const b64u = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

// RFC 8032 §7.1 TEST 1 and TEST 2.
const T1_SECRET = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
const T1_PUBLIC = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
const T1_SIGNATURE = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";
const T1_PKCS8 = "302e020100300506032b6570042204209d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
const T1_SPKI = "302a300506032b6570032100d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
const T2_SECRET = "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb";
const T2_PUBLIC = "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c";
const T2_SIGNATURE = "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00";

// RFC 7748 §6.1.
const X_A_PRIVATE = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
const X_A_PUBLIC = "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";
const X_B_PRIVATE = "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb";
const X_B_PUBLIC = "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f";
const X_SHARED = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";
const X_A_PKCS8 = "302e020100300506032b656e0422042077076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
const X_B_SPKI = "302a300506032b656e032100de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f";

const edJwk = (secret, pub) => ({ kty: "OKP", crv: "Ed25519", x: b64u(unhex(pub)), d: b64u(unhex(secret)) });
const xJwk = (secret, pub) => ({ kty: "OKP", crv: "X25519", x: b64u(unhex(pub)), d: b64u(unhex(secret)) });

// ---------------------------------------------------------------------------------------------
// Ed25519

test("RFC 8032 test 1: sign the empty message (PKCS#8 key)", async () => {
  const k = await crypto.subtle.importKey("pkcs8", unhex(T1_PKCS8), "Ed25519", true, ["sign"]);
  assertEquals(hex(await crypto.subtle.sign("Ed25519", k, new Uint8Array(0))), T1_SIGNATURE);
});

test("RFC 8032 test 1: verify with the raw public key", async () => {
  const k = await crypto.subtle.importKey("raw", unhex(T1_PUBLIC), "Ed25519", true, ["verify"]);
  assertEquals(await crypto.subtle.verify("Ed25519", k, unhex(T1_SIGNATURE), new Uint8Array(0)), true);
  assertEquals(await crypto.subtle.verify("Ed25519", k, unhex(T1_SIGNATURE), new Uint8Array(1)), false);
});

test("RFC 8032 test 2: sign and verify 0x72 (JWK keys)", async () => {
  const priv = await crypto.subtle.importKey("jwk", edJwk(T2_SECRET, T2_PUBLIC), { name: "ed25519" }, true, ["sign"]);
  const { d, ...pubJwk } = edJwk(T2_SECRET, T2_PUBLIC);
  const pub = await crypto.subtle.importKey("jwk", pubJwk, "Ed25519", true, ["verify"]);
  assertEquals(hex(await crypto.subtle.sign("Ed25519", priv, unhex("72"))), T2_SIGNATURE);
  assertEquals(await crypto.subtle.verify("Ed25519", pub, unhex(T2_SIGNATURE), unhex("72")), true);
});

test("Ed25519 export formats are byte-exact", async () => {
  const priv = await crypto.subtle.importKey("pkcs8", unhex(T1_PKCS8), "Ed25519", true, ["sign"]);
  const pub = await crypto.subtle.importKey("spki", unhex(T1_SPKI), "Ed25519", true, ["verify"]);
  assertEquals(hex(await crypto.subtle.exportKey("pkcs8", priv)), T1_PKCS8);
  assertEquals(hex(await crypto.subtle.exportKey("spki", pub)), T1_SPKI);
  assertEquals(hex(await crypto.subtle.exportKey("raw", pub)), T1_PUBLIC);
  assertEquals(await crypto.subtle.exportKey("jwk", priv),
    { kty: "OKP", crv: "Ed25519", x: b64u(unhex(T1_PUBLIC)), d: b64u(unhex(T1_SECRET)), alg: "Ed25519", key_ops: ["sign"], ext: true });
});

test("Ed25519 generateKey, sign and verify", async () => {
  const { publicKey, privateKey } = await crypto.subtle.generateKey("Ed25519", false, ["sign", "verify"]);
  assertEquals(publicKey.algorithm, { name: "Ed25519" });
  assertEquals(privateKey.usages, ["sign"]);
  assertEquals(publicKey.usages, ["verify"]);
  const sig = new Uint8Array(await crypto.subtle.sign("Ed25519", privateKey, ascii("hello")));
  assertEquals(sig.length, 64);
  assertEquals(await crypto.subtle.verify("Ed25519", publicKey, sig, ascii("hello")), true);
  sig[0] ^= 1;
  assertEquals(await crypto.subtle.verify("Ed25519", publicKey, sig, ascii("hello")), false);
  assertEquals(await crypto.subtle.verify("Ed25519", publicKey, sig.slice(0, 63), ascii("hello")), false);
  assertEquals((await crypto.subtle.exportKey("raw", publicKey)).byteLength, 32);
});

test("Ed25519 JWK accepts alg EdDSA and rejects a wrong alg, crv or kty", async () => {
  await crypto.subtle.importKey("jwk", { ...edJwk(T1_SECRET, T1_PUBLIC), alg: "EdDSA" }, "Ed25519", true, ["sign"]);
  await assertRejects(() => crypto.subtle.importKey("jwk", { ...edJwk(T1_SECRET, T1_PUBLIC), alg: "ES256" }, "Ed25519", true, ["sign"]), "DataError");
  await assertRejects(() => crypto.subtle.importKey("jwk", { ...edJwk(T1_SECRET, T1_PUBLIC), crv: "X25519" }, "Ed25519", true, ["sign"]), "DataError");
  await assertRejects(() => crypto.subtle.importKey("jwk", { ...edJwk(T1_SECRET, T1_PUBLIC), kty: "EC" }, "Ed25519", true, ["sign"]), "DataError");
});

test("Ed25519 JWK whose x does not belong to d rejects with DataError", async () => {
  await assertRejects(() => crypto.subtle.importKey("jwk", edJwk(T1_SECRET, T2_PUBLIC), "Ed25519", true, ["sign"]), "DataError");
});

test("Ed25519 raw keys must be 32 bytes", async () => {
  await assertRejects(() => crypto.subtle.importKey("raw", new Uint8Array(31), "Ed25519", true, ["verify"]), "DataError");
});

test("an X25519 key is not an Ed25519 key", async () => {
  await assertRejects(() => crypto.subtle.importKey("pkcs8", unhex(X_A_PKCS8), "Ed25519", true, ["sign"]), "DataError");
});

test("Ed25519 usages", async () => {
  await assertRejects(() => crypto.subtle.importKey("raw", unhex(T1_PUBLIC), "Ed25519", true, ["sign"]), "SyntaxError");
  await assertRejects(() => crypto.subtle.generateKey("Ed25519", true, ["deriveBits"]), "SyntaxError");
  await assertRejects(() => crypto.subtle.generateKey("Ed25519", true, ["verify"]), "SyntaxError");
  await assertRejects(() => crypto.subtle.importKey("raw", unhex(T1_PUBLIC), "Ed25519", true, ["verify"]).then(
    (k) => crypto.subtle.exportKey("pkcs8", k)), "InvalidAccessError");
});

// ---------------------------------------------------------------------------------------------
// X25519

test("RFC 7748 §6.1: Alice's private key with Bob's public key", async () => {
  const a = await crypto.subtle.importKey("pkcs8", unhex(X_A_PKCS8), "X25519", true, ["deriveBits"]);
  const b = await crypto.subtle.importKey("spki", unhex(X_B_SPKI), "X25519", true, []);
  assertEquals(hex(await crypto.subtle.deriveBits({ name: "X25519", public: b }, a, 256)), X_SHARED);
});

test("RFC 7748 §6.1: Bob's private key with Alice's public key (JWK and raw)", async () => {
  const b = await crypto.subtle.importKey("jwk", xJwk(X_B_PRIVATE, X_B_PUBLIC), "X25519", true, ["deriveBits"]);
  const a = await crypto.subtle.importKey("raw", unhex(X_A_PUBLIC), "X25519", true, []);
  assertEquals(hex(await crypto.subtle.deriveBits({ name: "X25519", public: a }, b, null)), X_SHARED);
});

test("X25519 public keys derived from the RFC 7748 private keys", async () => {
  const a = await crypto.subtle.importKey("pkcs8", unhex(X_A_PKCS8), "X25519", true, ["deriveKey"]);
  const jwk = await crypto.subtle.exportKey("jwk", a);
  assertEquals(jwk, { kty: "OKP", crv: "X25519", x: b64u(unhex(X_A_PUBLIC)), d: b64u(unhex(X_A_PRIVATE)), key_ops: ["deriveKey"], ext: true });
});

test("X25519 generated pairs agree", async () => {
  const a = await crypto.subtle.generateKey("X25519", false, ["deriveBits"]);
  const b = await crypto.subtle.generateKey({ name: "x25519" }, true, ["deriveBits", "deriveKey"]);
  assertEquals(a.publicKey.usages, []);
  assertEquals(a.privateKey.algorithm, { name: "X25519" });
  const ab = await crypto.subtle.deriveBits({ name: "X25519", public: b.publicKey }, a.privateKey, 256);
  const ba = await crypto.subtle.deriveBits({ name: "X25519", public: a.publicKey }, b.privateKey, 256);
  assertEquals(hex(ab), hex(ba));
});

test("X25519 deriveKey to HMAC", async () => {
  const a = await crypto.subtle.importKey("pkcs8", unhex(X_A_PKCS8), "X25519", false, ["deriveKey"]);
  const b = await crypto.subtle.importKey("raw", unhex(X_B_PUBLIC), "X25519", true, []);
  const mac = await crypto.subtle.deriveKey({ name: "X25519", public: b }, a, { name: "HMAC", hash: "SHA-256", length: 256 }, true, ["sign"]);
  assertEquals(hex(await crypto.subtle.exportKey("raw", mac)), X_SHARED);
});

test("X25519 with an all-zero (small-order) public key rejects with OperationError", async () => {
  const a = await crypto.subtle.importKey("pkcs8", unhex(X_A_PKCS8), "X25519", true, ["deriveBits"]);
  const zero = await crypto.subtle.importKey("raw", new Uint8Array(32), "X25519", true, []);
  await assertRejects(() => crypto.subtle.deriveBits({ name: "X25519", public: zero }, a, 256), "OperationError");
});

test("X25519 length longer than the secret rejects with OperationError", async () => {
  const a = await crypto.subtle.importKey("pkcs8", unhex(X_A_PKCS8), "X25519", true, ["deriveBits"]);
  const b = await crypto.subtle.importKey("raw", unhex(X_B_PUBLIC), "X25519", true, []);
  await assertRejects(() => crypto.subtle.deriveBits({ name: "X25519", public: b }, a, 264), "OperationError");
});

test("X25519 with an Ed25519 public key rejects with InvalidAccessError", async () => {
  const a = await crypto.subtle.importKey("pkcs8", unhex(X_A_PKCS8), "X25519", true, ["deriveBits"]);
  const ed = await crypto.subtle.importKey("raw", unhex(T1_PUBLIC), "Ed25519", true, ["verify"]);
  await assertRejects(() => crypto.subtle.deriveBits({ name: "X25519", public: ed }, a, 256), "InvalidAccessError");
});

test("X25519 public keys take no usages", async () => {
  await assertRejects(() => crypto.subtle.importKey("raw", unhex(X_B_PUBLIC), "X25519", true, ["deriveBits"]), "SyntaxError");
  await assertRejects(() => crypto.subtle.importKey("spki", unhex(X_B_SPKI), "X25519", true, ["deriveKey"]), "SyntaxError");
});

test("X25519 JWK with use \"sig\" rejects with DataError", async () => {
  await assertRejects(() => crypto.subtle.importKey("jwk", { ...xJwk(X_B_PRIVATE, X_B_PUBLIC), use: "sig" }, "X25519", true, ["deriveBits"]), "DataError");
});

test("X25519 cannot sign", async () => {
  const a = await crypto.subtle.importKey("pkcs8", unhex(X_A_PKCS8), "X25519", true, ["deriveBits"]);
  await assertRejects(() => crypto.subtle.sign("X25519", a, ascii("x")), "NotSupportedError");
});
