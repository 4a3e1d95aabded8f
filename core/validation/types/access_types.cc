// Token administration, recorded in the log so that inspectors can see who
// could act when (docs/catalogue-domain1.md, "Access and erasure"). Secrets are never in an event.
#include "core/validation/catalogue.h"

namespace lif {

void RegisterAccessTypes(Catalogue* c) {
  c->Register(EventTypeDef{
      "token.created",
      "token",
      "An access token was issued (its secret is never recorded).",
      Json::parse(R"({
        "type": "object",
        "additionalProperties": false,
        "required": ["token_id", "name", "role", "expires_at"],
        "properties": {
          "token_id": {"type": "string", "format": "identifier"},
          "name": {"type": "string", "minLength": 1, "maxLength": 200},
          "role": {"enum": ["admin", "agency", "subgroup_chair", "inspector", "board"]},
          "agency": {"type": "string", "format": "identifier"},
          "subgroup": {"type": "string", "format": "identifier"},
          "expires_at": {"type": "string", "format": "date-time"}
        }
      })"),
      {Role::kAdmin},
      [](const Json& d) -> Status {
        const std::string role = d.value("role", "");
        if ((role == "agency" || role == "subgroup_chair") && !d.contains("agency")) {
          return Status::Invalid("an agency or subgroup_chair token needs its agency", "/agency");
        }
        if (role == "subgroup_chair" && !d.contains("subgroup")) {
          return Status::Invalid("a subgroup_chair token needs its subgroup", "/subgroup");
        }
        return Status::Ok();
      },
      StreamRule::kCreates});
  c->Register(EventTypeDef{"token.revoked",
                           "token",
                           "An access token was revoked; it stops working at once.",
                           Json::parse(R"({
        "type": "object",
        "additionalProperties": false,
        "required": ["token_id"],
        "properties": {
          "token_id": {"type": "string", "format": "identifier"},
          "reason": {"type": "string", "maxLength": 1000}
        }
      })"),
                           {Role::kAdmin},
                           nullptr,
                           StreamRule::kContinues});
  c->Register(EventTypeDef{"subject.erased",
                           "erasure",
                           "The personal data of a subject (the stream named in `subject`) was "
                           "erased by destroying its key (crypto-shredding, docs/privacy.md); "
                           "its events stay in the log and still verify.",
                           Json::parse(R"({
        "type": "object",
        "additionalProperties": false,
        "required": ["subject"],
        "properties": {
          "subject": {"type": "string", "format": "stream-id"},
          "reason": {"type": "string", "maxLength": 1000}
        }
      })"),
                           {Role::kAdmin},
                           nullptr,
                           StreamRule::kAny});
}

}  // namespace lif
