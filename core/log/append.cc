#include "core/log/append.h"

#include <map>
#include <unordered_map>

#include "core/privacy/sealed_values.h"

namespace lif {

namespace {

std::string PathOf(RequestForm form, size_t i) {
  return form == RequestForm::kBatch ? "/events/" + std::to_string(i) : std::string();
}

}  // namespace

Status ValidateProposed(const std::vector<ProposedEvent>& batch, const Catalogue* catalogue,
                        const Principal& principal, RequestForm form) {
  if (batch.empty()) return Status::Invalid("a batch needs at least one event", "/events");
  if (catalogue == nullptr) return Status::Ok();
  for (size_t i = 0; i < batch.size(); ++i) {
    LIF_RETURN_IF_ERROR(catalogue->Validate(batch[i], principal, PathOf(form, i)));
    // Readers open every value of this form by its subject's key: one sent in
    // (a copy from a bundle, say) would be opened as if lif had sealed it.
    if (std::optional<std::string> sealed = FindSealedValue(batch[i].data)) {
      return Status::Invalid(
          "a value of the form {\"enc\", \"subject\"} is a sealed value, which only the server "
          "makes",
          PathOf(form, i) + "/data" + *sealed);
    }
  }
  return Status::Ok();
}

namespace {

// A correction's data with its replacement values ("fields") sealed as the
// corrected event's would be: by the target type's schema, under the target's
// subject. Unchanged when the target has no personal fields or none of them
// is replaced.
Result<Json> ProtectCorrection(Json data, const AppendContext& ctx) {
  auto corrects = data.find("corrects");
  auto fields = data.find("fields");
  if (corrects == data.end() || !corrects->is_string() || fields == data.end() ||
      !fields->is_object()) {
    return data;  // Validation refuses these; nothing to seal.
  }
  Result<std::optional<CorrectionTarget>> target =
      ctx.correction_target(corrects->get<std::string>());
  if (!target.ok()) return target.status();
  if (!target->has_value()) return data;
  const EventTypeDef* def = ctx.catalogue->Find((*target)->type);
  if (def == nullptr || !def->has_personal_fields) return data;
  auto properties = def->data_schema.find("properties");
  if (properties == def->data_schema.end()) return data;
  bool personal = false;  // Whether a replaced field is (or holds) a personal one.
  for (auto it = fields->begin(); it != fields->end() && !personal; ++it) {
    auto p = properties->find(it.key());
    personal = p != properties->end() && SchemaHasPersonalFields(*p);
  }
  if (!personal) return data;
  Result<Json> sealed =
      ctx.protect_personal(def->data_schema, std::move(*fields), (*target)->stream);
  if (!sealed.ok()) return sealed.status();
  data["fields"] = std::move(*sealed);
  return data;
}

}  // namespace

Result<std::vector<Event>> PrepareAppend(std::vector<ProposedEvent> batch, const AppendContext& ctx,
                                         const LogHead& head,
                                         const StreamVersionFn& current_version, RequestForm form,
                                         Validation validation) {
  if (validation == Validation::kValidate) {
    LIF_RETURN_IF_ERROR(ValidateProposed(batch, ctx.catalogue, ctx.principal, form));
  }
  if (batch.empty()) return Status::Invalid("a batch needs at least one event", "/events");
  auto path_of = [&](size_t i) { return PathOf(form, i); };
  // Recorded time never goes backwards along the log.
  Timestamp now = ctx.now;
  if (!head.recorded_at.empty()) {
    Result<Timestamp> last = ParseTimestamp(head.recorded_at);
    if (last.ok() && last->millis > now.millis) now = *last;
  }
  const std::string recorded_at = FormatTimestamp(now);
  const std::string today = FormatDate(DateOf(now));

  std::map<std::string, int64_t> versions;  // Streams touched by this batch.
  std::vector<Event> out;
  out.reserve(batch.size());
  // Streams this batch starts: where their first event is in `out`.
  std::unordered_map<std::string, size_t> started;
  std::string prev = head.hash;
  for (size_t i = 0; i < batch.size(); ++i) {
    ProposedEvent& p = batch[i];
    const EventTypeDef* def = ctx.catalogue ? ctx.catalogue->Find(p.type) : nullptr;
    if (def && ctx.stream_origin && def->ownership != OwnershipRule::kNone) {
      // Streams created earlier in this batch are not in the log yet.
      auto origin = [&](const std::string& stream) -> Result<std::optional<Event>> {
        if (auto s = started.find(stream); s != started.end()) {
          return std::optional<Event>(out[s->second]);
        }
        return ctx.stream_origin(stream);
      };
      LIF_RETURN_IF_ERROR(CheckOwnership(*def, p, ctx.principal, origin, path_of(i)));
    }
    auto it = versions.find(p.stream);
    if (it == versions.end()) {
      Result<int64_t> v = current_version(p.stream);
      if (!v.ok()) return v.status();
      it = versions.emplace(p.stream, *v).first;
    }
    int64_t current = it->second;
    if (p.expected_version && *p.expected_version != current) {
      return Status::Conflict("stream " + p.stream + " is at version " + std::to_string(current) +
                              ", not " + std::to_string(*p.expected_version))
          .WithPathPrefix(path_of(i) + "/expected_version")
          .WithCurrentVersion(current);
    }
    if (def) {
      if (def && def->stream_rule == StreamRule::kCreates && current != 0) {
        return Status::Conflict("stream " + p.stream + " already exists (version " +
                                std::to_string(current) + "); " + p.type + " starts a stream")
            .WithPathPrefix(path_of(i) + "/stream")
            .WithCurrentVersion(current);
      }
      if (def && def->stream_rule == StreamRule::kContinues && current == 0) {
        return Status::Invalid("stream " + p.stream + " does not exist yet",
                               path_of(i) + "/stream");
      }
    }
    Event e;
    e.position = head.position + static_cast<int64_t>(i) + 1;
    e.id = ctx.new_id();
    e.type = p.type;
    e.stream = p.stream;
    e.version = current + 1;
    e.recorded_at = recorded_at;
    e.occurred_at = p.occurred_at.value_or(today);
    e.actor = ctx.principal.id;
    e.agency = ctx.principal.agency;
    if (def && ctx.protect_personal && def->has_personal_fields) {
      // Validation saw the plain text; what is hashed and stored is sealed.
      Result<Json> sealed = ctx.protect_personal(def->data_schema, std::move(p.data), p.stream);
      if (!sealed.ok()) return sealed.status();
      e.data = std::move(*sealed);
    } else if (def && ctx.protect_personal && ctx.correction_target && p.type == kCorrectionType) {
      Result<Json> data = ProtectCorrection(std::move(p.data), ctx);
      if (!data.ok()) return data.status();
      e.data = std::move(*data);
    } else {
      e.data = std::move(p.data);  // The batch is consumed: no copy of the data.
    }
    e.prev = prev;
    SealEvent(&e, ctx.sha256);
    prev = e.hash;
    it->second = e.version;
    if (e.version == 1) started.emplace(e.stream, out.size());
    out.push_back(std::move(e));
  }
  return out;
}

Status VerifyChainLinks(const LogHead& before, const std::vector<Event>& events) {
  std::string prev = before.hash;
  int64_t position = before.position;
  for (const Event& e : events) {
    if (e.position != position + 1) {
      return Status::Internal("position " + std::to_string(position + 1) + " is missing");
    }
    if (e.prev != prev) {
      return Status::Internal("position " + std::to_string(e.position) +
                              " does not link to the hash of the event before it");
    }
    prev = e.hash;
    position = e.position;
  }
  return Status::Ok();
}

}  // namespace lif
