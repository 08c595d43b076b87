// Hashes, HMAC, PBKDF2, HKDF and the AES modes behind crypto.subtle (see crypto_core.h).
#include "crypto_core.h"
#include "crypto_raii.h"

#include <climits>
#include <cstring>

namespace cv8crypto {

namespace {

const uint8_t kEmpty[1] = {0};

/// A pointer OpenSSL accepts even for an empty range (some entry points reject nullptr).
const uint8_t *ptr_of(Span s) { return s.p ? s.p : kEmpty; }

const EVP_MD *md_of(const std::string &hash) {
    const char *name = openssl_hash_name(hash);
    return name ? EVP_get_digestbyname(name) : nullptr;
}

bool fits_int(size_t n) { return n <= size_t(INT_MAX); }

const EVP_CIPHER *aes_cipher(size_t key_len, const EVP_CIPHER *(*k128)(), const EVP_CIPHER *(*k192)(),
                             const EVP_CIPHER *(*k256)()) {
    switch (key_len) {
    case 16: return k128();
    case 24: return k192();
    case 32: return k256();
    default: return nullptr;
    }
}

} // namespace

bool fail(std::string *err, const char *what) {
    std::string message = what;
    unsigned long code = ERR_peek_last_error();
    if (code != 0) {
        const char *reason = ERR_reason_error_string(code);
        if (reason) {
            message += ": ";
            message += reason;
        }
    }
    ERR_clear_error();
    if (err) *err = message;
    return false;
}

const char *openssl_hash_name(const std::string &hash) {
    if (hash == "SHA-1") return "SHA1";
    if (hash == "SHA-256") return "SHA256";
    if (hash == "SHA-384") return "SHA384";
    if (hash == "SHA-512") return "SHA512";
    return nullptr;
}

bool digest(const std::string &hash, Span data, Buf *out, std::string *err) {
    const EVP_MD *md = md_of(hash);
    if (!md) return fail(err, "unsupported hash");
    unsigned char buf[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (!EVP_Digest(ptr_of(data), data.n, buf, &len, md, nullptr)) return fail(err, "digest failed");
    out->assign(buf, buf + len);
    return true;
}

bool hmac(const std::string &hash, Span key, Span data, Buf *out, std::string *err) {
    const char *md_name = openssl_hash_name(hash);
    if (!md_name) return fail(err, "unsupported hash");
    MacPtr mac(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
    if (!mac) return fail(err, "HMAC is not available");
    MacCtxPtr ctx(EVP_MAC_CTX_new(mac.get()));
    if (!ctx) return fail(err, "out of memory");
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, const_cast<char *>(md_name), 0),
        OSSL_PARAM_construct_end(),
    };
    if (!EVP_MAC_init(ctx.get(), ptr_of(key), key.n, params)) return fail(err, "HMAC key setup failed");
    if (data.n && !EVP_MAC_update(ctx.get(), data.p, data.n)) return fail(err, "HMAC failed");
    unsigned char buf[EVP_MAX_MD_SIZE];
    size_t len = 0;
    if (!EVP_MAC_final(ctx.get(), buf, &len, sizeof buf)) return fail(err, "HMAC failed");
    out->assign(buf, buf + len);
    return true;
}

bool pbkdf2(const std::string &hash, Span password, Span salt, uint32_t iterations, size_t length, Buf *out,
            std::string *err) {
    const EVP_MD *md = md_of(hash);
    if (!md) return fail(err, "unsupported hash");
    if (iterations == 0 || iterations > uint32_t(INT_MAX)) return fail(err, "invalid iteration count");
    if (!fits_int(password.n) || !fits_int(salt.n) || !fits_int(length)) return fail(err, "input too large");
    out->assign(length, 0);
    if (length == 0) return true;
    if (!PKCS5_PBKDF2_HMAC(reinterpret_cast<const char *>(ptr_of(password)), int(password.n), ptr_of(salt),
                           int(salt.n), int(iterations), md, int(length), out->data())) {
        out->clear();
        return fail(err, "PBKDF2 failed");
    }
    return true;
}

bool hkdf(const std::string &hash, Span key, Span salt, Span info, size_t length, Buf *out, std::string *err) {
    const char *md_name = openssl_hash_name(hash);
    if (!md_name) return fail(err, "unsupported hash");
    out->assign(length, 0);
    if (length == 0) return true;
    KdfPtr kdf(EVP_KDF_fetch(nullptr, "HKDF", nullptr));
    if (!kdf) return fail(err, "HKDF is not available");
    KdfCtxPtr ctx(EVP_KDF_CTX_new(kdf.get()));
    if (!ctx) return fail(err, "out of memory");
    // HKDF-Extract with an empty salt is HMAC under an all-zero key of the hash length (RFC 5869 §2.2),
    // and HMAC pads short keys with zeros, so an empty salt and that default are the same thing.
    uint8_t zero_salt[EVP_MAX_MD_SIZE] = {0};
    const EVP_MD *md = md_of(hash);
    size_t hash_len = size_t(EVP_MD_get_size(md));
    OSSL_PARAM params[6];
    size_t i = 0;
    params[i++] = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, const_cast<char *>(md_name), 0);
    // An empty IKM is legal in HKDF; OpenSSL wants a key present, so hand it a one-byte buffer of length 0.
    params[i++] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, const_cast<uint8_t *>(ptr_of(key)), key.n);
    if (salt.n) params[i++] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, const_cast<uint8_t *>(salt.p), salt.n);
    else params[i++] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, zero_salt, hash_len);
    if (info.n) params[i++] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, const_cast<uint8_t *>(info.p), info.n);
    params[i] = OSSL_PARAM_construct_end();
    if (EVP_KDF_derive(ctx.get(), out->data(), length, params) <= 0) {
        out->clear();
        return fail(err, "HKDF failed");
    }
    return true;
}

bool timing_safe_equal(Span a, Span b) {
    if (a.n != b.n) return false;
    if (a.n == 0) return true;
    return CRYPTO_memcmp(a.p, b.p, a.n) == 0;
}

bool aes_gcm(bool encrypt, Span key, Span iv, Span aad, size_t tag_bytes, Span data, Buf *out, std::string *err) {
    const EVP_CIPHER *cipher = aes_cipher(key.n, EVP_aes_128_gcm, EVP_aes_192_gcm, EVP_aes_256_gcm);
    if (!cipher) return fail(err, "invalid AES key length");
    if (tag_bytes < 4 || tag_bytes > 16) return fail(err, "invalid tag length");
    if (iv.n == 0 || !fits_int(iv.n) || !fits_int(aad.n) || !fits_int(data.n)) return fail(err, "invalid input length");
    if (!encrypt && data.n < tag_bytes) return fail(err, "the data is shorter than the tag");
    CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    if (!ctx) return fail(err, "out of memory");
    if (!EVP_CipherInit_ex(ctx.get(), cipher, nullptr, nullptr, nullptr, encrypt ? 1 : 0) ||
        !EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, int(iv.n), nullptr) ||
        !EVP_CipherInit_ex(ctx.get(), nullptr, nullptr, key.p, iv.p, encrypt ? 1 : 0)) {
        return fail(err, "AES-GCM setup failed");
    }
    int len = 0;
    if (aad.n && !EVP_CipherUpdate(ctx.get(), nullptr, &len, aad.p, int(aad.n))) return fail(err, "AES-GCM failed");
    size_t text_len = encrypt ? data.n : data.n - tag_bytes;
    Buf result(text_len + (encrypt ? tag_bytes : 0) + 16);
    size_t written = 0;
    if (text_len) {
        if (!EVP_CipherUpdate(ctx.get(), result.data(), &len, data.p, int(text_len))) return fail(err, "AES-GCM failed");
        written = size_t(len);
    }
    if (!encrypt) {
        if (!EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, int(tag_bytes), const_cast<uint8_t *>(data.p + text_len)))
            return fail(err, "AES-GCM failed");
    }
    if (!EVP_CipherFinal_ex(ctx.get(), result.data() + written, &len)) {
        return fail(err, encrypt ? "AES-GCM encryption failed" : "AES-GCM decryption failed (authentication tag mismatch)");
    }
    written += size_t(len);
    if (encrypt) {
        if (!EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, int(tag_bytes), result.data() + written))
            return fail(err, "AES-GCM failed");
        written += tag_bytes;
    }
    result.resize(written);
    *out = std::move(result);
    return true;
}

bool aes_cbc(bool encrypt, Span key, Span iv, Span data, Buf *out, std::string *err) {
    const EVP_CIPHER *cipher = aes_cipher(key.n, EVP_aes_128_cbc, EVP_aes_192_cbc, EVP_aes_256_cbc);
    if (!cipher) return fail(err, "invalid AES key length");
    if (iv.n != 16) return fail(err, "the iv must be 16 bytes");
    if (data.n > size_t(INT_MAX) - 32) return fail(err, "input too large");
    CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    if (!ctx || !EVP_CipherInit_ex(ctx.get(), cipher, nullptr, key.p, iv.p, encrypt ? 1 : 0))
        return fail(err, "AES-CBC setup failed");
    Buf result(data.n + 16);
    int len = 0;
    size_t written = 0;
    if (data.n) {
        if (!EVP_CipherUpdate(ctx.get(), result.data(), &len, data.p, int(data.n))) return fail(err, "AES-CBC failed");
        written = size_t(len);
    }
    if (!EVP_CipherFinal_ex(ctx.get(), result.data() + written, &len))
        return fail(err, encrypt ? "AES-CBC encryption failed" : "AES-CBC decryption failed (bad padding)");
    written += size_t(len);
    result.resize(written);
    *out = std::move(result);
    return true;
}

namespace {

/// Adds one to the rightmost `bits` bits of a 16-byte counter block, leaving the other bits alone.
void ctr_increment(uint8_t block[16], unsigned bits) {
    for (int i = 15; i >= 0 && bits > 0; i--) {
        unsigned take = bits >= 8 ? 8 : bits;
        uint8_t mask = take == 8 ? 0xFF : uint8_t((1u << take) - 1);
        uint8_t low = uint8_t(((block[i] & mask) + 1) & mask);
        block[i] = uint8_t((block[i] & ~mask) | low);
        if (low != 0) return; // no carry into the next byte
        bits -= take;
    }
}

} // namespace

bool aes_ctr(Span key, Span counter, unsigned counter_bits, Span data, Buf *out, std::string *err) {
    const EVP_CIPHER *cipher = aes_cipher(key.n, EVP_aes_128_ecb, EVP_aes_192_ecb, EVP_aes_256_ecb);
    if (!cipher) return fail(err, "invalid AES key length");
    if (counter.n != 16) return fail(err, "the counter must be 16 bytes");
    if (counter_bits == 0 || counter_bits > 128) return fail(err, "invalid counter length");
    size_t blocks = (data.n + 15) / 16;
    // The counter may not come back to its starting value within one message.
    if (counter_bits < 64 && blocks > (uint64_t(1) << counter_bits)) return fail(err, "the counter would wrap around");
    CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    if (!ctx || !EVP_EncryptInit_ex(ctx.get(), cipher, nullptr, key.p, nullptr)) return fail(err, "AES-CTR setup failed");
    EVP_CIPHER_CTX_set_padding(ctx.get(), 0);
    out->assign(data.n, 0);
    uint8_t block[16];
    memcpy(block, counter.p, 16);
    const size_t batch_blocks = 256;
    uint8_t counters[batch_blocks * 16];
    uint8_t stream[batch_blocks * 16];
    size_t offset = 0;
    while (offset < data.n) {
        size_t remaining = data.n - offset;
        size_t count = (remaining + 15) / 16;
        if (count > batch_blocks) count = batch_blocks;
        for (size_t b = 0; b < count; b++) {
            memcpy(counters + b * 16, block, 16);
            ctr_increment(block, counter_bits);
        }
        int len = 0;
        if (!EVP_EncryptUpdate(ctx.get(), stream, &len, counters, int(count * 16))) return fail(err, "AES-CTR failed");
        size_t take = count * 16 < remaining ? count * 16 : remaining;
        for (size_t k = 0; k < take; k++) (*out)[offset + k] = uint8_t(data.p[offset + k] ^ stream[k]);
        offset += take;
    }
    OPENSSL_cleanse(stream, sizeof stream);
    return true;
}

bool aes_kw(bool wrap, Span key, Span data, Buf *out, std::string *err) {
    const EVP_CIPHER *cipher = aes_cipher(key.n, EVP_aes_128_wrap, EVP_aes_192_wrap, EVP_aes_256_wrap);
    if (!cipher) return fail(err, "invalid AES key length");
    if (data.n % 8 != 0 || data.n < (wrap ? 16u : 24u) || !fits_int(data.n))
        return fail(err, "AES-KW needs a multiple of 8 bytes, at least 16 to wrap and 24 to unwrap");
    CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    if (!ctx) return fail(err, "out of memory");
    EVP_CIPHER_CTX_set_flags(ctx.get(), EVP_CIPHER_CTX_FLAG_WRAP_ALLOW);
    if (!EVP_CipherInit_ex(ctx.get(), cipher, nullptr, key.p, nullptr, wrap ? 1 : 0)) return fail(err, "AES-KW setup failed");
    Buf result(data.n + 16);
    int len = 0;
    if (EVP_CipherUpdate(ctx.get(), result.data(), &len, data.p, int(data.n)) <= 0 || len < 0)
        return fail(err, wrap ? "AES-KW wrap failed" : "AES-KW unwrap failed (integrity check)");
    size_t written = size_t(len);
    int tail = 0;
    if (!EVP_CipherFinal_ex(ctx.get(), result.data() + written, &tail)) return fail(err, "AES-KW failed");
    written += size_t(tail);
    result.resize(written);
    *out = std::move(result);
    return true;
}

} // namespace cv8crypto
