#include "core/privacy/sealed_values.h"

#include <memory>

namespace lif {

bool IsSealedValue(const Json& value) {
  if (!value.is_object() || value.size() != 2) return false;
  auto enc = value.find("enc");
  auto subject = value.find("subject");
  return enc != value.end() && enc->is_string() && subject != value.end() && subject->is_string();
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

SealedValueOpener DisclosureOpener(Json disclosures) {
  auto shared = std::make_shared<const Json>(std::move(disclosures));
  return [shared](const Json& sealed) -> std::string {
    if (!shared->is_object()) return kErasedText;
    auto it = shared->find(sealed["enc"].get<std::string>());
    if (it == shared->end() || !it->is_string()) return kErasedText;
    return it->get<std::string>();
  };
}

}  // namespace lif
