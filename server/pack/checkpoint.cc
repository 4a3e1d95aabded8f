#include "server/pack/checkpoint.h"

#include <memory>

#include "core/bundle/bundle.h"
#include "core/log/memory_log.h"
#include "core/projections/board_state.h"
#include "core/views/views.h"
#include "server/crypto/openssl_crypto.h"

namespace lif::server {

const std::vector<std::string>& CheckpointViews() {
  static const std::vector<std::string> kViews = {"names", "dashboard"};
  return kViews;
}

Result<std::string> MakeCheckpoint(std::string_view bundle_text, Date today) {
  const Sha256Fn sha256 = crypto::Sha256Function();
  Result<Bundle> bundle = ParseBundle(bundle_text, sha256);
  if (!bundle.ok()) return bundle.status();
  // The same log the page's core builds from the bundle (wasm/bindings.cc).
  MemoryLog log(
      sha256, nullptr, [] { return Timestamp{}; }, [] { return std::string(); });
  Status loaded = log.Load(std::move(bundle->events));
  if (!loaded.ok()) return loaded;
  Result<BoardState> state = BuildBoardState(log, AsOf{});
  if (!state.ok()) return state.status();
  ViewContext ctx;
  ctx.today = today;
  Json views = Json::object();
  for (const std::string& name : CheckpointViews()) {
    Result<Json> view = RenderView(name, *state, ctx);
    if (!view.ok()) return view.status();
    // The page's core answers view() with dump(): the same call here.
    views[name] = view->dump();
  }
  const Json checkpoint = {{"lif_checkpoint", 1},         {"size", bundle->header.size},
                           {"head", bundle->header.head}, {"query", {{"today", FormatDate(today)}}},
                           {"view_names", ViewNames()},   {"views", std::move(views)}};
  // In JSON a "<" can only be inside a string, where \u003c means the same.
  const std::string text = checkpoint.dump();
  std::string safe;
  safe.reserve(text.size() + text.size() / 16);
  for (char c : text) {
    if (c == '<') {
      safe += "\\u003c";
    } else {
      safe.push_back(c);
    }
  }
  return safe;
}

}  // namespace lif::server
