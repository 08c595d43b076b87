// 47_crypto_asymmetric.js — the public-key algorithms of crypto.subtle: ECDSA and ECDH (P-256/384/521),
// Ed25519 and X25519, RSASSA-PKCS1-v1_5, RSA-PSS and RSA-OAEP. Private keys hold PKCS#8 DER and public
// keys SPKI DER; the natives re-encode imported keys canonically (uncompressed EC points), so an export
// gives back what OpenSSL would write. Registered with `subtleRegister` (45_crypto_subtle.js).

/** ops.cryptoKeyParse with DataError on failure → { type, curve, bits, exponent, pkcs8, spki }. */
function subtleParseDer(der, isPrivate) {
  const parsed = subtleNative(() => ops.cryptoKeyParse(der, isPrivate), "DataError");
  return { type: parsed[0], curve: parsed[1], bits: parsed[2], exponent: parsed[3], pkcs8: parsed[4], spki: parsed[5] };
}

/** A CryptoKeyPair dictionary; the public key is always extractable. */
function subtleNewKeyPair(algorithm, extractable, publicUsages, privateUsages, pair) {
  return {
    privateKey: subtleNewKey("private", extractable, algorithm, privateUsages, pair[0]),
    publicKey: subtleNewKey("public", true, algorithm, publicUsages, pair[1]),
  };
}

/** The private usages of a generated pair; SyntaxError before any work when there are none. */
function subtlePrivateUsages(usages, allowed) {
  const result = subtleIntersectUsages(usages, allowed);
  if (result.length === 0) throw subtleError("SyntaxError", "A private key needs at least one usage");
  return result;
}

function subtleRequireType(slots, type) {
  if (slots.type !== type) throw subtleError("InvalidAccessError", `The key must be a ${type} key`);
}

/** The export steps every asymmetric key shares: spki, pkcs8 and (for keys that have one) raw. */
function subtleExportDer(format, slots) {
  if (format === "spki") {
    subtleRequireType(slots, "public");
    return new Uint8Array_(slots.material);
  }
  subtleRequireType(slots, "private");
  return new Uint8Array_(slots.material);
}

function subtleKeyParts(slots) {
  return subtleNative(() => ops.cryptoKeyComponents(slots.material, slots.type === "private"));
}

/** ECDH/X25519 deriveBits: the peer must be a public key of the same algorithm (and curve). */
function subtleAgree(alg, slots, length) {
  subtleRequireType(slots, "private");
  const peer = subtleKeySlots(alg.public);
  if (peer.type !== "public") throw subtleError("InvalidAccessError", "The public member must be a public key");
  if (peer.algorithm.name !== slots.algorithm.name) {
    throw subtleError("InvalidAccessError", `The public key is a ${peer.algorithm.name} key, not a ${slots.algorithm.name} key`);
  }
  if (peer.algorithm.namedCurve !== slots.algorithm.namedCurve) {
    throw subtleError("InvalidAccessError", "The public key is on a different curve");
  }
  const secret = subtleNative(() => ops.cryptoDeriveShared(slots.material, peer.material));
  if (length === null) return secret;
  if (secret.length * 8 < length) throw subtleError("OperationError", `Cannot derive ${length} bits from a ${secret.length * 8}-bit secret`);
  return subtleTruncateBits(secret, length);
}

// ---------------------------------------------------------------------------------------------
// ECDSA and ECDH

const subtleEcCurves = ["P-256", "P-384", "P-521"];
const subtleEcdsaJwkAlg = { "P-256": "ES256", "P-384": "ES384", "P-521": "ES512" };

function subtleEcSteps(name) {
  const isEcdsa = name === "ECDSA";
  const privateUsages = isEcdsa ? ["sign"] : ["deriveKey", "deriveBits"];
  const publicUsages = isEcdsa ? ["verify"] : [];
  const allUsages = isEcdsa ? ["sign", "verify"] : ["deriveKey", "deriveBits"];

  const checkCurve = (curve) => {
    if (ArrayPrototypeIndexOf.call(subtleEcCurves, curve) === -1) {
      throw subtleError("NotSupportedError", `Unsupported named curve "${curve}"`);
    }
  };
  const checkParsed = (parsed, curve) => {
    if (parsed.type !== "EC") throw subtleError("DataError", "The key is not an elliptic-curve key");
    if (parsed.curve !== curve) throw subtleError("DataError", `The key is not on the ${curve} curve`);
  };

  const steps = {
    generateKey(alg, extractable, usages) {
      subtleCheckUsages(usages, allUsages);
      checkCurve(alg.namedCurve);
      const privateKeyUsages = subtlePrivateUsages(usages, privateUsages);
      const pair = subtleNative(() => ops.cryptoGenerateEc(alg.namedCurve));
      const algorithm = { name, namedCurve: alg.namedCurve };
      return subtleNewKeyPair(algorithm, extractable, subtleIntersectUsages(usages, publicUsages), privateKeyUsages, pair);
    },

    importKey(format, data, alg, extractable, usages) {
      const curve = alg.namedCurve;
      checkCurve(curve);
      let isPrivate = false;
      let material;
      if (format === "spki") {
        subtleCheckUsages(usages, publicUsages);
        const parsed = subtleParseDer(data, false);
        checkParsed(parsed, curve);
        material = parsed.spki;
      } else if (format === "pkcs8") {
        subtleCheckUsages(usages, privateUsages);
        const parsed = subtleParseDer(data, true);
        checkParsed(parsed, curve);
        material = parsed.pkcs8;
        isPrivate = true;
      } else if (format === "jwk") {
        isPrivate = data.d !== undefined;
        subtleCheckUsages(usages, isPrivate ? privateUsages : publicUsages);
        subtleJwkCheck(data, "EC", isEcdsa ? "sig" : "enc", usages, extractable);
        if (data.crv !== curve) throw subtleError("DataError", `The JWK "crv" member must be "${curve}"`);
        if (isEcdsa && data.alg !== undefined && data.alg !== subtleEcdsaJwkAlg[curve]) {
          throw subtleError("DataError", `The JWK "alg" member must be "${subtleEcdsaJwkAlg[curve]}"`);
        }
        const x = subtleBase64UrlDecode(data.x, "x");
        const y = subtleBase64UrlDecode(data.y, "y");
        const d = isPrivate ? subtleBase64UrlDecode(data.d, "d") : null;
        const pair = subtleNative(() => ops.cryptoEcFromComponents(curve, x, y, d), "DataError");
        material = isPrivate ? pair[0] : pair[1];
      } else if (format === "raw") {
        subtleCheckUsages(usages, publicUsages);
        material = subtleNative(() => ops.cryptoEcFromComponents(curve, data, null, null), "DataError")[1];
      } else {
        throw subtleError("NotSupportedError", `${name} keys cannot be imported in the "${format}" format`);
      }
      return subtleNewKey(isPrivate ? "private" : "public", extractable, { name, namedCurve: curve }, usages, material);
    },

    exportKey(format, slots) {
      if (format === "spki" || format === "pkcs8") return subtleExportDer(format, slots);
      if (format === "jwk") {
        const parts = subtleKeyParts(slots);
        const jwk = { kty: "EC", crv: slots.algorithm.namedCurve, x: subtleBase64UrlEncode(parts[0]), y: subtleBase64UrlEncode(parts[1]) };
        if (slots.type === "private") jwk.d = subtleBase64UrlEncode(parts[2]);
        return subtleJwkFinish(jwk, slots);
      }
      if (format === "raw") {
        subtleRequireType(slots, "public");
        const parts = subtleKeyParts(slots);
        return subtleConcatBytes(new Uint8Array_([4]), parts[0], parts[1]);
      }
      throw subtleError("NotSupportedError", `${name} keys cannot be exported in the "${format}" format`);
    },
  };
  if (isEcdsa) {
    steps.sign = (alg, slots, data) => {
      subtleRequireType(slots, "private");
      return subtleNative(() => ops.cryptoSign("ECDSA", alg.hash.name, slots.material, data, 0));
    };
    steps.verify = (alg, slots, signature, data) => {
      subtleRequireType(slots, "public");
      return subtleNative(() => ops.cryptoVerify("ECDSA", alg.hash.name, slots.material, signature, data, 0));
    };
  } else {
    steps.deriveBits = subtleAgree;
  }
  return steps;
}

subtleRegister("ECDSA", subtleEcSteps("ECDSA"), {
  sign: "EcdsaParams", verify: "EcdsaParams", generateKey: "EcKeyGenParams", importKey: "EcKeyImportParams", exportKey: "Algorithm",
});
subtleRegister("ECDH", subtleEcSteps("ECDH"), {
  deriveBits: "EcdhKeyDeriveParams", generateKey: "EcKeyGenParams", importKey: "EcKeyImportParams", exportKey: "Algorithm",
});

// ---------------------------------------------------------------------------------------------
// Ed25519 and X25519

function subtleOkpSteps(name) {
  const isEd = name === "Ed25519";
  const privateUsages = isEd ? ["sign"] : ["deriveKey", "deriveBits"];
  const publicUsages = isEd ? ["verify"] : [];
  const allUsages = isEd ? ["sign", "verify"] : ["deriveKey", "deriveBits"];

  const checkParsed = (parsed) => {
    if (parsed.type !== name) throw subtleError("DataError", `The key is not an ${name} key`);
  };

  const steps = {
    generateKey(alg, extractable, usages) {
      subtleCheckUsages(usages, allUsages);
      const privateKeyUsages = subtlePrivateUsages(usages, privateUsages);
      const pair = subtleNative(() => ops.cryptoGenerateOkp(name));
      return subtleNewKeyPair({ name }, extractable, subtleIntersectUsages(usages, publicUsages), privateKeyUsages, pair);
    },

    importKey(format, data, alg, extractable, usages) {
      let isPrivate = false;
      let material;
      if (format === "spki") {
        subtleCheckUsages(usages, publicUsages);
        const parsed = subtleParseDer(data, false);
        checkParsed(parsed);
        material = parsed.spki;
      } else if (format === "pkcs8") {
        subtleCheckUsages(usages, privateUsages);
        const parsed = subtleParseDer(data, true);
        checkParsed(parsed);
        material = parsed.pkcs8;
        isPrivate = true;
      } else if (format === "jwk") {
        isPrivate = data.d !== undefined;
        subtleCheckUsages(usages, isPrivate ? privateUsages : publicUsages);
        if (data.kty !== "OKP") throw subtleError("DataError", "The JWK \"kty\" member must be \"OKP\"");
        if (data.crv !== name) throw subtleError("DataError", `The JWK "crv" member must be "${name}"`);
        if (isEd && data.alg !== undefined && data.alg !== "Ed25519" && data.alg !== "EdDSA") {
          throw subtleError("DataError", "The JWK \"alg\" member must be \"Ed25519\" or \"EdDSA\"");
        }
        subtleJwkCheck(data, "OKP", isEd ? "sig" : "enc", usages, extractable);
        const x = subtleBase64UrlDecode(data.x, "x");
        const d = isPrivate ? subtleBase64UrlDecode(data.d, "d") : null;
        const pair = subtleNative(() => ops.cryptoOkpFromRaw(name, x, d), "DataError");
        material = isPrivate ? pair[0] : pair[1];
      } else if (format === "raw") {
        subtleCheckUsages(usages, publicUsages);
        material = subtleNative(() => ops.cryptoOkpFromRaw(name, data, null), "DataError")[1];
      } else {
        throw subtleError("NotSupportedError", `${name} keys cannot be imported in the "${format}" format`);
      }
      return subtleNewKey(isPrivate ? "private" : "public", extractable, { name }, usages, material);
    },

    exportKey(format, slots) {
      if (format === "spki" || format === "pkcs8") return subtleExportDer(format, slots);
      if (format === "jwk") {
        const parts = subtleKeyParts(slots);
        const jwk = { kty: "OKP", crv: name, x: subtleBase64UrlEncode(parts[0]) };
        if (slots.type === "private") jwk.d = subtleBase64UrlEncode(parts[1]);
        if (isEd) jwk.alg = "Ed25519";
        return subtleJwkFinish(jwk, slots);
      }
      if (format === "raw") {
        subtleRequireType(slots, "public");
        return subtleKeyParts(slots)[0];
      }
      throw subtleError("NotSupportedError", `${name} keys cannot be exported in the "${format}" format`);
    },
  };
  if (isEd) {
    steps.sign = (alg, slots, data) => {
      subtleRequireType(slots, "private");
      return subtleNative(() => ops.cryptoSign("Ed25519", "", slots.material, data, 0));
    };
    steps.verify = (alg, slots, signature, data) => {
      subtleRequireType(slots, "public");
      return subtleNative(() => ops.cryptoVerify("Ed25519", "", slots.material, signature, data, 0));
    };
  } else {
    steps.deriveBits = subtleAgree;
  }
  return steps;
}

subtleRegister("Ed25519", subtleOkpSteps("Ed25519"), {
  sign: "Algorithm", verify: "Algorithm", generateKey: "Algorithm", importKey: "Algorithm", exportKey: "Algorithm",
});
subtleRegister("X25519", subtleOkpSteps("X25519"), {
  deriveBits: "EcdhKeyDeriveParams", generateKey: "Algorithm", importKey: "Algorithm", exportKey: "Algorithm",
});

// ---------------------------------------------------------------------------------------------
// RSA: RSASSA-PKCS1-v1_5, RSA-PSS, RSA-OAEP

const subtleRsaJwkAlg = {
  "RSASSA-PKCS1-v1_5": { "SHA-1": "RS1", "SHA-256": "RS256", "SHA-384": "RS384", "SHA-512": "RS512" },
  "RSA-PSS": { "SHA-1": "PS1", "SHA-256": "PS256", "SHA-384": "PS384", "SHA-512": "PS512" },
  "RSA-OAEP": { "SHA-1": "RSA-OAEP", "SHA-256": "RSA-OAEP-256", "SHA-384": "RSA-OAEP-384", "SHA-512": "RSA-OAEP-512" },
};
const subtleRsaJwkPrivateMembers = ["d", "p", "q", "dp", "dq", "qi"];

/** Key generation runs in one uninterruptible native call: moduli above this are refused. */
const SUBTLE_RSA_MAX_MODULUS_BITS = 8192;

/** Modulus length in bits of big-endian bytes. */
function subtleBitLength(bytes) {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  if (i === bytes.length) return 0;
  let top = bytes[i], bits = 0;
  while (top) { bits++; top >>= 1; }
  return (bytes.length - i - 1) * 8 + bits;
}

function subtleStripZeros(bytes) {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  return new Uint8Array_(TypedArrayPrototypeGetBuffer.call(bytes), TypedArrayPrototypeGetByteOffset.call(bytes) + i, bytes.length - i);
}

function subtleRsaSteps(name) {
  const isOaep = name === "RSA-OAEP";
  const privateUsages = isOaep ? ["decrypt", "unwrapKey"] : ["sign"];
  const publicUsages = isOaep ? ["encrypt", "wrapKey"] : ["verify"];
  const allUsages = isOaep ? ["encrypt", "decrypt", "wrapKey", "unwrapKey"] : ["sign", "verify"];
  const jwkAlg = subtleRsaJwkAlg[name];

  const algorithm = (bits, exponent, hash) => ({ name, modulusLength: bits, publicExponent: new Uint8Array_(exponent), hash: { name: hash } });
  const checkParsed = (parsed) => {
    if (parsed.type !== "RSA") throw subtleError("DataError", "The key is not an RSA (rsaEncryption) key");
  };

  const steps = {
    generateKey(alg, extractable, usages) {
      subtleCheckUsages(usages, allUsages);
      const privateKeyUsages = subtlePrivateUsages(usages, privateUsages);
      if (alg.modulusLength < 512 || alg.modulusLength > SUBTLE_RSA_MAX_MODULUS_BITS) {
        throw subtleError("OperationError", `RSA modulus length must be between 512 and ${SUBTLE_RSA_MAX_MODULUS_BITS} bits`);
      }
      const exponent = subtleStripZeros(alg.publicExponent);
      if (exponent.length === 0 || exponent.length > 4) throw subtleError("OperationError", "Unsupported RSA public exponent");
      const pair = subtleNative(() => ops.cryptoGenerateRsa(alg.modulusLength, exponent));
      const keyAlgorithm = algorithm(alg.modulusLength, alg.publicExponent, alg.hash.name);
      return subtleNewKeyPair(keyAlgorithm, extractable, subtleIntersectUsages(usages, publicUsages), privateKeyUsages, pair);
    },

    importKey(format, data, alg, extractable, usages) {
      let isPrivate = false;
      let material, bits, exponent;
      if (format === "spki" || format === "pkcs8") {
        isPrivate = format === "pkcs8";
        subtleCheckUsages(usages, isPrivate ? privateUsages : publicUsages);
        const parsed = subtleParseDer(data, isPrivate);
        checkParsed(parsed);
        material = isPrivate ? parsed.pkcs8 : parsed.spki;
        bits = parsed.bits;
        exponent = parsed.exponent;
      } else if (format === "jwk") {
        isPrivate = data.d !== undefined;
        subtleCheckUsages(usages, isPrivate ? privateUsages : publicUsages);
        if (data.kty !== "RSA") throw subtleError("DataError", "The JWK \"kty\" member must be \"RSA\"");
        const expected = jwkAlg[alg.hash.name];
        if (data.alg !== undefined && data.alg !== expected) {
          throw subtleError("DataError", `The JWK "alg" member must be "${expected}"`);
        }
        subtleJwkCheck(data, "RSA", isOaep ? "enc" : "sig", usages, extractable);
        if (data.oth !== undefined) throw subtleError("NotSupportedError", "Multi-prime RSA keys are not supported");
        const n = subtleBase64UrlDecode(data.n, "n");
        const e = subtleBase64UrlDecode(data.e, "e");
        const priv = [];
        if (isPrivate) {
          for (let i = 0; i < subtleRsaJwkPrivateMembers.length; i++) {
            const member = subtleRsaJwkPrivateMembers[i];
            ArrayPrototypePush.call(priv, subtleBase64UrlDecode(data[member], member));
          }
        }
        const pair = subtleNative(() => ops.cryptoRsaFromComponents(n, e, priv[0], priv[1], priv[2], priv[3], priv[4], priv[5]), "DataError");
        material = isPrivate ? pair[0] : pair[1];
        bits = subtleBitLength(n);
        exponent = subtleStripZeros(e);
      } else {
        throw subtleError("NotSupportedError", `${name} keys cannot be imported in the "${format}" format`);
      }
      return subtleNewKey(isPrivate ? "private" : "public", extractable, algorithm(bits, exponent, alg.hash.name), usages, material);
    },

    exportKey(format, slots) {
      if (format === "spki" || format === "pkcs8") return subtleExportDer(format, slots);
      if (format === "jwk") {
        const parts = subtleKeyParts(slots);
        const jwk = { kty: "RSA", n: subtleBase64UrlEncode(parts[0]), e: subtleBase64UrlEncode(parts[1]) };
        if (slots.type === "private") {
          for (let i = 0; i < subtleRsaJwkPrivateMembers.length; i++) {
            if (parts[i + 2] === null) throw subtleError("OperationError", "The private key has no CRT parameters");
            jwk[subtleRsaJwkPrivateMembers[i]] = subtleBase64UrlEncode(parts[i + 2]);
          }
        }
        jwk.alg = jwkAlg[slots.algorithm.hash.name];
        return subtleJwkFinish(jwk, slots);
      }
      throw subtleError("NotSupportedError", `${name} keys cannot be exported in the "${format}" format`);
    },
  };
  if (isOaep) {
    const oaep = (encrypt) => (alg, slots, data) => {
      subtleRequireType(slots, encrypt ? "public" : "private");
      const label = alg.label === undefined ? null : alg.label;
      return subtleNative(() => ops.cryptoRsaOaep(encrypt, slots.algorithm.hash.name, slots.material, label, data));
    };
    steps.encrypt = oaep(true);
    steps.decrypt = oaep(false);
  } else {
    const saltOf = (alg) => (name === "RSA-PSS" ? alg.saltLength : 0);
    steps.sign = (alg, slots, data) => {
      subtleRequireType(slots, "private");
      if (saltOf(alg) > slots.algorithm.modulusLength / 8) throw subtleError("OperationError", "The RSA-PSS salt is too long for the key");
      return subtleNative(() => ops.cryptoSign(name, slots.algorithm.hash.name, slots.material, data, saltOf(alg)));
    };
    steps.verify = (alg, slots, signature, data) => {
      subtleRequireType(slots, "public");
      if (saltOf(alg) > slots.algorithm.modulusLength / 8) return false;
      return subtleNative(() => ops.cryptoVerify(name, slots.algorithm.hash.name, slots.material, signature, data, saltOf(alg)));
    };
  }
  return steps;
}

const subtleRsaKeyOperations = { generateKey: "RsaHashedKeyGenParams", importKey: "RsaHashedImportParams", exportKey: "Algorithm" };
subtleRegister("RSASSA-PKCS1-v1_5", subtleRsaSteps("RSASSA-PKCS1-v1_5"), { ...subtleRsaKeyOperations, sign: "Algorithm", verify: "Algorithm" });
subtleRegister("RSA-PSS", subtleRsaSteps("RSA-PSS"), { ...subtleRsaKeyOperations, sign: "RsaPssParams", verify: "RsaPssParams" });
subtleRegister("RSA-OAEP", subtleRsaSteps("RSA-OAEP"), { ...subtleRsaKeyOperations, encrypt: "RsaOaepParams", decrypt: "RsaOaepParams" });
