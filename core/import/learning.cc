// Import kind "learning": a learning register, one learning item a row
// (docs/import.md#learning): learning.identified, then learning.presented
// when the row says at which board meeting it was presented.
#include "core/import/import_kind.h"

namespace lif::import {
namespace {

void MapLearningRow(const Row& row, MapContext& ctx) {
  if (!RequireColumns(row, {"learning", "title", "kind", "source_kind", "source"}, ctx)) return;
  const std::string stream = StreamFrom("learning", row.Get("learning"));
  if (ctx.StreamExists(stream)) {
    ctx.Error(row, "learning", stream + " is already in the log (an import adds new items only)");
    return;
  }
  Json themes = Json::array();
  for (const std::string& t : SplitList(row.Get("themes"))) themes.push_back(t);
  PlannedEvent e;
  e.event.type = "learning.identified";
  e.event.stream = stream;
  e.event.data = {{"title", row.Get("title")},
                  {"kind", row.Get("kind")},
                  {"source", {{"kind", row.Get("source_kind")}, {"stream", row.Get("source")}}},
                  {"themes", themes}};
  if (!row.Get("summary").empty()) e.event.data["summary"] = row.Get("summary");
  if (!row.Get("agency").empty()) e.event.data["agency"] = row.Get("agency");
  if (!row.Get("identified_on").empty()) e.event.occurred_at = IsoDate(row.Get("identified_on"));
  e.origin = {row.number, ""};
  e.fields = {{"/stream", {row.number, "learning"}},
              {"/data/title", {row.number, "title"}},
              {"/data/kind", {row.number, "kind"}},
              {"/data/source/kind", {row.number, "source_kind"}},
              {"/data/source/stream", {row.number, "source"}},
              {"/data/themes", {row.number, "themes"}},
              {"/data/summary", {row.number, "summary"}},
              {"/data/agency", {row.number, "agency"}},
              {"/occurred_at", {row.number, "identified_on"}}};
  ctx.Emit(std::move(e));
  ctx.Made(stream);

  if (!row.Get("presented_on").empty()) {
    PlannedEvent p;
    p.event.type = "learning.presented";
    p.event.stream = stream;
    p.event.data = {{"meeting", IsoDate(row.Get("presented_on"))}};
    p.origin = {row.number, "presented_on"};
    p.fields = {{"/data/meeting", {row.number, "presented_on"}}};
    ctx.Emit(std::move(p));
  }
}

}  // namespace

KindSpec LearningKind() {
  using N = ColumnNeed;
  return KindSpec{
      "learning",
      "A learning register: one learning item (lesson, finding or good practice) a row.",
      {
          {"learning", N::kRequired, "The item's id (learning/<id> or <id>).", "2026-101"},
          {"title", N::kRequired, "The lesson, finding or good practice.",
           "Hear the voice of pre-verbal children"},
          {"kind", N::kRequired, "lesson, finding or good_practice.", "lesson"},
          {"source_kind", N::kRequired,
           "Where it came from: performance_data, voice_of_child, case_review, "
           "child_death_review, multi_agency_audit, single_agency_audit, section11, "
           "learning_review, inspection, thematic_review, service_user_feedback, "
           "training_evaluation or other.",
           "case_review"},
          {"source", N::kRequired, "The source's stream, kind/id.", "review/2026-01"},
          {"themes", N::kOptional, "Themes separated by ';'.", "voice-of-child; neglect"},
          {"summary", N::kOptional, "A summary.", ""},
          {"agency", N::kOptional, "The agency that identified it.", ""},
          {"identified_on", N::kOptional, "When it was identified (the event's occurred_at).",
           "20/11/2026"},
          {"presented_on", N::kOptional, "The board meeting it was presented at.", ""},
      },
      MapLearningRow};
}

}  // namespace lif::import
