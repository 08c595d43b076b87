// Natives behind crypto.subtle: thin V8 wrappers over crypto_core (OpenSSL 3 libcrypto).
//
// They take and return flat values only (strings, numbers, booleans, bytes, arrays of bytes) and hold
// no state: keys cross as raw secret bytes, PKCS#8 DER (private) or SPKI DER (public), parsed per call.
// A failure throws a plain Error with OpenSSL's reason; the JS glue (45–47_crypto_*.js) turns it into
// the DOMException the Web Crypto spec names. Argument checking is minimal on purpose: the glue has
// already normalised every argument, and these functions are not reachable from user code.
#include "crypto_core.h"
#include "natives.h"

#include <cstring>
#include <memory>
#include <string>

using namespace v8;
using cv8crypto::Buf;
using cv8crypto::KeyInfo;
using cv8crypto::KeyPair;
using cv8crypto::Part;
using cv8crypto::Span;

namespace {

using Info = FunctionCallbackInfo<Value>;

Local<String> str(Isolate *iso, const std::string &s) {
    return String::NewFromUtf8(iso, s.data(), NewStringType::kNormal, int(s.size())).FromMaybe(String::Empty(iso));
}

void throw_error(Isolate *iso, const std::string &message) { iso->ThrowException(Exception::Error(str(iso, message))); }

void throw_type_error(Isolate *iso, const std::string &message) {
    iso->ThrowException(Exception::TypeError(str(iso, message)));
}

/// Bytes of argument i (ArrayBuffer or view). With `optional`, undefined/null give an absent Span.
bool bytes_arg(const Info &info, int i, Span *out, bool optional = false) {
    Local<Value> v = info[i];
    if (optional && (v->IsUndefined() || v->IsNull())) {
        *out = Span{};
        return true;
    }
    if (v->IsArrayBufferView()) {
        Local<ArrayBufferView> view = v.As<ArrayBufferView>();
        const uint8_t *base = static_cast<const uint8_t *>(view->Buffer()->Data());
        *out = Span{base ? base + view->ByteOffset() : nullptr, view->ByteLength(), true};
        return true;
    }
    if (v->IsArrayBuffer()) {
        Local<ArrayBuffer> buf = v.As<ArrayBuffer>();
        *out = Span{static_cast<const uint8_t *>(buf->Data()), buf->ByteLength(), true};
        return true;
    }
    throw_type_error(info.GetIsolate(), "argument " + std::to_string(i + 1) + " must be an ArrayBuffer or a view");
    return false;
}

bool string_arg(const Info &info, int i, std::string *out) {
    if (!info[i]->IsString()) {
        throw_type_error(info.GetIsolate(), "argument " + std::to_string(i + 1) + " must be a string");
        return false;
    }
    String::Utf8Value u(info.GetIsolate(), info[i]);
    out->assign(*u ? *u : "", *u ? size_t(u.length()) : 0);
    return true;
}

bool number_arg(const Info &info, int i, double *out) {
    if (!info[i]->IsNumber()) {
        throw_type_error(info.GetIsolate(), "argument " + std::to_string(i + 1) + " must be a number");
        return false;
    }
    *out = info[i].As<Number>()->Value();
    return true;
}

/// A non-negative integer argument no larger than `max`.
bool size_arg(const Info &info, int i, double max, size_t *out) {
    double d;
    if (!number_arg(info, i, &d)) return false;
    if (!(d >= 0 && d <= max) || d != double(size_t(d))) {
        throw_type_error(info.GetIsolate(), "argument " + std::to_string(i + 1) + " is out of range");
        return false;
    }
    *out = size_t(d);
    return true;
}

void free_with_allocator(void *data, size_t length, void *allocator) {
    static_cast<ArrayBuffer::Allocator *>(allocator)->Free(data, length);
}

/// A Uint8Array holding a copy of `b`. The memory comes from the isolate's (capped) allocator; when it
/// refuses, this throws a RangeError instead of letting ArrayBuffer::New abort the process.
bool bytes_value(Isolate *iso, const Buf &b, Local<Value> *out) {
    ArrayBuffer::Allocator *allocator = iso->GetArrayBufferAllocator();
    void *data = allocator->AllocateUninitialized(b.size());
    if (!data) {
        iso->ThrowException(Exception::RangeError(str(iso, "Array buffer allocation failed")));
        return false;
    }
    if (!b.empty()) memcpy(data, b.data(), b.size());
    std::shared_ptr<BackingStore> store = ArrayBuffer::NewBackingStore(data, b.size(), free_with_allocator, allocator);
    *out = Uint8Array::New(ArrayBuffer::New(iso, std::move(store)), 0, b.size());
    return true;
}

bool part_value(Isolate *iso, const Part &p, Local<Value> *out) {
    if (p.present) return bytes_value(iso, p.bytes, out);
    *out = Null(iso);
    return true;
}

void finish_bytes(const Info &info, bool ok, const Buf &out, const std::string &err) {
    if (!ok) return throw_error(info.GetIsolate(), err);
    Local<Value> v;
    if (bytes_value(info.GetIsolate(), out, &v)) info.GetReturnValue().Set(v);
}

/// Returns [pkcs8 or null, spki].
void finish_pair(const Info &info, bool ok, const KeyPair &out, const std::string &err) {
    Isolate *iso = info.GetIsolate();
    if (!ok) return throw_error(iso, err);
    Local<Value> items[2];
    if (!part_value(iso, out.pkcs8, &items[0]) || !bytes_value(iso, out.spki, &items[1])) return;
    info.GetReturnValue().Set(Array::New(iso, items, 2));
}

/// WebCrypto's OKP algorithm names → OpenSSL key types.
std::string okp_type(const std::string &name) {
    if (name == "Ed25519") return "ED25519";
    if (name == "X25519") return "X25519";
    return "";
}

// ---------------------------------------------------------------------------------------------

/// cryptoDigest(hash, data) → bytes
void Digest(const Info &info) {
    std::string hash; Span data;
    if (!string_arg(info, 0, &hash) || !bytes_arg(info, 1, &data)) return;
    Buf out; std::string err;
    bool ok = cv8crypto::digest(hash, data, &out, &err);
    finish_bytes(info, ok, out, err);
}

/// cryptoHmac(hash, key, data) → bytes
void Hmac(const Info &info) {
    std::string hash; Span key, data;
    if (!string_arg(info, 0, &hash) || !bytes_arg(info, 1, &key) || !bytes_arg(info, 2, &data)) return;
    Buf out; std::string err;
    bool ok = cv8crypto::hmac(hash, key, data, &out, &err);
    finish_bytes(info, ok, out, err);
}

/// cryptoPbkdf2(hash, password, salt, iterations, lengthBytes) → bytes
void Pbkdf2(const Info &info) {
    std::string hash; Span password, salt; size_t iterations, length;
    if (!string_arg(info, 0, &hash) || !bytes_arg(info, 1, &password) || !bytes_arg(info, 2, &salt) ||
        !size_arg(info, 3, 4294967295.0, &iterations) || !size_arg(info, 4, 536870912.0, &length)) return;
    Buf out; std::string err;
    bool ok = cv8crypto::pbkdf2(hash, password, salt, uint32_t(iterations), length, &out, &err);
    finish_bytes(info, ok, out, err);
}

/// cryptoHkdf(hash, key, salt, info, lengthBytes) → bytes
void Hkdf(const Info &info) {
    std::string hash; Span key, salt, extra; size_t length;
    if (!string_arg(info, 0, &hash) || !bytes_arg(info, 1, &key) || !bytes_arg(info, 2, &salt) ||
        !bytes_arg(info, 3, &extra) || !size_arg(info, 4, 536870912.0, &length)) return;
    Buf out; std::string err;
    bool ok = cv8crypto::hkdf(hash, key, salt, extra, length, &out, &err);
    finish_bytes(info, ok, out, err);
}

/// cryptoTimingSafeEqual(a, b) → boolean (false for different lengths)
void TimingSafeEqual(const Info &info) {
    Span a, b;
    if (!bytes_arg(info, 0, &a) || !bytes_arg(info, 1, &b)) return;
    info.GetReturnValue().Set(cv8crypto::timing_safe_equal(a, b));
}

/// cryptoAesGcm(encrypt, key, iv, aad|null, tagLengthBits, data) → bytes (ciphertext‖tag when encrypting)
void AesGcm(const Info &info) {
    bool encrypt = info[0]->BooleanValue(info.GetIsolate());
    Span key, iv, aad, data; size_t tag_bits;
    if (!bytes_arg(info, 1, &key) || !bytes_arg(info, 2, &iv) || !bytes_arg(info, 3, &aad, true) ||
        !size_arg(info, 4, 128, &tag_bits) || !bytes_arg(info, 5, &data)) return;
    Buf out; std::string err;
    bool ok = cv8crypto::aes_gcm(encrypt, key, iv, aad, tag_bits / 8, data, &out, &err);
    finish_bytes(info, ok, out, err);
}

/// cryptoAesCbc(encrypt, key, iv, data) → bytes (PKCS#7 padding)
void AesCbc(const Info &info) {
    bool encrypt = info[0]->BooleanValue(info.GetIsolate());
    Span key, iv, data;
    if (!bytes_arg(info, 1, &key) || !bytes_arg(info, 2, &iv) || !bytes_arg(info, 3, &data)) return;
    Buf out; std::string err;
    bool ok = cv8crypto::aes_cbc(encrypt, key, iv, data, &out, &err);
    finish_bytes(info, ok, out, err);
}

/// cryptoAesCtr(key, counter, counterLengthBits, data) → bytes (encryption and decryption are the same)
void AesCtr(const Info &info) {
    Span key, counter, data; size_t bits;
    if (!bytes_arg(info, 0, &key) || !bytes_arg(info, 1, &counter) || !size_arg(info, 2, 128, &bits) ||
        !bytes_arg(info, 3, &data)) return;
    Buf out; std::string err;
    bool ok = cv8crypto::aes_ctr(key, counter, unsigned(bits), data, &out, &err);
    finish_bytes(info, ok, out, err);
}

/// cryptoAesKw(wrap, key, data) → bytes
void AesKw(const Info &info) {
    bool wrap = info[0]->BooleanValue(info.GetIsolate());
    Span key, data;
    if (!bytes_arg(info, 1, &key) || !bytes_arg(info, 2, &data)) return;
    Buf out; std::string err;
    bool ok = cv8crypto::aes_kw(wrap, key, data, &out, &err);
    finish_bytes(info, ok, out, err);
}

/// cryptoRsaOaep(encrypt, hash, der, label|null, data) → bytes; der is SPKI to encrypt, PKCS#8 to decrypt
void RsaOaep(const Info &info) {
    bool encrypt = info[0]->BooleanValue(info.GetIsolate());
    std::string hash; Span der, label, data;
    if (!string_arg(info, 1, &hash) || !bytes_arg(info, 2, &der) || !bytes_arg(info, 3, &label, true) ||
        !bytes_arg(info, 4, &data)) return;
    Buf out; std::string err;
    bool ok = cv8crypto::rsa_oaep(encrypt, hash, der, label, data, &out, &err);
    finish_bytes(info, ok, out, err);
}

/// cryptoGenerateEc(curve) → [pkcs8, spki]
void GenerateEc(const Info &info) {
    std::string curve;
    if (!string_arg(info, 0, &curve)) return;
    KeyPair out; std::string err;
    bool ok = cv8crypto::generate_ec(curve, &out, &err);
    finish_pair(info, ok, out, err);
}

/// cryptoGenerateOkp("Ed25519" | "X25519") → [pkcs8, spki]
void GenerateOkp(const Info &info) {
    std::string name;
    if (!string_arg(info, 0, &name)) return;
    KeyPair out; std::string err;
    bool ok = cv8crypto::generate_okp(okp_type(name), &out, &err);
    finish_pair(info, ok, out, err);
}

/// cryptoGenerateRsa(modulusBits, publicExponentBytes) → [pkcs8, spki]
void GenerateRsa(const Info &info) {
    size_t bits; Span exponent;
    if (!size_arg(info, 0, 16384, &bits) || !bytes_arg(info, 1, &exponent)) return;
    KeyPair out; std::string err;
    bool ok = cv8crypto::generate_rsa(unsigned(bits), exponent, &out, &err);
    finish_pair(info, ok, out, err);
}

/// cryptoKeyParse(der, isPrivate) → [type, curve, modulusBits, publicExponent|null, pkcs8|null, spki]
/// type: "RSA", "RSA-PSS", "EC", "Ed25519", "X25519" or OpenSSL's name for anything else.
void KeyParse(const Info &info) {
    Isolate *iso = info.GetIsolate();
    Span der;
    if (!bytes_arg(info, 0, &der)) return;
    bool is_private = info[1]->BooleanValue(iso);
    KeyInfo key; std::string err;
    if (!cv8crypto::parse_key(der, is_private, &key, &err)) return throw_error(iso, err);
    std::string type = key.type == "ED25519" ? "Ed25519" : key.type;
    Part exponent{!key.exponent.empty(), key.exponent};
    Local<Value> items[6] = {str(iso, type), str(iso, key.curve), Number::New(iso, key.bits)};
    if (!part_value(iso, exponent, &items[3]) || !part_value(iso, key.pkcs8, &items[4]) ||
        !bytes_value(iso, key.spki, &items[5])) return;
    info.GetReturnValue().Set(Array::New(iso, items, 6));
}

/// cryptoKeyComponents(der, isPrivate) → RSA [n, e, d, p, q, dp, dq, qi]; EC [x, y, d]; OKP [x, d]
/// (big-endian bytes; null where absent)
void KeyComponents(const Info &info) {
    Isolate *iso = info.GetIsolate();
    Span der;
    if (!bytes_arg(info, 0, &der)) return;
    bool is_private = info[1]->BooleanValue(iso);
    std::vector<Part> parts; std::string err;
    if (!cv8crypto::key_components(der, is_private, &parts, &err)) return throw_error(iso, err);
    std::vector<Local<Value>> items(parts.size());
    for (size_t i = 0; i < parts.size(); i++) {
        if (!part_value(iso, parts[i], &items[i])) return;
    }
    info.GetReturnValue().Set(Array::New(iso, items.data(), items.size()));
}

/// cryptoEcFromComponents(curve, x, y|null, d|null) → [pkcs8|null, spki]; y null: x is a SEC1 point
void EcFromComponents(const Info &info) {
    std::string curve; Span x, y, d;
    if (!string_arg(info, 0, &curve) || !bytes_arg(info, 1, &x) || !bytes_arg(info, 2, &y, true) ||
        !bytes_arg(info, 3, &d, true)) return;
    KeyPair out; std::string err;
    bool ok = cv8crypto::ec_from_components(curve, x, y, d, &out, &err);
    finish_pair(info, ok, out, err);
}

/// cryptoRsaFromComponents(n, e, d|null, p|null, q|null, dp|null, dq|null, qi|null) → [pkcs8|null, spki]
void RsaFromComponents(const Info &info) {
    Span v[8];
    for (int i = 0; i < 8; i++) {
        if (!bytes_arg(info, i, &v[i], i >= 2)) return;
    }
    KeyPair out; std::string err;
    bool ok = cv8crypto::rsa_from_components(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], &out, &err);
    finish_pair(info, ok, out, err);
}

/// cryptoOkpFromRaw("Ed25519" | "X25519", public|null, private|null) → [pkcs8|null, spki]
void OkpFromRaw(const Info &info) {
    std::string name; Span pub, priv;
    if (!string_arg(info, 0, &name) || !bytes_arg(info, 1, &pub, true) || !bytes_arg(info, 2, &priv, true)) return;
    KeyPair out; std::string err;
    bool ok = cv8crypto::okp_from_raw(okp_type(name), pub, priv, &out, &err);
    finish_pair(info, ok, out, err);
}

/// cryptoSign(alg, hash, pkcs8, data, saltLength) → bytes
void Sign(const Info &info) {
    std::string alg, hash; Span key, data; size_t salt;
    if (!string_arg(info, 0, &alg) || !string_arg(info, 1, &hash) || !bytes_arg(info, 2, &key) ||
        !bytes_arg(info, 3, &data) || !size_arg(info, 4, 65536, &salt)) return;
    Buf out; std::string err;
    bool ok = cv8crypto::sign(alg, hash, key, data, int(salt), &out, &err);
    finish_bytes(info, ok, out, err);
}

/// cryptoVerify(alg, hash, spki, signature, data, saltLength) → boolean
void Verify(const Info &info) {
    std::string alg, hash; Span key, signature, data; size_t salt;
    if (!string_arg(info, 0, &alg) || !string_arg(info, 1, &hash) || !bytes_arg(info, 2, &key) ||
        !bytes_arg(info, 3, &signature) || !bytes_arg(info, 4, &data) || !size_arg(info, 5, 65536, &salt)) return;
    bool valid = false; std::string err;
    if (!cv8crypto::verify(alg, hash, key, signature, data, int(salt), &valid, &err))
        return throw_error(info.GetIsolate(), err);
    info.GetReturnValue().Set(valid);
}

/// cryptoDeriveShared(pkcs8, spki) → bytes (ECDH x coordinate, or the X25519 output)
void DeriveShared(const Info &info) {
    Span priv, pub;
    if (!bytes_arg(info, 0, &priv) || !bytes_arg(info, 1, &pub)) return;
    Buf out; std::string err;
    bool ok = cv8crypto::derive_shared(priv, pub, &out, &err);
    finish_bytes(info, ok, out, err);
}

} // namespace

const cv8_native_def *cv8_crypto_natives() {
    static const cv8_native_def table[] = {
        {"cryptoDigest", Digest},
        {"cryptoHmac", Hmac},
        {"cryptoPbkdf2", Pbkdf2},
        {"cryptoHkdf", Hkdf},
        {"cryptoTimingSafeEqual", TimingSafeEqual},
        {"cryptoAesGcm", AesGcm},
        {"cryptoAesCbc", AesCbc},
        {"cryptoAesCtr", AesCtr},
        {"cryptoAesKw", AesKw},
        {"cryptoRsaOaep", RsaOaep},
        {"cryptoGenerateEc", GenerateEc},
        {"cryptoGenerateOkp", GenerateOkp},
        {"cryptoGenerateRsa", GenerateRsa},
        {"cryptoKeyParse", KeyParse},
        {"cryptoKeyComponents", KeyComponents},
        {"cryptoEcFromComponents", EcFromComponents},
        {"cryptoRsaFromComponents", RsaFromComponents},
        {"cryptoOkpFromRaw", OkpFromRaw},
        {"cryptoSign", Sign},
        {"cryptoVerify", Verify},
        {"cryptoDeriveShared", DeriveShared},
        {nullptr, nullptr},
    };
    return table;
}
