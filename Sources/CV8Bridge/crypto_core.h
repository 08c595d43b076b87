// Internal to CV8Bridge: the OpenSSL 3 side of crypto.subtle, free of V8 so it can be read (and tested)
// on its own. crypto.cpp wraps these functions as natives on `ops`.
//
// Every function returns true on success; on failure it returns false and puts a message (with the
// OpenSSL reason, when there is one) in *err. The OpenSSL error queue is always left empty.
// Keys cross this interface as bytes: raw secrets, PKCS#8 DER for private keys, SPKI DER for public
// keys. Nothing here keeps state between calls, so any thread may call any function at any time.
#ifndef CV8BRIDGE_CRYPTO_CORE_H
#define CV8BRIDGE_CRYPTO_CORE_H

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace cv8crypto {

using Buf = std::vector<uint8_t>;

/// A borrowed byte range; `present` is false for an absent (null/undefined) optional argument.
struct Span {
    const uint8_t *p = nullptr;
    size_t n = 0;
    bool present = false;
};

/// One optional value of a key's components (a JWK member, say).
struct Part {
    bool present = false;
    Buf bytes;
};

/// What parsing a PKCS#8 or SPKI key found, with the canonical DER re-encodings.
struct KeyInfo {
    std::string type;   // "RSA", "RSA-PSS", "EC", "ED25519", "X25519", or another OpenSSL key type name
    std::string curve;  // "P-256", "P-384", "P-521" for EC keys on those curves, else ""
    int bits = 0;       // RSA modulus length
    Buf exponent;       // RSA public exponent, big-endian
    Part pkcs8;         // private keys only
    Buf spki;
};

/// Both encodings of a key pair (pkcs8 absent for a public key).
struct KeyPair {
    Part pkcs8;
    Buf spki;
};

// Hashes, MACs, KDFs (crypto_core_sym.cpp). Hash names are the WebCrypto ones: "SHA-1", "SHA-256"…
bool digest(const std::string &hash, Span data, Buf *out, std::string *err);
bool hmac(const std::string &hash, Span key, Span data, Buf *out, std::string *err);
bool pbkdf2(const std::string &hash, Span password, Span salt, uint32_t iterations, size_t length, Buf *out,
            std::string *err);
bool hkdf(const std::string &hash, Span key, Span salt, Span info, size_t length, Buf *out, std::string *err);
bool timing_safe_equal(Span a, Span b);

// AES (crypto_core_sym.cpp).
bool aes_gcm(bool encrypt, Span key, Span iv, Span aad, size_t tag_bytes, Span data, Buf *out, std::string *err);
bool aes_cbc(bool encrypt, Span key, Span iv, Span data, Buf *out, std::string *err);
/// CTR mode where only the rightmost `counter_bits` bits of the counter block are incremented.
bool aes_ctr(Span key, Span counter, unsigned counter_bits, Span data, Buf *out, std::string *err);
/// RFC 3394 key wrap with the default IV.
bool aes_kw(bool wrap, Span key, Span data, Buf *out, std::string *err);

// Asymmetric keys (crypto_core_keys.cpp). Curves are "P-256"/"P-384"/"P-521"; OKP types "ED25519"/"X25519".
bool generate_ec(const std::string &curve, KeyPair *out, std::string *err);
bool generate_okp(const std::string &type, KeyPair *out, std::string *err);
bool generate_rsa(unsigned bits, Span exponent, KeyPair *out, std::string *err);
/// Parses PKCS#8 (is_private) or SPKI DER; the whole input must be one structure.
bool parse_key(Span der, bool is_private, KeyInfo *out, std::string *err);
/// RSA: n e d p q dp dq qi; EC: x y d (fixed field length); OKP: x d. Private parts absent for public keys.
bool key_components(Span der, bool is_private, std::vector<Part> *out, std::string *err);
/// `y` absent: `x` is a SEC1-encoded point. `d` absent: a public key. Checks the point and the pair.
bool ec_from_components(const std::string &curve, Span x, Span y, Span d, KeyPair *out, std::string *err);
/// `d` absent: a public key. Private keys need all of p q dp dq qi; the pair is checked.
bool rsa_from_components(Span n, Span e, Span d, Span p, Span q, Span dp, Span dq, Span qi, KeyPair *out,
                         std::string *err);
/// `priv` present: a private key (and `pub`, when present, must match it); else a public key from `pub`.
bool okp_from_raw(const std::string &type, Span pub, Span priv, KeyPair *out, std::string *err);

// Signatures, key agreement, RSA-OAEP (crypto_core_pk.cpp). `alg` is "ECDSA", "RSASSA-PKCS1-v1_5",
// "RSA-PSS" or "Ed25519"; ECDSA signatures are r‖s (IEEE P1363), as WebCrypto wants.
bool sign(const std::string &alg, const std::string &hash, Span pkcs8, Span data, int salt_length, Buf *out,
          std::string *err);
/// *valid is false for a signature that does not verify; false is returned only for unusable input.
bool verify(const std::string &alg, const std::string &hash, Span spki, Span signature, Span data, int salt_length,
            bool *valid, std::string *err);
bool derive_shared(Span pkcs8, Span spki, Buf *out, std::string *err);
bool rsa_oaep(bool encrypt, const std::string &hash, Span der, Span label, Span data, Buf *out, std::string *err);

// Shared helpers (crypto_core_sym.cpp).
/// Fails with `what`, appending the newest OpenSSL reason, and empties the OpenSSL error queue.
bool fail(std::string *err, const char *what);
/// The OpenSSL digest name for a WebCrypto hash name ("SHA-256" → "SHA256"), or nullptr.
const char *openssl_hash_name(const std::string &hash);

} // namespace cv8crypto

#endif
