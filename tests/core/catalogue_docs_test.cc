// The catalogue's docs (docs/catalogue-domain1.md, docs/catalogue-domain23.md)
// against the catalogue itself: every registered event type has a row, in a
// section or a row that names its stream kind, with its stream rule.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/validation/catalogue.h"

namespace lif {
namespace {

struct DocRow {
  std::string file;
  std::string section;  // The "## " heading above the row.
  std::string text;     // The whole table row.
};

// Every table row of the catalogue docs whose first cell is a `type`.
std::vector<DocRow> CatalogueRows() {
  std::vector<DocRow> rows;
  for (const char* name : {"docs/catalogue-domain1.md", "docs/catalogue-domain23.md"}) {
    std::ifstream in(std::string(LIF_SOURCE_DIR) + "/" + name);
    EXPECT_TRUE(in.good()) << name;
    std::string line, section;
    while (std::getline(in, line)) {
      if (line.rfind("## ", 0) == 0) section = line;
      if (line.rfind("| `", 0) == 0) rows.push_back({name, section, line});
    }
  }
  return rows;
}

TEST(CatalogueDocsTest, EveryEventTypeHasARowWithItsStreamKindAndRule) {
  const std::vector<DocRow> rows = CatalogueRows();
  ASSERT_GT(rows.size(), 20u);
  for (const auto& [type, def] : Catalogue::Default().types()) {
    const DocRow* found = nullptr;
    for (const DocRow& row : rows) {
      if (row.text.rfind("| `" + type + "` |", 0) == 0) found = &row;
    }
    ASSERT_NE(found, nullptr) << type << " has no row in the catalogue docs";
    const std::string kind = "`" + def.stream_kind + "/";
    EXPECT_TRUE(found->text.find(kind) != std::string::npos ||
                found->section.find(kind) != std::string::npos)
        << type << ": neither its row nor its section (" << found->section << ") names " << kind
        << "...` (" << found->file << ")";
    // "| continues |", or "| continues (after ...) |".
    const std::string rule = std::string("| ") + StreamRuleName(def.stream_rule) + " ";
    EXPECT_NE(found->text.find(rule), std::string::npos)
        << type << ": its row does not give the stream rule " << rule << " (" << found->file << ")";
  }
}

}  // namespace
}  // namespace lif
