#include "core/projections/actions.h"

#include <iterator>

namespace lif {

const char* ActionStatusName(ActionStatus s) {
  switch (s) {
    case ActionStatus::kPlanned:
      return "planned";
    case ActionStatus::kInProgress:
      return "in_progress";
    case ActionStatus::kCompleted:
      return "completed";
    case ActionStatus::kSignedOff:
      return "signed_off";
  }
  return "planned";
}

std::optional<ActionStatus> ParseActionStatus(const std::string& name) {
  for (ActionStatus s : {ActionStatus::kPlanned, ActionStatus::kInProgress,
                         ActionStatus::kCompleted, ActionStatus::kSignedOff}) {
    if (name == ActionStatusName(s)) return s;
  }
  return std::nullopt;
}

ActionTracker::ActionTracker()
    : facts_({"priority.set", "plan.created", "action.planned", "action.progressed",
              "action.due_revised", "action.completed", "action.signed_off", "action.reopened"}) {}

std::optional<CorrectionResult> ActionTracker::ApplyCorrection(const Event& correction) {
  std::optional<CorrectionResult> r = facts_.Correct(correction);
  if (r && r->outcome == CorrectionOutcome::kApplied) Rebuild(r->target_stream);
  return r;
}

namespace {

void AddCorrections(const Fact& f, std::vector<CorrectionNote>* out) {
  out->insert(out->end(), f.corrections().begin(), f.corrections().end());
}

// Each Step folds one more fact of a stream into its record: Apply folds the
// new fact alone, Rebuild (after a correction) folds every fact again.
void StepPriority(PriorityRecord& p, const Fact& f, const Json& d) {
  // Each priority.set states the whole priority: later ones replace earlier ones.
  p.title = DataString(d, "title");
  p.description = DataString(d, "description");
  p.expected_impact = DataString(d, "expected_impact");
  p.status = DataString(d, "status", "active");
  p.period_start = DataString(d, "period_start");
  p.period_end = DataString(d, "period_end");
  p.set_on = f.OccurredDate();
  AddCorrections(f, &p.corrections);
}

void StepPlan(PlanRecord& p, const Fact& f, const Json& d) {
  p.title = DataString(d, "title");
  p.kind = DataString(d, "kind");
  p.subgroup = DataString(d, "subgroup");
  p.agency = DataString(d, "agency");
  p.priorities = DataStrings(d, "priorities");
  p.created_on = f.OccurredDate();
  AddCorrections(f, &p.corrections);
}

void StepAction(ActionRecord& a, const Fact& f, const Json& d) {
  AddCorrections(f, &a.corrections);
  const std::string on = f.OccurredDate();
  if (f.type() == "action.planned") {
    a.title = DataString(d, "title");
    a.description = DataString(d, "description");
    a.plan = DataString(d, "plan");
    a.owner_agency = DataString(d, "owner_agency");
    a.lead = DataString(d, "lead");
    a.priority = DataString(d, "priority");
    a.learning = DataStrings(d, "learning");
    a.planned_on = on;
    a.original_due = DataString(d, "due");
    // A correction of the planned date also moves the current one, unless
    // a revision has already replaced it.
    if (a.revisions.empty()) a.due = a.original_due;
  } else if (f.type() == "action.progressed") {
    a.progress.push_back(
        {on, DataString(d, "note"), DataString(d, "rag"), std::string(f.agency())});
    if (a.status == ActionStatus::kPlanned) a.status = ActionStatus::kInProgress;
  } else if (f.type() == "action.due_revised") {
    a.revisions.push_back({DataString(d, "due"), DataString(d, "reason"), on});
    a.due = a.revisions.back().due;
  } else if (f.type() == "action.completed") {
    if (a.IsComplete()) {
      a.anomalies.push_back("completed again on " + on + " while already complete");
    }
    a.status = a.status == ActionStatus::kSignedOff ? a.status : ActionStatus::kCompleted;
    a.evidence_of_impact = DataString(d, "evidence_of_impact");
    a.completed_on = on;
  } else if (f.type() == "action.signed_off") {
    if (a.status == ActionStatus::kCompleted) {
      a.status = ActionStatus::kSignedOff;
      a.signed_off_on = on;
    } else {
      a.anomalies.push_back(std::string("sign-off on ") + on + " ignored: the action was " +
                            ActionStatusName(a.status));
    }
  } else if (f.type() == "action.reopened") {
    if (a.IsComplete()) {
      a.status = ActionStatus::kInProgress;
      a.evidence_of_impact.clear();
      a.completed_on.clear();
      a.signed_off_on.clear();
      a.reopenings.push_back({on, DataString(d, "reason")});
    } else {
      a.anomalies.push_back(std::string("reopening on ") + on + " ignored: the action was " +
                            ActionStatusName(a.status));
    }
  }
}

}  // namespace

namespace {

std::string_view StreamKind(const std::string& stream) {
  return std::string_view(stream).substr(0, stream.find('/'));
}

}  // namespace

std::optional<Date> ActionRecord::ProgressStaleAfter() const {
  Result<Date> last = ParseDate(progress.empty() ? planned_on : progress.back().on);
  if (!last.ok()) return std::nullopt;
  return AddMonths(*last, 6);
}

namespace {

OpenAction OpenActionOf(const ActionRecord& a) {
  return OpenAction{a.due, a.LatestRag() == "red", a.ProgressStaleAfter()};
}

}  // namespace

void ActionTracker::Apply(const Event& e) {
  const std::optional<Fact> f = facts_.Add(e);
  if (!f) return;
  // A new fact is the last of its stream: fold it alone into the record.
  const std::string_view kind = StreamKind(e.stream);
  if (kind == "priority") {
    PriorityRecord& p = priorities_[e.stream];
    p.stream = e.stream;
    StepPriority(p, *f, e.data);
  } else if (kind == "plan") {
    PlanRecord& p = plans_[e.stream];
    p.stream = e.stream;
    StepPlan(p, *f, e.data);
  } else if (kind == "action") {
    auto it = actions_.find(e.stream);
    if (it == actions_.end()) {
      // An action stream starts with action.planned (the catalogue's kCreates rule).
      if (facts_.Count(e.stream) != 1 || f->type() != "action.planned") return;
      it = actions_.emplace(e.stream, ActionRecord{}).first;
      it->second.stream = e.stream;
    }
    const std::vector<std::string> before = it->second.learning;
    StepAction(it->second, *f, e.data);
    Reindex(e.stream, before);
  }
}

void ActionTracker::Reindex(const std::string& stream, const std::vector<std::string>& before) {
  auto a = actions_.find(stream);
  const std::vector<std::string> none;
  const std::vector<std::string>& after = a == actions_.end() ? none : a->second.learning;
  if (after != before) {
    for (const std::string& l : before) {
      auto it = by_learning_.find(l);
      if (it == by_learning_.end()) continue;
      it->second.erase(stream);
      if (it->second.empty()) by_learning_.erase(it);
    }
    for (const std::string& l : after) by_learning_[l].insert(stream);
  }
  if (a != actions_.end() && !a->second.IsComplete()) {
    open_[stream] = OpenActionOf(a->second);
  } else {
    open_.erase(stream);
  }
  for (const std::string& l : before) RefreshLearning(l);
  if (after != before) {
    for (const std::string& l : after) RefreshLearning(l);
  }
}

void ActionTracker::RefreshLearning(const std::string& learning) {
  auto it = by_learning_.find(learning);
  bool all = it != by_learning_.end();
  if (all) {
    for (const std::string& stream : it->second) {
      auto a = actions_.find(stream);
      if (a == actions_.end() || a->second.status != ActionStatus::kSignedOff) {
        all = false;
        break;
      }
    }
  }
  const bool changed =
      all ? all_signed_off_.insert(learning).second : all_signed_off_.erase(learning) > 0;
  if (changed) signed_off_changes_.push_back(learning);
}

void ActionTracker::TakeSignedOffChanges(std::vector<std::string>* out) {
  out->insert(out->end(), std::make_move_iterator(signed_off_changes_.begin()),
              std::make_move_iterator(signed_off_changes_.end()));
  signed_off_changes_.clear();
}

void ActionTracker::ReindexAll() {
  by_learning_.clear();
  open_.clear();
  all_signed_off_.clear();
  for (const auto& [stream, a] : actions_) {
    for (const std::string& l : a.learning) by_learning_[l].insert(stream);
    if (!a.IsComplete()) open_.emplace(stream, OpenActionOf(a));
  }
  for (const auto& [learning, streams] : by_learning_) RefreshLearning(learning);
}

void ActionTracker::Rebuild(const std::string& stream) {
  const std::vector<Fact> facts = facts_.Facts(stream);
  if (facts.empty()) return;
  const std::string_view kind = StreamKind(stream);
  if (kind == "priority") {
    PriorityRecord p;
    p.stream = stream;
    ForEachParsed(facts, [&](const Fact& f, const Json& d) { StepPriority(p, f, d); });
    priorities_[stream] = std::move(p);
  } else if (kind == "plan") {
    PlanRecord p;
    p.stream = stream;
    ForEachParsed(facts, [&](const Fact& f, const Json& d) { StepPlan(p, f, d); });
    plans_[stream] = std::move(p);
  } else if (kind == "action") {
    // An action stream starts with action.planned (the catalogue's kCreates rule).
    if (facts.front().type() != "action.planned") return;
    ActionRecord a;
    a.stream = stream;
    ForEachParsed(facts, [&](const Fact& f, const Json& d) { StepAction(a, f, d); });
    auto old = actions_.find(stream);
    const std::vector<std::string> before =
        old == actions_.end() ? std::vector<std::string>{} : old->second.learning;
    actions_[stream] = std::move(a);
    Reindex(stream, before);
  }
}

std::vector<std::string> ActionTracker::ActionsForLearning(const std::string& learning) const {
  auto it = by_learning_.find(learning);
  if (it == by_learning_.end()) return {};
  return std::vector<std::string>(it->second.begin(), it->second.end());
}

Json ActionTracker::Snapshot() const { return facts_.Snapshot(); }

Status ActionTracker::Restore(const Json& snapshot) {
  priorities_.clear();
  plans_.clear();
  actions_.clear();
  by_learning_.clear();
  open_.clear();
  all_signed_off_.clear();
  LIF_RETURN_IF_ERROR(facts_.Restore(snapshot));
  for (const auto& [stream, list] : facts_.streams()) Rebuild(stream);
  signed_off_changes_.clear();
  return Status::Ok();
}

void ActionTracker::Save(CheckpointWriter& out) const {
  facts_.Save(out, std::string(name()));
  IoAll(out, priorities_, plans_, actions_);
}

Status ActionTracker::Load(CheckpointReader& in) {
  LIF_RETURN_IF_ERROR(facts_.Load(in));
  IoAll(in, priorities_, plans_, actions_);
  ReindexAll();
  signed_off_changes_.clear();
  return in.status("actions");
}

}  // namespace lif
