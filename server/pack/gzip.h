// gzip (RFC 1952) for the board pack's embedded bundle (docs/bundle.md,
// "Compressed bundles"): the page opens it with the browser's own
// DecompressionStream("gzip"), so a 100,000-event pack is a tenth of the
// size to load, parse and hold. zlib does the work; nothing is hand-written.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace lif::server {

// The bytes as one gzip member. kInternal only if zlib itself fails.
Result<std::string> GzipCompress(std::string_view bytes);

// The bytes of a gzip member (used by the tests and `lif` tools). kInvalid for
// anything that is not one whole gzip member, or that would inflate beyond
// `max_bytes`.
Result<std::string> GzipDecompress(std::string_view gzip, size_t max_bytes);

}  // namespace lif::server
