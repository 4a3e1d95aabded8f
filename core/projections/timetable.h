// The reporting timetable (the seed's Diagram 2) as data: the default slots
// shipped in code, changed by an administrator's timetable.entry_set and
// timetable.entry_removed events (stream "timetable/<entry id>"), with
// corrections applied.
//
// Ownership: owned by one BoardState. Not thread-safe. Restore fails with
// kInternal on a malformed snapshot.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/projections/fact.h"
#include "core/projections/projection.h"

namespace lif {

struct TimetableEntry {
  std::string id;  // The identifier after "timetable/".
  std::string title;
  std::string kind;         // A report kind, as in report.presented.
  std::vector<int> months;  // 1..12, ascending.
  std::string owner;        // Sub-group or agency presenting it, or empty.
  std::string source;       // "default" (shipped) or "admin" (set by an event).
  std::vector<CorrectionNote> corrections;
};

// The default timetable: every cell of Diagram 2 of the seed framework,
// January to December (tests/core/timetable_seed_test.cc checks it cell by
// cell against the seed's table).
const std::vector<TimetableEntry>& DefaultTimetable();

// Whether the default timetable schedules `entry` (an id after "timetable/")
// in `month` (1..12). False for an unknown entry.
bool DefaultTimetableHas(std::string_view entry, int month);

LIF_CHECKPOINT_FIELDS(TimetableEntry, v.id, v.title, v.kind, v.months, v.owner, v.source,
                      v.corrections)

class ReportingTimetable : public Projection {
 public:
  ReportingTimetable();

  std::string_view name() const override { return "timetable"; }
  void Apply(const Event& event) override;
  Json Snapshot() const override;
  Status Restore(const Json& snapshot) override;
  void Save(CheckpointWriter& out) const override;
  Status Load(CheckpointReader& in) override;
  std::optional<CorrectionResult> ApplyCorrection(const Event& correction);

  // The current timetable by entry id.
  const std::map<std::string, TimetableEntry>& entries() const { return entries_; }
  // Entries scheduled in `month` (1..12), in id order.
  std::vector<const TimetableEntry*> EntriesIn(int month) const;

 private:
  void RebuildAll();

  FactStore facts_;
  std::map<std::string, TimetableEntry> entries_;
};

}  // namespace lif
