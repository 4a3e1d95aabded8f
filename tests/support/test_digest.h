// Test support: SHA-256 from OpenSSL for core tests (the core itself never
// links a crypto library; tests inject one like the server does).
#pragma once

#include "core/digest.h"

namespace lif::testing {

Sha256Fn TestSha256();

}  // namespace lif::testing
