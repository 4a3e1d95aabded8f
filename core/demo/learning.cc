// Learning items: identification, presentation, dissemination and embedding (board.h).
#include "core/demo/board.h"

namespace lif::demo {

void Board::Learn(const Principal& who, const std::string& kind, const std::string& title,
                  const std::string& source_kind, const std::string& source_stream,
                  std::vector<std::string> themes, const std::string& agency) {
  const std::string stream = Id("learning/l");
  Json data = {{"title", title},
               {"kind", kind},
               {"source", {{"kind", source_kind}, {"stream", source_stream}}},
               {"themes", themes},
               {"summary", "Identified from " + source_stream + "."}};
  if (!agency.empty()) data["agency"] = agency;
  int64_t pos = Emit(who, "learning.identified", stream, data, Today());
  if (pos == 0) return;
  ++learning_count_;
  recent_learning_.push_back(stream);
  if (recent_learning_.size() > 12) recent_learning_.pop_front();
  if (learning_count_ % 40 == 7) {
    // A few titles are reworded by the business manager after the meeting.
    std::string target = DemoEventId(o_.seed, pos);
    std::string fixed = title + " (reworded at the board)";
    On(Plus(Today(), rng_.Between(5, 20)), [this, target, fixed]() {
      Emit(DemoAdmin(), "correction.recorded", Id("correction/c"),
           {{"corrects", target},
            {"reason", "Title clarified at the board meeting"},
            {"fields", {{"title", fixed}}}},
           Today());
    });
  }
  Date meeting = NextBoardMeeting(Plus(Today(), 6));
  if (rng_.Chance(85)) {
    On(meeting, [this, stream, meeting]() {
      Emit(Chair("lipsg"), "learning.presented", stream,
           {{"meeting", FormatDate(meeting)}, {"presented_by", "Chair of the LIPSG"}}, meeting);
    });
    // Every agency of a bigger partnership hears of the item: the spread grows with the scale.
    int spread = static_cast<int>(
        std::min<int64_t>(rng_.Between(3, 10) * o_.scale, static_cast<int64_t>(agencies_.size())));
    for (const std::string& a : DistinctAgencies(spread)) {
      Date when = Weekdayed(Plus(meeting, rng_.Between(3, 60)));
      const char* method = Pick(kMethods);
      int64_t reach = rng_.Between(5, 250);
      On(Plus(when, rng_.Between(0, 5)), [this, stream, a, when, method, reach]() {
        Emit(DemoAgencyPrincipal(a), "learning.disseminated", stream,
             {{"agency", a}, {"method", method}, {"date", FormatDate(when)}, {"reach", reach}},
             when);
      });
    }
    if (rng_.Chance(45)) {
      for (const std::string& a : DistinctAgencies(static_cast<int>(rng_.Between(1, 3)))) {
        On(Weekdayed(Plus(meeting, rng_.Between(90, 270))), [this, stream, a]() {
          Emit(DemoAgencyPrincipal(a), "learning.embedded", stream,
               {{"agency", a},
                {"evidence", "Re-audit of a sample of cases shows the practice is now routine."}},
               Today());
        });
      }
    }
  }
  if (kind != "good_practice") {
    int actions = static_cast<int>(rng_.Between(1, 3));
    for (int i = 0; i < actions; ++i) {
      On(Weekdayed(Plus(Today(), rng_.Between(7, 35))),
         [this, stream, title]() { PlanAction(stream, title); });
    }
  }
}

}  // namespace lif::demo
