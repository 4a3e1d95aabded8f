// Key fingerprints: how a person compares the board's Ed25519 key with the one
// a pack, a page or a server shows (docs/integrity.md, "The board's key and
// its fingerprint").
//
// The fingerprint is SHA-256 of the raw 32-byte Ed25519 public key, written
// as 64 lowercase hex digits. Its short form, for reading aloud or comparing
// by eye, is the first 16 bytes as 8 groups of 4 hex digits separated by
// spaces ("1f2e 3d4c 5b6a 7988 0011 2233 4455 6677"): 128 bits, far beyond
// the reach of anyone making a second key with the same short form. The
// 32-bit key id of a signed note (NoteKeyId) is not a fingerprint: a key
// with the same id is made in seconds.
//
// The same functions run natively (lif serve, lif key fingerprint, lif
// verify-pack, GET /v1/keys) and in the page through the wasm bindings, so
// that every place shows the same text. SHA-256 is injected (core/digest.h).
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "core/digest.h"
#include "core/status.h"

namespace lif {

struct KeyFingerprint {
  std::string hex;         // 64 lowercase hex digits: SHA-256 of the raw key.
  std::string short_form;  // The first 32 of them as 8 groups of 4, space-separated.
};

// The fingerprint of a raw 32-byte Ed25519 public key; kInvalid for another length.
Result<KeyFingerprint> Ed25519KeyFingerprint(const Sha256Fn& sha256,
                                             std::string_view public_key_raw32);

// A fingerprint as a person gives it (the short or the full form, in any
// case, with or without spaces, colons or dashes between the digits) as
// lowercase hex digits only: 32 (short) or 64 (full). kInvalid otherwise.
Result<std::string> NormaliseFingerprint(std::string_view given);

// Whether a fingerprint given by a person (NormaliseFingerprint's rules)
// names `fingerprint`: the full form must be equal, the short form must be
// its first 32 digits. kInvalid when `given` is not a fingerprint.
Result<bool> FingerprintMatches(std::string_view given, const KeyFingerprint& fingerprint);

}  // namespace lif
