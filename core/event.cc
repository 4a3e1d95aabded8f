#include "core/event.h"

#include <cmath>
#include <set>

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
  std::vector<std::set<std::string>> keys_stack;
  bool duplicate = false;
  Json::parser_callback_t on_event = [&](int /*depth*/, Json::parse_event_t event,
                                         Json& parsed) -> bool {
    switch (event) {
      case Json::parse_event_t::object_start:
        keys_stack.emplace_back();
        break;
      case Json::parse_event_t::object_end:
        if (!keys_stack.empty()) keys_stack.pop_back();
        break;
      case Json::parse_event_t::key: {
        if (keys_stack.empty()) break;
        if (!keys_stack.back().insert(parsed.get_ref<const std::string&>()).second) {
          duplicate = true;
        }
        break;
      }
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

Status CheckJsonValues(const Json& v, const std::string& path) {
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
        LIF_RETURN_IF_ERROR(CheckJsonValues(item, path + "/" + std::to_string(i++)));
      }
      return Status::Ok();
    }
    case Json::value_t::object:
      for (auto it = v.begin(); it != v.end(); ++it) {
        if (it.key().size() > 256) return Status::Invalid("object key is too long", path);
        LIF_RETURN_IF_ERROR(CheckJsonValues(it.value(), path + "/" + JsonPointerEscape(it.key())));
      }
      return Status::Ok();
    default:
      return Status::Ok();
  }
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

Result<ProposedEvent> ParseProposedEvent(const Json& o, const std::string& path) {
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
  e.data = o["data"];
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

}  // namespace

std::string CanonicalBytes(const Event& e) {
  // dump(): no indentation, keys sorted (std::map), UTF-8 kept as is, strict
  // on invalid UTF-8 (the input was already validated by the parser).
  return EnvelopeWithoutHash(e).dump();
}

void SealEvent(Event* e, const Sha256Fn& sha256) {
  e->canonical = CanonicalBytes(*e);
  e->hash = ToHex(sha256(e->canonical));
}

Result<Event> DecodeStoredEvent(std::string bytes, const Sha256Fn& sha256) {
  // Stored bytes may come from a bundle someone handed over: bound the depth
  // before parsing (serialising deeper JSON would exhaust the stack). No
  // appended event is deeper than a request may be.
  if (!CheckJsonDepth(bytes).ok()) return Status::Internal("stored event nests too deep");
  Json j = Json::parse(bytes, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return Status::Internal("stored event is not JSON");
  // Integers only: converting a large float to an integer is undefined.
  for (const char* f : {"position", "version"}) {
    if (!j.contains(f) || !j[f].is_number_integer()) {
      return Status::Internal(std::string("stored event's ") + f + " is not an integer");
    }
  }
  Event e;
  try {
    e.position = j.at("position").get<int64_t>();
    e.id = j.at("id").get<std::string>();
    e.type = j.at("type").get<std::string>();
    e.stream = j.at("stream").get<std::string>();
    e.version = j.at("version").get<int64_t>();
    e.recorded_at = j.at("recorded_at").get<std::string>();
    e.occurred_at = j.at("occurred_at").get<std::string>();
    e.actor = j.at("actor").get<std::string>();
    if (!j.at("agency").is_null()) e.agency = j.at("agency").get<std::string>();
    e.data = j.at("data");
    e.prev = j.at("prev").get<std::string>();
  } catch (const std::exception& ex) {
    return Status::Internal(std::string("stored event lacks a field: ") + ex.what());
  }
  if (j.size() != 11) return Status::Internal("stored event has unexpected fields");
  e.canonical = std::move(bytes);
  if (CanonicalBytes(e) != e.canonical) return Status::Internal("stored event is not canonical");
  e.hash = ToHex(sha256(e.canonical));
  return e;
}

Json EventToJson(const Event& e) {
  Json j = EnvelopeWithoutHash(e);
  j["hash"] = e.hash;
  return j;
}

}  // namespace lif
