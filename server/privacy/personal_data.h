// Crypto-shredding of erasable personal data (docs/audit.md#crypto-shredding):
// the building blocks. NOT YET WIRED into the append and read paths (see the
// status in docs/audit.md); tested on their own in tests/server/privacy_test.cc.
//
// SubjectKeys keeps one 32-byte AES-256 key per subject in the data folder,
// outside the log: `subject-keys/P<hex of the subject id>` (mode 0600, the
// folder 0700). Erase overwrites the file with zeros, syncs and unlinks it;
// afterwards every value sealed under that subject reads as {"erased": true}.
// (On journaling or copy-on-write file systems and in backups an old copy of
// the key may survive: erasure is as good as the key storage.)
//
// SealPersonalFields replaces each string value of a field marked
// "x-lif-personal": true in `schema` with {"enc": base64(nonce || ciphertext
// || tag), "subject": id} (AES-256-GCM, 12-byte random nonce, the subject id
// as additional authenticated data). OpenPersonalFields reverses it wherever
// such an object appears, or gives {"erased": true} when the key is gone.
//
// Thread-safety: SubjectKeys methods may be called concurrently (one mutex).
// Errors: kInternal for file or OpenSSL failures and for a ciphertext that
// does not authenticate; kInvalid for a bad subject id.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "core/json.h"
#include "core/status.h"

namespace lif::privacy {

enum class KeyMode { kCreate, kExisting };

class SubjectKeys {
 public:
  // Opens (creating) `data_dir`/subject-keys.
  static Result<std::unique_ptr<SubjectKeys>> Open(const std::string& data_dir);

  // The subject's key; with kCreate a new random key when there is none,
  // with kExisting kNotFound when there is none (never made, or erased).
  Result<std::string> Key(const std::string& subject, KeyMode mode);
  // Erases the subject's key: kNotFound when there is none.
  Status Erase(const std::string& subject);

 private:
  explicit SubjectKeys(std::string dir) : dir_(std::move(dir)) {}
  std::string PathOf(const std::string& subject) const;
  std::string dir_;
  std::mutex mu_;
};

// Seals the personal fields of `data` (per `schema`, a catalogue data schema)
// under `subject`'s key, creating it when needed.
Result<Json> SealPersonalFields(const Json& data, const Json& schema, const std::string& subject,
                                SubjectKeys* keys);

// Opens every sealed value in `data`: the plain text, or {"erased": true}.
Result<Json> OpenPersonalFields(const Json& data, SubjectKeys* keys);

}  // namespace lif::privacy
