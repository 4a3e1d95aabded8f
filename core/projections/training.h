// The training programme (domain 2) and its evaluation (domain 3): training
// needs analyses, courses, their deliveries with attendance by agency, and
// before/after evaluations, with corrections applied.
//
// Ownership: owned by one BoardState. Not thread-safe. Restore fails with
// kInternal on a malformed snapshot.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/projections/fact.h"
#include "core/projections/projection.h"

namespace lif {

struct TrainingNeed {
  std::string id;
  std::string need;
  std::string audience;
  std::vector<std::string> agencies;
  std::vector<std::string> learning;
};

struct NeedsAnalysisRecord {
  std::string stream;
  std::string period;
  std::string analysed_on;
  std::vector<TrainingNeed> needs;  // From the latest training.needs_analysed.
  std::vector<CorrectionNote> corrections;
};

struct CourseDelivery {
  std::string date;
  std::map<std::string, int64_t> attendees;  // Agency -> delegates.
  int64_t total = 0;
};

struct CourseEvaluation {
  std::string date;
  std::string basis;  // "per_delegate" or "per_course".
  int64_t scale_max = 0;
  int64_t responses = 0;    // Scores given (1 for a per-course evaluation).
  double before_total = 0;  // Sum of the before scores.
  double after_total = 0;   // Sum of the after scores.
  int64_t improved = 0;     // Scores whose after exceeds before.
};

struct CourseRecord {
  std::string stream;
  std::string title;
  std::string description;
  std::string needs_analysis;
  std::vector<std::string> meets_needs;
  std::vector<std::string> learning;
  int64_t capacity = 0;  // 0 when not given.
  std::string planned_on;
  std::vector<CourseDelivery> deliveries;
  std::vector<CourseEvaluation> evaluations;
  std::vector<CorrectionNote> corrections;
};

LIF_CHECKPOINT_FIELDS(TrainingNeed, v.id, v.need, v.audience, v.agencies, v.learning)
LIF_CHECKPOINT_FIELDS(NeedsAnalysisRecord, v.stream, v.period, v.analysed_on, v.needs,
                      v.corrections)
LIF_CHECKPOINT_FIELDS(CourseDelivery, v.date, v.attendees, v.total)
LIF_CHECKPOINT_FIELDS(CourseEvaluation, v.date, v.basis, v.scale_max, v.responses, v.before_total,
                      v.after_total, v.improved)
LIF_CHECKPOINT_FIELDS(CourseRecord, v.stream, v.title, v.description, v.needs_analysis,
                      v.meets_needs, v.learning, v.capacity, v.planned_on, v.deliveries,
                      v.evaluations, v.corrections)

class TrainingProgramme : public Projection {
 public:
  TrainingProgramme();

  std::string_view name() const override { return "training"; }
  void Apply(const Event& event) override;
  Json Snapshot() const override;
  Status Restore(const Json& snapshot) override;
  void Save(CheckpointWriter& out) const override;
  Status Load(CheckpointReader& in) override;
  std::optional<CorrectionResult> ApplyCorrection(const Event& correction);

  const std::map<std::string, NeedsAnalysisRecord>& needs_analyses() const { return analyses_; }
  const std::map<std::string, CourseRecord>& courses() const { return courses_; }

 private:
  void Rebuild(const std::string& stream);

  FactStore facts_;
  std::map<std::string, NeedsAnalysisRecord> analyses_;
  std::map<std::string, CourseRecord> courses_;
};

}  // namespace lif
