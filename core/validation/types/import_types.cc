// Imports: the record of a spreadsheet imported by `lif import` or
// POST /v1/import (docs/import.md, core/import/importer.h).
#include "core/validation/catalogue.h"

namespace lif {

void RegisterImportTypes(Catalogue* c) {
  constexpr int64_t kMaxRows = 20000;  // core/import/importer.h, kMaxImportRows.
  auto count = [](int64_t min, int64_t max) {
    return Json{{"type", "integer"}, {"minimum", min}, {"maximum", max}};
  };
  c->Register(EventTypeDef{
      "import.recorded",
      "import",
      "A spreadsheet imported: who imported which file of which kind, and the keys of the rows "
      "it added, so that a row is never imported twice.",
      Json{{"type", "object"},
           {"additionalProperties", false},
           {"required",
            {"kind", "file", "sha256", "rows", "imported_rows", "skipped_rows", "events",
             "row_keys"}},
           {"properties",
            {{"kind", {{"enum", {"actions", "indicators", "s11", "training", "learning"}}}},
             {"file", {{"type", "string"}, {"minLength", 1}, {"maxLength", 200}}},
             {"format", {{"enum", {"csv", "xlsx"}}}},
             {"sheet", {{"type", "string"}, {"minLength", 1}, {"maxLength", 31}}},
             {"sha256", {{"type", "string"}, {"format", "hex-sha256"}}},
             {"rows", count(0, kMaxRows)},
             {"imported_rows", count(1, kMaxRows)},
             {"skipped_rows", count(0, kMaxRows)},
             {"events", count(1, 10 * kMaxRows)},
             {"row_keys",
              {{"type", "array"},
               {"minItems", 1},
               {"maxItems", kMaxRows},
               {"uniqueItems", true},
               {"items",
                {{"type", "string"},
                 {"format", "identifier"},
                 {"minLength", 32},
                 {"maxLength", 32}}}}}}}},
      {Role::kAdmin},
      nullptr,
      StreamRule::kAny});
}

}  // namespace lif
