#include "server/http/conditional.h"

#include <httplib.h>

#include "server/crypto/basics.h"

namespace lif::server {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string_view WithoutWeak(std::string_view tag) {
  if (tag.size() >= 2 && tag[0] == 'W' && tag[1] == '/') tag.remove_prefix(2);
  return tag;
}

}  // namespace

std::string StrongEtag(std::string_view body) {
  return "\"" + crypto::Sha256Hex(body).substr(0, 32) + "\"";
}

std::string WeakEtag(std::string_view opaque) { return "W/\"" + std::string(opaque) + "\""; }

std::string EtagCache::For(const std::shared_ptr<const std::string>& text) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const Entry& e : entries_) {
      // A live weak pointer to the same address is the same text: a freed
      // text's address may be reused, but then its entry has expired.
      if (e.address == text.get() && !e.text.expired()) return e.etag;
    }
  }
  std::string etag = StrongEtag(*text);
  std::lock_guard<std::mutex> lock(mu_);
  if (entries_.size() >= kEntries) entries_.erase(entries_.begin());
  entries_.push_back({text, text.get(), etag});
  return etag;
}

bool IfNoneMatchNames(std::string_view header, std::string_view etag) {
  const std::string_view want = WithoutWeak(etag);
  while (!header.empty()) {
    const size_t comma = header.find(',');
    const std::string_view item = Trim(header.substr(0, comma));
    if (item == "*" || (!item.empty() && WithoutWeak(item) == want)) return true;
    if (comma == std::string_view::npos) break;
    header.remove_prefix(comma + 1);
  }
  return false;
}

bool AnswerNotModified(const httplib::Request& req, httplib::Response& res, const std::string& etag,
                       CacheScope scope) {
  res.set_header("ETag", etag);
  res.set_header("Cache-Control", scope == CacheScope::kPrivate ? "private, no-cache" : "no-cache");
  // Answers to a token differ by token: a shared cache must key on it.
  if (scope == CacheScope::kPrivate) res.set_header("Vary", "Authorization");
  bool named = false;
  for (size_t i = 0; i < req.get_header_value_count("If-None-Match"); ++i) {
    named = named || IfNoneMatchNames(req.get_header_value("If-None-Match", i), etag);
  }
  if (!named) return false;
  res.status = 304;
  return true;
}

}  // namespace lif::server
