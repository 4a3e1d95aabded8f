#include "core/projections/board_state.h"

#include <cassert>
#include <limits>

namespace lif {

void BoardState::Apply(const Event& e) {
  assert(e.position > position_ && "events must be applied in position order");
  learning_.Apply(e);
  actions_.Apply(e);
  training_.Apply(e);
  policies_.Apply(e);
  dissemination_.Apply(e);
  assurance_.Apply(e);
  timetable_.Apply(e);
  calendar_.Apply(e);
  reference_.Apply(e);
  indicator_series_.Apply(e);
  case_reviews_.Apply(e);
  child_death_reviews_.Apply(e);
  audits_.Apply(e);
  learning_sources_.Apply(e);
  domain1_facts_.Apply(e);
  if (e.type == "correction.recorded") ApplyCorrection(e);
  position_ = e.position;
  last_recorded_at_ = e.recorded_at;
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
  corrections_.Record(e, r);
}

std::vector<Projection*> BoardState::Domain1Projections() {
  return {&calendar_, &reference_, &indicator_series_, &case_reviews_, &child_death_reviews_,
          &audits_, &learning_sources_, &domain1_facts_};
}

std::vector<const Projection*> BoardState::Domain1Projections() const {
  return {&calendar_, &reference_, &indicator_series_, &case_reviews_, &child_death_reviews_,
          &audits_, &learning_sources_, &domain1_facts_};
}

std::optional<CorrectionResult> BoardState::CorrectDomain1(const Event& e) {
  std::optional<CorrectionResult> r = domain1_facts_.Correct(e);
  if (!r || r->outcome != CorrectionOutcome::kApplied) return r;
  // Fold again, from the corrected facts, only the projections that read the
  // corrected event's type (each reads its own types only), and give them only
  // the facts of the types they read.
  std::vector<Projection*> affected;
  const std::string& type = r->target_type;
  if (calendar_.Consumes(type)) {
    calendar_ = CalendarProjection();
    affected.push_back(&calendar_);
  }
  if (reference_.Consumes(type)) {
    reference_ = ReferenceData();
    affected.push_back(&reference_);
  }
  if (indicator_series_.Consumes(type)) {
    indicator_series_ = IndicatorSeries();
    affected.push_back(&indicator_series_);
  }
  if (case_reviews_.Consumes(type)) {
    case_reviews_ = CaseReviews();
    affected.push_back(&case_reviews_);
  }
  if (child_death_reviews_.Consumes(type)) {
    child_death_reviews_ = ChildDeathReviews();
    affected.push_back(&child_death_reviews_);
  }
  if (audits_.Consumes(type)) {
    audits_ = Audits();
    affected.push_back(&audits_);
  }
  if (learning_sources_.Consumes(type)) {
    learning_sources_ = LearningSources();
    affected.push_back(&learning_sources_);
  }
  if (affected.empty()) return r;
  domain1_facts_.Replay(
      [&](std::string_view t) {
        for (const Projection* p : affected) {
          if (p->Consumes(t)) return true;
        }
        return false;
      },
      [&](const Event& fact) {
        for (Projection* p : affected) {
          if (p->Consumes(fact.type)) p->Apply(fact);
        }
      });
  return r;
}

Json BoardState::Snapshot() const {
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
  return learning_.Restore(p["learning"]);
}

namespace {

constexpr std::string_view kBinaryMagic = "lif-board-state/2\n";

}  // namespace

std::string BoardState::SaveBinary(ArenaFiles* arenas) const {
  CheckpointWriter out(arenas);
  out.Raw(kBinaryMagic);
  out.I64(position_);
  out.Str(last_recorded_at_);
  const std::vector<const Projection*> all = {
      &learning_, &actions_,   &training_, &policies_,  &dissemination_,
      &assurance_, &timetable_, &corrections_};
  for (const Projection* p : all) p->Save(out);
  for (const Projection* d1 : Domain1Projections()) d1->Save(out);
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
  const std::vector<Projection*> all = {&learning_,   &actions_,   &training_,
                                        &policies_,   &dissemination_, &assurance_,
                                        &timetable_,  &corrections_};
  for (Projection* p : all) LIF_RETURN_IF_ERROR(p->Load(in));
  for (Projection* d1 : Domain1Projections()) LIF_RETURN_IF_ERROR(d1->Load(in));
  if (in.Raw(kBinaryMagic.size()) != kBinaryMagic || !in.at_end()) {
    return Status::Internal("checkpoint is damaged (trailer)");
  }
  return in.status("board state");
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
  int64_t up_to = as_of.kind == AsOf::Kind::kPosition ? as_of.position
                                                      : std::numeric_limits<int64_t>::max();
  if (up_to <= state->position()) return Status::Ok();
  const std::string cutoff = as_of.kind == AsOf::Kind::kDate ? FormatDate(as_of.date) : "";
  return log.ScanForFold(state->position(), up_to, [&](const Event& e) {
    if (!cutoff.empty() && e.recorded_at.compare(0, 10, cutoff) > 0) {
      return IterationDecision::kBreak;
    }
    state->Apply(e);
    return IterationDecision::kContinue;
  });
}

}  // namespace lif
