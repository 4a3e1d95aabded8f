#include "core/privacy/sealed_values.h"

namespace lif {

bool IsSealedValue(const Json& value) {
  if (!value.is_object() || value.size() < 2 || value.size() > 3) return false;
  auto enc = value.find("enc");
  auto subject = value.find("subject");
  if (enc == value.end() || !enc->is_string() || subject == value.end() || !subject->is_string()) {
    return false;
  }
  if (value.size() == 2) return true;
  auto commit = value.find("commit");
  return commit != value.end() && commit->is_string();
}

bool SchemaHasPersonalFields(const Json& schema) {
  if (schema.is_object()) {
    auto flag = schema.find("x-lif-personal");
    if (flag != schema.end() && flag->is_boolean() && flag->get<bool>()) return true;
  }
  if (schema.is_object() || schema.is_array()) {
    for (const Json& child : schema) {
      if (SchemaHasPersonalFields(child)) return true;
    }
  }
  return false;
}

bool ContainsSealedValues(const Json& data) {
  if (IsSealedValue(data)) return true;
  if (data.is_object() || data.is_array()) {
    for (const Json& child : data) {
      if (ContainsSealedValues(child)) return true;
    }
  }
  return false;
}

std::optional<std::string> FindSealedValue(const Json& data) {
  if (IsSealedValue(data)) return std::string();
  if (data.is_object()) {
    for (auto it = data.begin(); it != data.end(); ++it) {
      if (std::optional<std::string> below = FindSealedValue(it.value())) {
        return "/" + JsonPointerEscape(it.key()) + *below;
      }
    }
  } else if (data.is_array()) {
    for (size_t i = 0; i < data.size(); ++i) {
      if (std::optional<std::string> below = FindSealedValue(data[i])) {
        return "/" + std::to_string(i) + *below;
      }
    }
  }
  return std::nullopt;
}

Json OpenSealedValues(const Json& data, const SealedValueOpener& open) {
  if (IsSealedValue(data)) return Json(open(data));
  if (!data.is_object() && !data.is_array()) return data;
  Json out = data;
  for (auto it = out.begin(); it != out.end(); ++it) *it = OpenSealedValues(*it, open);
  return out;
}

void OpenEventData(Event* event, const SealedValueOpener& open) {
  if (!ContainsSealedValues(event->data)) return;
  event->data = OpenSealedValues(event->data, open);
}

void CollectSealedValues(const Json& data, std::vector<Json>* out) {
  if (IsSealedValue(data)) {
    out->push_back(data);
    return;
  }
  if (data.is_object() || data.is_array()) {
    for (const Json& child : data) CollectSealedValues(child, out);
  }
}

}  // namespace lif
