#include "core/views/view_diff.h"

#include <map>
#include <set>
#include <vector>

#include "core/audit/csv.h"

namespace lif {
namespace {

// The key field of a list of rows: "stream" or "id" when every row is an
// object holding it as a string; empty when the list is empty or not keyed.
std::string KeyField(const Json& list) {
  if (!list.is_array() || list.empty()) return "";
  for (const char* key : {"stream", "id"}) {
    bool all = true;
    for (const Json& row : list) {
      if (!row.is_object() || !row.contains(key) || !row[key].is_string()) {
        all = false;
        break;
      }
    }
    if (all) return key;
  }
  return "";
}

Json FieldChanges(const Json& before, const Json& after) {
  std::set<std::string> keys;
  for (auto it = before.begin(); it != before.end(); ++it) keys.insert(it.key());
  for (auto it = after.begin(); it != after.end(); ++it) keys.insert(it.key());
  Json out = Json::array();
  for (const std::string& k : keys) {
    Json b = before.contains(k) ? before[k] : Json(nullptr);
    Json a = after.contains(k) ? after[k] : Json(nullptr);
    if (b != a) out.push_back({{"field", k}, {"before", b}, {"after", a}});
  }
  return out;
}

std::map<std::string, const Json*> ByKey(const Json& list, const std::string& key) {
  std::map<std::string, const Json*> out;
  if (!list.is_array()) return out;
  for (const Json& row : list) out[row[key].get<std::string>()] = &row;
  return out;
}

}  // namespace

Result<Json> DiffViews(const std::string& name, const Json& from, const Json& to) {
  if (!from.is_object() || !to.is_object()) {
    return Status::Invalid("a view rendering must be a JSON object");
  }
  std::set<std::string> keys;
  for (auto it = from.begin(); it != from.end(); ++it) keys.insert(it.key());
  for (auto it = to.begin(); it != to.end(); ++it) keys.insert(it.key());
  Json lists = Json::object();
  Json fields = Json::array();
  int64_t added = 0, removed = 0, changed = 0;
  for (const std::string& k : keys) {
    const Json before = from.contains(k) ? from[k] : Json(nullptr);
    const Json after = to.contains(k) ? to[k] : Json(nullptr);
    const std::string before_key = KeyField(before);
    const std::string after_key = KeyField(after);
    const std::string key_field = before_key.empty() ? after_key : before_key;
    auto fits = [&](const Json& side, const std::string& side_key) {
      return side.is_null() || (side.is_array() && (side.empty() || side_key == key_field));
    };
    if (key_field.empty() || !fits(before, before_key) || !fits(after, after_key)) {
      if (before != after) fields.push_back({{"field", k}, {"before", before}, {"after", after}});
      continue;
    }
    const auto old_rows = ByKey(before, key_field);
    const auto new_rows = ByKey(after, key_field);
    Json list = {{"key", key_field},
                 {"added", Json::array()},
                 {"removed", Json::array()},
                 {"changed", Json::array()}};
    for (const auto& [key, row] : new_rows) {
      auto old = old_rows.find(key);
      if (old == old_rows.end()) {
        list["added"].push_back(*row);
        ++added;
      } else if (*old->second != *row) {
        list["changed"].push_back({{"key", key}, {"changes", FieldChanges(*old->second, *row)}});
        ++changed;
      }
    }
    for (const auto& [key, row] : old_rows) {
      if (!new_rows.count(key)) {
        list["removed"].push_back(*row);
        ++removed;
      }
    }
    lists[k] = list;
  }
  return Json{{"view", name},
              {"lists", lists},
              {"fields", fields},
              {"summary", {{"added", added}, {"removed", removed}, {"changed", changed}}}};
}

Result<std::string> ActionsViewCsv(const Json& actions_view) {
  if (!actions_view.is_object() || !actions_view.contains("actions") ||
      !actions_view["actions"].is_array()) {
    return Status::Invalid("not a rendering of the actions view");
  }
  std::string out = CsvRecord({"stream",
                               "title",
                               "plan",
                               "plan_title",
                               "owner_agency",
                               "lead",
                               "priority",
                               "learning",
                               "planned_on",
                               "due",
                               "original_due",
                               "due_revised",
                               "status",
                               "rag",
                               "last_progress_on",
                               "last_progress_note",
                               "progress_updates",
                               "overdue",
                               "days_overdue",
                               "evidence_of_impact",
                               "completed_on",
                               "completed_late",
                               "signed_off_on",
                               "corrections"});
  auto cell = [](const Json& row, const char* field) {
    return row.is_object() && row.contains(field) ? CsvCellText(row[field]) : std::string();
  };
  for (const Json& a : actions_view["actions"]) {
    const Json plan = a.value("plan", Json::object());
    const Json progress = a.value("last_progress", Json(nullptr));
    std::string learning;
    for (const Json& l : a.value("learning", Json::array())) {
      if (!learning.empty()) learning += "; ";
      learning += CsvCellText(l);
    }
    const Json corrections = a.value("corrections", Json::array());
    out += CsvRecord({cell(a, "stream"),
                      cell(a, "title"),
                      cell(plan, "stream"),
                      cell(plan, "title"),
                      cell(a, "owner_agency"),
                      cell(a, "lead"),
                      cell(a, "priority"),
                      learning,
                      cell(a, "planned_on"),
                      cell(a, "due"),
                      cell(a, "original_due"),
                      cell(a, "due_revised"),
                      cell(a, "status"),
                      cell(a, "rag"),
                      cell(progress, "on"),
                      cell(progress, "note"),
                      cell(a, "progress_updates"),
                      cell(a, "overdue"),
                      cell(a, "days_overdue"),
                      cell(a, "evidence_of_impact"),
                      cell(a, "completed_on"),
                      cell(a, "completed_late"),
                      cell(a, "signed_off_on"),
                      std::to_string(corrections.is_array() ? corrections.size() : 0)});
  }
  return out;
}

}  // namespace lif
