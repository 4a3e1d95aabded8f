#include "core/validation/ownership.h"

namespace lif {
namespace {

// The agency that owns a stream: its first event's data.owner_agency, else
// the agency that recorded it (empty for the board's own streams).
std::string OwningAgency(const Event& first) {
  auto it = first.data.find("owner_agency");
  if (it != first.data.end() && it->is_string()) return it->get<std::string>();
  return first.agency.value_or("");
}

// The sub-group of a plan's first event ("" when it is not a sub-group plan).
std::string PlanSubgroup(const Json& plan_data) {
  if (plan_data.value("kind", "") != "subgroup") return "";
  auto it = plan_data.find("subgroup");
  return it != plan_data.end() && it->is_string() ? it->get<std::string>() : "";
}

Status ChairOwnsPlan(const Principal& principal, const std::string& plan, const Json& plan_data,
                     const std::string& where) {
  const std::string subgroup = PlanSubgroup(plan_data);
  if (!principal.subgroup || subgroup != *principal.subgroup) {
    return Status::Forbidden(
        "a sub-group chair acts only on plans of its sub-group ('" +
            principal.subgroup.value_or("") + "'); " + plan +
            (subgroup.empty() ? " is not a sub-group plan" : " belongs to '" + subgroup + "'"),
        where);
  }
  return Status::Ok();
}

Result<Json> PlanData(const std::string& plan, const StreamOriginFn& origin) {
  Result<std::optional<Event>> first = origin(plan);
  if (!first.ok()) return first.status();
  if (!first->has_value()) return Json::object();  // Unknown plan: not the chair's.
  return (*first)->data;
}

}  // namespace

Status CheckOwnership(const EventTypeDef& def, const ProposedEvent& e, const Principal& principal,
                      const StreamOriginFn& origin, const std::string& path) {
  if (principal.role == Role::kAdmin) return Status::Ok();
  switch (def.ownership) {
    case OwnershipRule::kNone:
      return Status::Ok();
    case OwnershipRule::kOwningAgency: {
      if (principal.role != Role::kAgency && principal.role != Role::kSubgroupChair) {
        return Status::Ok();
      }
      Result<std::optional<Event>> first = origin(e.stream);
      if (!first.ok()) return first.status();
      if (!first->has_value()) return Status::Ok();  // The stream rule reports it.
      const std::string owner = OwningAgency(**first);
      if (!principal.agency || owner != *principal.agency) {
        return Status::Forbidden(
            "only the owning agency ('" + owner + "') may record " + e.type + " on " + e.stream,
            path + "/stream");
      }
      return Status::Ok();
    }
    case OwnershipRule::kChairsSubgroupPlan: {
      if (principal.role != Role::kSubgroupChair) return Status::Ok();
      if (def.stream_kind == "plan")
        return ChairOwnsPlan(principal, e.stream, e.data, path + "/data");
      std::string plan;
      std::string where = path + "/data/plan";
      if (e.data.contains("plan") && e.data["plan"].is_string()) {
        plan = e.data["plan"].get<std::string>();
      } else {
        Result<std::optional<Event>> first = origin(e.stream);
        if (!first.ok()) return first.status();
        if (!first->has_value()) return Status::Ok();
        plan = (*first)->data.value("plan", "");
        where = path + "/stream";
      }
      Result<Json> plan_data = PlanData(plan, origin);
      if (!plan_data.ok()) return plan_data.status();
      return ChairOwnsPlan(principal, plan, *plan_data, where);
    }
  }
  return Status::Ok();
}

}  // namespace lif
