#include "core/projections/dissemination.h"

namespace lif {

DisseminationTracker::DisseminationTracker()
    : facts_({"learning.presented", "learning.disseminated", "learning.embedded"}) {}

void DisseminationTracker::Apply(const Event& e) {
  if (facts_.Add(e)) Rebuild(e.stream);
}

std::optional<CorrectionResult> DisseminationTracker::ApplyCorrection(const Event& correction) {
  std::optional<CorrectionResult> r = facts_.Correct(correction);
  if (r && r->outcome == CorrectionOutcome::kApplied) Rebuild(r->target_stream);
  return r;
}

const DisseminationRecord* DisseminationTracker::Find(const std::string& stream) const {
  auto it = records_.find(stream);
  return it == records_.end() ? nullptr : &it->second;
}

void DisseminationTracker::Rebuild(const std::string& stream) {
  const std::vector<Fact>* facts = facts_.Find(stream);
  if (facts == nullptr || facts->empty()) return;
  DisseminationRecord r;
  r.learning = stream;
  for (const Fact& f : *facts) {
    r.corrections.insert(r.corrections.end(), f.corrections.begin(), f.corrections.end());
    if (f.type == "learning.presented") {
      r.presentations.push_back({DataString(f, "meeting"), DataString(f, "presented_by")});
    } else if (f.type == "learning.disseminated") {
      r.disseminations.push_back({DataString(f, "agency"), DataString(f, "method"),
                                  DataString(f, "date"), f.data.value("reach", int64_t{-1}),
                                  DataString(f, "note")});
    } else if (f.type == "learning.embedded") {
      r.embeddings.push_back({DataString(f, "agency"), DataString(f, "evidence"),
                              DataString(f, "assurance"), f.OccurredDate()});
    }
  }
  records_[stream] = std::move(r);
}

Json DisseminationTracker::Snapshot() const { return facts_.Snapshot(); }

Status DisseminationTracker::Restore(const Json& snapshot) {
  records_.clear();
  LIF_RETURN_IF_ERROR(facts_.Restore(snapshot));
  for (const auto& [stream, list] : facts_.streams()) Rebuild(stream);
  return Status::Ok();
}

}  // namespace lif
