// Who is acting: resolved by the server from a bearer token (never from the
// request body) and passed to the core with every write.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace lif {

enum class Role { kAdmin, kAgency, kSubgroupChair, kInspector, kBoard };

const char* RoleName(Role role);
// Accepts "admin", "agency", "subgroup_chair", "inspector", "board".
std::optional<Role> ParseRole(std::string_view name);

struct Principal {
  std::string id;  // Stable id of the token's holder, e.g. "tok-3f2a9c1e".
  Role role = Role::kBoard;
  std::optional<std::string> agency;    // Set for kAgency (and kSubgroupChair's own agency).
  std::optional<std::string> subgroup;  // Set for kSubgroupChair.
};

}  // namespace lif
