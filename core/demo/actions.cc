// Actions: planning, progress, revision, completion, sign-off and reopening (board.h).
#include "core/demo/board.h"

namespace lif::demo {

void Board::PlanAction(const std::string& learning, const std::string& title) {
  auto a = std::make_shared<Action>();
  a->stream = Id("action/a");
  a->owner = RandomAgency().id;
  bool subgroup_plan = rng_.Chance(50);
  std::string plan = subgroup_plan ? "plan/lipsg" : "plan/" + a->owner;
  a->plan_owner = subgroup_plan ? "lipsg" : "";
  a->due = Weekdayed(Plus(Today(), rng_.Between(60, 200)));
  int roll = static_cast<int>(rng_.Between(0, 99));
  a->fate = roll < 45 ? 0 : roll < 65 ? 1 : roll < 80 ? 2 : roll < 92 ? 3 : 4;
  ++action_count_;
  bool typo = action_count_ % 50 == 10;  // A few due dates are mistyped, then corrected.
  Date written_due = typo ? Plus(a->due, -365) : a->due;
  Json data = {{"title", "Act on: " + title.substr(0, 250)},
               {"plan", plan},
               {"owner_agency", a->owner},
               {"lead", Pick(kLeads)},
               {"due", FormatDate(written_due)},
               {"learning", Json::array({learning})},
               {"priority", Pick(priorities_)}};
  int64_t pos = Emit(DemoAgencyPrincipal(a->owner), "action.planned", a->stream, data, Today());
  if (pos == 0) return;
  if (typo) {
    std::string target = DemoEventId(o_.seed, pos);
    std::string due = FormatDate(a->due);
    std::string owner = a->owner;
    On(Plus(Today(), rng_.Between(1, 6)), [this, target, due, owner]() {
      Emit(DemoAgencyPrincipal(owner), "correction.recorded", Id("correction/c"),
           {{"corrects", target},
            {"reason", "Typing error in the due date"},
            {"fields", {{"due", due}}}},
           Today());
    });
  }
  NextProgress(a);
}

void Board::NextProgress(const std::shared_ptr<Action>& a) {
  On(Weekdayed(Plus(Today(), rng_.Between(14, 35))), [this, a]() { Progress(a); });
}

void Board::Progress(const std::shared_ptr<Action>& a) {
  const Principal owner = DemoAgencyPrincipal(a->owner);
  Date today = Today();
  ++a->updates;
  switch (a->fate) {
    case 0:
    case 4:
      if (today >= Plus(a->due, -25)) return Complete(a);
      Emit(owner, "action.progressed", a->stream,
           {{"note", "On track: work under way with the teams."},
            {"rag", rng_.Chance(75) ? "green" : "amber"}},
           today);
      return NextProgress(a);
    case 1:
      if (today >= Plus(a->due, -10)) {
        Date revised = Weekdayed(Plus(a->due, rng_.Between(30, 90)));
        Emit(owner, "action.due_revised", a->stream,
             {{"due", FormatDate(revised)},
              {"reason", "Delayed by staff changes; agreed with the sub-group chair."}},
             today);
        a->due = revised;
        a->fate = rng_.Chance(70) ? 0 : 3;
        return NextProgress(a);
      }
      Emit(owner, "action.progressed", a->stream,
           {{"note", "Some delay: capacity in the team."}, {"rag", "amber"}}, today);
      return NextProgress(a);
    case 2:
      Emit(owner, "action.progressed", a->stream,
           {{"note", a->updates == 1 ? "Not started: waiting for a lead."
                                     : "Stalled: no capacity to take this forward."},
            {"rag", a->updates == 1 ? "amber" : "red"}},
           today);
      if (a->updates < 3) NextProgress(a);
      return;
    default:  // Runs late, then completes.
      if (today > Plus(a->due, 20) && rng_.Chance(35)) return Complete(a);
      Emit(owner, "action.progressed", a->stream,
           {{"note", today > a->due ? "Behind schedule: escalated to the sub-group."
                                    : "At risk: dependencies on another agency."},
            {"rag", today > a->due ? "red" : "amber"}},
           today);
      return NextProgress(a);
  }
}

void Board::Complete(const std::shared_ptr<Action>& a) {
  Emit(DemoAgencyPrincipal(a->owner), "action.completed", a->stream,
       {{"evidence_of_impact",
         Pick(std::vector<std::string>{
             "Re-audit of 20 cases: 18 compliant with the new procedure.",
             "Staff survey: 85 per cent know the escalation route, up from 40.",
             "Supervision records show the practice in every sampled case.",
             "The indicator improved for two quarters after the change."})}},
       Today());
  if (!rng_.Chance(85)) return;
  Principal signer = a->plan_owner.empty() ? DemoAdmin() : Chair(a->plan_owner);
  On(Weekdayed(Plus(Today(), rng_.Between(7, 30))), [this, a, signer]() {
    Emit(signer, "action.signed_off", a->stream, {{"note", "Evidence accepted."}}, Today());
    if (a->fate == 4 && !a->reopened) {
      a->reopened = true;
      On(Weekdayed(Plus(Today(), rng_.Between(20, 60))), [this, a, signer]() {
        Emit(signer, "action.reopened", a->stream,
             {{"reason", "A later audit found the change has not held."}}, Today());
        a->fate = 0;
        a->due = Weekdayed(Plus(Today(), rng_.Between(60, 120)));
        NextProgress(a);
      });
    }
  });
}

}  // namespace lif::demo
