// Tests of signed tree heads, signed notes and checkpoints. Ed25519 comes from
// OpenSSL here (tests may link it; the core never does), injected exactly as
// the server injects it. Known answers come from RFC 8032 and from the test
// suite of Go's golang.org/x/mod/sumdb/note, so that lif's notes are the same
// bytes as the reference implementation's.
#include "core/integrity/signed_head.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <memory>
#include <string>

#include "core/integrity/base64.h"
#include "core/integrity/merkle.h"
#include "tests/support/test_digest.h"

namespace lif {
namespace {

std::string Unhex(const std::string& hex) {
  std::string out;
  for (size_t i = 0; i < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  }
  return out;
}

using PkeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

// A test signer from a 32-byte Ed25519 seed.
struct TestKey {
  std::string seed;
  std::string public_key;

  explicit TestKey(std::string seed_bytes) : seed(std::move(seed_bytes)) {
    PkeyPtr key(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr,
                                             reinterpret_cast<const unsigned char*>(seed.data()),
                                             seed.size()),
                EVP_PKEY_free);
    public_key.resize(32);
    size_t len = 32;
    EVP_PKEY_get_raw_public_key(key.get(), reinterpret_cast<unsigned char*>(public_key.data()),
                                &len);
  }

  Ed25519SignFn Signer() const {
    const std::string s = seed;
    return [s](std::string_view message) -> Result<std::string> {
      PkeyPtr key(
          EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr,
                                       reinterpret_cast<const unsigned char*>(s.data()), s.size()),
          EVP_PKEY_free);
      MdCtxPtr ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
      std::string sig(64, '\0');
      size_t len = sig.size();
      if (EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1 ||
          EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len,
                         reinterpret_cast<const unsigned char*>(message.data()),
                         message.size()) != 1) {
        return Status::Internal("signing failed");
      }
      return sig;
    };
  }
};

bool TestVerify(std::string_view public_key, std::string_view message, std::string_view sig) {
  if (public_key.size() != 32 || sig.size() != 64) return false;
  PkeyPtr key(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr,
                                          reinterpret_cast<const unsigned char*>(public_key.data()),
                                          public_key.size()),
              EVP_PKEY_free);
  MdCtxPtr ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  return key && EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) == 1 &&
         EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                          reinterpret_cast<const unsigned char*>(message.data()),
                          message.size()) == 1;
}

// RFC 8032 section 7.1, TEST 1.
const char kRfc8032Secret1[] = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
const char kRfc8032Public1[] = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

// golang.org/x/mod/sumdb/note's test key "PeterNeumann": the signer key is
// "PRIVATE+KEY+PeterNeumann+c74f20a3+" base64(0x01 || seed).
std::string PeterSeed() {
  return Base64Decode("AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz")->substr(1);
}
const char kPeterVerifierKey[] =
    "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
const char kPeterText[] =
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n";
const char kPeterSig[] =
    "\xe2\x80\x94 PeterNeumann "
    "x08go/ZJkuBS9UG/"
    "SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
const char kEnochSig[] =
    "\xe2\x80\x94 EnochRoot "
    "rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/"
    "5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";
const char kEnochVerifierKey[] = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";

NoteKey PeterKey() { return NoteKey{"PeterNeumann", TestKey(PeterSeed()).public_key}; }
NoteKey EnochKey() {
  return NoteKey{"EnochRoot",
                 Base64Decode("ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop")->substr(1)};
}

// --- Signed tree head. ---

TEST(SignedTreeHeadTest, SignedBytesAreExactlyAsDocumented) {
  SignedTreeHead head;
  head.origin = "lif.example/hartlepool-board";
  head.size = 9;
  head.root = "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328";
  head.timestamp = 1764134400000;
  EXPECT_EQ(SignedTreeHeadMessage(head),
            "lif-tree-head/v2\n"
            "origin lif.example/hartlepool-board\n"
            "size 9\n"
            "root 5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328\n"
            "timestamp 1764134400000\n");
  // Version 1, which older packs carry: no origin line.
  head.version = TreeHeadVersion::kV1;
  head.origin.clear();
  head.size = 9;
  head.root = "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328";
  head.timestamp = 1764134400000;
  EXPECT_EQ(SignedTreeHeadMessage(head),
            "lif-tree-head/v1\n"
            "size 9\n"
            "root 5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328\n"
            "timestamp 1764134400000\n");
}

TEST(SignedTreeHeadTest, SignsVerifiesAndRejectsAnyChange) {
  const TestKey key(Unhex(kRfc8032Secret1));
  ASSERT_EQ(ToHex(key.public_key), kRfc8032Public1);
  Hash32 root;
  ASSERT_TRUE(FromHex("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328", &root));
  Result<SignedTreeHead> head = SignTreeHead("lif.test/a", 8, root, 1764134400000, key.Signer());
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->version, TreeHeadVersion::kV2);
  EXPECT_EQ(head->signature.size(), 64u);
  EXPECT_TRUE(VerifyTreeHead(*head, key.public_key, TestVerify).ok());

  SignedTreeHead changed = *head;
  // The origin is signed: another one, or none (the head read as version 1), fails.
  changed.origin = "lif.test/b";
  EXPECT_FALSE(VerifyTreeHead(changed, key.public_key, TestVerify).ok());
  changed = *head;
  changed.version = TreeHeadVersion::kV1;
  EXPECT_EQ(VerifyTreeHead(changed, key.public_key, TestVerify).path(), "/origin");
  changed.origin.clear();
  EXPECT_FALSE(VerifyTreeHead(changed, key.public_key, TestVerify).ok());
  changed = *head;
  changed.size = 9;
  EXPECT_FALSE(VerifyTreeHead(changed, key.public_key, TestVerify).ok());
  changed = *head;
  changed.timestamp += 1;
  EXPECT_FALSE(VerifyTreeHead(changed, key.public_key, TestVerify).ok());
  changed = *head;
  changed.root[0] = '4';
  EXPECT_FALSE(VerifyTreeHead(changed, key.public_key, TestVerify).ok());
  changed = *head;
  changed.root[0] = 'D';  // Uppercase hex is not the documented form.
  EXPECT_EQ(VerifyTreeHead(changed, key.public_key, TestVerify).path(), "/root");
  for (size_t i = 0; i < 64; i += 9) {
    changed = *head;
    changed.signature[i] ^= 0x01;
    EXPECT_FALSE(VerifyTreeHead(changed, key.public_key, TestVerify).ok()) << i;
  }
  changed = *head;
  changed.signature.pop_back();
  EXPECT_EQ(VerifyTreeHead(changed, key.public_key, TestVerify).path(), "/signature");
  // Another key.
  const TestKey other(std::string(32, '\x07'));
  EXPECT_FALSE(VerifyTreeHead(*head, other.public_key, TestVerify).ok());
  EXPECT_FALSE(VerifyTreeHead(*head, key.public_key.substr(1), TestVerify).ok());
  // A negative timestamp is refused before signing.
  EXPECT_FALSE(SignTreeHead("lif.test/a", 8, root, -1, key.Signer()).ok());
  // So is an origin that is not one line of text.
  EXPECT_FALSE(SignTreeHead("", 8, root, 1, key.Signer()).ok());
  EXPECT_FALSE(SignTreeHead("lif.test/a\nsize 9", 8, root, 1, key.Signer()).ok());
  // A signer that fails or returns the wrong length is reported.
  EXPECT_EQ(SignTreeHead(
                "lif.test/a", 8, root, 1,
                [](std::string_view) -> Result<std::string> { return Status::Internal("no key"); })
                .status()
                .message(),
            "no key");
  EXPECT_EQ(
      SignTreeHead("lif.test/a", 8, root, 1,
                   [](std::string_view) -> Result<std::string> { return std::string(63, 'x'); })
          .status()
          .code(),
      StatusCode::kInternal);
}

TEST(SignedTreeHeadTest, VersionOneHeadsStillVerify) {
  // A head signed before the origin was signed (lif-tree-head/v1), as an
  // older pack carries it: it verifies, and vouches for no origin.
  const TestKey key(Unhex(kRfc8032Secret1));
  SignedTreeHead head;
  head.version = TreeHeadVersion::kV1;
  head.size = 8;
  head.root = "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328";
  head.timestamp = 1764134400000;
  head.signature = *key.Signer()(SignedTreeHeadMessage(head));
  EXPECT_TRUE(VerifyTreeHead(head, key.public_key, TestVerify).ok());
  const Json json = SignedTreeHeadToJson(head);
  EXPECT_FALSE(json.contains("version"));
  EXPECT_FALSE(json.contains("origin"));
  Result<SignedTreeHead> back = SignedTreeHeadFromJson(json);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->version, TreeHeadVersion::kV1);
  EXPECT_TRUE(VerifyTreeHead(*back, key.public_key, TestVerify).ok());
  // The same signature read as a version 2 head with an origin added fails:
  // an origin cannot be attached to a version 1 signature.
  Json v2 = json;
  v2["version"] = 2;
  v2["origin"] = "lif.test/a";
  Result<SignedTreeHead> relabelled = SignedTreeHeadFromJson(v2);
  ASSERT_TRUE(relabelled.ok());
  EXPECT_FALSE(VerifyTreeHead(*relabelled, key.public_key, TestVerify).ok());
}

TEST(SignedTreeHeadTest, VersionTwoJson) {
  SignedTreeHead head;
  head.origin = "lif.test/a";
  head.size = 3;
  head.root = "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77";
  head.timestamp = 1700000000123;
  head.signature = std::string(64, '\xff');
  const Json json = SignedTreeHeadToJson(head);
  EXPECT_EQ(json["version"], 2);
  EXPECT_EQ(json["origin"], "lif.test/a");
  Result<SignedTreeHead> back = SignedTreeHeadFromJson(json);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->version, TreeHeadVersion::kV2);
  EXPECT_EQ(back->origin, "lif.test/a");
  Json bad = json;
  bad.erase("origin");
  EXPECT_EQ(SignedTreeHeadFromJson(bad).status().path(), "/origin");
  bad = json;
  bad["origin"] = "two\nlines";
  EXPECT_EQ(SignedTreeHeadFromJson(bad).status().path(), "/origin");
  bad = json;
  bad["version"] = 3;
  EXPECT_EQ(SignedTreeHeadFromJson(bad).status().path(), "/version");
}

TEST(SignedTreeHeadTest, JsonRoundTripAndStrictParsing) {
  SignedTreeHead head;
  head.version = TreeHeadVersion::kV1;
  head.size = 3;
  head.root = "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77";
  head.timestamp = 1700000000123;
  head.signature = std::string(64, '\xff');
  const Json json = SignedTreeHeadToJson(head);
  EXPECT_EQ(json.dump(),
            R"({"root":"aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",)"
            R"("signature":")" +
                std::string(84, '/') + R"(/w==","size":3,"timestamp":1700000000123})");
  Result<SignedTreeHead> back = SignedTreeHeadFromJson(json);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->size, 3u);
  EXPECT_EQ(back->root, head.root);
  EXPECT_EQ(back->timestamp, 1700000000123);
  EXPECT_EQ(back->signature, head.signature);

  Json bad = json;
  bad["signature"] = "AAAA";
  EXPECT_EQ(SignedTreeHeadFromJson(bad).status().path(), "/signature");
  bad = json;
  bad["size"] = -3;
  EXPECT_EQ(SignedTreeHeadFromJson(bad).status().path(), "/size");
  bad = json;
  bad["timestamp"] = "2026-01-01";
  EXPECT_EQ(SignedTreeHeadFromJson(bad).status().path(), "/timestamp");
  bad = json;
  bad["root"] = "abc";
  EXPECT_EQ(SignedTreeHeadFromJson(bad).status().path(), "/root");
  bad = json;
  bad["origin"] = "x";
  EXPECT_EQ(SignedTreeHeadFromJson(bad).status().path(), "/origin");
  bad = json;
  bad.erase("signature");
  EXPECT_EQ(SignedTreeHeadFromJson(bad).status().path(), "/signature");
}

// --- Public keys. ---

TEST(PublicKeyPemTest, MatchesOpenSslSpkiEncoding) {
  const std::string pub = Unhex(kRfc8032Public1);
  Result<std::string> pem = Ed25519PublicKeyPem(pub);
  ASSERT_TRUE(pem.ok());
  // 302a300506032b6570032100 || key, base64: what `openssl pkey -pubout` prints.
  EXPECT_EQ(*pem,
            "-----BEGIN PUBLIC KEY-----\n"
            "MCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n"
            "-----END PUBLIC KEY-----\n");
  EXPECT_EQ(*Ed25519PublicKeyFromPem(*pem), pub);
  EXPECT_FALSE(Ed25519PublicKeyPem(pub.substr(1)).ok());
  // An X25519 key (OID 1.3.101.110) is not an Ed25519 key.
  EXPECT_FALSE(
      Ed25519PublicKeyFromPem("-----BEGIN PUBLIC KEY-----\n"
                              "MCowBQYDK2VuAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n"
                              "-----END PUBLIC KEY-----\n")
          .ok());
  EXPECT_FALSE(Ed25519PublicKeyFromPem("not a key").ok());
}

// --- Signed notes, against sumdb/note's known answers. ---

TEST(SignedNoteTest, KeyIdAndVerifierKeyMatchSumdbNote) {
  const Sha256Fn sha = testing::TestSha256();
  EXPECT_EQ(NoteKeyId(sha, PeterKey()), 0xc74f20a3u);
  EXPECT_EQ(*NoteVerifierKey(sha, PeterKey()), kPeterVerifierKey);
  EXPECT_EQ(NoteKeyId(sha, EnochKey()), 0xaf0cfe78u);
  EXPECT_EQ(*NoteVerifierKey(sha, EnochKey()), kEnochVerifierKey);
}

TEST(SignedNoteTest, SignsTheSameBytesAsSumdbNote) {
  const Sha256Fn sha = testing::TestSha256();
  Result<std::string> note = SignNote(kPeterText, PeterKey(), TestKey(PeterSeed()).Signer(), sha);
  ASSERT_TRUE(note.ok()) << note.status().ToString();
  EXPECT_EQ(*note, std::string(kPeterText) + "\n" + kPeterSig);
  // Text that is not a sequence of lines is refused before signing.
  EXPECT_FALSE(SignNote("abc", PeterKey(), TestKey(PeterSeed()).Signer(), sha).ok());
  EXPECT_FALSE(SignNote("a\x01"
                        "b\n",
                        PeterKey(), TestKey(PeterSeed()).Signer(), sha)
                   .ok());
  EXPECT_FALSE(SignNote(kPeterText, NoteKey{"a+b", PeterKey().public_key},
                        TestKey(PeterSeed()).Signer(), sha)
                   .ok());
}

TEST(SignedNoteTest, VerifiesKnownKeysAndIgnoresUnknownOnes) {
  const Sha256Fn sha = testing::TestSha256();
  const std::string both = std::string(kPeterText) + "\n" + kPeterSig + kEnochSig;
  Result<SignedNote> by_peter = VerifySignedNote(both, PeterKey(), TestVerify, sha);
  ASSERT_TRUE(by_peter.ok()) << by_peter.status().ToString();
  EXPECT_EQ(by_peter->text, kPeterText);
  ASSERT_EQ(by_peter->signatures.size(), 2u);
  EXPECT_EQ(by_peter->signatures[1].key_name, "EnochRoot");
  EXPECT_EQ(by_peter->signatures[1].key_id, 0xaf0cfe78u);
  EXPECT_TRUE(VerifySignedNote(both, EnochKey(), TestVerify, sha).ok());

  // No signature by the expected key: rejected.
  const NoteKey stranger{"Stranger", TestKey(std::string(32, '\x05')).public_key};
  EXPECT_FALSE(VerifySignedNote(both, stranger, TestVerify, sha).ok());
  // Same name, other key (so another key id): ignored, hence unverified.
  const NoteKey impostor{"PeterNeumann", stranger.public_key};
  EXPECT_FALSE(
      VerifySignedNote(std::string(kPeterText) + "\n" + kPeterSig, impostor, TestVerify, sha).ok());
  // A corrupted signature by the known key rejects the whole note, even next
  // to a valid one.
  std::string bad_sig = kPeterSig;
  bad_sig.insert(60, "ABCD");
  EXPECT_FALSE(
      VerifySignedNote(std::string(kPeterText) + "\n" + bad_sig, PeterKey(), TestVerify, sha).ok());
  EXPECT_FALSE(VerifySignedNote(std::string(kPeterText) + "\n" + kPeterSig + bad_sig, PeterKey(),
                                TestVerify, sha)
                   .ok());
  // A changed text.
  std::string changed = both;
  changed[3] = 'X';
  EXPECT_FALSE(VerifySignedNote(changed, PeterKey(), TestVerify, sha).ok());
}

TEST(SignedNoteTest, RejectsMalformedNotes) {
  const std::string text = kPeterText;
  const std::string sig = kPeterSig;
  std::string too_many;
  for (int i = 0; i < 101; ++i) too_many += sig;
  for (const std::string& bad : {
           text,                                                     // No signatures.
           text + "\n",                                              // Blank line, no signatures.
           text + "\n" + sig.substr(0, sig.size() - 1),              // No final newline.
           "\x01" + text + "\n" + sig,                               // Control character.
           "\xff" + text + "\n" + sig,                               // Invalid UTF-8.
           text + "\n" + "\xe2\x80\x94 Bad Name " + sig.substr(18),  // Space in the name.
           text + "\n" + sig + "Unexpected line.\n",
           text + "\n" + "-- PeterNeumann " + sig.substr(18),  // Not an em dash.
           text + "\n" + "\xe2\x80\x94 PeterNeumann AAAA\n",   // Shorter than a key id.
           text + "\n" + too_many,
       }) {
    EXPECT_EQ(ParseSignedNote(bad).status().code(), StatusCode::kInvalid) << bad;
    EXPECT_FALSE(VerifySignedNote(bad, PeterKey(), TestVerify, testing::TestSha256()).ok());
  }
  // 100 signatures are fine.
  std::string hundred;
  for (int i = 0; i < 100; ++i) hundred += sig;
  EXPECT_TRUE(ParseSignedNote(text + "\n" + hundred).ok());
  // The text may itself contain blank lines: the last one separates.
  Result<SignedNote> with_blank = ParseSignedNote("a\n\nb\n\n" + sig);
  ASSERT_TRUE(with_blank.ok());
  EXPECT_EQ(with_blank->text, "a\n\nb\n");
}

TEST(SignedNoteTest, KeyNameRules) {
  EXPECT_TRUE(ValidateNoteKeyName("lif.example/hartlepool-board").ok());
  for (const char* bad : {"", "a b", "a+b", "a\tb",
                          "a\xc2\xa0"
                          "b",
                          "a\xe3\x80\x80"
                          "b",
                          "\xff"}) {
    EXPECT_FALSE(ValidateNoteKeyName(bad).ok()) << bad;
  }
}

// --- Checkpoints. ---

TEST(CheckpointTest, TextFormatIsExact) {
  Checkpoint checkpoint;
  checkpoint.origin = "lif.example/hartlepool-board";
  checkpoint.size = 8;
  ASSERT_TRUE(FromHex("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
                      &checkpoint.root));
  EXPECT_EQ(*CheckpointText(checkpoint),
            "lif.example/hartlepool-board\n"
            "8\n"
            "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n");
  Result<Checkpoint> parsed = ParseCheckpointText(*CheckpointText(checkpoint));
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->origin, checkpoint.origin);
  EXPECT_EQ(parsed->size, 8u);
  EXPECT_EQ(parsed->root, checkpoint.root);
  EXPECT_TRUE(parsed->extensions.empty());

  // The example of c2sp.org/tlog-checkpoint parses, extension lines included.
  Result<Checkpoint> example = ParseCheckpointText(
      "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\nx\n");
  ASSERT_TRUE(example.ok());
  EXPECT_EQ(example->size, 20852163u);
  EXPECT_EQ(example->extensions, std::vector<std::string>{"x"});

  for (const char* bad : {
           "o\n08\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n",  // Leading zero.
           "o\n-8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n",  // Sign.
           "o\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQ==\n",    // 31 bytes.
           "\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n",    // No origin.
           "o\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",     // No final newline.
           "o\n8\n",                                                 // No root.
           "o\n18446744073709551616\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n",  // 2^64.
       }) {
    EXPECT_FALSE(ParseCheckpointText(bad).ok()) << bad;
  }
  EXPECT_EQ(ParseCheckpointText("o\n0\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n")->size, 0u);
  checkpoint.origin = "two\nlines";
  EXPECT_FALSE(CheckpointText(checkpoint).ok());
}

TEST(CheckpointTest, SignsAndVerifiesWithTheOriginAsKeyName) {
  const Sha256Fn sha = testing::TestSha256();
  const TestKey key(Unhex(kRfc8032Secret1));
  const NoteKey note_key{"lif.example/hartlepool-board", key.public_key};
  Checkpoint checkpoint;
  checkpoint.origin = "lif.example/hartlepool-board";
  checkpoint.size = 8;
  ASSERT_TRUE(FromHex("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
                      &checkpoint.root));
  Result<std::string> note = SignCheckpoint(checkpoint, note_key, key.Signer(), sha);
  ASSERT_TRUE(note.ok());
  // Text, blank line, then one signature line whose payload starts with the key id.
  const std::string prefix =
      "lif.example/hartlepool-board\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n\n"
      "\xe2\x80\x94 lif.example/hartlepool-board ";
  ASSERT_EQ(note->substr(0, prefix.size()), prefix);
  const std::string payload =
      *Base64Decode(note->substr(prefix.size(), note->size() - prefix.size() - 1));
  ASSERT_EQ(payload.size(), 68u);
  const uint32_t id = NoteKeyId(sha, note_key);
  EXPECT_EQ(static_cast<unsigned char>(payload[0]), id >> 24);
  EXPECT_EQ(static_cast<unsigned char>(payload[3]), id & 0xff);
  // The Ed25519 signature covers exactly the three lines of text.
  EXPECT_TRUE(TestVerify(key.public_key,
                         "lif.example/hartlepool-board\n8\n"
                         "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n",
                         payload.substr(4)));

  Result<Checkpoint> verified =
      VerifyCheckpoint(*note, "lif.example/hartlepool-board", note_key, TestVerify, sha);
  ASSERT_TRUE(verified.ok()) << verified.status().ToString();
  EXPECT_EQ(verified->size, 8u);
  EXPECT_EQ(verified->root, checkpoint.root);
  EXPECT_FALSE(VerifyCheckpoint(*note, "lif.example/other", note_key, TestVerify, sha).ok());
  std::string tampered = *note;
  tampered[29] = '9';  // The size line: "8" becomes "9".
  EXPECT_FALSE(
      VerifyCheckpoint(tampered, "lif.example/hartlepool-board", note_key, TestVerify, sha).ok());
}

TEST(CheckpointTest, AgreesWithTheMerkleTree) {
  // The checkpoint's base64 root is the same 32 bytes as the tree's hex root.
  const Sha256Fn sha = testing::TestSha256();
  MerkleTree tree(sha);
  tree.AppendLeaf("");
  tree.AppendLeaf(std::string(1, '\0'));
  Checkpoint checkpoint{"o", tree.size(), tree.Root(), {}};
  EXPECT_EQ(*CheckpointText(checkpoint), "o\n2\n+sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU=\n");
  EXPECT_EQ(ToHex(tree.Root()), "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125");
}

}  // namespace
}  // namespace lif
