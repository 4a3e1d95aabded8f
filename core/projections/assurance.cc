#include "core/projections/assurance.h"

#include <algorithm>

#include "core/time/civil_time.h"

namespace lif {

std::optional<PeriodRange> ParseReportingPeriod(const std::string& p) {
  if (p.size() < 4) return std::nullopt;
  for (int i = 0; i < 4; ++i) {
    if (p[i] < '0' || p[i] > '9') return std::nullopt;
  }
  const int year = std::stoi(p.substr(0, 4));
  if (year < 1900 || year > 2999) return std::nullopt;
  int first_month = 1;
  int months = 12;
  if (p.size() == 7 && p[4] == '-' && p[5] == 'H' && (p[6] == '1' || p[6] == '2')) {
    first_month = p[6] == '1' ? 1 : 7;
    months = 6;
  } else if (p.size() == 7 && p[4] == '-' && p[5] == 'Q' && p[6] >= '1' && p[6] <= '4') {
    first_month = (p[6] - '1') * 3 + 1;
    months = 3;
  } else if (p.size() != 4) {
    return std::nullopt;
  }
  const Date start = DateFromCivil({year, first_month, 1});
  const Date end{AddMonths(start, months).days - 1};
  return PeriodRange{FormatDate(start), FormatDate(end)};
}

AssuranceRegister::AssuranceRegister() : facts_({"assurance.submitted", "report.presented"}) {}

void AssuranceRegister::Apply(const Event& e) {
  if (const std::optional<Fact> f = facts_.Add(e)) {
    // Both types create their stream: the new fact is normally its only one,
    // so read the event's parsed data rather than the fact's text.
    if (facts_.Count(e.stream) == 1) {
      SetRecord(*f, e.data);
    } else {
      Rebuild(e.stream);
    }
  } else if (e.type == "agency.registered" || e.type == "subgroup.registered") {
    const bool agency = e.type == "agency.registered";
    const std::string id = e.data.value(agency ? "agency_id" : "subgroup_id", "");
    // emplace keeps the first registration: a restatement does not move the start.
    (agency ? agencies_since_ : subgroups_since_).emplace(id, e.occurred_at.substr(0, 10));
  }
}

std::optional<CorrectionResult> AssuranceRegister::ApplyCorrection(const Event& correction) {
  std::optional<CorrectionResult> r = facts_.Correct(correction);
  if (r && r->outcome == CorrectionOutcome::kApplied) Rebuild(r->target_stream);
  return r;
}

void AssuranceRegister::Rebuild(const std::string& stream) {
  const std::vector<Fact> facts = facts_.Facts(stream);
  if (facts.empty()) return;
  // Both types create their stream, so a stream holds exactly one fact.
  SetRecord(facts.front(), facts.front().Data());
}

void AssuranceRegister::SetRecord(const Fact& f, const Json& d) {
  const std::string stream(f.stream());
  if (f.type() == "assurance.submitted") {
    AssuranceRecord a;
    a.stream = stream;
    a.kind = DataString(d, "kind");
    a.agency = DataString(d, "agency");
    a.subgroup = DataString(d, "subgroup");
    a.period = DataString(d, "period");
    a.range = ParseReportingPeriod(a.period).value_or(PeriodRange{});
    a.submitted_on = f.OccurredDate();
    a.improvements = DataStrings(d, "improvements");
    a.areas_for_development = DataStrings(d, "areas_for_development");
    a.evidence_of_impact = DataStrings(d, "evidence_of_impact");
    a.learning = DataStrings(d, "learning");
    a.corrections = f.corrections();
    auto old = assurances_.find(stream);
    if (old != assurances_.end()) Unindex(old->second);
    Index(a);
    assurances_[stream] = std::move(a);
  } else if (f.type() == "report.presented") {
    ReportRecord r;
    r.stream = stream;
    r.title = DataString(d, "title");
    r.kind = DataString(d, "kind");
    r.meeting = DataString(d, "meeting");
    r.timetable_entry = DataString(d, "timetable_entry");
    r.subject = DataString(d, "subject");
    r.presented_by = DataString(d, "presented_by");
    r.challenge = DataString(d, "challenge");
    r.corrections = f.corrections();
    reports_[stream] = std::move(r);
  }
}

namespace {

// The index an assurance belongs in, or null (another kind, or a period that
// does not parse).
OwnedReports* IndexOf(const AssuranceRecord& a, OwnedReports* by_agency,
                      OwnedReports* by_subgroup) {
  if (a.range.start.empty()) return nullptr;
  if (a.kind == "single_agency") return by_agency;
  if (a.kind == "subgroup") return by_subgroup;
  return nullptr;
}

bool StartThenStream(const OwnedReport& x, const OwnedReport& y) {
  return x.range.start < y.range.start || (x.range.start == y.range.start && x.stream < y.stream);
}

}  // namespace

void AssuranceRegister::Index(const AssuranceRecord& a) {
  OwnedReports* index = IndexOf(a, &by_agency_, &by_subgroup_);
  if (index == nullptr) return;
  std::vector<OwnedReport>& owned = (*index)[index == &by_agency_ ? a.agency : a.subgroup];
  OwnedReport report{a.stream, a.range, a.submitted_on};
  owned.insert(std::lower_bound(owned.begin(), owned.end(), report, StartThenStream),
               std::move(report));
}

void AssuranceRegister::Unindex(const AssuranceRecord& a) {
  OwnedReports* index = IndexOf(a, &by_agency_, &by_subgroup_);
  if (index == nullptr) return;
  auto owner = index->find(index == &by_agency_ ? a.agency : a.subgroup);
  if (owner == index->end()) return;
  std::vector<OwnedReport>& owned = owner->second;
  owned.erase(std::remove_if(owned.begin(), owned.end(),
                             [&](const OwnedReport& r) { return r.stream == a.stream; }),
              owned.end());
  if (owned.empty()) index->erase(owner);
}

Json AssuranceRegister::Snapshot() const {
  Json s = facts_.Snapshot();
  s["agencies_since"] = agencies_since_;
  s["subgroups_since"] = subgroups_since_;
  return s;
}

Status AssuranceRegister::Restore(const Json& snapshot) {
  assurances_.clear();
  reports_.clear();
  by_agency_.clear();
  by_subgroup_.clear();
  LIF_RETURN_IF_ERROR(facts_.Restore(snapshot));
  try {
    agencies_since_ = snapshot.at("agencies_since").get<std::map<std::string, std::string>>();
    subgroups_since_ = snapshot.at("subgroups_since").get<std::map<std::string, std::string>>();
  } catch (const std::exception& ex) {
    return Status::Internal(std::string("assurance snapshot: ") + ex.what());
  }
  for (const auto& [stream, list] : facts_.streams()) Rebuild(stream);
  return Status::Ok();
}

void AssuranceRegister::Save(CheckpointWriter& out) const {
  facts_.Save(out, std::string(name()));
  IoAll(out, assurances_, reports_, agencies_since_, subgroups_since_);
}

Status AssuranceRegister::Load(CheckpointReader& in) {
  LIF_RETURN_IF_ERROR(facts_.Load(in));
  IoAll(in, assurances_, reports_, agencies_since_, subgroups_since_);
  by_agency_.clear();
  by_subgroup_.clear();
  for (const auto& [stream, a] : assurances_) Index(a);
  return in.status("assurance");
}

}  // namespace lif
