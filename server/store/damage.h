// Damaged or altered stored data (a table file that fails its checksum, a
// stored event that does not decode, a backup that does not check out, a log
// that does not extend its signed head; docs/integrity.md, section 8) is bad
// data, never an internal error: the API answers 503 with the code
// "data_damaged" and the command line exits with 3.
//
// Such a Status has the core's code kInternal (so that core code such as
// VerifyLog, which names the position of a failing read, treats it as the
// damage it is) and a message starting with "data damaged: ", which
// IsDataDamaged recognises. The core's StatusCode has no code of its own for
// it: adding one changes core/status.h, which every file of the project
// includes.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace lif::store {

inline constexpr std::string_view kDataDamagedPrefix = "data damaged: ";
inline constexpr const char* kDataDamagedCode = "data_damaged";

inline Status DataDamaged(const std::string& message) {
  return Status::Internal(std::string(kDataDamagedPrefix) + message);
}

inline bool IsDataDamaged(const Status& s) {
  return s.code() == StatusCode::kInternal && s.message().rfind(kDataDamagedPrefix, 0) == 0;
}

// The message of a data-damaged status without its prefix (the whole message
// of any other status).
inline std::string DamagedText(const Status& s) {
  return IsDataDamaged(s) ? s.message().substr(kDataDamagedPrefix.size()) : s.message();
}

}  // namespace lif::store
