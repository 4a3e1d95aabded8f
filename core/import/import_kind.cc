#include "core/import/import_kind.h"

#include <cctype>
#include <cstdlib>

namespace lif::import {

const std::string& Row::Get(const std::string& column) const {
  static const std::string kEmpty;
  auto it = values.find(column);
  return it == values.end() ? kEmpty : it->second;
}

bool MapContext::StreamExists(const std::string& stream) {
  if (made_.count(stream)) return true;
  auto it = in_log_.find(stream);
  if (it != in_log_.end()) return it->second;
  Result<std::vector<Event>> first = log_.ReadStream(stream, 0, 1);
  const bool exists = first.ok() && !first->empty();
  in_log_[stream] = exists;
  return exists;
}

PlannedEvent* MapContext::FindGroup(const std::string& group) {
  auto it = groups_.find(group);
  return it == groups_.end() ? nullptr : &events_[it->second];
}

const std::vector<KindSpec>& Kinds() {
  static const std::vector<KindSpec> kinds = {ActionsKind(), IndicatorsKind(), Section11Kind(),
                                              TrainingKind(), LearningKind()};
  return kinds;
}

const KindSpec* FindKind(const std::string& name) {
  for (const KindSpec& k : Kinds()) {
    if (k.name == name) return &k;
  }
  return nullptr;
}

std::string StreamFrom(const std::string& kind, const std::string& value) {
  const std::string prefix = kind + "/";
  if (value.compare(0, prefix.size(), prefix) == 0) return value;
  return prefix + value;
}

std::string IsoDate(const std::string& value) {
  // D/M/YYYY or DD/MM/YYYY: the form a UK spreadsheet shows.
  const size_t a = value.find('/');
  const size_t b = a == std::string::npos ? a : value.find('/', a + 1);
  if (a == std::string::npos || b == std::string::npos ||
      value.find('/', b + 1) != std::string::npos) {
    return value;
  }
  const std::string d = value.substr(0, a), m = value.substr(a + 1, b - a - 1),
                    y = value.substr(b + 1);
  auto digits = [](const std::string& s, size_t lo, size_t hi) {
    if (s.size() < lo || s.size() > hi) return false;
    for (char c : s) {
      if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    }
    return true;
  };
  if (!digits(d, 1, 2) || !digits(m, 1, 2) || !digits(y, 4, 4)) return value;
  return y + "-" + (m.size() == 1 ? "0" : "") + m + "-" + (d.size() == 1 ? "0" : "") + d;
}

std::vector<std::string> SplitList(const std::string& value) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= value.size()) {
    size_t end = value.find(';', start);
    if (end == std::string::npos) end = value.size();
    std::string item = value.substr(start, end - start);
    const size_t b = item.find_first_not_of(" \t");
    if (b != std::string::npos) {
      item = item.substr(b, item.find_last_not_of(" \t") - b + 1);
      out.push_back(item);
    }
    start = end + 1;
  }
  return out;
}

bool ParseNumber(const std::string& value, double* out) {
  std::string plain;
  for (size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    // Thousands separators only between digits, e.g. "1,204".
    if (c == ',' && i > 0 && std::isdigit(static_cast<unsigned char>(value[i - 1])) &&
        i + 3 < value.size() && std::isdigit(static_cast<unsigned char>(value[i + 1])) &&
        std::isdigit(static_cast<unsigned char>(value[i + 2])) &&
        std::isdigit(static_cast<unsigned char>(value[i + 3]))) {
      continue;
    }
    if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '.' || (c == '-' && i == 0))) {
      return false;
    }
    plain.push_back(c);
  }
  if (plain.empty() || plain == "-" || plain == "." || plain.size() > 20 ||
      plain.find('.') != plain.rfind('.')) {
    return false;
  }
  char* end = nullptr;
  *out = std::strtod(plain.c_str(), &end);
  return end == plain.c_str() + plain.size();
}

bool RequireColumns(const Row& row, const std::vector<std::string>& columns, MapContext& ctx) {
  bool ok = true;
  for (const std::string& c : columns) {
    if (row.Get(c).empty()) {
      ctx.Error(row, c, "is required");
      ok = false;
    }
  }
  return ok;
}

}  // namespace lif::import
