// Calendars of what is due (docs/calendars.md): GET /v1/calendars (the
// subscription URLs, with their read-only keys, for the caller's token), and
// the iCalendar feeds GET /v1/calendars/board.ics and
// /v1/calendars/agency/{agency}.ics, read with a bearer token or with the
// calendar's key in the URL (?key=cal_...), as calendar clients cannot send
// headers. Thin: the views come from the view service, the text from
// core/calendar_feed.
#include <httplib.h>

#include "core/calendar_feed/calendar_feed.h"
#include "core/event.h"
#include "server/http/route_context.h"

namespace lif::server {
namespace {

constexpr char kBoardPath[] = "/v1/calendars/board.ics";

std::string AgencyPath(const std::string& agency) {
  return "/v1/calendars/agency/" + agency + ".ics";
}

// The caller of a .ics request: the calendar key of `path` when ?key= is
// given (then no Authorization header may be sent), else the bearer token.
Result<Principal> Caller(const RouteContext& ctx, const httplib::Request& req,
                         httplib::Response& res, const std::string& path) {
  if (!req.has_param("key")) return ctx.authorize(req, res, Endpoint::kCalendar);
  if (req.has_header("Authorization")) {
    return Status::Invalid("send either a calendar key or an Authorization header", "key");
  }
  Result<Principal> p = ctx.tokens->AuthenticateCalendarKey(req.get_param_value("key"), path);
  if (!p.ok()) return p.status();
  if (Status admitted = ctx.admit(*p, res, Endpoint::kCalendar); !admitted.ok()) return admitted;
  return p;
}

void SendCalendar(const RouteContext& ctx, httplib::Response& res,
                  const calendar_feed::CalendarScope& scope, const std::string& file_name) {
  std::map<std::string, std::string> filters;
  if (scope.agency) filters["agency"] = *scope.agency;
  const AsOf latest;
  Result<Json> actions = ctx.views->Render("actions", latest, filters);
  if (!actions.ok()) return ctx.send_error(res, actions.status());
  Result<Json> reviews = ctx.views->Render("reviews", latest, {});
  if (!reviews.ok()) return ctx.send_error(res, reviews.status());
  Result<Json> timetable = ctx.views->Render("timetable", latest, {});
  if (!timetable.ok()) return ctx.send_error(res, timetable.status());
  calendar_feed::CalendarOptions options;
  Result<Date> judged = ParseDate(actions->value("judged_on", ""));
  if (!judged.ok())
    return ctx.send_error(res, Status::Internal("the actions view has no judged_on"));
  options.today = *judged;
  options.last_recorded = ctx.log->Head().recorded_at;
  const std::string text = calendar_feed::CalendarIcs(
      {std::move(*actions), std::move(*reviews), std::move(*timetable)}, scope, options);
  res.set_header("Content-Disposition", "inline; filename=\"" + file_name + "\"");
  res.set_header("Cache-Control", "private, max-age=300");
  res.set_content(text, "text/calendar; charset=utf-8");
}

}  // namespace

void RegisterCalendarRoutes(httplib::Server& s, const RouteContext& ctx) {
  s.Get("/v1/calendars", [ctx](const httplib::Request& req, httplib::Response& res) {
    Result<Principal> who = ctx.authorize(req, res, Endpoint::kCalendarKeys);
    if (!who.ok()) return ctx.send_error(res, who.status());
    std::vector<std::pair<std::string, std::string>> wanted = {{"board", kBoardPath}};
    std::optional<std::string> agency = who->agency;
    if (req.has_param("agency")) agency = req.get_param_value("agency");
    if (agency) {
      if (!ValidateStreamId("agency/" + *agency).ok()) {
        return ctx.send_error(res, Status::Invalid("agency must be an agency's id", "agency"));
      }
      wanted.push_back({"agency/" + *agency, AgencyPath(*agency)});
    }
    Json list = Json::array();
    for (const auto& [name, path] : wanted) {
      Result<std::string> key = ctx.tokens->CalendarKey(*who, path);
      if (!key.ok()) return ctx.send_error(res, key.status());
      list.push_back({{"calendar", name}, {"path", path}, {"url", path + "?key=" + *key}});
    }
    ctx.send_json(res, 200,
                  {{"calendars", list},
                   {"note",
                    "each url opens one calendar, read-only; revoking the token (DELETE "
                    "/v1/tokens/{id}) revokes its calendar keys"}});
  });

  s.Get(R"(/v1/calendars/board\.ics)", [ctx](const httplib::Request& req, httplib::Response& res) {
    Result<Principal> who = Caller(ctx, req, res, kBoardPath);
    if (!who.ok()) return ctx.send_error(res, who.status());
    SendCalendar(ctx, res, {}, "lif-board.ics");
  });

  s.Get(R"(/v1/calendars/agency/([^/]+)\.ics)",
        [ctx](const httplib::Request& req, httplib::Response& res) {
          const std::string agency = req.matches[1];
          if (!ValidateStreamId("agency/" + agency).ok()) {
            return ctx.send_error(res, Status::Invalid("not an agency's id", "agency"));
          }
          Result<Principal> who = Caller(ctx, req, res, AgencyPath(agency));
          if (!who.ok()) return ctx.send_error(res, who.status());
          SendCalendar(ctx, res, {agency}, "lif-" + agency + ".ics");
        });
}

}  // namespace lif::server
