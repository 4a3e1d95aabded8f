// Import kind "actions": action plans and their actions, one action a row
// (docs/import.md#actions). A row makes the plan when the log and the rows
// above it do not have it yet, plans the action when it is new, and then
// records what the row says about it: a revised due date, a RAG rating with
// its note, and evidence of impact (which completes the action).
#include "core/import/import_kind.h"

namespace lif::import {
namespace {

void MapActionRow(const Row& row, MapContext& ctx) {
  if (!RequireColumns(row, {"plan", "action"}, ctx)) return;
  const std::string plan = StreamFrom("plan", row.Get("plan"));
  const std::string action = StreamFrom("action", row.Get("action"));

  if (!ctx.StreamExists(plan)) {
    if (!RequireColumns(row, {"plan_title", "plan_kind"}, ctx)) return;
    PlannedEvent e;
    e.event.type = "plan.created";
    e.event.stream = plan;
    e.event.data = {{"title", row.Get("plan_title")}, {"kind", row.Get("plan_kind")}};
    if (!row.Get("plan_subgroup").empty()) e.event.data["subgroup"] = row.Get("plan_subgroup");
    if (!row.Get("plan_agency").empty()) e.event.data["agency"] = row.Get("plan_agency");
    e.origin = {row.number, ""};
    e.fields = {{"/stream", {row.number, "plan"}},
                {"/data/title", {row.number, "plan_title"}},
                {"/data/kind", {row.number, "plan_kind"}},
                {"/data/subgroup", {row.number, "plan_subgroup"}},
                {"/data/agency", {row.number, "plan_agency"}},
                {"/data", {row.number, "plan_kind"}}};
    ctx.Emit(std::move(e));
    ctx.Made(plan);
  }

  if (!ctx.StreamExists(action)) {
    if (!RequireColumns(row, {"title", "owner_agency", "lead", "due"}, ctx)) return;
    PlannedEvent e;
    e.event.type = "action.planned";
    e.event.stream = action;
    Json learning = Json::array();
    for (const std::string& l : SplitList(row.Get("learning"))) {
      learning.push_back(StreamFrom("learning", l));
    }
    e.event.data = {{"title", row.Get("title")},
                    {"plan", plan},
                    {"owner_agency", row.Get("owner_agency")},
                    {"lead", row.Get("lead")},
                    {"due", IsoDate(row.Get("due"))},
                    {"learning", learning}};
    if (!row.Get("description").empty()) e.event.data["description"] = row.Get("description");
    if (!row.Get("priority").empty()) {
      e.event.data["priority"] = StreamFrom("priority", row.Get("priority"));
    }
    e.origin = {row.number, ""};
    e.fields = {{"/stream", {row.number, "action"}},
                {"/data/title", {row.number, "title"}},
                {"/data/plan", {row.number, "plan"}},
                {"/data/owner_agency", {row.number, "owner_agency"}},
                {"/data/lead", {row.number, "lead"}},
                {"/data/due", {row.number, "due"}},
                {"/data/learning", {row.number, "learning"}},
                {"/data/description", {row.number, "description"}},
                {"/data/priority", {row.number, "priority"}}};
    ctx.Emit(std::move(e));
    ctx.Made(action);
  }

  if (!row.Get("revised_due").empty()) {
    if (!RequireColumns(row, {"revised_reason"}, ctx)) return;
    PlannedEvent e;
    e.event.type = "action.due_revised";
    e.event.stream = action;
    e.event.data = {{"due", IsoDate(row.Get("revised_due"))},
                    {"reason", row.Get("revised_reason")}};
    e.origin = {row.number, "revised_due"};
    e.fields = {{"/data/due", {row.number, "revised_due"}},
                {"/data/reason", {row.number, "revised_reason"}}};
    ctx.Emit(std::move(e));
  }

  if (!row.Get("rag").empty()) {
    PlannedEvent e;
    e.event.type = "action.progressed";
    e.event.stream = action;
    std::string rag = row.Get("rag");
    for (char& c : rag) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const std::string note = row.Get("progress_note").empty()
                                 ? "RAG rating from the imported action plan"
                                 : row.Get("progress_note");
    e.event.data = {{"note", note}, {"rag", rag}};
    e.origin = {row.number, "rag"};
    e.fields = {{"/data/rag", {row.number, "rag"}}, {"/data/note", {row.number, "progress_note"}}};
    ctx.Emit(std::move(e));
  } else if (!row.Get("progress_note").empty()) {
    ctx.Error(row, "rag", "is required with a progress_note");
    return;
  }

  if (!row.Get("evidence_of_impact").empty()) {
    PlannedEvent e;
    e.event.type = "action.completed";
    e.event.stream = action;
    e.event.data = {{"evidence_of_impact", row.Get("evidence_of_impact")}};
    e.origin = {row.number, "evidence_of_impact"};
    e.fields = {{"/data/evidence_of_impact", {row.number, "evidence_of_impact"}}};
    ctx.Emit(std::move(e));
  }
}

}  // namespace

KindSpec ActionsKind() {
  using N = ColumnNeed;
  return KindSpec{
      "actions",
      "Action plans and their actions, one action a row.",
      {
          {"plan", N::kRequired, "The plan's id (plan/<id> or <id>).", "lipsg-2026"},
          {"plan_title", N::kOptional, "The plan's title; required when the plan is new.",
           "Learning and improvement sub-group plan 2026"},
          {"plan_kind", N::kOptional,
           "board, subgroup or single_agency; required when the plan is new.", "subgroup"},
          {"plan_subgroup", N::kOptional, "The sub-group, for a subgroup plan.", "lipsg"},
          {"plan_agency", N::kOptional, "The agency, for a single_agency plan.", ""},
          {"action", N::kRequired, "The action's id (action/<id> or <id>).", "lipsg-2026-01"},
          {"title", N::kOptional, "What is to be done; required when the action is new.",
           "Train custody staff on the voice of the child"},
          {"owner_agency", N::kOptional, "The agency that owns it; required when new.",
           "cleveland-police"},
          {"lead", N::kOptional, "Who leads it (personal); required when new.", "DI Smith"},
          {"due", N::kOptional, "Target date, YYYY-MM-DD or DD/MM/YYYY; required when new.",
           "30/06/2026"},
          {"revised_due", N::kOptional, "A revised target date (the original stays visible).", ""},
          {"revised_reason", N::kOptional, "Why the date moved; required with revised_due.", ""},
          {"rag", N::kOptional, "red, amber or green: records a progress update.", "amber"},
          {"progress_note", N::kOptional, "The progress update (personal); needs rag.",
           "Half the staff trained"},
          {"evidence_of_impact", N::kOptional, "Evidence of impact: completes the action.", ""},
          {"learning", N::kOptional, "Learning items it answers, separated by ';'.", "2026-004"},
          {"priority", N::kOptional, "The business plan priority it serves.", ""},
          {"description", N::kOptional, "More about the action (personal).", ""},
      },
      MapActionRow};
}

}  // namespace lif::import
