// Business plan priorities, action plans and actions (domain 2), folded from
// priority.set, plan.created and action.* events, with corrections applied.
//
// Records are derived from the stored facts of their stream, so that a
// correction of any earlier event (a wrong due date, the wrong plan) changes
// the record, and the record lists the corrections beside the values.
// Time judgements (overdue) are not made here: views judge at ctx.today.
//
// Ownership: owned by one BoardState. Not thread-safe. Restore fails with
// kInternal on a malformed snapshot.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/projections/fact.h"
#include "core/projections/projection.h"
#include "core/time/civil_time.h"

namespace lif {

struct PriorityRecord {
  std::string stream;
  std::string title;
  std::string description;
  std::string expected_impact;
  std::string status;  // "active" or "retired".
  std::string period_start;
  std::string period_end;
  std::string set_on;  // Date of the latest priority.set.
  std::vector<CorrectionNote> corrections;
};

struct PlanRecord {
  std::string stream;
  std::string title;
  std::string kind;      // "board", "subgroup" or "single_agency".
  std::string subgroup;  // For a sub-group plan.
  std::string agency;    // For a single-agency plan.
  std::vector<std::string> priorities;
  std::string created_on;
  std::vector<CorrectionNote> corrections;
};

enum class ActionStatus { kPlanned, kInProgress, kCompleted, kSignedOff };
const char* ActionStatusName(ActionStatus status);
std::optional<ActionStatus> ParseActionStatus(const std::string& name);

struct ActionProgress {
  std::string on;  // Date of the update.
  std::string note;
  std::string rag;
  std::string agency;  // Agency that recorded it, empty for an administrator.
};

struct DueRevision {
  std::string due;
  std::string reason;
  std::string on;
};

struct Reopening {
  std::string on;
  std::string reason;
};

struct ActionRecord {
  std::string stream;
  std::string title;
  std::string description;
  std::string plan;
  std::string owner_agency;
  std::string lead;
  std::string priority;  // Empty when none.
  std::vector<std::string> learning;
  std::string planned_on;
  std::string original_due;  // The due date first planned (as corrected).
  std::string due;           // The current due date (after revisions).
  std::vector<DueRevision> revisions;
  std::vector<ActionProgress> progress;
  ActionStatus status = ActionStatus::kPlanned;
  std::string evidence_of_impact;  // Set while completed or signed off.
  std::string completed_on;
  std::string signed_off_on;
  std::vector<Reopening> reopenings;
  // Events that the state machine could not honour, e.g. a sign-off of an
  // action not yet completed: kept visible, never silently dropped.
  std::vector<std::string> anomalies;
  std::vector<CorrectionNote> corrections;

  bool IsComplete() const {
    return status == ActionStatus::kCompleted || status == ActionStatus::kSignedOff;
  }
  // The RAG of the latest progress update, empty when none.
  std::string LatestRag() const { return progress.empty() ? "" : progress.back().rag; }
  // Progress is expected at least six-monthly: the last day on which the
  // action's progress is not yet stale, six months after its last progress
  // update (else after it was planned); nullopt when that is not a date.
  // Whether it is complete does not matter here (see ActionProgressStale).
  std::optional<Date> ProgressStaleAfter() const;
};

// What views of the current state count of an action not complete, copied
// from its record whenever the record changes (ActionTracker::open_actions),
// so that counting thousands of open actions needs no lookup of each record.
struct OpenAction {
  std::string due;                  // The current due date (ActionRecord::due).
  bool red = false;                 // The latest progress update's RAG is red.
  std::optional<Date> stale_after;  // ActionRecord::ProgressStaleAfter().

  bool operator==(const OpenAction& other) const {
    return due == other.due && red == other.red && stale_after == other.stale_after;
  }
};

LIF_CHECKPOINT_FIELDS(PriorityRecord, v.stream, v.title, v.description, v.expected_impact, v.status,
                      v.period_start, v.period_end, v.set_on, v.corrections)
LIF_CHECKPOINT_FIELDS(PlanRecord, v.stream, v.title, v.kind, v.subgroup, v.agency, v.priorities,
                      v.created_on, v.corrections)
LIF_CHECKPOINT_FIELDS(ActionProgress, v.on, v.note, v.rag, v.agency)
LIF_CHECKPOINT_FIELDS(DueRevision, v.due, v.reason, v.on)
LIF_CHECKPOINT_FIELDS(Reopening, v.on, v.reason)
LIF_CHECKPOINT_FIELDS(ActionRecord, v.stream, v.title, v.description, v.plan, v.owner_agency,
                      v.lead, v.priority, v.learning, v.planned_on, v.original_due, v.due,
                      v.revisions, v.progress, v.status, v.evidence_of_impact, v.completed_on,
                      v.signed_off_on, v.reopenings, v.anomalies, v.corrections)

class ActionTracker : public Projection {
 public:
  ActionTracker();

  std::string_view name() const override { return "actions"; }
  void Apply(const Event& event) override;
  Json Snapshot() const override;
  Status Restore(const Json& snapshot) override;
  void Save(CheckpointWriter& out) const override;
  Status Load(CheckpointReader& in) override;
  // Applies a correction of one of this projection's events; nullopt when the
  // corrected event is not one of them.
  std::optional<CorrectionResult> ApplyCorrection(const Event& correction);

  const std::map<std::string, PriorityRecord>& priorities() const { return priorities_; }
  const std::map<std::string, PlanRecord>& plans() const { return plans_; }
  const std::map<std::string, ActionRecord>& actions() const { return actions_; }
  // Streams of the actions that name `learning_stream`, in stream order.
  std::vector<std::string> ActionsForLearning(const std::string& learning_stream) const;

  // Kept up to date by every change of an action (derived from actions_), so
  // that views of the current state need not scan every action of history:
  // the actions not complete (neither completed nor signed off), by stream,
  // with what the dashboard counts of each;
  const std::map<std::string, OpenAction>& open_actions() const { return open_; }
  // the learning streams that at least one action names and whose every
  // naming action is signed off, in stream order.
  const std::set<std::string>& learning_all_signed_off() const { return all_signed_off_; }
  // Moves into `out` (appending) each learning stream that entered or left
  // learning_all_signed_off() since the last call, in the order it did (a
  // stream may appear more than once). BoardState drains it after every event
  // to keep its closed loops; a Restore or Load empties it.
  void TakeSignedOffChanges(std::vector<std::string>* out);

 private:
  void Rebuild(const std::string& stream);
  // Moves `stream` in by_learning_ from the learning items `before` to its
  // current ones, and updates open_ and all_signed_off_ for it.
  void Reindex(const std::string& stream, const std::vector<std::string>& before);
  // Recomputes whether every action naming `learning` is signed off.
  void RefreshLearning(const std::string& learning);
  void ReindexAll();

  FactStore facts_;
  std::map<std::string, PriorityRecord> priorities_;
  std::map<std::string, PlanRecord> plans_;
  std::map<std::string, ActionRecord> actions_;
  // Learning stream -> the action streams that name it (derived from actions_).
  std::map<std::string, std::set<std::string>> by_learning_;
  std::map<std::string, OpenAction> open_;       // Derived from actions_.
  std::set<std::string> all_signed_off_;         // Derived from actions_ and by_learning_.
  std::vector<std::string> signed_off_changes_;  // Not yet taken; see TakeSignedOffChanges.
};

}  // namespace lif
