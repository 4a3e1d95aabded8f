#include "core/projections/dissemination.h"

namespace lif {

DisseminationTracker::DisseminationTracker()
    : facts_({"learning.presented", "learning.disseminated", "learning.embedded"}) {}

namespace {

// Folds one more fact of the item's stream into its record.
void Step(DisseminationRecord& r, const Fact& f, const Json& d) {
  r.corrections.insert(r.corrections.end(), f.corrections().begin(), f.corrections().end());
  if (f.type() == "learning.presented") {
    r.presentations.push_back({DataString(d, "meeting"), DataString(d, "presented_by")});
  } else if (f.type() == "learning.disseminated") {
    r.disseminations.push_back({DataString(d, "agency"), DataString(d, "method"),
                                DataString(d, "date"), d.value("reach", int64_t{-1}),
                                DataString(d, "note")});
  } else if (f.type() == "learning.embedded") {
    r.embeddings.push_back({DataString(d, "agency"), DataString(d, "evidence"),
                            DataString(d, "assurance"), f.OccurredDate()});
  }
}

}  // namespace

void DisseminationTracker::Apply(const Event& e) {
  const std::optional<Fact> f = facts_.Add(e);
  if (!f) return;
  // A new fact is the last of its stream: fold it alone into the record.
  DisseminationRecord& r = records_[e.stream];
  r.learning = e.stream;
  Step(r, *f, e.data);
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
  const std::vector<Fact> facts = facts_.Facts(stream);
  if (facts.empty()) return;
  DisseminationRecord r;
  r.learning = stream;
  ForEachParsed(facts, [&](const Fact& f, const Json& d) { Step(r, f, d); });
  records_[stream] = std::move(r);
}

Json DisseminationTracker::Snapshot() const { return facts_.Snapshot(); }

Status DisseminationTracker::Restore(const Json& snapshot) {
  records_.clear();
  LIF_RETURN_IF_ERROR(facts_.Restore(snapshot));
  for (const auto& [stream, list] : facts_.streams()) Rebuild(stream);
  return Status::Ok();
}

void DisseminationTracker::Save(CheckpointWriter& out) const {
  facts_.Save(out, std::string(name()));
  Io(out, records_);
}

Status DisseminationTracker::Load(CheckpointReader& in) {
  LIF_RETURN_IF_ERROR(facts_.Load(in));
  Io(in, records_);
  return in.status("dissemination");
}

}  // namespace lif
