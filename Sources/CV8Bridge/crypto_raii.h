// Internal to the crypto_core_*.cpp files: owning pointers for OpenSSL objects, so every early return
// releases what it allocated.
#ifndef CV8BRIDGE_CRYPTO_RAII_H
#define CV8BRIDGE_CRYPTO_RAII_H

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/param_build.h>
#include <openssl/x509.h>

#include <memory>

namespace cv8crypto {

template <typename T, void (*Free)(T *)>
struct OsslDeleter {
    void operator()(T *p) const { Free(p); }
};

template <typename T, void (*Free)(T *)>
using OsslPtr = std::unique_ptr<T, OsslDeleter<T, Free>>;

using PkeyPtr = OsslPtr<EVP_PKEY, EVP_PKEY_free>;
using PkeyCtxPtr = OsslPtr<EVP_PKEY_CTX, EVP_PKEY_CTX_free>;
using MdCtxPtr = OsslPtr<EVP_MD_CTX, EVP_MD_CTX_free>;
using CipherCtxPtr = OsslPtr<EVP_CIPHER_CTX, EVP_CIPHER_CTX_free>;
using CipherPtr = OsslPtr<EVP_CIPHER, EVP_CIPHER_free>;
using KdfPtr = OsslPtr<EVP_KDF, EVP_KDF_free>;
using KdfCtxPtr = OsslPtr<EVP_KDF_CTX, EVP_KDF_CTX_free>;
using MacPtr = OsslPtr<EVP_MAC, EVP_MAC_free>;
using MacCtxPtr = OsslPtr<EVP_MAC_CTX, EVP_MAC_CTX_free>;
using BnPtr = OsslPtr<BIGNUM, BN_clear_free>;
using ParamBldPtr = OsslPtr<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free>;
using ParamPtr = OsslPtr<OSSL_PARAM, OSSL_PARAM_free>;
using EcdsaSigPtr = OsslPtr<ECDSA_SIG, ECDSA_SIG_free>;
using P8InfoPtr = OsslPtr<PKCS8_PRIV_KEY_INFO, PKCS8_PRIV_KEY_INFO_free>;

/// Empties the calling thread's OpenSSL error queue when it goes out of scope (failed checks that are
/// not errors for us, such as a signature that does not verify, leave entries behind).
struct ErrorQueueGuard {
    ~ErrorQueueGuard() { ERR_clear_error(); }
};

/// Parses PKCS#8 (is_private) or SPKI DER that must span the whole input; null when it does not parse.
/// Defined in crypto_core_keys.cpp, shared with crypto_core_pk.cpp.
PkeyPtr decode_key(const uint8_t *der, size_t len, bool is_private);

} // namespace cv8crypto

#endif
