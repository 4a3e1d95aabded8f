#include "server/crypto/openssl_crypto.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cassert>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>

namespace lif::crypto {

namespace {

using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;
using BioPtr = std::unique_ptr<BIO, decltype(&BIO_free)>;

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

// The library's last error as text, for messages; clears the error queue.
std::string OpenSslError(const char* what) {
  std::string message = std::string(what) + " failed";
  const unsigned long code = ERR_get_error();
  if (code != 0) {
    char buf[256];
    ERR_error_string_n(code, buf, sizeof buf);
    message += ": ";
    message += buf;
  }
  ERR_clear_error();
  return message;
}

std::string Errno(const std::string& what) { return what + ": " + std::strerror(errno); }

Status WriteAll(int fd, std::string_view bytes, const std::string& path) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::Internal(Errno("cannot write " + path));
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return Status::Ok();
}

Result<std::string> ReadKeyFile(const std::string& path) {
  struct stat st;
  if (::lstat(path.c_str(), &st) != 0) return Status::Internal(Errno("cannot stat " + path));
  if (!S_ISREG(st.st_mode)) return Status::Internal(path + " is not a regular file");
  if ((st.st_mode & 077) != 0) {
    return Status::Internal(path +
                            " may be read or written by other users; run `chmod 600` on it "
                            "(and consider the key compromised if others did read it)");
  }
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return Status::Internal(Errno("cannot open " + path));
  std::string contents;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) contents.append(buf, n);
  const bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) return Status::Internal("cannot read " + path);
  return contents;
}

// Writes `pem` to `path` only if `path` does not exist: the bytes go to a
// private temporary file first (fsynced), which is then hard-linked into
// place, so a reader never sees a partial key and a concurrent writer never
// overwrites the other's key. Sets *existed when another key won.
Status WriteKeyFileOnce(const std::string& dir, const std::string& path, std::string_view pem,
                        bool* existed) {
  *existed = false;
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return Status::Internal(Errno("cannot create " + tmp));
  Status written = WriteAll(fd, pem, tmp);
  if (written.ok() && ::fchmod(fd, 0600) != 0) {
    written = Status::Internal(Errno("cannot chmod " + tmp));
  }
  if (written.ok() && ::fsync(fd) != 0) written = Status::Internal(Errno("cannot sync " + tmp));
  ::close(fd);
  if (!written.ok()) {
    ::unlink(tmp.c_str());
    return written;
  }
  const int linked = ::link(tmp.c_str(), path.c_str());
  const int link_errno = errno;
  ::unlink(tmp.c_str());
  if (linked != 0) {
    if (link_errno == EEXIST) {
      *existed = true;
      return Status::Ok();
    }
    errno = link_errno;
    return Status::Internal(Errno("cannot create " + path));
  }
  // Make the new directory entry durable.
  const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
  return Status::Ok();
}

}  // namespace

// ---------------------------------------------------------------------------
// Hashes.

namespace {

// The SHA-256 implementation, fetched from the default provider once: an
// implicit fetch per call (EVP_sha256() in EVP_Digest) costs more than
// hashing an event. Lives for the process.
const EVP_MD* FetchedSha256() {
  static EVP_MD* md = EVP_MD_fetch(nullptr, "SHA2-256", nullptr);
  return md;
}

}  // namespace

Hash32 Sha256(std::string_view bytes) {
  Hash32 out;
  unsigned int len = 0;
  // One digest context per thread, reinitialised for each hash.
  thread_local MdCtxPtr ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  const EVP_MD* md = FetchedSha256();
  if (md == nullptr || ctx == nullptr || EVP_DigestInit_ex(ctx.get(), md, nullptr) != 1 ||
      EVP_DigestUpdate(ctx.get(), bytes.data(), bytes.size()) != 1 ||
      EVP_DigestFinal_ex(ctx.get(), out.data(), &len) != 1 || len != out.size()) {
    std::fprintf(stderr, "lif: OpenSSL cannot compute SHA-256: %s\n",
                 OpenSslError("EVP_Digest").c_str());
    std::abort();
  }
  return out;
}

Sha256Fn Sha256Function() {
  return [](std::string_view bytes) { return Sha256(bytes); };
}

Result<Hash32> HmacSha256(std::string_view key, std::string_view message) {
  Hash32 out;
  unsigned int len = 0;
  // An empty key is passed as a valid pointer: HMAC() treats NULL specially.
  static const unsigned char kEmpty = 0;
  const unsigned char* key_bytes = key.empty() ? &kEmpty : Bytes(key);
  if (HMAC(EVP_sha256(), key_bytes, static_cast<int>(key.size()), Bytes(message), message.size(),
           out.data(), &len) == nullptr ||
      len != out.size()) {
    return Status::Internal(OpenSslError("HMAC-SHA256"));
  }
  return out;
}

// ---------------------------------------------------------------------------
// Randomness.

namespace {

// Bumped in a child process after fork(): a pool filled before the fork
// would otherwise hand the child the bytes it hands the parent (the same
// nonces under the same keys). lif does not fork; this keeps it safe if it does.
std::atomic<uint64_t> fork_generation{0};

void CountFork() { fork_generation.fetch_add(1, std::memory_order_relaxed); }

// Small requests (identifiers, nonces, keys) are served from a per-thread
// pool of the generator's output, refilled by one RAND_bytes call: one call
// per event costs the writer more than the sealing it serves. Bytes leave
// the pool once and are wiped from it as they leave.
class RandomPool {
 public:
  static constexpr size_t kSize = 4096;
  static constexpr size_t kLargestServed = 64;

  RandomPool() {
    static std::once_flag registered;
    std::call_once(registered, [] { pthread_atfork(nullptr, nullptr, CountFork); });
  }
  ~RandomPool() { OPENSSL_cleanse(bytes_, sizeof bytes_); }

  bool Take(unsigned char* out, size_t n) {
    assert(n <= kLargestServed && "large requests go to RAND_bytes directly");
    const uint64_t generation = fork_generation.load(std::memory_order_relaxed);
    if (kSize - used_ < n || generation != generation_) {
      if (RAND_bytes(bytes_, static_cast<int>(kSize)) != 1) return false;
      used_ = 0;
      generation_ = generation;
    }
    std::memcpy(out, bytes_ + used_, n);
    OPENSSL_cleanse(bytes_ + used_, n);
    used_ += n;
    return true;
  }

 private:
  unsigned char bytes_[kSize];
  size_t used_ = kSize;      // Empty: the first Take fills it.
  uint64_t generation_ = 0;  // fork_generation when it was filled.
};

}  // namespace

Result<std::string> RandomBytes(size_t n) {
  std::string out(n, '\0');
  if (n == 0) return out;
  auto* p = reinterpret_cast<unsigned char*>(out.data());
  thread_local RandomPool pool;
  const bool ok =
      n <= RandomPool::kLargestServed ? pool.Take(p, n) : RAND_bytes(p, static_cast<int>(n)) == 1;
  if (!ok) return Status::Internal(OpenSslError("RAND_bytes"));
  return out;
}

Result<std::string> UuidV4() {
  Result<std::string> random = RandomBytes(16);
  if (!random.ok()) return random.status();
  std::string b = std::move(random).value();
  b[6] = static_cast<char>((b[6] & 0x0f) | 0x40);  // Version 4.
  b[8] = static_cast<char>((b[8] & 0x3f) | 0x80);  // Variant 10xx.
  const std::string hex = ToHex(b);
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20, 12);
}

// ---------------------------------------------------------------------------
// Ed25519.

bool Ed25519Verify(std::string_view public_key_raw32, std::string_view message,
                   std::string_view signature64) {
  if (public_key_raw32.size() != kEd25519PublicKeySize ||
      signature64.size() != kEd25519SignatureSize) {
    return false;
  }
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
      EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, Bytes(public_key_raw32),
                                  public_key_raw32.size()),
      EVP_PKEY_free);
  MdCtxPtr ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  const bool ok = key != nullptr && ctx != nullptr &&
                  EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) == 1 &&
                  EVP_DigestVerify(ctx.get(), Bytes(signature64), signature64.size(),
                                   Bytes(message), message.size()) == 1;
  ERR_clear_error();  // A failed verification leaves an entry in the queue.
  return ok;
}

Result<Ed25519PrivateKey> Ed25519PrivateKey::FromOpenSslKey(EVP_PKEY* raw) {
  std::shared_ptr<EVP_PKEY> key(raw, EVP_PKEY_free);
  if (key == nullptr) return Status::Internal(OpenSslError("loading an Ed25519 key"));
  if (EVP_PKEY_get_id(key.get()) != EVP_PKEY_ED25519) {
    return Status::Invalid("the key is not an Ed25519 key");
  }
  std::string public_key(kEd25519PublicKeySize, '\0');
  size_t len = public_key.size();
  if (EVP_PKEY_get_raw_public_key(key.get(), reinterpret_cast<unsigned char*>(public_key.data()),
                                  &len) != 1 ||
      len != kEd25519PublicKeySize) {
    return Status::Internal(OpenSslError("EVP_PKEY_get_raw_public_key"));
  }
  return Ed25519PrivateKey(std::move(key), std::move(public_key));
}

Result<Ed25519PrivateKey> Ed25519PrivateKey::Generate() {
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr), EVP_PKEY_CTX_free);
  EVP_PKEY* key = nullptr;
  if (ctx == nullptr || EVP_PKEY_keygen_init(ctx.get()) != 1 ||
      EVP_PKEY_keygen(ctx.get(), &key) != 1) {
    return Status::Internal(OpenSslError("Ed25519 key generation"));
  }
  return FromOpenSslKey(key);
}

Result<Ed25519PrivateKey> Ed25519PrivateKey::FromSeed(std::string_view seed32) {
  if (seed32.size() != 32) return Status::Invalid("an Ed25519 seed must be 32 bytes");
  return FromOpenSslKey(
      EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, Bytes(seed32), seed32.size()));
}

Result<Ed25519PrivateKey> Ed25519PrivateKey::FromPem(std::string_view pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
  if (bio == nullptr) return Status::Internal(OpenSslError("BIO_new_mem_buf"));
  // A null password callback with an empty password refuses encrypted keys
  // instead of prompting on the terminal.
  char empty_password[] = "";
  EVP_PKEY* key = PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, empty_password);
  if (key == nullptr) {
    return Status::Invalid(OpenSslError("reading the PEM private key"));
  }
  return FromOpenSslKey(key);
}

Result<std::string> Ed25519PrivateKey::ToPem() const {
  BioPtr bio(BIO_new(BIO_s_mem()), BIO_free);
  if (bio == nullptr ||
      PEM_write_bio_PrivateKey(bio.get(), key_.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return Status::Internal(OpenSslError("PEM_write_bio_PrivateKey"));
  }
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  if (len <= 0 || data == nullptr) return Status::Internal("empty PEM output");
  return std::string(data, static_cast<size_t>(len));
}

Result<std::string> Ed25519PrivateKey::Sign(std::string_view message) const {
  MdCtxPtr ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  std::string signature(kEd25519SignatureSize, '\0');
  size_t len = signature.size();
  // Ed25519 takes no digest: the md argument is NULL and the whole message is
  // passed to the one-shot EVP_DigestSign.
  if (ctx == nullptr || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key_.get()) != 1 ||
      EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &len,
                     Bytes(message), message.size()) != 1 ||
      len != kEd25519SignatureSize) {
    return Status::Internal(OpenSslError("Ed25519 signing"));
  }
  return signature;
}

Ed25519SignFn Ed25519PrivateKey::Signer() const {
  Ed25519PrivateKey copy = *this;
  return [copy](std::string_view message) { return copy.Sign(message); };
}

Result<Ed25519PrivateKey> LoadOrCreateSigningKey(const std::string& data_dir) {
  if (::mkdir(data_dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return Status::Internal(Errno("cannot create the data folder " + data_dir));
  }
  const std::string path = data_dir + "/" + kSigningKeyFileName;
  struct stat st;
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno != ENOENT) return Status::Internal(Errno("cannot stat " + path));
    Result<Ed25519PrivateKey> fresh = Ed25519PrivateKey::Generate();
    if (!fresh.ok()) return fresh.status();
    Result<std::string> pem = fresh->ToPem();
    if (!pem.ok()) return pem.status();
    bool existed = false;
    LIF_RETURN_IF_ERROR(WriteKeyFileOnce(data_dir, path, *pem, &existed));
    if (!existed) return fresh;
    // Another process created the key first: use that one.
  }
  Result<std::string> contents = ReadKeyFile(path);
  if (!contents.ok()) return contents.status();
  Result<Ed25519PrivateKey> key = Ed25519PrivateKey::FromPem(*contents);
  if (!key.ok()) return Status::Internal(path + ": " + key.status().message());
  return key;
}

}  // namespace lif::crypto
