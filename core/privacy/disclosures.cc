#include "core/privacy/disclosures.h"

#include "core/integrity/base64.h"
#include "core/privacy/sealed_values.h"

namespace lif {
namespace {

bool IsLowerHex64(const std::string& s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

// Reads one disclosure: the salt's bytes and the text, or nullopt when it is
// not of the form MakeDisclosure makes.
struct Disclosed {
  std::string salt;
  std::string text;
};
std::optional<Disclosed> ReadDisclosure(const Json& d) {
  if (!d.is_object() || d.size() != 2) return std::nullopt;
  auto salt = d.find("salt");
  auto text = d.find("text");
  if (salt == d.end() || !salt->is_string() || text == d.end() || !text->is_string()) {
    return std::nullopt;
  }
  Result<std::string> bytes = Base64Decode(salt->get<std::string>());
  if (!bytes.ok() || bytes->size() != kDisclosureSaltBytes) return std::nullopt;
  return Disclosed{std::move(*bytes), text->get<std::string>()};
}

class Opener {
 public:
  Opener(const Event& event, const Json& disclosures, const Sha256Fn& sha256,
         std::unordered_set<std::string>* used)
      : event_(event), disclosures_(disclosures), sha256_(sha256), used_(used) {}

  // Replaces every sealed value below `value` (at `pointer`) by its text.
  Status Open(Json* value, const std::string& pointer) {
    if (IsSealedValue(*value)) return OpenOne(value, pointer);
    if (value->is_object()) {
      for (auto it = value->begin(); it != value->end(); ++it) {
        Status s = Open(&it.value(), pointer + "/" + JsonPointerEscape(it.key()));
        if (!s.ok()) return s;
      }
    } else if (value->is_array()) {
      for (size_t i = 0; i < value->size(); ++i) {
        Status s = Open(&(*value)[i], pointer + "/" + std::to_string(i));
        if (!s.ok()) return s;
      }
    }
    return Status::Ok();
  }

 private:
  Status OpenOne(Json* value, const std::string& pointer) {
    if (!IsCommittedValue(*value)) {
      *value = kWithheldText;
      return Status::Ok();
    }
    const std::string commit = (*value)["commit"].get<std::string>();
    auto it = disclosures_.is_object() ? disclosures_.find(commit) : disclosures_.end();
    if (it == disclosures_.end()) {
      *value = kErasedText;
      return Status::Ok();
    }
    std::optional<Disclosed> d = ReadDisclosure(*it);
    if (!d) {
      return Status::Invalid("the disclosure of " + Where(pointer) +
                                 " is malformed: it must be {\"salt\": base64 of 32 bytes, "
                                 "\"text\": string}",
                             pointer);
    }
    if (DisclosureCommitment(d->salt, d->text, sha256_) != commit) {
      return Status::Invalid("the disclosed text of " + Where(pointer) +
                                 " does not match the commitment in the signed event (the "
                                 "disclosure was altered)",
                             pointer);
    }
    used_->insert(commit);
    *value = std::move(d->text);
    return Status::Ok();
  }

  std::string Where(const std::string& pointer) const {
    return "event " + std::to_string(event_.position) + " (" + event_.type + " on " +
           event_.stream + ") at " + pointer;
  }

  const Event& event_;
  const Json& disclosures_;
  const Sha256Fn& sha256_;
  std::unordered_set<std::string>* used_;
};

}  // namespace

std::string DisclosureCommitment(std::string_view salt, std::string_view text,
                                 const Sha256Fn& sha256) {
  std::string bytes;
  bytes.reserve(salt.size() + text.size());
  bytes.append(salt);
  bytes.append(text);
  return ToHex(sha256(bytes));
}

bool IsCommittedValue(const Json& sealed) {
  if (!IsSealedValue(sealed)) return false;
  auto commit = sealed.find("commit");
  return commit != sealed.end() && IsLowerHex64(commit->get<std::string>());
}

Json MakeDisclosure(std::string_view salt, std::string_view text) {
  return Json{{"salt", Base64Encode(salt)}, {"text", std::string(text)}};
}

Status OpenDisclosedValues(Event* event, const Json& disclosures, const Sha256Fn& sha256,
                           std::unordered_set<std::string>* used) {
  if (!ContainsSealedValues(event->data)) return Status::Ok();
  Opener opener(*event, disclosures, sha256, used);
  return opener.Open(&event->data, "/data");
}

}  // namespace lif
