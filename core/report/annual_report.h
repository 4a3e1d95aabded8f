// The board's annual report (the framework's 3.6), assembled from the log
// (docs/annual-report.md).
//
// A reporting year runs from 1 April to 31 March (the year the partnership's
// yearly report covers; the seed's timetable presents it in October). The
// report is computed from the board as it stood at the end of the year (or
// today, while the year is running): the caller folds the log "as of" that
// date (ReportAsOf) and passes the state. Every figure is computed from the
// same views the board reads (core/views), judged on that date, so each one
// can be checked against the view "as of" the same date; every figure lists
// the streams whose events it was computed from, and the report carries the
// position it was computed at and, when the caller gives one, the signed head
// of the log, so an inspector can check any number against the signed log.
//
// Pure functions of their arguments: thread-safe, no I/O. The same bytes on
// the server and in the browser (wasm).
#pragma once

#include <string>
#include <string_view>

#include "core/json.h"
#include "core/projections/board_state.h"
#include "core/status.h"
#include "core/time/civil_time.h"

namespace lif {

struct ReportingYear {
  int first_year = 0;  // The year of its 1 April: 2025 is "2025/26".
  Date from;           // 1 April of first_year.
  Date to;             // 31 March of first_year + 1.
  std::string label;   // "2025/26".
};

// Parses "2025" or "2025/26" (the second part must be the next year).
// kInvalid naming `year` otherwise, or for a year outside 2000..2100.
Result<ReportingYear> ParseReportingYear(std::string_view text);

// The date the report is computed at: the year's last day, or `today` while
// the year is still running. kInvalid naming `year` for a year that has not
// begun on `today`.
Result<Date> ReportAsOf(const ReportingYear& year, Date today);

// The report of `year`, from `state` folded as of ReportAsOf(year, today).
// `signed_head` is the log's signed head the caller vouches for (a JSON object
// as GET /v1/head answers, or null when there is none). kInvalid as
// ReportAsOf; kInternal if a view fails (a bug).
Result<Json> BuildAnnualReport(const BoardState& state, const ReportingYear& year, Date today,
                               const Json& signed_head);

// The report as a self-contained HTML document that prints well (no script;
// every figure links to the streams it was computed from under `trail_base`,
// e.g. "/v1/audit/" on the server; with an empty base, as the offline pack
// saves it, each stream is named rather than linked: the pack's history of
// that item shows its events).
std::string AnnualReportHtml(const Json& report, std::string_view trail_base);

// The report's figures as CSV (RFC 4180): section, figure, label, value,
// unit, as_of, view, filters, sources.
std::string AnnualReportCsv(const Json& report);

}  // namespace lif
