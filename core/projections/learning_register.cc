#include "core/projections/learning_register.h"

namespace lif {

void LearningRegister::Apply(const Event& e) {
  if (e.type == "learning.identified") {
    Item item;
    item.stream = e.stream;
    item.title = e.data.value("title", "");
    item.kind = e.data.value("kind", "");
    item.summary = e.data.value("summary", "");
    if (e.data.contains("source")) {
      item.source_kind = e.data["source"].value("kind", "");
      item.source_stream = e.data["source"].value("stream", "");
    }
    if (e.data.contains("themes")) {
      for (const Json& t : e.data["themes"]) item.themes.push_back(t.get<std::string>());
    }
    item.agency = e.data.value("agency", e.agency.value_or(""));
    item.identified_on = e.occurred_at;
    item.recorded_at = e.recorded_at;
    item.position = e.position;
    item.last_position = e.position;
    items_[e.stream] = std::move(item);
    return;
  }
  auto it = items_.find(e.stream);
  if (it != items_.end()) it->second.last_position = e.position;
}

const LearningRegister::Item* LearningRegister::Find(const std::string& stream) const {
  auto it = items_.find(stream);
  return it == items_.end() ? nullptr : &it->second;
}

Json LearningRegister::Snapshot() const {
  Json items = Json::array();
  for (const auto& [stream, i] : items_) {
    items.push_back({{"stream", i.stream},
                     {"title", i.title},
                     {"kind", i.kind},
                     {"summary", i.summary},
                     {"source_kind", i.source_kind},
                     {"source_stream", i.source_stream},
                     {"themes", i.themes},
                     {"agency", i.agency},
                     {"identified_on", i.identified_on},
                     {"recorded_at", i.recorded_at},
                     {"position", i.position},
                     {"last_position", i.last_position}});
  }
  return {{"items", items}};
}

Status LearningRegister::Restore(const Json& snapshot) {
  items_.clear();
  try {
    for (const Json& j : snapshot.at("items")) {
      Item i;
      i.stream = j.at("stream").get<std::string>();
      i.title = j.at("title").get<std::string>();
      i.kind = j.at("kind").get<std::string>();
      i.summary = j.at("summary").get<std::string>();
      i.source_kind = j.at("source_kind").get<std::string>();
      i.source_stream = j.at("source_stream").get<std::string>();
      i.themes = j.at("themes").get<std::vector<std::string>>();
      i.agency = j.at("agency").get<std::string>();
      i.identified_on = j.at("identified_on").get<std::string>();
      i.recorded_at = j.at("recorded_at").get<std::string>();
      i.position = j.at("position").get<int64_t>();
      i.last_position = j.at("last_position").get<int64_t>();
      items_[i.stream] = std::move(i);
    }
  } catch (const std::exception& ex) {
    return Status::Internal(std::string("learning register snapshot: ") + ex.what());
  }
  return Status::Ok();
}

}  // namespace lif
