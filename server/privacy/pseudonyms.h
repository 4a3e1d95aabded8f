// Pseudonymous references to children and family members (docs/audit.md#pseudonyms).
//
// A reference is "pn_" + the first 16 bytes, in lowercase hex, of
// HMAC-SHA256(key, agency + ":" + identifier), where `identifier` is the
// agency's own case identifier and `key` is a 32-byte random secret kept in
// the data folder as `pseudonym-key` (mode 0600), outside the log, made at
// first start. The same agency and identifier always give the same
// reference; without the key a reference cannot be linked back to a case.
// Whoever holds the key can test guesses of identifiers: back it up with the
// data folder and never copy it elsewhere.
//
// Thread-safety: a PseudonymKey is immutable after LoadOrCreate; Reference
// may be called concurrently. Errors: kInternal for an unreadable, malformed
// or group/other-accessible key file; kInvalid for an unusable identifier.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace lif::privacy {

inline constexpr char kPseudonymKeyFileName[] = "pseudonym-key";
inline constexpr size_t kPseudonymKeyBytes = 32;
inline constexpr size_t kMaxIdentifierBytes = 256;

class PseudonymKey {
 public:
  // Loads `data_dir`/pseudonym-key, or creates it (32 random bytes, mode
  // 0600, never overwriting a key another process wrote first).
  static Result<PseudonymKey> LoadOrCreate(const std::string& data_dir);
  // A key from its 32 bytes (tests).
  static Result<PseudonymKey> FromBytes(std::string bytes);

  // The reference of `identifier` for `agency`. kInvalid when the identifier
  // is empty, longer than kMaxIdentifierBytes or holds control characters;
  // kInvalid when the agency is empty.
  Result<std::string> Reference(std::string_view agency, std::string_view identifier) const;

 private:
  explicit PseudonymKey(std::string bytes) : bytes_(std::move(bytes)) {}
  std::string bytes_;
};

}  // namespace lif::privacy
