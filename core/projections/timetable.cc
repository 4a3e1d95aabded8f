#include "core/projections/timetable.h"

#include <algorithm>

namespace lif {

const std::vector<TimetableEntry>& DefaultTimetable() {
  static const std::vector<TimetableEntry> kDefault = {
      {"early-help-deep-dive", "Early Help Deep Dive Report", "deep_dive", {1}, "", "default", {}},
      {"national-local-learning-review",
       "NSPCC Learning From National Review / Local Learning Review",
       "learning_review",
       {1, 4, 6, 9, 11},
       "lipsg",
       "default",
       {}},
      {"s11-audit-report", "S11 Audit Report", "section11", {1}, "", "default", {}},
      {"multi-agency-audit-report",
       "Multi-agency Audit Report",
       "audit",
       {2, 6, 8, 12},
       "lipsg",
       "default",
       {}},
      {"scr-update", "SCR Update", "scr_update", {2, 5, 8}, "", "default", {}},
      {"da-mh-substance-deep-dives",
       "Domestic Abuse; Mental Health; Substance Abuse Deep Dive "
       "Reports",
       "deep_dive",
       {3},
       "",
       "default",
       {}},
      {"lipsg-actions-monitor",
       "LIPSG Actions Monitor and Review",
       "action_monitoring",
       {4, 7, 10},
       "lipsg",
       "default",
       {}},
      {"cse-vemt-deep-dive", "CSE and VEMT Deep Dive Reports", "deep_dive", {5}, "", "default", {}},
      {"lac-yot-deep-dive",
       "Looked-after Children and Care Leavers; Youth Offending Deep Dive "
       "Reports",
       "deep_dive",
       {7},
       "",
       "default",
       {}},
      {"training-programme-deep-dive",
       "Multi-Agency Training Programme Deep Dive Report",
       "training",
       {9},
       "",
       "default",
       {}},
      {"annual-report", "HSCB Annual Report", "annual", {10}, "", "default", {}},
  };
  return kDefault;
}

bool DefaultTimetableHas(std::string_view entry, int month) {
  for (const TimetableEntry& e : DefaultTimetable()) {
    if (e.id != entry) continue;
    return std::find(e.months.begin(), e.months.end(), month) != e.months.end();
  }
  return false;
}

ReportingTimetable::ReportingTimetable()
    : facts_({"timetable.entry_set", "timetable.entry_removed"}) {
  RebuildAll();
}

void ReportingTimetable::Apply(const Event& e) {
  if (facts_.Add(e)) RebuildAll();
}

std::optional<CorrectionResult> ReportingTimetable::ApplyCorrection(const Event& correction) {
  std::optional<CorrectionResult> r = facts_.Correct(correction);
  if (r && r->outcome == CorrectionOutcome::kApplied) RebuildAll();
  return r;
}

void ReportingTimetable::RebuildAll() {
  entries_.clear();
  for (const TimetableEntry& e : DefaultTimetable()) entries_[e.id] = e;
  for (const auto& [stream, offsets] : facts_.streams()) {
    const std::string id = stream.substr(stream.find('/') + 1);
    for (const Fact& f : facts_.Facts(stream)) {
      if (f.type() == "timetable.entry_removed") {
        entries_.erase(id);
        continue;
      }
      const Json d = f.Data();
      TimetableEntry e;
      e.id = id;
      e.title = DataString(d, "title");
      e.kind = DataString(d, "kind");
      for (const Json& m : d.value("months", Json::array())) {
        if (m.is_number_integer()) e.months.push_back(m.get<int>());
      }
      std::sort(e.months.begin(), e.months.end());
      e.owner = DataString(d, "owner");
      e.source = "admin";
      e.corrections = f.corrections();
      entries_[id] = std::move(e);
    }
  }
}

std::vector<const TimetableEntry*> ReportingTimetable::EntriesIn(int month) const {
  std::vector<const TimetableEntry*> out;
  for (const auto& [id, e] : entries_) {
    if (std::find(e.months.begin(), e.months.end(), month) != e.months.end()) out.push_back(&e);
  }
  return out;
}

Json ReportingTimetable::Snapshot() const { return facts_.Snapshot(); }

Status ReportingTimetable::Restore(const Json& snapshot) {
  LIF_RETURN_IF_ERROR(facts_.Restore(snapshot));
  RebuildAll();
  return Status::Ok();
}

void ReportingTimetable::Save(CheckpointWriter& out) const {
  facts_.Save(out, std::string(name()));
  Io(out, entries_);
}

Status ReportingTimetable::Load(CheckpointReader& in) {
  LIF_RETURN_IF_ERROR(facts_.Load(in));
  Io(in, entries_);
  return in.status("timetable");
}

}  // namespace lif
