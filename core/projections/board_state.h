// BoardState: every projection of the board, folded together from one pass
// over the log. Views (core/views) render from it.
//
// Invariant: position() is the position of the last applied event, and events
// are applied in strictly increasing position order (asserted).
// Not thread-safe: the server guards its live BoardState with a mutex and
// builds "as of" states as private copies.
#pragma once

#include <array>
#include <cassert>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/log/event_log.h"
#include "core/projections/actions.h"
#include "core/projections/assurance.h"
#include "core/projections/audits.h"
#include "core/projections/calendar_projection.h"
#include "core/projections/case_reviews.h"
#include "core/projections/corrections.h"
#include "core/projections/dissemination.h"
#include "core/projections/domain1_facts.h"
#include "core/projections/indicator_series.h"
#include "core/projections/learning_register.h"
#include "core/projections/learning_sources.h"
#include "core/projections/policies.h"
#include "core/projections/reference_data.h"
#include "core/projections/timetable.h"
#include "core/projections/training.h"
#include "core/time/civil_time.h"

namespace lif {

class BoardState {
 public:
  // Applies `event` and settles (below): the state is ready to read.
  void Apply(const Event& event) {
    Fold(event);
    Settle();
  }
  // Applies `event` but may leave reference and domain 1 projections to be
  // folded again (after a correction of one of their events) until Settle():
  // a run of events with many such corrections then refolds them once. Every
  // accessor below and Snapshot need a settled state (asserted); SaveBinary
  // does not (a checkpoint keeps which projections are left to fold again).
  void Fold(const Event& event);
  // Folds again, once, every projection a correction left stale.
  void Settle();
  bool settled() const { return stale_ == 0; }

  int64_t position() const { return position_; }
  const std::string& last_recorded_at() const { return last_recorded_at_; }
  const LearningRegister& learning() const { return learning_; }
  // Domains 2 and 3 (docs/views-domain23.md).
  const ActionTracker& actions() const { return actions_; }
  const TrainingProgramme& training() const { return training_; }
  const PolicyReviews& policies() const { return policies_; }
  const DisseminationTracker& dissemination() const { return dissemination_; }
  const AssuranceRegister& assurance() const { return assurance_; }
  const ReportingTimetable& timetable() const { return timetable_; }
  const CorrectionIndex& corrections() const { return corrections_; }
  // The learning streams whose loop is closed, as the dashboard counts them:
  // a registered item whose every naming action is signed off (at least one;
  // ActionTracker::learning_all_signed_off) and that at least one agency has
  // assured the board is embedded (learning_loop.h). Derived from the three
  // projections and kept up to date by every event (not saved: a Restore or
  // LoadBinary derives it again), so a render need not look up every
  // signed-off item.
  const std::set<std::string>& closed_loops() const { return closed_loops_; }
  // Reference data and domain 1 (docs/views-domain1.md).
  const CalendarProjection& calendar() const { return Settled(calendar_); }
  const ReferenceData& reference() const { return Settled(reference_); }
  const IndicatorSeries& indicator_series() const { return Settled(indicator_series_); }
  const CaseReviews& case_reviews() const { return Settled(case_reviews_); }
  const ChildDeathReviews& child_death_reviews() const { return Settled(child_death_reviews_); }
  const Audits& audits() const { return Settled(audits_); }
  const LearningSources& learning_sources() const { return Settled(learning_sources_); }

  // Checkpoint support: {"format": 1, "position": P, "projections": {...}}.
  Json Snapshot() const;
  Status Restore(const Json& snapshot);

  // The binary checkpoint (checkpoint_io.h): the same state, written and
  // loaded an order of magnitude faster than the JSON snapshot. Load fails
  // with kInternal on damaged or foreign bytes and then leaves the state
  // unspecified (the caller folds the log instead).
  // `owner`, when set, keeps `bytes` alive as long as any copy of the state:
  // the facts are then used where they are (e.g. in a mapped file) and only
  // decoded when a correction needs them; otherwise they are copied.
  // With `arenas`, the facts' arenas are kept there instead of in the bytes
  // (loading then needs the same ArenaFiles). `size_hint` (say, the size of
  // the previous checkpoint) is reserved up front so the bytes grow in place.
  // A state saved before Settle() loads unsettled, exactly as it was.
  std::string SaveBinary(ArenaFiles* arenas = nullptr, size_t size_hint = 0) const;
  Status LoadBinary(std::string_view bytes, std::shared_ptr<const void> owner = nullptr,
                    ArenaFiles* arenas = nullptr);

 private:
  int64_t position_ = 0;
  std::string last_recorded_at_;
  LearningRegister learning_;
  ActionTracker actions_;
  TrainingProgramme training_;
  PolicyReviews policies_;
  DisseminationTracker dissemination_;
  AssuranceRegister assurance_;
  ReportingTimetable timetable_;
  CorrectionIndex corrections_;
  CalendarProjection calendar_;
  ReferenceData reference_;
  IndicatorSeries indicator_series_;
  CaseReviews case_reviews_;
  ChildDeathReviews child_death_reviews_;
  Audits audits_;
  LearningSources learning_sources_;
  Domain1Facts domain1_facts_;  // For corrections of the projections above.
  // Derived from learning_, actions_ and dissemination_; see closed_loops().
  std::set<std::string> closed_loops_;
  std::vector<std::string> loop_changes_;  // Scratch for Fold; empty between events.
  // Puts `learning` in closed_loops_ or takes it out, as the projections now say.
  void RefreshClosedLoop(const std::string& learning);
  // Derives closed_loops_ from the projections alone (after a Restore or Load).
  void DeriveClosedLoops();
  // The reference and domain 1 projections, in checkpoint order: every one
  // but the last (the facts) can be folded again after a correction.
  static constexpr size_t kDomain1Count = 8;
  static constexpr size_t kRefoldable = kDomain1Count - 1;  // All but the facts.
  // Calls `fn` with each of them, in that order: the one list of them, which
  // Domain1Projections() and ResetDomain1() both read.
  template <typename Self, typename Fn>
  static void ForEachDomain1(Self& self, Fn&& fn) {
    fn(self.calendar_);
    fn(self.reference_);
    fn(self.indicator_series_);
    fn(self.case_reviews_);
    fn(self.child_death_reviews_);
    fn(self.audits_);
    fn(self.learning_sources_);
    fn(self.domain1_facts_);
  }
  std::array<Projection*, kDomain1Count> Domain1Projections();
  std::array<const Projection*, kDomain1Count> Domain1Projections() const;
  // Applies a correction of a reference or domain 1 event to its fact and
  // marks the projections that read the corrected type stale.
  std::optional<CorrectionResult> CorrectDomain1(const Event& correction);
  template <typename P>
  const P& Settled(const P& projection) const {
    // Invariant: nobody reads a projection a correction left stale.
    assert(settled() && "BoardState read before Settle()");
    return projection;
  }
  // Reference and domain 1 projections to fold again from domain1_facts_
  // (each skips events until then: the facts hold them), as bits by index
  // in Domain1Projections() (an index, not a pointer, so copies stay right).
  uint32_t stale_ = 0;
  void ResetDomain1(size_t index);
  // Routes a correction.recorded to the projection holding the corrected event.
  void ApplyCorrection(const Event& correction);
};

// Which prefix of the log a view is built from.
struct AsOf {
  enum class Kind { kLatest, kPosition, kDate };
  Kind kind = Kind::kLatest;
  int64_t position = 0;  // For kPosition.
  Date date;             // For kDate: everything recorded on or before this date (UTC).
};

// Parses the as_of query parameter: empty (latest), a position ("1234") or a
// date ("2026-03-01").
Result<AsOf> ParseAsOf(std::string_view text);

// True when `event` belongs to the prefix selected by `as_of`. Because
// recorded_at never decreases along the log, the selection is always a prefix.
bool IncludedAsOf(const AsOf& as_of, const Event& event);

// Folds the log's prefix selected by `as_of` into a new BoardState.
Result<BoardState> BuildBoardState(const EventLog& log, const AsOf& as_of);

// Folds into `state` the events after state->position() that `as_of`
// selects (the state must hold a prefix of that selection, e.g. a checkpoint).
Status FoldAsOf(const EventLog& log, const AsOf& as_of, BoardState* state);

}  // namespace lif
