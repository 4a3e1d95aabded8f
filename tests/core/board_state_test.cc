#include "core/projections/board_state.h"

#include <gtest/gtest.h>

#include "core/views/views.h"
#include "tests/support/scenario.h"

namespace lif {
namespace {

// Three learning items recorded on 1, 2 and 4 March.
class AsOfTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(testing::AppendOne(log.get(), testing::Admin(), testing::Learning("a", "A")).ok());
    world.AdvanceDays(1);
    ASSERT_TRUE(testing::AppendOne(log.get(), testing::Admin(), testing::Learning("b", "B")).ok());
    world.AdvanceDays(2);
    ASSERT_TRUE(testing::AppendOne(log.get(), testing::Admin(), testing::Learning("c", "C")).ok());
  }
  int64_t LearningTotal(const AsOf& as_of) {
    Result<BoardState> s = BuildBoardState(*log, as_of);
    EXPECT_TRUE(s.ok());
    Result<Json> v =
        RenderView("learning", *s, ViewContext{ParseDate("2026-03-10").value(), as_of, {}});
    EXPECT_TRUE(v.ok());
    return (*v)["total"].get<int64_t>();
  }
  testing::FakeWorld world;
  std::unique_ptr<MemoryLog> log = testing::NewLog(&world);
};

TEST_F(AsOfTest, ByDateIncludesTheWholeDay) {
  EXPECT_EQ(LearningTotal(ParseAsOf("2026-02-28").value()), 0);
  EXPECT_EQ(LearningTotal(ParseAsOf("2026-03-01").value()), 1);
  EXPECT_EQ(LearningTotal(ParseAsOf("2026-03-03").value()), 2);
  EXPECT_EQ(LearningTotal(ParseAsOf("2026-03-04").value()), 3);
  EXPECT_EQ(LearningTotal(ParseAsOf("").value()), 3);
}

TEST_F(AsOfTest, ByPosition) {
  EXPECT_EQ(LearningTotal(ParseAsOf("0").value()), 0);
  EXPECT_EQ(LearningTotal(ParseAsOf("2").value()), 2);
  EXPECT_EQ(LearningTotal(ParseAsOf("99").value()), 3);
}

TEST_F(AsOfTest, JudgementDateFollowsAsOf) {
  AsOf by_position = ParseAsOf("2").value();
  BoardState s = BuildBoardState(*log, by_position).value();
  EXPECT_EQ(FormatDate(JudgementDate(by_position, s, ParseDate("2026-03-10").value())),
            "2026-03-02");
  AsOf by_date = ParseAsOf("2026-03-03").value();
  EXPECT_EQ(FormatDate(JudgementDate(by_date, s, ParseDate("2026-03-10").value())), "2026-03-03");
}

TEST_F(AsOfTest, BadAsOfIsInvalid) {
  EXPECT_FALSE(ParseAsOf("yesterday").ok());
  EXPECT_FALSE(ParseAsOf("2026-02-30").ok());
}

TEST_F(AsOfTest, SnapshotRestoreRendersTheSameViews) {
  BoardState s = BuildBoardState(*log, AsOf{}).value();
  BoardState restored;
  ASSERT_TRUE(restored.Restore(s.Snapshot()).ok());
  ViewContext ctx{ParseDate("2026-03-10").value(), AsOf{}, {}};
  for (const std::string& name : ViewNames()) {
    Result<Json> a = RenderView(name, s, ctx);
    Result<Json> b = RenderView(name, restored, ctx);
    ASSERT_TRUE(a.ok() && b.ok()) << name;
    EXPECT_EQ(a->dump(), b->dump()) << name;
  }
}

}  // namespace
}  // namespace lif
