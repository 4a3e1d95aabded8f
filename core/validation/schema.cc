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

Status ValidateAgainstSchema(const Json& schema, const Json& v, const std::string& path) {
  if (schema.contains("type")) {
    const Json& t = schema["type"];
    bool ok = false;
    std::string names;
    if (t.is_string()) {
      ok = IsType(t.get<std::string>(), v);
      names = t.get<std::string>();
    } else {
      for (const Json& one : t) {
        ok = ok || IsType(one.get<std::string>(), v);
        names += (names.empty() ? "" : " or ") + one.get<std::string>();
      }
    }
    if (!ok) return Status::Invalid("must be of type " + names, path);
  }
  if (schema.contains("const") && v != schema["const"]) {
    return Status::Invalid("must be " + schema["const"].dump(), path);
  }
  if (schema.contains("enum")) {
    bool found = false;
    std::string options;
    for (const Json& option : schema["enum"]) {
      found = found || option == v;
      options += (options.empty() ? "" : ", ") + option.dump();
    }
    if (!found) return Status::Invalid("must be one of " + options, path);
  }
  if (v.is_string()) {
    const std::string& s = v.get_ref<const std::string&>();
    if (schema.contains("minLength") && s.size() < schema["minLength"].get<size_t>()) {
      return Status::Invalid(schema["minLength"].get<size_t>() == 1
                                 ? "must not be empty"
                                 : "is shorter than " + schema["minLength"].dump() + " bytes",
                             path);
    }
    if (schema.contains("maxLength") && s.size() > schema["maxLength"].get<size_t>()) {
      return Status::Invalid("is longer than " + schema["maxLength"].dump() + " bytes", path);
    }
    if (schema.contains("format") && !MatchesFormat(schema["format"].get<std::string>(), s)) {
      std::string d = Describe(schema);
      return Status::Invalid("is not a valid " + schema["format"].get<std::string>() +
                                 (d.empty() ? "" : " (" + d + ")"),
                             path);
    }
  }
  if (v.is_number()) {
    double d = v.get<double>();
    if (schema.contains("minimum") && d < schema["minimum"].get<double>()) {
      return Status::Invalid("must be at least " + schema["minimum"].dump(), path);
    }
    if (schema.contains("maximum") && d > schema["maximum"].get<double>()) {
      return Status::Invalid("must be at most " + schema["maximum"].dump(), path);
    }
  }
  if (v.is_array()) {
    if (schema.contains("minItems") && v.size() < schema["minItems"].get<size_t>()) {
      return Status::Invalid("needs at least " + schema["minItems"].dump() + " items", path);
    }
    if (schema.contains("maxItems") && v.size() > schema["maxItems"].get<size_t>()) {
      return Status::Invalid("has more than " + schema["maxItems"].dump() + " items", path);
    }
    if (schema.contains("items")) {
      for (size_t i = 0; i < v.size(); ++i) {
        LIF_RETURN_IF_ERROR(
            ValidateAgainstSchema(schema["items"], v[i], path + "/" + std::to_string(i)));
      }
    }
    if (schema.value("uniqueItems", false)) {
      for (size_t i = 0; i < v.size(); ++i) {
        for (size_t j = i + 1; j < v.size(); ++j) {
          if (v[i] == v[j]) {
            return Status::Invalid("repeats an item", path + "/" + std::to_string(j));
          }
        }
      }
    }
  }
  if (v.is_object()) {
    if (schema.contains("required")) {
      for (const Json& r : schema["required"]) {
        const std::string& name = r.get_ref<const std::string&>();
        if (!v.contains(name)) {
          return Status::Invalid("is required", path + "/" + JsonPointerEscape(name));
        }
      }
    }
    const Json* props = schema.contains("properties") ? &schema["properties"] : nullptr;
    bool closed = schema.contains("additionalProperties") &&
                  schema["additionalProperties"].is_boolean() &&
                  !schema["additionalProperties"].get<bool>();
    for (auto it = v.begin(); it != v.end(); ++it) {
      std::string child = path + "/" + JsonPointerEscape(it.key());
      if (props && props->contains(it.key())) {
        LIF_RETURN_IF_ERROR(ValidateAgainstSchema((*props)[it.key()], it.value(), child));
      } else if (closed) {
        return Status::Invalid("unknown field", child);
      }
    }
  }
  if (schema.contains("oneOf")) {
    int matches = 0;
    Status first_error;
    for (const Json& branch : schema["oneOf"]) {
      Status s = ValidateAgainstSchema(branch, v, path);
      if (s.ok()) {
        ++matches;
      } else if (first_error.ok()) {
        first_error = s;
      }
    }
    if (matches != 1) {
      return matches == 0 ? first_error
                          : Status::Invalid("matches more than one allowed form", path);
    }
  }
  return Status::Ok();
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
