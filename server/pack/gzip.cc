#include "server/pack/gzip.h"

#include <zlib.h>

#include <algorithm>
#include <climits>

namespace lif::server {
namespace {

// zlib's windowBits: 15 (the largest window) + 16 for the gzip wrapper.
constexpr int kGzipWindowBits = 15 + 16;
// Level 6 is zlib's default; on the demo board's bundle it is within a few
// percent of level 9's size at a third of its time.
constexpr int kLevel = 6;
constexpr int kMemLevel = 8;
constexpr size_t kChunk = 1 << 20;

}  // namespace

Result<std::string> GzipCompress(std::string_view bytes) {
  z_stream z{};
  if (deflateInit2(&z, kLevel, Z_DEFLATED, kGzipWindowBits, kMemLevel, Z_DEFAULT_STRATEGY) !=
      Z_OK) {
    return Status::Internal("zlib could not start compressing");
  }
  std::string out;
  out.reserve(bytes.size() / 6 + 64);
  size_t offered = 0;
  int rc = Z_OK;
  char buffer[64 * 1024];
  while (rc != Z_STREAM_END) {
    if (z.avail_in == 0 && offered < bytes.size()) {
      const size_t take = std::min(bytes.size() - offered, static_cast<size_t>(UINT_MAX / 2));
      z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data() + offered));
      z.avail_in = static_cast<uInt>(take);
      offered += take;
    }
    z.next_out = reinterpret_cast<Bytef*>(buffer);
    z.avail_out = sizeof buffer;
    rc = deflate(&z, offered == bytes.size() ? Z_FINISH : Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
      deflateEnd(&z);
      return Status::Internal("zlib failed while compressing");
    }
    out.append(buffer, sizeof buffer - z.avail_out);
  }
  deflateEnd(&z);
  return out;
}

Result<std::string> GzipDecompress(std::string_view gzip, size_t max_bytes) {
  if (gzip.size() > UINT_MAX / 2) return Status::Invalid("the gzip data is too large");
  z_stream z{};
  if (inflateInit2(&z, kGzipWindowBits) != Z_OK) {
    return Status::Internal("zlib could not start decompressing");
  }
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gzip.data()));
  z.avail_in = static_cast<uInt>(gzip.size());
  std::string out;
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    const size_t had = out.size();
    out.resize(had + kChunk);
    z.next_out = reinterpret_cast<Bytef*>(out.data() + had);
    z.avail_out = static_cast<uInt>(kChunk);
    rc = inflate(&z, Z_NO_FLUSH);
    out.resize(had + kChunk - z.avail_out);
    if (rc == Z_BUF_ERROR && z.avail_in == 0) rc = Z_DATA_ERROR;  // Cut short.
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&z);
      return Status::Invalid("not a whole gzip member");
    }
    if (out.size() > max_bytes) {
      inflateEnd(&z);
      return Status::Invalid("the gzip data inflates beyond " + std::to_string(max_bytes) +
                             " bytes");
    }
  }
  const bool trailing = z.avail_in != 0;
  inflateEnd(&z);
  if (trailing) return Status::Invalid("bytes after the end of the gzip member");
  return out;
}

}  // namespace lif::server
