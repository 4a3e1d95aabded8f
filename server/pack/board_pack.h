// Exports: the bundle (docs/bundle.md) and the board pack, one self-contained
// HTML file = the built web page (<build>/web/lif.html) with a bundle embedded
// in its `<script type="application/x-lif-bundle" id="lif-bundle">` element as
// base64 of its gzip, after its checkpoint (docs/web.md). Used by GET
// /v1/bundle, GET /v1/pack and `lif export`.
// Thread-safety: pure functions over a thread-safe log and integrity service.
#pragma once

#include <string>

#include "core/status.h"
#include "core/time/civil_time.h"
#include "server/integrity/integrity_service.h"
#include "server/store/rocks_log.h"

namespace lif::server {

// The whole log as a bundle whose header carries a freshly signed tree head.
Result<std::string> ExportBundle(const store::RocksLog& log, IntegrityService* integrity);

// The board's key as the exporter pins it in a pack: the data folder's own
// key (never the one the bundle names) and the origin it signs as.
struct PackPin {
  std::string public_key;  // 32 raw bytes.
  std::string origin;
};

// Fills the page's bundle slot with the pinned key as <script
// type="application/json" id="lif-pin">{"public_key", "fingerprint",
// "fingerprint_short", "origin"}</script>, the bundle's checkpoint
// (server/pack/checkpoint.h) as <script type="application/json"
// id="lif-checkpoint">, and `bundle`, gzip-compressed and in base64
// (data-encoding="gzip"), named `name` (docs/bundle.md). The page verifies
// the bundle's signature with the pinned key only (docs/web.md). kInternal
// when the page has no empty slot (a page from another build); kInvalid when
// the bundle does not verify or the pin's key is not 32 bytes.
Result<std::string> MakeBoardPack(const std::string& page_html, const std::string& bundle,
                                  const std::string& name, const PackPin& pin);

// The date a pack's checkpoint judges deadlines on: the day the bundle was
// exported (UTC), or today when its header does not say.
Date CheckpointDate(const std::string& bundle);

// Reads a file whole; kNotFound when it is missing.
Result<std::string> ReadWholeFile(const std::string& path);

}  // namespace lif::server
