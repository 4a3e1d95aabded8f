// Sealing: turning a validated batch of proposed events into stored events.
//
// Both the RocksDB log (server/store) and the in-memory log call
// PrepareAppend under their single writer, so positions, versions, the hash
// chain and the checks are computed by the same code everywhere.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/event.h"
#include "core/principal.h"
#include "core/status.h"
#include "core/time/civil_time.h"
#include "core/validation/catalogue.h"
#include "core/validation/ownership.h"

namespace lif {

// The tip of the log.
struct LogHead {
  int64_t position = 0;              // 0 for an empty log.
  std::string hash = ZeroHashHex();  // Hash of the event at `position`.
  std::string recorded_at;           // Empty for an empty log.
};

// Seals the fields a type's schema marks "x-lif-personal" in an event's data
// before it is hashed (crypto-shredding, core/privacy/sealed_values.h):
// receives the type's data schema, the validated data (handed over: the
// proposed event is consumed) and the subject (the event's stream) and returns
// the data to store. A failure fails the append.
using ProtectPersonalFn =
    std::function<Result<Json>(const Json& schema, Json data, const std::string& subject)>;

// The event a correction.recorded names ("corrects"): its type and stream.
struct CorrectionTarget {
  std::string type;
  std::string stream;
};

// The type whose "fields" PrepareAppend seals as the corrected event's own.
inline constexpr const char* kCorrectionType = "correction.recorded";

// Finds the event with id `event_id` when its type has personal fields;
// nullopt when there is none such (no event has that id, or its type has no
// personal fields). May fail on a storage error.
using CorrectionTargetFn =
    std::function<Result<std::optional<CorrectionTarget>>(const std::string& event_id)>;

// Everything the sealer needs besides the batch. Not owned; must outlive the call.
struct AppendContext {
  Principal principal;
  Timestamp now;                        // Server clock.
  std::function<std::string()> new_id;  // Returns a fresh UUID.
  Sha256Fn sha256;
  const Catalogue* catalogue = nullptr;  // Null skips validation (replicas only).
  // Null stores personal fields as given (the in-memory log, tests). Only
  // called for types whose schema has personal fields; needs `catalogue`.
  ProtectPersonalFn protect_personal;
  // The first event of a stream, for the ownership rules
  // (core/validation/ownership.h). Null skips them (replicas, old tests).
  StreamOriginFn stream_origin;
  // With protect_personal: the replacement values of a correction.recorded
  // ("fields") are sealed as the corrected event's own are, by its type's
  // schema and under its subject, so that erasing that subject erases them
  // too. Null stores them as given.
  CorrectionTargetFn correction_target;
};

// Current version of a stream (0 if it does not exist); may fail on a storage error.
using StreamVersionFn = std::function<Result<int64_t>(const std::string& stream)>;

enum class RequestForm { kSingle, kBatch };

// The checks of a proposed batch that do not depend on the log: it has an
// event, and each event is valid for `principal` against `catalogue` (type,
// stream kind, the writer's role, the data schema, an agency writing only as
// itself). Returns the first failure, its path naming "/events/i/..." for
// batches or "/..." for a single event. Data may not hold a value of the form
// of a sealed value ({"enc", "subject"}): only the server makes those. A null
// catalogue checks only that the batch is not empty. Pure: may run on any thread, e.g. a request's
// own before the batch reaches the log's single writer.
Status ValidateProposed(const std::vector<ProposedEvent>& batch, const Catalogue* catalogue,
                        const Principal& principal, RequestForm form);

// Whether PrepareAppend runs ValidateProposed itself, or its caller already
// did with the same catalogue and principal.
enum class Validation { kValidate, kAlreadyValidated };

// Validates the batch (ValidateProposed, unless `validation` says it was),
// checks the ownership rules and expected versions (several events of one
// batch may target the same stream), assigns positions after `head`,
// versions, ids and recorded_at (never earlier than the head's, so that the
// log is ordered by recorded time too) and seals the chain. Consumes `batch`
// (its data moves into the events). All or nothing: on error nothing is
// returned. Paths are as ValidateProposed's.
Result<std::vector<Event>> PrepareAppend(std::vector<ProposedEvent> batch, const AppendContext& ctx,
                                         const LogHead& head,
                                         const StreamVersionFn& current_version, RequestForm form,
                                         Validation validation = Validation::kValidate);

// Checks the chain links of consecutive events: each `prev` equals the hash of
// the one before, and positions are consecutive. `before` is the head preceding
// events[0]. Returns kInternal naming the first bad position.
Status VerifyChainLinks(const LogHead& before, const std::vector<Event>& events);

}  // namespace lif
