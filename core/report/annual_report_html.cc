// The annual report as HTML and CSV (annual_report.h). The HTML is one
// self-contained document: GOV.UK-like typography inline, a print stylesheet
// (A4, no links' URLs, sections kept whole), no script.
#include <string>

#include "core/audit/csv.h"
#include "core/report/annual_report.h"

namespace lif {
namespace {

// j[key], or null when j is not an object or has no such member (the const
// operator[] of nlohmann::json must not be asked for a missing key).
const Json& Get(const Json& j, const char* key) {
  static const Json kNull;
  if (!j.is_object()) return kNull;
  auto it = j.find(key);
  return it == j.end() ? kNull : *it;
}

std::string Escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// An exception flag or other identifier in plain words ("threshold_breach" ->
// "Threshold breach").
std::string Words(const std::string& id) {
  std::string out;
  for (char c : id) out += (c == '_' || c == '-') ? ' ' : c;
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 32);
  return out;
}

std::string CellText(const Json& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return v.get<std::string>();
  if (v.is_array()) {
    std::string out;
    for (const Json& x : v) {
      if (!out.empty()) out += ", ";
      out += x.is_string() ? Words(x.get<std::string>()) : x.dump();
    }
    return out;
  }
  return v.dump();
}

std::string ValueText(const Json& figure) {
  const Json& v = Get(figure, "value");
  std::string text = v.is_null() ? "none to count" : v.dump();
  const std::string unit = figure.value("unit", "");
  if (!v.is_null() && !unit.empty()) text += unit == "%" ? "%" : " " + unit;
  return text;
}

// `html` linked to the trail of `stream` under `trail_base`, or `html` in a
// <code> element naming the stream when there is no base to link to.
std::string Link(std::string_view trail_base, const std::string& stream, const std::string& html) {
  if (trail_base.empty()) return "<code>" + html + "</code>";
  return "<a href=\"" + Escape(std::string(trail_base) + stream) + "\">" + html + "</a>";
}

constexpr std::string_view kStyle = R"css(
body{font-family:Arial,Helvetica,sans-serif;color:#0b0c0c;max-width:960px;margin:0 auto;padding:1.5rem;line-height:1.4}
h1{font-size:2rem;margin:0 0 .5rem}h2{font-size:1.5rem;margin:2rem 0 .5rem;border-top:2px solid #b1b4b6;padding-top:1rem}
p.lead{font-size:1.2rem}table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}
th,td{text-align:left;border-bottom:1px solid #b1b4b6;padding:.4rem .6rem .4rem 0;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
a{color:#1d70b8}a:focus{outline:3px solid #fd0;background:#fd0;color:#0b0c0c}
details{margin:.25rem 0}summary{cursor:pointer;color:#1d70b8}
.proof{background:#f3f2f1;padding:1rem;margin:1rem 0;font-size:.9rem;word-break:break-all}
.sources{font-size:.85rem}
@media print{body{max-width:none;padding:0;font-size:11pt}a{color:#0b0c0c;text-decoration:none}
section{break-inside:avoid-page}
h2{break-after:avoid}@page{size:A4;margin:18mm}}
)css";

}  // namespace

std::string AnnualReportHtml(const Json& report, std::string_view trail_base) {
  const std::string year = report.value("year", "");
  std::string h;
  h += "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n";
  h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  h += "<title>Annual report " + Escape(year) + "</title>\n<style>";
  h += kStyle;
  h += "</style>\n</head>\n<body>\n<main>\n";
  h += "<h1>Annual report " + Escape(year) + "</h1>\n";
  h += "<p class=\"lead\">The safeguarding children board's learning and improvement in the year "
       "from " +
       Escape(report.value("from", "")) + " to " + Escape(report.value("to", "")) + ".</p>\n";
  if (!report.value("year_complete", false)) {
    h += "<p><strong>The year is not over: figures are to " + Escape(report.value("as_of", "")) +
         ".</strong></p>\n";
  }
  h += "<div class=\"proof\"><p>Computed from the board's log as it stood on " +
       Escape(report.value("as_of", "")) + ": events 1 to " +
       std::to_string(report.value("computed_at_position", int64_t{0})) + ".</p>";
  const Json& head = Get(report, "signed_head");
  if (head.is_object()) {
    h += "<p>Signed head of the log: size " + Escape(CellText(head.value("size", Json()))) +
         ", root <code>" + Escape(CellText(head.value("root", Json()))) + "</code>";
    if (head.contains("key_fingerprint")) {
      h += ", board key fingerprint <code>" + Escape(CellText(Get(head, "key_fingerprint"))) +
           "</code>";
    }
    h += ". Each figure lists the records it was computed from; each can be checked "
         "against the view of the same name as of " +
         Escape(report.value("as_of", "")) + ".</p>";
  } else {
    h += "<p>No signed head was given: the figures cannot be checked against a signed log.</p>";
  }
  h += "</div>\n";
  for (const Json& s : Get(report, "sections")) {
    h += "<section id=\"" + Escape(s.value("id", "")) + "\">\n<h2>" + Escape(s.value("title", "")) +
         "</h2>\n<p>" + Escape(s.value("summary", "")) + "</p>\n";
    h += "<table>\n<thead><tr><th scope=\"col\">Figure</th><th scope=\"col\" "
         "class=\"n\">Value</th><th scope=\"col\">Computed from</th></tr></thead>\n<tbody>\n";
    for (const Json& f : Get(s, "figures")) {
      h += "<tr id=\"" + Escape(f.value("id", "")) + "\"><td>" + Escape(f.value("label", "")) +
           "</td><td class=\"n\">" + Escape(ValueText(f)) + "</td><td class=\"sources\">";
      const Json& sources = Get(f, "sources");
      if (sources.empty()) {
        h += "no records";
      } else {
        h += "<details><summary>" + std::to_string(sources.size()) +
             (sources.size() == 1 ? " record" : " records") + "</summary>";
        bool first = true;
        for (const Json& src : sources) {
          const std::string stream = src.get<std::string>();
          if (!first) h += ", ";
          first = false;
          h += Link(trail_base, stream, Escape(stream));
        }
        h += "</details>";
      }
      h += "</td></tr>\n";
    }
    h += "</tbody>\n</table>\n";
    const Json& table = Get(s, "table");
    if (table.is_object() && !Get(table, "rows").empty()) {
      h += "<table>\n<thead><tr>";
      for (const Json& c : Get(table, "columns")) {
        h += "<th scope=\"col\">" + Escape(c.value("label", "")) + "</th>";
      }
      h += "</tr></thead>\n<tbody>\n";
      for (const Json& row : Get(table, "rows")) {
        h += "<tr>";
        bool first = true;
        for (const Json& c : Get(table, "columns")) {
          const std::string key = c.value("key", "");
          std::string text = Escape(CellText(row.value(key, Json())));
          if (first && row.contains("stream")) {
            text = Link(trail_base, row["stream"].get<std::string>(), text);
          }
          h += first ? "<th scope=\"row\">" + text + "</th>" : "<td>" + text + "</td>";
          first = false;
        }
        h += "</tr>\n";
      }
      h += "</tbody>\n</table>\n";
    }
    h += "</section>\n";
  }
  h += "</main>\n</body>\n</html>\n";
  return h;
}

std::string AnnualReportCsv(const Json& report) {
  std::string out = CsvRecord(
      {"section", "figure", "label", "value", "unit", "as_of", "view", "filters", "sources"});
  const std::string as_of = report.value("as_of", "");
  for (const Json& s : Get(report, "sections")) {
    for (const Json& f : Get(s, "figures")) {
      std::string sources;
      for (const Json& src : Get(f, "sources")) {
        if (!sources.empty()) sources += ' ';
        sources += src.get<std::string>();
      }
      out += CsvRecord({s.value("id", ""), f.value("id", ""), f.value("label", ""),
                        CsvCellText(Get(f, "value")), f.value("unit", ""), as_of,
                        f.value("view", ""), Get(f, "filters").dump(), sources});
    }
  }
  return out;
}

}  // namespace lif
