// native_view: renders one view of a bundle with the native core, for the
// "wasm view equals native view" test.
//
// Usage: native_view BUNDLE_FILE --names
//        native_view BUNDLE_FILE VIEW TODAY [AS_OF] [KEY=VALUE ...]
//        native_view BUNDLE_FILE --annual-report YEAR TODAY [json|html|csv]
//
// Prints the view's JSON (RenderView(...).dump()) followed by a newline, or
// the JSON array of view names. The state is built exactly as the server
// builds an as-of view: the verified bundle loaded into a MemoryLog and folded
// with BuildBoardState. AS_OF may be empty ("") for the latest state. Exits 1
// with the error on stderr when the bundle does not verify or an argument is
// invalid.
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "core/bundle/bundle.h"
#include "core/log/memory_log.h"
#include "core/report/annual_report.h"
#include "core/views/views.h"
#include "tests/support/test_digest.h"

namespace {

int Fail(const std::string& what) {
  std::cerr << "native_view: " << what << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3)
    return Fail("usage: native_view BUNDLE --names | BUNDLE VIEW TODAY [AS_OF] [K=V...]");
  if (std::string(argv[2]) == "--names") {
    std::cout << lif::Json(lif::ViewNames()).dump() << "\n";
    return 0;
  }
  if (argc < 4) return Fail("missing TODAY");
  std::ifstream file(argv[1], std::ios::binary);
  if (!file) return Fail(std::string("cannot read ") + argv[1]);
  std::stringstream text;
  text << file.rdbuf();

  const lif::Sha256Fn sha256 = lif::testing::TestSha256();
  lif::Result<lif::Bundle> bundle = lif::ParseBundle(text.str(), sha256);
  if (!bundle.ok()) return Fail(bundle.status().ToString());
  lif::MemoryLog log(
      sha256, nullptr, [] { return lif::Timestamp{}; }, [] { return std::string(); });
  lif::Status loaded = log.Load(std::move(bundle->events));
  if (!loaded.ok()) return Fail(loaded.ToString());

  if (std::string(argv[2]) == "--annual-report") {
    // As the page asks the wasm core (wasm/bindings.cc AnnualReport).
    if (argc < 5) return Fail("usage: native_view BUNDLE --annual-report YEAR TODAY [FORMAT]");
    lif::Result<lif::ReportingYear> year = lif::ParseReportingYear(argv[3]);
    if (!year.ok()) return Fail(year.status().ToString());
    lif::Result<lif::Date> today = lif::ParseDate(argv[4]);
    if (!today.ok()) return Fail(today.status().ToString());
    lif::Result<lif::Date> date = lif::ReportAsOf(*year, *today);
    if (!date.ok()) return Fail(date.status().ToString());
    lif::AsOf as_of;
    as_of.kind = lif::AsOf::Kind::kDate;
    as_of.date = *date;
    lif::Result<lif::BoardState> state = lif::BuildBoardState(log, as_of);
    if (!state.ok()) return Fail(state.status().ToString());
    lif::Json head = bundle->header.signed_head;
    if (head.is_object()) {
      // As GET /v1/head answers: the signed fields only (a v1 head signs no origin).
      head.erase("public_key");
      if (!head.contains("version")) head.erase("origin");
    }
    lif::Result<lif::Json> report = lif::BuildAnnualReport(*state, *year, *today, head);
    if (!report.ok()) return Fail(report.status().ToString());
    const std::string format = argc > 5 ? argv[5] : "json";
    if (format == "html") {
      std::cout << lif::AnnualReportHtml(*report, "");
    } else if (format == "csv") {
      std::cout << lif::AnnualReportCsv(*report);
    } else {
      std::cout << report->dump() << "\n";
    }
    return 0;
  }
  lif::ViewContext ctx;
  lif::Result<lif::Date> today = lif::ParseDate(argv[3]);
  if (!today.ok()) return Fail(today.status().ToString());
  ctx.today = *today;
  lif::Result<lif::AsOf> as_of = lif::ParseAsOf(argc > 4 ? argv[4] : "");
  if (!as_of.ok()) return Fail(as_of.status().ToString());
  ctx.as_of = *as_of;
  for (int i = 5; i < argc; ++i) {
    const std::string kv = argv[i];
    const size_t eq = kv.find('=');
    if (eq == std::string::npos) return Fail("filters are KEY=VALUE, got " + kv);
    ctx.filters[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  lif::Result<lif::BoardState> state = lif::BuildBoardState(log, ctx.as_of);
  if (!state.ok()) return Fail(state.status().ToString());
  lif::Result<lif::Json> view = lif::RenderView(argv[2], *state, ctx);
  if (!view.ok()) return Fail(view.status().ToString());
  std::cout << view->dump() << "\n";
  return 0;
}
