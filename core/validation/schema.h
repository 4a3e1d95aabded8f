// A small, strict JSON Schema (draft 2020-12) validator: the subset lif's event
// catalogue uses, so that the schemas served at GET /v1/schema are exactly what
// the validator enforces.
//
// Supported keywords: type (a name or a list), enum, const, properties,
// required, additionalProperties (boolean only), items (a schema),
// minItems, maxItems, uniqueItems, minLength, maxLength (in UTF-8 bytes),
// minimum, maximum, format, oneOf (of const/enum branches only is not required:
// any schemas), description, title, $comment and lif's own annotations
// "x-lif-agency" (a field naming the acting agency) and "x-lif-ref" (a
// pseudonymous reference). Unknown keywords are a programmer error: the
// catalogue's own tests call CheckSchema() on every schema.
//
// Formats: "date" (YYYY-MM-DD), "date-time" (UTC, see civil_time.h), "date-or-time",
// "quarter" (YYYY-Qn), "month" (YYYY-MM), "stream-id", "identifier" (lowercase
// slug: a-z, 0-9, '-', '_'), "hex-sha256", "uuid", "pseudonym" ("pn_" + 32 hex).
#pragma once

#include <memory>
#include <string>

#include "core/json.h"
#include "core/status.h"

namespace lif {

// A schema prepared for validating many values: every keyword of every
// schema object is looked up once, here, rather than on each value. Holds
// copies of what it needs (not a reference to `schema`). Immutable after
// construction, so Validate is thread-safe.
class CompiledSchema {
 public:
  explicit CompiledSchema(const Json& schema);
  ~CompiledSchema();
  CompiledSchema(const CompiledSchema&) = delete;
  CompiledSchema& operator=(const CompiledSchema&) = delete;

  // As ValidateAgainstSchema below, with the same errors.
  Status Validate(const Json& value, const std::string& path) const;

  struct Node;  // One schema object (schema.cc).

 private:
  std::unique_ptr<Node> root_;
};

// Validates `value` against `schema`; the first error names its field as a JSON
// pointer under `path`. Thread-safe (pure). Compiles `schema` on each call:
// for many values, keep a CompiledSchema.
Status ValidateAgainstSchema(const Json& schema, const Json& value, const std::string& path);

// Checks that `schema` only uses supported keywords; used by tests.
Status CheckSchema(const Json& schema, const std::string& path = "");

// Checks one string format (see above).
bool MatchesFormat(const std::string& format, const std::string& value);

}  // namespace lif
