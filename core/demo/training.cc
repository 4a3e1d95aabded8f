// The training programme: needs analyses, courses, deliveries, evaluations (board.h).
#include "core/demo/board.h"

namespace lif::demo {

void Board::TrainingYear(int year) {
  std::string period = std::to_string(year) + "-" + Pad((year + 1) % 100, 2);
  std::string tna = "tna/" + period;
  const Principal chair = Chair("wdt");
  Json needs = Json::array();
  std::vector<std::string> need_ids;
  for (size_t i = 0; i < 6; ++i) {
    const Theme& t = Themes()[(i * 2 + static_cast<size_t>(year)) % Themes().size()];
    std::string id = t.id;
    Json need = {{"id", id},
                 {"need", std::string("Practice in ") + t.phrase},
                 {"audience", "Frontline practitioners"}};
    if (i < recent_learning_.size()) need["learning"] = Json::array({recent_learning_[i]});
    needs.push_back(need);
    need_ids.push_back(id);
  }
  Emit(chair, "training.needs_analysed", tna, {{"period", period}, {"needs", needs}}, Today());
  int courses = 6 * o_.scale;
  for (int c = 0; c < courses; ++c) {
    std::string stream = Id("course/c");
    std::string need =
        need_ids[static_cast<size_t>(c) % (need_ids.size() - 1)];  // One need stays unmet.
    Emit(chair, "course.planned", stream,
         {{"title", "Multi-agency training: " + PhraseOf(need)},
          {"needs_analysis", tna},
          {"meets_needs", Json::array({need})},
          {"capacity", 30}},
         Today());
    for (Date d = Weekdayed(Plus(Today(), rng_.Between(14, 40))); d < Plus(Today(), 340);
         d = Weekdayed(Plus(d, rng_.Between(28, 56)))) {
      On(d, [this, stream, d]() { Delivery(stream, d); });
    }
  }
}

void Board::Delivery(const std::string& stream, Date d) {
  const Principal chair = Chair("wdt");
  Json attendees = Json::array();
  int total = 0;
  for (const std::string& a : DistinctAgencies(static_cast<int>(rng_.Between(3, 7)))) {
    int n = static_cast<int>(rng_.Between(1, 6));
    total += n;
    attendees.push_back({{"agency", a}, {"count", n}});
  }
  Emit(chair, "course.delivered", stream, {{"date", FormatDate(d)}, {"attendees", attendees}}, d);
  Json scores = Json::array();
  int respondents = std::min(total, 12);
  for (int i = 0; i < respondents; ++i) {
    int before = static_cast<int>(rng_.Between(2, 7));
    int after = static_cast<int>(std::min<int64_t>(10, before + rng_.Between(-1, 4)));
    scores.push_back(
        {{"delegate", "d" + Pad(i + 1, 2)}, {"before", before}, {"after", std::max(0, after)}});
  }
  On(Plus(d, rng_.Between(0, 3)), [this, stream, d, scores]() {
    Emit(
        Chair("wdt"), "course.evaluated", stream,
        {{"date", FormatDate(d)}, {"basis", "per_delegate"}, {"scale_max", 10}, {"scores", scores}},
        d);
  });
}

}  // namespace lif::demo
