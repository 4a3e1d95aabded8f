// Crypto-shredding of erasable personal data (docs/privacy.md): the
// AES-256-GCM primitives. The keys themselves are kept by the RocksDB store,
// one per subject, outside the log (server/store/rocks_log.h, SubjectKey).
//
// SealPersonalFields replaces each string value of a field marked
// "x-lif-personal": true in `schema` with {"commit": hex SHA-256(salt || text),
// "enc": base64(nonce || ciphertext || tag), "subject": id}: the plain text
// sealed is salt || text (32 random bytes of salt, core/privacy/disclosures.h),
// with a 12-byte random nonce and the subject id as additional authenticated
// data. OpenSealedValue reverses it for one such value (also for values sealed
// before commitments, whose plain text is the text alone).
//
// Thread-safety: pure functions (OpenSSL contexts are per call).
// Errors: kInternal for OpenSSL failures and for a value that does not
// authenticate or is malformed.
#pragma once

#include <string>

#include "core/json.h"
#include "core/status.h"

namespace lif::privacy {

// Bytes of a subject key.
inline constexpr size_t kSubjectKeyBytes = 32;

// Seals the personal fields of `data` (per `schema`, a catalogue data schema)
// under `key` (kSubjectKeyBytes), binding each value to `subject`. When
// `sealed_count` is not null, it is set to the number of values sealed (0 when
// `data` holds no personal string: the result then equals `data`).
Result<Json> SealPersonalFields(const Json& data, const Json& schema, const std::string& subject,
                                const std::string& key, size_t* sealed_count = nullptr);

// The text of one sealed value (core/privacy/sealed_values.h IsSealedValue).
Result<std::string> OpenSealedValue(const Json& sealed, const std::string& key);

// The text of a sealed value and the salt of its commitment (empty for a
// value sealed before commitments): what a bundle discloses.
struct OpenedValue {
  std::string text;
  std::string salt;
};
Result<OpenedValue> OpenSealedParts(const Json& sealed, const std::string& key);

}  // namespace lif::privacy
