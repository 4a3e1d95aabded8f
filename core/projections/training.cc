#include "core/projections/training.h"

namespace lif {

TrainingProgramme::TrainingProgramme()
    : facts_(
          {"training.needs_analysed", "course.planned", "course.delivered", "course.evaluated"}) {}

std::optional<CorrectionResult> TrainingProgramme::ApplyCorrection(const Event& correction) {
  std::optional<CorrectionResult> r = facts_.Correct(correction);
  if (r && r->outcome == CorrectionOutcome::kApplied) Rebuild(r->target_stream);
  return r;
}

namespace {

std::vector<std::string> Strings(const Json& object, const char* field) {
  std::vector<std::string> out;
  auto it = object.find(field);
  if (it == object.end() || !it->is_array()) return out;
  for (const Json& v : *it) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

// Each Step folds one more fact of a stream into its record: Apply folds the
// new fact alone, Rebuild (after a correction) folds every fact again.
void StepAnalysis(NeedsAnalysisRecord& r, const Fact& f, const Json& d) {
  r.period = DataString(d, "period");
  r.analysed_on = f.OccurredDate();
  r.needs.clear();
  for (const Json& n : d.value("needs", Json::array())) {
    r.needs.push_back({n.value("id", ""), n.value("need", ""), n.value("audience", ""),
                       Strings(n, "agencies"), Strings(n, "learning")});
  }
  r.corrections.insert(r.corrections.end(), f.corrections().begin(), f.corrections().end());
}

void StepCourse(CourseRecord& c, const Fact& f, const Json& d) {
  c.corrections.insert(c.corrections.end(), f.corrections().begin(), f.corrections().end());
  if (f.type() == "course.planned") {
    c.title = DataString(d, "title");
    c.description = DataString(d, "description");
    c.needs_analysis = DataString(d, "needs_analysis");
    c.meets_needs = DataStrings(d, "meets_needs");
    c.learning = DataStrings(d, "learning");
    c.capacity = d.value("capacity", int64_t{0});
    c.planned_on = f.OccurredDate();
  } else if (f.type() == "course.delivered") {
    CourseDelivery del;
    del.date = DataString(d, "date");
    for (const Json& a : d.value("attendees", Json::array())) {
      const int64_t n = a.value("count", int64_t{0});
      del.attendees[a.value("agency", "")] += n;
      del.total += n;
    }
    c.deliveries.push_back(std::move(del));
  } else if (f.type() == "course.evaluated") {
    CourseEvaluation ev;
    ev.date = DataString(d, "date");
    ev.basis = DataString(d, "basis");
    ev.scale_max = d.value("scale_max", int64_t{0});
    for (const Json& s : d.value("scores", Json::array())) {
      const double before = s.value("before", 0.0);
      const double after = s.value("after", 0.0);
      ++ev.responses;
      ev.before_total += before;
      ev.after_total += after;
      if (after > before) ++ev.improved;
    }
    c.evaluations.push_back(ev);
  }
}

bool IsNeedsAnalysis(const std::string& stream) { return stream.compare(0, 4, "tna/") == 0; }

}  // namespace

void TrainingProgramme::Apply(const Event& e) {
  const std::optional<Fact> f = facts_.Add(e);
  if (!f) return;
  // A new fact is the last of its stream: fold it alone into the record.
  if (IsNeedsAnalysis(e.stream)) {
    NeedsAnalysisRecord& r = analyses_[e.stream];
    r.stream = e.stream;
    StepAnalysis(r, *f, e.data);
    return;
  }
  auto it = courses_.find(e.stream);
  if (it == courses_.end()) {
    if (facts_.Count(e.stream) != 1 || f->type() != "course.planned") return;
    it = courses_.emplace(e.stream, CourseRecord{}).first;
    it->second.stream = e.stream;
  }
  StepCourse(it->second, *f, e.data);
}

void TrainingProgramme::Rebuild(const std::string& stream) {
  const std::vector<Fact> facts = facts_.Facts(stream);
  if (facts.empty()) return;
  if (IsNeedsAnalysis(stream)) {
    NeedsAnalysisRecord r;
    r.stream = stream;
    ForEachParsed(facts, [&](const Fact& f, const Json& d) { StepAnalysis(r, f, d); });
    analyses_[stream] = std::move(r);
  } else if (facts.front().type() == "course.planned") {
    CourseRecord c;
    c.stream = stream;
    ForEachParsed(facts, [&](const Fact& f, const Json& d) { StepCourse(c, f, d); });
    courses_[stream] = std::move(c);
  }
}

Json TrainingProgramme::Snapshot() const { return facts_.Snapshot(); }

Status TrainingProgramme::Restore(const Json& snapshot) {
  analyses_.clear();
  courses_.clear();
  LIF_RETURN_IF_ERROR(facts_.Restore(snapshot));
  for (const auto& [stream, list] : facts_.streams()) Rebuild(stream);
  return Status::Ok();
}

void TrainingProgramme::Save(CheckpointWriter& out) const {
  facts_.Save(out, std::string(name()));
  IoAll(out, analyses_, courses_);
}

Status TrainingProgramme::Load(CheckpointReader& in) {
  LIF_RETURN_IF_ERROR(facts_.Load(in));
  IoAll(in, analyses_, courses_);
  return in.status("training");
}

}  // namespace lif
