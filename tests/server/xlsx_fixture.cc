// Writes the XLSX workbooks of the CLI tests (import_xlsx_cli_test.sh) with
// libxlsxwriter (tests/server/xlsx_writer.h):
//   lif_xlsx_fixture csv IN.csv OUT.xlsx [SHEET]   the CSV's rows as a sheet
//   lif_xlsx_fixture bomb IN.xlsx OUT.xlsx MIB     IN with a sheet of MIB MiB
#include <cstdio>
#include <fstream>
#include <string>

#include "tests/server/xlsx_writer.h"

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  if (argc < 4 || (mode != "csv" && mode != "bomb")) {
    std::fprintf(stderr, "usage: lif_xlsx_fixture csv IN.csv OUT.xlsx [SHEET] | bomb IN OUT MIB\n");
    return 2;
  }
  const std::string in = lif::testing::ReadBytes(argv[2]);
  std::string out;
  if (mode == "csv") {
    out =
        lif::testing::WriteWorkbook({lif::testing::SheetOfCsv(in, argc > 4 ? argv[4] : "Sheet1")});
  } else {
    out =
        lif::testing::ZipBomb(in, static_cast<size_t>(std::stoul(argc > 4 ? argv[4] : "65")) << 20);
  }
  std::ofstream(argv[3], std::ios::binary) << out;
  return 0;
}
