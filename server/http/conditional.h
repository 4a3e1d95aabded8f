// Conditional GETs (RFC 9110, sections 8.8.3 and 13.1.2): an ETag on views,
// heads, the schema and /openapi.json, and 304 Not Modified when the
// request's If-None-Match names it (docs/api.md#caching-and-conditional-requests).
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace lif::server {

// Who may keep a copy: kPrivate for answers to a token (only the caller's
// own cache), kPublic for public documents. Both must be revalidated.
enum class CacheScope { kPublic, kPrivate };

// A strong entity tag of exactly these bytes: "\"<32 hex of SHA-256>\"".
std::string StrongEtag(std::string_view body);
// A weak entity tag, W/"<opaque>", for answers that differ in bytes but not
// in meaning (a tree head signed again with a later timestamp).
std::string WeakEtag(std::string_view opaque);

// The strong tags of the texts the view service keeps cached (it hands out
// the same shared text until the log moves), so that a cached view's tag is
// not hashed again for every request. Thread-safe.
class EtagCache {
 public:
  std::string For(const std::shared_ptr<const std::string>& text);

 private:
  struct Entry {
    std::weak_ptr<const std::string> text;  // Expired: the entry is stale.
    const std::string* address = nullptr;
    std::string etag;
  };
  static constexpr size_t kEntries = 32;
  std::mutex mu_;
  std::vector<Entry> entries_;  // Most recent last.
};

// Whether an If-None-Match header value names `etag` (weak comparison:
// W/ is ignored on both sides; "*" names every tag).
bool IfNoneMatchNames(std::string_view header, std::string_view etag);

// Sets ETag and Cache-Control on `res`; when the request's If-None-Match
// names `etag`, makes `res` a 304 without a body and returns true (the
// handler then sends nothing else).
bool AnswerNotModified(const httplib::Request& req, httplib::Response& res, const std::string& etag,
                       CacheScope scope);

}  // namespace lif::server
