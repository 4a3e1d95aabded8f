// The event catalogue: every event type lif accepts, with the JSON Schema of
// its data, the stream kind it lives in, and who may record it.
//
// The same schemas are served at GET /v1/schema and enforced here, so the
// documentation and the validator cannot disagree. Types are registered per
// domain area in core/validation/types/*.cc (see catalogue_default.cc).
//
// Thread-safety: a Catalogue is built once and then only read; concurrent
// reads are safe. Catalogue::Default() is built on first use (thread-safe
// static initialisation) and lives for the program's life.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/event.h"
#include "core/json.h"
#include "core/principal.h"
#include "core/status.h"
#include "core/validation/schema.h"

namespace lif {

// Whether an event type starts its stream, continues an existing one, or either.
enum class StreamRule { kAny, kCreates, kContinues };

// "any", "creates" or "continues": the rule's name in GET /v1/schema and the docs.
const char* StreamRuleName(StreamRule rule);

// Who may act on a stream beyond the role check, decided from what the log
// already holds (core/validation/ownership.h, docs/access.md#ownership).
enum class OwnershipRule {
  kNone,
  // Agencies and sub-group chairs may only continue a stream their agency
  // owns: the stream's first event's data.owner_agency, else its agency.
  kOwningAgency,
  // A sub-group chair may only act on plans of its own sub-group: the plan is
  // the event itself (plan.created), the plan in data.plan (action.planned),
  // or the plan of the stream's first event (action.signed_off, .reopened).
  kChairsSubgroupPlan,
};

struct EventTypeDef {
  std::string type;           // "learning.identified"
  std::string stream_kind;    // Events of this type go to streams "<stream_kind>/<id>".
  std::string summary;        // One sentence: what the event means.
  Json data_schema;           // JSON Schema of `data` (subset: see schema.h).
  std::vector<Role> writers;  // Roles that may record it.
  // Optional rule beyond the schema (cross-field checks); returns field paths
  // relative to the data object ("/due").
  std::function<Status(const Json& data)> check;
  // kCreates: the stream must not exist yet (the event gets version 1);
  // kContinues: the stream must already exist.
  StreamRule stream_rule = StreamRule::kAny;
  OwnershipRule ownership = OwnershipRule::kNone;
  // Set by Register(): whether data_schema marks any field "x-lif-personal".
  bool has_personal_fields = false;
  // Set by Register(): data_schema prepared for validation (schema.h).
  std::shared_ptr<const CompiledSchema> compiled_schema = nullptr;
};

class Catalogue {
 public:
  // Every event type of lif.
  static const Catalogue& Default();

  // Registers a type; a duplicate name or an unsupported schema is a programmer
  // error (asserted in debug builds, and caught by the catalogue tests).
  void Register(EventTypeDef def);

  const EventTypeDef* Find(std::string_view type) const;
  const std::map<std::string, EventTypeDef, std::less<>>& types() const { return types_; }

  // Validates one proposed event for `principal`: known type, stream kind,
  // schema, extra rule, and authorisation (role may record it; an agency may
  // only name itself in fields marked "x-lif-agency"). `path` is the event's
  // pointer in the request ("" or "/events/2"). Returns kInvalid (400) or
  // kForbidden (403) with the field's pointer.
  Status Validate(const ProposedEvent& event, const Principal& principal,
                  const std::string& path) const;

  // The document served at GET /v1/schema: {"event_types": {type: {...}}}.
  Json SchemaDocument() const;

 private:
  std::map<std::string, EventTypeDef, std::less<>> types_;
};

// Registration functions, one per domain area (core/validation/types/).
void RegisterLearningTypes(Catalogue* catalogue);
void RegisterReferenceTypes(Catalogue* catalogue);
void RegisterDomain1Types(Catalogue* catalogue);
void RegisterAccessTypes(Catalogue* catalogue);
void RegisterDomain2Types(Catalogue* catalogue);
void RegisterDomain3Types(Catalogue* catalogue);

}  // namespace lif
