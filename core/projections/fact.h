// Facts: stored copies of the events a projection folds, kept so that a later
// correction.recorded can replace fields of an earlier event and the
// projection can fold its stream again (docs/catalogue-domain23.md#corrections).
//
// A FactStore holds, for a fixed set of event types, every such event by
// stream in log order, with an index from event id to its place. Projections
// of domains 2 and 3 derive their records from these facts, so a correction
// changes what every view shows, and the correction is listed beside the
// corrected value.
//
// Ownership: a FactStore is owned by one projection. Not thread-safe.
// Errors: Restore fails with kInternal on a malformed snapshot; nothing else
// fails (a correction that cannot apply is reported as kRejected, never thrown).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/event.h"
#include "core/json.h"
#include "core/status.h"

namespace lif {

// A correction as applied to one fact.
struct CorrectionNote {
  std::string id;      // The correction event's id.
  std::string stream;  // The correction event's stream ("correction/...").
  std::string reason;
  std::string recorded_at;         // When lif learned of the correction.
  std::string agency;              // The correcting agency, empty for an administrator.
  Json fields = Json::object();    // The replacement values.
  Json replaced = Json::object();  // The values they replaced (null where a field was absent).
  Json ToJson() const;
};

struct Fact {
  std::string id;
  std::string type;
  std::string stream;
  int64_t position = 0;
  std::string recorded_at;
  std::string occurred_at;
  std::string actor;
  std::string agency;          // The recording principal's agency, empty for an administrator.
  Json data = Json::object();  // As corrected.
  std::vector<CorrectionNote> corrections;

  // The business date of the fact: occurred_at's date part ("YYYY-MM-DD").
  std::string OccurredDate() const { return occurred_at.substr(0, 10); }

  static Fact FromEvent(const Event& event);
  Json ToJson() const;
  static Result<Fact> FromJson(const Json& json);
};

enum class CorrectionOutcome { kApplied, kRejected };

struct CorrectionResult {
  CorrectionOutcome outcome = CorrectionOutcome::kApplied;
  std::string message;  // Why it was rejected; empty when applied.
  std::string target_type;
  std::string target_stream;
};

// Applies a correction.recorded event to `fact`. Rules: an agency corrects
// only events its own agency recorded (an administrator corrects any); the
// corrected data must still satisfy the corrected type's schema and checks
// (Catalogue::Default()), including that an agency names only itself in
// fields marked x-lif-agency. On rejection `fact` is unchanged.
CorrectionResult ApplyCorrectionToFact(const Event& correction, Fact* fact);

class FactStore {
 public:
  explicit FactStore(std::set<std::string> types) : types_(std::move(types)) {}

  bool Accepts(const std::string& type) const { return types_.count(type) > 0; }
  // Stores `event` if its type is accepted; returns whether it did.
  bool Add(const Event& event);
  // Applies a correction if it targets a stored fact: nullopt when it does not.
  std::optional<CorrectionResult> Correct(const Event& correction);

  const std::map<std::string, std::vector<Fact>>& streams() const { return streams_; }
  const std::vector<Fact>* Find(const std::string& stream) const;

  Json Snapshot() const;
  Status Restore(const Json& snapshot);

 private:
  std::set<std::string> types_;
  std::map<std::string, std::vector<Fact>> streams_;
  std::map<std::string, std::pair<std::string, size_t>> by_id_;  // id -> (stream, index)
};

// Reads a string field of a fact's data, or `fallback`.
std::string DataString(const Fact& fact, const char* field, const std::string& fallback = "");
// Reads an array-of-strings field of a fact's data (empty when absent).
std::vector<std::string> DataStrings(const Fact& fact, const char* field);

}  // namespace lif
