// The names view (docs/views-domain23.md#names): the names a reader needs in
// place of identifiers, as of the view's state: agencies, sub-groups and
// areas (reference data), indicators, plans, priorities, learning items,
// courses, case reviews, policies and voice-of-the-child records, each an object from identifier
// (or stream) to its name or title. The page shows names with it (web/src/page/names.js); the
// identifiers stay in each view's JSON. No filters.
#include "core/views/view_registry.h"

namespace lif {
namespace {

// {key(record): name(record)} for every record of a map.
template <typename Map, typename NameOf>
Json NamesOf(const Map& records, NameOf name_of) {
  Json out = Json::object();
  for (const auto& [key, record] : records) out[key] = name_of(record);
  return out;
}

}  // namespace

Result<Json> RenderNamesView(const BoardState& state, const ViewContext&) {
  const ReferenceData& reference = state.reference();
  return Json{
      {"agencies", NamesOf(reference.agencies(), [](const AgencyRecord& a) { return a.name; })},
      {"subgroups", NamesOf(reference.subgroups(), [](const SubgroupRecord& s) { return s.name; })},
      {"areas", NamesOf(reference.areas(), [](const AreaRecord& a) { return a.name; })},
      {"indicators",
       NamesOf(reference.indicators(), [](const IndicatorDefinition& d) { return d.title; })},
      {"plans", NamesOf(state.actions().plans(), [](const PlanRecord& p) { return p.title; })},
      {"priorities",
       NamesOf(state.actions().priorities(), [](const PriorityRecord& p) { return p.title; })},
      {"learning",
       NamesOf(state.learning().items(), [](const LearningRegister::Item& i) { return i.title; })},
      {"courses",
       NamesOf(state.training().courses(), [](const CourseRecord& c) { return c.title; })},
      {"reviews",
       NamesOf(state.case_reviews().reviews(), [](const CaseReview& r) { return r.title; })},
      {"policies",
       NamesOf(state.policies().policies(), [](const PolicyRecord& p) { return p.title; })},
      {"voice",
       NamesOf(state.learning_sources().voice(), [](const VoiceRecord& v) { return v.title; })},
  };
}

}  // namespace lif
