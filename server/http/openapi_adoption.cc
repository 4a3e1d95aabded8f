#include "server/http/openapi_adoption.h"

#include <string>

#include "core/import/import_kind.h"
#include "server/import/xlsx_reader.h"

namespace lif::server {
namespace {

Json Param(const std::string& name, const std::string& in, bool required, const Json& schema,
           const std::string& description) {
  return {{"name", name},
          {"in", in},
          {"required", required},
          {"schema", schema},
          {"description", description}};
}

Json KindEnum() {
  Json names = Json::array();
  for (const import::KindSpec& k : import::Kinds()) names.push_back(k.name);
  return {{"type", "string"}, {"enum", names}};
}

Json ImportReportSchema() {
  return Json::parse(R"({
    "type": "object",
    "required": ["kind","file","format","sha256","rows","new_rows","skipped_rows","events","dry_run","errors"],
    "properties": {
      "kind": {"type": "string"}, "file": {"type": "string"}, "sha256": {"type": "string"},
      "format": {"type": "string", "enum": ["csv", "xlsx"]},
      "sheet": {"type": "string", "description": "XLSX: the sheet read."},
      "rows": {"type": "integer"}, "new_rows": {"type": "integer"},
      "skipped_rows": {"type": "integer", "description": "Rows imported before (same kind and values): not imported again."},
      "events": {"type": "integer", "description": "Events appended, or that would be, with the import.recorded event."},
      "dry_run": {"type": "boolean"},
      "errors": {"type": "array", "items": {"type": "object", "required": ["row","column","reason"],
        "properties": {"row": {"type": "integer", "description": "Spreadsheet row: the header is row 1."},
                       "column": {"type": "string", "description": "The column's name in the header."},
                       "column_letters": {"type": "string", "description": "The column as the spreadsheet shows it (C), when it is in the file."},
                       "reason": {"type": "string"}}}},
      "positions": {"type": "array", "items": {"type": "integer"}, "description": "First and last position appended."}
    }
  })");
}

Json CalendarText() { return {{"text/calendar", {{"schema", {{"type", "string"}}}}}}; }

}  // namespace

void AdoptionOperation(const EndpointInfo& e, Json* op, Json* params, Json* responses,
                       const std::function<Json(const std::vector<int>&)>& errors) {
  switch (e.endpoint) {
    case Endpoint::kImport: {
      params->push_back(
          Param("kind", "query", true, KindEnum(), "What the file holds (docs/import.md)."));
      params->push_back(
          Param("dry_run", "query", false, {{"type", "boolean"}},
                "true: report every row's errors and what would be appended; append nothing."));
      params->push_back(Param("file", "query", false, {{"type", "string"}, {"maxLength", 200}},
                              "The file's name, recorded in the import.recorded event."));
      params->push_back(Param("sheet", "query", false, {{"type", "string"}, {"maxLength", 31}},
                              "XLSX only: the sheet to read (default: the first worksheet)."));
      (*op)["requestBody"] = {
          {"required", true},
          {"description",
           "The spreadsheet: CSV (RFC 4180, UTF-8) or an Excel 2007+ workbook (XLSX; dates in "
           "date-formatted cells become ISO dates). An .xls, a password-protected or damaged "
           "workbook and a zip bomb are refused with 400."},
          {"content",
           {{"text/csv", {{"schema", {{"type", "string"}}}}},
            {kXlsxMediaType, {{"schema", {{"type", "string"}, {"format", "binary"}}}}}}}};
      *responses = errors({400, 401, 403, 409, 413, 415, 503});
      const Json report = {{"application/json", {{"schema", ImportReportSchema()}}}};
      (*responses)["200"] = {
          {"description",
           "A dry run's report, or nothing new to import (every row imported before)."},
          {"content", report}};
      (*responses)["201"] = {{"description", "Imported: every new row, atomically."},
                             {"content", report}};
      (*responses)["400"]["description"] =
          "A row is wrong (the answer's import.errors lists every row's errors: row, column, "
          "column_letters, reason), or the workbook cannot be read (not a zip, an .xls, "
          "encrypted, a zip bomb; error.path is file): nothing was imported.";
      break;
    }
    case Endpoint::kImportTemplates:
      params->push_back(Param("kind", "path", true, {{"type", "string"}},
                              "The import kind: " + KindEnum()["enum"].dump() + "."));
      *responses = errors({404});
      if (e.path.size() > 5 && e.path.compare(e.path.size() - 5, 5, ".xlsx") == 0) {
        (*responses)["200"] = {
            {"description", "The template as a workbook: its header and an example row."},
            {"content",
             {{kXlsxMediaType, {{"schema", {{"type", "string"}, {"format", "binary"}}}}}}}};
      } else {
        (*responses)["200"] = {{"description", "The template: its header and an example row."},
                               {"content", {{"text/csv", {{"schema", {{"type", "string"}}}}}}}};
      }
      break;
    case Endpoint::kCalendarKeys:
      params->push_back(Param("agency", "query", false, {{"type", "string"}},
                              "Also give the key of this agency's calendar (an agency's token "
                              "gets its own without asking)."));
      *responses = errors({400, 401, 403});
      (*responses)["200"] = {
          {"description",
           "{\"calendars\": [{\"calendar\", \"path\", \"url\"}]}: each url holds its read-only "
           "key."},
          {"content", {{"application/json", {{"schema", {{"type", "object"}}}}}}}};
      break;
    case Endpoint::kCalendar:
      if (e.path.find("{agency}") != std::string::npos) {
        params->push_back(Param("agency", "path", true, {{"type", "string"}}, "The agency's id."));
      }
      // A bearer token, or the calendar's key in the URL for clients that
      // cannot send an Authorization header.
      (*op)["security"] =
          Json::array({{{"bearer", Json::array()}}, {{"calendarKey", Json::array()}}});
      *responses = errors({400, 401, 403});
      (*responses)["200"] = {{"description", "An iCalendar (RFC 5545) feed of all-day events."},
                             {"content", CalendarText()}};
      break;
    case Endpoint::kReports:
      params->push_back(Param("year", "query", true,
                              {{"type", "string"}, {"pattern", "^[0-9]{4}(/[0-9]{2})?$"}},
                              "The reporting year, 1 April to 31 March: 2025 or 2025/26."));
      params->push_back(Param("format", "query", false,
                              {{"type", "string"}, {"enum", {"json", "html", "csv"}}},
                              "json (default), html (a printable document) or csv (its "
                              "figures)."));
      *responses = errors({400, 401, 403});
      (*responses)["200"] = {
          {"description",
           "The report: {year, from, to, as_of, year_complete, computed_at_position, "
           "signed_head, sections: [{id, title, summary, figures: [{id, label, value, unit, "
           "view, filters, sources}], table}]} (docs/annual-report.md)."},
          {"content",
           {{"application/json", {{"schema", {{"type", "object"}}}}},
            {"text/html", {{"schema", {{"type", "string"}}}}},
            {"text/csv", {{"schema", {{"type", "string"}}}}}}}};
      break;
    default:
      break;
  }
}

}  // namespace lif::server
