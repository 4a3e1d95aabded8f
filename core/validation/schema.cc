#include "core/validation/schema.h"

#include <set>

#include "core/event.h"
#include "core/time/civil_time.h"

namespace lif {
namespace {

bool IsType(const std::string& t, const Json& v) {
  if (t == "string") return v.is_string();
  if (t == "integer") return v.is_number_integer();
  if (t == "number") return v.is_number();
  if (t == "boolean") return v.is_boolean();
  if (t == "object") return v.is_object();
  if (t == "array") return v.is_array();
  if (t == "null") return v.is_null();
  return false;
}

std::string Describe(const Json& schema) {
  if (schema.contains("description")) return schema["description"].get<std::string>();
  return {};
}

const std::set<std::string>& KnownKeywords() {
  static const std::set<std::string> k = {"type",
                                          "enum",
                                          "const",
                                          "properties",
                                          "required",
                                          "additionalProperties",
                                          "items",
                                          "minItems",
                                          "maxItems",
                                          "uniqueItems",
                                          "minLength",
                                          "maxLength",
                                          "minimum",
                                          "maximum",
                                          "format",
                                          "oneOf",
                                          "description",
                                          "title",
                                          "$comment",
                                          "$schema",
                                          "$id",
                                          "x-lif-agency",
                                          "x-lif-ref",
                                          "x-lif-personal",
                                          "x-lif-stream-kind",
                                          "examples",
                                          "default"};
  return k;
}

}  // namespace

bool MatchesFormat(const std::string& f, const std::string& s) {
  auto all = [&](size_t from, size_t to, auto pred) {
    for (size_t i = from; i < to; ++i) {
      if (!pred(s[i])) return false;
    }
    return true;
  };
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  auto hex = [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); };
  if (f == "date") return ParseDate(s).ok();
  if (f == "date-time") return ParseTimestamp(s).ok();
  if (f == "date-or-time") return ParseDateOrTimestamp(s).ok();
  if (f == "quarter") {
    return s.size() == 7 && all(0, 4, digit) && s[4] == '-' && s[5] == 'Q' && s[6] >= '1' &&
           s[6] <= '4';
  }
  if (f == "month") {
    return s.size() == 7 && all(0, 4, digit) && s[4] == '-' && all(5, 7, digit) &&
           ((s[5] == '0' && s[6] >= '1') || (s[5] == '1' && s[6] <= '2'));
  }
  if (f == "stream-id") return ValidateStreamId(s).ok();
  if (f == "identifier") {
    if (s.empty() || s.size() > 64) return false;
    if (!((s[0] >= 'a' && s[0] <= 'z') || digit(s[0]))) return false;
    return all(0, s.size(),
               [&](char c) { return (c >= 'a' && c <= 'z') || digit(c) || c == '-' || c == '_'; });
  }
  if (f == "hex-sha256") return s.size() == 64 && all(0, 64, hex);
  if (f == "uuid") {
    if (s.size() != 36) return false;
    for (size_t i = 0; i < 36; ++i) {
      bool dash = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash ? s[i] != '-' : !hex(s[i])) return false;
    }
    return true;
  }
  if (f == "pseudonym") return s.size() == 35 && s.compare(0, 3, "pn_") == 0 && all(3, 35, hex);
  return false;
}

namespace {

// Where a value sits under the path ValidateAgainstSchema was given: a chain of
// parent links on the stack, turned into a JSON pointer only when a value fails.
// Almost every request passes, so a passing field costs no string.
struct Place {
  const Place* parent = nullptr;
  const std::string* root = nullptr;  // Set on the outermost place only.
  std::string_view key;               // An object member's name (is_key), or
  size_t index = 0;                   // an array item's index.
  bool is_key = false;

  std::string Pointer() const {
    if (root != nullptr) return *root;
    std::string out = parent->Pointer();
    out += '/';
    out += is_key ? JsonPointerEscape(key) : std::to_string(index);
    return out;
  }
};

// The keyword `name` of `schema`, or null; one lookup instead of contains() and [].
const Json* Keyword(const Json& schema, const char* name) {
  auto it = schema.find(name);
  return it == schema.end() ? nullptr : &*it;
}

Status Validate(const Json& schema, const Json& v, const Place& at) {
  if (const Json* t = Keyword(schema, "type")) {
    bool ok = false;
    if (t->is_string()) {
      ok = IsType(t->get_ref<const std::string&>(), v);
    } else {
      for (const Json& one : *t) ok = ok || IsType(one.get_ref<const std::string&>(), v);
    }
    if (!ok) {
      std::string names;
      if (t->is_string()) {
        names = t->get<std::string>();
      } else {
        for (const Json& one : *t) names += (names.empty() ? "" : " or ") + one.get<std::string>();
      }
      return Status::Invalid("must be of type " + names, at.Pointer());
    }
  }
  if (const Json* c = Keyword(schema, "const"); c != nullptr && v != *c) {
    return Status::Invalid("must be " + c->dump(), at.Pointer());
  }
  if (const Json* options = Keyword(schema, "enum")) {
    bool found = false;
    for (const Json& option : *options) {
      if (option == v) {
        found = true;
        break;
      }
    }
    if (!found) {
      std::string listed;
      for (const Json& option : *options) listed += (listed.empty() ? "" : ", ") + option.dump();
      return Status::Invalid("must be one of " + listed, at.Pointer());
    }
  }
  if (v.is_string()) {
    const std::string& s = v.get_ref<const std::string&>();
    if (const Json* min = Keyword(schema, "minLength"); min && s.size() < min->get<size_t>()) {
      return Status::Invalid(min->get<size_t>() == 1 ? "must not be empty"
                                                     : "is shorter than " + min->dump() + " bytes",
                             at.Pointer());
    }
    if (const Json* max = Keyword(schema, "maxLength"); max && s.size() > max->get<size_t>()) {
      return Status::Invalid("is longer than " + max->dump() + " bytes", at.Pointer());
    }
    if (const Json* format = Keyword(schema, "format");
        format && !MatchesFormat(format->get_ref<const std::string&>(), s)) {
      std::string d = Describe(schema);
      return Status::Invalid(
          "is not a valid " + format->get<std::string>() + (d.empty() ? "" : " (" + d + ")"),
          at.Pointer());
    }
  }
  if (v.is_number()) {
    double d = v.get<double>();
    if (const Json* min = Keyword(schema, "minimum"); min && d < min->get<double>()) {
      return Status::Invalid("must be at least " + min->dump(), at.Pointer());
    }
    if (const Json* max = Keyword(schema, "maximum"); max && d > max->get<double>()) {
      return Status::Invalid("must be at most " + max->dump(), at.Pointer());
    }
  }
  if (v.is_array()) {
    if (const Json* min = Keyword(schema, "minItems"); min && v.size() < min->get<size_t>()) {
      return Status::Invalid("needs at least " + min->dump() + " items", at.Pointer());
    }
    if (const Json* max = Keyword(schema, "maxItems"); max && v.size() > max->get<size_t>()) {
      return Status::Invalid("has more than " + max->dump() + " items", at.Pointer());
    }
    if (const Json* items = Keyword(schema, "items")) {
      for (size_t i = 0; i < v.size(); ++i) {
        LIF_RETURN_IF_ERROR(Validate(*items, v[i], Place{&at, nullptr, {}, i, false}));
      }
    }
    if (const Json* unique = Keyword(schema, "uniqueItems");
        unique && unique->is_boolean() && unique->get<bool>()) {
      for (size_t i = 0; i < v.size(); ++i) {
        for (size_t j = i + 1; j < v.size(); ++j) {
          if (v[i] == v[j]) {
            return Status::Invalid("repeats an item", Place{&at, nullptr, {}, j, false}.Pointer());
          }
        }
      }
    }
  }
  if (v.is_object()) {
    if (const Json* required = Keyword(schema, "required")) {
      for (const Json& r : *required) {
        const std::string& name = r.get_ref<const std::string&>();
        if (!v.contains(name)) {
          return Status::Invalid("is required", Place{&at, nullptr, name, 0, true}.Pointer());
        }
      }
    }
    const Json* props = Keyword(schema, "properties");
    const Json* additional = Keyword(schema, "additionalProperties");
    const bool closed =
        additional != nullptr && additional->is_boolean() && !additional->get<bool>();
    for (auto it = v.begin(); it != v.end(); ++it) {
      const Place child{&at, nullptr, it.key(), 0, true};
      auto prop = props != nullptr ? props->find(it.key()) : Json::const_iterator();
      if (props != nullptr && prop != props->end()) {
        LIF_RETURN_IF_ERROR(Validate(*prop, it.value(), child));
      } else if (closed) {
        return Status::Invalid("unknown field", child.Pointer());
      }
    }
  }
  if (const Json* branches = Keyword(schema, "oneOf")) {
    int matches = 0;
    Status first_error;
    for (const Json& branch : *branches) {
      Status s = Validate(branch, v, at);
      if (s.ok()) {
        ++matches;
      } else if (first_error.ok()) {
        first_error = s;
      }
    }
    if (matches != 1) {
      return matches == 0 ? first_error
                          : Status::Invalid("matches more than one allowed form", at.Pointer());
    }
  }
  return Status::Ok();
}

}  // namespace

Status ValidateAgainstSchema(const Json& schema, const Json& v, const std::string& path) {
  return Validate(schema, v, Place{nullptr, &path, {}, 0, false});
}

Status CheckSchema(const Json& schema, const std::string& path) {
  if (!schema.is_object()) return Status::Internal("schema at '" + path + "' is not an object");
  for (auto it = schema.begin(); it != schema.end(); ++it) {
    if (!KnownKeywords().count(it.key())) {
      return Status::Internal("schema at '" + path + "' uses unsupported keyword " + it.key());
    }
  }
  if (schema.contains("format") &&
      !std::set<std::string>{"date", "date-time", "date-or-time", "quarter", "month", "stream-id",
                             "identifier", "hex-sha256", "uuid", "pseudonym"}
           .count(schema["format"].get<std::string>())) {
    return Status::Internal("schema at '" + path + "' uses unknown format");
  }
  if (schema.contains("properties")) {
    for (auto it = schema["properties"].begin(); it != schema["properties"].end(); ++it) {
      LIF_RETURN_IF_ERROR(CheckSchema(it.value(), path + "/properties/" + it.key()));
    }
  }
  if (schema.contains("items")) LIF_RETURN_IF_ERROR(CheckSchema(schema["items"], path + "/items"));
  if (schema.contains("oneOf")) {
    for (size_t i = 0; i < schema["oneOf"].size(); ++i) {
      LIF_RETURN_IF_ERROR(CheckSchema(schema["oneOf"][i], path + "/oneOf/" + std::to_string(i)));
    }
  }
  if (schema.contains("required")) {
    for (const Json& r : schema["required"]) {
      if (!schema.contains("properties") || !schema["properties"].contains(r.get<std::string>())) {
        return Status::Internal("schema at '" + path + "' requires undeclared " + r.dump());
      }
    }
  }
  return Status::Ok();
}

}  // namespace lif
