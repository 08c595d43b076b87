// Internal to CV8Bridge: tables of natives implemented in C++ and installed on the glue's `ops`.
// Each table ends with {nullptr, nullptr}. Every function here is also a snapshot external reference.
#ifndef CV8BRIDGE_NATIVES_H
#define CV8BRIDGE_NATIVES_H

#include <v8.h>

struct cv8_native_def {
    const char *name;
    v8::FunctionCallback fn;
};

/// crypto.cpp: natives behind crypto.subtle (OpenSSL libcrypto).
const cv8_native_def *cv8_crypto_natives();

/// compression.cpp: zlib codecs behind CompressionStream / DecompressionStream.
const cv8_native_def *cv8_compression_natives();
/// Frees every codec the isolate still holds (called by cv8_runtime_free before the isolate goes).
void cv8_compression_release_isolate(v8::Isolate *iso);

#endif
