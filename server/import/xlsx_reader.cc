#include "server/import/xlsx_reader.h"

#include <expat.h>
#include <zip.h>

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <set>
#include <type_traits>

#include "core/time/civil_time.h"

namespace lif::server {
namespace {

constexpr size_t kMaxColumns = 16384;   // XFD, Excel's last column.
constexpr int kMaxSheetRows = 1048576;  // Excel's last row.
constexpr const char* kSaveAs =
    "save it from Excel or LibreOffice as an Excel Workbook (.xlsx) without a password, or as "
    "CSV UTF-8";

Status FileError(const std::string& message) { return Status::Invalid(message, "file"); }

std::string Lower(std::string_view s) {
  std::string out;
  for (char c : s) out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return out;
}

bool EndsWith(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

std::string Trim(const std::string& s) {
  const size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

// --- The zip ---------------------------------------------------------------

// Counts the bytes unpacked from every part, against the limit.
struct Budget {
  size_t used = 0;
  size_t limit = 0;
};

// An XML part's handler: elements by their local name (the namespace is
// dropped, so the transitional and the strict OOXML namespaces both read).
class XmlPart {
 public:
  virtual ~XmlPart() = default;
  virtual void Start(const std::string& name, const char** attributes) = 0;
  virtual void End(const std::string& name) = 0;
  virtual void Text(const char* /*text*/, int /*length*/) {}
  // An error found by the handler; it stops the parse.
  Status failure = Status::Ok();
};

std::string LocalName(const char* name) {
  const char* bar = std::strrchr(name, '|');
  return bar == nullptr ? name : bar + 1;
}

// The value of the attribute with this local name, or null.
const char* Attribute(const char** attributes, const char* local) {
  for (size_t i = 0; attributes[i] != nullptr; i += 2) {
    const char* bar = std::strrchr(attributes[i], '|');
    if (std::strcmp(bar == nullptr ? attributes[i] : bar + 1, local) == 0) {
      return attributes[i + 1];
    }
  }
  return nullptr;
}

struct ParseState {
  XML_Parser parser;
  XmlPart* part;
  bool doctype = false;
};

void OnStart(void* data, const XML_Char* name, const XML_Char** attributes) {
  auto* state = static_cast<ParseState*>(data);
  state->part->Start(LocalName(name), attributes);
  if (!state->part->failure.ok()) XML_StopParser(state->parser, XML_FALSE);
}

void OnEnd(void* data, const XML_Char* name) {
  auto* state = static_cast<ParseState*>(data);
  state->part->End(LocalName(name));
  if (!state->part->failure.ok()) XML_StopParser(state->parser, XML_FALSE);
}

void OnText(void* data, const XML_Char* text, int length) {
  static_cast<ParseState*>(data)->part->Text(text, length);
}

// OOXML never has a document type: one is refused, with its entities (the
// "billion laughs").
void OnDoctype(void* data, const XML_Char*, const XML_Char*, const XML_Char*, int) {
  auto* state = static_cast<ParseState*>(data);
  state->doctype = true;
  XML_StopParser(state->parser, XML_FALSE);
}

class Zip {
 public:
  static Result<std::unique_ptr<Zip>> Open(std::string_view bytes, const XlsxLimits& limits) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    if (source == nullptr) {
      zip_error_fini(&error);
      return FileError("the file could not be read as a zip archive");
    }
    zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
    if (archive == nullptr) {
      const std::string why = zip_error_strerror(&error);
      zip_source_free(source);
      zip_error_fini(&error);
      return FileError("the file is not a readable XLSX workbook (the zip archive is damaged: " +
                       why + "); " + kSaveAs);
    }
    zip_error_fini(&error);
    auto zip = std::unique_ptr<Zip>(new Zip(archive));
    const zip_int64_t entries = zip_get_num_entries(archive, 0);
    if (entries < 0 || static_cast<uint64_t>(entries) > limits.max_parts) {
      return FileError("the zip archive has more than " + std::to_string(limits.max_parts) +
                       " parts; it is not a workbook lif reads");
    }
    for (zip_int64_t i = 0; i < entries; ++i) {
      zip_stat_t st;
      zip_stat_init(&st);
      if (zip_stat_index(archive, static_cast<zip_uint64_t>(i), 0, &st) != 0) {
        return FileError("the zip archive is damaged (an unreadable part)");
      }
      if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
        return FileError("the workbook is encrypted (a part of the zip has a password); " +
                         std::string(kSaveAs));
      }
    }
    return zip;
  }
  ~Zip() { zip_discard(archive_); }

  bool Has(const std::string& name) const {
    return zip_name_locate(archive_, name.c_str(), ZIP_FL_NOCASE) >= 0;
  }

  // Streams the part through expat into `part`. kNotFound: no such part.
  Status Parse(const std::string& name, XmlPart& part, Budget& budget) {
    const zip_int64_t index = zip_name_locate(archive_, name.c_str(), ZIP_FL_NOCASE);
    if (index < 0) return Status::NotFound("the workbook has no part " + name);
    zip_file_t* file = zip_fopen_index(archive_, static_cast<zip_uint64_t>(index), 0);
    if (file == nullptr) {
      return FileError("the zip archive's part " + name +
                       " cannot be read: " + zip_strerror(archive_));
    }
    std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> closer(file, zip_fclose);
    std::unique_ptr<std::remove_pointer_t<XML_Parser>, void (*)(XML_Parser)> parser(
        XML_ParserCreateNS(nullptr, '|'), XML_ParserFree);
    if (!parser) return Status::Internal("the XML parser could not be made");
    ParseState state{parser.get(), &part};
    XML_SetUserData(parser.get(), &state);
    XML_SetElementHandler(parser.get(), OnStart, OnEnd);
    XML_SetCharacterDataHandler(parser.get(), OnText);
    XML_SetStartDoctypeDeclHandler(parser.get(), OnDoctype);
    std::vector<char> buffer(64 * 1024);
    for (;;) {
      const zip_int64_t n = zip_fread(file, buffer.data(), buffer.size());
      if (n < 0) {
        return FileError("the zip archive's part " + name +
                         " is damaged: " + zip_file_strerror(file));
      }
      budget.used += static_cast<size_t>(n);
      if (budget.used > budget.limit) {
        return FileError("the workbook unpacks to more than " + std::to_string(budget.limit >> 20) +
                         " MiB of XML (a zip bomb?); nothing was read");
      }
      const bool last = n == 0;
      if (XML_Parse(parser.get(), buffer.data(), static_cast<int>(n), last ? 1 : 0) !=
          XML_STATUS_OK) {
        if (!part.failure.ok()) return part.failure;
        if (state.doctype) {
          return FileError("the workbook's part " + name +
                           " has an XML document type declaration, which a workbook never "
                           "has; nothing was read");
        }
        return FileError("the workbook's part " + name + " is not well-formed XML (line " +
                         std::to_string(XML_GetCurrentLineNumber(parser.get())) + ": " +
                         XML_ErrorString(XML_GetErrorCode(parser.get())) + ")");
      }
      if (last) break;
    }
    return part.failure;
  }

 private:
  explicit Zip(zip_t* archive) : archive_(archive) {}
  zip_t* archive_;
};

// --- The parts ---------------------------------------------------------------

struct Relationship {
  std::string type, target;
  bool external = false;
};

class RelsPart : public XmlPart {
 public:
  std::map<std::string, Relationship> by_id;
  void Start(const std::string& name, const char** a) override {
    if (name != "Relationship") return;
    const char* id = Attribute(a, "Id");
    const char* type = Attribute(a, "Type");
    const char* target = Attribute(a, "Target");
    const char* mode = Attribute(a, "TargetMode");
    if (id == nullptr || type == nullptr || target == nullptr) return;
    by_id[id] = {type, target, mode != nullptr && Lower(mode) == "external"};
  }
  void End(const std::string&) override {}
  // The target of the first relationship whose type ends with `tail`.
  const Relationship* OfType(std::string_view tail) const {
    for (const auto& [id, r] : by_id) {
      if (EndsWith(r.type, tail) && !r.external) return &r;
    }
    return nullptr;
  }
};

struct SheetEntry {
  std::string name, relationship;
};

class WorkbookPart : public XmlPart {
 public:
  std::vector<SheetEntry> sheets;
  bool date1904 = false;
  void Start(const std::string& name, const char** a) override {
    if (name == "workbookPr") {
      const char* d = Attribute(a, "date1904");
      date1904 = d != nullptr && (std::strcmp(d, "1") == 0 || Lower(d) == "true");
    } else if (name == "sheet") {
      const char* sheet_name = Attribute(a, "name");
      const char* id = Attribute(a, "id");  // r:id, in the relationships namespace.
      if (sheet_name != nullptr && id != nullptr) sheets.push_back({sheet_name, id});
    }
  }
  void End(const std::string&) override {}
};

// Text of <t> elements inside `container`, leaving out phonetic runs (<rPh>).
class RichText {
 public:
  void Start(const std::string& name) {
    if (name == "rPh") ++phonetic_;
    if (name == "t" && phonetic_ == 0) in_t_ = true;
  }
  void End(const std::string& name) {
    if (name == "rPh") --phonetic_;
    if (name == "t") in_t_ = false;
  }
  void Text(const char* text, int length) {
    if (in_t_) value_.append(text, static_cast<size_t>(length));
  }
  std::string Take() {
    phonetic_ = 0;
    in_t_ = false;
    return std::move(value_);
  }

 private:
  int phonetic_ = 0;
  bool in_t_ = false;
  std::string value_;
};

class SharedStringsPart : public XmlPart {
 public:
  std::vector<std::string> strings;
  void Start(const std::string& name, const char**) override {
    if (name == "si") {
      in_si_ = true;
      text_.Take();
    } else if (in_si_) {
      text_.Start(name);
    }
  }
  void End(const std::string& name) override {
    if (name == "si") {
      in_si_ = false;
      strings.push_back(text_.Take());
    } else if (in_si_) {
      text_.End(name);
    }
  }
  void Text(const char* text, int length) override {
    if (in_si_) text_.Text(text, length);
  }

 private:
  bool in_si_ = false;
  RichText text_;
};

// Excel's built-in number formats that show dates and times (ECMA-376
// 18.8.30, with the East Asian ones).
bool IsBuiltInDateFormat(int id) {
  return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
         (id >= 50 && id <= 58);
}

class StylesPart : public XmlPart {
 public:
  std::map<int, std::string> formats;  // numFmtId -> formatCode.
  std::vector<int> cell_formats;       // cellXfs index -> numFmtId.
  void Start(const std::string& name, const char** a) override {
    if (name == "numFmt") {
      const char* id = Attribute(a, "numFmtId");
      const char* code = Attribute(a, "formatCode");
      if (id != nullptr && code != nullptr) formats[std::atoi(id)] = code;
    } else if (name == "cellXfs") {
      in_cell_xfs_ = true;
    } else if (name == "xf" && in_cell_xfs_) {
      const char* id = Attribute(a, "numFmtId");
      cell_formats.push_back(id == nullptr ? 0 : std::atoi(id));
    }
  }
  void End(const std::string& name) override {
    if (name == "cellXfs") in_cell_xfs_ = false;
  }
  // Whether the cell style `s` shows a date.
  bool IsDate(size_t s) const {
    if (s >= cell_formats.size()) return false;
    const int id = cell_formats[s];
    auto custom = formats.find(id);
    if (custom != formats.end()) return IsDateFormatCode(custom->second);
    return IsBuiltInDateFormat(id);
  }

 private:
  bool in_cell_xfs_ = false;
};

// The number as a spreadsheet shows it in General: whole numbers without a
// point, others with Excel's 15 significant digits.
std::string FormatNumber(double v) {
  char buffer[64];
  if (v == std::floor(v) && std::fabs(v) < 1e15) {
    std::snprintf(buffer, sizeof buffer, "%.0f", v == 0 ? 0.0 : v);
  } else {
    std::snprintf(buffer, sizeof buffer, "%.15g", v);
  }
  return buffer;
}

// "B7" -> column 1; false when the reference is not letters then digits.
bool ColumnOfReference(const char* ref, size_t* column) {
  size_t n = 0, letters = 0;
  const char* p = ref;
  while (std::isalpha(static_cast<unsigned char>(*p))) {
    n = n * 26 + static_cast<size_t>(std::toupper(static_cast<unsigned char>(*p)) - 'A' + 1);
    ++p;
    if (++letters > 3) return false;
  }
  if (letters == 0 || n > kMaxColumns) return false;
  const char* digits = p;
  while (std::isdigit(static_cast<unsigned char>(*p))) ++p;
  if (p == digits || *p != '\0') return false;
  *column = n - 1;
  return true;
}

class SheetPart : public XmlPart {
 public:
  SheetPart(const std::vector<std::string>& strings, const StylesPart& styles, DateSystem dates,
            size_t max_cells)
      : strings_(strings), styles_(styles), dates_(dates), max_cells_(max_cells) {}

  import::CsvTable table;
  std::vector<import::RowError> cell_errors;
  bool has_header = false;

  void Start(const std::string& name, const char** a) override {
    if (name == "sheetData") {
      in_data_ = true;
    } else if (!in_data_) {
      return;
    } else if (name == "row") {
      const char* r = Attribute(a, "r");
      const long number = r == nullptr ? row_ + 1 : std::strtol(r, nullptr, 10);
      if (number <= row_ || number > kMaxSheetRows) {
        failure = FileError("the worksheet's rows are out of order or numbered wrongly (row " +
                            std::string(r == nullptr ? "?" : r) + " after row " +
                            std::to_string(row_) + ")");
        return;
      }
      row_ = static_cast<int>(number);
      column_ = -1;
      cells_.clear();
    } else if (name == "c") {
      if (++cell_count_ > max_cells_) {
        failure = FileError("the worksheet has more than " + std::to_string(max_cells_) +
                            " cells (a zip bomb?); nothing was read");
        return;
      }
      const char* ref = Attribute(a, "r");
      size_t column = static_cast<size_t>(column_ + 1);
      if (ref != nullptr && !ColumnOfReference(ref, &column)) {
        failure = FileError("the worksheet has a cell with a reference that does not read ('" +
                            std::string(ref) + "') in row " + std::to_string(row_));
        return;
      }
      if (column >= kMaxColumns) {
        failure = FileError("the worksheet has a cell right of column XFD in row " +
                            std::to_string(row_));
        return;
      }
      column_ = static_cast<long>(column);
      const char* t = Attribute(a, "t");
      type_ = t == nullptr ? "n" : t;
      const char* s = Attribute(a, "s");
      style_ = s == nullptr ? 0 : std::strtoul(s, nullptr, 10);
      value_.clear();
      inline_.Take();
      in_cell_ = true;
    } else if (in_cell_ && name == "v") {
      in_v_ = true;
    } else if (in_cell_ && name == "is") {
      in_is_ = true;
    } else if (in_is_) {
      inline_.Start(name);
    }
  }

  void End(const std::string& name) override {
    if (!in_data_) return;
    if (name == "sheetData") {
      in_data_ = false;
    } else if (name == "v") {
      in_v_ = false;
    } else if (name == "is") {
      in_is_ = false;
    } else if (in_is_) {
      inline_.End(name);
    } else if (name == "c" && in_cell_) {
      in_cell_ = false;
      EndCell();
    } else if (name == "row") {
      EndRow();
    }
  }

  void Text(const char* text, int length) override {
    if (in_v_) {
      value_.append(text, static_cast<size_t>(length));
    } else if (in_is_) {
      inline_.Text(text, length);
    }
  }

 private:
  std::string ColumnName(size_t column) const {
    return has_header && column < table.header.size() ? table.header[column] : "";
  }

  void CellError(const std::string& reason) {
    import::RowError e{row_, ColumnName(static_cast<size_t>(column_)), "the cell " + reason};
    if (e.column.empty()) e.column_letters = import::ColumnLetters(static_cast<size_t>(column_));
    cell_errors.push_back(std::move(e));
  }

  void EndCell() {
    std::string value;
    if (type_ == "s") {
      char* end = nullptr;
      const unsigned long i = std::strtoul(value_.c_str(), &end, 10);
      if (value_.empty() || *end != '\0' || i >= strings_.size()) {
        CellError("refers to shared string '" + value_ + "', which the workbook does not have");
      } else {
        value = strings_[i];
      }
    } else if (type_ == "inlineStr") {
      value = inline_.Take();
    } else if (type_ == "str") {
      value = value_;
    } else if (type_ == "b") {
      if (value_ == "1" || value_ == "0") {
        value = value_ == "1" ? "TRUE" : "FALSE";
      } else if (!value_.empty()) {
        CellError("holds a truth value that is neither 0 nor 1 ('" + value_ + "')");
      }
    } else if (type_ == "e") {
      CellError("holds the spreadsheet error " + value_ + "; correct the cell or clear it");
    } else if (type_ == "d") {
      // An ISO 8601 date (rare; Excel writes serials): a midnight keeps its date only.
      value = value_;
      const size_t t = value.find('T');
      if (t != std::string::npos && value.find_first_not_of("0:.Z", t + 1) == std::string::npos) {
        value.resize(t);
      }
    } else if (!value_.empty()) {
      char* end = nullptr;
      const double v = std::strtod(value_.c_str(), &end);
      if (*end != '\0' || !std::isfinite(v)) {
        CellError("holds a number that does not read ('" + value_ + "')");
      } else if (styles_.IsDate(style_)) {
        value = SerialToIso(v, dates_);
        if (value.empty()) value = FormatNumber(v);  // Not a date: the mapping refuses it.
      } else {
        value = FormatNumber(v);
      }
    }
    if (!value.empty()) cells_.emplace_back(static_cast<size_t>(column_), std::move(value));
  }

  void EndRow() {
    if (cells_.empty()) return;  // A blank row, as in the CSV reader.
    size_t width = 0;
    for (const auto& [column, v] : cells_) {
      if (!Trim(v).empty()) width = std::max(width, column + 1);
    }
    if (width == 0) return;
    std::vector<std::string> fields(width);
    for (auto& [column, v] : cells_) {
      if (column < width) fields[column] = std::move(v);
    }
    if (!has_header) {
      std::set<std::string> seen;
      for (size_t i = 0; i < fields.size(); ++i) {
        std::string name = Trim(fields[i]);
        const std::string where = "row " + std::to_string(row_) + ", column " +
                                  import::ColumnLetters(i) + " of the header";
        if (name.empty()) {
          failure = FileError(where + " is empty (the header's columns start at A, with no gap)");
          return;
        }
        if (!seen.insert(name).second) {
          failure = FileError(where + " names column '" + name + "' twice");
          return;
        }
        table.header.push_back(std::move(name));
      }
      table.header_row = row_;
      has_header = true;
      // An error cell in the header is an error of the header.
      if (!cell_errors.empty()) {
        failure = FileError("row " + std::to_string(row_) +
                            " of the header: " + cell_errors.front().reason);
      }
      return;
    }
    table.records.push_back({row_, std::move(fields)});
  }

  const std::vector<std::string>& strings_;
  const StylesPart& styles_;
  DateSystem dates_;
  size_t max_cells_;
  size_t cell_count_ = 0;
  bool in_data_ = false, in_cell_ = false, in_v_ = false, in_is_ = false;
  int row_ = 0;
  long column_ = -1;
  std::string type_, value_;
  size_t style_ = 0;
  RichText inline_;
  std::vector<std::pair<size_t, std::string>> cells_;
};

// The part a relationship's target names, from the folder of `source`
// ("xl/workbook.xml" + "worksheets/sheet1.xml" -> "xl/worksheets/sheet1.xml";
// a target starting with "/" is from the package's root).
std::string ResolveTarget(const std::string& source, const std::string& target) {
  std::vector<std::string> parts;
  std::string path = target;
  if (!target.empty() && target[0] == '/') {
    path = target.substr(1);
  } else {
    const size_t slash = source.rfind('/');
    if (slash != std::string::npos) path = source.substr(0, slash + 1) + target;
  }
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    const std::string part = path.substr(start, end - start);
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    start = end + 1;
  }
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : "/") + p;
  return out;
}

// "xl/workbook.xml" -> "xl/_rels/workbook.xml.rels".
std::string RelsOf(const std::string& part) {
  const size_t slash = part.rfind('/');
  if (slash == std::string::npos) return "_rels/" + part + ".rels";
  return part.substr(0, slash + 1) + "_rels/" + part.substr(slash + 1) + ".rels";
}

}  // namespace

bool LooksLikeZip(std::string_view bytes) {
  return bytes.size() >= 4 && bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4);
}

bool IsDateFormatCode(std::string_view code) {
  // Only the first section (for positive numbers) decides.
  for (size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (c == '"') {
      const size_t close = code.find('"', i + 1);
      if (close == std::string_view::npos) return false;
      i = close;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;  // An escaped character, a space as wide as one, a fill character.
    } else if (c == '[') {
      const size_t close = code.find(']', i + 1);
      if (close == std::string_view::npos) return false;
      const std::string inside = Lower(code.substr(i + 1, close - i - 1));
      // Elapsed time ([h], [mm], [ss]) is time; colours, locales and conditions are not.
      if (!inside.empty() && inside.find_first_not_of(inside[0]) == std::string::npos &&
          (inside[0] == 'h' || inside[0] == 'm' || inside[0] == 's')) {
        return true;
      }
      i = close;
    } else if (c == ';') {
      return false;
    } else if (Lower(code.substr(i, 7)) == "general") {
      i += 6;
    } else {
      const char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (l == 'd' || l == 'm' || l == 'y' || l == 'h' || l == 's') return true;
    }
  }
  return false;
}

std::string SerialToIso(double serial, DateSystem system) {
  if (!std::isfinite(serial) || serial < 0 || serial > 2958466) return "";
  const int64_t total = std::llround(serial * 86400.0);
  const int64_t days = total / 86400;
  const int64_t seconds = total % 86400;
  char buffer[40];
  int64_t y = 0;
  unsigned m = 0, d = 0;
  if (system == DateSystem::k1900) {
    if (days < 1) return "";
    if (days == 60) {
      // Excel's 1900-02-29 (Lotus 1-2-3 counted 1900 as a leap year).
      y = 1900;
      m = 2;
      d = 29;
    } else {
      // Serial 1 is 1900-01-01; from serial 61 (1900-03-01) on, one day
      // less, for the day that never was.
      const CivilDate c = CivilFromDate(Date{static_cast<int32_t>(
          DateFromCivil(CivilDate{1899, 12, days < 60 ? 31 : 30}).days + days)});
      y = c.year;
      m = static_cast<unsigned>(c.month);
      d = static_cast<unsigned>(c.day);
    }
  } else {
    const CivilDate c =
        CivilFromDate(Date{static_cast<int32_t>(DateFromCivil(CivilDate{1904, 1, 1}).days + days)});
    y = c.year;
    m = static_cast<unsigned>(c.month);
    d = static_cast<unsigned>(c.day);
  }
  if (y > 9999) return "";
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(y), m, d);
  std::string iso = buffer;
  if (seconds != 0) {
    std::snprintf(buffer, sizeof buffer, "T%02d:%02d:%02d", static_cast<int>(seconds / 3600),
                  static_cast<int>(seconds / 60 % 60), static_cast<int>(seconds % 60));
    iso += buffer;
  }
  return iso;
}

Result<XlsxSheet> ReadXlsx(std::string_view bytes, const std::string& sheet_name,
                           const XlsxLimits& limits) {
  if (bytes.size() >= 8 &&
      bytes.substr(0, 8) == std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)) {
    return FileError(
        "the file is an Excel 97-2003 workbook (.xls) or a password-protected workbook, which "
        "lif does not read; " +
        std::string(kSaveAs));
  }
  if (!LooksLikeZip(bytes)) {
    return FileError("the file is not an XLSX workbook (not a zip archive); " +
                     std::string(kSaveAs));
  }
  Result<std::unique_ptr<Zip>> zip = Zip::Open(bytes, limits);
  if (!zip.ok()) return zip.status();
  Budget budget{0, limits.max_uncompressed_bytes};

  // The workbook part, from the package's relationships.
  std::string workbook_part = "xl/workbook.xml";
  RelsPart root;
  if (Status s = (*zip)->Parse("_rels/.rels", root, budget); s.ok()) {
    if (const Relationship* r = root.OfType("/officeDocument")) {
      workbook_part = ResolveTarget("", r->target);
    }
  } else if (s.code() != StatusCode::kNotFound) {
    return s;
  }
  if (EndsWith(Lower(workbook_part), ".bin")) {
    return FileError("the file is an Excel binary workbook (.xlsb), which lif does not read; " +
                     std::string(kSaveAs));
  }
  WorkbookPart workbook;
  if (Status s = (*zip)->Parse(workbook_part, workbook, budget); !s.ok()) {
    if (s.code() == StatusCode::kNotFound) {
      return FileError("the zip archive is not an XLSX workbook (it has no " + workbook_part +
                       "); " + kSaveAs);
    }
    return s;
  }
  RelsPart rels;
  if (Status s = (*zip)->Parse(RelsOf(workbook_part), rels, budget);
      !s.ok() && s.code() != StatusCode::kNotFound) {
    return s;
  }

  // The sheet: the named one, or the first worksheet.
  const SheetEntry* chosen = nullptr;
  std::string names;
  for (const SheetEntry& entry : workbook.sheets) {
    auto r = rels.by_id.find(entry.relationship);
    const bool worksheet = r != rels.by_id.end() && EndsWith(r->second.type, "/worksheet");
    if (!worksheet) continue;
    names += (names.empty() ? "'" : ", '") + entry.name + "'";
    if (chosen != nullptr) continue;
    if (sheet_name.empty() || Lower(entry.name) == Lower(sheet_name)) chosen = &entry;
  }
  if (chosen == nullptr) {
    if (names.empty()) return FileError("the workbook has no worksheet");
    return Status::Invalid(
        "the workbook has no sheet named '" + sheet_name + "' (its sheets: " + names + ")",
        "sheet");
  }
  const std::string sheet_part =
      ResolveTarget(workbook_part, rels.by_id[chosen->relationship].target);

  SharedStringsPart strings;
  if (const Relationship* r = rels.OfType("/sharedStrings")) {
    if (Status s = (*zip)->Parse(ResolveTarget(workbook_part, r->target), strings, budget);
        !s.ok() && s.code() != StatusCode::kNotFound) {
      return s;
    }
  }
  StylesPart styles;
  if (const Relationship* r = rels.OfType("/styles")) {
    if (Status s = (*zip)->Parse(ResolveTarget(workbook_part, r->target), styles, budget);
        !s.ok() && s.code() != StatusCode::kNotFound) {
      return s;
    }
  }
  SheetPart sheet(strings.strings, styles,
                  workbook.date1904 ? DateSystem::k1904 : DateSystem::k1900, limits.max_cells);
  if (Status s = (*zip)->Parse(sheet_part, sheet, budget); !s.ok()) {
    if (s.code() == StatusCode::kNotFound) {
      return FileError("the workbook's sheet '" + chosen->name + "' is missing its part " +
                       sheet_part);
    }
    return s;
  }
  if (!sheet.has_header) {
    return FileError("the sheet '" + chosen->name + "' has no header row (it is empty)");
  }
  return XlsxSheet{chosen->name, std::move(sheet.table), std::move(sheet.cell_errors)};
}

}  // namespace lif::server
