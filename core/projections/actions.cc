#include "core/projections/actions.h"

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

void ActionTracker::Apply(const Event& e) {
  if (facts_.Add(e)) Rebuild(e.stream);
}

std::optional<CorrectionResult> ActionTracker::ApplyCorrection(const Event& correction) {
  std::optional<CorrectionResult> r = facts_.Correct(correction);
  if (r && r->outcome == CorrectionOutcome::kApplied) Rebuild(r->target_stream);
  return r;
}

namespace {

void AddCorrections(const Fact& f, std::vector<CorrectionNote>* out) {
  out->insert(out->end(), f.corrections.begin(), f.corrections.end());
}

PriorityRecord FoldPriority(const std::string& stream, const std::vector<Fact>& facts) {
  PriorityRecord p;
  p.stream = stream;
  for (const Fact& f : facts) {
    // Each priority.set states the whole priority: later ones replace earlier ones.
    p.title = DataString(f, "title");
    p.description = DataString(f, "description");
    p.expected_impact = DataString(f, "expected_impact");
    p.status = DataString(f, "status", "active");
    p.period_start = DataString(f, "period_start");
    p.period_end = DataString(f, "period_end");
    p.set_on = f.OccurredDate();
    AddCorrections(f, &p.corrections);
  }
  return p;
}

PlanRecord FoldPlan(const std::string& stream, const std::vector<Fact>& facts) {
  PlanRecord p;
  p.stream = stream;
  for (const Fact& f : facts) {
    p.title = DataString(f, "title");
    p.kind = DataString(f, "kind");
    p.subgroup = DataString(f, "subgroup");
    p.agency = DataString(f, "agency");
    p.priorities = DataStrings(f, "priorities");
    p.created_on = f.OccurredDate();
    AddCorrections(f, &p.corrections);
  }
  return p;
}

ActionRecord FoldAction(const std::string& stream, const std::vector<Fact>& facts) {
  ActionRecord a;
  a.stream = stream;
  for (const Fact& f : facts) {
    AddCorrections(f, &a.corrections);
    const std::string on = f.OccurredDate();
    if (f.type == "action.planned") {
      a.title = DataString(f, "title");
      a.description = DataString(f, "description");
      a.plan = DataString(f, "plan");
      a.owner_agency = DataString(f, "owner_agency");
      a.lead = DataString(f, "lead");
      a.priority = DataString(f, "priority");
      a.learning = DataStrings(f, "learning");
      a.planned_on = on;
      a.original_due = DataString(f, "due");
      // A correction of the planned date also moves the current one, unless
      // a revision has already replaced it.
      if (a.revisions.empty()) a.due = a.original_due;
    } else if (f.type == "action.progressed") {
      a.progress.push_back({on, DataString(f, "note"), DataString(f, "rag"), f.agency});
      if (a.status == ActionStatus::kPlanned) a.status = ActionStatus::kInProgress;
    } else if (f.type == "action.due_revised") {
      a.revisions.push_back({DataString(f, "due"), DataString(f, "reason"), on});
      a.due = a.revisions.back().due;
    } else if (f.type == "action.completed") {
      if (a.IsComplete()) {
        a.anomalies.push_back("completed again on " + on + " while already complete");
      }
      a.status = a.status == ActionStatus::kSignedOff ? a.status : ActionStatus::kCompleted;
      a.evidence_of_impact = DataString(f, "evidence_of_impact");
      a.completed_on = on;
    } else if (f.type == "action.signed_off") {
      if (a.status == ActionStatus::kCompleted) {
        a.status = ActionStatus::kSignedOff;
        a.signed_off_on = on;
      } else {
        a.anomalies.push_back(std::string("sign-off on ") + on + " ignored: the action was " +
                              ActionStatusName(a.status));
      }
    } else if (f.type == "action.reopened") {
      if (a.IsComplete()) {
        a.status = ActionStatus::kInProgress;
        a.evidence_of_impact.clear();
        a.completed_on.clear();
        a.signed_off_on.clear();
        a.reopenings.push_back({on, DataString(f, "reason")});
      } else {
        a.anomalies.push_back(std::string("reopening on ") + on + " ignored: the action was " +
                              ActionStatusName(a.status));
      }
    }
  }
  return a;
}

}  // namespace

void ActionTracker::Rebuild(const std::string& stream) {
  const std::vector<Fact>* facts = facts_.Find(stream);
  if (facts == nullptr || facts->empty()) return;
  const std::string kind = stream.substr(0, stream.find('/'));
  if (kind == "priority") {
    priorities_[stream] = FoldPriority(stream, *facts);
  } else if (kind == "plan") {
    plans_[stream] = FoldPlan(stream, *facts);
  } else if (kind == "action") {
    // An action stream starts with action.planned (the catalogue's kCreates rule).
    if (facts->front().type == "action.planned") actions_[stream] = FoldAction(stream, *facts);
  }
}

std::vector<std::string> ActionTracker::ActionsForLearning(const std::string& learning) const {
  std::vector<std::string> out;
  for (const auto& [stream, a] : actions_) {
    for (const std::string& l : a.learning) {
      if (l == learning) {
        out.push_back(stream);
        break;
      }
    }
  }
  return out;
}

Json ActionTracker::Snapshot() const { return facts_.Snapshot(); }

Status ActionTracker::Restore(const Json& snapshot) {
  priorities_.clear();
  plans_.clear();
  actions_.clear();
  LIF_RETURN_IF_ERROR(facts_.Restore(snapshot));
  for (const auto& [stream, list] : facts_.streams()) Rebuild(stream);
  return Status::Ok();
}

}  // namespace lif
