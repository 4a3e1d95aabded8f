// The board key's fingerprint (core/integrity/key_fingerprint.h): SHA-256 of
// the raw key, its short form, and how a fingerprint a person types is read.
#include "core/integrity/key_fingerprint.h"

#include <gtest/gtest.h>

#include "tests/support/test_digest.h"

namespace lif {
namespace {

std::string Unhex(std::string_view hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

// RFC 8032 section 7.1, test 1's public key, and its SHA-256 (sha256sum).
const char kPublic1[] = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
const char kPublic1Sha256[] = "21fe31dfa154a261626bf854046fd2271b7bed4b6abe45aa58877ef47f9721b9";

TEST(KeyFingerprintTest, IsTheSha256OfTheRawKeyInTwoForms) {
  Result<KeyFingerprint> fp = Ed25519KeyFingerprint(testing::TestSha256(), Unhex(kPublic1));
  ASSERT_TRUE(fp.ok());
  EXPECT_EQ(fp->hex, kPublic1Sha256);
  EXPECT_EQ(fp->short_form, "21fe 31df a154 a261 626b f854 046f d227");
  // One bit of the key changes the fingerprint.
  std::string other = Unhex(kPublic1);
  other[31] ^= 0x01;
  EXPECT_NE(Ed25519KeyFingerprint(testing::TestSha256(), other)->hex, fp->hex);
  // Only a 32-byte key has one.
  EXPECT_FALSE(Ed25519KeyFingerprint(testing::TestSha256(), other.substr(1)).ok());
  EXPECT_FALSE(Ed25519KeyFingerprint(testing::TestSha256(), other + "x").ok());
}

TEST(KeyFingerprintTest, ReadsWhatAPersonTypes) {
  EXPECT_EQ(*NormaliseFingerprint("21FE 31DF a154-a261:626b f854 046f d227"),
            "21fe31dfa154a261626bf854046fd227");
  EXPECT_EQ(*NormaliseFingerprint(kPublic1Sha256), kPublic1Sha256);
  EXPECT_FALSE(NormaliseFingerprint("").ok());
  EXPECT_FALSE(NormaliseFingerprint("21fe 31df").ok());                         // Too short.
  EXPECT_FALSE(NormaliseFingerprint("21fe31dfa154a261626bf854046fd22").ok());   // 31 digits.
  EXPECT_FALSE(NormaliseFingerprint("21fe31dfa154a261626bf854046fd22g").ok());  // Not hex.
  EXPECT_FALSE(NormaliseFingerprint(std::string(kPublic1Sha256) + "00").ok());
}

TEST(KeyFingerprintTest, MatchesOnlyItsOwnKey) {
  const KeyFingerprint fp = *Ed25519KeyFingerprint(testing::TestSha256(), Unhex(kPublic1));
  EXPECT_TRUE(*FingerprintMatches(fp.short_form, fp));
  EXPECT_TRUE(*FingerprintMatches(fp.hex, fp));
  EXPECT_TRUE(*FingerprintMatches("21FE31DFA154A261626BF854046FD227", fp));
  // One digit off, in the short form and in the full one's tail.
  EXPECT_FALSE(*FingerprintMatches("21fe 31df a154 a261 626b f854 046f d228", fp));
  std::string tail = fp.hex;
  tail.back() = tail.back() == '0' ? '1' : '0';
  EXPECT_FALSE(*FingerprintMatches(tail, fp));
  // The 32-bit key id's length is not a fingerprint.
  EXPECT_FALSE(FingerprintMatches("21fe31df", fp).ok());
}

}  // namespace
}  // namespace lif
