// The binary form of projection checkpoints (docs/storage.md#checkpoints).
//
// A checkpoint is derived data that must load much faster than folding the
// log again, so it is not JSON: values are written in order, integers as
// LEB128 varints (signed ones zigzag-encoded), doubles as their 8 IEEE bytes,
// strings as a length and their bytes, JSON values (rare: correction fields)
// as their compact text. Containers are a count and their items.
//
// Each record type lists its fields once with LIF_CHECKPOINT_FIELDS, which
// defines both directions, so the writer and the reader cannot disagree.
//
// The reader never throws and never trusts a count: a count larger than the
// bytes left, or a truncated value, puts it in a failed state (every later
// read returns a default value) and status() reports kInternal, so a damaged
// checkpoint is rejected and the caller folds the log instead.
//
// Ownership: the writer owns its buffer; the reader borrows its bytes, which
// must outlive it. Not thread-safe.
#pragma once

#include <cstdint>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/json.h"
#include "core/status.h"

namespace lif {

// Where the FactStores of a checkpoint keep their arenas (fact.h) when not
// inside the checkpoint's own bytes. Arenas only grow, so successive
// checkpoints can share one copy of them (the server keeps one file per
// arena; a checkpoint records how much of it it uses and its checksum).
class ArenaFiles {
 public:
  // Reads [from, to) of an arena, in pieces.
  using ArenaReader = std::function<void(uint64_t from, uint64_t to,
                                         const std::function<void(std::string_view)>& piece)>;
  virtual ~ArenaFiles() = default;
  // Makes sure that the first `size` bytes kept under the returned reference
  // are the arena's; fails when they cannot be kept (the arena is then
  // written inside the checkpoint).
  virtual Result<std::string> Keep(const std::string& name, uint64_t size,
                                   const ArenaReader& read) = 0;
  // The bytes kept under `reference` (at least as many as were kept) and what
  // keeps them alive.
  virtual Result<std::pair<std::string_view, std::shared_ptr<const void>>> Open(
      const std::string& reference) = 0;
};

class CheckpointWriter {
 public:
  // `reserve` bytes are allocated up front (a hint; the bytes grow past it as needed).
  explicit CheckpointWriter(ArenaFiles* arenas = nullptr, size_t reserve = 0) : arenas_(arenas) {
    out_.reserve(reserve);
  }
  ArenaFiles* arenas() const { return arenas_; }

  void U64(uint64_t v) {
    while (v >= 0x80) {
      out_.push_back(static_cast<char>((v & 0x7f) | 0x80));
      v >>= 7;
    }
    out_.push_back(static_cast<char>(v));
  }
  void I64(int64_t v) { U64((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63)); }
  void F64(double v) {
    char b[8];
    std::memcpy(b, &v, 8);
    out_.append(b, 8);
  }
  void Str(std::string_view s) {
    U64(s.size());
    out_.append(s.data(), s.size());
  }
  void Raw(std::string_view s) { out_.append(s.data(), s.size()); }

  const std::string& bytes() const { return out_; }
  std::string Take() { return std::move(out_); }

 private:
  ArenaFiles* arenas_;
  std::string out_;
};

class CheckpointReader {
 public:
  // `owner`, when set, keeps `bytes` alive: readers may then keep views of
  // them (FactStore borrows its arena) instead of copying.
  explicit CheckpointReader(std::string_view bytes, std::shared_ptr<const void> owner = nullptr,
                            ArenaFiles* arenas = nullptr)
      : in_(bytes), owner_(std::move(owner)), arenas_(arenas) {}
  const std::shared_ptr<const void>& owner() const { return owner_; }
  ArenaFiles* arenas() const { return arenas_; }

  uint64_t U64() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= in_.size()) return Fail();
      const uint8_t b = static_cast<uint8_t>(in_[pos_++]);
      v |= static_cast<uint64_t>(b & 0x7f) << shift;
      if ((b & 0x80) == 0) return v;
    }
    return Fail();
  }
  int64_t I64() {
    const uint64_t u = U64();
    return static_cast<int64_t>((u >> 1) ^ (~(u & 1) + 1));
  }
  double F64() {
    if (in_.size() - pos_ < 8) return static_cast<double>(Fail());
    double v;
    std::memcpy(&v, in_.data() + pos_, 8);
    pos_ += 8;
    return v;
  }
  std::string_view StrView() {
    const uint64_t n = U64();
    if (n > in_.size() - pos_) return Fail(), std::string_view();
    std::string_view s = in_.substr(pos_, n);
    pos_ += n;
    return s;
  }
  std::string Str() { return std::string(StrView()); }
  // A count of items that each take at least one byte: never more than the bytes left.
  uint64_t Count() {
    const uint64_t n = U64();
    return n > in_.size() - pos_ ? Fail() : n;
  }
  std::string_view Raw(size_t n) {
    if (n > in_.size() - pos_) return Fail(), std::string_view();
    std::string_view s = in_.substr(pos_, n);
    pos_ += n;
    return s;
  }

  bool ok() const { return ok_; }
  bool at_end() const { return pos_ == in_.size(); }
  void Invalidate() { Fail(); }
  // Ok, or kInternal naming `what` when a read failed.
  Status status(const std::string& what) const {
    return ok_ ? Status::Ok() : Status::Internal("checkpoint is damaged (" + what + ")");
  }

 private:
  uint64_t Fail() {
    ok_ = false;
    pos_ = in_.size();
    return 0;
  }

  std::string_view in_;
  std::shared_ptr<const void> owner_;
  ArenaFiles* arenas_;
  size_t pos_ = 0;
  bool ok_ = true;
};

// --- Io: one function per type and direction --------------------------------

inline void Io(CheckpointWriter& w, const std::string& v) { w.Str(v); }
inline void Io(CheckpointReader& r, std::string& v) { v = r.Str(); }
inline void Io(CheckpointWriter& w, const bool& v) { w.U64(v ? 1 : 0); }
inline void Io(CheckpointReader& r, bool& v) { v = r.U64() != 0; }
inline void Io(CheckpointWriter& w, const double& v) { w.F64(v); }
inline void Io(CheckpointReader& r, double& v) { v = r.F64(); }

template <typename T, std::enable_if_t<std::is_integral_v<T>, int> = 0>
void Io(CheckpointWriter& w, const T& v) {
  w.I64(static_cast<int64_t>(v));
}
template <typename T, std::enable_if_t<std::is_integral_v<T>, int> = 0>
void Io(CheckpointReader& r, T& v) {
  v = static_cast<T>(r.I64());
}
template <typename T, std::enable_if_t<std::is_enum_v<T>, int> = 0>
void Io(CheckpointWriter& w, const T& v) {
  w.I64(static_cast<int64_t>(v));
}
template <typename T, std::enable_if_t<std::is_enum_v<T>, int> = 0>
void Io(CheckpointReader& r, T& v) {
  v = static_cast<T>(r.I64());
}

// JSON values are rare in records (correction fields): compact text.
inline void Io(CheckpointWriter& w, const Json& v) { w.Str(v.dump()); }
inline void Io(CheckpointReader& r, Json& v) {
  std::string_view text = r.StrView();
  v = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (v.is_discarded()) r.Invalidate();
}

template <typename T>
void Io(CheckpointWriter& w, const std::optional<T>& v) {
  w.U64(v ? 1 : 0);
  if (v) Io(w, *v);
}
template <typename T>
void Io(CheckpointReader& r, std::optional<T>& v) {
  if (r.U64() != 0) {
    T item{};
    Io(r, item);
    v = std::move(item);
  } else {
    v.reset();
  }
}

template <typename A, typename B>
void Io(CheckpointWriter& w, const std::pair<A, B>& v) {
  Io(w, v.first);
  Io(w, v.second);
}
template <typename A, typename B>
void Io(CheckpointReader& r, std::pair<A, B>& v) {
  Io(r, v.first);
  Io(r, v.second);
}

template <typename T>
void Io(CheckpointWriter& w, const std::vector<T>& v) {
  w.U64(v.size());
  for (const T& item : v) Io(w, item);
}
template <typename T>
void Io(CheckpointReader& r, std::vector<T>& v) {
  const uint64_t n = r.Count();
  v.clear();
  v.reserve(n);
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    v.emplace_back();
    Io(r, v.back());
  }
}

template <typename K, typename V, typename C>
void Io(CheckpointWriter& w, const std::map<K, V, C>& m) {
  w.U64(m.size());
  for (const auto& [k, v] : m) {
    Io(w, k);
    Io(w, v);
  }
}
template <typename K, typename V, typename C>
void Io(CheckpointReader& r, std::map<K, V, C>& m) {
  const uint64_t n = r.Count();
  m.clear();
  // Keys were written in order: hint at the end.
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    K k{};
    Io(r, k);
    auto it = m.emplace_hint(m.end(), std::move(k), V{});
    Io(r, it->second);
  }
}

template <typename K, typename C>
void Io(CheckpointWriter& w, const std::set<K, C>& s) {
  w.U64(s.size());
  for (const K& k : s) Io(w, k);
}
template <typename K, typename C>
void Io(CheckpointReader& r, std::set<K, C>& s) {
  const uint64_t n = r.Count();
  s.clear();
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    K k{};
    Io(r, k);
    s.emplace_hint(s.end(), std::move(k));
  }
}

template <typename A, typename... T>
void IoAll(A& a, T&... fields) {
  (Io(a, fields), ...);
}

}  // namespace lif

// Defines Io for a record type from its fields, named as members of `v`:
//   LIF_CHECKPOINT_FIELDS(PolicyRevision, v.version, v.summary, v.effective, v.on)
// Use it in namespace lif, after the type (and the types of its fields).
#define LIF_CHECKPOINT_FIELDS(Type, ...)                                               \
  inline void Io(::lif::CheckpointWriter& a, const Type& v) { IoAll(a, __VA_ARGS__); } \
  inline void Io(::lif::CheckpointReader& a, Type& v) { IoAll(a, __VA_ARGS__); }
