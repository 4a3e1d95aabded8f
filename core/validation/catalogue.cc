#include "core/validation/catalogue.h"

#include <algorithm>
#include <cassert>

#include "core/privacy/sealed_values.h"
#include "core/validation/schema.h"

namespace lif {

void Catalogue::Register(EventTypeDef def) {
  assert(ValidateTypeName(def.type).ok());
  assert(CheckSchema(def.data_schema).ok());
  assert(!types_.count(def.type) && "event type registered twice");
  def.has_personal_fields = SchemaHasPersonalFields(def.data_schema);
  def.compiled_schema = std::make_shared<const CompiledSchema>(def.data_schema);
  std::string name = def.type;
  types_.emplace(std::move(name), std::move(def));
}

const EventTypeDef* Catalogue::Find(std::string_view type) const {
  auto it = types_.find(type);
  return it == types_.end() ? nullptr : &it->second;
}

Status Catalogue::Validate(const ProposedEvent& e, const Principal& principal,
                           const std::string& path) const {
  const EventTypeDef* def = Find(e.type);
  if (def == nullptr) return Status::Invalid("unknown event type '" + e.type + "'", path + "/type");
  std::string_view kind = std::string_view(e.stream).substr(0, e.stream.find('/'));
  if (kind != def->stream_kind) {
    return Status::Invalid(e.type + " events belong in streams '" + def->stream_kind + "/...'",
                           path + "/stream");
  }
  if (std::find(def->writers.begin(), def->writers.end(), principal.role) == def->writers.end()) {
    return Status::Forbidden(
        std::string("the ") + RoleName(principal.role) + " role may not record " + e.type,
        path + "/type");
  }
  if (def->stream_rule == StreamRule::kCreates && e.expected_version && *e.expected_version != 0) {
    return Status::Invalid(e.type + " creates its stream: expected_version can only be 0",
                           path + "/expected_version");
  }
  LIF_RETURN_IF_ERROR(def->compiled_schema->Validate(e.data, path + "/data"));
  if (def->check) {
    Status s = def->check(e.data);
    if (!s.ok()) return s.WithPathPrefix(path + "/data");
  }
  // An agency writes only as itself: any field that names the authoring or
  // owning agency must name the token's agency.
  if (principal.role == Role::kAgency || principal.role == Role::kSubgroupChair) {
    const Json& props =
        def->data_schema.contains("properties") ? def->data_schema["properties"] : Json::object();
    for (auto it = props.begin(); it != props.end(); ++it) {
      if (!it.value().value("x-lif-agency", false) || !e.data.contains(it.key())) continue;
      const Json& named = e.data[it.key()];
      if (!principal.agency || !named.is_string() ||
          named.get<std::string>() != *principal.agency) {
        return Status::Forbidden(
            "an agency may only record events as itself ('" + principal.agency.value_or("") + "')",
            path + "/data/" + JsonPointerEscape(it.key()));
      }
    }
  }
  return Status::Ok();
}

Json Catalogue::SchemaDocument() const {
  Json types = Json::object();
  for (const auto& [name, def] : types_) {
    Json roles = Json::array();
    for (Role r : def.writers) roles.push_back(RoleName(r));
    Json data_schema = def.data_schema;
    data_schema["$schema"] = "https://json-schema.org/draft/2020-12/schema";
    data_schema["$id"] = "lif:event/" + name;
    if (!data_schema.contains("description")) data_schema["description"] = def.summary;
    types[name] = {{"summary", def.summary},
                   {"stream_kind", def.stream_kind},
                   {"writers", roles},
                   {"stream_rule", StreamRuleName(def.stream_rule)},
                   {"data", data_schema}};
  }
  return {{"event_types", types}};
}

const char* StreamRuleName(StreamRule rule) {
  switch (rule) {
    case StreamRule::kCreates:
      return "creates";
    case StreamRule::kContinues:
      return "continues";
    case StreamRule::kAny:
      break;
  }
  return "any";
}

}  // namespace lif
