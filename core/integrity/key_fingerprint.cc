#include "core/integrity/key_fingerprint.h"

#include "core/integrity/signed_head.h"

namespace lif {

namespace {

constexpr size_t kShortDigits = 32;
constexpr size_t kGroupDigits = 4;

}  // namespace

Result<KeyFingerprint> Ed25519KeyFingerprint(const Sha256Fn& sha256,
                                             std::string_view public_key_raw32) {
  if (public_key_raw32.size() != kEd25519PublicKeySize) {
    return Status::Invalid("an Ed25519 public key must be 32 bytes");
  }
  KeyFingerprint fingerprint;
  fingerprint.hex = ToHex(sha256(public_key_raw32));
  for (size_t i = 0; i < kShortDigits; i += kGroupDigits) {
    if (i > 0) fingerprint.short_form.push_back(' ');
    fingerprint.short_form.append(fingerprint.hex, i, kGroupDigits);
  }
  return fingerprint;
}

Result<std::string> NormaliseFingerprint(std::string_view given) {
  std::string digits;
  for (char c : given) {
    if (c == ' ' || c == ':' || c == '-' || c == '\t') continue;
    if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return Status::Invalid(
          "a fingerprint is hex digits (0-9, a-f), optionally grouped by spaces");
    }
    if (digits.size() == 64) return Status::Invalid("a fingerprint has at most 64 hex digits");
    digits.push_back(c);
  }
  if (digits.size() != kShortDigits && digits.size() != 64) {
    return Status::Invalid(
        "a fingerprint is 32 hex digits (the short form) or 64 (the full form), not " +
        std::to_string(digits.size()));
  }
  return digits;
}

Result<bool> FingerprintMatches(std::string_view given, const KeyFingerprint& fingerprint) {
  Result<std::string> digits = NormaliseFingerprint(given);
  if (!digits.ok()) return digits.status();
  return fingerprint.hex.compare(0, digits->size(), *digits) == 0;
}

}  // namespace lif
