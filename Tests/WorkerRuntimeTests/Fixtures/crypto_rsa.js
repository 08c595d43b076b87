// RSASSA-PKCS1-v1_5, RSA-PSS and RSA-OAEP (W3C Web Cryptography API §20–22). Known answers: the RFC 7515
// appendix A.2 RS256 signature (a deterministic PKCS#1 v1.5 signature of a published key), an RSA-PSS
// signature with an empty salt and RSA-OAEP ciphertexts made with that key by another implementation
// (Python `cryptography`); plus round trips, JWK/SPKI/PKCS#8 byte-exact re-export and the spec's errors.

const hex = (buf) => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, "0")).join("");
const unhex = (h) => new Uint8Array((h.match(/../g) || []).map((x) => parseInt(x, 16)));
const ascii = (s) => new TextEncoder().encode(s);
const fromB64u = (s) => Uint8Array.from(atob(s.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (s.length % 4)) % 4)), (c) => c.charCodeAt(0));

// RFC 7515 appendix A.2.
const A2_JWK = {
  kty: "RSA",
  n: "ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ",
  e: "AQAB",
  d: "Eq5xpGnNCivDflJsRQBXHx1hdR1k6Ulwe2JZD50LpXyWPEAeP88vLNO97IjlA7_GQ5sLKMgvfTeXZx9SE-7YwVol2NXOoAJe46sui395IW_GO-pWJ1O0BkTGoVEn2bKVRUCgu-GjBVaYLU6f3l9kJfFNS3E0QbVdxzubSu3Mkqzjkn439X0M_V51gfpRLI9JYanrC4D4qAdGcopV_0ZHHzQlBjudU2QvXt4ehNYTCBr6XCLQUShb1juUO1ZdiYoFaFQT5Tw8bGUl_x_jTj3ccPDVZFD9pIuhLhBOneufuBiB4cS98l2SR_RQyGWSeWjnczT0QU91p1DhOVRuOopznQ",
  p: "4BzEEOtIpmVdVEZNCqS7baC4crd0pqnRH_5IB3jw3bcxGn6QLvnEtfdUdiYrqBdss1l58BQ3KhooKeQTa9AB0Hw_Py5PJdTJNPY8cQn7ouZ2KKDcmnPGBY5t7yLc1QlQ5xHdwW1VhvKn-nXqhJTBgIPgtldC-KDV5z-y2XDwGUc",
  q: "uQPEfgmVtjL0Uyyx88GZFF1fOunH3-7cepKmtH4pxhtCoHqpWmT8YAmZxaewHgHAjLYsp1ZSe7zFYHj7C6ul7TjeLQeZD_YwD66t62wDmpe_HlB-TnBA-njbglfIsRLtXlnDzQkv5dTltRJ11BKBBypeeF6689rjcJIDEz9RWdc",
  dp: "BwKfV3Akq5_MFZDFZCnW-wzl-CCo83WoZvnLQwCTeDv8uzluRSnm71I3QCLdhrqE2e9YkxvuxdBfpT_PI7Yz-FOKnu1R6HsJeDCjn12Sk3vmAktV2zb34MCdy7cpdTh_YVr7tss2u6vneTwrA86rZtu5Mbr1C1XsmvkxHQAdYo0",
  dq: "h_96-mK1R_7glhsum81dZxjTnYynPbZpHziZjeeHcXYsXaaMwkOlODsWa7I9xXDoRwbKgB719rrmI2oKr6N3Do9U0ajaHF-NKJnwgjMd2w9cjz3_-kyNlxAr2v4IKhGNpmM5iIgOS1VZnOZ68m6_pbLBSp3nssTdlqvd0tIiTHU",
  qi: "IYd7DHOhrWvxkwPQsRM2tOgrjbcrfvtQJipd-DlcxyVuuM9sQLdgjVk2oy26F0EmpScGLq2MowX7fhd_QJQ3ydy5cY7YIBi87w93IKLEdfnbJtoOPLUW0ITrJReOgo1cq9SbsxYawBgfp_gh6A5603k2-ZQwVK0JKSHuLFkuQ3U",
};
const A2_PUBLIC_JWK = { kty: "RSA", n: A2_JWK.n, e: A2_JWK.e };
const A2_INPUT = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
const A2_SIGNATURE = "cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw";

// The same key as DER (PKCS#8 and SPKI), and known outputs made with it.
const RSA_PKCS8 =
  "308204bd020100300d06092a864886f70d0101010500048204a7308204a30201000282010100a1f8160ae2e3c9b465ce8d2d656263362b927dbe29e1" +
  "f02477fc1625cc90a136e38bd93497c5b6ea63dd7711e67c7429f956b0fb8a8f089adc4b69893cc1333f53edd019b87784252fec914fe4857769594b" +
  "ea4280d32c0f55bf62944f130396bc6e9bdf6ebdd2bda3678eeca0c668f701b38dbffb38c8342ce2fe6d27fade4a5a4874979dd4b9cf9adec4c75b05" +
  "852c2c0f5ef8a5c1750392f944e8ed64c110c6b647609aa4783aeb9c6c9ad755313050638b83665c6f6f7a82a396702a1f641b82d3ebf2392219491f" +
  "b686872c5716f50af8358d9a8b9d17c340728f7f87d89a18d8fcab67ad84590c2ecf759339363c07034d6f606f9e21e05456cae5e9a1020301000102" +
  "82010012ae71a469cd0a2bc37e526c4500571f1d61751d64e949707b62590f9d0ba57c963c401e3fcf2f2cd3bdec88e503bfc6439b0b28c82f7d3797" +
  "671f5213eed8c15a25d8d5cea0025ee3ab2e8b7f79216fc63bea562753b40644c6a15127d9b2954540a0bbe1a30556982d4e9fde5f6425f14d4b7134" +
  "41b55dc73b9b4aedcc92ace3927e37f57d0cfd5e7581fa512c8f4961a9eb0b80f8a80746728a55ff46471f3425063b9d53642f5ede1e84d613081afa" +
  "5c22d051285bd63b943b565d898a05685413e53c3c6c6525ff1fe34e3ddc70f0d56450fda48ba12e104e9deb9fb81881e1c4bdf25d9247f450c86592" +
  "7968e77334f4414f75a750e139546e3a8a739d02818100e01cc410eb48a6655d54464d0aa4bb6da0b872b774a6a9d11ffe480778f0ddb7311a7e902e" +
  "f9c4b5f75476262ba8176cb35979f014372a1a2829e4136bd001d07c3f3f2e4f25d4c934f63c7109fba2e67628a0dc9a73c6058e6def22dcd50950e7" +
  "11ddc16d5586f2a7fa75ea8494c18083e0b65742f8a0d5e73fb2d970f0194702818100b903c47e0995b632f4532cb1f3c199145d5f3ae9c7dfeedc7a" +
  "92a6b47e29c61b42a07aa95a64fc600999c5a7b01e01c08cb62ca756527bbcc56078fb0baba5ed38de2d07990ff6300faeadeb6c039a97bf1e507e4e" +
  "7040fa78db8257c8b112ed5e59c3cd092fe5d4e5b51275d41281072a5e785ebaf3dae3709203133f5159d702818007029f577024ab9fcc1590c56429" +
  "d6fb0ce5f820a8f375a866f9cb430093783bfcbb396e4529e6ef52374022dd86ba84d9ef58931beec5d05fa53fcf23b633f8538a9eed51e87b097830" +
  "a39f5d92937be6024b55db36f7e0c09dcbb72975387f615afbb6cb36bbabe7793c2b03ceab66dbb931baf50b55ec9af9311d001d628d0281810087ff" +
  "7afa62b547fee0961b2e9bcd5d6718d39d8ca73db6691f38998de78771762c5da68cc243a5383b166bb23dc570e84706ca801ef5f6bae6236a0aafa3" +
  "770e8f54d1a8da1c5f8d2899f082331ddb0f5c8f3dfffa4c8d97102bdafe082a118da6633988880e4b55599ce67af26ebfa5b2c14a9de7b2c4dd96ab" +
  "ddd2d2224c7502818021877b0c73a1ad6bf19303d0b11336b4e82b8db72b7efb50262a5df8395cc7256eb8cf6c40b7608d5936a32dba174126a52706" +
  "2ead8ca305fb7e177f409437c9dcb9718ed82018bcef0f7720a2c475f9db26da0e3cb516d084eb25178e828d5cabd49bb3161ac0181fa7f821e80e7a" +
  "d37936f9943054ad092921ee2c592e4375";
const RSA_SPKI =
  "30820122300d06092a864886f70d01010105000382010f003082010a0282010100a1f8160ae2e3c9b465ce8d2d656263362b927dbe29e1f02477fc16" +
  "25cc90a136e38bd93497c5b6ea63dd7711e67c7429f956b0fb8a8f089adc4b69893cc1333f53edd019b87784252fec914fe4857769594bea4280d32c" +
  "0f55bf62944f130396bc6e9bdf6ebdd2bda3678eeca0c668f701b38dbffb38c8342ce2fe6d27fade4a5a4874979dd4b9cf9adec4c75b05852c2c0f5e" +
  "f8a5c1750392f944e8ed64c110c6b647609aa4783aeb9c6c9ad755313050638b83665c6f6f7a82a396702a1f641b82d3ebf2392219491fb686872c57" +
  "16f50af8358d9a8b9d17c340728f7f87d89a18d8fcab67ad84590c2ecf759339363c07034d6f606f9e21e05456cae5e9a10203010001";
const PSS_SALT0_ABC =
  "8d8416e25f0376dcc8261b58dd9eaabd9780cb054dbb3b1166aa2099c454e8f136e320aafac636bff70ea8c0f5b71ad7fccb94be1109bbc38fa3f9ac" +
  "445659c446f4de80a674f83eeb209ea5e9dcfe35c7aed60cf8bb61cabb999a728911459582ee3f771385ae43440fb2f92680cc26af047b0587f85686" +
  "36c923b9813427725754fa85270733410f3ab42e31fdf061e2aaa9e33ace142fabdeded9ac7323c215c4e78e995c0191ca62c02dfc88d284d9cbb831" +
  "02e8260775e755ea84f68a0be965c39b09d09bcdddcca21c549273ba513ba3a44c22628659554f1abcce8935bc2535c2ce49dbbfb3b9260a6b259bf1" +
  "12b7194d6c132e70b87b2d06cb51b17f";
const OAEP_SHA256_LABEL =
  "37f983a80d43314b960e091cefb44793e01a49b87a7a8c910328c2499e0be5b9b413c62d0f8c634408fada235f2157eccc0c2d120230d999a6cd0db3" +
  "24a3e2536bff9018941589b588f095afcc8501bdecb249663ca994e79421bb013163372cee4e0efb3105f9ec8f4bfac1a104dbce07b38d749cee1182" +
  "7b3399acffbe6c2665aae4618a7c6269018acc94942bc3ab62458b50eb626b11f665d8772f9a4a567e75169404820b0dcba1aa3653f579fbdf736190" +
  "918079b52827d8e07a80b9fa7c29d59c4d9691f9d81a2a9fc3c62287f5ead956ace694a98abc15919a553038d96d4a4cf486a664ff48e63395db9167" +
  "591edf3b8de276fa57e9b73452127be4";
const OAEP_SHA1 =
  "52e68e90fd1f39295843c33af9b65453909abd7b4c8cd70a5f160e5f149fb0683b19a460a63aed852635ec04df3064b955b3e44132c74f0f7ce9d481" +
  "05677b0444ac824087c28e8b34af8fa196f9c68b3b63be38494acc07c29a4c27ba2def2ce19fe236ce6aaa8f6b23f0bb2ffc7dfd01c6d01fd96d8fa8" +
  "2de8caf87fffd911881b335c6c7423442a3d4586854ddd83c6772e2540a297662caf0e2b45faf6034c7d211cb2b297ed485e1762bb271453e4f535be" +
  "cda9f1dc0f79d94f0f977f13a5cb17b433a9184238420beeed2c7d3467442383d986494fa6fbe712622dc5e04bd9bb3601c1fdb0ad819731968106ac" +
  "832080bd67997990c8a9d192498c6464";

const RS256 = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" };
const PS256 = { name: "RSA-PSS", hash: "SHA-256" };
const OAEP256 = { name: "RSA-OAEP", hash: "SHA-256" };

// ---------------------------------------------------------------------------------------------
// RSASSA-PKCS1-v1_5

test("RFC 7515 A.2: RS256 signature from the JWK private key", async () => {
  const k = await crypto.subtle.importKey("jwk", A2_JWK, RS256, false, ["sign"]);
  assertEquals(hex(await crypto.subtle.sign("RSASSA-PKCS1-v1_5", k, ascii(A2_INPUT))), hex(fromB64u(A2_SIGNATURE)));
});

test("RFC 7515 A.2: RS256 signature from the PKCS#8 key", async () => {
  const k = await crypto.subtle.importKey("pkcs8", unhex(RSA_PKCS8), RS256, false, ["sign"]);
  assertEquals(hex(await crypto.subtle.sign({ name: "rsassa-pkcs1-v1_5" }, k, ascii(A2_INPUT))), hex(fromB64u(A2_SIGNATURE)));
});

test("RFC 7515 A.2: verify with the JWK and the SPKI public key", async () => {
  for (const k of [await crypto.subtle.importKey("jwk", A2_PUBLIC_JWK, RS256, false, ["verify"]),
    await crypto.subtle.importKey("spki", unhex(RSA_SPKI), RS256, false, ["verify"])]) {
    assertEquals(await crypto.subtle.verify("RSASSA-PKCS1-v1_5", k, fromB64u(A2_SIGNATURE), ascii(A2_INPUT)), true);
    assertEquals(await crypto.subtle.verify("RSASSA-PKCS1-v1_5", k, fromB64u(A2_SIGNATURE), ascii(A2_INPUT + ".")), false);
  }
});

test("the key's hash decides: the same signature does not verify under SHA-384", async () => {
  const k = await crypto.subtle.importKey("spki", unhex(RSA_SPKI), { name: "RSASSA-PKCS1-v1_5", hash: "SHA-384" }, false, ["verify"]);
  assertEquals(await crypto.subtle.verify("RSASSA-PKCS1-v1_5", k, fromB64u(A2_SIGNATURE), ascii(A2_INPUT)), false);
});

test("imported RSA key algorithm", async () => {
  const k = await crypto.subtle.importKey("spki", unhex(RSA_SPKI), RS256, true, ["verify"]);
  assertEquals(k.algorithm, { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: { name: "SHA-256" } });
  assertEquals(k.type, "public");
});

test("PKCS#8 and SPKI re-export byte-exact", async () => {
  const priv = await crypto.subtle.importKey("pkcs8", unhex(RSA_PKCS8), RS256, true, ["sign"]);
  const pub = await crypto.subtle.importKey("spki", unhex(RSA_SPKI), RS256, true, ["verify"]);
  assertEquals(hex(await crypto.subtle.exportKey("pkcs8", priv)), RSA_PKCS8);
  assertEquals(hex(await crypto.subtle.exportKey("spki", pub)), RSA_SPKI);
});

test("JWK import gives the same DER as the PKCS#8 and SPKI forms", async () => {
  const priv = await crypto.subtle.importKey("jwk", A2_JWK, RS256, true, ["sign"]);
  const pub = await crypto.subtle.importKey("jwk", A2_PUBLIC_JWK, RS256, true, ["verify"]);
  assertEquals(hex(await crypto.subtle.exportKey("pkcs8", priv)), RSA_PKCS8);
  assertEquals(hex(await crypto.subtle.exportKey("spki", pub)), RSA_SPKI);
});

test("JWK export of PKCS#8 and SPKI keys", async () => {
  const priv = await crypto.subtle.importKey("pkcs8", unhex(RSA_PKCS8), RS256, true, ["sign"]);
  assertEquals(await crypto.subtle.exportKey("jwk", priv), { ...A2_JWK, alg: "RS256", key_ops: ["sign"], ext: true });
  const pub = await crypto.subtle.importKey("spki", unhex(RSA_SPKI), { name: "RSASSA-PKCS1-v1_5", hash: "SHA-512" }, true, ["verify"]);
  assertEquals(await crypto.subtle.exportKey("jwk", pub), { ...A2_PUBLIC_JWK, alg: "RS512", key_ops: ["verify"], ext: true });
});

test("JWK alg must match the hash", async () => {
  await assertRejects(() => crypto.subtle.importKey("jwk", { ...A2_JWK, alg: "RS384" }, RS256, true, ["sign"]), "DataError");
  await assertRejects(() => crypto.subtle.importKey("jwk", { ...A2_JWK, alg: "PS256" }, RS256, true, ["sign"]), "DataError");
  await crypto.subtle.importKey("jwk", { ...A2_JWK, alg: "PS256" }, PS256, true, ["sign"]);
});

test("JWK private key with inconsistent or missing members rejects with DataError", async () => {
  await assertRejects(() => crypto.subtle.importKey("jwk", { ...A2_JWK, dp: A2_JWK.dq }, RS256, true, ["sign"]), "DataError");
  await assertRejects(() => crypto.subtle.importKey("jwk", { ...A2_JWK, qi: undefined }, RS256, true, ["sign"]), "DataError");
  await assertRejects(() => crypto.subtle.importKey("jwk", { ...A2_PUBLIC_JWK, n: undefined }, RS256, true, ["verify"]), "DataError");
});

test("RSA keys have no raw format", async () => {
  await assertRejects(() => crypto.subtle.importKey("raw", unhex(RSA_SPKI), RS256, true, ["verify"]), "NotSupportedError");
  const pub = await crypto.subtle.importKey("spki", unhex(RSA_SPKI), RS256, true, ["verify"]);
  await assertRejects(() => crypto.subtle.exportKey("raw", pub), "NotSupportedError");
});

test("an EC key is not an RSA key", async () => {
  const { publicKey } = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign"]);
  const spki = await crypto.subtle.exportKey("spki", publicKey);
  await assertRejects(() => crypto.subtle.importKey("spki", spki, RS256, true, ["verify"]), "DataError");
  await assertRejects(() => crypto.subtle.importKey("spki", new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00]), RS256, true, ["verify"]), "DataError");
});

test("RSA usages", async () => {
  await assertRejects(() => crypto.subtle.importKey("spki", unhex(RSA_SPKI), RS256, true, ["sign"]), "SyntaxError");
  await assertRejects(() => crypto.subtle.importKey("pkcs8", unhex(RSA_PKCS8), RS256, true, ["encrypt"]), "SyntaxError");
  await assertRejects(() => crypto.subtle.importKey("spki", unhex(RSA_SPKI), OAEP256, true, ["decrypt"]), "SyntaxError");
});

// ---------------------------------------------------------------------------------------------
// RSA-PSS

test("RSA-PSS with an empty salt is deterministic and matches another implementation", async () => {
  const k = await crypto.subtle.importKey("pkcs8", unhex(RSA_PKCS8), PS256, false, ["sign"]);
  assertEquals(hex(await crypto.subtle.sign({ name: "RSA-PSS", saltLength: 0 }, k, ascii("abc"))), PSS_SALT0_ABC);
});

test("RSA-PSS round trip with a 32-byte salt; signatures differ; wrong salt length fails", async () => {
  const priv = await crypto.subtle.importKey("jwk", A2_JWK, PS256, false, ["sign"]);
  const pub = await crypto.subtle.importKey("spki", unhex(RSA_SPKI), PS256, false, ["verify"]);
  const a = await crypto.subtle.sign({ name: "RSA-PSS", saltLength: 32 }, priv, ascii("message"));
  const b = await crypto.subtle.sign({ name: "RSA-PSS", saltLength: 32 }, priv, ascii("message"));
  assert(hex(a) !== hex(b), "randomised");
  assertEquals(await crypto.subtle.verify({ name: "RSA-PSS", saltLength: 32 }, pub, a, ascii("message")), true);
  assertEquals(await crypto.subtle.verify({ name: "RSA-PSS", saltLength: 20 }, pub, a, ascii("message")), false);
  assertEquals(await crypto.subtle.verify({ name: "RSA-PSS", saltLength: 32 }, pub, b, ascii("messagE")), false);
});

test("RSA-PSS needs saltLength; a salt too long for the key is an OperationError", async () => {
  const priv = await crypto.subtle.importKey("jwk", A2_JWK, PS256, false, ["sign"]);
  await assertRejects(() => crypto.subtle.sign("RSA-PSS", priv, ascii("x")), TypeError);
  await assertRejects(() => crypto.subtle.sign({ name: "RSA-PSS", saltLength: 250 }, priv, ascii("x")), "OperationError");
});

test("an RSA-PSS key cannot be used for RSASSA-PKCS1-v1_5", async () => {
  const priv = await crypto.subtle.importKey("jwk", A2_JWK, PS256, false, ["sign"]);
  await assertRejects(() => crypto.subtle.sign("RSASSA-PKCS1-v1_5", priv, ascii("x")), "InvalidAccessError");
});

// ---------------------------------------------------------------------------------------------
// RSA-OAEP

test("RSA-OAEP SHA-256 decrypts another implementation's ciphertext with a label", async () => {
  const k = await crypto.subtle.importKey("pkcs8", unhex(RSA_PKCS8), OAEP256, false, ["decrypt"]);
  const out = await crypto.subtle.decrypt({ name: "RSA-OAEP", label: ascii("label") }, k, unhex(OAEP_SHA256_LABEL));
  assertEquals(new TextDecoder().decode(out), "attack at dawn");
});

test("RSA-OAEP SHA-1 without a label", async () => {
  const k = await crypto.subtle.importKey("jwk", A2_JWK, { name: "RSA-OAEP", hash: "SHA-1" }, false, ["decrypt"]);
  assertEquals(new TextDecoder().decode(await crypto.subtle.decrypt("RSA-OAEP", k, unhex(OAEP_SHA1))), "sha1 oaep");
});

test("RSA-OAEP with the wrong label or hash rejects with OperationError", async () => {
  const k = await crypto.subtle.importKey("pkcs8", unhex(RSA_PKCS8), OAEP256, false, ["decrypt"]);
  await assertRejects(() => crypto.subtle.decrypt({ name: "RSA-OAEP", label: ascii("other") }, k, unhex(OAEP_SHA256_LABEL)), "OperationError");
  await assertRejects(() => crypto.subtle.decrypt("RSA-OAEP", k, unhex(OAEP_SHA256_LABEL)), "OperationError");
  const k1 = await crypto.subtle.importKey("pkcs8", unhex(RSA_PKCS8), { name: "RSA-OAEP", hash: "SHA-1" }, false, ["decrypt"]);
  await assertRejects(() => crypto.subtle.decrypt({ name: "RSA-OAEP", label: ascii("label") }, k1, unhex(OAEP_SHA256_LABEL)), "OperationError");
});

test("RSA-OAEP round trip with a label; ciphertexts are randomised", async () => {
  const pub = await crypto.subtle.importKey("spki", unhex(RSA_SPKI), OAEP256, false, ["encrypt"]);
  const priv = await crypto.subtle.importKey("pkcs8", unhex(RSA_PKCS8), OAEP256, false, ["decrypt"]);
  const params = { name: "RSA-OAEP", label: ascii("context") };
  const a = await crypto.subtle.encrypt(params, pub, ascii("secret"));
  const b = await crypto.subtle.encrypt(params, pub, ascii("secret"));
  assertEquals(a.byteLength, 256);
  assert(hex(a) !== hex(b), "randomised");
  assertEquals(new TextDecoder().decode(await crypto.subtle.decrypt(params, priv, a)), "secret");
});

test("RSA-OAEP plaintext longer than the key allows rejects with OperationError", async () => {
  const pub = await crypto.subtle.importKey("spki", unhex(RSA_SPKI), OAEP256, false, ["encrypt"]);
  assertEquals((await crypto.subtle.encrypt("RSA-OAEP", pub, new Uint8Array(256 - 2 * 32 - 2))).byteLength, 256);
  await assertRejects(() => crypto.subtle.encrypt("RSA-OAEP", pub, new Uint8Array(256 - 2 * 32 - 1)), "OperationError");
});

test("RSA-OAEP wraps and unwraps an AES key (encrypt/decrypt fallback)", async () => {
  const pub = await crypto.subtle.importKey("spki", unhex(RSA_SPKI), OAEP256, false, ["wrapKey"]);
  const priv = await crypto.subtle.importKey("pkcs8", unhex(RSA_PKCS8), OAEP256, false, ["unwrapKey"]);
  const aes = await crypto.subtle.importKey("raw", new Uint8Array(32).fill(7), "AES-GCM", true, ["encrypt"]);
  const wrapped = await crypto.subtle.wrapKey("raw", aes, pub, "RSA-OAEP");
  const back = await crypto.subtle.unwrapKey("raw", wrapped, priv, "RSA-OAEP", "AES-GCM", true, ["encrypt"]);
  assertEquals(hex(await crypto.subtle.exportKey("raw", back)), "07".repeat(32));
});

test("encrypting with a public key lacking the usage rejects with InvalidAccessError", async () => {
  const pub = await crypto.subtle.importKey("spki", unhex(RSA_SPKI), OAEP256, false, ["wrapKey"]);
  await assertRejects(() => crypto.subtle.encrypt("RSA-OAEP", pub, ascii("x")), "InvalidAccessError");
});

// ---------------------------------------------------------------------------------------------
// generateKey

test("RSA-OAEP generateKey (1024-bit), round trip and exported JWK", async () => {
  const { publicKey, privateKey } = await crypto.subtle.generateKey(
    { name: "RSA-OAEP", modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" }, true,
    ["encrypt", "decrypt", "wrapKey", "unwrapKey"]);
  assertEquals(publicKey.algorithm, { name: "RSA-OAEP", modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]), hash: { name: "SHA-256" } });
  assertEquals(publicKey.usages, ["encrypt", "wrapKey"]);
  assertEquals(privateKey.usages, ["decrypt", "unwrapKey"]);
  const ct = await crypto.subtle.encrypt("RSA-OAEP", publicKey, ascii("hi"));
  assertEquals(new TextDecoder().decode(await crypto.subtle.decrypt("RSA-OAEP", privateKey, ct)), "hi");
  const jwk = await crypto.subtle.exportKey("jwk", privateKey);
  assertEquals(jwk.alg, "RSA-OAEP-256");
  assertEquals(jwk.e, "AQAB");
  for (const m of ["n", "d", "p", "q", "dp", "dq", "qi"]) assertEquals(typeof jwk[m], "string", m);
});

test("RSASSA-PKCS1-v1_5 generateKey (1024-bit, exponent 3) signs and verifies", async () => {
  const { publicKey, privateKey } = await crypto.subtle.generateKey(
    { name: "RSASSA-PKCS1-v1_5", modulusLength: 1024, publicExponent: new Uint8Array([3]), hash: "SHA-1" }, false, ["sign", "verify"]);
  assertEquals(privateKey.extractable, false);
  assertEquals(publicKey.extractable, true);
  const sig = await crypto.subtle.sign("RSASSA-PKCS1-v1_5", privateKey, ascii("x"));
  assertEquals(sig.byteLength, 128);
  assertEquals(await crypto.subtle.verify("RSASSA-PKCS1-v1_5", publicKey, sig, ascii("x")), true);
});

test("RSA generateKey parameter errors", async () => {
  const usages = ["sign", "verify"];
  await assertRejects(() => crypto.subtle.generateKey({ name: "RSA-PSS", modulusLength: 256, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" }, true, usages), "OperationError");
  await assertRejects(() => crypto.subtle.generateKey({ name: "RSA-PSS", modulusLength: 2048, publicExponent: [1, 0, 1], hash: "SHA-256" }, true, usages), TypeError);
  await assertRejects(() => crypto.subtle.generateKey({ name: "RSA-PSS", modulusLength: 2048, hash: "SHA-256" }, true, usages), TypeError);
  await assertRejects(() => crypto.subtle.generateKey({ name: "RSA-PSS", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) }, true, usages), TypeError);
  await assertRejects(() => crypto.subtle.generateKey({ name: "RSA-PSS", modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" }, true, ["encrypt"]), "SyntaxError");
  await assertRejects(() => crypto.subtle.generateKey({ name: "RSA-PSS", modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" }, true, ["verify"]), "SyntaxError");
});
