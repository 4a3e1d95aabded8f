#include "core/views/domain23_view_util.h"

#include <cmath>

#include "core/validation/schema.h"

namespace lif {

std::string FilterValue(const ViewContext& ctx, const std::string& name) {
  auto it = ctx.filters.find(name);
  return it == ctx.filters.end() ? "" : it->second;
}

Status CheckFilterFormat(const ViewContext& ctx, const std::string& name, const std::string& format,
                         const std::string& stream_kind) {
  auto it = ctx.filters.find(name);
  if (it == ctx.filters.end()) return Status::Ok();
  if (!MatchesFormat(format, it->second)) {
    return Status::Invalid(name + " must be a valid " + format, name);
  }
  if (!stream_kind.empty() && it->second.compare(0, stream_kind.size() + 1, stream_kind + "/")) {
    return Status::Invalid(name + " must name a '" + stream_kind + "/...' stream", name);
  }
  return Status::Ok();
}

Json NullIfEmpty(const std::string& value) { return value.empty() ? Json(nullptr) : Json(value); }

Json CorrectionsJson(const std::vector<CorrectionNote>& notes) {
  Json out = Json::array();
  for (const CorrectionNote& n : notes) {
    out.push_back({{"correction", n.id},
                   {"reason", n.reason},
                   {"recorded_at", n.recorded_at},
                   {"fields", n.fields},
                   {"replaced", n.replaced}});
  }
  return out;
}

double Round2(double value) { return std::round(value * 100.0) / 100.0; }

}  // namespace lif
