// 45_crypto_subtle.js — crypto.subtle (W3C Web Cryptography API): CryptoKey, SubtleCrypto and its method
// steps, algorithm normalisation, key usages, and the JWK helpers the algorithms share.
//
// The algorithms themselves live in 46_crypto_symmetric.js and 47_crypto_asymmetric.js and register
// with `subtleRegister` below; the cryptography is done by the `ops.crypto*` natives (CV8Bridge/crypto.cpp,
// OpenSSL 3). Key material lives only in a CryptoKey's private field: raw bytes for secret keys, PKCS#8
// DER for private keys, SPKI DER for public keys. Every method returns a promise and never throws; a
// failure rejects with the DOMException name the spec gives (natives throw plain Errors, mapped here).

const subtleUsageOrder = ["encrypt", "decrypt", "sign", "verify", "deriveKey", "deriveBits", "wrapKey", "unwrapKey"];
const subtleKeyFormats = ["raw", "spki", "pkcs8", "jwk"];
const subtleLowerAsciiRe = /[a-z]+/g;
const subtleBase64UrlAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const subtleBase64UrlValues = new Map_();
for (let i = 0; i < subtleBase64UrlAlphabet.length; i++) {
  MapPrototypeSet.call(subtleBase64UrlValues, StringPrototypeCharCodeAt.call(subtleBase64UrlAlphabet, i), i);
}

// ---------------------------------------------------------------------------------------------
// Errors and small conversions

/** A DOMException for a failed crypto step. */
function subtleError(name, message) {
  return newDOMException(message, name);
}

/** Errors from natives are plain Errors: give them the spec's name (DOMExceptions and TypeErrors pass). */
function subtleAsDOMException(e, name) {
  if (domExceptionIsInstance(e) || e instanceof TypeError_) return e;
  return newDOMException(e instanceof Error_ ? e.message : String_(e), name);
}

/** Runs a native step; its failure becomes an OperationError (or `name`). */
function subtleNative(fn, name = "OperationError") {
  try {
    return fn();
  } catch (e) {
    throw subtleAsDOMException(e, name);
  }
}

function subtleAsciiUpper(s) {
  return StringPrototypeReplace.call(s, subtleLowerAsciiRe, (m) => StringPrototypeToUpperCase.call(m));
}

/** WebIDL BufferSource → a private copy of its bytes (TypeError for anything else). */
function subtleBytes(value, what) {
  const view = bufferSourceBytes(value);
  if (view === null) throw new TypeError_(`${what} is not an ArrayBuffer or an ArrayBufferView`);
  const out = new Uint8Array_(view.length);
  out.set(view);
  return out;
}

/** The ArrayBuffer a method resolves with, from a Uint8Array. */
function subtleArrayBuffer(bytes) {
  const buffer = TypedArrayPrototypeGetBuffer.call(bytes);
  const length = TypedArrayPrototypeGetByteLength.call(bytes);
  if (TypedArrayPrototypeGetByteOffset.call(bytes) === 0 && ArrayBufferPrototypeGetByteLength.call(buffer) === length) {
    return buffer;
  }
  const out = new Uint8Array_(length);
  out.set(bytes);
  return TypedArrayPrototypeGetBuffer.call(out);
}

/** WebIDL integer conversion with [EnforceRange] for an unsigned type of `bits` bits. */
function subtleEnforceRange(value, bits, what) {
  const n = +value; // ToNumber (throws on BigInt and Symbol, as WebIDL does)
  if (!NumberIsFinite(n)) throw new TypeError_(`${what} is not a finite number`);
  const t = MathTrunc(n);
  if (t < 0 || t > 2 ** bits - 1) throw new TypeError_(`${what} is outside the range of an unsigned ${bits}-bit integer`);
  return t === 0 ? 0 : t;
}

function subtleRandomBytes(length) {
  const out = new Uint8Array_(length);
  ops.randomFill(out);
  return out;
}

/** The first `bits` bits of `bytes` (the last partial byte keeps its high bits). */
function subtleTruncateBits(bytes, bits) {
  const length = MathFloor((bits + 7) / 8);
  const out = new Uint8Array_(length);
  out.set(new Uint8Array_(TypedArrayPrototypeGetBuffer.call(bytes), TypedArrayPrototypeGetByteOffset.call(bytes), length));
  if (bits % 8 !== 0) out[length - 1] &= (0xff << (8 - (bits % 8))) & 0xff;
  return out;
}

function subtleConcatBytes(a, b, c) {
  const out = new Uint8Array_(a.length + b.length + c.length);
  out.set(a, 0);
  out.set(b, a.length);
  out.set(c, a.length + b.length);
  return out;
}

// ---------------------------------------------------------------------------------------------
// base64url (RFC 4648 §5, no padding) for JWK members

function subtleBase64UrlEncode(bytes) {
  let out = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += subtleBase64UrlAlphabet[n >> 18] + subtleBase64UrlAlphabet[(n >> 12) & 63] +
      subtleBase64UrlAlphabet[(n >> 6) & 63] + subtleBase64UrlAlphabet[n & 63];
  }
  if (i < bytes.length) {
    const n = (bytes[i] << 16) | (i + 1 < bytes.length ? bytes[i + 1] << 8 : 0);
    out += subtleBase64UrlAlphabet[n >> 18] + subtleBase64UrlAlphabet[(n >> 12) & 63];
    if (i + 1 < bytes.length) out += subtleBase64UrlAlphabet[(n >> 6) & 63];
  }
  return out;
}

/** Decodes a JWK member; a missing member or anything that is not base64url is a DataError. */
function subtleBase64UrlDecode(text, member) {
  if (typeof text !== "string") throw subtleError("DataError", `The JWK member "${member}" is missing`);
  const len = text.length;
  if (len % 4 === 1) throw subtleError("DataError", `The JWK member "${member}" is not valid base64url`);
  const out = new Uint8Array_(MathFloor((len * 3) / 4));
  let acc = 0, accBits = 0, o = 0;
  for (let i = 0; i < len; i++) {
    const v = MapPrototypeGet.call(subtleBase64UrlValues, StringPrototypeCharCodeAt.call(text, i));
    if (v === undefined) throw subtleError("DataError", `The JWK member "${member}" is not valid base64url`);
    acc = ((acc << 6) | v) & 0xffffff;
    accBits += 6;
    if (accBits >= 8) {
      accBits -= 8;
      out[o++] = (acc >> accBits) & 0xff;
    }
  }
  return o === out.length ? out : new Uint8Array_(TypedArrayPrototypeGetBuffer.call(out), 0, o);
}

// ---------------------------------------------------------------------------------------------
// Algorithm dictionaries (WebIDL conversions) and normalisation

function subtleRequired(dict, key, type) {
  const v = dict[key];
  if (v === undefined) throw new TypeError_(`${type}: the required member "${key}" is missing`);
  return v;
}

function subtleOptionalBytes(dict, key, type) {
  const v = dict[key];
  return v === undefined ? undefined : subtleBytes(v, `${type}.${key}`);
}

function subtleHashMember(dict, type) {
  return subtleNormalize(subtleRequired(dict, "hash", type), "digest");
}

/** Dictionary converters by IDL type name: each reads its members off a user object. */
const subtleDictionaries = {
  Algorithm: () => ({}),
  AesCtrParams: (d) => ({
    counter: subtleBytes(subtleRequired(d, "counter", "AesCtrParams"), "AesCtrParams.counter"),
    length: subtleEnforceRange(subtleRequired(d, "length", "AesCtrParams"), 8, "AesCtrParams.length"),
  }),
  AesCbcParams: (d) => ({ iv: subtleBytes(subtleRequired(d, "iv", "AesCbcParams"), "AesCbcParams.iv") }),
  AesGcmParams: (d) => {
    const additionalData = subtleOptionalBytes(d, "additionalData", "AesGcmParams");
    const iv = subtleBytes(subtleRequired(d, "iv", "AesGcmParams"), "AesGcmParams.iv");
    const tagLength = d.tagLength === undefined ? undefined : subtleEnforceRange(d.tagLength, 8, "AesGcmParams.tagLength");
    return { additionalData, iv, tagLength };
  },
  AesKeyGenParams: (d) => ({ length: subtleEnforceRange(subtleRequired(d, "length", "AesKeyGenParams"), 16, "AesKeyGenParams.length") }),
  AesDerivedKeyParams: (d) => ({ length: subtleEnforceRange(subtleRequired(d, "length", "AesDerivedKeyParams"), 16, "AesDerivedKeyParams.length") }),
  HmacImportParams: (d) => {
    const hash = subtleHashMember(d, "HmacImportParams");
    const length = d.length === undefined ? undefined : subtleEnforceRange(d.length, 32, "HmacImportParams.length");
    return { hash, length };
  },
  HmacKeyGenParams: (d) => {
    const hash = subtleHashMember(d, "HmacKeyGenParams");
    const length = d.length === undefined ? undefined : subtleEnforceRange(d.length, 32, "HmacKeyGenParams.length");
    return { hash, length };
  },
  RsaHashedKeyGenParams: (d) => {
    const hash = subtleHashMember(d, "RsaHashedKeyGenParams");
    const modulusLength = subtleEnforceRange(subtleRequired(d, "modulusLength", "RsaHashedKeyGenParams"), 32, "RsaHashedKeyGenParams.modulusLength");
    const exponent = subtleRequired(d, "publicExponent", "RsaHashedKeyGenParams");
    if (!(exponent instanceof Uint8Array_)) throw new TypeError_("RsaHashedKeyGenParams.publicExponent is not a Uint8Array");
    return { hash, modulusLength, publicExponent: subtleBytes(exponent, "publicExponent") };
  },
  RsaHashedImportParams: (d) => ({ hash: subtleHashMember(d, "RsaHashedImportParams") }),
  RsaPssParams: (d) => ({ saltLength: subtleEnforceRange(subtleRequired(d, "saltLength", "RsaPssParams"), 32, "RsaPssParams.saltLength") }),
  RsaOaepParams: (d) => ({ label: subtleOptionalBytes(d, "label", "RsaOaepParams") }),
  EcdsaParams: (d) => ({ hash: subtleHashMember(d, "EcdsaParams") }),
  EcKeyGenParams: (d) => ({ namedCurve: toDOMString(subtleRequired(d, "namedCurve", "EcKeyGenParams")) }),
  EcKeyImportParams: (d) => ({ namedCurve: toDOMString(subtleRequired(d, "namedCurve", "EcKeyImportParams")) }),
  EcdhKeyDeriveParams: (d) => {
    const key = subtleRequired(d, "public", "EcdhKeyDeriveParams");
    if (subtleKeySlots(key) === null) throw new TypeError_("EcdhKeyDeriveParams.public is not a CryptoKey");
    return { public: key };
  },
  HkdfParams: (d) => {
    const hash = subtleHashMember(d, "HkdfParams");
    const info = subtleBytes(subtleRequired(d, "info", "HkdfParams"), "HkdfParams.info");
    const salt = subtleBytes(subtleRequired(d, "salt", "HkdfParams"), "HkdfParams.salt");
    return { hash, info, salt };
  },
  Pbkdf2Params: (d) => {
    const hash = subtleHashMember(d, "Pbkdf2Params");
    const iterations = subtleEnforceRange(subtleRequired(d, "iterations", "Pbkdf2Params"), 32, "Pbkdf2Params.iterations");
    const salt = subtleBytes(subtleRequired(d, "salt", "Pbkdf2Params"), "Pbkdf2Params.salt");
    return { hash, iterations, salt };
  },
};

/** operation → Map(upper-case name → { name, dictionary, impl }) */
const subtleRegistry = new Map_();
/** canonical name → the implementation object (see 46/47 for the shape) */
const subtleImplementations = new Map_();

/** Registers an algorithm: `operations` maps an operation name to the IDL dictionary of its parameters. */
function subtleRegister(name, impl, operations) {
  MapPrototypeSet.call(subtleImplementations, name, impl);
  for (const op of ObjectKeys(operations)) {
    let table = MapPrototypeGet.call(subtleRegistry, op);
    if (table === undefined) {
      table = new Map_();
      MapPrototypeSet.call(subtleRegistry, op, table);
    }
    MapPrototypeSet.call(table, subtleAsciiUpper(name), { name, dictionary: subtleDictionaries[operations[op]], impl });
  }
}

/** The spec's "normalize an algorithm": the result has the canonical `name` plus converted members. */
function subtleNormalize(algorithm, op) {
  if (!isObject(algorithm)) return subtleNormalize({ name: toDOMString(algorithm) }, op);
  const rawName = algorithm.name;
  if (rawName === undefined) throw new TypeError_("Algorithm: the required member \"name\" is missing");
  const name = toDOMString(rawName);
  const table = MapPrototypeGet.call(subtleRegistry, op);
  const entry = table === undefined ? undefined : MapPrototypeGet.call(table, subtleAsciiUpper(name));
  if (entry === undefined) throw subtleError("NotSupportedError", `Unrecognized or unsupported algorithm "${name}" for ${op}`);
  const normalized = entry.dictionary(algorithm);
  normalized.name = entry.name;
  return normalized;
}

function subtleImplOf(name) {
  return MapPrototypeGet.call(subtleImplementations, name);
}

/** Whether the algorithm `name` supports operation `op`. */
function subtleSupports(name, op) {
  const table = MapPrototypeGet.call(subtleRegistry, op);
  return table !== undefined && MapPrototypeHas.call(table, subtleAsciiUpper(name));
}

// ---------------------------------------------------------------------------------------------
// Key usages

/** WebIDL sequence<KeyUsage>: TypeError for a non-sequence or a value that is not a KeyUsage. */
function subtleUsagesArg(value) {
  if (!isObject(value)) throw new TypeError_("keyUsages is not a sequence");
  const list = [];
  const push = (v) => {
    const s = toDOMString(v);
    if (ArrayPrototypeIndexOf.call(subtleUsageOrder, s) === -1) throw new TypeError_(`"${s}" is not a valid KeyUsage`);
    ArrayPrototypePush.call(list, s);
  };
  if (ArrayIsArray(value)) {
    for (let i = 0; i < value.length; i++) push(value[i]);
  } else {
    if (!isCallable(value[SymbolIterator])) throw new TypeError_("keyUsages is not iterable");
    for (const v of value) push(v);
  }
  return list;
}

/** The "normalized value" of usages: without duplicates, in the spec's order. */
function subtleNormalizeUsages(usages) {
  return ArrayPrototypeFilter.call(subtleUsageOrder, (u) => ArrayPrototypeIndexOf.call(usages, u) !== -1);
}

/** SyntaxError when `usages` holds anything outside `allowed`. */
function subtleCheckUsages(usages, allowed) {
  for (let i = 0; i < usages.length; i++) {
    if (ArrayPrototypeIndexOf.call(allowed, usages[i]) === -1) {
      throw subtleError("SyntaxError", `Usage "${usages[i]}" is not allowed for this key`);
    }
  }
}

function subtleIntersectUsages(usages, allowed) {
  return ArrayPrototypeFilter.call(usages, (u) => ArrayPrototypeIndexOf.call(allowed, u) !== -1);
}

// ---------------------------------------------------------------------------------------------
// CryptoKey

const subtleKeyToken = ObjectFreeze({});
let subtleKeySlots; // (value) → the key's internal slots, or null when value is not a CryptoKey

class CryptoKey {
  #slots;
  #algorithmCache;
  #usagesCache;

  constructor() {
    // Only the glue can make keys: it passes (subtleKeyToken, slots). Declared without parameters so
    // that CryptoKey.length is 0, as for any interface without a constructor.
    if (arguments[0] !== subtleKeyToken) throw new TypeError_("Illegal constructor");
    this.#slots = arguments[1];
  }

  get type() {
    if (!(#slots in this)) throw new TypeError_("Illegal invocation");
    return this.#slots.type;
  }

  get extractable() {
    if (!(#slots in this)) throw new TypeError_("Illegal invocation");
    return this.#slots.extractable;
  }

  get algorithm() {
    if (!(#slots in this)) throw new TypeError_("Illegal invocation");
    if (this.#algorithmCache === undefined) this.#algorithmCache = subtleExposeAlgorithm(this.#slots.algorithm);
    return this.#algorithmCache;
  }

  get usages() {
    if (!(#slots in this)) throw new TypeError_("Illegal invocation");
    if (this.#usagesCache === undefined) this.#usagesCache = ArrayPrototypeSlice.call(this.#slots.usages);
    return this.#usagesCache;
  }

  static {
    subtleKeySlots = (v) => (isObject(v) && #slots in v ? v.#slots : null);
  }
}
setToStringTag(CryptoKey, "CryptoKey");
makeEnumerable(CryptoKey, ["type", "extractable", "algorithm", "usages"]);

/** A user-visible copy of an internal KeyAlgorithm (fresh objects, so the internal one stays intact). */
function subtleExposeAlgorithm(algorithm) {
  const out = {};
  const keys = ObjectKeys(algorithm);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const v = algorithm[key];
    if (v instanceof Uint8Array_) out[key] = new Uint8Array_(v);
    else if (isObject(v)) out[key] = { name: v.name };
    else out[key] = v;
  }
  return out;
}

/**
 * A new CryptoKey. `algorithm` is the internal KeyAlgorithm (name first, `hash` as { name });
 * `material` is raw bytes (secret), PKCS#8 DER (private) or SPKI DER (public).
 */
function subtleNewKey(type, extractable, algorithm, usages, material) {
  return new CryptoKey(subtleKeyToken, ObjectFreeze({
    type,
    extractable: !!extractable,
    algorithm: ObjectFreeze(algorithm),
    usages: ObjectFreeze(subtleNormalizeUsages(usages)),
    material,
  }));
}

/** The slots of a CryptoKey argument (TypeError for anything else, as WebIDL conversion would). */
function subtleKeyArg(value, what) {
  const slots = subtleKeySlots(value);
  if (slots === null) throw new TypeError_(`${what} is not a CryptoKey`);
  return slots;
}

// ---------------------------------------------------------------------------------------------
// JWK

const subtleJwkStringMembers = ["kty", "use", "alg", "crv", "x", "y", "d", "n", "e", "p", "q", "dp", "dq", "qi", "k"];

/** WebIDL conversion of keyData to a JsonWebKey dictionary (null/undefined give an empty one). */
function subtleJwkArg(value) {
  if (value !== undefined && value !== null && !isObject(value)) throw new TypeError_("keyData is not a JsonWebKey");
  const jwk = {};
  if (value === undefined || value === null) return jwk;
  for (let i = 0; i < subtleJwkStringMembers.length; i++) {
    const key = subtleJwkStringMembers[i];
    const v = value[key];
    if (v !== undefined) jwk[key] = toDOMString(v);
  }
  const ext = value.ext;
  if (ext !== undefined) jwk.ext = !!ext;
  const keyOps = value.key_ops;
  if (keyOps !== undefined) {
    if (!isObject(keyOps)) throw new TypeError_("JsonWebKey.key_ops is not a sequence");
    jwk.key_ops = [];
    const list = ArrayIsArray(keyOps) ? keyOps : ArrayFrom(keyOps);
    for (let i = 0; i < list.length; i++) ArrayPrototypePush.call(jwk.key_ops, toDOMString(list[i]));
  }
  if (value.oth !== undefined) jwk.oth = value.oth;
  return jwk;
}

/** Checks shared by every JWK import: kty, use, key_ops, ext (DataError on failure). */
function subtleJwkCheck(jwk, kty, use, usages, extractable) {
  if (jwk.kty !== kty) throw subtleError("DataError", `The JWK "kty" member must be "${kty}"`);
  if (usages.length !== 0 && jwk.use !== undefined && jwk.use !== use) {
    throw subtleError("DataError", `The JWK "use" member must be "${use}"`);
  }
  if (jwk.key_ops !== undefined) {
    const ops_ = jwk.key_ops;
    for (let i = 0; i < ops_.length; i++) {
      if (ArrayPrototypeIndexOf.call(ops_, ops_[i]) !== i) throw subtleError("DataError", "The JWK \"key_ops\" member has duplicates");
    }
    for (let i = 0; i < usages.length; i++) {
      if (ArrayPrototypeIndexOf.call(ops_, usages[i]) === -1) {
        throw subtleError("DataError", `The JWK "key_ops" member does not allow "${usages[i]}"`);
      }
    }
  }
  if (jwk.ext === false && extractable) throw subtleError("DataError", "The JWK is not extractable (\"ext\" is false)");
}

/** The members every exported JWK ends with. */
function subtleJwkFinish(jwk, slots) {
  jwk.key_ops = ArrayPrototypeSlice.call(slots.usages);
  jwk.ext = slots.extractable;
  return jwk;
}

/** Bytes of a JWK serialised for wrapKey (UTF-8 JSON). */
function subtleJwkToBytes(jwk) {
  return ops.encodeUtf8(JSONStringify(jwk));
}

/** The spec's "parse a JWK" for unwrapKey: UTF-8 JSON to a JsonWebKey with a kty. */
function subtleJwkFromBytes(bytes) {
  let value;
  try {
    value = JSONParse(ops.decodeUtf8(bytes, false));
  } catch {
    throw subtleError("DataError", "The unwrapped key is not a JSON Web Key");
  }
  const jwk = subtleJwkArg(isObject(value) ? value : undefined);
  if (jwk.kty === undefined) throw subtleError("DataError", "The unwrapped key is not a JSON Web Key");
  return jwk;
}

// ---------------------------------------------------------------------------------------------
// SubtleCrypto

/** Runs a method body and returns its promise: any throw (brand check, argument count, conversions,
 *  the steps themselves) becomes a rejection, as WebIDL requires for promise-returning operations. */
function subtleRun(self, argc, required, method, body) {
  try {
    if (!subtleIsInstance(self)) throw new TypeError_("Illegal invocation");
    if (argc < required) {
      throw new TypeError_(`Failed to execute '${method}' on 'SubtleCrypto': ${required} arguments required, but only ${argc} present.`);
    }
    return PromiseResolve(body());
  } catch (e) {
    return PromiseReject(e);
  }
}

function subtleFormatArg(value) {
  const s = toDOMString(value);
  if (ArrayPrototypeIndexOf.call(subtleKeyFormats, s) === -1) throw new TypeError_(`"${s}" is not a valid KeyFormat`);
  return s;
}

/** InvalidAccessError unless the key belongs to the algorithm and allows the usage. */
function subtleCheckKeyUse(normalized, slots, usage) {
  if (normalized.name !== slots.algorithm.name) {
    throw subtleError("InvalidAccessError", `The key is a ${slots.algorithm.name} key, not a ${normalized.name} key`);
  }
  if (ArrayPrototypeIndexOf.call(slots.usages, usage) === -1) {
    throw subtleError("InvalidAccessError", `The key does not allow "${usage}"`);
  }
}

/** SyntaxError for a secret or private key without usages (importKey, generateKey, deriveKey, unwrapKey). */
function subtleCheckResultUsages(result) {
  const key = subtleKeySlots(result) !== null ? result : result.privateKey;
  const slots = subtleKeySlots(key);
  if ((slots.type === "secret" || slots.type === "private") && slots.usages.length === 0) {
    throw subtleError("SyntaxError", "A secret or private key needs at least one usage");
  }
  return result;
}

/** WebIDL `unsigned long?` (no [EnforceRange]): null stays null, numbers wrap modulo 2^32. */
function subtleLengthArg(value) {
  if (value === undefined || value === null) return null;
  const n = +value;
  if (!NumberIsFinite(n)) return 0;
  const t = MathTrunc(n) % 4294967296;
  return t < 0 ? t + 4294967296 : t;
}

function subtleExport(format, slots) {
  if (!subtleSupports(slots.algorithm.name, "exportKey")) {
    throw subtleError("NotSupportedError", `${slots.algorithm.name} keys cannot be exported`);
  }
  if (!slots.extractable) throw subtleError("InvalidAccessError", "The key is not extractable");
  return subtleImplOf(slots.algorithm.name).exportKey(format, slots);
}

/** Normalises a wrap/unwrap algorithm: `first` ("wrapKey"/"unwrapKey"), else `fallback` ("encrypt"/"decrypt"). */
function subtleNormalizeWrap(algorithm, first, fallback) {
  try {
    return { normalized: subtleNormalize(algorithm, first), op: first };
  } catch {
    return { normalized: subtleNormalize(algorithm, fallback), op: fallback };
  }
}

let subtleIsInstance; // (value) → boolean

class SubtleCrypto {
  #brand = true;

  constructor() {
    if (arguments[0] !== subtleKeyToken) throw new TypeError_("Illegal constructor");
  }

  encrypt(algorithm, key, data) {
    return subtleRun(this, arguments.length, 3, "encrypt", () => subtleCipher("encrypt", algorithm, key, data));
  }

  decrypt(algorithm, key, data) {
    return subtleRun(this, arguments.length, 3, "decrypt", () => subtleCipher("decrypt", algorithm, key, data));
  }

  sign(algorithm, key, data) {
    return subtleRun(this, arguments.length, 3, "sign", () => {
      const slots = subtleKeyArg(key, "key");
      const bytes = subtleBytes(data, "data");
      const normalized = subtleNormalize(algorithm, "sign");
      subtleCheckKeyUse(normalized, slots, "sign");
      return subtleArrayBuffer(subtleImplOf(normalized.name).sign(normalized, slots, bytes));
    });
  }

  verify(algorithm, key, signature, data) {
    return subtleRun(this, arguments.length, 4, "verify", () => {
      const slots = subtleKeyArg(key, "key");
      const sig = subtleBytes(signature, "signature");
      const bytes = subtleBytes(data, "data");
      const normalized = subtleNormalize(algorithm, "verify");
      subtleCheckKeyUse(normalized, slots, "verify");
      return subtleImplOf(normalized.name).verify(normalized, slots, sig, bytes);
    });
  }

  digest(algorithm, data) {
    return subtleRun(this, arguments.length, 2, "digest", () => {
      const bytes = subtleBytes(data, "data");
      const normalized = subtleNormalize(algorithm, "digest");
      return subtleArrayBuffer(subtleNative(() => ops.cryptoDigest(normalized.name, bytes)));
    });
  }

  generateKey(algorithm, extractable, keyUsages) {
    return subtleRun(this, arguments.length, 3, "generateKey", () => {
      const ext = !!extractable;
      const usages = subtleUsagesArg(keyUsages);
      const normalized = subtleNormalize(algorithm, "generateKey");
      return subtleCheckResultUsages(subtleImplOf(normalized.name).generateKey(normalized, ext, usages));
    });
  }

  deriveKey(algorithm, baseKey, derivedKeyType, extractable, keyUsages) {
    return subtleRun(this, arguments.length, 5, "deriveKey", () => {
      const slots = subtleKeyArg(baseKey, "baseKey");
      const ext = !!extractable;
      const usages = subtleUsagesArg(keyUsages);
      const normalized = subtleNormalize(algorithm, "deriveBits");
      const importAlgorithm = subtleNormalize(derivedKeyType, "importKey");
      const lengthAlgorithm = subtleNormalize(derivedKeyType, "get key length");
      subtleCheckKeyUse(normalized, slots, "deriveKey");
      const length = subtleImplOf(lengthAlgorithm.name).getKeyLength(lengthAlgorithm);
      const secret = subtleImplOf(normalized.name).deriveBits(normalized, slots, length);
      const key = subtleImplOf(importAlgorithm.name).importKey("raw", secret, importAlgorithm, ext, usages);
      return subtleCheckResultUsages(key);
    });
  }

  deriveBits(algorithm, baseKey, length = null) {
    return subtleRun(this, arguments.length, 2, "deriveBits", () => {
      const slots = subtleKeyArg(baseKey, "baseKey");
      const bits = subtleLengthArg(length);
      const normalized = subtleNormalize(algorithm, "deriveBits");
      subtleCheckKeyUse(normalized, slots, "deriveBits");
      return subtleArrayBuffer(subtleImplOf(normalized.name).deriveBits(normalized, slots, bits));
    });
  }

  importKey(format, keyData, algorithm, extractable, keyUsages) {
    return subtleRun(this, arguments.length, 5, "importKey", () => {
      const fmt = subtleFormatArg(format);
      const isBytes = bufferSourceBytes(keyData) !== null;
      if (fmt === "jwk" && isBytes) throw new TypeError_("keyData must be a JsonWebKey for the \"jwk\" format");
      if (fmt !== "jwk" && !isBytes) throw new TypeError_(`keyData must be a BufferSource for the "${fmt}" format`);
      const data = fmt === "jwk" ? subtleJwkArg(keyData) : subtleBytes(keyData, "keyData");
      const ext = !!extractable;
      const usages = subtleUsagesArg(keyUsages);
      const normalized = subtleNormalize(algorithm, "importKey");
      return subtleCheckResultUsages(subtleImplOf(normalized.name).importKey(fmt, data, normalized, ext, usages));
    });
  }

  exportKey(format, key) {
    return subtleRun(this, arguments.length, 2, "exportKey", () => {
      const fmt = subtleFormatArg(format);
      const slots = subtleKeyArg(key, "key");
      const result = subtleExport(fmt, slots);
      return fmt === "jwk" ? result : subtleArrayBuffer(result);
    });
  }

  wrapKey(format, key, wrappingKey, wrapAlgorithm) {
    return subtleRun(this, arguments.length, 4, "wrapKey", () => {
      const fmt = subtleFormatArg(format);
      const slots = subtleKeyArg(key, "key");
      const wrapping = subtleKeyArg(wrappingKey, "wrappingKey");
      const { normalized, op } = subtleNormalizeWrap(wrapAlgorithm, "wrapKey", "encrypt");
      subtleCheckKeyUse(normalized, wrapping, "wrapKey");
      const exported = subtleExport(fmt, slots);
      const bytes = fmt === "jwk" ? subtleJwkToBytes(exported) : exported;
      return subtleArrayBuffer(subtleImplOf(normalized.name)[op](normalized, wrapping, bytes));
    });
  }

  unwrapKey(format, wrappedKey, unwrappingKey, unwrapAlgorithm, unwrappedKeyAlgorithm, extractable, keyUsages) {
    return subtleRun(this, arguments.length, 7, "unwrapKey", () => {
      const fmt = subtleFormatArg(format);
      const bytes = subtleBytes(wrappedKey, "wrappedKey");
      const unwrapping = subtleKeyArg(unwrappingKey, "unwrappingKey");
      const ext = !!extractable;
      const usages = subtleUsagesArg(keyUsages);
      const { normalized, op } = subtleNormalizeWrap(unwrapAlgorithm, "unwrapKey", "decrypt");
      const keyAlgorithm = subtleNormalize(unwrappedKeyAlgorithm, "importKey");
      subtleCheckKeyUse(normalized, unwrapping, "unwrapKey");
      const unwrapped = subtleImplOf(normalized.name)[op](normalized, unwrapping, bytes);
      const data = fmt === "jwk" ? subtleJwkFromBytes(unwrapped) : unwrapped;
      const result = subtleImplOf(keyAlgorithm.name).importKey(fmt, data, keyAlgorithm, ext, usages);
      return subtleCheckResultUsages(result);
    });
  }

  /** Non-standard (Cloudflare Workers): constant-time comparison of two equally long buffers. */
  timingSafeEqual(a, b) {
    if (!subtleIsInstance(this)) throw new TypeError_("Illegal invocation");
    if (arguments.length < 2) throw new TypeError_("timingSafeEqual requires 2 arguments");
    const left = bufferSourceBytes(a), right = bufferSourceBytes(b);
    if (left === null || right === null) throw new TypeError_("timingSafeEqual expects ArrayBuffers or ArrayBufferViews");
    if (left.length !== right.length) throw new TypeError_("Input buffers must have the same byte length");
    return ops.cryptoTimingSafeEqual(left, right);
  }

  static {
    subtleIsInstance = (v) => isObject(v) && #brand in v;
  }
}
setToStringTag(SubtleCrypto, "SubtleCrypto");
makeEnumerable(SubtleCrypto, ["encrypt", "decrypt", "sign", "verify", "digest", "generateKey", "deriveKey",
  "deriveBits", "importKey", "exportKey", "wrapKey", "unwrapKey"]);

function subtleCipher(op, algorithm, key, data) {
  const slots = subtleKeyArg(key, "key");
  const bytes = subtleBytes(data, "data");
  const normalized = subtleNormalize(algorithm, op);
  subtleCheckKeyUse(normalized, slots, op);
  return subtleArrayBuffer(subtleImplOf(normalized.name)[op](normalized, slots, bytes));
}

const subtleInstance = new SubtleCrypto(subtleKeyToken);
ObjectDefineProperty(Crypto.prototype, "subtle", {
  get: ObjectGetOwnPropertyDescriptor({
    get subtle() {
      if (!(this instanceof Crypto)) throw new TypeError_("Illegal invocation");
      return subtleInstance;
    },
  }, "subtle").get,
  enumerable: true,
  configurable: true,
});
exposeGlobal("SubtleCrypto", SubtleCrypto);
exposeGlobal("CryptoKey", CryptoKey);
