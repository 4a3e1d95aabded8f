#include "core/log/append.h"

#include <gtest/gtest.h>

#include "core/log/memory_log.h"
#include "tests/support/scenario.h"

namespace lif {
namespace {

using testing::Admin;
using testing::AgencyPrincipal;
using testing::AppendOne;
using testing::FakeWorld;
using testing::Learning;

class AppendTest : public ::testing::Test {
 protected:
  FakeWorld world;
  std::unique_ptr<MemoryLog> log = testing::NewLog(&world);
};

TEST_F(AppendTest, PositionsAndVersionsAreGapFreeAndChained) {
  ASSERT_TRUE(AppendOne(log.get(), Admin(), Learning("a", "First")).ok());
  ASSERT_TRUE(AppendOne(log.get(), Admin(), Learning("b", "Second")).ok());
  Result<std::vector<Event>> all = log->ReadRange(0, 10);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].position, 1);
  EXPECT_EQ((*all)[1].position, 2);
  EXPECT_EQ((*all)[0].version, 1);
  EXPECT_EQ((*all)[1].version, 1);
  EXPECT_EQ((*all)[0].prev, ZeroHashHex());
  EXPECT_EQ((*all)[1].prev, (*all)[0].hash);
  EXPECT_EQ(log->Head().hash, (*all)[1].hash);
  EXPECT_EQ((*all)[0].actor, "tok-admin");
  EXPECT_EQ((*all)[0].recorded_at, "2026-03-01T09:00:00.000Z");
  EXPECT_EQ((*all)[0].occurred_at, "2026-03-01");  // Defaults to the recorded date.
  EXPECT_TRUE(VerifyChainLinks(LogHead{}, *all).ok());
}

TEST_F(AppendTest, ExpectedVersionConflictNamesCurrentVersion) {
  ProposedEvent first = Learning("a", "First");
  first.expected_version = 0;
  ASSERT_TRUE(AppendOne(log.get(), Admin(), first).ok());
  // learning.identified starts a stream: a second one on the same stream conflicts.
  ProposedEvent again = Learning("a", "Again");
  Result<AppendOutcome> r = AppendOne(log.get(), Admin(), again);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kConflict);
  EXPECT_EQ(r.status().current_version(), std::optional<int64_t>(1));
  ProposedEvent stale = Learning("b", "Other");
  stale.expected_version = 3;  // A creation event can only expect version 0.
  r = AppendOne(log.get(), Admin(), stale);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalid);
  EXPECT_EQ(r.status().path(), "/expected_version");
  // token.revoked continues a stream: a stale expected version is a conflict.
  ProposedEvent token;
  token.type = "token.created";
  token.stream = "token/t1";
  token.data = {
      {"token_id", "t1"}, {"name", "n"}, {"role", "board"}, {"expires_at", "2027-01-01T00:00:00Z"}};
  ASSERT_TRUE(AppendOne(log.get(), Admin(), token).ok());
  ProposedEvent revoke;
  revoke.type = "token.revoked";
  revoke.stream = "token/t1";
  revoke.data = {{"token_id", "t1"}};
  revoke.expected_version = 2;
  r = AppendOne(log.get(), Admin(), revoke);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kConflict);
  EXPECT_EQ(r.status().current_version(), std::optional<int64_t>(1));
  EXPECT_EQ(r.status().path(), "/expected_version");
  revoke.expected_version = 1;
  EXPECT_TRUE(AppendOne(log.get(), Admin(), revoke).ok());
  EXPECT_EQ(log->Head().position, 3);
}

TEST_F(AppendTest, BatchIsAllOrNothingAndNamesTheBadEvent) {
  AppendRequest req;
  req.principal = Admin();
  req.form = RequestForm::kBatch;
  req.events = {Learning("a", "One"), Learning("b", "Two"), Learning("c", "")};
  Result<AppendOutcome> r = log->Append(req);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalid);
  EXPECT_EQ(r.status().path(), "/events/2/data/title");
  EXPECT_EQ(log->Head().position, 0);
  req.events[2] = Learning("c", "Three");
  r = log->Append(req);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->events.size(), 3u);
  EXPECT_EQ(r->events[2].position, 3);
}

TEST_F(AppendTest, RecordedTimeNeverGoesBackwards) {
  ASSERT_TRUE(AppendOne(log.get(), Admin(), Learning("a", "One")).ok());
  world.AdvanceDays(-2);  // The clock steps back.
  Result<AppendOutcome> r = AppendOne(log.get(), Admin(), Learning("b", "Two"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->events[0].recorded_at, "2026-03-01T09:00:00.000Z");
}

TEST_F(AppendTest, AgencyWritesOnlyAsItself) {
  ProposedEvent mine = Learning("a", "Ours");
  mine.data["agency"] = "police";
  Result<AppendOutcome> ok = AppendOne(log.get(), AgencyPrincipal("police"), mine);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->events[0].agency, std::optional<std::string>("police"));
  ProposedEvent theirs = Learning("b", "Theirs");
  theirs.data["agency"] = "nhs-trust";
  Result<AppendOutcome> r = AppendOne(log.get(), AgencyPrincipal("police"), theirs);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kForbidden);
  EXPECT_EQ(r.status().path(), "/data/agency");
}

TEST_F(AppendTest, ReadOnlyRolesCannotWrite) {
  Result<AppendOutcome> r = AppendOne(log.get(), testing::Board(), Learning("a", "x"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kForbidden);
}

TEST_F(AppendTest, UnknownTypeAndWrongStreamKindAreInvalid) {
  ProposedEvent e = Learning("a", "x");
  e.type = "learning.invented";
  Result<AppendOutcome> r = AppendOne(log.get(), Admin(), e);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().path(), "/type");
  e = Learning("a", "x");
  e.stream = "action/a";
  r = AppendOne(log.get(), Admin(), e);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().path(), "/stream");
}

TEST_F(AppendTest, IdempotencyReplaysAndRejectsOtherBodies) {
  AppendRequest req;
  req.principal = Admin();
  req.events = {Learning("a", "One")};
  req.idempotency_key = "k-1";
  req.request_digest = "digest-1";
  Result<AppendOutcome> first = log->Append(req);
  ASSERT_TRUE(first.ok());
  EXPECT_FALSE(first->replayed);
  Result<AppendOutcome> again = log->Append(req);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->events[0].hash, first->events[0].hash);
  EXPECT_EQ(log->Head().position, 1);
  req.request_digest = "digest-2";
  Result<AppendOutcome> other = log->Append(req);
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.status().code(), StatusCode::kIdempotencyMismatch);
  // Keys are per actor: another principal may use the same key.
  req.principal = AgencyPrincipal("police");
  req.events = {Learning("b", "Two")};
  EXPECT_TRUE(log->Append(req).ok());
  EXPECT_EQ(log->Head().position, 2);
}

}  // namespace
}  // namespace lif
