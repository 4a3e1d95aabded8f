#include "core/log/append_body.h"

#include <string>
#include <utility>

namespace lif {

Result<AppendBody> ParseAppendBody(std::string_view text, size_t max_batch_events,
                                   BodyDigest digest) {
  Result<Json> parsed = ParseUntrustedJson(text);
  if (!parsed.ok()) return parsed.status();
  AppendBody body;
  Json& root = *parsed;
  if (!root.is_object()) return Status::Invalid("the body must be a JSON object");
  // Before the events' data move out of the document below.
  if (digest == BodyDigest::kKeep) body.normalized = root.dump();
  auto events = root.find("events");
  if (events == root.end()) {
    Result<ProposedEvent> e = ParseProposedEvent(std::move(root), "");
    if (!e.ok()) return e.status();
    body.events.push_back(std::move(*e));
    return body;
  }
  for (auto it = root.begin(); it != root.end(); ++it) {
    if (it.key() != "events") {
      return Status::Invalid("a batch holds only \"events\"", "/" + JsonPointerEscape(it.key()));
    }
  }
  if (!events->is_array() || events->empty()) {
    return Status::Invalid("\"events\" must be a non-empty array", "/events");
  }
  if (events->size() > max_batch_events) {
    return Status(StatusCode::kTooLarge,
                  "a batch holds at most " + std::to_string(max_batch_events) + " events",
                  "/events");
  }
  body.form = RequestForm::kBatch;
  body.events.reserve(events->size());
  for (size_t i = 0; i < events->size(); ++i) {
    Result<ProposedEvent> e =
        ParseProposedEvent(std::move((*events)[i]), "/events/" + std::to_string(i));
    if (!e.ok()) return e.status();
    body.events.push_back(std::move(*e));
  }
  return body;
}

}  // namespace lif
