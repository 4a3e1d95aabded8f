// The board's annual report (docs/annual-report.md): GET /v1/reports/annual
// ?year=YYYY[&format=json|html|csv]. Thin: the state as of the year's end
// comes from the view service, the figures and the document from
// core/report, the signed head from the integrity service.
#include <httplib.h>

#include "core/report/annual_report.h"
#include "server/http/route_context.h"

namespace lif::server {

void RegisterReportRoutes(httplib::Server& s, const RouteContext& ctx) {
  s.Get("/v1/reports/annual", [ctx](const httplib::Request& req, httplib::Response& res) {
    Result<Principal> who = ctx.authorize(req, res, Endpoint::kReports);
    if (!who.ok()) return ctx.send_error(res, who.status());
    if (!req.has_param("year")) {
      return ctx.send_error(res,
                            Status::Invalid("give the reporting year, e.g. year=2025", "year"));
    }
    Result<ReportingYear> year = ParseReportingYear(req.get_param_value("year"));
    if (!year.ok()) return ctx.send_error(res, year.status());
    const std::string format = req.has_param("format") ? req.get_param_value("format") : "json";
    if (format != "json" && format != "html" && format != "csv") {
      return ctx.send_error(res, Status::Invalid("format must be json, html or csv", "format"));
    }
    Result<Date> as_of_date = ReportAsOf(*year, ctx.views->today());
    if (!as_of_date.ok()) return ctx.send_error(res, as_of_date.status());
    // The head is signed before the state is read: the report's position is
    // then never past the signed size. Only roles that may read the signed
    // head (GET /v1/head) get it in the report.
    Result<Json> head = Json(nullptr);
    if (RoleMayUse(Endpoint::kHead, who->role)) head = ctx.signed_head();
    if (!head.ok()) return ctx.send_error(res, head.status());
    AsOf as_of;
    as_of.kind = AsOf::Kind::kDate;
    as_of.date = *as_of_date;
    Result<Json> report = ctx.views->Compute(as_of, [&](const BoardState& state, Date today) {
      return BuildAnnualReport(state, *year, today, *head);
    });
    if (!report.ok()) return ctx.send_error(res, report.status());
    const std::string name = "lif-annual-report-" + std::to_string(year->first_year);
    if (format == "html") {
      res.set_header("Content-Disposition", "inline; filename=\"" + name + ".html\"");
      return res.set_content(AnnualReportHtml(*report, "/v1/audit/"), "text/html; charset=utf-8");
    }
    if (format == "csv") {
      res.set_header("Content-Disposition", "attachment; filename=\"" + name + ".csv\"");
      return res.set_content(AnnualReportCsv(*report), "text/csv; charset=utf-8");
    }
    ctx.send_json(res, 200, *report);
  });
}

}  // namespace lif::server
