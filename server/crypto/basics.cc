#include "server/crypto/basics.h"

#include <cstdio>
#include <cstdlib>

#include "server/crypto/openssl_crypto.h"

namespace lif::crypto {
namespace {

template <typename T>
T OrAbort(Result<T> r) {
  if (!r.ok()) {
    std::fprintf(stderr, "lif: the system's random number generator failed: %s\n",
                 r.status().ToString().c_str());
    std::abort();
  }
  return std::move(r).value();
}

}  // namespace

Sha256Fn OpenSslSha256() { return Sha256Function(); }

std::string Sha256Hex(std::string_view bytes) { return ToHex(Sha256(bytes)); }

std::string RandomHex(size_t n) { return ToHex(OrAbort(RandomBytes(n))); }

std::string NewUuidV4() { return OrAbort(UuidV4()); }

}  // namespace lif::crypto
