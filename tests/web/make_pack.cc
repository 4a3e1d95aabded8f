// make_pack: a board pack from a bundle and the built page, as `lif export
// --format html` and GET /v1/pack make it (server::MakeBoardPack: the bundle
// gzip-compressed in base64, and its checkpoint), for the browser tests.
//
// Usage: make_pack BUNDLE_FILE PAGE_HTML OUT_FILE [NAME]
// Exits 1 with a message on any error (a bundle that does not verify).
#include <cstdio>
#include <fstream>
#include <string>

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
  lif::Result<std::string> pack =
      lif::server::MakeBoardPack(*page, *bundle, argc == 5 ? argv[4] : "test pack");
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
