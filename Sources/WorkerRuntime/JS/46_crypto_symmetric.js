// 46_crypto_symmetric.js — the secret-key algorithms of crypto.subtle: SHA digests, HMAC, AES-CTR/CBC/GCM/KW,
// PBKDF2 and HKDF. Each is an object of operation steps registered with `subtleRegister` (45_crypto_subtle.js);
// the steps receive normalised algorithms and a key's internal slots, and return bytes, booleans or keys.

const subtleHashNames = ["SHA-1", "SHA-256", "SHA-384", "SHA-512"];
const subtleHashBytes = { "SHA-1": 20, "SHA-256": 32, "SHA-384": 48, "SHA-512": 64 };
for (const name of subtleHashNames) subtleRegister(name, {}, { digest: "Algorithm" });

/** Copy of a secret key's bytes (the internal buffer never reaches user code). */
function subtleSecretCopy(slots) {
  return new Uint8Array_(slots.material);
}

/** jwk.k of an "oct" JWK, after the kty check. */
function subtleJwkSecret(jwk) {
  if (jwk.kty !== "oct") throw subtleError("DataError", "The JWK \"kty\" member must be \"oct\"");
  return subtleBase64UrlDecode(jwk.k, "k");
}

// ---------------------------------------------------------------------------------------------
// HMAC

const subtleHmacUsages = ["sign", "verify"];
const subtleHmacBlockBits = { "SHA-1": 512, "SHA-256": 512, "SHA-384": 1024, "SHA-512": 1024 };
const subtleHmacJwkAlg = { "SHA-1": "HS1", "SHA-256": "HS256", "SHA-384": "HS384", "SHA-512": "HS512" };

function subtleHmacAlgorithm(length, hash) {
  return { name: "HMAC", length, hash: { name: hash } };
}

const subtleHmac = {
  generateKey(alg, extractable, usages) {
    subtleCheckUsages(usages, subtleHmacUsages);
    let length;
    if (alg.length === undefined) length = subtleHmacBlockBits[alg.hash.name];
    else if (alg.length !== 0) length = alg.length;
    else throw subtleError("OperationError", "HMAC key length must not be zero");
    const bytes = subtleTruncateBits(subtleRandomBytes(MathFloor((length + 7) / 8)), length);
    return subtleNewKey("secret", extractable, subtleHmacAlgorithm(length, alg.hash.name), usages, bytes);
  },

  importKey(format, data, alg, extractable, usages) {
    subtleCheckUsages(usages, subtleHmacUsages);
    const hash = alg.hash.name;
    let bytes;
    if (format === "raw") {
      bytes = data;
    } else if (format === "jwk") {
      bytes = subtleJwkSecret(data);
      if (data.alg !== undefined && data.alg !== subtleHmacJwkAlg[hash]) {
        throw subtleError("DataError", `The JWK "alg" member must be "${subtleHmacJwkAlg[hash]}" for ${hash}`);
      }
      subtleJwkCheck(data, "oct", "sig", usages, extractable);
    } else {
      throw subtleError("NotSupportedError", `HMAC keys cannot be imported in the "${format}" format`);
    }
    let length = bytes.length * 8;
    if (length === 0) throw subtleError("DataError", "HMAC key data must not be empty");
    if (alg.length !== undefined) {
      if (alg.length > length) throw subtleError("DataError", "The HMAC length is longer than the key data");
      if (alg.length === 0) throw subtleError("DataError", "HMAC key length must not be zero");
      length = alg.length;
    }
    return subtleNewKey("secret", extractable, subtleHmacAlgorithm(length, hash), usages, subtleTruncateBits(bytes, length));
  },

  exportKey(format, slots) {
    if (format === "raw") return subtleSecretCopy(slots);
    if (format === "jwk") {
      const jwk = { kty: "oct", k: subtleBase64UrlEncode(slots.material), alg: subtleHmacJwkAlg[slots.algorithm.hash.name] };
      return subtleJwkFinish(jwk, slots);
    }
    throw subtleError("NotSupportedError", `HMAC keys cannot be exported in the "${format}" format`);
  },

  sign(alg, slots, data) {
    return subtleNative(() => ops.cryptoHmac(slots.algorithm.hash.name, slots.material, data));
  },

  verify(alg, slots, signature, data) {
    const mac = subtleNative(() => ops.cryptoHmac(slots.algorithm.hash.name, slots.material, data));
    return mac.length === signature.length && ops.cryptoTimingSafeEqual(mac, signature);
  },

  getKeyLength(alg) {
    if (alg.length === undefined) return subtleHmacBlockBits[alg.hash.name];
    if (alg.length !== 0) return alg.length;
    throw new TypeError_("HMAC key length must not be zero");
  },
};
subtleRegister("HMAC", subtleHmac, {
  sign: "Algorithm", verify: "Algorithm", generateKey: "HmacKeyGenParams", importKey: "HmacImportParams",
  exportKey: "Algorithm", "get key length": "HmacImportParams",
});

// ---------------------------------------------------------------------------------------------
// AES

const subtleAesLengths = [128, 192, 256];
const subtleAesCipherUsages = ["encrypt", "decrypt", "wrapKey", "unwrapKey"];
const subtleAesKwUsages = ["wrapKey", "unwrapKey"];
const subtleAesGcmTagLengths = [32, 64, 96, 104, 112, 120, 128];

/** The key-management steps shared by the four AES algorithms; `suffix` names the JWK "alg" (A128GCM…). */
function subtleAesKeySteps(name, suffix, allowedUsages) {
  return {
    generateKey(alg, extractable, usages) {
      subtleCheckUsages(usages, allowedUsages);
      if (ArrayPrototypeIndexOf.call(subtleAesLengths, alg.length) === -1) {
        throw subtleError("OperationError", "AES key length must be 128, 192 or 256 bits");
      }
      return subtleNewKey("secret", extractable, { name, length: alg.length }, usages, subtleRandomBytes(alg.length / 8));
    },

    importKey(format, data, alg, extractable, usages) {
      subtleCheckUsages(usages, allowedUsages);
      let bytes;
      if (format === "raw") {
        bytes = data;
        if (ArrayPrototypeIndexOf.call(subtleAesLengths, bytes.length * 8) === -1) {
          throw subtleError("DataError", "AES key data must be 16, 24 or 32 bytes long");
        }
      } else if (format === "jwk") {
        bytes = subtleJwkSecret(data);
        if (ArrayPrototypeIndexOf.call(subtleAesLengths, bytes.length * 8) === -1) {
          throw subtleError("DataError", "The JWK \"k\" member must be 16, 24 or 32 bytes long");
        }
        const expected = `A${bytes.length * 8}${suffix}`;
        if (data.alg !== undefined && data.alg !== expected) {
          throw subtleError("DataError", `The JWK "alg" member must be "${expected}"`);
        }
        subtleJwkCheck(data, "oct", "enc", usages, extractable);
      } else {
        throw subtleError("NotSupportedError", `${name} keys cannot be imported in the "${format}" format`);
      }
      return subtleNewKey("secret", extractable, { name, length: bytes.length * 8 }, usages, bytes);
    },

    exportKey(format, slots) {
      if (format === "raw") return subtleSecretCopy(slots);
      if (format === "jwk") {
        const jwk = { kty: "oct", k: subtleBase64UrlEncode(slots.material), alg: `A${slots.algorithm.length}${suffix}` };
        return subtleJwkFinish(jwk, slots);
      }
      throw subtleError("NotSupportedError", `${name} keys cannot be exported in the "${format}" format`);
    },

    getKeyLength(alg) {
      if (ArrayPrototypeIndexOf.call(subtleAesLengths, alg.length) === -1) {
        throw subtleError("OperationError", "AES key length must be 128, 192 or 256 bits");
      }
      return alg.length;
    },
  };
}

function subtleAesCtr(alg, slots, data) {
  if (alg.counter.length !== 16) throw subtleError("OperationError", "AES-CTR counter must be 16 bytes");
  if (alg.length === 0 || alg.length > 128) throw subtleError("OperationError", "AES-CTR length must be between 1 and 128");
  return subtleNative(() => ops.cryptoAesCtr(slots.material, alg.counter, alg.length, data));
}

function subtleAesCbc(encrypt, alg, slots, data) {
  if (alg.iv.length !== 16) throw subtleError("OperationError", "AES-CBC iv must be 16 bytes");
  return subtleNative(() => ops.cryptoAesCbc(encrypt, slots.material, alg.iv, data));
}

function subtleAesGcm(encrypt, alg, slots, data) {
  const tagLength = alg.tagLength === undefined ? 128 : alg.tagLength;
  if (ArrayPrototypeIndexOf.call(subtleAesGcmTagLengths, tagLength) === -1) {
    throw subtleError("OperationError", "AES-GCM tagLength must be 32, 64, 96, 104, 112, 120 or 128");
  }
  if (!encrypt && data.length < tagLength / 8) throw subtleError("OperationError", "The data is shorter than the tag");
  const aad = alg.additionalData === undefined ? null : alg.additionalData;
  return subtleNative(() => ops.cryptoAesGcm(encrypt, slots.material, alg.iv, aad, tagLength, data));
}

function subtleAesKw(wrap, slots, bytes) {
  if (bytes.length % 8 !== 0) throw subtleError("OperationError", "AES-KW needs data in multiples of 8 bytes");
  return subtleNative(() => ops.cryptoAesKw(wrap, slots.material, bytes));
}

const subtleAesCtrSteps = subtleAesKeySteps("AES-CTR", "CTR", subtleAesCipherUsages);
subtleAesCtrSteps.encrypt = (alg, slots, data) => subtleAesCtr(alg, slots, data);
subtleAesCtrSteps.decrypt = (alg, slots, data) => subtleAesCtr(alg, slots, data);

const subtleAesCbcSteps = subtleAesKeySteps("AES-CBC", "CBC", subtleAesCipherUsages);
subtleAesCbcSteps.encrypt = (alg, slots, data) => subtleAesCbc(true, alg, slots, data);
subtleAesCbcSteps.decrypt = (alg, slots, data) => subtleAesCbc(false, alg, slots, data);

const subtleAesGcmSteps = subtleAesKeySteps("AES-GCM", "GCM", subtleAesCipherUsages);
subtleAesGcmSteps.encrypt = (alg, slots, data) => subtleAesGcm(true, alg, slots, data);
subtleAesGcmSteps.decrypt = (alg, slots, data) => subtleAesGcm(false, alg, slots, data);

const subtleAesKwSteps = subtleAesKeySteps("AES-KW", "KW", subtleAesKwUsages);
subtleAesKwSteps.wrapKey = (alg, slots, bytes) => subtleAesKw(true, slots, bytes);
subtleAesKwSteps.unwrapKey = (alg, slots, bytes) => subtleAesKw(false, slots, bytes);

const subtleAesKeyOperations = { generateKey: "AesKeyGenParams", importKey: "Algorithm", exportKey: "Algorithm", "get key length": "AesDerivedKeyParams" };
subtleRegister("AES-CTR", subtleAesCtrSteps, { ...subtleAesKeyOperations, encrypt: "AesCtrParams", decrypt: "AesCtrParams" });
subtleRegister("AES-CBC", subtleAesCbcSteps, { ...subtleAesKeyOperations, encrypt: "AesCbcParams", decrypt: "AesCbcParams" });
subtleRegister("AES-GCM", subtleAesGcmSteps, { ...subtleAesKeyOperations, encrypt: "AesGcmParams", decrypt: "AesGcmParams" });
subtleRegister("AES-KW", subtleAesKwSteps, { ...subtleAesKeyOperations, wrapKey: "Algorithm", unwrapKey: "Algorithm" });

// ---------------------------------------------------------------------------------------------
// PBKDF2 and HKDF

const subtleDeriveUsages = ["deriveKey", "deriveBits"];

/**
 * PBKDF2 runs inside one native call that the CPU-time watchdog cannot interrupt, so the iteration
 * count is capped like Cloudflare's (a larger count is a NotSupportedError there too), and the output
 * to 255 hash lengths (the RFC 5869 bound of HKDF; the spec sets none).
 */
const SUBTLE_PBKDF2_MAX_ITERATIONS = 100000;

/** Import steps shared by PBKDF2 and HKDF: raw only, derive usages only, never extractable. */
function subtleKdfImport(name) {
  return (format, data, alg, extractable, usages) => {
    if (format !== "raw") throw subtleError("NotSupportedError", `${name} keys can only be imported in the "raw" format`);
    subtleCheckUsages(usages, subtleDeriveUsages);
    if (extractable) throw subtleError("SyntaxError", `${name} keys cannot be extractable`);
    return subtleNewKey("secret", false, { name }, usages, data);
  };
}

const subtlePbkdf2 = {
  importKey: subtleKdfImport("PBKDF2"),
  deriveBits(alg, slots, length) {
    if (length === null || length % 8 !== 0) throw subtleError("OperationError", "PBKDF2 length must be a multiple of 8");
    if (alg.iterations === 0) throw subtleError("OperationError", "PBKDF2 iterations must not be zero");
    if (length === 0) return new Uint8Array_(0);
    if (length / 8 > 255 * subtleHashBytes[alg.hash.name]) {
      throw subtleError("OperationError", "PBKDF2 cannot derive more than 255 hash lengths here");
    }
    if (alg.iterations > SUBTLE_PBKDF2_MAX_ITERATIONS) {
      throw subtleError("NotSupportedError", `PBKDF2 iteration counts above ${SUBTLE_PBKDF2_MAX_ITERATIONS} are not supported`);
    }
    return subtleNative(() => ops.cryptoPbkdf2(alg.hash.name, slots.material, alg.salt, alg.iterations, length / 8));
  },
  getKeyLength() { return null; },
};
subtleRegister("PBKDF2", subtlePbkdf2, { importKey: "Algorithm", deriveBits: "Pbkdf2Params", "get key length": "Algorithm" });

const subtleHkdf = {
  importKey: subtleKdfImport("HKDF"),
  deriveBits(alg, slots, length) {
    if (length === null || length % 8 !== 0) throw subtleError("OperationError", "HKDF length must be a multiple of 8");
    if (length === 0) return new Uint8Array_(0);
    if (length / 8 > 255 * subtleHashBytes[alg.hash.name]) {
      throw subtleError("OperationError", "HKDF cannot derive more than 255 hash lengths");
    }
    return subtleNative(() => ops.cryptoHkdf(alg.hash.name, slots.material, alg.salt, alg.info, length / 8));
  },
  getKeyLength() { return null; },
};
subtleRegister("HKDF", subtleHkdf, { importKey: "Algorithm", deriveBits: "HkdfParams", "get key length": "Algorithm" });
