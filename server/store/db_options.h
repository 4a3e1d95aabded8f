// The RocksDB options of a lif data folder: one definition for the log
// (server/store/rocks_log.cc) and for the benchmark's raw RocksDB baseline
// (bench/tool.cc rocks-batch), so that the baseline writes as lif does.
#pragma once

#include <rocksdb/options.h>

namespace lif::store {

// Options for opening (and creating) a data folder, without an Env: the
// caller sets one to inject faults. Thread-safe; returns a fresh copy.
rocksdb::Options DataFolderOptions();

}  // namespace lif::store
