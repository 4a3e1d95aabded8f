// Facts: stored copies of the events a projection folds, kept so that a later
// correction.recorded can replace fields of an earlier event and the
// projection can fold its stream again (docs/catalogue-domain23.md#corrections).
//
// A FactStore holds, for a fixed set of event types, every such event by
// stream in log order. Projections of domains 2 and 3 derive their records
// from these facts, so a correction changes what every view shows, and the
// correction is listed beside the corrected value.
//
// There is one fact per folded event, so the store is most of a projection's
// memory and of a checkpoint. It keeps facts encoded one after the other in
// an append-only arena (about the size of the event's own bytes, one
// allocation per MiB rather than several per fact), with a per-stream list of
// offsets. A checkpoint holds the arena as it is: loading one borrows the
// bytes (zero-copy when the caller keeps them alive, e.g. a mapped file) and
// decodes a fact only when a correction needs its stream again. The index
// from event id to fact is built the same way, when a correction first asks.
//
// Ownership: a FactStore is owned by one projection; copies share borrowed
// checkpoint bytes. Not thread-safe. Fact values are views, valid until the
// store is next changed. Errors: Restore and Load fail with kInternal on a
// malformed snapshot; nothing else fails (a correction that cannot apply is
// reported as kRejected, never thrown).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/event.h"
#include "core/json.h"
#include "core/projections/checkpoint_io.h"
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

LIF_CHECKPOINT_FIELDS(CorrectionNote, v.id, v.stream, v.reason, v.recorded_at, v.agency, v.fields,
                      v.replaced)

// One fact: a view of a stored event (or of the event being applied), valid
// until the store it came from changes.
class Fact {
 public:
  int64_t position = 0;

  std::string_view id() const { return id_; }
  std::string_view type() const { return type_; }
  std::string_view stream() const { return stream_; }
  std::string_view recorded_at() const { return recorded_at_; }
  std::string_view occurred_at() const { return occurred_at_; }
  std::string_view actor() const { return actor_; }
  // The recording principal's agency, empty for an administrator.
  std::string_view agency() const { return agency_; }
  // The event's data as corrected, as compact JSON text. Projections fold the
  // parsed data of the event they are applying; they parse this text only to
  // fold a stream again.
  std::string_view data_json() const { return data_json_; }
  // The corrections applied to this fact, in log order.
  const std::vector<CorrectionNote>& corrections() const;

  // The business date of the fact: occurred_at's date part ("YYYY-MM-DD").
  std::string OccurredDate() const { return std::string(occurred_at_.substr(0, 10)); }
  // The data parsed (an empty object if the text were ever damaged).
  Json Data() const;
  Json ToJson() const;

  // A view of `event`, with `data_json` as its data's text.
  static Fact Of(const Event& event, std::string_view data_json);

 private:
  friend class FactStore;
  std::string_view id_, type_, stream_, recorded_at_, occurred_at_, actor_, agency_, data_json_;
  const std::vector<CorrectionNote>* corrections_ = nullptr;
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
// fields marked x-lif-agency. When applied, `*data_json` is the corrected
// data and `*note` the note to add; on rejection they are unchanged.
CorrectionResult ApplyCorrectionToFact(const Event& correction, const Fact& fact,
                                       std::string* data_json, CorrectionNote* note);

class FactStore {
 public:
  explicit FactStore(std::set<std::string> types);

  bool Accepts(std::string_view type) const {
    // A handful of types: a scan beats a tree (every folded event asks each store).
    for (const std::string& t : types_) {
      if (t == type) return true;
    }
    return false;
  }
  // Stores `event` if its type is accepted and returns its fact (a view of
  // the event itself); nullopt when the type is not accepted.
  std::optional<Fact> Add(const Event& event);
  // Applies a correction if it targets a stored fact: nullopt when it does not.
  std::optional<CorrectionResult> Correct(const Event& correction);

  // Streams with facts, in order, with the arena offsets of their facts.
  const std::map<std::string, std::vector<uint64_t>>& streams() const { return streams_; }
  // The number of facts of `stream`.
  size_t Count(const std::string& stream) const;
  // The facts of `stream` in log order (empty when none).
  std::vector<Fact> Facts(const std::string& stream) const;
  // Calls `fn` with every fact in log order.
  void ForEach(const std::function<void(const Fact&)>& fn) const;
  size_t size() const { return size_; }

  Json Snapshot() const;
  Status Restore(const Json& snapshot);
  // Binary checkpoint form (checkpoint_io.h). Load borrows the arena's bytes
  // from the reader when it has an owner keeping them alive, else copies them.
  // `name` names the arena for the writer's ArenaFiles (one per store).
  void Save(CheckpointWriter& out, const std::string& name) const;
  Status Load(CheckpointReader& in);

 private:
  struct Chunk {
    uint64_t start = 0;  // Arena offset of data[0].
    uint64_t used = 0;
    uint64_t capacity = 0;
    const char* data = nullptr;
    std::shared_ptr<char[]> owned;  // Null for borrowed bytes.
  };
  struct Override {  // A corrected fact.
    std::string data_json;
    std::vector<CorrectionNote> corrections;
  };

  uint64_t Append(const Event& e, std::string_view data_json);
  void ReadArena(uint64_t from, uint64_t to,
                 const std::function<void(std::string_view)>& piece) const;
  uint64_t ArenaChecksumTo(uint64_t to) const;
  Fact Decode(uint64_t offset) const;
  void IndexIds();

  std::vector<std::string> types_;  // Few (one to five): Accepts scans them.
  std::vector<Chunk> chunks_;
  uint64_t end_ = 0;                      // Arena offset where the next fact goes.
  size_t size_ = 0;                       // Facts stored.
  std::shared_ptr<const void> borrowed_;  // Keeps borrowed checkpoint bytes alive.
  std::map<std::string, std::vector<uint64_t>> streams_;
  std::map<uint64_t, Override> overrides_;  // By arena offset.
  // Event id hash -> offsets, covering facts before indexed_end_ (built on demand).
  std::unordered_multimap<uint64_t, uint64_t> by_id_;
  uint64_t indexed_end_ = 0;
};

// Reads a string field of an event's data, or `fallback`.
std::string DataString(const Json& data, const char* field, const std::string& fallback = "");
// Reads an array-of-strings field of an event's data (empty when absent).
std::vector<std::string> DataStrings(const Json& data, const char* field);

// Calls `fn(fact, parsed data)` for every fact of `facts`, in order: how a
// projection folds a stream again after a correction or a JSON restore.
template <typename Fn>
void ForEachParsed(const std::vector<Fact>& facts, Fn&& fn) {
  for (const Fact& f : facts) fn(f, f.Data());
}

}  // namespace lif
