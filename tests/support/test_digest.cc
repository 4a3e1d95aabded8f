#include "tests/support/test_digest.h"

#include <openssl/sha.h>

namespace lif::testing {

Sha256Fn TestSha256() {
  return [](std::string_view bytes) {
    Hash32 out;
    SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), out.data());
    return out;
  };
}

}  // namespace lif::testing
