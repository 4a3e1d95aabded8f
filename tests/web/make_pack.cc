// make_pack: a board pack from a bundle and the built page, as `lif export
// --format html` and GET /v1/pack make it (server::MakeBoardPack: the bundle
// gzip-compressed in base64, and its checkpoint), for the browser tests.
//
// Usage: make_pack BUNDLE_FILE PAGE_HTML OUT_FILE [NAME]
//
// The pack pins make_bundle's fixed test key (seed 1, 2, ..., 32), as an
// export pins its data folder's key, whatever key the bundle names: so a
// bundle made with `make_bundle --forge` (its events edited, its chain and
// root rebuilt and signed by another key that its header names) gives the
// forged pack the page must refuse.
// Exits 1 with a message on any error (a bundle that does not verify).
#include <cstdio>
#include <fstream>
#include <string>

#include "server/crypto/openssl_crypto.h"
#include "server/pack/board_pack.h"

int main(int argc, char** argv) {
  if (argc < 4 || argc > 5) {
    std::fprintf(stderr, "usage: make_pack BUNDLE_FILE PAGE_HTML OUT_FILE [NAME]\n");
    return 1;
  }
  lif::Result<std::string> bundle = lif::server::ReadWholeFile(argv[1]);
  lif::Result<std::string> page = lif::server::ReadWholeFile(argv[2]);
  if (!bundle.ok() || !page.ok()) {
    std::fprintf(stderr, "make_pack: %s\n",
                 (bundle.ok() ? page.status() : bundle.status()).ToString().c_str());
    return 1;
  }
  std::string seed;
  for (int i = 1; i <= 32; ++i) seed.push_back(static_cast<char>(i));
  lif::Result<lif::crypto::Ed25519PrivateKey> key = lif::crypto::Ed25519PrivateKey::FromSeed(seed);
  if (!key.ok()) {
    std::fprintf(stderr, "make_pack: %s\n", key.status().ToString().c_str());
    return 1;
  }
  lif::Result<std::string> pack =
      lif::server::MakeBoardPack(*page, *bundle, argc == 5 ? argv[4] : "test pack",
                                 lif::server::PackPin{key->public_key(), "lif.test/web"});
  if (!pack.ok()) {
    std::fprintf(stderr, "make_pack: %s\n", pack.status().ToString().c_str());
    return 1;
  }
  std::ofstream out(argv[3], std::ios::binary | std::ios::trunc);
  out << *pack;
  out.close();
  if (!out) {
    std::fprintf(stderr, "make_pack: cannot write %s\n", argv[3]);
    return 1;
  }
  return 0;
}
