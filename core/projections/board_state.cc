#include "core/projections/board_state.h"

#include <cassert>
#include <limits>

namespace lif {

void BoardState::Apply(const Event& e) {
  assert(e.position > position_ && "events must be applied in position order");
  learning_.Apply(e);
  position_ = e.position;
  last_recorded_at_ = e.recorded_at;
}

Json BoardState::Snapshot() const {
  return {{"format", 1},
          {"position", position_},
          {"last_recorded_at", last_recorded_at_},
          {"projections", {{"learning", learning_.Snapshot()}}}};
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
  return learning_.Restore(s["projections"]["learning"]);
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
  int64_t up_to = as_of.kind == AsOf::Kind::kPosition ? as_of.position
                                                      : std::numeric_limits<int64_t>::max();
  const std::string cutoff = as_of.kind == AsOf::Kind::kDate ? FormatDate(as_of.date) : "";
  LIF_RETURN_IF_ERROR(log.Scan(0, up_to, [&](const Event& e) {
    if (!cutoff.empty() && e.recorded_at.compare(0, 10, cutoff) > 0) {
      return IterationDecision::kBreak;
    }
    state.Apply(e);
    return IterationDecision::kContinue;
  }));
  return state;
}

}  // namespace lif
