#include "core/validation/schema.h"

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <vector>

#include "core/event.h"
#include "core/time/civil_time.h"

namespace lif {
namespace {

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

// One schema object with every keyword looked up once (CompiledSchema).
// Messages quote the schema's own JSON text (`dump()`), kept here.
}  // namespace

struct CompiledSchema::Node {
  // "type": a bit per JSON type name; `type_names` as the message lists them.
  bool has_type = false;
  unsigned type_mask = 0;
  std::string type_names;
  std::optional<Json> constant;
  std::string constant_text;
  std::optional<std::vector<Json>> options;  // "enum".
  std::string options_text;
  std::optional<size_t> min_length, max_length;
  std::string min_length_text, max_length_text;
  std::optional<std::string> format;
  std::string description;
  std::optional<double> minimum, maximum;
  std::string minimum_text, maximum_text;
  std::optional<size_t> min_items, max_items;
  std::string min_items_text, max_items_text;
  std::unique_ptr<Node> items;
  bool unique_items = false;
  std::vector<std::string> required;
  bool has_properties = false;
  std::map<std::string, Node, std::less<>> properties;
  bool closed = false;  // additionalProperties: false.
  std::vector<Node> one_of;
};

namespace {

enum TypeBit : unsigned {
  kString = 1,
  kInteger = 2,
  kNumber = 4,
  kBoolean = 8,
  kObject = 16,
  kArray = 32,
  kNull = 64
};

unsigned TypeBitOf(const std::string& t) {
  if (t == "string") return kString;
  if (t == "integer") return kInteger;
  if (t == "number") return kNumber;
  if (t == "boolean") return kBoolean;
  if (t == "object") return kObject;
  if (t == "array") return kArray;
  if (t == "null") return kNull;
  return 0;
}

bool HasType(unsigned mask, const Json& v) {
  return ((mask & kString) && v.is_string()) || ((mask & kInteger) && v.is_number_integer()) ||
         ((mask & kNumber) && v.is_number()) || ((mask & kBoolean) && v.is_boolean()) ||
         ((mask & kObject) && v.is_object()) || ((mask & kArray) && v.is_array()) ||
         ((mask & kNull) && v.is_null());
}

// The keyword `name` of `schema`, or null.
const Json* Keyword(const Json& schema, const char* name) {
  auto it = schema.find(name);
  return it == schema.end() ? nullptr : &*it;
}

void CompileNode(const Json& schema, CompiledSchema::Node* n) {
  if (!schema.is_object()) return;  // CheckSchema refuses these; they constrain nothing.
  if (const Json* t = Keyword(schema, "type")) {
    n->has_type = true;
    if (t->is_string()) {
      n->type_mask = TypeBitOf(t->get<std::string>());
      n->type_names = t->get<std::string>();
    } else {
      for (const Json& one : *t) {
        n->type_mask |= TypeBitOf(one.get<std::string>());
        n->type_names += (n->type_names.empty() ? "" : " or ") + one.get<std::string>();
      }
    }
  }
  if (const Json* c = Keyword(schema, "const")) {
    n->constant = *c;
    n->constant_text = c->dump();
  }
  if (const Json* options = Keyword(schema, "enum")) {
    n->options.emplace();
    for (const Json& option : *options) {
      n->options->push_back(option);
      n->options_text += (n->options_text.empty() ? "" : ", ") + option.dump();
    }
  }
  auto size_keyword = [&](const char* name, std::optional<size_t>* value, std::string* text) {
    if (const Json* k = Keyword(schema, name)) {
      *value = k->get<size_t>();
      *text = k->dump();
    }
  };
  size_keyword("minLength", &n->min_length, &n->min_length_text);
  size_keyword("maxLength", &n->max_length, &n->max_length_text);
  size_keyword("minItems", &n->min_items, &n->min_items_text);
  size_keyword("maxItems", &n->max_items, &n->max_items_text);
  if (const Json* format = Keyword(schema, "format")) n->format = format->get<std::string>();
  n->description = Describe(schema);
  if (const Json* min = Keyword(schema, "minimum")) {
    n->minimum = min->get<double>();
    n->minimum_text = min->dump();
  }
  if (const Json* max = Keyword(schema, "maximum")) {
    n->maximum = max->get<double>();
    n->maximum_text = max->dump();
  }
  if (const Json* items = Keyword(schema, "items")) {
    n->items = std::make_unique<CompiledSchema::Node>();
    CompileNode(*items, n->items.get());
  }
  if (const Json* unique = Keyword(schema, "uniqueItems")) {
    n->unique_items = unique->is_boolean() && unique->get<bool>();
  }
  if (const Json* required = Keyword(schema, "required")) {
    for (const Json& r : *required) n->required.push_back(r.get<std::string>());
  }
  if (const Json* props = Keyword(schema, "properties")) {
    n->has_properties = true;
    for (auto it = props->begin(); it != props->end(); ++it) {
      CompileNode(it.value(), &n->properties[it.key()]);
    }
  }
  if (const Json* additional = Keyword(schema, "additionalProperties")) {
    n->closed = additional->is_boolean() && !additional->get<bool>();
  }
  if (const Json* branches = Keyword(schema, "oneOf")) {
    n->one_of.resize(branches->size());
    for (size_t i = 0; i < branches->size(); ++i) CompileNode((*branches)[i], &n->one_of[i]);
  }
}

// The checks in the order the schema's keywords are listed in schema.h; the
// first failure is the answer.
Status ValidateNode(const CompiledSchema::Node& n, const Json& v, const Place& at) {
  if (n.has_type && !HasType(n.type_mask, v)) {
    return Status::Invalid("must be of type " + n.type_names, at.Pointer());
  }
  if (n.constant && v != *n.constant) {
    return Status::Invalid("must be " + n.constant_text, at.Pointer());
  }
  if (n.options && std::find(n.options->begin(), n.options->end(), v) == n.options->end()) {
    return Status::Invalid("must be one of " + n.options_text, at.Pointer());
  }
  if (v.is_string()) {
    const std::string& s = v.get_ref<const std::string&>();
    if (n.min_length && s.size() < *n.min_length) {
      return Status::Invalid(*n.min_length == 1 ? "must not be empty"
                                                : "is shorter than " + n.min_length_text + " bytes",
                             at.Pointer());
    }
    if (n.max_length && s.size() > *n.max_length) {
      return Status::Invalid("is longer than " + n.max_length_text + " bytes", at.Pointer());
    }
    if (n.format && !MatchesFormat(*n.format, s)) {
      return Status::Invalid(
          "is not a valid " + *n.format + (n.description.empty() ? "" : " (" + n.description + ")"),
          at.Pointer());
    }
  }
  if (v.is_number()) {
    const double d = v.get<double>();
    if (n.minimum && d < *n.minimum) {
      return Status::Invalid("must be at least " + n.minimum_text, at.Pointer());
    }
    if (n.maximum && d > *n.maximum) {
      return Status::Invalid("must be at most " + n.maximum_text, at.Pointer());
    }
  }
  if (v.is_array()) {
    if (n.min_items && v.size() < *n.min_items) {
      return Status::Invalid("needs at least " + n.min_items_text + " items", at.Pointer());
    }
    if (n.max_items && v.size() > *n.max_items) {
      return Status::Invalid("has more than " + n.max_items_text + " items", at.Pointer());
    }
    if (n.items) {
      for (size_t i = 0; i < v.size(); ++i) {
        const Place child{&at, nullptr, {}, i, false};
        LIF_RETURN_IF_ERROR(ValidateNode(*n.items, v[i], child));
      }
    }
    if (n.unique_items) {
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
    for (const std::string& name : n.required) {
      if (!v.contains(name)) {
        return Status::Invalid("is required", Place{&at, nullptr, name, 0, true}.Pointer());
      }
    }
    for (auto it = v.begin(); it != v.end(); ++it) {
      const Place child{&at, nullptr, it.key(), 0, true};
      auto prop = n.has_properties ? n.properties.find(it.key()) : n.properties.end();
      if (prop != n.properties.end()) {
        LIF_RETURN_IF_ERROR(ValidateNode(prop->second, it.value(), child));
      } else if (n.closed) {
        return Status::Invalid("unknown field", child.Pointer());
      }
    }
  }
  if (!n.one_of.empty()) {
    int matches = 0;
    Status first_error;
    for (const CompiledSchema::Node& branch : n.one_of) {
      Status s = ValidateNode(branch, v, at);
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

CompiledSchema::CompiledSchema(const Json& schema) : root_(std::make_unique<Node>()) {
  CompileNode(schema, root_.get());
}

CompiledSchema::~CompiledSchema() = default;

Status CompiledSchema::Validate(const Json& value, const std::string& path) const {
  return ValidateNode(*root_, value, Place{nullptr, &path, {}, 0, false});
}

Status ValidateAgainstSchema(const Json& schema, const Json& v, const std::string& path) {
  return CompiledSchema(schema).Validate(v, path);
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
