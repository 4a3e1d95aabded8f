// server/pack/gzip: the board pack's compressed bundle.
#include "server/pack/gzip.h"

#include <gtest/gtest.h>

#include <string>

namespace lif {
namespace {

std::string Sample() {
  std::string s;
  for (int i = 0; i < 20000; ++i) {
    s += "{\"position\": " + std::to_string(i) + ", \"type\": \"learning.identified\"}\n";
  }
  return s;
}

TEST(GzipTest, RoundTripsAndIsAGzipMember) {
  const std::string text = Sample();
  Result<std::string> gz = server::GzipCompress(text);
  ASSERT_TRUE(gz.ok());
  ASSERT_GE(gz->size(), 18u);
  EXPECT_EQ(static_cast<unsigned char>((*gz)[0]), 0x1f);  // RFC 1952 magic.
  EXPECT_EQ(static_cast<unsigned char>((*gz)[1]), 0x8b);
  EXPECT_LT(gz->size(), text.size() / 5);
  Result<std::string> back = server::GzipDecompress(*gz, text.size());
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, text);
  Result<std::string> empty = server::GzipCompress("");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(*server::GzipDecompress(*empty, 0), "");
}

TEST(GzipTest, RefusesDamagedTruncatedTrailingAndOversizedData) {
  const std::string text = Sample();
  const std::string gz = *server::GzipCompress(text);
  // A flipped byte in the deflate data or the CRC.
  for (size_t at : {gz.size() / 2, gz.size() - 6}) {
    std::string damaged = gz;
    damaged[at] ^= 0x40;
    EXPECT_FALSE(server::GzipDecompress(damaged, 1 << 24).ok()) << "byte " << at;
  }
  EXPECT_FALSE(server::GzipDecompress(gz.substr(0, gz.size() - 1), 1 << 24).ok());
  EXPECT_FALSE(server::GzipDecompress(gz.substr(0, gz.size() / 2), 1 << 24).ok());
  EXPECT_FALSE(server::GzipDecompress(gz + "x", 1 << 24).ok());
  EXPECT_FALSE(server::GzipDecompress("not gzip at all", 1 << 24).ok());
  EXPECT_FALSE(server::GzipDecompress("", 1 << 24).ok());
  // A bomb: a small member that inflates past the limit stops at it.
  Result<std::string> over = server::GzipDecompress(gz, text.size() - 1);
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.status().code(), StatusCode::kInvalid);
}

}  // namespace
}  // namespace lif
