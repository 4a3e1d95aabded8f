// Test support: what a hostile holder of a stopped data folder can do with
// the RocksDB API directly (issue 24): change stored bytes, or rewrite a
// history so that its hash chain verifies again.
#pragma once

#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <string>

#include "core/event.h"
#include "server/crypto/openssl_crypto.h"
#include "server/store/keys.h"
#include "server/store/rocks_log.h"

namespace lif::testing {

// Changes one letter of `needle` in the stored bytes of the event at
// `position` (its canonical JSON stays well formed; its hash no longer holds).
inline void ChangeOneStoredByte(store::RocksLog* log, int64_t position, const std::string& needle) {
  std::string value = log->ReadRaw(position).value();
  const size_t at = value.find(needle);
  ASSERT_NE(at, std::string::npos) << needle << " is not in position " << position;
  value[at] = value[at] == 'x' ? 'y' : 'x';
  ASSERT_TRUE(log->db()->Put(rocksdb::WriteOptions(), store::EventKey(position), value).ok());
}

// Rewrites the stored events from `from` on: the event at `from` gets the
// title "Forged" and every later one is re-sealed on the new chain, then the
// stored head is moved to the new last hash. The forgery's chain verifies.
inline void Rechain(store::RocksLog* log, int64_t from) {
  const Sha256Fn sha = crypto::Sha256Function();
  std::string prev = from == 1 ? ZeroHashHex() : log->ReadRange(from - 2, 1).value()[0].hash;
  const int64_t last = log->Head().position;
  for (int64_t p = from; p <= last; ++p) {
    Result<Event> e = DecodeStoredEvent(log->ReadRaw(p).value(), sha);
    ASSERT_TRUE(e.ok()) << e.status().ToString();
    if (p == from) e->data["title"] = "Forged";
    e->prev = prev;
    SealEvent(&*e, sha);
    ASSERT_TRUE(log->db()->Put(rocksdb::WriteOptions(), store::EventKey(p), e->canonical).ok());
    prev = e->hash;
  }
  Json head = Json::parse(log->GetMeta("head").value());
  head["hash"] = prev;
  ASSERT_TRUE(log->db()->Put(rocksdb::WriteOptions(), store::MetaKey("head"), head.dump()).ok());
}

}  // namespace lif::testing
