// Import kind "s11": Section 11 self-assessment returns, one standard a row
// (docs/import.md#s11). The rows of one agency's return (agency, year and
// submission date) become one s11.submitted event in stream
// s11/<agency>-<year>, as the API takes it.
#include "core/import/import_kind.h"

namespace lif::import {
namespace {

void MapSection11Row(const Row& row, MapContext& ctx) {
  if (!RequireColumns(row, {"agency", "year", "submitted_on", "standard", "rating", "evidence"},
                      ctx)) {
    return;
  }
  double year = 0;
  if (!ParseNumber(row.Get("year"), &year) || year != static_cast<int64_t>(year)) {
    ctx.Error(row, "year", "must be a year, e.g. 2026");
    return;
  }
  std::string rating = row.Get("rating");
  for (char& c : rating) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  Json standard = {
      {"standard", row.Get("standard")}, {"rating", rating}, {"evidence", row.Get("evidence")}};
  if (!row.Get("comment").empty()) standard["comment"] = row.Get("comment");
  const std::string submitted = IsoDate(row.Get("submitted_on"));
  const std::string group = "s11\n" + row.Get("agency") + "\n" + row.Get("year") + "\n" + submitted;
  auto add_fields = [&row](PlannedEvent& e, size_t i) {
    const std::string p = "/data/standards/" + std::to_string(i);
    e.fields.push_back({p + "/standard", {row.number, "standard"}});
    e.fields.push_back({p + "/rating", {row.number, "rating"}});
    e.fields.push_back({p + "/evidence", {row.number, "evidence"}});
    e.fields.push_back({p + "/comment", {row.number, "comment"}});
    e.fields.push_back({p, {row.number, "standard"}});
  };
  if (PlannedEvent* earlier = ctx.FindGroup(group)) {
    for (const Json& s : earlier->event.data["standards"]) {
      if (s["standard"] == row.Get("standard")) {
        ctx.Error(row, "standard",
                  "names " + row.Get("standard") + " a second time in this return");
        return;
      }
    }
    earlier->event.data["standards"].push_back(standard);
    add_fields(*earlier, earlier->event.data["standards"].size() - 1);
    return;
  }
  PlannedEvent e;
  e.event.type = "s11.submitted";
  e.event.stream = "s11/" + row.Get("agency") + "-" + row.Get("year");
  e.event.data = {{"agency", row.Get("agency")},
                  {"year", static_cast<int64_t>(year)},
                  {"submitted_on", submitted},
                  {"standards", Json::array({standard})}};
  e.origin = {row.number, ""};
  e.group = group;
  e.fields = {{"/stream", {row.number, "agency"}},
              {"/data/agency", {row.number, "agency"}},
              {"/data/year", {row.number, "year"}},
              {"/data/submitted_on", {row.number, "submitted_on"}},
              {"/data/standards", {row.number, "standard"}}};
  add_fields(e, 0);
  ctx.Emit(std::move(e));
}

}  // namespace

KindSpec Section11Kind() {
  using N = ColumnNeed;
  return KindSpec{
      "s11",
      "Section 11 self-assessment returns: one standard a row.",
      {
          {"agency", N::kRequired, "The agency assessing itself.", "cleveland-police"},
          {"year", N::kRequired, "The year of the return.", "2026"},
          {"submitted_on", N::kRequired, "When it was submitted, YYYY-MM-DD or DD/MM/YYYY.",
           "31/03/2026"},
          {"standard", N::kRequired,
           "One of the eight standards (senior_management_commitment, "
           "statement_of_responsibilities, line_of_accountability, "
           "service_development_informed_by_children, training, "
           "safer_recruitment_and_allegations, inter_agency_working, information_sharing).",
           "training"},
          {"rating", N::kRequired, "red, amber or green.", "green"},
          {"evidence", N::kRequired, "The evidence for the rating.", "98% of staff trained"},
          {"comment", N::kOptional, "A comment on the standard.", ""},
      },
      MapSection11Row};
}

}  // namespace lif::import
