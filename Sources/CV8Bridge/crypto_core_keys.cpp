// Asymmetric keys behind crypto.subtle: generation, PKCS#8/SPKI parsing and re-encoding, and the
// conversions to and from key components (JWK members, raw points). See crypto_core.h.
#include "crypto_core.h"
#include "crypto_raii.h"

#include <openssl/rsa.h>

#include <climits>
#include <cstring>

namespace cv8crypto {

namespace {

/// OpenSSL's group name for a WebCrypto curve name, or nullptr.
const char *group_of(const std::string &curve) {
    if (curve == "P-256") return "prime256v1";
    if (curve == "P-384") return "secp384r1";
    if (curve == "P-521") return "secp521r1";
    return nullptr;
}

/// The WebCrypto curve name for an OpenSSL group name, or "" for curves WebCrypto does not know.
std::string curve_of(const char *group) {
    if (!strcmp(group, "prime256v1") || !strcmp(group, "P-256")) return "P-256";
    if (!strcmp(group, "secp384r1") || !strcmp(group, "P-384")) return "P-384";
    if (!strcmp(group, "secp521r1") || !strcmp(group, "P-521")) return "P-521";
    return "";
}

size_t field_bytes(const std::string &curve) {
    if (curve == "P-256") return 32;
    if (curve == "P-384") return 48;
    if (curve == "P-521") return 66;
    return 0;
}

std::string key_curve(EVP_PKEY *k) {
    char group[64];
    size_t len = 0;
    if (!EVP_PKEY_get_utf8_string_param(k, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, &len)) {
        ERR_clear_error();
        return "";
    }
    return curve_of(group);
}

/// WebCrypto always exports uncompressed points, whatever form the key arrived in.
void use_uncompressed_points(EVP_PKEY *k) {
    if (!EVP_PKEY_is_a(k, "EC")) return;
    if (!EVP_PKEY_set_utf8_string_param(k, OSSL_PKEY_PARAM_EC_POINT_CONVERSION_FORMAT,
                                        OSSL_PKEY_EC_POINT_CONVERSION_FORMAT_UNCOMPRESSED)) {
        ERR_clear_error();
    }
}

bool encode_private(EVP_PKEY *k, Buf *out) {
    P8InfoPtr p8(EVP_PKEY2PKCS8(k));
    if (!p8) return false;
    int len = i2d_PKCS8_PRIV_KEY_INFO(p8.get(), nullptr);
    if (len <= 0) return false;
    out->assign(size_t(len), 0);
    unsigned char *p = out->data();
    return i2d_PKCS8_PRIV_KEY_INFO(p8.get(), &p) == len;
}

bool encode_public(EVP_PKEY *k, Buf *out) {
    int len = i2d_PUBKEY(k, nullptr);
    if (len <= 0) return false;
    out->assign(size_t(len), 0);
    unsigned char *p = out->data();
    return i2d_PUBKEY(k, &p) == len;
}

bool encode_pair(EVP_PKEY *k, bool with_private, KeyPair *out, std::string *err) {
    use_uncompressed_points(k);
    out->pkcs8.present = with_private;
    if (with_private && !encode_private(k, &out->pkcs8.bytes)) return fail(err, "could not encode the private key");
    if (!encode_public(k, &out->spki)) return fail(err, "could not encode the public key");
    return true;
}

bool generate_with(const char *type, const OSSL_PARAM *params, KeyPair *out, std::string *err) {
    PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
    if (!ctx || EVP_PKEY_keygen_init(ctx.get()) <= 0) return fail(err, "key generation is not available");
    if (params && !EVP_PKEY_CTX_set_params(ctx.get(), params)) return fail(err, "invalid key generation parameters");
    EVP_PKEY *raw = nullptr;
    if (EVP_PKEY_generate(ctx.get(), &raw) <= 0) return fail(err, "key generation failed");
    PkeyPtr k(raw);
    return encode_pair(k.get(), true, out, err);
}

bool bn_bytes(EVP_PKEY *k, const char *name, size_t pad, Part *out) {
    BIGNUM *raw = nullptr;
    if (!EVP_PKEY_get_bn_param(k, name, &raw)) {
        ERR_clear_error();
        out->present = false;
        return false;
    }
    BnPtr bn(raw);
    size_t n = size_t(BN_num_bytes(bn.get()));
    if (pad && n > pad) return false;
    size_t len = pad ? pad : (n ? n : 1);
    out->bytes.assign(len, 0);
    if (BN_bn2binpad(bn.get(), out->bytes.data(), int(len)) < 0) return false;
    out->present = true;
    return true;
}

/// Builds a key of `type` from OSSL_PARAMs, then runs OpenSSL's consistency check on it.
bool from_params(const char *type, OSSL_PARAM_BLD *bld, bool is_private, KeyPair *out, std::string *err) {
    ParamPtr params(OSSL_PARAM_BLD_to_param(bld));
    if (!params) return fail(err, "out of memory");
    PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
    if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) <= 0) return fail(err, "key import is not available");
    EVP_PKEY *raw = nullptr;
    if (EVP_PKEY_fromdata(ctx.get(), &raw, is_private ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY, params.get()) <= 0)
        return fail(err, "invalid key data");
    PkeyPtr k(raw);
    PkeyCtxPtr check(EVP_PKEY_CTX_new_from_pkey(nullptr, k.get(), nullptr));
    if (!check) return fail(err, "out of memory");
    int ok = is_private ? EVP_PKEY_pairwise_check(check.get()) : EVP_PKEY_public_check(check.get());
    if (ok <= 0) return fail(err, "the key is not valid");
    return encode_pair(k.get(), is_private, out, err);
}

} // namespace

PkeyPtr decode_key(const uint8_t *der, size_t len, bool is_private) {
    if (!der || len == 0 || len > size_t(LONG_MAX)) return PkeyPtr();
    const unsigned char *p = der;
    if (is_private) {
        P8InfoPtr p8(d2i_PKCS8_PRIV_KEY_INFO(nullptr, &p, long(len)));
        if (!p8 || p != der + len) return PkeyPtr();
        return PkeyPtr(EVP_PKCS82PKEY(p8.get()));
    }
    PkeyPtr k(d2i_PUBKEY(nullptr, &p, long(len)));
    if (!k || p != der + len) return PkeyPtr();
    return k;
}

bool generate_ec(const std::string &curve, KeyPair *out, std::string *err) {
    const char *group = group_of(curve);
    if (!group) return fail(err, "unsupported curve");
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, const_cast<char *>(group), 0),
        OSSL_PARAM_construct_end(),
    };
    return generate_with("EC", params, out, err);
}

bool generate_okp(const std::string &type, KeyPair *out, std::string *err) {
    if (type != "ED25519" && type != "X25519") return fail(err, "unsupported key type");
    return generate_with(type.c_str(), nullptr, out, err);
}

bool generate_rsa(unsigned bits, Span exponent, KeyPair *out, std::string *err) {
    if (exponent.n == 0 || exponent.n > 8) return fail(err, "unsupported public exponent");
    BnPtr e(BN_bin2bn(exponent.p, int(exponent.n), nullptr));
    if (!e) return fail(err, "out of memory");
    PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
    if (!ctx || EVP_PKEY_keygen_init(ctx.get()) <= 0) return fail(err, "key generation is not available");
    if (EVP_PKEY_CTX_set_rsa_keygen_bits(ctx.get(), int(bits)) <= 0 ||
        EVP_PKEY_CTX_set1_rsa_keygen_pubexp(ctx.get(), e.get()) <= 0) {
        return fail(err, "invalid RSA key generation parameters");
    }
    EVP_PKEY *raw = nullptr;
    if (EVP_PKEY_generate(ctx.get(), &raw) <= 0) return fail(err, "RSA key generation failed");
    PkeyPtr k(raw);
    return encode_pair(k.get(), true, out, err);
}

bool parse_key(Span der, bool is_private, KeyInfo *out, std::string *err) {
    PkeyPtr k = decode_key(der.p, der.n, is_private);
    if (!k) return fail(err, is_private ? "invalid PKCS#8 key data" : "invalid SPKI key data");
    EVP_PKEY *key = k.get();
    if (EVP_PKEY_is_a(key, "RSA")) {
        out->type = "RSA";
    } else if (EVP_PKEY_is_a(key, "RSA-PSS")) {
        out->type = "RSA-PSS";
    } else if (EVP_PKEY_is_a(key, "EC")) {
        out->type = "EC";
        out->curve = key_curve(key);
    } else if (EVP_PKEY_is_a(key, "ED25519")) {
        out->type = "ED25519";
    } else if (EVP_PKEY_is_a(key, "X25519")) {
        out->type = "X25519";
    } else {
        const char *name = EVP_PKEY_get0_type_name(key);
        out->type = name ? name : "unknown";
    }
    if (out->type == "RSA" || out->type == "RSA-PSS") {
        out->bits = EVP_PKEY_get_bits(key);
        Part e;
        if (bn_bytes(key, OSSL_PKEY_PARAM_RSA_E, 0, &e)) out->exponent = e.bytes;
    }
    KeyPair pair;
    if (!encode_pair(key, is_private, &pair, err)) return false;
    out->pkcs8 = std::move(pair.pkcs8);
    out->spki = std::move(pair.spki);
    return true;
}

bool key_components(Span der, bool is_private, std::vector<Part> *out, std::string *err) {
    PkeyPtr k = decode_key(der.p, der.n, is_private);
    if (!k) return fail(err, "invalid key data");
    EVP_PKEY *key = k.get();
    out->clear();
    if (EVP_PKEY_is_a(key, "RSA")) {
        static const char *const names[] = {
            OSSL_PKEY_PARAM_RSA_N, OSSL_PKEY_PARAM_RSA_E, OSSL_PKEY_PARAM_RSA_D,
            OSSL_PKEY_PARAM_RSA_FACTOR1, OSSL_PKEY_PARAM_RSA_FACTOR2, OSSL_PKEY_PARAM_RSA_EXPONENT1,
            OSSL_PKEY_PARAM_RSA_EXPONENT2, OSSL_PKEY_PARAM_RSA_COEFFICIENT1,
        };
        out->resize(8);
        for (size_t i = 0; i < 8; i++) {
            if (i >= 2 && !is_private) continue;
            bn_bytes(key, names[i], 0, &(*out)[i]);
        }
        if (!(*out)[0].present || !(*out)[1].present) return fail(err, "could not read the RSA key");
        return true;
    }
    if (EVP_PKEY_is_a(key, "EC")) {
        size_t field = field_bytes(key_curve(key));
        if (!field) return fail(err, "unsupported curve");
        out->resize(3);
        if (!bn_bytes(key, OSSL_PKEY_PARAM_EC_PUB_X, field, &(*out)[0]) ||
            !bn_bytes(key, OSSL_PKEY_PARAM_EC_PUB_Y, field, &(*out)[1])) {
            return fail(err, "could not read the EC public key");
        }
        if (is_private && !bn_bytes(key, OSSL_PKEY_PARAM_PRIV_KEY, field, &(*out)[2]))
            return fail(err, "could not read the EC private key");
        return true;
    }
    if (EVP_PKEY_is_a(key, "ED25519") || EVP_PKEY_is_a(key, "X25519")) {
        out->resize(2);
        size_t len = 0;
        Part &pub = (*out)[0];
        if (!EVP_PKEY_get_raw_public_key(key, nullptr, &len)) return fail(err, "could not read the public key");
        pub.bytes.assign(len, 0);
        if (!EVP_PKEY_get_raw_public_key(key, pub.bytes.data(), &len)) return fail(err, "could not read the public key");
        pub.present = true;
        if (is_private) {
            Part &priv = (*out)[1];
            if (!EVP_PKEY_get_raw_private_key(key, nullptr, &len)) return fail(err, "could not read the private key");
            priv.bytes.assign(len, 0);
            if (!EVP_PKEY_get_raw_private_key(key, priv.bytes.data(), &len))
                return fail(err, "could not read the private key");
            priv.present = true;
        }
        return true;
    }
    return fail(err, "unsupported key type");
}

bool ec_from_components(const std::string &curve, Span x, Span y, Span d, KeyPair *out, std::string *err) {
    const char *group = group_of(curve);
    size_t field = field_bytes(curve);
    if (!group) return fail(err, "unsupported curve");
    Buf point;
    if (y.present) {
        if (x.n != field || y.n != field) return fail(err, "the coordinates do not have the curve's length");
        point.reserve(1 + 2 * field);
        point.push_back(0x04);
        point.insert(point.end(), x.p, x.p + x.n);
        point.insert(point.end(), y.p, y.p + y.n);
    } else {
        if (x.n == 0) return fail(err, "empty point");
        point.assign(x.p, x.p + x.n);
    }
    if (d.present && d.n != field) return fail(err, "the private scalar does not have the curve's length");
    ParamBldPtr bld(OSSL_PARAM_BLD_new());
    if (!bld) return fail(err, "out of memory");
    BnPtr priv;
    if (!OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, group, 0) ||
        !OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size())) {
        return fail(err, "out of memory");
    }
    if (d.present) {
        priv.reset(BN_bin2bn(d.p, int(d.n), nullptr));
        if (!priv || !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, priv.get()))
            return fail(err, "out of memory");
    }
    return from_params("EC", bld.get(), d.present, out, err);
}

bool rsa_from_components(Span n, Span e, Span d, Span p, Span q, Span dp, Span dq, Span qi, KeyPair *out,
                         std::string *err) {
    if (!n.present || !e.present || n.n == 0 || e.n == 0) return fail(err, "missing modulus or exponent");
    bool is_private = d.present;
    if (is_private && !(p.present && q.present && dp.present && dq.present && qi.present))
        return fail(err, "private RSA keys need all of p, q, dp, dq and qi");
    ParamBldPtr bld(OSSL_PARAM_BLD_new());
    if (!bld) return fail(err, "out of memory");
    std::vector<BnPtr> numbers;
    struct Field { const char *name; Span value; };
    const Field fields[] = {
        {OSSL_PKEY_PARAM_RSA_N, n}, {OSSL_PKEY_PARAM_RSA_E, e}, {OSSL_PKEY_PARAM_RSA_D, d},
        {OSSL_PKEY_PARAM_RSA_FACTOR1, p}, {OSSL_PKEY_PARAM_RSA_FACTOR2, q},
        {OSSL_PKEY_PARAM_RSA_EXPONENT1, dp}, {OSSL_PKEY_PARAM_RSA_EXPONENT2, dq},
        {OSSL_PKEY_PARAM_RSA_COEFFICIENT1, qi},
    };
    for (const Field &f : fields) {
        if (!f.value.present) continue;
        if (f.value.n == 0 || f.value.n > 8192) return fail(err, "invalid RSA key component");
        BnPtr bn(BN_bin2bn(f.value.p, int(f.value.n), nullptr));
        if (!bn || !OSSL_PARAM_BLD_push_BN(bld.get(), f.name, bn.get())) return fail(err, "out of memory");
        numbers.push_back(std::move(bn)); // the builder keeps pointers until to_param
    }
    return from_params("RSA", bld.get(), is_private, out, err);
}

bool okp_from_raw(const std::string &type, Span pub, Span priv, KeyPair *out, std::string *err) {
    if (type != "ED25519" && type != "X25519") return fail(err, "unsupported key type");
    PkeyPtr k;
    if (priv.present) {
        k.reset(EVP_PKEY_new_raw_private_key_ex(nullptr, type.c_str(), nullptr, priv.p, priv.n));
        if (!k) return fail(err, "invalid private key");
        if (pub.present) {
            uint8_t derived[64];
            size_t len = sizeof derived;
            if (!EVP_PKEY_get_raw_public_key(k.get(), derived, &len)) return fail(err, "invalid private key");
            if (len != pub.n || CRYPTO_memcmp(derived, pub.p, len) != 0)
                return fail(err, "the public key does not match the private key");
        }
    } else {
        if (!pub.present) return fail(err, "missing public key");
        k.reset(EVP_PKEY_new_raw_public_key_ex(nullptr, type.c_str(), nullptr, pub.p, pub.n));
        if (!k) return fail(err, "invalid public key");
    }
    return encode_pair(k.get(), priv.present, out, err);
}

} // namespace cv8crypto
