// `lif verify-pack`: checks a board pack offline, as the page does
// (docs/integrity.md, "Trust model"; docs/web.md), without a browser:
//
//  1. the pack holds a pinned key (#lif-pin, written by the exporter from the
//     data folder's key), or the caller gives the key to pin;
//  2. the embedded bundle (#lif-bundle, base64 of its gzip) decodes and
//     parses: every line's canonical bytes, every hash-chain link, the
//     header's size and head, every disclosure against its commitment
//     (ParseBundle);
//  3. the RFC 6962 Merkle root of its events is the signed head's root, over
//     as many events;
//  4. the signed head names the pinned key, and its Ed25519 signature
//     verifies under the pinned key (never under a key the bundle names);
//  5. the pinned key is the key, or has the fingerprint, the caller gives;
//  6. the pack's checkpoint (the figures the page shows first) is what its
//     events give.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/integrity/key_fingerprint.h"
#include "core/json.h"
#include "core/status.h"

namespace lif::server {

// What the caller expects the board's key to be; both empty: no expectation
// (the pack's own pin is then checked only against the bundle).
struct ExpectedKey {
  std::string public_key;   // 32 raw bytes, or empty.
  std::string fingerprint;  // As a person gives it (NormaliseFingerprint), or empty.
};

// The outcome. verified is true only when every check above passed; otherwise
// failed_check names the first that did not ("pin", "bundle", "root",
// "unsigned", "key", "signature", "expected_key", "checkpoint") and reason
// says why in a sentence.
struct PackVerdict {
  bool verified = false;
  std::string failed_check;
  std::string reason;
  int64_t size = 0;
  std::string root;           // The root computed from the events.
  std::string signed_origin;  // Empty for a version 1 head (its origin is not signed).
  int signed_version = 0;     // 0: unsigned.
  KeyFingerprint pinned;      // The pinned key's fingerprint.
  Json ToJson() const;
};

// Checks `html`, a board pack. kInvalid only when `expected` is malformed (a
// bad fingerprint or a key of the wrong length); every finding about the
// pack itself is a verdict.
Result<PackVerdict> VerifyBoardPack(std::string_view html, const ExpectedKey& expected);

}  // namespace lif::server
