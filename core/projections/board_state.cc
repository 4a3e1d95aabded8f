#include "core/projections/board_state.h"

#include <cassert>
#include <limits>
#include <type_traits>

namespace lif {

void BoardState::Fold(const Event& e) {
  assert(e.position > position_ && "events must be applied in position order");
  learning_.Apply(e);
  actions_.Apply(e);
  training_.Apply(e);
  policies_.Apply(e);
  dissemination_.Apply(e);
  assurance_.Apply(e);
  timetable_.Apply(e);
  if (stale_ == 0) {
    calendar_.Apply(e);
    reference_.Apply(e);
    indicator_series_.Apply(e);
    case_reviews_.Apply(e);
    child_death_reviews_.Apply(e);
    audits_.Apply(e);
    learning_sources_.Apply(e);
  } else {
    // A stale projection is folded again from the facts at Settle().
    const std::array<Projection*, kDomain1Count> domain1 = Domain1Projections();
    for (size_t i = 0; i < kRefoldable; ++i) {
      if ((stale_ & (1u << i)) == 0) domain1[i]->Apply(e);
    }
  }
  domain1_facts_.Apply(e);
  if (e.type == "correction.recorded") ApplyCorrection(e);
  // Closed loops: an item's registration and its dissemination record change
  // only with a learning.* event of its stream or a correction of one (above);
  // which items an action change touches, the action tracker says.
  if (e.type.compare(0, 9, "learning.") == 0) RefreshClosedLoop(e.stream);
  actions_.TakeSignedOffChanges(&loop_changes_);
  for (const std::string& learning : loop_changes_) RefreshClosedLoop(learning);
  loop_changes_.clear();
  position_ = e.position;
  last_recorded_at_ = e.recorded_at;
}

void BoardState::RefreshClosedLoop(const std::string& learning) {
  const DisseminationRecord* record = dissemination_.Find(learning);
  if (actions_.learning_all_signed_off().count(learning) != 0 && record != nullptr &&
      !record->embeddings.empty() && learning_.Find(learning) != nullptr) {
    closed_loops_.insert(learning);
  } else {
    closed_loops_.erase(learning);
  }
}

void BoardState::DeriveClosedLoops() {
  // The action tracker's Restore and Load leave it no changes to take.
  closed_loops_.clear();
  for (const std::string& learning : actions_.learning_all_signed_off()) {
    RefreshClosedLoop(learning);
  }
}

void BoardState::ApplyCorrection(const Event& e) {
  std::optional<CorrectionResult> r = learning_.ApplyCorrection(e);
  if (!r) r = actions_.ApplyCorrection(e);
  if (!r) r = training_.ApplyCorrection(e);
  if (!r) r = policies_.ApplyCorrection(e);
  if (!r) r = dissemination_.ApplyCorrection(e);
  if (!r) r = assurance_.ApplyCorrection(e);
  if (!r) r = timetable_.ApplyCorrection(e);
  if (!r) r = CorrectDomain1(e);
  // A corrected learning item or dissemination record may open or close its loop.
  if (r && r->outcome == CorrectionOutcome::kApplied) RefreshClosedLoop(r->target_stream);
  corrections_.Record(e, r);
}

std::array<Projection*, BoardState::kDomain1Count> BoardState::Domain1Projections() {
  std::array<Projection*, kDomain1Count> out{};
  size_t i = 0;
  ForEachDomain1(*this, [&](Projection& p) { out[i++] = &p; });
  return out;
}

std::array<const Projection*, BoardState::kDomain1Count> BoardState::Domain1Projections() const {
  std::array<const Projection*, kDomain1Count> out{};
  size_t i = 0;
  ForEachDomain1(*this, [&](const Projection& p) { out[i++] = &p; });
  return out;
}

std::optional<CorrectionResult> BoardState::CorrectDomain1(const Event& e) {
  std::optional<CorrectionResult> r = domain1_facts_.Correct(e);
  if (!r || r->outcome != CorrectionOutcome::kApplied) return r;
  // Only the projections that read the corrected event's type (each reads
  // its own types only) are folded again, at Settle().
  const std::array<Projection*, kDomain1Count> domain1 = Domain1Projections();
  for (size_t i = 0; i < kRefoldable; ++i) {
    if (domain1[i]->Consumes(r->target_type)) stale_ |= 1u << i;
  }
  return r;
}

void BoardState::ResetDomain1(size_t index) {
  assert(index < kRefoldable && "not a refoldable projection");
  size_t i = 0;
  ForEachDomain1(*this, [&](auto& projection) {
    using P = std::decay_t<decltype(projection)>;
    if constexpr (!std::is_same_v<P, Domain1Facts>) {
      if (i == index) projection = P();
    }
    ++i;
  });
}

void BoardState::Settle() {
  if (stale_ == 0) return;
  // Fold the stale projections again from the corrected facts, giving them
  // only the facts of the types they read.
  std::vector<Projection*> stale;
  const std::array<Projection*, kDomain1Count> domain1 = Domain1Projections();
  for (size_t i = 0; i < kRefoldable; ++i) {
    if ((stale_ & (1u << i)) == 0) continue;
    ResetDomain1(i);
    stale.push_back(domain1[i]);
  }
  stale_ = 0;
  domain1_facts_.Replay(
      [&](std::string_view t) {
        for (const Projection* p : stale) {
          if (p->Consumes(t)) return true;
        }
        return false;
      },
      [&](const Event& fact) {
        for (Projection* p : stale) {
          if (p->Consumes(fact.type)) p->Apply(fact);
        }
      });
}

Json BoardState::Snapshot() const {
  assert(settled() && "a checkpoint of a state before Settle()");
  Json out = {{"format", 1},
              {"position", position_},
              {"last_recorded_at", last_recorded_at_},
              {"projections", {{"learning", learning_.Snapshot()}}}};
  Json& p = out["projections"];
  p["actions"] = actions_.Snapshot();
  p["training"] = training_.Snapshot();
  p["policies"] = policies_.Snapshot();
  p["dissemination"] = dissemination_.Snapshot();
  p["assurance"] = assurance_.Snapshot();
  p["timetable"] = timetable_.Snapshot();
  p["corrections"] = corrections_.Snapshot();
  for (const Projection* d1 : Domain1Projections()) p[std::string(d1->name())] = d1->Snapshot();
  return out;
}

Status BoardState::Restore(const Json& s) {
  if (!s.is_object() || s.value("format", 0) != 1) {
    return Status::Internal("unknown checkpoint format");
  }
  stale_ = 0;  // The snapshot was taken settled.
  position_ = s.value("position", int64_t{0});
  last_recorded_at_ = s.value("last_recorded_at", "");
  if (!s.contains("projections") || !s["projections"].contains("learning")) {
    return Status::Internal("checkpoint lacks a projection");
  }
  const Json& p = s["projections"];
  for (const char* name : {"actions", "training", "policies", "dissemination", "assurance",
                           "timetable", "corrections"}) {
    if (!p.contains(name)) return Status::Internal(std::string("checkpoint lacks ") + name);
  }
  LIF_RETURN_IF_ERROR(actions_.Restore(p["actions"]));
  LIF_RETURN_IF_ERROR(training_.Restore(p["training"]));
  LIF_RETURN_IF_ERROR(policies_.Restore(p["policies"]));
  LIF_RETURN_IF_ERROR(dissemination_.Restore(p["dissemination"]));
  LIF_RETURN_IF_ERROR(assurance_.Restore(p["assurance"]));
  LIF_RETURN_IF_ERROR(timetable_.Restore(p["timetable"]));
  LIF_RETURN_IF_ERROR(corrections_.Restore(p["corrections"]));
  for (Projection* d1 : Domain1Projections()) {
    const std::string name(d1->name());
    if (!p.contains(name)) return Status::Internal("checkpoint lacks " + name);
    LIF_RETURN_IF_ERROR(d1->Restore(p[name]));
  }
  LIF_RETURN_IF_ERROR(learning_.Restore(p["learning"]));
  DeriveClosedLoops();
  return Status::Ok();
}

namespace {

// Version 3 added the stale mask (docs/storage.md#checkpoints).
constexpr std::string_view kBinaryMagic = "lif-board-state/3\n";

}  // namespace

std::string BoardState::SaveBinary(ArenaFiles* arenas, size_t size_hint) const {
  CheckpointWriter out(arenas, size_hint);
  out.Raw(kBinaryMagic);
  out.I64(position_);
  out.Str(last_recorded_at_);
  // A projection a correction left stale is not written: the loaded state
  // folds it again from the facts at its first Settle(), as this one would.
  out.U64(stale_);
  const std::vector<const Projection*> all = {&learning_,  &actions_,       &training_,
                                              &policies_,  &dissemination_, &assurance_,
                                              &timetable_, &corrections_};
  for (const Projection* p : all) p->Save(out);
  const std::array<const Projection*, kDomain1Count> domain1 = Domain1Projections();
  for (size_t i = 0; i < kDomain1Count; ++i) {
    if (i < kRefoldable && (stale_ & (1u << i)) != 0) continue;
    domain1[i]->Save(out);
  }
  out.Raw(kBinaryMagic);
  return out.Take();
}

Status BoardState::LoadBinary(std::string_view bytes, std::shared_ptr<const void> owner,
                              ArenaFiles* arenas) {
  CheckpointReader in(bytes, std::move(owner), arenas);
  if (in.Raw(kBinaryMagic.size()) != kBinaryMagic) {
    return Status::Internal("not a binary board state");
  }
  position_ = in.I64();
  last_recorded_at_ = in.Str();
  const uint64_t stale = in.U64();
  if (stale >= (uint64_t{1} << kRefoldable))
    return Status::Internal("checkpoint is damaged (stale)");
  stale_ = static_cast<uint32_t>(stale);
  const std::vector<Projection*> all = {&learning_,      &actions_,   &training_,  &policies_,
                                        &dissemination_, &assurance_, &timetable_, &corrections_};
  for (Projection* p : all) LIF_RETURN_IF_ERROR(p->Load(in));
  const std::array<Projection*, kDomain1Count> domain1 = Domain1Projections();
  for (size_t i = 0; i < kDomain1Count; ++i) {
    if (i < kRefoldable && (stale_ & (1u << i)) != 0) {
      ResetDomain1(i);  // Folded again from the facts at Settle().
      continue;
    }
    LIF_RETURN_IF_ERROR(domain1[i]->Load(in));
  }
  if (in.Raw(kBinaryMagic.size()) != kBinaryMagic || !in.at_end()) {
    return Status::Internal("checkpoint is damaged (trailer)");
  }
  LIF_RETURN_IF_ERROR(in.status("board state"));
  DeriveClosedLoops();
  return Status::Ok();
}

Result<AsOf> ParseAsOf(std::string_view text) {
  AsOf a;
  if (text.empty()) return a;
  bool digits = true;
  for (char c : text) digits = digits && c >= '0' && c <= '9';
  if (digits && text.size() <= 15) {
    a.kind = AsOf::Kind::kPosition;
    a.position = std::stoll(std::string(text));
    return a;
  }
  Result<Date> d = ParseDate(text);
  if (!d.ok()) return Status::Invalid("as_of must be a position or a date YYYY-MM-DD", "as_of");
  a.kind = AsOf::Kind::kDate;
  a.date = *d;
  return a;
}

bool IncludedAsOf(const AsOf& a, const Event& e) {
  switch (a.kind) {
    case AsOf::Kind::kLatest:
      return true;
    case AsOf::Kind::kPosition:
      return e.position <= a.position;
    case AsOf::Kind::kDate: {
      // recorded_at starts with the UTC date; ISO dates compare as strings.
      return e.recorded_at.compare(0, 10, FormatDate(a.date)) <= 0;
    }
  }
  return true;
}

Result<BoardState> BuildBoardState(const EventLog& log, const AsOf& as_of) {
  BoardState state;
  LIF_RETURN_IF_ERROR(FoldAsOf(log, as_of, &state));
  return state;
}

Status FoldAsOf(const EventLog& log, const AsOf& as_of, BoardState* state) {
  int64_t up_to =
      as_of.kind == AsOf::Kind::kPosition ? as_of.position : std::numeric_limits<int64_t>::max();
  if (up_to <= state->position()) {
    state->Settle();  // A checkpoint may have been saved unsettled.
    return Status::Ok();
  }
  const std::string cutoff = as_of.kind == AsOf::Kind::kDate ? FormatDate(as_of.date) : "";
  Status scanned = log.ScanForFold(state->position(), up_to, [&](const Event& e) {
    if (!cutoff.empty() && e.recorded_at.compare(0, 10, cutoff) > 0) {
      return IterationDecision::kBreak;
    }
    state->Fold(e);
    return IterationDecision::kContinue;
  });
  state->Settle();
  return scanned;
}

}  // namespace lif
