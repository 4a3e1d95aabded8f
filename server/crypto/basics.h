// OpenSSL-backed primitives the server injects into the core: SHA-256, random
// bytes and UUIDs. Thread-safe (OpenSSL 3's default library context).
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
