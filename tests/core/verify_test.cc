#include "core/log/verify.h"

#include <gtest/gtest.h>

#include "tests/support/scenario.h"

namespace lif {
namespace {

// A log whose stored bytes a test can damage: wraps a MemoryLog's events.
class DamagedLog : public EventLog {
 public:
  explicit DamagedLog(std::vector<Event> events) : events_(std::move(events)) {}
  Result<AppendOutcome> Append(AppendRequest) override { return Status::Internal("read only"); }
  Result<std::vector<Event>> ReadRange(int64_t, size_t) const override { return events_; }
  Result<std::vector<Event>> ReadStream(std::string_view, int64_t, size_t) const override {
    return events_;
  }
  Status Scan(int64_t after, int64_t up_to,
              const std::function<IterationDecision(const Event&)>& fn) const override {
    for (const Event& stored : events_) {
      if (stored.position <= after || stored.position > up_to) continue;
      // Decode the stored bytes as a real store does.
      Result<Event> e = DecodeStoredEvent(stored.canonical, testing::TestSha256());
      if (!e.ok()) {
        return Status::Internal("position " + std::to_string(stored.position) + ": " +
                                e.status().message());
      }
      if (fn(*e) == IterationDecision::kBreak) break;
    }
    return Status::Ok();
  }
  LogHead Head() const override {
    return LogHead{events_.back().position, events_.back().hash, events_.back().recorded_at};
  }
  std::vector<Event>& events() { return events_; }

 private:
  std::vector<Event> events_;
};

std::vector<Event> FiveEvents() {
  testing::FakeWorld world;
  auto log = testing::NewLog(&world);
  for (int i = 0; i < 5; ++i) {
    EXPECT_TRUE(
        testing::AppendOne(log.get(), testing::Admin(), testing::Learning(std::to_string(i), "T"))
            .ok());
  }
  return log->ReadRange(0, 10).value();
}

TEST(VerifyTest, IntactLogVerifies) {
  DamagedLog log(FiveEvents());
  Result<VerifyReport> r = VerifyLog(log, log.Head());
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->ok);
  EXPECT_EQ(r->length, 5);
  EXPECT_EQ(r->head, log.Head().hash);
}

TEST(VerifyTest, NamesAnEditedMiddleEvent) {
  DamagedLog log(FiveEvents());
  LogHead head = log.Head();
  std::string& bytes = log.events()[2].canonical;  // Position 3.
  bytes.replace(bytes.find("\"T\""), 3, "\"X\"");  // Still canonical JSON.
  Result<VerifyReport> r = VerifyLog(log, head);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->ok);
  EXPECT_EQ(r->first_bad_position, 3);
}

TEST(VerifyTest, NamesAnEditedLastEventAgainstTheHead) {
  DamagedLog log(FiveEvents());
  LogHead head = log.Head();
  std::string& bytes = log.events()[4].canonical;
  bytes.replace(bytes.find("\"T\""), 3, "\"Y\"");
  Result<VerifyReport> r = VerifyLog(log, head);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->ok);
  EXPECT_EQ(r->first_bad_position, 5);
}

TEST(VerifyTest, NamesUndecodableBytes) {
  DamagedLog log(FiveEvents());
  LogHead head = log.Head();
  log.events()[1].canonical[0] = '[';
  Result<VerifyReport> r = VerifyLog(log, head);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->ok);
  EXPECT_EQ(r->first_bad_position, 2);
}

}  // namespace
}  // namespace lif
