#include "core/integrity/base64.h"

#include <gtest/gtest.h>

#include <string>

namespace lif {
namespace {

// RFC 4648 section 10 test vectors.
TEST(Base64Test, EncodesRfc4648Vectors) {
  EXPECT_EQ(Base64Encode(""), "");
  EXPECT_EQ(Base64Encode("f"), "Zg==");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64Encode("foo"), "Zm9v");
  EXPECT_EQ(Base64Encode("foob"), "Zm9vYg==");
  EXPECT_EQ(Base64Encode("fooba"), "Zm9vYmE=");
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
}

TEST(Base64Test, DecodesRfc4648Vectors) {
  EXPECT_EQ(*Base64Decode(""), "");
  EXPECT_EQ(*Base64Decode("Zg=="), "f");
  EXPECT_EQ(*Base64Decode("Zm8="), "fo");
  EXPECT_EQ(*Base64Decode("Zm9v"), "foo");
  EXPECT_EQ(*Base64Decode("Zm9vYg=="), "foob");
  EXPECT_EQ(*Base64Decode("Zm9vYmE="), "fooba");
  EXPECT_EQ(*Base64Decode("Zm9vYmFy"), "foobar");
}

TEST(Base64Test, UsesTheStandardAlphabetForHighBytes) {
  // 0xfb 0xff 0xbf is 111110 111111 111110 111111: "+/+/" (not the URL alphabet).
  EXPECT_EQ(Base64Encode(std::string("\xfb\xff\xbf", 3)), "+/+/");
  EXPECT_EQ(*Base64Decode("+/+/"), std::string("\xfb\xff\xbf", 3));
  // Every byte value survives a round trip.
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  EXPECT_EQ(*Base64Decode(Base64Encode(all)), all);
}

TEST(Base64Test, RejectsNonCanonicalOrMalformedText) {
  for (const char* bad :
       {"Zg=", "Zg", "Z", "Zh==", "Zm9=", "Zm9vYmF=", "Zm9v\n", " Zm9v", "Zm=v", "=Zm9",
        "====", "Z===", "Zm9vY===", "Zm9-", "Zm9_", "Zm9v====", "Zg==Zg=="}) {
    EXPECT_EQ(Base64Decode(bad).status().code(), StatusCode::kInvalid) << bad;
  }
}

}  // namespace
}  // namespace lif
