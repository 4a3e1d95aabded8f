// Conveniences over openssl_crypto.h for callers that cannot handle a failure:
// a failing CSPRNG aborts the process. Thread-safe.
#pragma once

#include <string>

#include "core/digest.h"
#include "core/status.h"

namespace lif::crypto {

// SHA-256 via OpenSSL, as the core's Sha256Fn.
Sha256Fn OpenSslSha256();
std::string Sha256Hex(std::string_view bytes);

// `n` bytes from OpenSSL's CSPRNG, hex encoded (2n characters). Aborts if the
// CSPRNG fails, which only happens on a broken system.
std::string RandomHex(size_t n);

// A random (version 4) UUID, lowercase.
std::string NewUuidV4();

}  // namespace lif::crypto
