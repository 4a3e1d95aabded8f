// The import templates as XLSX workbooks (GET /v1/import/templates/{kind}.xlsx,
// docs/import.md), written with libxlsxwriter: one sheet named after the kind
// with the header (bold, frozen) and the example row, its dates as date cells
// (yyyy-mm-dd) and its plain numbers as numbers, so the workbook reads back
// as the same table as the CSV template.
//
// Thread-safe: each kind's workbook is written once and kept.
#pragma once

#include <string>

#include "core/import/import_kind.h"
#include "core/status.h"

namespace lif::server {

Result<std::string> TemplateXlsx(const import::KindSpec& kind);

}  // namespace lif::server
