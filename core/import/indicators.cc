// Import kind "indicators": PMF indicator returns, one value a row (an
// indicator, a quarter, an area), in the long form a pivot table makes
// (docs/import.md#indicators). The rows of one indicator and quarter become
// one indicator.recorded event with a value per area, as the API takes them.
#include "core/import/import_kind.h"
#include "core/validation/schema.h"

namespace lif::import {
namespace {

void MapIndicatorRow(const Row& row, MapContext& ctx) {
  if (!RequireColumns(row, {"indicator", "period", "area", "value"}, ctx)) return;
  double value = 0;
  if (!ParseNumber(row.Get("value"), &value)) {
    ctx.Error(row, "value", "must be a number (e.g. 21 or 19.5)");
    return;
  }
  // A whole number is stored as one (21, not 21.0), as the API would keep it.
  const Json number =
      value == static_cast<double>(static_cast<int64_t>(value)) && value > -1e15 && value < 1e15
          ? Json(static_cast<int64_t>(value))
          : Json(value);
  const std::string stream = StreamFrom("indicator", row.Get("indicator"));
  const std::string id = stream.substr(stream.find('/') + 1);
  if (!ctx.StreamExists(stream)) {
    ctx.Error(row, "indicator",
              "no indicator " + id + " is defined (indicator.defined) in the log");
    return;
  }
  const std::string& area = row.Get("area");
  const std::string pointer = "/data/values/" + JsonPointerEscape(area);
  const std::string group = "indicator\n" + stream + "\n" + row.Get("period") + "\n" +
                            row.Get("agency") + "\n" + row.Get("note");
  if (PlannedEvent* earlier = ctx.FindGroup(group)) {
    if (earlier->event.data["values"].contains(area)) {
      ctx.Error(row, "area", "gives a second value for " + area + " in " + row.Get("period"));
      return;
    }
    earlier->event.data["values"][area] = number;
    earlier->fields.push_back({pointer, {row.number, "value"}});
    return;
  }
  PlannedEvent e;
  e.event.type = "indicator.recorded";
  e.event.stream = stream;
  e.event.data = {
      {"indicator_id", id}, {"period", row.Get("period")}, {"values", {{area, number}}}};
  if (!row.Get("agency").empty()) e.event.data["agency"] = row.Get("agency");
  if (!row.Get("note").empty()) e.event.data["note"] = row.Get("note");
  e.origin = {row.number, ""};
  e.group = group;
  e.fields = {
      {"/stream", {row.number, "indicator"}},   {"/data/indicator_id", {row.number, "indicator"}},
      {"/data/period", {row.number, "period"}}, {"/data/agency", {row.number, "agency"}},
      {"/data/note", {row.number, "note"}},     {pointer, {row.number, "value"}},
      {"/data/values", {row.number, "area"}}};
  ctx.Emit(std::move(e));
}

}  // namespace

KindSpec IndicatorsKind() {
  using N = ColumnNeed;
  return KindSpec{
      "indicators",
      "PMF indicator returns: one value a row, by indicator, quarter and area.",
      {
          {"indicator", N::kRequired, "The indicator's id, defined beforehand.", "cp-repeat"},
          {"period", N::kRequired, "The quarter, YYYY-Qn.", "2026-Q1"},
          {"area", N::kRequired, "The area's code: the board's own, a comparator or an average.",
           "hartlepool"},
          {"value", N::kRequired, "The value, a number.", "21"},
          {"agency", N::kOptional, "The agency that supplied the value.", ""},
          {"note", N::kOptional, "A note on the return.", ""},
      },
      MapIndicatorRow};
}

}  // namespace lif::import
