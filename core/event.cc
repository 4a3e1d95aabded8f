#include "core/event.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <set>

#include "core/json_writer.h"
#include "core/time/civil_time.h"

namespace lif {
namespace {

bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

const char* const kServerOwnedFields[] = {"position", "id",     "version", "recorded_at",
                                          "actor",    "agency", "prev",    "hash"};

}  // namespace

Status ValidateStreamId(std::string_view s) {
  if (s.empty()) return Status::Invalid("stream id is empty");
  if (s.size() > kMaxStreamIdLength) {
    return Status::Invalid("stream id is longer than " + std::to_string(kMaxStreamIdLength) +
                           " characters");
  }
  size_t slash = s.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == s.size() ||
      s.find('/', slash + 1) != std::string_view::npos) {
    return Status::Invalid("stream id must be kind/identifier with exactly one '/'");
  }
  std::string_view kind = s.substr(0, slash), ident = s.substr(slash + 1);
  if (kind[0] < 'a' || kind[0] > 'z') return Status::Invalid("stream kind must start with a-z");
  for (char c : kind) {
    if (!IsLowerAlnum(c) && c != '_' && c != '-') {
      return Status::Invalid("stream kind may only hold a-z, 0-9, '_' and '-'");
    }
  }
  if (!IsLowerAlnum(ident[0])) {
    return Status::Invalid("stream identifier must start with a-z or 0-9");
  }
  for (char c : ident) {
    if (!IsLowerAlnum(c) && c != '_' && c != '-' && c != '.') {
      return Status::Invalid("stream identifier may only hold a-z, 0-9, '_', '-' and '.'");
    }
  }
  if (ident.find("..") != std::string_view::npos) {
    return Status::Invalid("stream identifier may not contain '..'");
  }
  return Status::Ok();
}

Status ValidateTypeName(std::string_view t) {
  if (t.empty() || t.size() > kMaxTypeLength) return Status::Invalid("event type length");
  size_t dot = t.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == t.size()) {
    return Status::Invalid("event type must look like noun.verb");
  }
  for (char c : t) {
    if (!IsLowerAlnum(c) && c != '_' && c != '.') {
      return Status::Invalid("event type may only hold a-z, 0-9, '_' and '.'");
    }
  }
  return Status::Ok();
}

Status CheckJsonDepth(std::string_view text, int max_depth) {
  int depth = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) {
        return Status::Invalid("JSON nests deeper than " + std::to_string(max_depth) + " levels");
      }
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return Status::Ok();
}

namespace {

// Finds where untrusted JSON text goes wrong, as a JSON pointer: the value
// whose parse failed (a number that overflows, a string with invalid UTF-8,
// a missing value), the repeated key of an object, or the innermost object or
// array when the fault is between values. A second, slower pass over text
// that is already known to be bad; builds nothing. The text's depth must
// already be bounded (CheckJsonDepth).
class JsonFaultLocator : public nlohmann::json_sax<Json> {
 public:
  bool null() override { return Scalar(); }
  bool boolean(bool) override { return Scalar(); }
  bool number_integer(number_integer_t) override { return Scalar(); }
  bool number_unsigned(number_unsigned_t) override { return Scalar(); }
  bool number_float(number_float_t, const string_t&) override { return Scalar(); }
  bool string(string_t&) override { return Scalar(); }
  bool binary(binary_t&) override { return Scalar(); }
  bool start_object(std::size_t) override {
    BeginValue();
    frames_.emplace_back(true);
    return true;
  }
  bool key(string_t& key) override {
    Frame& f = frames_.back();
    f.key = key;
    f.has_key = true;
    if (!f.keys.insert(key).second) {
      pointer_ = Pointer();
      return false;
    }
    return true;
  }
  bool end_object() override { return EndContainer(); }
  bool start_array(std::size_t) override {
    BeginValue();
    frames_.emplace_back(false);
    return true;
  }
  bool end_array() override { return EndContainer(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    // The fault is at the next value of the innermost array, or at the value
    // of the innermost object's last key (when one was read).
    if (!frames_.empty() && !frames_.back().object) ++frames_.back().index;
    pointer_ = Pointer();
    return false;
  }

  const std::string& pointer() const { return pointer_; }

 private:
  struct Frame {
    explicit Frame(bool is_object) : object(is_object) {}
    bool object;
    bool has_key = false;  // Objects: a key was read and its value is not complete.
    std::string key;
    std::set<std::string> keys;
    int64_t index = -1;  // Arrays: the index of the value being read.
  };

  // A value starts: in an array it takes the next index.
  void BeginValue() {
    if (!frames_.empty() && !frames_.back().object) ++frames_.back().index;
  }
  // A value is complete: in an object its key is done with.
  void EndValue() {
    if (!frames_.empty() && frames_.back().object) frames_.back().has_key = false;
  }
  bool Scalar() {
    BeginValue();
    EndValue();
    return true;
  }
  bool EndContainer() {
    frames_.pop_back();
    EndValue();
    return true;
  }

  std::string Pointer() const {
    std::string out;
    for (const Frame& f : frames_) {
      if (f.object && f.has_key) {
        out += "/" + JsonPointerEscape(f.key);
      } else if (!f.object && f.index >= 0) {
        out += "/" + std::to_string(f.index);
      } else {
        break;  // Between values: the container itself is the place.
      }
    }
    return out;
  }

  std::vector<Frame> frames_;
  std::string pointer_;
};

std::string JsonFaultPointer(std::string_view text) {
  JsonFaultLocator locator;
  try {
    (void)Json::sax_parse(text.begin(), text.end(), &locator);
  } catch (const std::exception&) {
    // The locator only says where; the first pass already said what.
  }
  return locator.pointer();
}

}  // namespace

Result<Json> ParseUntrustedJson(std::string_view text) {
  LIF_RETURN_IF_ERROR(CheckJsonDepth(text));
  // nlohmann's lexer rejects invalid UTF-8, unescaped control characters and
  // trailing garbage. Exceptions stay inside this function.
  // Duplicate keys are rejected rather than letting the last one win: a
  // validator and a later reader must never see different values.
  // An object that repeats a key holds fewer members than the keys read for
  // it (the parser keeps the last value), so counting keys finds repeats
  // without keeping their names.
  std::vector<size_t> keys_read;
  bool duplicate = false;
  Json::parser_callback_t on_event = [&](int /*depth*/, Json::parse_event_t event,
                                         Json& parsed) -> bool {
    switch (event) {
      case Json::parse_event_t::object_start:
        keys_read.push_back(0);
        break;
      case Json::parse_event_t::key:
        if (!keys_read.empty()) ++keys_read.back();
        break;
      case Json::parse_event_t::object_end:
        if (!keys_read.empty()) {
          if (parsed.is_object() && parsed.size() != keys_read.back()) duplicate = true;
          keys_read.pop_back();
        }
        break;
      default:
        break;
    }
    return true;
  };
  // Errors name where the text goes wrong (JsonFaultPointer), e.g.
  // "/data/title" for a title that is not valid UTF-8.
  try {
    Json parsed = Json::parse(text.begin(), text.end(), on_event);
    if (duplicate) {
      return Status::Invalid("malformed JSON: an object repeats a key", JsonFaultPointer(text));
    }
    return parsed;
  } catch (const Json::exception& e) {
    std::string what = e.what();
    // Drop nlohmann's "[json.exception.parse_error.101] " prefix.
    size_t close = what.find("] ");
    if (close != std::string::npos) what = what.substr(close + 2);
    return Status::Invalid("malformed JSON: " + what, JsonFaultPointer(text));
  } catch (const std::exception& e) {
    return Status::Invalid(std::string("malformed JSON: ") + e.what(), JsonFaultPointer(text));
  }
}

namespace {

// The checks of CheckJsonValues without building paths: almost every request
// passes, and only a failure needs to name its field.
bool ValuesAreSafe(const Json& v) {
  switch (v.type()) {
    case Json::value_t::number_unsigned:
      return v.get<uint64_t>() <= static_cast<uint64_t>(kMaxSafeInteger);
    case Json::value_t::number_integer: {
      int64_t i = v.get<int64_t>();
      return i <= kMaxSafeInteger && i >= -kMaxSafeInteger;
    }
    case Json::value_t::number_float: {
      double d = v.get<double>();
      return std::isfinite(d) && std::fabs(d) <= 1e15;
    }
    case Json::value_t::string:
      return v.get_ref<const std::string&>().size() <= kMaxStringBytes;
    case Json::value_t::array:
      for (const Json& item : v) {
        if (!ValuesAreSafe(item)) return false;
      }
      return true;
    case Json::value_t::object:
      for (auto it = v.begin(); it != v.end(); ++it) {
        if (it.key().size() > 256 || !ValuesAreSafe(it.value())) return false;
      }
      return true;
    default:
      return true;
  }
}

Status CheckJsonValuesWithPaths(const Json& v, const std::string& path) {
  switch (v.type()) {
    case Json::value_t::number_unsigned:
      if (v.get<uint64_t>() > static_cast<uint64_t>(kMaxSafeInteger)) {
        return Status::Invalid("integer is outside the safe range ±(2^53-1)", path);
      }
      return Status::Ok();
    case Json::value_t::number_integer: {
      int64_t i = v.get<int64_t>();
      if (i > kMaxSafeInteger || i < -kMaxSafeInteger) {
        return Status::Invalid("integer is outside the safe range ±(2^53-1)", path);
      }
      return Status::Ok();
    }
    case Json::value_t::number_float: {
      double d = v.get<double>();
      if (!std::isfinite(d) || std::fabs(d) > 1e15) {
        return Status::Invalid("number is not finite or larger than 1e15", path);
      }
      return Status::Ok();
    }
    case Json::value_t::string:
      if (v.get_ref<const std::string&>().size() > kMaxStringBytes) {
        return Status::Invalid(
            "string is longer than " + std::to_string(kMaxStringBytes) + " bytes", path);
      }
      return Status::Ok();
    case Json::value_t::array: {
      size_t i = 0;
      for (const Json& item : v) {
        LIF_RETURN_IF_ERROR(CheckJsonValuesWithPaths(item, path + "/" + std::to_string(i++)));
      }
      return Status::Ok();
    }
    case Json::value_t::object:
      for (auto it = v.begin(); it != v.end(); ++it) {
        if (it.key().size() > 256) return Status::Invalid("object key is too long", path);
        LIF_RETURN_IF_ERROR(
            CheckJsonValuesWithPaths(it.value(), path + "/" + JsonPointerEscape(it.key())));
      }
      return Status::Ok();
    default:
      return Status::Ok();
  }
}

}  // namespace

Status CheckJsonValues(const Json& v, const std::string& path) {
  if (ValuesAreSafe(v)) return Status::Ok();
  return CheckJsonValuesWithPaths(v, path);
}

std::string JsonPointerEscape(std::string_view token) {
  std::string out;
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

Result<ProposedEvent> ParseProposedEvent(Json o, const std::string& path) {
  if (!o.is_object()) return Status::Invalid("an event must be a JSON object", path);
  for (const char* f : kServerOwnedFields) {
    if (o.contains(f)) {
      return Status::Invalid(std::string("'") + f + "' is set by the server, not the client",
                             path + "/" + f);
    }
  }
  for (auto it = o.begin(); it != o.end(); ++it) {
    const std::string& k = it.key();
    if (k != "type" && k != "stream" && k != "data" && k != "expected_version" &&
        k != "occurred_at") {
      return Status::Invalid("unknown field", path + "/" + JsonPointerEscape(k));
    }
  }
  ProposedEvent e;
  if (!o.contains("type") || !o["type"].is_string()) {
    return Status::Invalid("'type' is required and must be a string", path + "/type");
  }
  e.type = o["type"].get<std::string>();
  if (Status s = ValidateTypeName(e.type); !s.ok())
    return Status::Invalid(s.message(), path + "/type");
  if (!o.contains("stream") || !o["stream"].is_string()) {
    return Status::Invalid("'stream' is required and must be a string", path + "/stream");
  }
  e.stream = o["stream"].get<std::string>();
  if (Status s = ValidateStreamId(e.stream); !s.ok()) {
    return Status::Invalid(s.message(), path + "/stream");
  }
  if (!o.contains("data") || !o["data"].is_object()) {
    return Status::Invalid("'data' is required and must be an object", path + "/data");
  }
  e.data = std::move(o["data"]);
  LIF_RETURN_IF_ERROR(CheckJsonValues(e.data, path + "/data"));
  if (o.contains("expected_version")) {
    const Json& ev = o["expected_version"];
    if (!ev.is_number_integer() || ev.get<int64_t>() < 0 || ev.get<int64_t>() > kMaxSafeInteger) {
      return Status::Invalid("'expected_version' must be a non-negative integer",
                             path + "/expected_version");
    }
    e.expected_version = ev.get<int64_t>();
  }
  if (o.contains("occurred_at")) {
    const Json& oa = o["occurred_at"];
    if (!oa.is_string() || !ParseDateOrTimestamp(oa.get<std::string>()).ok()) {
      return Status::Invalid("'occurred_at' must be YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS[.fff]Z",
                             path + "/occurred_at");
    }
    e.occurred_at = oa.get<std::string>();
  }
  return e;
}

namespace {

Json EnvelopeWithoutHash(const Event& e) {
  Json j = Json::object();
  j["position"] = e.position;
  j["id"] = e.id;
  j["type"] = e.type;
  j["stream"] = e.stream;
  j["version"] = e.version;
  j["recorded_at"] = e.recorded_at;
  j["occurred_at"] = e.occurred_at;
  j["actor"] = e.actor;
  j["agency"] = e.agency ? Json(*e.agency) : Json(nullptr);
  j["data"] = e.data;
  j["prev"] = e.prev;
  return j;
}

// EnvelopeWithoutHash(e).dump(), written member by member (the keys in their
// sorted order) so that the data is not copied; sets where the data is.
std::string WriteCanonical(const Event& e, size_t* data_begin, size_t* data_end) {
  std::string out;
  out.reserve(320 + (e.data.is_object() ? 64 * e.data.size() : 16));
  auto member = [&](const char* key, bool first) {
    if (!first) out.push_back(',');
    out.push_back('"');
    out.append(key);
    out.append("\":");
  };
  auto string_member = [&](const char* key, const std::string& value, bool first = false) {
    member(key, first);
    AppendJsonString(&out, value, InvalidUtf8::kThrow);
  };
  auto integer_member = [&](const char* key, int64_t value) {
    member(key, false);
    AppendJson(&out, Json(value), InvalidUtf8::kThrow);
  };
  out.push_back('{');
  string_member("actor", e.actor, true);
  member("agency", false);
  if (e.agency) {
    AppendJsonString(&out, *e.agency, InvalidUtf8::kThrow);
  } else {
    out.append("null");
  }
  member("data", false);
  *data_begin = out.size();
  AppendJson(&out, e.data, InvalidUtf8::kThrow);
  *data_end = out.size();
  string_member("id", e.id);
  string_member("occurred_at", e.occurred_at);
  integer_member("position", e.position);
  string_member("prev", e.prev);
  string_member("recorded_at", e.recorded_at);
  string_member("stream", e.stream);
  string_member("type", e.type);
  integer_member("version", e.version);
  out.push_back('}');
  return out;
}

}  // namespace

std::string CanonicalBytes(const Event& e) {
  // No indentation, keys sorted, UTF-8 kept as is, strict on invalid UTF-8
  // (the input was already validated by the parser).
  size_t begin = 0, end = 0;
  return WriteCanonical(e, &begin, &end);
}

void SealEvent(Event* e, const Sha256Fn& sha256) {
  size_t begin = 0, end = 0;
  e->canonical = WriteCanonical(*e, &begin, &end);
  const bool fits = e->canonical.size() <= std::numeric_limits<uint32_t>::max();
  e->data_begin = fits ? static_cast<uint32_t>(begin) : 0;
  e->data_end = fits ? static_cast<uint32_t>(end) : 0;
  e->hash = ToHex(sha256(e->canonical));
}

namespace {

// Compares what nlohmann's serializer writes with the expected bytes, without
// building a string.
class CompareOutput : public nlohmann::detail::output_adapter_protocol<char> {
 public:
  explicit CompareOutput(std::string_view expected) : expected_(expected) {}
  void write_character(char c) override {
    if (ok_ && pos_ < expected_.size() && expected_[pos_] == c) {
      ++pos_;
    } else {
      ok_ = false;
    }
  }
  void write_characters(const char* s, std::size_t n) override {
    if (ok_ && expected_.size() - pos_ >= n && std::memcmp(expected_.data() + pos_, s, n) == 0) {
      pos_ += n;
    } else {
      ok_ = false;
    }
  }
  bool ok() const { return ok_; }
  size_t pos() const { return pos_; }

 private:
  std::string_view expected_;
  size_t pos_ = 0;
  bool ok_ = true;
};

// True when `bytes` is exactly j.dump() for an object whose keys are plain
// names (the envelope's); sets where the "data" member's value is.
bool MatchesCanonical(const Json& j, std::string_view bytes, size_t* data_begin, size_t* data_end) {
  auto out = std::make_shared<CompareOutput>(bytes);
  nlohmann::detail::serializer<Json> serializer(out, ' ', Json::error_handler_t::strict);
  out->write_character('{');
  bool first = true;
  try {
    for (auto it = j.begin(); it != j.end() && out->ok(); ++it) {
      if (!first) out->write_character(',');
      first = false;
      out->write_character('"');
      out->write_characters(it.key().data(), it.key().size());
      out->write_characters("\":", 2);
      const bool is_data = it.key() == "data";
      if (is_data) *data_begin = out->pos();
      serializer.dump(it.value(), false, false, 0);
      if (is_data) *data_end = out->pos();
    }
  } catch (const std::exception&) {
    return false;
  }
  out->write_character('}');
  return out->ok() && out->pos() == bytes.size();
}

}  // namespace

Result<Event> DecodeStoredEvent(std::string bytes, const Sha256Fn& sha256) {
  // Stored bytes may come from a bundle someone handed over: bound the depth
  // before parsing (serialising deeper JSON would exhaust the stack). No
  // appended event is deeper than a request may be.
  if (!CheckJsonDepth(bytes).ok()) return Status::Internal("stored event nests too deep");
  Json j = Json::parse(bytes, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return Status::Internal("stored event is not JSON");
  if (j.size() != 11) return Status::Internal("stored event has unexpected fields");
  // Every field must be present with the type the envelope gives it; then the
  // parsed object holds exactly the envelope's values, and serializing it is
  // the canonical encoding of the event (CanonicalBytes), without building the
  // envelope again.
  auto field = [&j](const char* name) -> Json* {
    auto it = j.find(name);
    return it == j.end() ? nullptr : &*it;
  };
  auto string_field = [&](const char* name, std::string* out) {
    Json* v = field(name);
    if (v == nullptr || !v->is_string()) return false;
    *out = std::move(v->get_ref<std::string&>());
    return true;
  };
  auto integer_field = [&](const char* name, int64_t* out) {
    Json* v = field(name);
    if (v == nullptr || !v->is_number_integer()) return false;
    if (v->is_number_unsigned() &&
        v->get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      return false;
    }
    *out = v->get<int64_t>();
    return true;
  };
  Json* agency = field("agency");
  Json* data = field("data");
  Event e;
  if (!integer_field("position", &e.position) || !integer_field("version", &e.version) ||
      agency == nullptr || !(agency->is_null() || agency->is_string()) || data == nullptr) {
    return Status::Internal("stored event lacks a field or has one of the wrong type");
  }
  for (const char* name : {"id", "type", "stream", "recorded_at", "occurred_at", "actor", "prev"}) {
    Json* v = field(name);
    if (v == nullptr || !v->is_string()) {
      return Status::Internal(std::string("stored event lacks the string field ") + name);
    }
  }
  size_t data_begin = 0, data_end = 0;
  if (bytes.size() > std::numeric_limits<uint32_t>::max() ||
      !MatchesCanonical(j, bytes, &data_begin, &data_end)) {
    return Status::Internal("stored event is not canonical");
  }
  string_field("id", &e.id);
  string_field("type", &e.type);
  string_field("stream", &e.stream);
  string_field("recorded_at", &e.recorded_at);
  string_field("occurred_at", &e.occurred_at);
  string_field("actor", &e.actor);
  string_field("prev", &e.prev);
  if (agency->is_string()) e.agency = std::move(agency->get_ref<std::string&>());
  e.data = std::move(*data);
  e.canonical = std::move(bytes);
  e.data_begin = static_cast<uint32_t>(data_begin);
  e.data_end = static_cast<uint32_t>(data_end);
  if (sha256) e.hash = ToHex(sha256(e.canonical));
  return e;
}

std::string_view EventDataText(const Event& event) {
  const std::string& c = event.canonical;
  if (event.data_end > event.data_begin && event.data_end <= c.size()) {
    return std::string_view(c).substr(event.data_begin, event.data_end - event.data_begin);
  }
  // The canonical bytes start {"actor":..,"agency":..,"data":<data>,"id":"..
  // and nothing before "data" or after "id" can hold these markers outside a
  // string (strings escape their quotes), so the data's own canonical text is
  // between the first marker and the last.
  constexpr std::string_view kData = ",\"data\":", kId = ",\"id\":\"";
  const size_t start = c.find(kData);
  if (start == std::string::npos || c.size() < kId.size()) return {};
  size_t end = std::string::npos;
  for (size_t i = c.size() - kId.size(); i > start; --i) {
    if (c[i] == ',' && c.compare(i, kId.size(), kId) == 0) {
      end = i;
      break;
    }
  }
  if (end == std::string::npos || end <= start + kData.size()) return {};
  return std::string_view(c).substr(start + kData.size(), end - start - kData.size());
}

Json EventToJson(const Event& e) {
  Json j = EnvelopeWithoutHash(e);
  j["hash"] = e.hash;
  return j;
}

}  // namespace lif
