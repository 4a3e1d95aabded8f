// Standard base64 (RFC 4648 section 4: alphabet A-Z a-z 0-9 + /, with "="
// padding), as used by the C2SP signed-note and checkpoint formats and by the
// signatures in docs/integrity.md. Encoding, not cryptography.
//
// Thread-safety: pure functions. Errors: Base64Decode returns kInvalid.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace lif {

// Encodes `bytes` with padding; never fails.
std::string Base64Encode(std::string_view bytes);

// Decodes strictly: the length must be a multiple of 4, padding only at the
// end (at most two "="), no whitespace or other characters, and the unused
// low bits of the last symbol must be zero (so every byte string has exactly
// one accepted encoding). Fails with kInvalid otherwise.
Result<std::string> Base64Decode(std::string_view text);

}  // namespace lif
