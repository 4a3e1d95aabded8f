// POST /v1/import (admin) and GET /v1/import/templates/{kind}.csv and .xlsx
// (public): spreadsheets into the log (docs/import.md). The handler is thin:
// it reads the query and the body (CSV, or XLSX through
// server/import/xlsx_reader.h), asks the core for the plan
// (core/import/importer.h) and appends the plan's batch in one atomic append.
#include <httplib.h>

#include <optional>

#include "core/import/importer.h"
#include "server/crypto/basics.h"
#include "server/http/route_context.h"
#include "server/import/xlsx_reader.h"
#include "server/import/xlsx_template.h"

namespace lif::server {
namespace {

// The body's format by its Content-Type (parameters such as charset aside),
// or none for any other type.
std::optional<import::ImportFormat> FormatOfContentType(const std::string& ct) {
  std::string lower;
  for (char c : ct) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  const std::string type = lower.substr(0, lower.find(';'));
  const size_t end = type.find_last_not_of(" \t");
  const std::string bare = end == std::string::npos ? "" : type.substr(0, end + 1);
  if (bare == "text/csv") return import::ImportFormat::kCsv;
  if (bare == kXlsxMediaType) return import::ImportFormat::kXlsx;
  return std::nullopt;
}

// An error answer that also carries the import's report (its row errors).
void SendImportError(const RouteContext& ctx, httplib::Response& res, const Status& status,
                     const Json& report) {
  ctx.send_error(res, status);
  Json body = Json::parse(res.body, nullptr, false);
  if (!body.is_object()) return;
  body["import"] = report;
  ctx.send_json(res, res.status, body);
}

}  // namespace

void RegisterImportRoutes(httplib::Server& s, const RouteContext& ctx) {
  s.Get(R"(/v1/import/templates/([^/]+)\.csv)", [ctx](const httplib::Request& req,
                                                      httplib::Response& res) {
    const import::KindSpec* kind = import::FindKind(req.matches[1]);
    if (kind == nullptr) {
      return ctx.send_error(res, Status::NotFound("no import kind " + std::string(req.matches[1]) +
                                                  " (see docs/import.md)"));
    }
    res.set_header("Content-Disposition",
                   "attachment; filename=\"lif-import-" + kind->name + ".csv\"");
    res.set_content(import::TemplateCsv(*kind), "text/csv; charset=utf-8; header=present");
  });

  s.Get(R"(/v1/import/templates/([^/]+)\.xlsx)", [ctx](const httplib::Request& req,
                                                       httplib::Response& res) {
    const import::KindSpec* kind = import::FindKind(req.matches[1]);
    if (kind == nullptr) {
      return ctx.send_error(res, Status::NotFound("no import kind " + std::string(req.matches[1]) +
                                                  " (see docs/import.md)"));
    }
    Result<std::string> book = TemplateXlsx(*kind);
    if (!book.ok()) return ctx.send_error(res, book.status());
    res.set_header("Content-Disposition",
                   "attachment; filename=\"lif-import-" + kind->name + ".xlsx\"");
    res.set_content(std::move(*book), kXlsxMediaType);
  });

  s.Post("/v1/import", [ctx](const httplib::Request& req, httplib::Response& res) {
    Result<Principal> who = ctx.authorize(req, res, Endpoint::kImport);
    if (!who.ok()) return ctx.send_error(res, who.status());
    if (req.get_header_value_count("Content-Type") > 1) {
      return ctx.send_error(res, Status::Invalid("send one Content-Type header", "Content-Type"));
    }
    const std::optional<import::ImportFormat> format =
        FormatOfContentType(req.get_header_value("Content-Type"));
    if (!format) {
      return ctx.send_error(
          res, Status(StatusCode::kUnsupportedMedia,
                      std::string("send the spreadsheet as Content-Type: text/csv or ") +
                          kXlsxMediaType));
    }
    if (!req.has_param("kind"))
      return ctx.send_error(res, Status::Invalid("kind is required", "kind"));
    const std::string dry = req.has_param("dry_run") ? req.get_param_value("dry_run") : "false";
    if (dry != "true" && dry != "false") {
      return ctx.send_error(res, Status::Invalid("dry_run must be true or false", "dry_run"));
    }
    const import::ImportMode mode =
        dry == "true" ? import::ImportMode::kDryRun : import::ImportMode::kAppended;
    std::string file = req.has_param("file") ? req.get_param_value("file")
                                             : std::string("upload.") + import::FormatName(*format);
    if (file.empty() || file.size() > 200) {
      return ctx.send_error(res, Status::Invalid("file must be 1 to 200 characters", "file"));
    }
    import::ImportSource source;
    source.kind = req.get_param_value("kind");
    source.file_name = file;
    source.format = *format;
    if (*format == import::ImportFormat::kXlsx) {
      Result<XlsxSheet> sheet =
          ReadXlsx(req.body, req.has_param("sheet") ? req.get_param_value("sheet") : "");
      if (!sheet.ok()) return ctx.send_error(res, sheet.status());
      source.table = std::move(sheet->table);
      source.sheet = std::move(sheet->name);
      source.cell_errors = std::move(sheet->cell_errors);
    } else if (req.has_param("sheet")) {
      return ctx.send_error(res, Status::Invalid("sheet is for an XLSX workbook", "sheet"));
    }
    source.text = req.body;
    Result<import::ImportPlan> plan =
        import::PlanImport(source, *ctx.log, Catalogue::Default(), *who, crypto::OpenSslSha256());
    if (!plan.ok()) return ctx.send_error(res, plan.status());
    if (mode == import::ImportMode::kDryRun) {
      return ctx.send_json(res, 200, import::ImportReport(*plan, mode, nullptr));
    }
    if (!plan->errors.empty()) {
      const size_t n = plan->errors.size();
      return SendImportError(
          ctx, res,
          Status::Invalid(std::to_string(n) + (n == 1 ? " error" : " errors") +
                              " in the file; nothing was imported (see import.errors)",
                          "/import/errors"),
          import::ImportReport(*plan, mode, nullptr));
    }
    if (plan->batch.empty()) {
      return ctx.send_json(res, 200, import::ImportReport(*plan, mode, nullptr));
    }
    AppendRequest append;
    append.principal = *who;
    append.form = RequestForm::kBatch;
    append.events = import::BatchEvents(*plan);
    Result<AppendOutcome> out = ctx.log->Append(std::move(append));
    if (!out.ok()) {
      plan->errors.push_back(import::RowErrorForAppend(*plan, out.status()));
      return SendImportError(ctx, res, Status(out.status().code(), out.status().message()),
                             import::ImportReport(*plan, mode, nullptr));
    }
    ctx.send_json(res, 201, import::ImportReport(*plan, mode, &out->events));
  });
}

}  // namespace lif::server
