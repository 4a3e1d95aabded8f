// make_bundle: writes a deterministic, signed bundle for the web and wasm
// tests, without a server.
//
// Usage: make_bundle OUT_FILE [--board] [--scale N] [--years N]
//                             [--unsigned | --bad-signature | --forge] [--personal]
//
//   (default)        five learning.identified events (docs/web.md);
//   --board          the demo board of core/demo (seed 1, ending 2026-06-30):
//                    agencies, indicators with values, overdue actions, case
//                    reviews with clocks, audits, training, assurance...;
//                    --scale and --years make it bigger (e.g. 100,000 events);
//   --unsigned       no signed_head in the header (an older export);
//   --bad-signature  a signed head whose signature has one bit flipped;
//   --forge          what a holder who edits the data does: the first event's
//                    title changed, the chain and Merkle root rebuilt over the
//                    edited events, the head signed by another key (seed 32,
//                    31, ..., 1) which the header names as its public_key;
//   --personal       personal fields sealed as the server seals them
//                    (server/privacy/personal_data.h: AES-256-GCM and a
//                    salted commitment, under a key per subject made from its
//                    name) and disclosed in the header as GET /v1/bundle
//                    discloses them (core/privacy/disclosures.h). Nonces and
//                    salts are random, so these bundles differ on each run.
//
// The events go through the real append path (lif::MemoryLog with
// Catalogue::Default(), so every event is validated and sealed exactly as the
// server would) with a fixed clock and fixed ids, so the output is the same
// bytes on every run. The signed head is the server's (SignedBundleHead in
// server/http/api_server.cc): the RFC 6962 root of all events (MerkleTree),
// signed with Ed25519 (OpenSSL) by a fixed test key whose seed is the bytes
// 1, 2, ..., 32, with the key's public half and origin "lif.test/web".
// Exits 1 with a message on any error.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "core/bundle/bundle.h"
#include "core/demo/generator.h"
#include "core/integrity/base64.h"
#include "core/integrity/merkle.h"
#include "core/integrity/signed_head.h"
#include "core/log/memory_log.h"
#include "core/privacy/disclosures.h"
#include "core/privacy/sealed_values.h"
#include "core/validation/catalogue.h"
#include "server/crypto/openssl_crypto.h"
#include "server/privacy/personal_data.h"
#include "tests/support/test_digest.h"

namespace {

struct Item {
  const char* recorded_at;  // The fixed server clock for this append.
  const char* stream;
  const char* occurred_at;
  const char* data;  // The event's data, as JSON.
};

// Four months of learning, recorded on five dates (two on 2026-03-15) so that
// "as of" dates select different prefixes. Titles include markup characters
// and non-ASCII text to prove escaping and UTF-8 handling in the page.
const std::vector<Item>& Items() {
  static const std::vector<Item> kItems = {
      {"2026-01-12T09:00:00.000Z", "learning/2026-001", "2026-01-08",
       R"({"title": "Escalation between agencies was slow when a child moved area",
           "kind": "lesson",
           "source": {"kind": "case_review", "stream": "case-review/cr-2025-07"},
           "themes": ["escalation", "transitions"], "agency": "police"})"},
      {"2026-02-03T14:30:00.000Z", "learning/2026-002", "2026-01-30",
       R"({"title": "The voice of the child is recorded well in early help assessments",
           "kind": "good_practice",
           "source": {"kind": "multi_agency_audit", "stream": "audit/maa-2026-01"},
           "themes": ["voice-of-child"]})"},
      {"2026-02-20T11:15:00.000Z", "learning/2026-003", "2026-02-18",
       R"({"title": "Neglect referrals rarely include a chronology",
           "kind": "finding",
           "source": {"kind": "section11", "stream": "section11/2025-26"},
           "themes": ["neglect", "chronologies"], "agency": "health"})"},
      {"2026-03-15T08:05:00.000Z", "learning/2026-004", "2026-03-10",
       R"({"title": "Strategy meetings <45 min & without education: the school’s view is lost",
           "kind": "lesson",
           "summary": "Écoles and colleges were invited in 2 of 9 strategy meetings.",
           "source": {"kind": "learning_review", "stream": "learning-review/lr-2026-02"},
           "themes": ["information-sharing", "escalation"]})"},
      {"2026-03-15T16:45:00.000Z", "learning/2026-005", "2026-03-14",
       R"({"title": "Young people value consistent workers",
           "kind": "good_practice",
           "source": {"kind": "voice_of_child", "stream": "survey/yp-2026"},
           "themes": ["voice-of-child", "transitions"]})"},
  };
  return kItems;
}

int Fail(const std::string& what) {
  std::cerr << "make_bundle: " << what << "\n";
  return 1;
}

enum class Scenario { kLearning, kBoard };
enum class Signing { kSigned, kUnsigned, kBadSignature, kForged };
enum class Personal { kAsGiven, kSealed };

// The test key of a subject: SHA-256 of its name (never how lif makes keys).
std::string SubjectKey(const std::string& subject) {
  lif::Hash32 h = lif::crypto::Sha256("make_bundle subject key " + subject);
  return std::string(reinterpret_cast<const char*>(h.data()), h.size());
}

// The disclosures of every sealed value of `events`, as the server exports them.
lif::Result<lif::Json> Disclosures(const std::vector<lif::Event>& events) {
  lif::Json out = lif::Json::object();
  std::vector<lif::Json> sealed;
  for (const lif::Event& e : events) {
    sealed.clear();
    lif::Json stored = lif::Json::parse(e.canonical);
    lif::CollectSealedValues(stored["data"], &sealed);
    for (const lif::Json& value : sealed) {
      lif::Result<lif::privacy::OpenedValue> opened =
          lif::privacy::OpenSealedParts(value, SubjectKey(value["subject"].get<std::string>()));
      if (!opened.ok()) return opened.status();
      out[value["commit"].get<std::string>()] = lif::MakeDisclosure(opened->salt, opened->text);
    }
  }
  return out;
}

lif::Status AppendLearning(lif::MemoryLog* log, lif::Timestamp* now, Signing signing) {
  lif::Principal admin{"tok-admin-test", lif::Role::kAdmin, std::nullopt, std::nullopt};
  for (const Item& item : Items()) {
    lif::Result<lif::Timestamp> t = lif::ParseTimestamp(item.recorded_at);
    if (!t.ok()) return t.status();
    *now = *t;
    lif::AppendRequest request;
    request.principal = admin;
    lif::ProposedEvent event;
    event.type = "learning.identified";
    event.stream = item.stream;
    event.data = lif::Json::parse(item.data);
    if (signing == Signing::kForged && &item == &Items().front()) {
      event.data["title"] = "Forged: escalation between agencies was never a problem";
    }
    event.occurred_at = item.occurred_at;
    request.events.push_back(std::move(event));
    lif::Result<lif::AppendOutcome> outcome = log->Append(std::move(request));
    if (!outcome.ok()) return outcome.status();
  }
  return lif::Status::Ok();
}

lif::Status AppendBoard(lif::MemoryLog* log, lif::Timestamp* now, int scale, int years) {
  lif::DemoOptions options;
  options.seed = 1;
  options.scale = scale;
  options.years = years;
  options.end = *lif::ParseDate("2026-06-30");
  return lif::GenerateDemo(options, [&](const lif::DemoStep& step) -> lif::Status {
    *now = step.recorded_at;
    lif::AppendRequest request = step.request;
    lif::Result<lif::AppendOutcome> outcome = log->Append(std::move(request));
    return outcome.ok() ? lif::Status::Ok() : outcome.status();
  });
}

// The header's signed_head, as the server writes it.
lif::Result<lif::Json> SignedHead(const std::vector<lif::Event>& events, int64_t timestamp,
                                  Signing signing) {
  std::string seed;
  for (int i = 1; i <= 32; ++i)
    seed.push_back(static_cast<char>(signing == Signing::kForged ? 33 - i : i));
  lif::Result<lif::crypto::Ed25519PrivateKey> key = lif::crypto::Ed25519PrivateKey::FromSeed(seed);
  if (!key.ok()) return key.status();
  lif::MerkleTree tree(lif::testing::TestSha256());
  for (const lif::Event& e : events) {
    lif::Status appended = tree.AppendEvent(e);
    if (!appended.ok()) return appended;
  }
  lif::Result<lif::SignedTreeHead> head =
      lif::SignTreeHead("lif.test/web", tree.size(), tree.Root(), timestamp, key->Signer());
  if (!head.ok()) return head.status();
  if (signing == Signing::kBadSignature) head->signature[10] ^= 0x01;
  lif::Json j = lif::SignedTreeHeadToJson(*head);
  j["public_key"] = lif::Base64Encode(key->public_key());
  return j;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    return Fail(
        "usage: make_bundle OUT_FILE [--board] [--scale N] [--years N]"
        " [--unsigned | --bad-signature | --forge] [--personal]");
  }
  Scenario scenario = Scenario::kLearning;
  Signing signing = Signing::kSigned;
  Personal personal = Personal::kAsGiven;
  int scale = 1;
  int years = 1;
  for (int i = 2; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--board") {
      scenario = Scenario::kBoard;
    } else if (flag == "--unsigned") {
      signing = Signing::kUnsigned;
    } else if (flag == "--bad-signature") {
      signing = Signing::kBadSignature;
    } else if (flag == "--forge") {
      signing = Signing::kForged;
    } else if (flag == "--personal") {
      personal = Personal::kSealed;
    } else if ((flag == "--scale" || flag == "--years") && i + 1 < argc) {
      (flag == "--scale" ? scale : years) = std::atoi(argv[++i]);
    } else {
      return Fail("unknown option " + flag);
    }
  }
  lif::Timestamp now;
  int next_id = 0;
  std::function<std::string()> new_id = [&] {
    char id[64];
    std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012d", ++next_id);
    return std::string(id);
  };
  if (scenario == Scenario::kBoard) new_id = lif::DemoEventIds(1);
  lif::MemoryLog log(
      lif::testing::TestSha256(), &lif::Catalogue::Default(), [&] { return now; }, new_id);
  if (personal == Personal::kSealed) {
    log.SetProtectPersonal([](const lif::Json& schema, lif::Json data, const std::string& subject) {
      return lif::privacy::SealPersonalFields(data, schema, subject, SubjectKey(subject));
    });
  }
  lif::Status appended = scenario == Scenario::kBoard ? AppendBoard(&log, &now, scale, years)
                                                      : AppendLearning(&log, &now, signing);
  if (!appended.ok()) return Fail(appended.ToString());
  const int64_t size = log.Head().position;
  lif::Result<std::vector<lif::Event>> events = log.ReadRange(0, static_cast<size_t>(size));
  if (!events.ok()) return Fail(events.status().ToString());
  lif::BundleHeader header;
  header.size = static_cast<int64_t>(events->size());
  header.head = log.Head().hash;
  // Exported the day after the last event was recorded.
  const std::string exported_at =
      scenario == Scenario::kBoard ? "2026-06-30T12:00:00.000Z" : "2026-03-16T12:00:00.000Z";
  header.exported_at = exported_at;
  if (personal == Personal::kSealed) {
    lif::Result<lif::Json> disclosures = Disclosures(*events);
    if (!disclosures.ok()) return Fail(disclosures.status().ToString());
    header.disclosures = *disclosures;
  }
  if (signing != Signing::kUnsigned) {
    lif::Result<lif::Timestamp> signed_at = lif::ParseTimestamp(exported_at);
    if (!signed_at.ok()) return Fail(signed_at.status().ToString());
    lif::Result<lif::Json> signed_head = SignedHead(*events, signed_at->millis, signing);
    if (!signed_head.ok()) return Fail(signed_head.status().ToString());
    header.signed_head = *signed_head;
  }
  std::string out = lif::EncodeBundleHeader(header) + "\n";
  for (const lif::Event& e : *events) lif::AppendBundleEvent(e, &out);
  std::ofstream file(argv[1], std::ios::binary | std::ios::trunc);
  file.write(out.data(), static_cast<std::streamsize>(out.size()));
  file.close();
  if (!file) return Fail(std::string("cannot write ") + argv[1]);
  return 0;
}
