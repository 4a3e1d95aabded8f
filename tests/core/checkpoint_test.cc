// Checkpoints and the incremental folds (core/projections/checkpoint_io.h,
// BoardState::SaveBinary/LoadBinary): a state saved and loaded again, a state
// folded again from its facts (the path a correction takes) and a state
// continued from a checkpoint all render exactly the views of the state folded
// event by event; damaged checkpoint bytes are refused.
#include <gtest/gtest.h>

#include <memory>

#include "core/demo/generator.h"
#include "core/log/memory_log.h"
#include "core/projections/board_state.h"
#include "core/projections/checkpoint_io.h"
#include "core/validation/catalogue.h"
#include "core/views/views.h"
#include "tests/support/test_digest.h"

namespace lif {
namespace {

// The demo board (seed 1, one year to 2026-06-30; it holds corrections of
// several projections' events), appended once to a MemoryLog.
const MemoryLog& Board() {
  static const MemoryLog* log = [] {
    auto clock = std::make_shared<Timestamp>();
    auto* l = new MemoryLog(
        testing::TestSha256(), &Catalogue::Default(), [clock]() { return *clock; },
        DemoEventIds(1));
    DemoOptions o;
    o.end = *ParseDate("2026-06-30");
    Status s = GenerateDemo(o, [&](const DemoStep& step) -> Status {
      *clock = step.recorded_at;
      AppendRequest req = step.request;
      Result<AppendOutcome> r = l->Append(std::move(req));
      return r.ok() ? Status::Ok() : r.status();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return l;
  }();
  return *log;
}

// Every view of `state`, as one JSON object by view name.
Json AllViews(const BoardState& state, const AsOf& as_of = AsOf{}) {
  ViewContext ctx;
  ctx.today = *ParseDate("2026-07-01");
  ctx.as_of = as_of;
  Json out = Json::object();
  for (const std::string& name : ViewNames()) {
    Result<Json> v = RenderView(name, state, ctx);
    EXPECT_TRUE(v.ok()) << name;
    out[name] = v.ok() ? *v : Json();
  }
  return out;
}

TEST(BoardCheckpointTest, BinaryRoundTripKeepsEveryView) {
  Result<BoardState> state = BuildBoardState(Board(), AsOf{});
  ASSERT_TRUE(state.ok());
  const std::string bytes = state->SaveBinary();
  BoardState loaded;
  ASSERT_TRUE(loaded.LoadBinary(bytes).ok());
  EXPECT_EQ(loaded.position(), state->position());
  EXPECT_EQ(loaded.last_recorded_at(), state->last_recorded_at());
  EXPECT_EQ(AllViews(loaded), AllViews(*state));
  EXPECT_EQ(loaded.Snapshot(), state->Snapshot());
  // Saving the loaded state gives the same bytes.
  EXPECT_EQ(loaded.SaveBinary(), bytes);
}

TEST(BoardCheckpointTest, FoldingAgainFromFactsEqualsTheIncrementalFold) {
  // Restore(JSON) folds every record again from its facts, as a correction
  // does for one stream; Apply folds one fact at a time.
  Result<BoardState> state = BuildBoardState(Board(), AsOf{});
  ASSERT_TRUE(state.ok());
  ASSERT_FALSE(state->corrections().entries().empty());
  BoardState refolded;
  ASSERT_TRUE(refolded.Restore(state->Snapshot()).ok());
  EXPECT_EQ(AllViews(refolded), AllViews(*state));
}

TEST(BoardCheckpointTest, ContinuingFromACheckpointEqualsFoldingFromTheStart) {
  const int64_t head = Board().Head().position;
  AsOf at;
  at.kind = AsOf::Kind::kPosition;
  at.position = head / 3;
  Result<BoardState> early = BuildBoardState(Board(), at);
  ASSERT_TRUE(early.ok());
  for (const char* date : {"2025-12-01", "2026-03-15", "2026-06-29"}) {
    AsOf as_of;
    as_of.kind = AsOf::Kind::kDate;
    as_of.date = *ParseDate(date);
    BoardState continued;
    ASSERT_TRUE(continued.LoadBinary(early->SaveBinary()).ok());
    ASSERT_TRUE(FoldAsOf(Board(), as_of, &continued).ok());
    Result<BoardState> direct = BuildBoardState(Board(), as_of);
    ASSERT_TRUE(direct.ok());
    EXPECT_EQ(continued.position(), direct->position()) << date;
    EXPECT_EQ(AllViews(continued, as_of), AllViews(*direct, as_of)) << date;
  }
}

TEST(BoardCheckpointTest, AStateSavedBeforeItsRefoldLoadsUnsettledAndSettlesTheSame) {
  // The checkpoint thread saves the live state without settling it: the
  // projections a correction left stale are not written, and the loaded state
  // folds them again from its facts at its own Settle().
  Result<std::vector<Event>> events = Board().ReadRange(0, 1000000);
  ASSERT_TRUE(events.ok());
  BoardState live;
  size_t saved_unsettled = 0;
  for (size_t i = 0; i < events->size(); ++i) {
    live.Fold((*events)[i]);
    // At most a few checkpoints: each is compared by every view.
    if (live.settled() || saved_unsettled >= 3 || i % 7 != 0) continue;
    ++saved_unsettled;
    const std::string bytes = live.SaveBinary();
    BoardState loaded;
    ASSERT_TRUE(loaded.LoadBinary(bytes).ok());
    EXPECT_FALSE(loaded.settled());
    EXPECT_EQ(loaded.position(), live.position());
    // Settled now, it renders what a fold of the same prefix renders.
    BoardState settled_now;
    ASSERT_TRUE(settled_now.LoadBinary(bytes).ok());
    settled_now.Settle();
    AsOf at;
    at.kind = AsOf::Kind::kPosition;
    at.position = live.position();
    Result<BoardState> direct = BuildBoardState(Board(), at);
    ASSERT_TRUE(direct.ok());
    EXPECT_EQ(AllViews(settled_now), AllViews(*direct)) << live.position();
    // Continued unsettled to the end, it renders what the whole fold renders.
    for (size_t j = i + 1; j < events->size(); ++j) loaded.Fold((*events)[j]);
    loaded.Settle();
    Result<BoardState> whole = BuildBoardState(Board(), AsOf{});
    ASSERT_TRUE(whole.ok());
    EXPECT_EQ(AllViews(loaded), AllViews(*whole)) << live.position();
  }
  // The demo corrects domain 1 facts: the unsettled path was taken.
  EXPECT_EQ(saved_unsettled, 3u);
}

TEST(BoardCheckpointTest, DamagedBytesAreRefused) {
  Result<BoardState> state = BuildBoardState(Board(), AsOf{});
  ASSERT_TRUE(state.ok());
  const std::string bytes = state->SaveBinary();
  for (size_t cut : {size_t{0}, size_t{5}, bytes.size() / 3, bytes.size() / 2, bytes.size() - 1}) {
    BoardState loaded;
    EXPECT_FALSE(loaded.LoadBinary(std::string_view(bytes).substr(0, cut)).ok()) << cut;
  }
  BoardState loaded;
  EXPECT_FALSE(loaded.LoadBinary(bytes + "x").ok());
  EXPECT_FALSE(loaded.LoadBinary("{\"format\": 1}").ok());
  // A flipped byte never crashes the reader: it is refused or loads something.
  for (size_t i = 17; i < bytes.size(); i += bytes.size() / 97) {
    std::string flipped = bytes;
    flipped[i] = static_cast<char>(flipped[i] ^ 0x5a);
    BoardState any;
    any.LoadBinary(flipped).IgnoreError();
  }
}

TEST(CanonicalBytesTest, AreTheEnvelopesDumpAndDecodeFindsTheData) {
  Result<std::vector<Event>> events = Board().ReadRange(0, 100000);
  ASSERT_TRUE(events.ok());
  ASSERT_GT(events->size(), 1000u);
  for (const Event& e : *events) {
    Json envelope = EventToJson(e);
    envelope.erase("hash");
    ASSERT_EQ(envelope.dump(), e.canonical) << e.position;
    ASSERT_EQ(CanonicalBytes(e), e.canonical) << e.position;
    ASSERT_EQ(EventDataText(e), e.data.dump()) << e.position;
    Result<Event> decoded = DecodeStoredEvent(e.canonical, testing::TestSha256());
    ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
    EXPECT_EQ(decoded->hash, e.hash);
    EXPECT_EQ(EventDataText(*decoded), e.data.dump()) << e.position;
  }
  // A stored event that is valid JSON but not canonical is refused.
  const Event& e = events->front();
  std::string spaced = e.canonical;
  spaced.insert(1, " ");
  EXPECT_FALSE(DecodeStoredEvent(spaced, testing::TestSha256()).ok());
  std::string floated = e.canonical;
  floated.replace(floated.find("\"position\":1"), 12, "\"position\":1.0");
  EXPECT_FALSE(DecodeStoredEvent(floated, testing::TestSha256()).ok());
}

TEST(CheckpointIoTest, IntegersStringsAndCountsRoundTrip) {
  CheckpointWriter w;
  w.I64(-1);
  w.I64(int64_t{1} << 62);
  w.U64(0);
  w.Str("héllo");
  w.F64(2.5);
  CheckpointReader r(w.bytes());
  EXPECT_EQ(r.I64(), -1);
  EXPECT_EQ(r.I64(), int64_t{1} << 62);
  EXPECT_EQ(r.U64(), 0u);
  EXPECT_EQ(r.Str(), "héllo");
  EXPECT_EQ(r.F64(), 2.5);
  EXPECT_TRUE(r.ok());
  EXPECT_TRUE(r.at_end());
  // A count larger than what is left fails instead of allocating.
  CheckpointWriter big;
  big.U64(uint64_t{1} << 40);
  CheckpointReader rb(big.bytes());
  std::vector<std::string> v;
  Io(rb, v);
  EXPECT_FALSE(rb.ok());
  EXPECT_TRUE(v.empty());
}

}  // namespace
}  // namespace lif
