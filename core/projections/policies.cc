#include "core/projections/policies.h"

namespace lif {

PolicyReviews::PolicyReviews() : facts_({"policy.review_requested", "policy.revised"}) {}

void PolicyReviews::Apply(const Event& e) {
  if (facts_.Add(e)) Rebuild(e.stream);
}

std::optional<CorrectionResult> PolicyReviews::ApplyCorrection(const Event& correction) {
  std::optional<CorrectionResult> r = facts_.Correct(correction);
  if (r && r->outcome == CorrectionOutcome::kApplied) Rebuild(r->target_stream);
  return r;
}

void PolicyReviews::Rebuild(const std::string& stream) {
  const std::vector<Fact>* facts = facts_.Find(stream);
  if (facts == nullptr || facts->empty()) return;
  PolicyRecord p;
  p.stream = stream;
  for (const Fact& f : *facts) {
    p.corrections.insert(p.corrections.end(), f.corrections.begin(), f.corrections.end());
    if (f.type == "policy.review_requested") {
      p.title = DataString(f, "title");
      p.owner = DataString(f, "owner", p.owner);
      const Json trigger = f.data.value("trigger", Json::object());
      p.requests.push_back({f.OccurredDate(), trigger.value("kind", ""),
                            trigger.value("stream", ""), trigger.value("note", ""),
                            DataString(f, "requested_by", f.agency)});
      p.status = "requested";
    } else if (f.type == "policy.revised") {
      p.revisions.push_back({DataString(f, "version"), DataString(f, "summary"),
                             DataString(f, "effective"), f.OccurredDate()});
      p.status = "revised";
    }
  }
  policies_[stream] = std::move(p);
}

Json PolicyReviews::Snapshot() const { return facts_.Snapshot(); }

Status PolicyReviews::Restore(const Json& snapshot) {
  policies_.clear();
  LIF_RETURN_IF_ERROR(facts_.Restore(snapshot));
  for (const auto& [stream, list] : facts_.streams()) Rebuild(stream);
  return Status::Ok();
}

}  // namespace lif
