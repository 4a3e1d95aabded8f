// What every kind of import shares: the columns a kind reads, a row of the
// file, and the context a kind's mapping writes its events into
// (docs/import.md). One mapping file per kind lives beside this one
// (actions.cc, indicators.cc, s11.cc, training.cc, learning.cc).
//
// A mapping turns one row into the same proposed events the API accepts; the
// importer then validates them with the catalogue, as an append would.
// Not thread-safe: one MapContext per import.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/event.h"
#include "core/log/event_log.h"
#include "core/status.h"

namespace lif::import {

enum class ColumnNeed { kRequired, kOptional };

struct Column {
  std::string name;  // The header's name, e.g. "due".
  ColumnNeed need = ColumnNeed::kOptional;
  std::string meaning;  // One sentence for docs/import.md and the template.
  std::string example;  // The template's example value.
};

// One data row: its spreadsheet row number and its values by column name,
// trimmed of surrounding spaces (an absent column reads as "").
struct Row {
  int number = 0;
  std::map<std::string, std::string> values;
  const std::string& Get(const std::string& column) const;
};

// Where a field of a planned event came from, to name the row and column of
// an error the catalogue or the log reports at that field.
struct Origin {
  int row = 0;
  std::string column;  // Empty: the row as a whole.
};

struct PlannedEvent {
  ProposedEvent event;
  Origin origin;  // The row that made the event.
  // JSON pointer prefixes of the event ("/data/due", "/stream") and the
  // column each came from; the longest matching prefix names an error.
  std::vector<std::pair<std::string, Origin>> fields;
  // A key that later rows of the same file may merge into (e.g. one course
  // delivery per course and date); empty: none.
  std::string group;
};

struct RowError {
  int row = 0;
  std::string column;  // Empty when the error is about the whole row or file.
  std::string reason;
  // The spreadsheet's letters of `column` ("C"), filled by the importer from
  // the header; empty when the column is not in the file.
  std::string column_letters = {};
};

class MapContext {
 public:
  explicit MapContext(const EventLog& log) : log_(log) {}

  // Whether the stream is in the log or is made by an earlier row of this
  // file. A storage error reads as absent and is reported by the append.
  bool StreamExists(const std::string& stream);
  // Marks a stream as made by this file (the event that makes it was emitted).
  void Made(const std::string& stream) { made_.insert(stream); }

  void Emit(PlannedEvent planned) {
    if (!planned.group.empty()) groups_[planned.group] = events_.size();
    events_.push_back(std::move(planned));
  }
  // An event emitted earlier with this group key, or null. Valid until the
  // next Emit.
  PlannedEvent* FindGroup(const std::string& group);
  void Error(const Row& row, const std::string& column, const std::string& reason) {
    errors_.push_back({row.number, column, reason});
  }

  std::vector<PlannedEvent>& events() { return events_; }
  std::vector<RowError>& errors() { return errors_; }

 private:
  const EventLog& log_;
  std::set<std::string> made_;
  std::map<std::string, bool> in_log_;
  std::vector<PlannedEvent> events_;
  std::map<std::string, size_t> groups_;  // Group key -> index in events_.
  std::vector<RowError> errors_;
};

// A kind of import: its name in the CLI and the API, the stream it is
// recorded under, its columns and its mapping of one row.
struct KindSpec {
  std::string name;     // "actions"
  std::string summary;  // One sentence.
  std::vector<Column> columns;
  std::function<void(const Row&, MapContext&)> map;
};

// Every kind, in the order of docs/import.md.
const std::vector<KindSpec>& Kinds();
const KindSpec* FindKind(const std::string& name);

// The kinds' specs, one per file.
KindSpec ActionsKind();
KindSpec IndicatorsKind();
KindSpec Section11Kind();
KindSpec TrainingKind();
KindSpec LearningKind();

// Helpers for the mappings.

// A stream id from a column that holds either "kind/id" or just "id".
std::string StreamFrom(const std::string& kind, const std::string& value);
// An ISO date from "YYYY-MM-DD" or the UK spreadsheet form "DD/MM/YYYY"
// (also D/M/YYYY); any other text is returned as given, for the catalogue to
// refuse at its field.
std::string IsoDate(const std::string& value);
// A list from "a; b; c" (empty items dropped).
std::vector<std::string> SplitList(const std::string& value);
// Parses a decimal number ("12", "-3.5", "1,204" with thousands commas);
// false on anything else.
bool ParseNumber(const std::string& value, double* out);
// Adds an error for each required column the row leaves empty; true when
// none is empty.
bool RequireColumns(const Row& row, const std::vector<std::string>& columns, MapContext& ctx);

}  // namespace lif::import
