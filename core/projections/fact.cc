#include "core/projections/fact.h"

#include "core/validation/catalogue.h"
#include "core/validation/schema.h"

namespace lif {

Json CorrectionNote::ToJson() const {
  return {
      {"id", id},         {"stream", stream}, {"reason", reason},    {"recorded_at", recorded_at},
      {"agency", agency}, {"fields", fields}, {"replaced", replaced}};
}

Fact Fact::FromEvent(const Event& e) {
  Fact f;
  f.id = e.id;
  f.type = e.type;
  f.stream = e.stream;
  f.position = e.position;
  f.recorded_at = e.recorded_at;
  f.occurred_at = e.occurred_at;
  f.actor = e.actor;
  f.agency = e.agency.value_or("");
  f.data = e.data;
  return f;
}

Json Fact::ToJson() const {
  Json notes = Json::array();
  for (const CorrectionNote& n : corrections) notes.push_back(n.ToJson());
  return {{"id", id},
          {"type", type},
          {"stream", stream},
          {"position", position},
          {"recorded_at", recorded_at},
          {"occurred_at", occurred_at},
          {"actor", actor},
          {"agency", agency},
          {"data", data},
          {"corrections", notes}};
}

Result<Fact> Fact::FromJson(const Json& j) {
  Fact f;
  try {
    f.id = j.at("id").get<std::string>();
    f.type = j.at("type").get<std::string>();
    f.stream = j.at("stream").get<std::string>();
    f.position = j.at("position").get<int64_t>();
    f.recorded_at = j.at("recorded_at").get<std::string>();
    f.occurred_at = j.at("occurred_at").get<std::string>();
    f.actor = j.at("actor").get<std::string>();
    f.agency = j.at("agency").get<std::string>();
    f.data = j.at("data");
    for (const Json& n : j.at("corrections")) {
      CorrectionNote note;
      note.id = n.at("id").get<std::string>();
      note.stream = n.at("stream").get<std::string>();
      note.reason = n.at("reason").get<std::string>();
      note.recorded_at = n.at("recorded_at").get<std::string>();
      note.agency = n.at("agency").get<std::string>();
      note.fields = n.at("fields");
      note.replaced = n.at("replaced");
      f.corrections.push_back(std::move(note));
    }
  } catch (const std::exception& ex) {
    return Status::Internal(std::string("fact snapshot: ") + ex.what());
  }
  return f;
}

CorrectionResult ApplyCorrectionToFact(const Event& c, Fact* fact) {
  CorrectionResult r;
  r.target_type = fact->type;
  r.target_stream = fact->stream;
  auto reject = [&](std::string why) {
    r.outcome = CorrectionOutcome::kRejected;
    r.message = std::move(why);
    return r;
  };
  const std::string agency = c.agency.value_or("");
  if (!agency.empty() && agency != fact->agency) {
    return reject("an agency may only correct events its own agency recorded");
  }
  const EventTypeDef* def = Catalogue::Default().Find(fact->type);
  if (def == nullptr) return reject("the corrected event's type is no longer in the catalogue");
  const Json& fields = c.data.contains("fields") ? c.data["fields"] : Json::object();
  Json merged = fact->data;
  Json replaced = Json::object();
  for (auto it = fields.begin(); it != fields.end(); ++it) {
    replaced[it.key()] = fact->data.contains(it.key()) ? fact->data[it.key()] : Json(nullptr);
    merged[it.key()] = it.value();
  }
  Status s = ValidateAgainstSchema(def->data_schema, merged, "/fields");
  if (s.ok() && def->check) s = def->check(merged).WithPathPrefix("/fields");
  if (!s.ok()) return reject("the corrected data is invalid at " + s.path() + ": " + s.message());
  if (!agency.empty() && def->data_schema.contains("properties")) {
    const Json& props = def->data_schema["properties"];
    for (auto it = fields.begin(); it != fields.end(); ++it) {
      if (props.contains(it.key()) && props[it.key()].value("x-lif-agency", false) &&
          it.value() != agency) {
        return reject("an agency may only name itself in /fields/" + it.key());
      }
    }
  }
  CorrectionNote note;
  note.id = c.id;
  note.stream = c.stream;
  note.reason = c.data.value("reason", "");
  note.recorded_at = c.recorded_at;
  note.agency = agency;
  note.fields = fields;
  note.replaced = std::move(replaced);
  fact->data = std::move(merged);
  fact->corrections.push_back(std::move(note));
  return r;
}

bool FactStore::Add(const Event& e) {
  if (!Accepts(e.type)) return false;
  std::vector<Fact>& facts = streams_[e.stream];
  by_id_[e.id] = {e.stream, facts.size()};
  facts.push_back(Fact::FromEvent(e));
  return true;
}

std::optional<CorrectionResult> FactStore::Correct(const Event& correction) {
  if (!correction.data.contains("corrects") || !correction.data["corrects"].is_string()) {
    return std::nullopt;
  }
  auto it = by_id_.find(correction.data["corrects"].get<std::string>());
  if (it == by_id_.end()) return std::nullopt;
  Fact& fact = streams_[it->second.first][it->second.second];
  return ApplyCorrectionToFact(correction, &fact);
}

const std::vector<Fact>* FactStore::Find(const std::string& stream) const {
  auto it = streams_.find(stream);
  return it == streams_.end() ? nullptr : &it->second;
}

Json FactStore::Snapshot() const {
  Json facts = Json::array();
  for (const auto& [stream, list] : streams_) {
    for (const Fact& f : list) facts.push_back(f.ToJson());
  }
  return {{"facts", facts}};
}

Status FactStore::Restore(const Json& snapshot) {
  streams_.clear();
  by_id_.clear();
  if (!snapshot.is_object() || !snapshot.contains("facts") || !snapshot["facts"].is_array()) {
    return Status::Internal("fact snapshot lacks its facts");
  }
  for (const Json& j : snapshot["facts"]) {
    Result<Fact> f = Fact::FromJson(j);
    if (!f.ok()) return f.status();
    std::vector<Fact>& facts = streams_[f->stream];
    by_id_[f->id] = {f->stream, facts.size()};
    facts.push_back(std::move(*f));
  }
  return Status::Ok();
}

std::string DataString(const Fact& fact, const char* field, const std::string& fallback) {
  auto it = fact.data.find(field);
  return it != fact.data.end() && it->is_string() ? it->get<std::string>() : fallback;
}

std::vector<std::string> DataStrings(const Fact& fact, const char* field) {
  std::vector<std::string> out;
  auto it = fact.data.find(field);
  if (it == fact.data.end() || !it->is_array()) return out;
  for (const Json& v : *it) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

}  // namespace lif
