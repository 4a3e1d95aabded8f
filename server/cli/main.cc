// The `lif` command line: serve, token create, verify, export, backup, restore.
// Usage is printed by `lif help` and documented in README.md.
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "core/bundle/bundle.h"
#include "core/integrity/base64.h"
#include "core/integrity/key_fingerprint.h"
#include "core/integrity/signed_head.h"
#include "core/log/verify.h"
#include "server/auth/token_store.h"
#include "server/backup/backup.h"
#include "server/cli/demo_command.h"
#include "server/cli/import_command.h"
#include "server/crypto/basics.h"
#include "server/crypto/openssl_crypto.h"
#include "server/http/api_server.h"
#include "server/integrity/integrity_service.h"
#include "server/pack/board_pack.h"
#include "server/pack/verify_pack.h"
#include "server/store/damage.h"
#include "server/store/rocks_log.h"
#include "server/views/view_service.h"

namespace lif {
namespace {

constexpr const char* kUsage = R"(lif: a safeguarding board's Learning and Improvement Framework

usage:
  lif serve  --data DIR [--listen HOST:PORT] [--web FILE] [--origin NAME] [--port-file FILE]
             [--rate-limit N] [--rate-burst B] [--workers W] [--head-record FILE]
             [--group-commit on|off]   (off: one WAL sync per request, for benchmarks)
             (--listen 127.0.0.1:0 picks a free port; --port-file writes it to FILE)
             (per token: N requests/s sustained, bursts of B, 429 beyond;
              defaults 20000 and 20000, --rate-limit 0 turns it off;
              W connections served at once, default 64;
              --head-record: keep the last signed head in FILE too, outside the
              data folder, and check the log against it at every start)
  lif token create --data DIR --role admin|agency|subgroup_chair|inspector|board
                   [--agency ID] [--subgroup ID] [--name NAME] [--expires-in-days N]
  lif token list   --data DIR
  lif verify --data DIR [--head-record FILE]
  lif verify-pack FILE.html [--key BASE64_OR_PEM_FILE | --fingerprint F]
             (checks a board pack offline: its bundle's chain and Merkle root, the
              signature under the key the pack pins, and that this key is the one
              given; exit 0 verified, 3 not verified, 2 bad usage, 1 unreadable file)
  lif key fingerprint --data DIR
             (the board key's fingerprint: SHA-256 of the Ed25519 public key, short
              form and full; compare it with /v1/keys and the pack's page)
  lif export --data DIR --out FILE [--format bundle|html] [--web FILE] [--origin NAME]
             [--head-record FILE]
             (html: the board pack, one self-contained page for offline use)
  lif demo   --data DIR [--seed N] [--years Y] [--scale K] [--end YYYY-MM-DD]
             [--max-events N]
             (writes the deterministic demo board into an empty, stopped folder)
  lif import --data DIR --kind actions|indicators|s11|training|learning
             --file FILE.csv|FILE.xlsx [--sheet NAME] [--dry-run]
             (a spreadsheet as CSV or as an Excel workbook, told apart by its name or its
              first bytes; XLSX reads the first sheet or --sheet; --dry-run lists every
              row's errors and appends nothing; otherwise all rows or none, and rows
              imported before are skipped; docs/import.md. With the server running, use
              POST /v1/import instead)
  lif backup  --data DIR --to NEWDIR     (online: works while `lif serve` runs)
  lif restore --from BACKUPDIR --data NEWDIR

The data folder is a RocksDB folder owned by one process at a time: stop the
server before `token create`, `verify` or `export` on the same folder.
`backup` reads it without owning it, so it needs no stop.

Exit codes: 0 done, 1 failed, 2 bad usage, 3 damaged or altered data (verify,
a damaged store or backup; `lif serve` keeps running but appends, signs and
serves nothing, see docs/integrity.md) or a pack that is not verified
(verify-pack).
)";

struct Args {
  std::vector<std::string> positional;
  std::map<std::string, std::string> flags;
};

Result<Args> ParseArgs(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    std::string s = argv[i];
    if (s == "--dry-run") {
      a.flags["dry-run"] = "true";  // A switch: it takes no value.
    } else if (s.rfind("--", 0) == 0) {
      if (i + 1 >= argc) return Status::Invalid("flag " + s + " needs a value");
      a.flags[s.substr(2)] = argv[++i];
    } else {
      a.positional.push_back(s);
    }
  }
  return a;
}

constexpr int kExitDamaged = 3;

int Fail(const Status& s) {
  if (store::IsDataDamaged(s)) {
    std::fprintf(stderr, "lif: %s: %s\n", store::kDataDamagedCode, store::DamagedText(s).c_str());
    return kExitDamaged;
  }
  std::fprintf(stderr, "lif: %s\n", s.ToString().c_str());
  return s.code() == StatusCode::kInvalid ? 2 : 1;
}

std::string Flag(const Args& a, const std::string& name, const std::string& fallback = "") {
  auto it = a.flags.find(name);
  return it == a.flags.end() ? fallback : it->second;
}

Result<std::unique_ptr<store::RocksLog>> OpenLog(const Args& a) {
  std::string dir = Flag(a, "data");
  if (dir.empty()) return Status::Invalid("--data DIR is required");
  store::RocksLogOptions options;
  const std::string group_commit = Flag(a, "group-commit", "on");
  if (group_commit != "on" && group_commit != "off") {
    return Status::Invalid("--group-commit must be on or off", "group-commit");
  }
  // Off is the benchmark's baseline: every request is its own synced batch.
  if (group_commit == "off") options.group_commit = store::GroupCommit::kOff;
  return store::RocksLog::Open(dir, options);
}

constexpr const char* kDefaultOrigin = "lif.local/board";

// Writes the bound port to `path` (via a temporary file and a rename, so that
// a reader never sees a partial number).
Status WritePortFile(const std::string& path, int port) {
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << port << "\n";
    out.close();
    if (!out) return Status::Invalid("cannot write " + tmp);
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return Status::Invalid("cannot write " + path);
  }
  return Status::Ok();
}

// Reads a whole-number flag within [min, max]; `fallback` when absent.
Result<int64_t> IntFlag(const Args& a, const std::string& name, int64_t fallback, int64_t min,
                        int64_t max) {
  const std::string v = Flag(a, name);
  if (v.empty()) return fallback;
  if (v.size() > 12 || v.find_first_not_of("0123456789") != std::string::npos ||
      std::stoll(v) < min || std::stoll(v) > max) {
    return Status::Invalid("--" + name + " must be a whole number from " + std::to_string(min) +
                           " to " + std::to_string(max));
  }
  return std::stoll(v);
}

volatile std::sig_atomic_t g_stop = 0;
void OnSignal(int) { g_stop = 1; }

int Serve(const Args& a) {
  std::string listen = Flag(a, "listen", "127.0.0.1:8080");
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos) return Fail(Status::Invalid("--listen must be HOST:PORT"));
  std::string host = listen.substr(0, colon);
  int port = std::atoi(listen.substr(colon + 1).c_str());
  auto log = OpenLog(a);
  if (!log.ok()) return Fail(log.status());
  auth::TokenStore tokens(log->get());
  // The integrity check comes first: a damaged or altered folder is not
  // folded into views, and the server then answers only /healthz (non-ok),
  // /v1/verify, /v1/keys and /openapi.json (docs/integrity.md).
  server::IntegrityOptions integrity_options;
  integrity_options.head_record_file = Flag(a, "head-record");
  auto integrity = server::IntegrityService::Start(
      log->get(), Flag(a, "data"), Flag(a, "origin", kDefaultOrigin), integrity_options);
  if (!integrity.ok()) return Fail(integrity.status());
  const std::optional<server::DataDamage> damage = (*integrity)->damage();
  Result<std::unique_ptr<server::ViewService>> views = std::unique_ptr<server::ViewService>();
  if (!damage) {
    views = server::ViewService::Start(log->get(), {});
    if (!views.ok()) return Fail(views.status());
  }
  server::ApiOptions options;
  options.web_page = Flag(a, "web");
  options.data_dir = Flag(a, "data");
  Result<int64_t> rate = IntFlag(a, "rate-limit", 20000, 0, 1000000);
  if (!rate.ok()) return Fail(rate.status());
  Result<int64_t> burst = IntFlag(a, "rate-burst", *rate, 1, 1000000);
  if (!burst.ok()) return Fail(burst.status());
  Result<int64_t> workers = IntFlag(a, "workers", 64, 1, 1024);
  if (!workers.ok()) return Fail(workers.status());
  options.rate_limit.per_second = static_cast<double>(*rate);
  options.rate_limit.burst = static_cast<double>(*burst);
  options.worker_threads = static_cast<int>(*workers);
  server::ApiServer api(log->get(), &tokens, views->get(), integrity->get(), options);
  Result<int> bound = api.Start(host, port);
  if (!bound.ok()) return Fail(bound.status());
  if (a.flags.count("port-file")) {
    Status written = WritePortFile(Flag(a, "port-file"), *bound);
    if (!written.ok()) return Fail(written);
  }
  if (damage) {
    std::fprintf(stderr,
                 "lif: serving %s on http://%s:%d REFUSING appends, signatures and reads: %s\n",
                 Flag(a, "data").c_str(), host.c_str(), *bound,
                 store::DamagedText(damage->ToStatus()).c_str());
    std::fflush(stderr);
  } else {
    std::printf(
        "lif: serving %s on http://%s:%d (log head %lld, chain and signed head checked in %lld "
        "ms; %s, %lld events replayed)\n",
        Flag(a, "data").c_str(), host.c_str(), *bound,
        static_cast<long long>((*log)->Head().position),
        static_cast<long long>((*integrity)->start_check_time().count()),
        (*views)->used_checkpoint() ? "from checkpoint" : "no checkpoint",
        static_cast<long long>((*views)->replayed_at_start()));
  }
  std::printf("lif: board key fingerprint %s (origin %s)\n",
              (*integrity)->fingerprint().short_form.c_str(), (*integrity)->origin().c_str());
  std::fflush(stdout);
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  while (!g_stop) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  api.Stop();
  if (*views) {
    Status cp = (*views)->Checkpoint();
    if (!cp.ok()) std::fprintf(stderr, "lif: checkpoint not written: %s\n", cp.ToString().c_str());
  }
  views->reset();
  integrity->reset();
  std::printf("lif: stopped\n");
  return 0;
}

int TokenCreate(const Args& a) {
  std::optional<Role> role = ParseRole(Flag(a, "role"));
  if (!role)
    return Fail(
        Status::Invalid("--role must be admin, agency, subgroup_chair, inspector or board"));
  auth::TokenSpec spec;
  spec.role = *role;
  spec.name = Flag(a, "name", std::string(RoleName(*role)) + " token");
  if (a.flags.count("agency")) spec.agency = Flag(a, "agency");
  if (a.flags.count("subgroup")) spec.subgroup = Flag(a, "subgroup");
  spec.expires_in_days = std::atoi(Flag(a, "expires-in-days", "365").c_str());
  auto log = OpenLog(a);
  if (!log.ok()) return Fail(log.status());
  auth::TokenStore tokens(log->get());
  Result<auth::IssuedToken> t = tokens.Issue(auth::CommandLinePrincipal(), spec);
  if (!t.ok()) return Fail(t.status());
  std::printf("%s\n", t->secret.c_str());
  std::fprintf(stderr, "lif: issued %s (%s, %s%s), expires %s\n", t->record.id.c_str(),
               t->record.name.c_str(), RoleName(t->record.role),
               t->record.agency ? (", agency " + *t->record.agency).c_str() : "",
               t->record.expires_at.c_str());
  return 0;
}

int TokenList(const Args& a) {
  auto log = OpenLog(a);
  if (!log.ok()) return Fail(log.status());
  auth::TokenStore tokens(log->get());
  auto list = tokens.List();
  if (!list.ok()) return Fail(list.status());
  for (const auto& r : *list) std::printf("%s\n", r.ToJson().dump().c_str());
  return 0;
}

int Verify(const Args& a) {
  auto log = OpenLog(a);
  if (!log.ok()) return Fail(log.status());
  Result<VerifyReport> report = VerifyLog(**log, (*log)->Head());
  if (!report.ok()) return Fail(report.status());
  Json out = report->ToJson();
  if (report->ok) {
    // The chain holds; check the Merkle tree against the last signed head too.
    Result<server::TreeCheck> tree =
        server::CheckTreeAgainstSignedHead(**log, Flag(a, "data"), Flag(a, "head-record"));
    if (!tree.ok()) return Fail(tree.status());
    out["signed_head_size"] = tree->signed_size;
    if (!tree->ok) {
      out["ok"] = false;
      out["first_bad_position"] = tree->position;
      out["reason"] = tree->reason;
      out.erase("head");
    }
  }
  std::printf("%s\n", out.dump().c_str());
  return out["ok"].get<bool>() ? 0 : kExitDamaged;
}

int Backup(const Args& a) {
  Result<backup::BackupReport> report = backup::BackupDataFolder(Flag(a, "data"), Flag(a, "to"));
  if (!report.ok()) return Fail(report.status());
  std::printf("%s\n", report->ToJson().dump().c_str());
  std::fprintf(stderr, "lif: backed up %lld events (%llu keys, %zu files) to %s\n",
               static_cast<long long>(report->head.position),
               static_cast<unsigned long long>(report->keys), report->files.size(),
               Flag(a, "to").c_str());
  return 0;
}

int Restore(const Args& a) {
  Result<backup::BackupReport> report = backup::RestoreDataFolder(Flag(a, "from"), Flag(a, "data"));
  if (!report.ok()) return Fail(report.status());
  std::printf("%s\n", report->ToJson().dump().c_str());
  std::fprintf(stderr, "lif: restored %lld events into %s; it verifies\n",
               static_cast<long long>(report->head.position), Flag(a, "data").c_str());
  return 0;
}

// The built web page next to this binary: <build>/server/lif -> <build>/web/lif.html.
std::string DefaultWebPage() {
  std::error_code ec;
  std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return "";
  return (exe.parent_path().parent_path() / "web" / "lif.html").string();
}

int Export(const Args& a) {
  std::string out_path = Flag(a, "out");
  if (out_path.empty()) return Fail(Status::Invalid("--out FILE is required"));
  std::string format = Flag(
      a, "format",
      out_path.size() > 5 && out_path.substr(out_path.size() - 5) == ".html" ? "html" : "bundle");
  if (format != "html" && format != "bundle") {
    return Fail(Status::Invalid("--format must be bundle or html"));
  }
  auto log = OpenLog(a);
  if (!log.ok()) return Fail(log.status());
  server::IntegrityOptions integrity_options;
  integrity_options.head_record_file = Flag(a, "head-record");
  auto integrity = server::IntegrityService::Start(
      log->get(), Flag(a, "data"), Flag(a, "origin", kDefaultOrigin), integrity_options);
  if (!integrity.ok()) return Fail(integrity.status());
  Result<std::string> bundle = server::ExportBundle(**log, integrity->get());
  if (!bundle.ok()) return Fail(bundle.status());
  std::string content = std::move(*bundle);
  const long long size = static_cast<long long>((*log)->Head().position);
  if (format == "html") {
    std::string page_path = Flag(a, "web", DefaultWebPage());
    Result<std::string> page = server::ReadWholeFile(page_path);
    if (!page.ok()) return Fail(page.status());
    Result<std::string> pack =
        server::MakeBoardPack(*page, content, "board pack, " + std::to_string(size) + " events",
                              server::PackPin{(*integrity)->public_key(), (*integrity)->origin()});
    if (!pack.ok()) return Fail(pack.status());
    content = std::move(*pack);
  }
  std::ofstream out(out_path, std::ios::binary | std::ios::trunc);
  out << content;
  out.close();
  if (!out) return Fail(Status::Invalid("cannot write " + out_path));
  std::fprintf(stderr, "lif: wrote %s of %lld events to %s\n",
               format == "html" ? "a board pack" : "a bundle", size, out_path.c_str());
  return 0;
}

int KeyFingerprintCommand(const Args& a) {
  const std::string dir = Flag(a, "data");
  if (dir.empty()) return Fail(Status::Invalid("--data DIR is required"));
  // The key file only: this works while `lif serve` holds the folder.
  if (!std::filesystem::exists(std::filesystem::path(dir) / "signing-key.pem")) {
    std::fprintf(stderr, "lif: %s has no signing key yet (lif serve or lif export makes it)\n",
                 dir.c_str());
    return 1;
  }
  Result<crypto::Ed25519PrivateKey> key = crypto::LoadOrCreateSigningKey(dir);
  if (!key.ok()) return Fail(key.status());
  Result<KeyFingerprint> fp = Ed25519KeyFingerprint(crypto::Sha256Function(), key->public_key());
  if (!fp.ok()) return Fail(fp.status());
  std::printf("%s\n%s\n", fp->short_form.c_str(), fp->hex.c_str());
  return 0;
}

// --key: the base64 of the 32 raw bytes, or a file holding them in base64 or
// a PEM public key (GET /v1/keys gives both).
Result<std::string> ExpectedKeyBytes(const std::string& given) {
  std::string text = given;
  std::error_code ec;
  if (std::filesystem::is_regular_file(given, ec)) {
    Result<std::string> file = server::ReadWholeFile(given);
    if (!file.ok()) return file.status();
    text = *file;
  }
  if (text.find("BEGIN PUBLIC KEY") != std::string::npos) {
    Result<std::string> raw = Ed25519PublicKeyFromPem(text);
    if (!raw.ok()) return raw.status().WithPathPrefix("key");
    return raw;
  }
  std::string trimmed;
  for (char c : text) {
    if (c != '\n' && c != '\r' && c != ' ' && c != '\t') trimmed.push_back(c);
  }
  Result<std::string> raw = Base64Decode(trimmed);
  if (!raw.ok() || raw->size() != kEd25519PublicKeySize) {
    return Status::Invalid(
        "--key must be the base64 of a 32-byte Ed25519 public key, or a file holding it or a PEM "
        "public key",
        "key");
  }
  return raw;
}

int VerifyPack(const Args& a) {
  if (a.positional.size() != 2) return Fail(Status::Invalid("usage: lif verify-pack FILE.html"));
  if (a.flags.count("key") && a.flags.count("fingerprint")) {
    return Fail(Status::Invalid("give --key or --fingerprint, not both"));
  }
  for (const auto& flag : a.flags) {
    if (flag.first != "key" && flag.first != "fingerprint") {
      return Fail(Status::Invalid("verify-pack takes --key or --fingerprint, not --" + flag.first));
    }
  }
  server::ExpectedKey expected;
  if (a.flags.count("key")) {
    Result<std::string> key = ExpectedKeyBytes(Flag(a, "key"));
    if (!key.ok()) return Fail(key.status());
    expected.public_key = *key;
  }
  expected.fingerprint = Flag(a, "fingerprint");
  Result<std::string> html = server::ReadWholeFile(a.positional[1]);
  if (!html.ok()) {
    std::fprintf(stderr, "lif: %s\n", html.status().message().c_str());
    return 1;
  }
  Result<server::PackVerdict> verdict = server::VerifyBoardPack(*html, expected);
  if (!verdict.ok()) return Fail(verdict.status());
  std::printf("%s\n", verdict->ToJson().dump().c_str());
  if (!verdict->verified) {
    std::fprintf(stderr, "lif: NOT VERIFIED (%s): %s\n", verdict->failed_check.c_str(),
                 verdict->reason.c_str());
    return kExitDamaged;
  }
  std::fprintf(
      stderr, "lif: verified: %lld events, signed by the pinned key %s%s%s\n",
      static_cast<long long>(verdict->size), verdict->pinned.short_form.c_str(),
      verdict->signed_origin.empty() ? " (a version 1 head: its origin is not signed)" : " as ",
      verdict->signed_origin.c_str());
  if (expected.public_key.empty() && expected.fingerprint.empty()) {
    std::fprintf(stderr,
                 "lif: no --key or --fingerprint was given: compare the fingerprint above with "
                 "the board's own (lif key fingerprint, GET /v1/keys)\n");
  }
  return 0;
}

}  // namespace
}  // namespace lif

int main(int argc, char** argv) {
  using namespace lif;
  Result<Args> args = ParseArgs(argc, argv);
  if (!args.ok()) return Fail(args.status());
  const auto& pos = args->positional;
  if (pos.empty() || pos[0] == "help" || pos[0] == "--help") {
    std::fputs(kUsage, pos.empty() ? stderr : stdout);
    return pos.empty() ? 2 : 0;
  }
  if (pos[0] == "serve") return Serve(*args);
  if (pos[0] == "token" && pos.size() > 1 && pos[1] == "create") return TokenCreate(*args);
  if (pos[0] == "token" && pos.size() > 1 && pos[1] == "list") return TokenList(*args);
  if (pos[0] == "verify") return Verify(*args);
  if (pos[0] == "verify-pack") return VerifyPack(*args);
  if (pos[0] == "key" && pos.size() > 1 && pos[1] == "fingerprint") {
    return KeyFingerprintCommand(*args);
  }
  if (pos[0] == "export") return Export(*args);
  if (pos[0] == "demo") return RunDemoCommand(args->flags);
  if (pos[0] == "import") return RunImportCommand(args->flags);
  if (pos[0] == "backup") return Backup(*args);
  if (pos[0] == "restore") return Restore(*args);
  std::fprintf(stderr, "lif: unknown command '%s'\n\n%s", pos[0].c_str(), kUsage);
  return 2;
}
