#include "core/audit/audit_trail.h"

#include <deque>
#include <map>
#include <set>
#include <string_view>
#include <vector>

#include "core/audit/csv.h"

namespace lif {
namespace {

// One link between two streams, as read from an event's data: `from`'s
// trail follows it to `to`, and `relation` says what `to` is to `from`.
struct Link {
  std::string to;
  const char* relation;
  bool operator<(const Link& o) const {
    return to != o.to ? to < o.to : std::string_view(relation) < std::string_view(o.relation);
  }
};
// Stream -> the streams its trail follows, in each direction (see the header).
using Links = std::map<std::string, std::set<Link>>;

// Adds the links that `event` records: downward (from what was learned or
// asked to what answers it) and upward (the reverse).
void CollectLinks(const Event& event, Links* down, Links* up) {
  const Json& d = event.data;
  auto link = [&](const std::string& from, const std::string& to, const char* down_relation,
                  const char* up_relation) {
    (*down)[from].insert({to, down_relation});
    (*up)[to].insert({from, up_relation});
  };
  auto strings = [&](const char* field) {
    std::vector<std::string> out;
    auto it = d.find(field);
    if (it == d.end() || !it->is_array()) return out;
    for (const Json& s : *it) {
      if (s.is_string()) out.push_back(s.get<std::string>());
    }
    return out;
  };
  if (event.type == "action.planned") {
    for (const std::string& l : strings("learning")) link(l, event.stream, "action", "answers");
  } else if (event.type == "assurance.submitted") {
    for (const std::string& l : strings("learning")) {
      link(l, event.stream, "assurance", "evidences");
    }
  } else if (event.type == "learning.embedded") {
    auto it = d.find("assurance");
    if (it != d.end() && it->is_string()) {
      link(event.stream, it->get<std::string>(), "assurance", "evidences");
    }
  } else if (event.type == "learning.identified") {
    auto source = d.find("source");
    if (source != d.end() && source->is_object()) {
      auto s = source->find("stream");
      if (s != source->end() && s->is_string()) {
        link(s->get<std::string>(), event.stream, "learning", "source");
      }
    }
  } else if (event.type == "policy.review_requested") {
    auto trigger = d.find("trigger");
    if (trigger != d.end() && trigger->is_object()) {
      auto s = trigger->find("stream");
      if (s != trigger->end() && s->is_string()) {
        link(s->get<std::string>(), event.stream, "policy_review", "trigger");
      }
    }
  }
}

std::string Verb(const std::string& type) {
  size_t dot = type.find('.');
  return dot == std::string::npos ? type : type.substr(dot + 1);
}

Json NullIfEmpty(const std::optional<std::string>& s) {
  return s && !s->empty() ? Json(*s) : Json(nullptr);
}

// Folds the item's events into its state (see the header).
class ItemStates {
 public:
  void Add(const Event& e) { events_[e.stream].push_back(&e); }
  void Correct(const std::string& target_id, const Json& fields) {
    if (!fields.is_object()) return;
    Json& overlay = overlays_[target_id];
    if (!overlay.is_object()) overlay = Json::object();
    for (auto it = fields.begin(); it != fields.end(); ++it) overlay[it.key()] = it.value();
  }
  Json State(const std::string& stream) const {
    Json state = Json::object();
    auto it = events_.find(stream);
    if (it == events_.end()) return state;
    for (const Event* e : it->second) {
      if (e->data.is_object()) {
        for (auto f = e->data.begin(); f != e->data.end(); ++f) state[f.key()] = f.value();
      }
      auto o = overlays_.find(e->id);
      if (o != overlays_.end()) {
        for (auto f = o->second.begin(); f != o->second.end(); ++f) state[f.key()] = f.value();
      }
      state["stage"] = Verb(e->type);
    }
    return state;
  }

 private:
  std::map<std::string, std::vector<const Event*>> events_;
  std::map<std::string, Json> overlays_;  // Event id -> corrected fields.
};

Json Changes(const Json& before, const Json& after) {
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

}  // namespace

Result<Json> BuildAuditTrail(const EventLog& log, const std::string& stream, const AsOf& as_of,
                             const AuditScope& scope) {
  const int64_t head = log.Head().position;
  // Pass 1: who started each stream, and the links between streams.
  std::map<std::string, std::string> starter;  // Stream -> agency of its first event.
  Links down, up;
  int64_t last = 0;
  LIF_RETURN_IF_ERROR(log.Scan(0, head, [&](const Event& e) {
    if (!IncludedAsOf(as_of, e)) return IterationDecision::kBreak;
    last = e.position;
    starter.emplace(e.stream, e.agency.value_or(""));
    CollectLinks(e, &down, &up);
    return IterationDecision::kContinue;
  }));
  if (!starter.count(stream)) {
    return Status::NotFound("no stream " + stream + " at that point of the log");
  }
  // What answers the stream (downward, transitively), then what it answers
  // (upward, transitively): each direction is followed alone, so an action's
  // trail holds its learning item and that item's source, not the item's
  // other actions.
  std::set<std::string> included = {stream};
  Json links_json = Json::array();
  for (const Links* links : {&down, &up}) {
    std::deque<std::string> queue = {stream};
    std::set<std::string> seen = {stream};
    while (!queue.empty()) {
      const std::string from = queue.front();
      queue.pop_front();
      auto it = links->find(from);
      if (it == links->end()) continue;
      for (const Link& l : it->second) {
        auto s = starter.find(l.to);
        if (s == starter.end() || seen.count(l.to)) continue;
        if (scope.agency && s->second != *scope.agency) continue;
        seen.insert(l.to);
        included.insert(l.to);
        queue.push_back(l.to);
        links_json.push_back({{"from", from}, {"to", l.to}, {"relation", l.relation}});
      }
    }
  }

  // Pass 2: the events of those streams and the corrections of them.
  std::vector<Event> events;
  std::set<std::string> ids;
  LIF_RETURN_IF_ERROR(log.Scan(0, last, [&](const Event& e) {
    bool take = included.count(e.stream) > 0;
    if (!take && e.type == "correction.recorded") {
      auto c = e.data.find("corrects");
      take = c != e.data.end() && c->is_string() && ids.count(c->get<std::string>()) > 0;
    }
    if (take) {
      ids.insert(e.id);
      Event copy = e;
      copy.canonical.clear();
      events.push_back(std::move(copy));
    }
    return IterationDecision::kContinue;
  }));

  ItemStates states;
  std::map<std::string, size_t> index_of;  // Event id -> entry index.
  Json entries = Json::array();
  for (const Event& e : events) {
    Json entry = {{"position", e.position},
                  {"id", e.id},
                  {"type", e.type},
                  {"stream", e.stream},
                  {"version", e.version},
                  {"actor", e.actor},
                  {"agency", NullIfEmpty(e.agency)},
                  {"recorded_at", e.recorded_at},
                  {"occurred_at", e.occurred_at},
                  {"data", e.data},
                  {"corrected_by", Json::array()}};
    std::string item = e.stream;
    const Event* target = nullptr;
    if (e.type == "correction.recorded" && !included.count(e.stream)) {
      const std::string target_id = e.data.value("corrects", "");
      auto t = index_of.find(target_id);
      if (t != index_of.end()) {
        target = &events[t->second];
        item = target->stream;
      }
    }
    const Json before = states.State(item);
    if (target != nullptr) {
      states.Correct(target->id, e.data.value("fields", Json::object()));
      entry["corrects"] = {{"position", target->position},
                           {"id", target->id},
                           {"type", target->type},
                           {"stream", target->stream}};
      entries[index_of[target->id]]["corrected_by"].push_back(
          {{"position", e.position},
           {"id", e.id},
           {"reason", e.data.value("reason", "")},
           {"fields", e.data.value("fields", Json::object())},
           {"actor", e.actor},
           {"agency", NullIfEmpty(e.agency)},
           {"recorded_at", e.recorded_at}});
    } else {
      states.Add(e);
    }
    entry["item"] = item;
    entry["changes"] = Changes(before, states.State(item));
    index_of[e.id] = entries.size();
    entries.push_back(std::move(entry));
  }
  Json streams = Json::array();
  for (const std::string& s : included) streams.push_back(s);
  return Json{{"stream", stream},
              {"as_of_position", last},
              {"streams", streams},
              {"links", std::move(links_json)},
              {"entries", entries}};
}

std::string AuditTrailCsv(const Json& trail) {
  std::string out =
      CsvRecord({"position", "recorded_at", "occurred_at", "type", "stream", "item", "actor",
                 "agency", "field", "before", "after", "corrects", "corrected_by"});
  for (const Json& e : trail.value("entries", Json::array())) {
    std::string corrected_by;
    for (const Json& c : e.value("corrected_by", Json::array())) {
      if (!corrected_by.empty()) corrected_by += ";";
      corrected_by += CsvCellText(c.value("position", Json(nullptr)));
    }
    std::string corrects;
    if (e.contains("corrects")) corrects = CsvCellText(e["corrects"].value("position", Json()));
    std::vector<std::string> head = {
        CsvCellText(e.value("position", Json())),    CsvCellText(e.value("recorded_at", Json())),
        CsvCellText(e.value("occurred_at", Json())), CsvCellText(e.value("type", Json())),
        CsvCellText(e.value("stream", Json())),      CsvCellText(e.value("item", Json())),
        CsvCellText(e.value("actor", Json())),       CsvCellText(e.value("agency", Json()))};
    auto row = [&](const std::string& field, const std::string& before, const std::string& after) {
      std::vector<std::string> fields = head;
      fields.insert(fields.end(), {field, before, after, corrects, corrected_by});
      out += CsvRecord(fields);
    };
    const Json changes = e.value("changes", Json::array());
    if (changes.empty()) row("", "", "");
    for (const Json& c : changes) {
      row(CsvCellText(c.value("field", Json())), CsvCellText(c.value("before", Json())),
          CsvCellText(c.value("after", Json())));
    }
  }
  return out;
}

}  // namespace lif
