// The reviews view on hand-made case reviews: the statutory clocks across
// Easter and the early May bank holiday of 2026, the 6-month publication
// clock, the Working Together 2015 criteria check, child death reviews by
// category and the learning-review rota.
#include <gtest/gtest.h>

#include "core/log/memory_log.h"
#include "core/projections/board_state.h"
#include "core/validation/catalogue.h"
#include "core/views/review_clocks.h"
#include "core/views/views.h"
#include "tests/support/test_digest.h"

namespace lif {
namespace {

const Principal kAdmin{"tok-admin", Role::kAdmin, std::nullopt, std::nullopt};
const char* kChild = "pn_0123456789abcdef0123456789abcdef";

Json Criteria(std::map<std::string, bool> yes) {
  Json c = Json::object();
  for (const char* k :
       {"abuse_or_neglect_known_or_suspected", "child_died", "child_seriously_harmed",
        "concern_about_agencies_working_together", "died_in_custody_or_secure_setting",
        "died_detained_under_mental_health_act", "suspected_suicide"}) {
    c[k] = yes.count(k) ? yes[k] : false;
  }
  return c;
}

class ReviewsViewTest : public ::testing::Test {
 protected:
  ReviewsViewTest()
      : log_(
            testing::TestSha256(), &Catalogue::Default(),
            [] { return StartOf(*ParseDate("2026-04-01")); },
            [this] {
              char buf[64];
              std::snprintf(buf, sizeof buf, "00000000-0000-4000-8000-%012lld",
                            static_cast<long long>(++ids_));
              return std::string(buf);
            }) {}

  void Post(const std::string& type, const std::string& stream, const Json& data) {
    AppendRequest req;
    req.principal = kAdmin;
    req.events.push_back({type, stream, data, {}, {}});
    Result<AppendOutcome> out = log_.Append(req);
    ASSERT_TRUE(out.ok()) << type << ": " << out.status().ToString();
  }

  // Posts and returns the new event's id ("" on failure, which fails the test).
  std::string PostId(const std::string& type, const std::string& stream, const Json& data) {
    AppendRequest req;
    req.principal = kAdmin;
    req.events.push_back({type, stream, data, {}, {}});
    Result<AppendOutcome> out = log_.Append(req);
    EXPECT_TRUE(out.ok()) << type << ": " << out.status().ToString();
    return out.ok() ? out->events[0].id : std::string();
  }

  void Open(const std::string& stream, const std::string& regime, const std::string& aware_on) {
    Post("review.opened", stream,
         {{"regime", regime},
          {"title", stream},
          {"child", kChild},
          {"incident_date", aware_on},
          {"aware_on", aware_on},
          {"lead_agency", "hartlepool-council"}});
  }

  Json Render(const char* today) {
    Result<BoardState> state = BuildBoardState(log_, AsOf{});
    EXPECT_TRUE(state.ok());
    Result<Json> view = RenderView("reviews", *state, ViewContext{*ParseDate(today), AsOf{}, {}});
    EXPECT_TRUE(view.ok()) << view.status().ToString();
    return view.ok() ? *view : Json();
  }

  static const Json& Review(const Json& view, const std::string& stream) {
    for (const Json& r : view["case_reviews"]["items"]) {
      if (r["stream"] == stream) return r;
    }
    static const Json kNull;
    ADD_FAILURE() << "no review " << stream;
    return kNull;
  }

  MemoryLog log_;
  int64_t ids_ = 0;
};

// Aware on Thursday 2 April 2026. Good Friday (3rd), the weekend and Easter
// Monday (6th) do not count: Tue 7 (1), Wed 8 (2), Thu 9 (3), Fri 10 (4),
// Mon 13 (5), so the notification is due on Monday 13 April.
TEST_F(ReviewsViewTest, NotificationClockAcrossEaster) {
  Open("review/a", "cspr_2018", "2026-04-02");
  Json n = Review(Render("2026-04-09"), "review/a")["clocks"]["notification"];
  EXPECT_EQ(n["due"], "2026-04-13");
  EXPECT_EQ(n["working_days_elapsed"], 3);  // 7, 8, 9 April.
  EXPECT_EQ(n["working_days_left"], 2);     // 10 and 13 April.
  EXPECT_EQ(n["state"], "open");
  EXPECT_EQ(n["near_deadline"], true);
  // On Easter Monday itself nothing has elapsed yet.
  n = Review(Render("2026-04-06"), "review/a")["clocks"]["notification"];
  EXPECT_EQ(n["working_days_elapsed"], 0);
  EXPECT_EQ(n["working_days_left"], 5);
  EXPECT_EQ(n["near_deadline"], false);
  // The due day is still open, with nothing left; the day after it is overdue.
  n = Review(Render("2026-04-13"), "review/a")["clocks"]["notification"];
  EXPECT_EQ(n["state"], "open");
  EXPECT_EQ(n["working_days_left"], 0);
  Json late = Review(Render("2026-04-14"), "review/a");
  EXPECT_EQ(late["clocks"]["notification"]["state"], "overdue");
  EXPECT_EQ(late["clocks"]["notification"]["working_days_left"], -1);
  EXPECT_EQ(late["overdue"], true);
  // The rapid review clock waits for the notification.
  EXPECT_EQ(late["clocks"]["rapid_review"]["state"], "not_started");
  EXPECT_EQ(late["clocks"]["publication"], nullptr);
  EXPECT_EQ(late["stage"], "opened");
}

// Notified on the due day, Monday 13 April: met in 5 working days. The rapid
// review is due 15 working days later: 14-17 April (4), 20-24 (9),
// 27-30 April and Friday 1 May (14), then Monday 4 May is the early May bank
// holiday, so Tuesday 5 May (15).
TEST_F(ReviewsViewTest, RapidReviewClockAcrossTheEarlyMayHoliday) {
  Open("review/a", "cspr_2018", "2026-04-02");
  Post("review.notified", "review/a", {{"notified_on", "2026-04-13"}});
  Json view = Render("2026-05-05");
  const Json& a = Review(view, "review/a");
  EXPECT_EQ(a["clocks"]["notification"]["state"], "met");
  EXPECT_EQ(a["clocks"]["notification"]["working_days_elapsed"], 5);
  EXPECT_EQ(a["clocks"]["notification"]["working_days_left"], nullptr);
  const Json& rr = a["clocks"]["rapid_review"];
  EXPECT_EQ(rr["starts"], "2026-04-13");
  EXPECT_EQ(rr["due"], "2026-05-05");
  EXPECT_EQ(rr["working_days_elapsed"], 15);
  EXPECT_EQ(rr["working_days_left"], 0);
  EXPECT_EQ(rr["state"], "open");
  EXPECT_EQ(Review(Render("2026-05-06"), "review/a")["clocks"]["rapid_review"]["state"], "overdue");
  // Completed a day late.
  Post("review.rapid_review_completed", "review/a",
       {{"completed_on", "2026-05-06"}, {"recommendation", "lcspr"}});
  const Json done = Review(Render("2026-06-01"), "review/a")["clocks"]["rapid_review"];
  EXPECT_EQ(done["state"], "late");
  EXPECT_EQ(done["working_days_elapsed"], 16);
}

TEST_F(ReviewsViewTest, RapidReviewCompletedOnTheDueDayIsMet) {
  Open("review/a", "cspr_2018", "2026-04-02");
  Post("review.notified", "review/a", {{"notified_on", "2026-04-13"}});
  Post("review.rapid_review_completed", "review/a",
       {{"completed_on", "2026-05-05"}, {"recommendation", "no_lcspr"}});
  Json a = Review(Render("2026-05-20"), "review/a");
  EXPECT_EQ(a["clocks"]["rapid_review"]["state"], "met");
  EXPECT_EQ(a["stage"], "rapid_review_completed");
  EXPECT_EQ(a["overdue"], false);
}

// A decision to hold an LCSPR on 2 February 2026 is due for publication by
// 2 August 2026; on 10 July, 158 days have passed and 23 are left (near).
TEST_F(ReviewsViewTest, PublicationClockSixMonthsFromTheDecision) {
  Open("review/c", "cspr_2018", "2026-01-05");
  Post("review.notified", "review/c", {{"notified_on", "2026-01-07"}});
  Post("review.rapid_review_completed", "review/c",
       {{"completed_on", "2026-01-21"}, {"recommendation", "lcspr"}});
  Post("review.referred", "review/c",
       {{"referred_on", "2026-01-21"},
        {"referred_by", "hartlepool-council"},
        {"criteria", Criteria({{"abuse_or_neglect_known_or_suspected", true},
                               {"child_seriously_harmed", true},
                               {"concern_about_agencies_working_together", true}})}});
  Post("review.decided", "review/c",
       {{"decided_on", "2026-02-02"},
        {"decision", "hold"},
        {"review_kind", "lcspr"},
        {"rationale", "Serious harm and concerns about joint working"}});
  Json c = Review(Render("2026-07-10"), "review/c");
  const Json& p = c["clocks"]["publication"];
  EXPECT_EQ(p["due"], "2026-08-02");
  EXPECT_EQ(p["days_elapsed"], 158);
  EXPECT_EQ(p["days_left"], 23);
  EXPECT_EQ(p["state"], "open");
  EXPECT_EQ(p["near_deadline"], true);
  EXPECT_EQ(c["stage"], "decided_to_hold");
  EXPECT_EQ(c["criteria_check"]["outcome"], "mandatory");
  EXPECT_EQ(c["criteria_check"]["against_criteria"], false);
  // 6 June: 57 days left, not yet near.
  EXPECT_EQ(Review(Render("2026-06-06"), "review/c")["clocks"]["publication"]["near_deadline"],
            false);
  // Due day still open; the day after overdue.
  EXPECT_EQ(Review(Render("2026-08-02"), "review/c")["clocks"]["publication"]["state"], "open");
  EXPECT_EQ(Review(Render("2026-08-03"), "review/c")["clocks"]["publication"]["state"], "overdue");
  Post("review.published", "review/c", {{"published_on", "2026-08-02"}});
  Json published = Review(Render("2026-09-01"), "review/c");
  EXPECT_EQ(published["clocks"]["publication"]["state"], "met");
  EXPECT_EQ(published["stage"], "published");
}

TEST_F(ReviewsViewTest, CriteriaCheckFlagsADecisionAgainstTheCriteriaWithoutRationale) {
  // B: 2015 regime, abuse and death: an SCR is mandatory; not held, no rationale.
  Open("review/b", "scr_2015", "2016-03-01");
  Post("review.referred", "review/b",
       {{"referred_on", "2016-03-02"},
        {"referred_by", "police"},
        {"criteria",
         Criteria({{"abuse_or_neglect_known_or_suspected", true}, {"child_died", true}})}});
  Post("review.decided", "review/b", {{"decided_on", "2016-03-20"}, {"decision", "not_hold"}});
  // D: a death in custody (should always be reviewed); not held, with a rationale.
  Open("review/d", "scr_2015", "2017-05-01");
  Post("review.referred", "review/d",
       {{"referred_on", "2017-05-02"},
        {"referred_by", "police"},
        {"criteria",
         Criteria({{"child_died", true}, {"died_in_custody_or_secure_setting", true}})}});
  Post("review.decided", "review/d",
       {{"decided_on", "2017-05-20"},
        {"decision", "not_hold"},
        {"rationale", "Reviewed by the Prisons and Probation Ombudsman"}});
  // E: criteria not met; not held without a rationale is not flagged.
  Open("review/e", "scr_2015", "2017-06-01");
  Post("review.referred", "review/e",
       {{"referred_on", "2017-06-02"},
        {"referred_by", "police"},
        {"criteria", Criteria({{"child_seriously_harmed", true}})}});
  Post("review.decided", "review/e", {{"decided_on", "2017-06-20"}, {"decision", "not_hold"}});

  Json view = Render("2026-04-01");
  const Json& b = Review(view, "review/b");
  EXPECT_EQ(b["criteria_check"]["outcome"], "mandatory");
  EXPECT_EQ(b["criteria_check"]["reasons"], Json::parse(R"(["abuse_or_neglect_and_child_died"])"));
  EXPECT_EQ(b["criteria_check"]["against_criteria"], true);
  EXPECT_EQ(b["criteria_check"]["flag"], "decision_against_criteria_without_rationale");
  // The 2015 regime has no notification or rapid review clocks.
  EXPECT_EQ(b["clocks"]["notification"], nullptr);
  EXPECT_EQ(b["clocks"]["rapid_review"], nullptr);
  EXPECT_EQ(b["stage"], "decided_not_to_hold");
  const Json& d = Review(view, "review/d");
  EXPECT_EQ(d["criteria_check"]["outcome"], "expected");
  EXPECT_EQ(d["criteria_check"]["against_criteria"], true);
  EXPECT_EQ(d["criteria_check"]["flag"], nullptr);
  const Json& e = Review(view, "review/e");
  EXPECT_EQ(e["criteria_check"]["outcome"], "not_met");
  EXPECT_EQ(e["criteria_check"]["flag"], nullptr);
  EXPECT_EQ(view["case_reviews"]["flagged_decisions"], 1);
  EXPECT_EQ(view["case_reviews"]["total"], 3);
}

TEST_F(ReviewsViewTest, ClocksUseAddedHolidays) {
  // Aware on Friday 28 April 2028; Monday 1 May 2028 is not shipped.
  Open("review/f", "cspr_2018", "2028-04-28");
  EXPECT_EQ(Review(Render("2028-04-28"), "review/f")["clocks"]["notification"]["due"],
            "2028-05-05");
  Post("calendar.holiday_added", "calendar/england-and-wales",
       {{"date", "2028-05-01"}, {"name", "Early May bank holiday"}});
  EXPECT_EQ(Review(Render("2028-04-28"), "review/f")["clocks"]["notification"]["due"],
            "2028-05-08");
}

TEST_F(ReviewsViewTest, ChildDeathReviewsByCategoryAndModifiableFactors) {
  auto notify = [&](const std::string& stream) {
    Post("cdr.notified", stream,
         {{"child", kChild},
          {"date_of_death", "2026-01-10"},
          {"age_band", "1_to_4"},
          {"expected", "unexpected"},
          {"notified_by", "health"}});
  };
  notify("cdr/1");
  notify("cdr/2");
  notify("cdr/3");
  notify("cdr/4");
  Post("cdr.reviewed", "cdr/1",
       {{"reviewed_on", "2026-03-01"},
        {"category", "trauma_and_other_external_factors"},
        {"modifiable_factors", "yes"},
        {"factors", {"unsafe sleeping"}}});
  Post("cdr.reviewed", "cdr/2",
       {{"reviewed_on", "2026-03-01"},
        {"category", "trauma_and_other_external_factors"},
        {"modifiable_factors", "no"}});
  Post("cdr.reviewed", "cdr/3",
       {{"reviewed_on", "2026-03-01"}, {"category", "infection"}, {"modifiable_factors", "no"}});
  Json cdr = Render("2026-04-01")["child_death_reviews"];
  EXPECT_EQ(cdr["total"], 4);
  EXPECT_EQ(cdr["reviewed"], 3);
  EXPECT_EQ(cdr["awaiting_review"], 1);
  EXPECT_EQ(cdr["modifiable_factors"], Json::parse(R"({"yes":1,"no":2})"));
  EXPECT_EQ(cdr["by_category"],
            Json::parse(R"({"infection":{"total":1,"modifiable_yes":0,"modifiable_no":1},
                            "trauma_and_other_external_factors":
                              {"total":2,"modifiable_yes":1,"modifiable_no":1}})"));
  EXPECT_EQ(cdr["items"][3]["status"], "awaiting_review");
  EXPECT_EQ(cdr["items"][0]["factors"], Json::parse(R"(["unsafe sleeping"])"));
}

TEST_F(ReviewsViewTest, LearningReviewRotaShowsWhoIsLate) {
  Post("learning_review.received", "learning-review/n1",
       {{"scope", "national"},
        {"title", "Safeguarding infants"},
        {"publisher", "Panel"},
        {"published_on", "2026-01-15"}});
  Post("learning_review.assigned", "learning-review/n1",
       {{"presenter_agency", "health"}, {"meeting_date", "2026-03-10"}});
  Post("learning_review.assigned", "learning-review/n1",
       {{"presenter_agency", "police"}, {"meeting_date", "2026-06-09"}});
  Post("learning_review.presented", "learning-review/n1",
       {{"presented_on", "2026-03-10"}, {"presenter_agency", "health"}});
  // On the police's meeting day they are not late yet; the day after they are.
  Json on_day = Render("2026-06-09")["learning_reviews"];
  EXPECT_EQ(on_day["overdue_presentations"], 0);
  Json after = Render("2026-06-10")["learning_reviews"];
  EXPECT_EQ(after["overdue_presentations"], 1);
  EXPECT_EQ(after["items"][0]["rota"][0]["presented"], true);
  EXPECT_EQ(after["items"][0]["rota"][1]["overdue"], true);
}

TEST_F(ReviewsViewTest, CorrectionsAreHonoured) {
  const std::string opened = PostId("review.opened", "review/g",
                                    {{"regime", "cspr_2018"},
                                     {"title", "Child G"},
                                     {"child", kChild},
                                     {"incident_date", "2026-04-02"},
                                     {"aware_on", "2026-04-02"},
                                     {"lead_agency", "hartlepool-council"}});
  Post("review.referred", "review/g",
       {{"referred_on", "2026-04-07"},
        {"referred_by", "police"},
        {"criteria",
         Criteria({{"abuse_or_neglect_known_or_suspected", true}, {"child_died", true}})}});
  const std::string decided = PostId("review.decided", "review/g",
                                     {{"decided_on", "2026-04-20"}, {"decision", "not_hold"}});
  Json before = Review(Render("2026-04-21"), "review/g");
  EXPECT_EQ(before["criteria_check"]["flag"], "decision_against_criteria_without_rationale");
  EXPECT_EQ(before["clocks"]["notification"]["due"], "2026-04-13");
  // The rationale was given at the meeting but left out of the record.
  Post("correction.recorded", "correction/c1",
       {{"corrects", decided},
        {"reason", "Rationale omitted"},
        {"fields", {{"rationale", "The death was from natural causes"}}}});
  // The local authority became aware on Wednesday 8 April, not on the 2nd: the
  // notification is due Thu 9 (1), Fri 10 (2), Mon 13 (3), Tue 14 (4), Wed 15 April (5).
  Post("correction.recorded", "correction/c2",
       {{"corrects", opened},
        {"reason", "Date of awareness"},
        {"fields", {{"aware_on", "2026-04-08"}}}});
  Json after = Review(Render("2026-04-21"), "review/g");
  EXPECT_EQ(after["criteria_check"]["flag"], nullptr);
  EXPECT_EQ(after["criteria_check"]["against_criteria"], true);
  EXPECT_EQ(after["rationale"], "The death was from natural causes");
  EXPECT_EQ(after["clocks"]["notification"]["due"], "2026-04-15");
  // A correction that breaks the type's rules is not applied.
  Post("correction.recorded", "correction/c3",
       {{"corrects", opened}, {"reason", "Bad"}, {"fields", {{"aware_on", "2026-04-01"}}}});
  Result<BoardState> state = BuildBoardState(log_, AsOf{});
  ASSERT_TRUE(state.ok());
  EXPECT_EQ(state->corrections().entries().back().outcome, "rejected");
  EXPECT_EQ(Review(Render("2026-04-21"), "review/g")["aware_on"], "2026-04-08");
  // The corrected state survives a snapshot.
  BoardState restored;
  ASSERT_TRUE(restored.Restore(state->Snapshot()).ok());
  ViewContext ctx{*ParseDate("2026-04-21"), AsOf{}, {}};
  EXPECT_EQ(RenderView("reviews", restored, ctx)->dump(),
            RenderView("reviews", *state, ctx)->dump());
}

TEST(ReviewClocksTest, WeekendAwarenessStartsOnMonday) {
  // Aware on Saturday 28 November 2026: due Friday 4 December.
  CaseReview r;
  r.regime = "cspr_2018";
  r.aware_on = "2026-11-28";
  Json c = ReviewClocks(r, WorkingDaysCalendar::EnglandAndWales(), *ParseDate("2026-11-29"));
  EXPECT_EQ(c["notification"]["due"], "2026-12-04");
  EXPECT_EQ(c["notification"]["working_days_elapsed"], 0);
  EXPECT_EQ(c["notification"]["working_days_left"], 5);
  // Christmas: aware Wednesday 23 December 2026 -> 24 (1), 29 (2), 30 (3), 31 (4), 4 Jan (5).
  r.aware_on = "2026-12-23";
  c = ReviewClocks(r, WorkingDaysCalendar::EnglandAndWales(), *ParseDate("2026-12-23"));
  EXPECT_EQ(c["notification"]["due"], "2027-01-04");
}

}  // namespace
}  // namespace lif
