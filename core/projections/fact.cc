#include "core/projections/fact.h"

#include <algorithm>
#include <cassert>
#include <cstring>

#include "core/validation/catalogue.h"
#include "core/validation/schema.h"

namespace lif {
namespace {

constexpr uint64_t kChunkBytes = uint64_t{1} << 20;

// 64-bit FNV-1a: the key of the id index (collisions are checked).
uint64_t IdHash(std::string_view id) {
  uint64_t h = 1469598103934665603ULL;
  for (char c : id) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

// A checksum of the arena's bytes in a checkpoint (damage, not malice: the
// file is the server's own derived data), 8 bytes at a time.
class ArenaChecksum {
 public:
  void Add(const char* p, size_t n) {
    while (n > 0) {
      if (fill_ == 0 && n >= 8) {
        uint64_t w;
        std::memcpy(&w, p, 8);
        Mix(w);
        p += 8;
        n -= 8;
        continue;
      }
      buffer_[fill_++] = *p++;
      --n;
      if (fill_ == 8) {
        uint64_t w;
        std::memcpy(&w, buffer_, 8);
        Mix(w);
        fill_ = 0;
      }
    }
  }
  uint64_t Finish() {
    uint64_t w = 0;
    std::memcpy(&w, buffer_, fill_);
    Mix(w ^ (static_cast<uint64_t>(fill_) << 56));
    return h_ ^ (h_ >> 29);
  }

 private:
  void Mix(uint64_t w) {
    h_ = (h_ ^ w) * 0x9E3779B97F4A7C15ULL;
    h_ ^= h_ >> 32;
  }
  uint64_t h_ = 0x243F6A8885A308D3ULL;
  char buffer_[8] = {};
  size_t fill_ = 0;
};

// The bytes of `v` as a varint (7 bits a byte, low first, the high bit
// marking that more follow).
size_t VarintSize(uint64_t v) {
  size_t n = 1;
  while (v >= 0x80) {
    v >>= 7;
    ++n;
  }
  return n;
}

// Writes `v` as a varint at `p`; returns the byte after it.
char* WriteVarint(char* p, uint64_t v) {
  while (v >= 0x80) {
    *p++ = static_cast<char>((v & 0x7f) | 0x80);
    v >>= 7;
  }
  *p++ = static_cast<char>(v);
  return p;
}

// Reads a varint from [*p, end); false when it runs past the end.
bool GetVarint(const char** p, const char* end, uint64_t* v) {
  *v = 0;
  for (int shift = 0; shift < 64 && *p < end; shift += 7) {
    const uint8_t b = static_cast<uint8_t>(*(*p)++);
    *v |= static_cast<uint64_t>(b & 0x7f) << shift;
    if ((b & 0x80) == 0) return true;
  }
  return false;
}

const std::vector<CorrectionNote>& NoCorrections() {
  static const std::vector<CorrectionNote> kNone;
  return kNone;
}

// The fields of a fact in their encoded order.
constexpr int kFields = 8;

}  // namespace

Json CorrectionNote::ToJson() const {
  return {
      {"id", id},         {"stream", stream}, {"reason", reason},    {"recorded_at", recorded_at},
      {"agency", agency}, {"fields", fields}, {"replaced", replaced}};
}

// --- Fact ---------------------------------------------------------------------

const std::vector<CorrectionNote>& Fact::corrections() const {
  return corrections_ != nullptr ? *corrections_ : NoCorrections();
}

Json Fact::Data() const {
  Json d = Json::parse(data_json_.begin(), data_json_.end(), nullptr, /*allow_exceptions=*/false);
  return d.is_object() ? d : Json::object();
}

Json Fact::ToJson() const {
  Json notes = Json::array();
  for (const CorrectionNote& n : corrections()) notes.push_back(n.ToJson());
  return {{"id", id_},
          {"type", type_},
          {"stream", stream_},
          {"position", position},
          {"recorded_at", recorded_at_},
          {"occurred_at", occurred_at_},
          {"actor", actor_},
          {"agency", agency_},
          {"data", Data()},
          {"corrections", notes}};
}

Fact Fact::Of(const Event& e, std::string_view data_json) {
  Fact f;
  f.position = e.position;
  f.id_ = e.id;
  f.type_ = e.type;
  f.stream_ = e.stream;
  f.recorded_at_ = e.recorded_at;
  f.occurred_at_ = e.occurred_at;
  f.actor_ = e.actor;
  if (e.agency) f.agency_ = *e.agency;
  f.data_json_ = data_json;
  return f;
}

CorrectionResult ApplyCorrectionToFact(const Event& c, const Fact& fact, std::string* data_json,
                                       CorrectionNote* applied) {
  CorrectionResult r;
  r.target_type = std::string(fact.type());
  r.target_stream = std::string(fact.stream());
  auto reject = [&](std::string why) {
    r.outcome = CorrectionOutcome::kRejected;
    r.message = std::move(why);
    return r;
  };
  const std::string agency = c.agency.value_or("");
  if (!agency.empty() && agency != fact.agency()) {
    return reject("an agency may only correct events its own agency recorded");
  }
  const EventTypeDef* def = Catalogue::Default().Find(fact.type());
  if (def == nullptr) return reject("the corrected event's type is no longer in the catalogue");
  const Json& fields = c.data.contains("fields") ? c.data["fields"] : Json::object();
  const Json original = fact.Data();
  Json merged = original;
  Json replaced = Json::object();
  for (auto it = fields.begin(); it != fields.end(); ++it) {
    replaced[it.key()] = original.contains(it.key()) ? original[it.key()] : Json(nullptr);
    merged[it.key()] = it.value();
  }
  Status s = def->compiled_schema->Validate(merged, "/fields");
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
  *data_json = merged.dump();
  *applied = std::move(note);
  return r;
}

// --- FactStore: the arena -------------------------------------------------------

FactStore::FactStore(std::set<std::string> types) : types_(types.begin(), types.end()) {}

uint64_t FactStore::Append(const Event& e, std::string_view data) {
  // position, then each field as a length and its bytes.
  const std::string_view fields[kFields] = {
      e.id,
      e.type,
      e.stream,
      e.recorded_at,
      e.occurred_at,
      e.actor,
      e.agency ? std::string_view(*e.agency) : std::string_view(),
      data};
  uint64_t size = VarintSize(static_cast<uint64_t>(e.position));
  for (std::string_view f : fields) size += VarintSize(f.size()) + f.size();
  // A fact never spans chunks; a chunk shared with a copy of this store (or
  // borrowed from a checkpoint) is never written again.
  Chunk* last = chunks_.empty() ? nullptr : &chunks_.back();
  if (last == nullptr || last->owned == nullptr || last->owned.use_count() > 1 ||
      last->capacity - last->used < size) {
    Chunk c;
    c.start = end_;
    c.capacity = std::max<uint64_t>(kChunkBytes, size);
    c.owned = std::shared_ptr<char[]>(new char[c.capacity]);
    c.data = c.owned.get();
    chunks_.push_back(std::move(c));
    last = &chunks_.back();
  }
  // Written in place, straight into the chunk.
  const uint64_t offset = end_;
  char* begin = last->owned.get() + last->used;
  char* p = WriteVarint(begin, static_cast<uint64_t>(e.position));
  for (std::string_view f : fields) {
    p = WriteVarint(p, f.size());
    if (!f.empty()) std::memcpy(p, f.data(), f.size());
    p += f.size();
  }
  assert(static_cast<uint64_t>(p - begin) == size && "the fact's size was computed wrongly");
  last->used += size;
  end_ += size;
  ++size_;
  return offset;
}

Fact FactStore::Decode(uint64_t offset) const {
  Fact f;
  auto it = std::upper_bound(chunks_.begin(), chunks_.end(), offset,
                             [](uint64_t o, const Chunk& c) { return o < c.start; });
  if (it == chunks_.begin()) return f;
  --it;
  if (offset - it->start >= it->used) return f;
  const char* p = it->data + (offset - it->start);
  const char* end = it->data + it->used;
  uint64_t position = 0;
  if (!GetVarint(&p, end, &position)) return f;
  std::string_view fields[kFields];
  for (std::string_view& field : fields) {
    uint64_t n = 0;
    if (!GetVarint(&p, end, &n) || n > static_cast<uint64_t>(end - p)) return Fact();
    field = std::string_view(p, n);
    p += n;
  }
  f.position = static_cast<int64_t>(position);
  f.id_ = fields[0];
  f.type_ = fields[1];
  f.stream_ = fields[2];
  f.recorded_at_ = fields[3];
  f.occurred_at_ = fields[4];
  f.actor_ = fields[5];
  f.agency_ = fields[6];
  f.data_json_ = fields[7];
  if (!overrides_.empty()) {
    auto o = overrides_.find(offset);
    if (o != overrides_.end()) {
      f.data_json_ = o->second.data_json;
      f.corrections_ = &o->second.corrections;
    }
  }
  return f;
}

std::optional<Fact> FactStore::Add(const Event& e) {
  if (!Accepts(e.type)) return std::nullopt;
  // The data's canonical text is in the event's bytes; events built without
  // them (a replay of corrected facts, tests) are dumped.
  std::string_view data = EventDataText(e);
  std::string dumped;
  // The stored text holds personal values sealed ({"commit":.., "enc":..},
  // or {"enc":..} before commitments) where the event's data has them opened
  // (docs/privacy.md): the facts keep the data as readers see it, so such
  // events are dumped too.
  if (data.find("{\"enc\":\"") != std::string_view::npos ||
      data.find("{\"commit\":\"") != std::string_view::npos) {
    data = {};
  }
  if (data.empty()) {
    dumped = e.data.dump();
    data = dumped;
  }
  const uint64_t offset = Append(e, data);
  streams_[e.stream].push_back(offset);
  // The view's data text must outlive this call: the event's bytes do, `dumped` does not.
  return Fact::Of(e, dumped.empty() ? data : std::string_view());
}

size_t FactStore::Count(const std::string& stream) const {
  auto it = streams_.find(stream);
  return it == streams_.end() ? 0 : it->second.size();
}

std::vector<Fact> FactStore::Facts(const std::string& stream) const {
  std::vector<Fact> out;
  auto it = streams_.find(stream);
  if (it == streams_.end()) return out;
  out.reserve(it->second.size());
  for (uint64_t offset : it->second) out.push_back(Decode(offset));
  return out;
}

void FactStore::ForEach(const std::function<void(const Fact&)>& fn) const {
  for (const Chunk& c : chunks_) {
    const char* p = c.data;
    const char* end = c.data + c.used;
    while (p < end) {
      const uint64_t offset = c.start + static_cast<uint64_t>(p - c.data);
      const char* q = p;
      uint64_t v = 0;
      if (!GetVarint(&q, end, &v)) return;
      for (int i = 0; i < kFields; ++i) {
        if (!GetVarint(&q, end, &v) || v > static_cast<uint64_t>(end - q)) return;
        q += v;
      }
      fn(Decode(offset));
      p = q;
    }
  }
}

void FactStore::IndexIds() {
  if (indexed_end_ == end_) return;
  for (const Chunk& c : chunks_) {
    if (c.start + c.used <= indexed_end_) continue;
    const char* p = c.data + (indexed_end_ > c.start ? indexed_end_ - c.start : 0);
    const char* end = c.data + c.used;
    while (p < end) {
      const uint64_t offset = c.start + static_cast<uint64_t>(p - c.data);
      uint64_t v = 0;
      if (!GetVarint(&p, end, &v)) break;  // Position.
      std::string_view id;
      bool ok = true;
      for (int i = 0; i < kFields && ok; ++i) {
        ok = GetVarint(&p, end, &v) && v <= static_cast<uint64_t>(end - p);
        if (ok && i == 0) id = std::string_view(p, v);
        if (ok) p += v;
      }
      if (!ok) break;
      by_id_.emplace(IdHash(id), offset);
    }
  }
  indexed_end_ = end_;
}

std::optional<CorrectionResult> FactStore::Correct(const Event& correction) {
  auto corrects = correction.data.find("corrects");
  if (corrects == correction.data.end() || !corrects->is_string()) return std::nullopt;
  const std::string& id = corrects->get_ref<const std::string&>();
  IndexIds();
  auto [first, last] = by_id_.equal_range(IdHash(id));
  for (auto it = first; it != last; ++it) {
    const uint64_t offset = it->second;
    const Fact fact = Decode(offset);
    if (fact.id() != id) continue;
    std::string data_json;
    CorrectionNote note;
    CorrectionResult r = ApplyCorrectionToFact(correction, fact, &data_json, &note);
    if (r.outcome == CorrectionOutcome::kApplied) {
      Override& o = overrides_[offset];
      o.data_json = std::move(data_json);
      o.corrections.push_back(std::move(note));
    }
    return r;
  }
  return std::nullopt;
}

// --- FactStore: snapshots --------------------------------------------------------

Json FactStore::Snapshot() const {
  Json facts = Json::array();
  for (const auto& [stream, offsets] : streams_) {
    for (uint64_t offset : offsets) facts.push_back(Decode(offset).ToJson());
  }
  return {{"facts", facts}};
}

Status FactStore::Restore(const Json& snapshot) {
  chunks_.clear();
  streams_.clear();
  overrides_.clear();
  by_id_.clear();
  borrowed_.reset();
  end_ = indexed_end_ = 0;
  size_ = 0;
  if (!snapshot.is_object() || !snapshot.contains("facts") || !snapshot["facts"].is_array()) {
    return Status::Internal("fact snapshot lacks its facts");
  }
  try {
    for (const Json& j : snapshot["facts"]) {
      Event e;
      e.position = j.at("position").get<int64_t>();
      e.id = j.at("id").get<std::string>();
      e.type = j.at("type").get<std::string>();
      e.stream = j.at("stream").get<std::string>();
      e.recorded_at = j.at("recorded_at").get<std::string>();
      e.occurred_at = j.at("occurred_at").get<std::string>();
      e.actor = j.at("actor").get<std::string>();
      const std::string agency = j.at("agency").get<std::string>();
      if (!agency.empty()) e.agency = agency;
      const Json& data = j.at("data");
      if (!data.is_object()) return Status::Internal("fact snapshot: data is not an object");
      // Stored as the original data; a corrected fact keeps its corrected data.
      e.data = data;
      const std::string text = data.dump();
      const uint64_t offset = Append(e, text);
      streams_[e.stream].push_back(offset);
      const Json& notes = j.at("corrections");
      if (notes.empty()) continue;
      Override& o = overrides_[offset];
      o.data_json = data.dump();
      for (const Json& n : notes) {
        CorrectionNote note;
        note.id = n.at("id").get<std::string>();
        note.stream = n.at("stream").get<std::string>();
        note.reason = n.at("reason").get<std::string>();
        note.recorded_at = n.at("recorded_at").get<std::string>();
        note.agency = n.at("agency").get<std::string>();
        note.fields = n.at("fields");
        note.replaced = n.at("replaced");
        o.corrections.push_back(std::move(note));
      }
    }
  } catch (const std::exception& ex) {
    return Status::Internal(std::string("fact snapshot: ") + ex.what());
  }
  return Status::Ok();
}

void FactStore::ReadArena(uint64_t from, uint64_t to,
                          const std::function<void(std::string_view)>& piece) const {
  for (const Chunk& c : chunks_) {
    const uint64_t begin = std::max(from, c.start), end = std::min(to, c.start + c.used);
    if (begin < end) piece(std::string_view(c.data + (begin - c.start), end - begin));
  }
}

uint64_t FactStore::ArenaChecksumTo(uint64_t to) const {
  ArenaChecksum sum;
  ReadArena(0, to, [&](std::string_view p) { sum.Add(p.data(), p.size()); });
  return sum.Finish();
}

void FactStore::Save(CheckpointWriter& out, const std::string& name) const {
  // The arena: kept by the writer's ArenaFiles (shared between checkpoints)
  // or inside the checkpoint.
  std::optional<std::string> reference;
  if (out.arenas() != nullptr && end_ > 0) {
    Result<std::string> kept = out.arenas()->Keep(
        name, end_,
        [this](uint64_t from, uint64_t to, const auto& piece) { ReadArena(from, to, piece); });
    if (kept.ok()) reference = std::move(*kept);
  }
  if (reference) {
    out.U64(1);
    out.Str(*reference);
    out.U64(end_);
  } else {
    out.U64(0);
    out.U64(end_);
    ReadArena(0, end_, [&](std::string_view p) { out.Raw(p); });
  }
  out.U64(ArenaChecksumTo(end_));
  out.U64(size_);
  out.U64(streams_.size());
  for (const auto& [stream, offsets] : streams_) {
    out.Str(stream);
    out.U64(offsets.size());
    uint64_t previous = 0;
    for (uint64_t offset : offsets) {
      out.U64(offset - previous);
      previous = offset;
    }
  }
  out.U64(overrides_.size());
  for (const auto& [offset, o] : overrides_) {
    out.U64(offset);
    out.Str(o.data_json);
    Io(out, o.corrections);
  }
}

Status FactStore::Load(CheckpointReader& in) {
  chunks_.clear();
  streams_.clear();
  overrides_.clear();
  by_id_.clear();
  borrowed_.reset();
  indexed_end_ = 0;
  const uint64_t kept = in.U64();
  std::string_view arena;
  std::shared_ptr<const void> owner = in.owner();
  if (kept == 1) {
    const std::string reference = in.Str();
    end_ = in.U64();
    if (!in.ok() || in.arenas() == nullptr)
      return Status::Internal("checkpoint is damaged (facts)");
    auto opened = in.arenas()->Open(reference);
    if (!opened.ok()) return opened.status();
    if (opened->first.size() < end_) return Status::Internal("a fact arena is too short");
    arena = opened->first.substr(0, end_);
    owner = opened->second;
  } else {
    end_ = in.U64();
    arena = in.Raw(end_);
  }
  ArenaChecksum sum;
  sum.Add(arena.data(), arena.size());
  if (!in.ok() || in.U64() != sum.Finish())
    return Status::Internal("checkpoint is damaged (facts)");
  if (!arena.empty()) {
    Chunk c;
    c.used = c.capacity = arena.size();
    if (owner != nullptr) {
      // Zero-copy: the facts stay in the caller's bytes until a correction
      // needs them (new facts go to chunks of their own).
      borrowed_ = owner;
      c.data = arena.data();
    } else {
      c.owned = std::shared_ptr<char[]>(new char[arena.size()]);
      std::memcpy(c.owned.get(), arena.data(), arena.size());
      c.data = c.owned.get();
    }
    chunks_.push_back(std::move(c));
  }
  size_ = in.U64();
  const uint64_t streams = in.Count();
  for (uint64_t i = 0; i < streams && in.ok(); ++i) {
    std::vector<uint64_t>& offsets = streams_[in.Str()];
    const uint64_t n = in.Count();
    offsets.reserve(n);
    uint64_t offset = 0;
    for (uint64_t k = 0; k < n && in.ok(); ++k) {
      offset += in.U64();
      if (offset >= end_) in.Invalidate();
      offsets.push_back(offset);
    }
  }
  const uint64_t overrides = in.Count();
  for (uint64_t i = 0; i < overrides && in.ok(); ++i) {
    const uint64_t offset = in.U64();
    Override& o = overrides_[offset];
    o.data_json = in.Str();
    Io(in, o.corrections);
    if (offset >= end_) in.Invalidate();
  }
  return in.status("facts");
}

std::string DataString(const Json& data, const char* field, const std::string& fallback) {
  auto it = data.find(field);
  return it != data.end() && it->is_string() ? it->get<std::string>() : fallback;
}

std::vector<std::string> DataStrings(const Json& data, const char* field) {
  std::vector<std::string> out;
  auto it = data.find(field);
  if (it == data.end() || !it->is_array()) return out;
  for (const Json& v : *it) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

}  // namespace lif
