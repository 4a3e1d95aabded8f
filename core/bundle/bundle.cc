#include "core/bundle/bundle.h"

#include <unordered_set>

#include "core/privacy/disclosures.h"

namespace lif {

std::string EncodeBundleHeader(const BundleHeader& h) {
  Json j = {{"lif_bundle", 1},
            {"size", h.size},
            {"head", h.head},
            {"exported_at", h.exported_at},
            {"signed_head", h.signed_head}};
  if (h.disclosures.is_object() && !h.disclosures.empty()) j["disclosures"] = h.disclosures;
  return j.dump();
}

void AppendBundleEvent(const Event& e, std::string* out) {
  out->append(e.canonical);
  out->push_back('\n');
}

Result<Bundle> ParseBundle(std::string_view text, const Sha256Fn& sha256) {
  Bundle b;
  size_t line_no = 0;
  size_t pos = 0;
  std::string prev = ZeroHashHex();
  bool have_header = false;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view line =
        text.substr(pos, nl == std::string_view::npos ? text.size() - pos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    ++line_no;
    const std::string where = "/lines/" + std::to_string(line_no);
    if (!have_header) {
      // The header is untrusted too: its depth is bounded before parsing, and
      // every field's type is checked before it is read (a field of another
      // type must be refused, never throw).
      Json h = CheckJsonDepth(line).ok() ? Json::parse(line, nullptr, /*allow_exceptions=*/false)
                                         : Json(Json::value_t::discarded);
      if (h.is_discarded() || !h.is_object() || !h.contains("lif_bundle") ||
          !h["lif_bundle"].is_number_integer() || h["lif_bundle"].get<int64_t>() != 1 ||
          !h.contains("size") || !h["size"].is_number_integer() || !h.contains("head") ||
          !h["head"].is_string() || (h.contains("exported_at") && !h["exported_at"].is_string())) {
        return Status::Invalid("not a lif bundle (bad header line)", where);
      }
      b.header.size = h["size"].get<int64_t>();
      b.header.head = h["head"].get<std::string>();
      b.header.exported_at = h.contains("exported_at") ? h["exported_at"].get<std::string>() : "";
      b.header.signed_head = h.contains("signed_head") ? h["signed_head"] : Json(nullptr);
      if (h.contains("disclosures")) {
        if (!h["disclosures"].is_object()) {
          return Status::Invalid("the header's disclosures must be an object", where);
        }
        b.header.disclosures = h["disclosures"];
      }
      have_header = true;
      continue;
    }
    if (line.empty()) continue;
    Result<Event> e = DecodeStoredEvent(std::string(line), sha256);
    if (!e.ok()) return Status::Invalid("event line is damaged: " + e.status().message(), where);
    const int64_t expected = static_cast<int64_t>(b.events.size()) + 1;
    if (e->position != expected) {
      return Status::Invalid("expected position " + std::to_string(expected) + ", found " +
                                 std::to_string(e->position),
                             where);
    }
    if (e->prev != prev) {
      return Status::Invalid("position " + std::to_string(expected) +
                                 " does not link to the hash of the event before it",
                             where);
    }
    prev = e->hash;
    b.events.push_back(std::move(*e));
  }
  if (!have_header) return Status::Invalid("empty bundle", "/lines/1");
  if (static_cast<int64_t>(b.events.size()) != b.header.size) {
    return Status::Invalid("bundle is truncated: header promises " + std::to_string(b.header.size) +
                               " events, found " + std::to_string(b.events.size()),
                           "/lines");
  }
  if (prev != b.header.head) {
    return Status::Invalid("the last event's hash does not match the header's head", "/lines");
  }
  // Each disclosure must match the commitment inside its signed event, and
  // every disclosure must belong to a value of the events.
  std::unordered_set<std::string> used;
  for (Event& e : b.events) {
    Status opened = OpenDisclosedValues(&e, b.header.disclosures, sha256, &used);
    if (!opened.ok()) return opened.WithPathPrefix("/lines/" + std::to_string(e.position + 1));
  }
  for (auto it = b.header.disclosures.begin(); it != b.header.disclosures.end(); ++it) {
    if (used.count(it.key()) == 0) {
      return Status::Invalid("the disclosure under " + it.key() +
                                 " is the commitment of no disclosed value of the events",
                             "/lines/1/disclosures/" + JsonPointerEscape(it.key()));
    }
  }
  b.disclosed = static_cast<int64_t>(used.size());
  return b;
}

}  // namespace lif
