// The server's cryptographic primitives, implemented with OpenSSL 3 (libcrypto):
// SHA-256 (injected into the core as lif::Sha256Fn), HMAC-SHA256, random
// bytes and UUIDs, and the Ed25519 signing key that signs tree heads and
// checkpoints (core/integrity/signed_head.h, docs/integrity.md).
//
// The signing key lives in the data folder as `signing-key.pem` (PKCS#8 PEM,
// unencrypted, file mode 0600), created at first start by
// LoadOrCreateSigningKey. Whoever can read that file can sign heads as this
// server: back it up with the data folder and never copy it elsewhere.
//
// Errors are lif::Status values (kInternal for a failing library call or an
// unreadable key file); nothing throws. Thread-safety: every function may be
// called concurrently; an Ed25519PrivateKey is immutable after construction
// and may be shared by threads (each Sign uses its own OpenSSL context).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "core/digest.h"
#include "core/integrity/signed_head.h"
#include "core/status.h"

struct evp_pkey_st;  // OpenSSL's EVP_PKEY, kept out of this header.

namespace lif::crypto {

// ---------------------------------------------------------------------------
// Hashes.

// SHA-256 of `bytes`. Aborts the process if OpenSSL cannot compute a digest,
// which only happens on a broken installation (a Sha256Fn cannot fail).
Hash32 Sha256(std::string_view bytes);
// Sha256 as the core's injected primitive.
Sha256Fn Sha256Function();

// HMAC-SHA256 (RFC 2104) of `message` under `key` (any length). Used for
// pseudonymous references: HmacSha256(board secret, case identifier).
Result<Hash32> HmacSha256(std::string_view key, std::string_view message);

// ---------------------------------------------------------------------------
// Randomness.

// `n` bytes from OpenSSL's CSPRNG. kInternal if the generator fails.
// Thread-safe. Requests of up to 64 bytes are served from a per-thread pool
// of the generator's output (4 KiB, wiped as it is handed out, refilled in a
// child process after fork()).
Result<std::string> RandomBytes(size_t n);
// A random (version 4, RFC 9562) UUID: 36 lowercase characters,
// "xxxxxxxx-xxxx-4xxx-Yxxx-xxxxxxxxxxxx" with Y one of 8, 9, a, b.
Result<std::string> UuidV4();

// ---------------------------------------------------------------------------
// Ed25519.

// Verifies an RFC 8032 Ed25519 signature (pure Ed25519, no pre-hash). Returns
// false for a bad signature and for inputs of the wrong length. Matches
// lif::Ed25519VerifyFn, so it can be passed to the core as it is.
bool Ed25519Verify(std::string_view public_key_raw32, std::string_view message,
                   std::string_view signature64);

// An Ed25519 private key. Copies share the same immutable OpenSSL key.
class Ed25519PrivateKey {
 public:
  // A fresh key from OpenSSL's CSPRNG.
  static Result<Ed25519PrivateKey> Generate();
  // The key whose RFC 8032 secret (seed) is these 32 bytes (tests, imports).
  static Result<Ed25519PrivateKey> FromSeed(std::string_view seed32);
  // Reads a PEM private key ("-----BEGIN PRIVATE KEY-----", PKCS#8); fails
  // with kInvalid for anything that is not an unencrypted Ed25519 key.
  static Result<Ed25519PrivateKey> FromPem(std::string_view pem);

  // The key as unencrypted PKCS#8 PEM, as `openssl genpkey -algorithm ed25519` writes it.
  Result<std::string> ToPem() const;
  // The 32-byte raw public key (RFC 8032 encoding).
  const std::string& public_key() const { return public_key_; }
  // The 64-byte signature of `message`. Deterministic (RFC 8032).
  Result<std::string> Sign(std::string_view message) const;
  // Sign as the core's injected primitive; the function keeps the key alive.
  Ed25519SignFn Signer() const;

 private:
  explicit Ed25519PrivateKey(std::shared_ptr<evp_pkey_st> key, std::string public_key)
      : key_(std::move(key)), public_key_(std::move(public_key)) {}
  static Result<Ed25519PrivateKey> FromOpenSslKey(evp_pkey_st* key);

  std::shared_ptr<evp_pkey_st> key_;
  std::string public_key_;
};

// The name of the key file inside the data folder.
inline constexpr char kSigningKeyFileName[] = "signing-key.pem";

// Loads `data_dir`/signing-key.pem, or, when it does not exist yet, generates
// a key and writes it there with mode 0600 (atomically: a concurrent starter
// either wins or loads the winner's key). Creates `data_dir` (mode 0700) if
// it is missing. Refuses (kInternal) a key file that is not a regular file,
// is readable or writable by group or others, or does not hold an Ed25519 key.
Result<Ed25519PrivateKey> LoadOrCreateSigningKey(const std::string& data_dir);

}  // namespace lif::crypto
