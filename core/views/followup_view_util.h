// Small helpers shared by the views of what follows from the board's
// sources and learning (docs/views-followup.md): you_said_we_did, policies,
// dissemination, priorities and plan_reports. Pure; thread-safe.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/views/domain23_view_util.h"

namespace lif {

// The learning items of the register by the stream of their source
// (learning.identified's source.stream, as corrected), each list in stream
// order.
std::map<std::string, std::vector<const LearningRegister::Item*>> LearningBySource(
    const BoardState& state);

// The corrections recorded against the events of each stream, from the
// correction index (for records whose projection keeps no correction notes,
// such as voice of the child and service-user feedback), each in log order:
// stream -> [{"correction", "reason", "recorded_at", "fields", "outcome",
// "message"}]. `outcome` is "applied" or "rejected" (then `message` says
// why; core/projections/corrections.h).
std::map<std::string, Json> CorrectionsByStream(const BoardState& state);

// One action as a line of a roll-up: stream, title, owner_agency, status,
// due, overdue, rag (latest, or null) and evidence_of_impact (or null).
Json ActionBriefJson(const ActionRecord& action, Date today);

// round(100 * part / whole), halves up; null when `whole` is 0.
Json PercentOf(int64_t part, int64_t whole);

// Checks that filter `name`, when given, is one of `allowed`: else kInvalid
// naming the filter, with the allowed values in the message.
Status CheckFilterChoice(const ViewContext& ctx, const std::string& name,
                         const std::vector<std::string>& allowed);

}  // namespace lif
