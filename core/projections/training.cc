#include "core/projections/training.h"

namespace lif {

TrainingProgramme::TrainingProgramme()
    : facts_(
          {"training.needs_analysed", "course.planned", "course.delivered", "course.evaluated"}) {}

void TrainingProgramme::Apply(const Event& e) {
  if (facts_.Add(e)) Rebuild(e.stream);
}

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

NeedsAnalysisRecord FoldAnalysis(const std::string& stream, const std::vector<Fact>& facts) {
  NeedsAnalysisRecord r;
  r.stream = stream;
  for (const Fact& f : facts) {
    r.period = DataString(f, "period");
    r.analysed_on = f.OccurredDate();
    r.needs.clear();
    for (const Json& n : f.data.value("needs", Json::array())) {
      r.needs.push_back({n.value("id", ""), n.value("need", ""), n.value("audience", ""),
                         Strings(n, "agencies"), Strings(n, "learning")});
    }
    r.corrections.insert(r.corrections.end(), f.corrections.begin(), f.corrections.end());
  }
  return r;
}

CourseRecord FoldCourse(const std::string& stream, const std::vector<Fact>& facts) {
  CourseRecord c;
  c.stream = stream;
  for (const Fact& f : facts) {
    c.corrections.insert(c.corrections.end(), f.corrections.begin(), f.corrections.end());
    if (f.type == "course.planned") {
      c.title = DataString(f, "title");
      c.description = DataString(f, "description");
      c.needs_analysis = DataString(f, "needs_analysis");
      c.meets_needs = DataStrings(f, "meets_needs");
      c.learning = DataStrings(f, "learning");
      c.capacity = f.data.value("capacity", int64_t{0});
      c.planned_on = f.OccurredDate();
    } else if (f.type == "course.delivered") {
      CourseDelivery d;
      d.date = DataString(f, "date");
      for (const Json& a : f.data.value("attendees", Json::array())) {
        const int64_t n = a.value("count", int64_t{0});
        d.attendees[a.value("agency", "")] += n;
        d.total += n;
      }
      c.deliveries.push_back(std::move(d));
    } else if (f.type == "course.evaluated") {
      CourseEvaluation ev;
      ev.date = DataString(f, "date");
      ev.basis = DataString(f, "basis");
      ev.scale_max = f.data.value("scale_max", int64_t{0});
      for (const Json& s : f.data.value("scores", Json::array())) {
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
  return c;
}

}  // namespace

void TrainingProgramme::Rebuild(const std::string& stream) {
  const std::vector<Fact>* facts = facts_.Find(stream);
  if (facts == nullptr || facts->empty()) return;
  if (stream.compare(0, 4, "tna/") == 0) {
    analyses_[stream] = FoldAnalysis(stream, *facts);
  } else if (facts->front().type == "course.planned") {
    courses_[stream] = FoldCourse(stream, *facts);
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

}  // namespace lif
