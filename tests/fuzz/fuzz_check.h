// Support for the fuzz targets (docs/reliability.md#fuzzing): a check that
// aborts with a message, so that libFuzzer (and the corpus replay in the
// normal build) reports a broken invariant as a crash with its input.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/status.h"

namespace lif::fuzz {

[[noreturn]] inline void Fail(const char* file, int line, const std::string& what) {
  std::fprintf(stderr, "%s:%d: fuzz invariant broken: %s\n", file, line, what.c_str());
  std::abort();
}

// An error answer as the API would send it: a known client-error code, a
// message, and a path that is empty, a query or header name, or a JSON pointer.
inline bool IsWellFormedPointer(const std::string& path) {
  if (path.empty()) return true;
  if (path[0] != '/') return false;
  for (size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '~' && (i + 1 == path.size() || (path[i + 1] != '0' && path[i + 1] != '1'))) {
      return false;
    }
  }
  return true;
}

}  // namespace lif::fuzz

#define LIF_FUZZ_CHECK(cond, what)                              \
  do {                                                          \
    if (!(cond)) ::lif::fuzz::Fail(__FILE__, __LINE__, (what)); \
  } while (0)
