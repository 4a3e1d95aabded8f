// Assurance reports and reports presented to the board (domain 3), with
// corrections applied; and the reporting periods they cover.
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

// A reporting period as dates, both inclusive ("YYYY-MM-DD").
struct PeriodRange {
  std::string start;
  std::string end;
};

// Parses a reporting period: a year "2026", a half "2026-H1" (January to June)
// or "2026-H2", or a quarter "2026-Q3". nullopt for anything else.
std::optional<PeriodRange> ParseReportingPeriod(const std::string& period);

struct AssuranceRecord {
  std::string stream;
  std::string kind;  // single_agency, subgroup, section11 or annual.
  std::string agency;
  std::string subgroup;
  std::string period;
  PeriodRange range;
  std::string submitted_on;  // occurred_at of assurance.submitted.
  std::vector<std::string> improvements;
  std::vector<std::string> areas_for_development;
  std::vector<std::string> evidence_of_impact;
  std::vector<std::string> learning;
  std::vector<CorrectionNote> corrections;
};

struct ReportRecord {
  std::string stream;
  std::string title;
  std::string kind;
  std::string meeting;
  std::string timetable_entry;
  std::string subject;
  std::string presented_by;
  std::string challenge;
  std::vector<CorrectionNote> corrections;
};

LIF_CHECKPOINT_FIELDS(PeriodRange, v.start, v.end)
LIF_CHECKPOINT_FIELDS(AssuranceRecord, v.stream, v.kind, v.agency, v.subgroup, v.period, v.range,
                      v.submitted_on, v.improvements, v.areas_for_development, v.evidence_of_impact,
                      v.learning, v.corrections)
LIF_CHECKPOINT_FIELDS(ReportRecord, v.stream, v.title, v.kind, v.meeting, v.timetable_entry,
                      v.subject, v.presented_by, v.challenge, v.corrections)

// What judging an assurance obligation reads of a report (the view's rules,
// core/views/assurance_view.cc): its period and when it was submitted.
struct OwnedReport {
  std::string stream;
  PeriodRange range;
  std::string submitted_on;
  bool operator==(const OwnedReport& o) const {
    return stream == o.stream && range.start == o.range.start && range.end == o.range.end &&
           submitted_on == o.submitted_on;
  }
};
// Owner (agency or sub-group) -> its reports, by period start, then stream.
using OwnedReports = std::map<std::string, std::vector<OwnedReport>, std::less<>>;

class AssuranceRegister : public Projection {
 public:
  AssuranceRegister();

  std::string_view name() const override { return "assurance"; }
  void Apply(const Event& event) override;
  Json Snapshot() const override;
  Status Restore(const Json& snapshot) override;
  void Save(CheckpointWriter& out) const override;
  Status Load(CheckpointReader& in) override;
  std::optional<CorrectionResult> ApplyCorrection(const Event& correction);

  const std::map<std::string, AssuranceRecord>& assurances() const { return assurances_; }
  const std::map<std::string, ReportRecord>& reports() const { return reports_; }
  // When each agency and sub-group was first registered (occurred_at date of
  // its first agency.registered / subgroup.registered): the start of what it owes.
  const std::map<std::string, std::string>& agencies_since() const { return agencies_since_; }
  const std::map<std::string, std::string>& subgroups_since() const { return subgroups_since_; }
  // The assurances with a period that parses, by who they are from: the
  // single-agency reports by agency and the sub-group reports by sub-group,
  // each owner's by period start, then stream (a period is at most a year
  // long, so the reports that can overlap a date range start at most a year
  // before it). Derived from assurances() and kept up to
  // date by every change of it (not saved: Restore and Load derive it), so
  // that judging obligations on each dashboard need not index every report.
  const OwnedReports& single_agency_reports() const { return by_agency_; }
  const OwnedReports& subgroup_reports() const { return by_subgroup_; }

 private:
  void Rebuild(const std::string& stream);
  // Sets the record of the fact's stream from its one fact.
  void SetRecord(const Fact& f, const Json& data);
  // Adds the record to by_agency_ / by_subgroup_, or takes it out, as its
  // kind, owner and period say.
  void Index(const AssuranceRecord& a);
  void Unindex(const AssuranceRecord& a);

  FactStore facts_;
  std::map<std::string, AssuranceRecord> assurances_;
  std::map<std::string, ReportRecord> reports_;
  std::map<std::string, std::string> agencies_since_;
  std::map<std::string, std::string> subgroups_since_;
  OwnedReports by_agency_;    // Derived from assurances_.
  OwnedReports by_subgroup_;  // Derived from assurances_.
};

}  // namespace lif
