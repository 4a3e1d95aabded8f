#include "server/crypto/basics.h"

#include <openssl/rand.h>
#include <openssl/sha.h>

#include <cstdio>
#include <cstdlib>

namespace lif::crypto {

Sha256Fn OpenSslSha256() {
  return [](std::string_view bytes) {
    Hash32 out;
    SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), out.data());
    return out;
  };
}

std::string Sha256Hex(std::string_view bytes) { return ToHex(OpenSslSha256()(bytes)); }

namespace {
void RandomBytes(unsigned char* buf, size_t n) {
  if (RAND_bytes(buf, static_cast<int>(n)) != 1) {
    std::fprintf(stderr, "lif: the system's random number generator failed\n");
    std::abort();
  }
}
}  // namespace

std::string RandomHex(size_t n) {
  std::string buf(n, '\0');
  RandomBytes(reinterpret_cast<unsigned char*>(buf.data()), n);
  return ToHex(buf);
}

std::string NewUuidV4() {
  unsigned char b[16];
  RandomBytes(b, sizeof b);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  std::string hex = ToHex(std::string_view(reinterpret_cast<const char*>(b), 16));
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20, 12);
}

}  // namespace lif::crypto
