// Public-key operations behind crypto.subtle: signatures (ECDSA, RSASSA-PKCS1-v1_5, RSA-PSS, Ed25519),
// key agreement (ECDH, X25519) and RSA-OAEP. See crypto_core.h.
#include "crypto_core.h"
#include "crypto_raii.h"

#include <openssl/rsa.h>

#include <climits>

namespace cv8crypto {

namespace {

const uint8_t kEmpty[1] = {0};

const uint8_t *ptr_of(Span s) { return s.p ? s.p : kEmpty; }

/// Checks that the key suits the signature algorithm (the JS layer already matched them; this keeps a
/// confused caller from reaching OpenSSL with, say, an RSA key for ECDSA).
bool key_fits(EVP_PKEY *k, const std::string &alg) {
    if (alg == "ECDSA") return EVP_PKEY_is_a(k, "EC");
    if (alg == "RSASSA-PKCS1-v1_5" || alg == "RSA-PSS") return EVP_PKEY_is_a(k, "RSA");
    if (alg == "Ed25519") return EVP_PKEY_is_a(k, "ED25519");
    return false;
}

/// Length in bytes of each of r and s for an EC key (the size of the group order).
size_t ec_scalar_bytes(EVP_PKEY *k) { return size_t(EVP_PKEY_get_bits(k) + 7) / 8; }

/// Sets up a DigestSign/DigestVerify context for `alg`; returns the context's key context through *pctx.
bool init_signature(EVP_MD_CTX *mctx, bool signing, const std::string &alg, const std::string &hash, EVP_PKEY *k,
                    int salt_length, std::string *err) {
    const char *md = nullptr;
    if (alg != "Ed25519") {
        md = openssl_hash_name(hash);
        if (!md) return fail(err, "unsupported hash");
    }
    EVP_PKEY_CTX *pctx = nullptr; // owned by mctx
    int ok = signing ? EVP_DigestSignInit_ex(mctx, &pctx, md, nullptr, nullptr, k, nullptr)
                     : EVP_DigestVerifyInit_ex(mctx, &pctx, md, nullptr, nullptr, k, nullptr);
    if (ok <= 0) return fail(err, "signature setup failed");
    if (alg == "RSA-PSS") {
        if (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) <= 0 ||
            EVP_PKEY_CTX_set_rsa_mgf1_md_name(pctx, md, nullptr) <= 0 ||
            EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, salt_length) <= 0) {
            return fail(err, "invalid RSA-PSS parameters");
        }
    } else if (alg == "RSASSA-PKCS1-v1_5") {
        if (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) <= 0) return fail(err, "RSA setup failed");
    }
    return true;
}

/// DER ECDSA-Sig-Value → r‖s with each half `half` bytes long.
bool ecdsa_der_to_p1363(const Buf &der, size_t half, Buf *out) {
    const unsigned char *p = der.data();
    EcdsaSigPtr sig(d2i_ECDSA_SIG(nullptr, &p, long(der.size())));
    if (!sig) return false;
    const BIGNUM *r = nullptr, *s = nullptr;
    ECDSA_SIG_get0(sig.get(), &r, &s);
    out->assign(2 * half, 0);
    return BN_bn2binpad(r, out->data(), int(half)) >= 0 && BN_bn2binpad(s, out->data() + half, int(half)) >= 0;
}

/// r‖s → DER ECDSA-Sig-Value.
bool ecdsa_p1363_to_der(Span sig, Buf *out) {
    size_t half = sig.n / 2;
    EcdsaSigPtr value(ECDSA_SIG_new());
    BIGNUM *r = BN_bin2bn(sig.p, int(half), nullptr);
    BIGNUM *s = BN_bin2bn(sig.p + half, int(half), nullptr);
    if (!value || !r || !s) {
        BN_free(r);
        BN_free(s);
        return false;
    }
    ECDSA_SIG_set0(value.get(), r, s); // takes r and s
    int len = i2d_ECDSA_SIG(value.get(), nullptr);
    if (len <= 0) return false;
    out->assign(size_t(len), 0);
    unsigned char *p = out->data();
    return i2d_ECDSA_SIG(value.get(), &p) == len;
}

} // namespace

bool sign(const std::string &alg, const std::string &hash, Span pkcs8, Span data, int salt_length, Buf *out,
          std::string *err) {
    PkeyPtr k = decode_key(pkcs8.p, pkcs8.n, true);
    if (!k) return fail(err, "invalid private key");
    if (!key_fits(k.get(), alg)) return fail(err, "the key does not fit the algorithm");
    MdCtxPtr mctx(EVP_MD_CTX_new());
    if (!mctx) return fail(err, "out of memory");
    if (!init_signature(mctx.get(), true, alg, hash, k.get(), salt_length, err)) return false;
    size_t len = 0;
    if (EVP_DigestSign(mctx.get(), nullptr, &len, ptr_of(data), data.n) <= 0) return fail(err, "signing failed");
    Buf sig(len);
    if (EVP_DigestSign(mctx.get(), sig.data(), &len, ptr_of(data), data.n) <= 0) return fail(err, "signing failed");
    sig.resize(len);
    if (alg == "ECDSA") {
        if (!ecdsa_der_to_p1363(sig, ec_scalar_bytes(k.get()), out)) return fail(err, "signing failed");
        return true;
    }
    *out = std::move(sig);
    return true;
}

bool verify(const std::string &alg, const std::string &hash, Span spki, Span signature, Span data, int salt_length,
            bool *valid, std::string *err) {
    ErrorQueueGuard guard;
    *valid = false;
    PkeyPtr k = decode_key(spki.p, spki.n, false);
    if (!k) return fail(err, "invalid public key");
    if (!key_fits(k.get(), alg)) return fail(err, "the key does not fit the algorithm");
    Buf der;
    Span sig = signature;
    if (alg == "ECDSA") {
        size_t half = ec_scalar_bytes(k.get());
        if (signature.n != 2 * half) return true; // wrong length: simply not a valid signature
        if (!ecdsa_p1363_to_der(signature, &der)) return fail(err, "out of memory");
        sig = Span{der.data(), der.size(), true};
    }
    MdCtxPtr mctx(EVP_MD_CTX_new());
    if (!mctx) return fail(err, "out of memory");
    if (!init_signature(mctx.get(), false, alg, hash, k.get(), salt_length, err)) return false;
    *valid = EVP_DigestVerify(mctx.get(), ptr_of(sig), sig.n, ptr_of(data), data.n) == 1;
    return true;
}

bool derive_shared(Span pkcs8, Span spki, Buf *out, std::string *err) {
    PkeyPtr priv = decode_key(pkcs8.p, pkcs8.n, true);
    PkeyPtr pub = decode_key(spki.p, spki.n, false);
    if (!priv || !pub) return fail(err, "invalid key");
    PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, priv.get(), nullptr));
    if (!ctx || EVP_PKEY_derive_init(ctx.get()) <= 0) return fail(err, "key agreement setup failed");
    if (EVP_PKEY_derive_set_peer(ctx.get(), pub.get()) <= 0) return fail(err, "the public key does not fit the private key");
    size_t len = 0;
    if (EVP_PKEY_derive(ctx.get(), nullptr, &len) <= 0) return fail(err, "key agreement failed");
    out->assign(len, 0);
    if (EVP_PKEY_derive(ctx.get(), out->data(), &len) <= 0) {
        out->clear();
        return fail(err, "key agreement failed");
    }
    out->resize(len);
    return true;
}

bool rsa_oaep(bool encrypt, const std::string &hash, Span der, Span label, Span data, Buf *out, std::string *err) {
    const char *md = openssl_hash_name(hash);
    if (!md) return fail(err, "unsupported hash");
    PkeyPtr k = decode_key(der.p, der.n, !encrypt);
    if (!k || !EVP_PKEY_is_a(k.get(), "RSA")) return fail(err, "invalid RSA key");
    PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, k.get(), nullptr));
    if (!ctx || (encrypt ? EVP_PKEY_encrypt_init(ctx.get()) : EVP_PKEY_decrypt_init(ctx.get())) <= 0)
        return fail(err, "RSA-OAEP setup failed");
    OSSL_PARAM params[5];
    size_t i = 0;
    params[i++] = OSSL_PARAM_construct_utf8_string(OSSL_ASYM_CIPHER_PARAM_PAD_MODE,
                                                   const_cast<char *>(OSSL_PKEY_RSA_PAD_MODE_OAEP), 0);
    params[i++] = OSSL_PARAM_construct_utf8_string(OSSL_ASYM_CIPHER_PARAM_OAEP_DIGEST, const_cast<char *>(md), 0);
    params[i++] = OSSL_PARAM_construct_utf8_string(OSSL_ASYM_CIPHER_PARAM_MGF1_DIGEST, const_cast<char *>(md), 0);
    if (label.n) {
        params[i++] = OSSL_PARAM_construct_octet_string(OSSL_ASYM_CIPHER_PARAM_OAEP_LABEL,
                                                        const_cast<uint8_t *>(label.p), label.n); // copied
    }
    params[i] = OSSL_PARAM_construct_end();
    if (!EVP_PKEY_CTX_set_params(ctx.get(), params)) return fail(err, "invalid RSA-OAEP parameters");
    size_t len = 0;
    int ok = encrypt ? EVP_PKEY_encrypt(ctx.get(), nullptr, &len, ptr_of(data), data.n)
                     : EVP_PKEY_decrypt(ctx.get(), nullptr, &len, ptr_of(data), data.n);
    if (ok <= 0) return fail(err, encrypt ? "RSA-OAEP encryption failed" : "RSA-OAEP decryption failed");
    out->assign(len, 0);
    ok = encrypt ? EVP_PKEY_encrypt(ctx.get(), out->data(), &len, ptr_of(data), data.n)
                 : EVP_PKEY_decrypt(ctx.get(), out->data(), &len, ptr_of(data), data.n);
    if (ok <= 0) {
        out->clear();
        return fail(err, encrypt ? "RSA-OAEP encryption failed" : "RSA-OAEP decryption failed");
    }
    out->resize(len);
    return true;
}

} // namespace cv8crypto
