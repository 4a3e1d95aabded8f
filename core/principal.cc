#include "core/principal.h"

namespace lif {

const char* RoleName(Role role) {
  switch (role) {
    case Role::kAdmin:
      return "admin";
    case Role::kAgency:
      return "agency";
    case Role::kSubgroupChair:
      return "subgroup_chair";
    case Role::kInspector:
      return "inspector";
    case Role::kBoard:
      return "board";
  }
  return "board";
}

std::optional<Role> ParseRole(std::string_view name) {
  if (name == "admin") return Role::kAdmin;
  if (name == "agency") return Role::kAgency;
  if (name == "subgroup_chair") return Role::kSubgroupChair;
  if (name == "inspector") return Role::kInspector;
  if (name == "board") return Role::kBoard;
  return std::nullopt;
}

}  // namespace lif
