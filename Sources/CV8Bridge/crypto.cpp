// Natives behind crypto.subtle, over OpenSSL 3 libcrypto (filled in by the Web Crypto work).
#include "natives.h"

const cv8_native_def *cv8_crypto_natives() {
    static const cv8_native_def table[] = {
        {nullptr, nullptr},
    };
    return table;
}
