#include "core/projections/corrections.h"

namespace lif {

void CorrectionIndex::Record(const Event& e, const std::optional<CorrectionResult>& result) {
  if (e.type != "correction.recorded") return;
  CorrectionEntry c;
  c.id = e.id;
  c.stream = e.stream;
  c.corrects = e.data.value("corrects", "");
  c.reason = e.data.value("reason", "");
  c.recorded_at = e.recorded_at;
  c.agency = e.agency.value_or("");
  c.fields = e.data.value("fields", Json::object());
  if (!result) {
    c.outcome = "unknown_target";
    c.message = "no event with this id is held by a projection that honours corrections";
  } else {
    c.outcome = result->outcome == CorrectionOutcome::kApplied ? "applied" : "rejected";
    c.message = result->message;
    c.target_type = result->target_type;
    c.target_stream = result->target_stream;
  }
  by_target_.emplace(c.corrects, entries_.size());
  entries_.push_back(std::move(c));
}

std::vector<const CorrectionEntry*> CorrectionIndex::For(const std::string& event_id) const {
  std::vector<const CorrectionEntry*> out;
  auto range = by_target_.equal_range(event_id);
  for (auto it = range.first; it != range.second; ++it) out.push_back(&entries_[it->second]);
  return out;
}

Json CorrectionIndex::Snapshot() const {
  Json list = Json::array();
  for (const CorrectionEntry& c : entries_) {
    list.push_back({{"id", c.id},
                    {"stream", c.stream},
                    {"corrects", c.corrects},
                    {"reason", c.reason},
                    {"recorded_at", c.recorded_at},
                    {"agency", c.agency},
                    {"fields", c.fields},
                    {"outcome", c.outcome},
                    {"message", c.message},
                    {"target_type", c.target_type},
                    {"target_stream", c.target_stream}});
  }
  return {{"entries", list}};
}

Status CorrectionIndex::Restore(const Json& snapshot) {
  entries_.clear();
  by_target_.clear();
  try {
    for (const Json& j : snapshot.at("entries")) {
      CorrectionEntry c;
      c.id = j.at("id").get<std::string>();
      c.stream = j.at("stream").get<std::string>();
      c.corrects = j.at("corrects").get<std::string>();
      c.reason = j.at("reason").get<std::string>();
      c.recorded_at = j.at("recorded_at").get<std::string>();
      c.agency = j.at("agency").get<std::string>();
      c.fields = j.at("fields");
      c.outcome = j.at("outcome").get<std::string>();
      c.message = j.at("message").get<std::string>();
      c.target_type = j.at("target_type").get<std::string>();
      c.target_stream = j.at("target_stream").get<std::string>();
      by_target_.emplace(c.corrects, entries_.size());
      entries_.push_back(std::move(c));
    }
  } catch (const std::exception& ex) {
    return Status::Internal(std::string("corrections snapshot: ") + ex.what());
  }
  return Status::Ok();
}

}  // namespace lif
