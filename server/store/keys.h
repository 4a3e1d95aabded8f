// The RocksDB key layout of a lif data folder (specified in docs/storage.md).
//
// One column family ("default"); the first byte of every key names its family:
//   'E' + be64(position)                 -> canonical event bytes (exactly as hashed)
//   'S' + stream + 0x00 + be64(version)  -> be64(position)   (stream index)
//   'V' + stream                         -> be64(version)    (stream head)
//   'I' + actor + 0x00 + key             -> JSON idempotency record
//   'T' + hex sha-256 of a token         -> JSON token record (never the token)
//   'M' + name                           -> metadata: "head", "format", "checkpoint", ...
//   'K' + subject                        -> 32-byte key of a subject's personal data
//   'X' + subject                        -> time of the subject's last erasure
//   'P' + event id                       -> type + 0x00 + stream, for events whose
//                                           type has personal fields
// Big-endian positions make RocksDB's byte order the log order.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace lif::store {

inline constexpr char kEventPrefix = 'E';
inline constexpr char kStreamIndexPrefix = 'S';
inline constexpr char kStreamHeadPrefix = 'V';
inline constexpr char kIdempotencyPrefix = 'I';
inline constexpr char kTokenPrefix = 'T';
inline constexpr char kMetaPrefix = 'M';
inline constexpr char kSubjectKeyPrefix = 'K';
inline constexpr char kErasedSubjectPrefix = 'X';
inline constexpr char kPersonalEventPrefix = 'P';
// The storage format. 2 added the 'P' family; a store of format 1 is upgraded
// at its first open (RocksLog::Open), and older lif versions refuse format 2,
// so no version that writes events without their 'P' keys writes to it.
inline constexpr int kFormatVersion = 2;
inline constexpr int kFormatWithoutPersonalEvents = 1;
// Metadata names ('M' + name) of the erasure bookkeeping (docs/privacy.md):
// subject keys erased so far, and how many of those the views have forgotten.
inline constexpr const char* kErasuresMeta = "erasures";
inline constexpr const char* kViewsErasuresMeta = "views_erasures";

inline void PutBigEndian64(std::string* out, uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8)
    out->push_back(static_cast<char>((v >> shift) & 0xff));
}

inline uint64_t GetBigEndian64(std::string_view s) {
  uint64_t v = 0;
  for (size_t i = 0; i < 8 && i < s.size(); ++i) v = v << 8 | static_cast<unsigned char>(s[i]);
  return v;
}

// A key of a family whose keys are the family byte and one name.
inline std::string FamilyKey(char family, std::string_view name) {
  std::string k(1, family);
  k.append(name);
  return k;
}

inline std::string EventKey(int64_t position) {
  std::string k(1, kEventPrefix);
  PutBigEndian64(&k, static_cast<uint64_t>(position));
  return k;
}

inline std::string StreamIndexKey(std::string_view stream, int64_t version) {
  std::string k(1, kStreamIndexPrefix);
  k.append(stream);
  k.push_back('\0');
  PutBigEndian64(&k, static_cast<uint64_t>(version));
  return k;
}

inline std::string StreamHeadKey(std::string_view stream) {
  return FamilyKey(kStreamHeadPrefix, stream);
}

inline std::string IdempotencyKey(std::string_view actor, std::string_view key) {
  std::string k(1, kIdempotencyPrefix);
  k.append(actor);
  k.push_back('\0');
  k.append(key);
  return k;
}

inline std::string TokenKey(std::string_view token_hash_hex) {
  return FamilyKey(kTokenPrefix, token_hash_hex);
}

inline std::string MetaKey(std::string_view name) { return FamilyKey(kMetaPrefix, name); }

inline std::string SubjectKeyKey(std::string_view subject) {
  return FamilyKey(kSubjectKeyPrefix, subject);
}

inline std::string ErasedSubjectKey(std::string_view subject) {
  return FamilyKey(kErasedSubjectPrefix, subject);
}

inline std::string PersonalEventKey(std::string_view event_id) {
  return FamilyKey(kPersonalEventPrefix, event_id);
}

// The value of a 'P' key.
inline std::string PersonalEventValue(std::string_view type, std::string_view stream) {
  std::string v(type);
  v.push_back('\0');
  v.append(stream);
  return v;
}

inline std::string Be64(int64_t v) {
  std::string s;
  PutBigEndian64(&s, static_cast<uint64_t>(v));
  return s;
}

}  // namespace lif::store
