#include "core/log/event_log.h"

namespace lif {

Status ValidateIdempotencyKey(std::string_view key) {
  if (key.empty() || key.size() > kMaxIdempotencyKeyLength) {
    return Status::Invalid("Idempotency-Key must be 1 to 128 characters", "Idempotency-Key");
  }
  for (char c : key) {
    if (c < 0x21 || c > 0x7e) {
      return Status::Invalid("Idempotency-Key may only hold visible ASCII characters",
                             "Idempotency-Key");
    }
  }
  return Status::Ok();
}

}  // namespace lif
