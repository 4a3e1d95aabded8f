#include "core/projections/learning_register.h"

namespace lif {

LearningRegister::LearningRegister() : facts_({"learning.identified"}) {}

void LearningRegister::Apply(const Event& e) {
  if (const std::optional<Fact> f = facts_.Add(e)) {
    last_positions_[e.stream] = e.position;
    // learning.identified creates its stream, so the new fact is normally the
    // item's only one: read the event's parsed data rather than the fact's text.
    if (facts_.Count(e.stream) == 1) {
      SetItem(*f, e.data);
    } else {
      Rebuild(e.stream);
    }
    return;
  }
  auto it = items_.find(e.stream);
  if (it != items_.end()) {
    last_positions_[e.stream] = e.position;
    it->second.last_position = e.position;
  }
}

std::optional<CorrectionResult> LearningRegister::ApplyCorrection(const Event& correction) {
  std::optional<CorrectionResult> r = facts_.Correct(correction);
  if (r && r->outcome == CorrectionOutcome::kApplied) Rebuild(r->target_stream);
  return r;
}

void LearningRegister::Rebuild(const std::string& stream) {
  const std::vector<Fact> facts = facts_.Facts(stream);
  if (facts.empty()) return;
  // learning.identified creates its stream: one fact per item.
  SetItem(facts.front(), facts.front().Data());
}

void LearningRegister::SetItem(const Fact& f, const Json& d) {
  const std::string stream(f.stream());
  Item item;
  item.stream = stream;
  item.event_id = f.id();
  item.title = DataString(d, "title");
  item.kind = DataString(d, "kind");
  item.summary = DataString(d, "summary");
  if (d.contains("source") && d["source"].is_object()) {
    item.source_kind = d["source"].value("kind", "");
    item.source_stream = d["source"].value("stream", "");
  }
  item.themes = DataStrings(d, "themes");
  item.agency = DataString(d, "agency", std::string(f.agency()));
  item.identified_on = f.occurred_at();
  item.recorded_at = f.recorded_at();
  item.position = f.position;
  auto last = last_positions_.find(stream);
  item.last_position = last == last_positions_.end() ? f.position : last->second;
  item.corrections = f.corrections();
  items_[stream] = std::move(item);
}

const LearningRegister::Item* LearningRegister::Find(const std::string& stream) const {
  auto it = items_.find(stream);
  return it == items_.end() ? nullptr : &it->second;
}

Json LearningRegister::Snapshot() const {
  Json s = facts_.Snapshot();
  s["last_positions"] = last_positions_;
  return s;
}

Status LearningRegister::Restore(const Json& snapshot) {
  items_.clear();
  last_positions_.clear();
  LIF_RETURN_IF_ERROR(facts_.Restore(snapshot));
  try {
    last_positions_ = snapshot.at("last_positions").get<std::map<std::string, int64_t>>();
  } catch (const std::exception& ex) {
    return Status::Internal(std::string("learning register snapshot: ") + ex.what());
  }
  for (const auto& [stream, list] : facts_.streams()) Rebuild(stream);
  return Status::Ok();
}

void LearningRegister::Save(CheckpointWriter& out) const {
  facts_.Save(out, std::string(name()));
  IoAll(out, last_positions_, items_);
}

Status LearningRegister::Load(CheckpointReader& in) {
  LIF_RETURN_IF_ERROR(facts_.Load(in));
  IoAll(in, last_positions_, items_);
  return in.status("learning");
}

}  // namespace lif
