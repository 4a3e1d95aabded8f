#include "core/projections/policies.h"

namespace lif {

PolicyReviews::PolicyReviews() : facts_({"policy.review_requested", "policy.revised"}) {}

namespace {

// Folds one more fact of a policy's stream into its record.
void Step(PolicyRecord& p, const Fact& f, const Json& d) {
  p.corrections.insert(p.corrections.end(), f.corrections().begin(), f.corrections().end());
  if (f.type() == "policy.review_requested") {
    p.title = DataString(d, "title");
    p.owner = DataString(d, "owner", p.owner);
    const Json trigger = d.value("trigger", Json::object());
    p.requests.push_back({f.OccurredDate(), trigger.value("kind", ""), trigger.value("stream", ""),
                          trigger.value("note", ""),
                          DataString(d, "requested_by", std::string(f.agency()))});
    p.status = "requested";
  } else if (f.type() == "policy.revised") {
    p.revisions.push_back({DataString(d, "version"), DataString(d, "summary"),
                           DataString(d, "effective"), f.OccurredDate()});
    p.status = "revised";
  }
}

}  // namespace

void PolicyReviews::Apply(const Event& e) {
  const std::optional<Fact> f = facts_.Add(e);
  if (!f) return;
  // A new fact is the last of its stream: fold it alone into the record.
  PolicyRecord& p = policies_[e.stream];
  p.stream = e.stream;
  Step(p, *f, e.data);
}

std::optional<CorrectionResult> PolicyReviews::ApplyCorrection(const Event& correction) {
  std::optional<CorrectionResult> r = facts_.Correct(correction);
  if (r && r->outcome == CorrectionOutcome::kApplied) Rebuild(r->target_stream);
  return r;
}

void PolicyReviews::Rebuild(const std::string& stream) {
  const std::vector<Fact> facts = facts_.Facts(stream);
  if (facts.empty()) return;
  PolicyRecord p;
  p.stream = stream;
  ForEachParsed(facts, [&](const Fact& f, const Json& d) { Step(p, f, d); });
  policies_[stream] = std::move(p);
}

Json PolicyReviews::Snapshot() const { return facts_.Snapshot(); }

Status PolicyReviews::Restore(const Json& snapshot) {
  policies_.clear();
  LIF_RETURN_IF_ERROR(facts_.Restore(snapshot));
  for (const auto& [stream, list] : facts_.streams()) Rebuild(stream);
  return Status::Ok();
}

void PolicyReviews::Save(CheckpointWriter& out) const {
  facts_.Save(out, std::string(name()));
  Io(out, policies_);
}

Status PolicyReviews::Load(CheckpointReader& in) {
  LIF_RETURN_IF_ERROR(facts_.Load(in));
  Io(in, policies_);
  return in.status("policies");
}

}  // namespace lif
