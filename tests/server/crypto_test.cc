// Tests of the server's OpenSSL primitives (server/crypto/openssl_crypto.h),
// including known answers (RFC 8032, RFC 4231, FIPS 180-2), the signing key
// file, and an outsider's check of lif's signatures and hashes with the
// standard command-line tools `openssl` and `sha256sum`.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <regex>
#include <set>
#include <string>

#include "core/integrity/base64.h"
#include "core/integrity/key_fingerprint.h"
#include "core/integrity/merkle.h"
#include "core/integrity/signed_head.h"
#include "server/crypto/openssl_crypto.h"

namespace lif::crypto {
namespace {

std::string Unhex(const std::string& hex) {
  std::string out;
  for (size_t i = 0; i < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  }
  return out;
}

// A fresh private directory under $TMPDIR (or /tmp), removed at the end.
class TempDir {
 public:
  TempDir() {
    const char* base = std::getenv("TMPDIR");
    std::string pattern = std::string(base ? base : "/tmp") + "/lif-crypto-test-XXXXXX";
    char* made = ::mkdtemp(pattern.data());
    EXPECT_NE(made, nullptr);
    path_ = pattern;
  }
  ~TempDir() { std::system(("rm -rf '" + path_ + "'").c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

void WriteFile(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// Runs a shell command; returns its exit status (or -1).
int RunShell(const std::string& command) {
  const int status = std::system(("( " + command + " ) >/dev/null 2>&1").c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string Capture(const std::string& command) {
  std::FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return "";
  std::string out;
  char buf[256];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  ::pclose(pipe);
  return out;
}

// RFC 8032 section 7.1, TEST 1 (the empty message).
const char kSecret1[] = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
const char kPublic1[] = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
const char kSignature1[] =
    "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b4"
    "6bd25bf5f0595bbe24655141438e7a100b";

// --- Hashes and randomness. ---

TEST(OpenSslHashTest, Sha256KnownAnswers) {
  // FIPS 180-2 appendix B.1 and the empty string.
  EXPECT_EQ(ToHex(Sha256("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(ToHex(Sha256Function()("")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(OpenSslHashTest, HmacSha256Rfc4231) {
  // RFC 4231 test case 1.
  Result<Hash32> mac = HmacSha256(std::string(20, '\x0b'), "Hi There");
  ASSERT_TRUE(mac.ok());
  EXPECT_EQ(ToHex(*mac), "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  // RFC 4231 test case 2 (a key shorter than the block).
  EXPECT_EQ(ToHex(*HmacSha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // An empty key is allowed (and differs from another key).
  EXPECT_TRUE(HmacSha256("", "x").ok());
  EXPECT_NE(*HmacSha256("", "x"), *HmacSha256("k", "x"));
}

TEST(OpenSslRandomTest, BytesAndUuids) {
  Result<std::string> a = RandomBytes(32), b = RandomBytes(32);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->size(), 32u);
  EXPECT_NE(*a, *b);
  EXPECT_EQ(RandomBytes(0)->size(), 0u);
  const std::regex uuid("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    Result<std::string> id = UuidV4();
    ASSERT_TRUE(id.ok());
    EXPECT_TRUE(std::regex_match(*id, uuid)) << *id;
    seen.insert(*id);
  }
  EXPECT_EQ(seen.size(), 200u);
}

// Small requests come from a per-thread pool of the generator's output. A
// child process forked after the pool was filled must not be handed the bytes
// the parent is handed next (they would be the same nonces under the same
// keys); larger requests bypass the pool.
TEST(OpenSslRandomTest, APoolFilledBeforeAForkIsNotSharedWithTheChild) {
  ASSERT_TRUE(RandomBytes(16).ok());  // The pool is filled now.
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(fds[0]);
    Result<std::string> bytes = RandomBytes(16);
    const std::string out = bytes.ok() ? *bytes : std::string();
    const bool written = write(fds[1], out.data(), out.size()) == static_cast<ssize_t>(out.size());
    _exit(written && bytes.ok() ? 0 : 1);
  }
  close(fds[1]);
  std::string from_child(16, '\0');
  ssize_t got = 0;
  while (got < 16) {
    const ssize_t n = read(fds[0], &from_child[static_cast<size_t>(got)], 16 - got);
    if (n <= 0) break;
    got += n;
  }
  close(fds[0]);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  ASSERT_EQ(got, 16);
  Result<std::string> in_parent = RandomBytes(16);
  ASSERT_TRUE(in_parent.ok());
  EXPECT_NE(*in_parent, from_child);
  EXPECT_EQ(RandomBytes(65)->size(), 65u);  // Served by RAND_bytes itself.
}

// --- Ed25519. ---

TEST(OpenSslEd25519Test, Rfc8032TestVector1) {
  Result<Ed25519PrivateKey> key = Ed25519PrivateKey::FromSeed(Unhex(kSecret1));
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  EXPECT_EQ(ToHex(key->public_key()), kPublic1);
  Result<std::string> signature = key->Sign("");
  ASSERT_TRUE(signature.ok());
  EXPECT_EQ(ToHex(*signature), kSignature1);
  EXPECT_TRUE(Ed25519Verify(Unhex(kPublic1), "", Unhex(kSignature1)));
}

TEST(OpenSslEd25519Test, SignVerifyRoundTripAndFailures) {
  Result<Ed25519PrivateKey> key = Ed25519PrivateKey::Generate();
  ASSERT_TRUE(key.ok());
  const std::string message = "lif-tree-head/v1\nsize 1\n";
  Result<std::string> signature = key->Signer()(message);
  ASSERT_TRUE(signature.ok());
  ASSERT_EQ(signature->size(), 64u);
  EXPECT_TRUE(Ed25519Verify(key->public_key(), message, *signature));
  // Every flipped signature byte, a changed message, another key, and wrong
  // lengths all fail.
  for (size_t i = 0; i < 64; ++i) {
    std::string bad = *signature;
    bad[i] ^= 0x20;
    EXPECT_FALSE(Ed25519Verify(key->public_key(), message, bad)) << i;
  }
  EXPECT_FALSE(Ed25519Verify(key->public_key(), message + " ", *signature));
  EXPECT_FALSE(Ed25519Verify(Ed25519PrivateKey::Generate()->public_key(), message, *signature));
  EXPECT_FALSE(Ed25519Verify(key->public_key(), message, signature->substr(1)));
  EXPECT_FALSE(Ed25519Verify(key->public_key().substr(1), message, *signature));
  EXPECT_FALSE(Ed25519PrivateKey::FromSeed("short").ok());
}

TEST(OpenSslEd25519Test, PemRoundTrip) {
  Result<Ed25519PrivateKey> key = Ed25519PrivateKey::FromSeed(Unhex(kSecret1));
  ASSERT_TRUE(key.ok());
  Result<std::string> pem = key->ToPem();
  ASSERT_TRUE(pem.ok());
  // PKCS#8 for Ed25519 (RFC 8410): 302e020100300506032b657004220420 || seed.
  EXPECT_EQ(*pem,
            "-----BEGIN PRIVATE KEY-----\n"
            "MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g\n"
            "-----END PRIVATE KEY-----\n");
  Result<Ed25519PrivateKey> back = Ed25519PrivateKey::FromPem(*pem);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->public_key(), key->public_key());
  EXPECT_FALSE(Ed25519PrivateKey::FromPem("-----BEGIN PRIVATE KEY-----\nAAAA\n").ok());
  // An EC key is refused.
  TempDir dir;
  ASSERT_EQ(RunShell("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out '" +
                     dir.path() + "/ec.pem'"),
            0);
  std::ifstream in(dir.path() + "/ec.pem");
  const std::string ec((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(Ed25519PrivateKey::FromPem(ec).status().code(), StatusCode::kInvalid);
}

// --- The signing key file. ---

TEST(SigningKeyFileTest, CreatedOnceWithMode0600ThenLoaded) {
  TempDir dir;
  const std::string data = dir.path() + "/data";
  Result<Ed25519PrivateKey> first = LoadOrCreateSigningKey(data);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  const std::string path = data + "/signing-key.pem";
  struct stat st;
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat(data.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  // No temporary file is left behind.
  EXPECT_EQ(Capture("ls -A '" + data + "'"), "signing-key.pem\n");

  Result<Ed25519PrivateKey> second = LoadOrCreateSigningKey(data);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->public_key(), first->public_key());
  // The file is a key openssl itself reads, with the same public key.
  const std::string pub_pem = Capture("openssl pkey -in '" + path + "' -pubout");
  EXPECT_EQ(pub_pem, *Ed25519PublicKeyPem(first->public_key()));

  // A key file others can read is refused.
  ASSERT_EQ(::chmod(path.c_str(), 0644), 0);
  Result<Ed25519PrivateKey> exposed = LoadOrCreateSigningKey(data);
  EXPECT_EQ(exposed.status().code(), StatusCode::kInternal);
  EXPECT_NE(exposed.status().message().find("chmod 600"), std::string::npos);
  // A corrupt key file is refused, never silently replaced.
  ASSERT_EQ(::chmod(path.c_str(), 0600), 0);
  WriteFile(path, "garbage");
  EXPECT_EQ(LoadOrCreateSigningKey(data).status().code(), StatusCode::kInternal);
  std::ifstream in(path);
  const std::string after((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(after, "garbage");
}

// --- The core's integrity layer with the real primitives. ---

TEST(OpenSslIntegrityTest, SignedHeadAndCheckpointVerify) {
  Result<Ed25519PrivateKey> key = Ed25519PrivateKey::Generate();
  ASSERT_TRUE(key.ok());
  MerkleTree tree(Sha256Function());
  for (int i = 0; i < 10; ++i) tree.AppendLeaf("event " + std::to_string(i));
  Result<SignedTreeHead> head = SignTreeHead("lif.example/hartlepool-board", tree.size(),
                                             tree.Root(), 1764134400000, key->Signer());
  ASSERT_TRUE(head.ok());
  EXPECT_TRUE(VerifyTreeHead(*head, key->public_key(), Ed25519Verify).ok());
  const NoteKey note_key{"lif.example/hartlepool-board", key->public_key()};
  Result<std::string> note =
      SignCheckpoint(Checkpoint{"lif.example/hartlepool-board", tree.size(), tree.Root(), {}},
                     note_key, key->Signer(), Sha256Function());
  ASSERT_TRUE(note.ok());
  Result<Checkpoint> checkpoint = VerifyCheckpoint(*note, "lif.example/hartlepool-board", note_key,
                                                   Ed25519Verify, Sha256Function());
  ASSERT_TRUE(checkpoint.ok()) << checkpoint.status().ToString();
  EXPECT_EQ(checkpoint->root, tree.Root());
}

// --- An outsider checks lif's bytes with the standard tools. ---

TEST(OutsiderVerificationTest, OpensslVerifiesSignedHeadAndCheckpoint) {
  if (RunShell("openssl version") != 0) GTEST_SKIP() << "the openssl command is not installed";
  TempDir dir;
  const std::string d = dir.path();
  Result<Ed25519PrivateKey> key = Ed25519PrivateKey::Generate();
  ASSERT_TRUE(key.ok());
  Hash32 root;
  ASSERT_TRUE(FromHex("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328", &root));
  Result<SignedTreeHead> head =
      SignTreeHead("lif.example/hartlepool-board", 8, root, 1764134400000, key->Signer());
  ASSERT_TRUE(head.ok());

  // What docs/integrity.md tells an outsider to do: rebuild the signed bytes
  // from the head's JSON fields with printf, decode the base64 signature, and
  // ask openssl to verify against the published PEM key.
  const Json json = SignedTreeHeadToJson(*head);
  WriteFile(d + "/pub.pem", *Ed25519PublicKeyPem(key->public_key()));
  WriteFile(d + "/sig.b64", json["signature"].get<std::string>() + "\n");
  const std::string printf_command =
      "printf 'lif-tree-head/v2\\norigin %s\\nsize %s\\nroot %s\\ntimestamp %s\\n' " +
      json["origin"].get<std::string>() + " " + std::to_string(json["size"].get<uint64_t>()) + " " +
      json["root"].get<std::string>() + " " + std::to_string(json["timestamp"].get<int64_t>()) +
      " > '" + d + "/msg'";
  ASSERT_EQ(RunShell(printf_command), 0);
  ASSERT_EQ(RunShell("base64 -d '" + d + "/sig.b64' > '" + d + "/sig'"), 0);
  std::ifstream msg_in(d + "/msg", std::ios::binary);
  const std::string msg((std::istreambuf_iterator<char>(msg_in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(msg, SignedTreeHeadMessage(*head));

  const std::string verify = "openssl pkeyutl -verify -pubin -inkey '" + d +
                             "/pub.pem' -rawin -in '" + d + "/msg' -sigfile '" + d + "/sig'";
  EXPECT_EQ(RunShell(verify), 0);
  // One flipped byte in the message, then in the signature: both refused.
  std::string flipped = msg;
  flipped[20] ^= 0x01;
  WriteFile(d + "/msg", flipped);
  EXPECT_NE(RunShell(verify), 0);
  WriteFile(d + "/msg", msg);
  std::string bad_sig = head->signature;
  bad_sig[10] ^= 0x80;
  WriteFile(d + "/sig", bad_sig);
  EXPECT_NE(RunShell(verify), 0);
  WriteFile(d + "/sig", head->signature);
  EXPECT_EQ(RunShell(verify), 0);

  // The key's fingerprint (docs/integrity.md section 9): SHA-256 of the last
  // 32 bytes of the DER public key, as sha256sum prints it.
  ASSERT_EQ(RunShell("openssl pkey -pubin -in '" + d + "/pub.pem' -outform DER | tail -c 32 | " +
                     "sha256sum | cut -c1-64 > '" + d + "/fp'"),
            0);
  std::ifstream fp_in(d + "/fp");
  std::string fp_line;
  std::getline(fp_in, fp_line);
  EXPECT_EQ(fp_line, Ed25519KeyFingerprint(Sha256Function(), key->public_key())->hex);

  // The checkpoint: its text is the signed message; the signature is the
  // base64 payload of the signature line without its 4-byte key id.
  const NoteKey note_key{"lif.example/hartlepool-board", key->public_key()};
  Result<std::string> note = SignCheckpoint(Checkpoint{note_key.key_name, 8, root, {}}, note_key,
                                            key->Signer(), Sha256Function());
  ASSERT_TRUE(note.ok());
  WriteFile(d + "/checkpoint", *note);
  // Text: every line before the blank line. Signature: the last field of the
  // signature line, base64-decoded, minus 4 bytes.
  ASSERT_EQ(RunShell("sed '/^$/,$d' '" + d + "/checkpoint' > '" + d + "/cp.msg'"), 0);
  ASSERT_EQ(
      RunShell("tail -n 1 '" + d + "/checkpoint' | awk '{print $NF}' | base64 -d | tail -c 64 > '" +
               d + "/cp.sig'"),
      0);
  const std::string cp_verify = "openssl pkeyutl -verify -pubin -inkey '" + d +
                                "/pub.pem' -rawin -in '" + d + "/cp.msg' -sigfile '" + d +
                                "/cp.sig'";
  EXPECT_EQ(RunShell(cp_verify), 0);
  WriteFile(d + "/cp.msg",
            "lif.example/hartlepool-board\n9\n" + Base64Encode(std::string(32, 'x')) + "\n");
  EXPECT_NE(RunShell(cp_verify), 0);
}

TEST(OutsiderVerificationTest, Sha256sumComputesLeafHashes) {
  if (RunShell("sha256sum --version") != 0) GTEST_SKIP() << "sha256sum is not installed";
  TempDir dir;
  const std::string canonical = R"({"actor":"tok-admin","data":{"name":"A"},"position":1})";
  WriteFile(dir.path() + "/event.json", canonical);
  // leaf hash = SHA-256(0x00 || canonical bytes).
  const std::string out =
      Capture("(printf '\\000'; cat '" + dir.path() + "/event.json') | sha256sum");
  EXPECT_EQ(out.substr(0, 64), ToHex(HashMerkleLeaf(Sha256Function(), canonical)));
}

}  // namespace
}  // namespace lif::crypto
