// Hash primitives are injected into the core: the server passes OpenSSL's
// SHA-256, the browser passes @noble/hashes through the wasm bindings, and the
// core never carries its own implementation.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace lif {

using Hash32 = std::array<uint8_t, 32>;

// Computes SHA-256 of `bytes`. Must be thread-safe and never fail.
using Sha256Fn = std::function<Hash32(std::string_view bytes)>;

// 64 lowercase hex digits.
std::string ToHex(const Hash32& h);
std::string ToHex(std::string_view bytes);
// Parses 64 hex digits; returns false on anything else.
bool FromHex(std::string_view hex, Hash32* out);

// The `prev` of the first event: 64 zeros.
inline const std::string& ZeroHashHex() {
  static const std::string kZero(64, '0');
  return kZero;
}

}  // namespace lif
