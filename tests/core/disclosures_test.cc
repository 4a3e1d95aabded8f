// Disclosures bound to the signed event (core/privacy/disclosures.h): each
// sealed value carries SHA-256(salt || text) inside the canonical event, a
// bundle's disclosure carries the text and the salt, and ParseBundle refuses a
// disclosure that does not match, exactly like an altered event. Hostile cases
// first; then the genuine bundle, an erased value and a value sealed before
// commitments.
#include "core/privacy/disclosures.h"

#include <gtest/gtest.h>
#include <openssl/sha.h>

#include "core/bundle/bundle.h"
#include "core/integrity/base64.h"
#include "core/log/append.h"
#include "core/privacy/sealed_values.h"
#include "core/validation/catalogue.h"
#include "tests/support/scenario.h"
#include "tests/support/test_digest.h"

namespace lif {
namespace {

// A stand-in for the server's sealing (server/privacy/personal_data.cc): the
// "ciphertext" is readable, but the commitment is made exactly as the server
// makes it, over a salt of 32 bytes that differs for each value.
struct FakeSealer {
  // Salts and texts by commitment: what the server's keys would open.
  std::map<std::string, std::pair<std::string, std::string>> opened;
  int next_salt = 0;
  bool with_commitments = true;

  Result<Json> Seal(const Json& schema, const Json& data, const std::string& subject) {
    if (schema.value("x-lif-personal", false) && data.is_string()) {
      const std::string text = data.get<std::string>();
      if (!with_commitments) return Json{{"enc", "sealed:" + text}, {"subject", subject}};
      std::string salt(kDisclosureSaltBytes, static_cast<char>('a' + next_salt++));
      const std::string commit = DisclosureCommitment(salt, text, testing::TestSha256());
      opened[commit] = {salt, text};
      return Json{{"commit", commit}, {"enc", "sealed:" + text}, {"subject", subject}};
    }
    Json out = data;
    if (data.is_object() && schema.contains("properties")) {
      for (auto it = out.begin(); it != out.end(); ++it) {
        auto p = schema["properties"].find(it.key());
        if (p == schema["properties"].end()) continue;
        Result<Json> v = Seal(*p, it.value(), subject);
        if (!v.ok()) return v;
        it.value() = *v;
      }
    }
    return out;
  }
};

ProposedEvent Planned(const std::string& stream, const std::string& lead) {
  return ProposedEvent{"action.planned", stream,
                       Json{{"title", "Briefing"},
                            {"plan", "plan/p1"},
                            {"owner_agency", "police"},
                            {"lead", lead},
                            {"description", "Call " + lead},
                            {"due", "2026-03-31"},
                            {"learning", Json::array()}},
                       std::nullopt, std::nullopt};
}

// A bundle of two actions (positions 1 and 2) whose personal values are
// sealed by `sealer`, disclosing every value it sealed.
std::string MakeBundle(FakeSealer* sealer, std::vector<Event>* out = nullptr) {
  testing::FakeWorld world;
  AppendContext ctx{testing::Admin(),
                    world.now,
                    world.Ids(),
                    testing::TestSha256(),
                    &Catalogue::Default(),
                    [sealer](const Json& schema, Json data, const std::string& subject) {
                      return sealer->Seal(schema, data, subject);
                    },
                    nullptr,
                    nullptr};
  Result<std::vector<Event>> events = PrepareAppend(
      {Planned("action/a1", "DI Smith"), Planned("action/a2", "Dr Jones")}, ctx, LogHead{},
      [](const std::string&) { return Result<int64_t>(0); }, RequestForm::kBatch);
  EXPECT_TRUE(events.ok()) << events.status().ToString();
  BundleHeader header;
  header.size = static_cast<int64_t>(events->size());
  header.head = events->back().hash;
  for (const auto& [commit, salt_text] : sealer->opened) {
    header.disclosures[commit] = MakeDisclosure(salt_text.first, salt_text.second);
  }
  std::string text = EncodeBundleHeader(header) + "\n";
  for (const Event& e : *events) AppendBundleEvent(e, &text);
  if (out != nullptr) *out = *events;
  return text;
}

// The bundle with its header's disclosures changed by `edit`.
std::string EditDisclosures(const std::string& bundle, const std::function<void(Json*)>& edit) {
  const size_t nl = bundle.find('\n');
  Json header = Json::parse(bundle.substr(0, nl));
  edit(&header["disclosures"]);
  return header.dump() + bundle.substr(nl);
}

// The commitment of the sealed value `field` of the event's stored data.
std::string CommitOf(const Event& e, const std::string& field) {
  return Json::parse(e.canonical)["data"][field]["commit"].get<std::string>();
}

TEST(DisclosuresTest, AnEditedDisclosedTextIsRefusedNamingTheEventAndField) {
  FakeSealer sealer;
  std::vector<Event> events;
  const std::string genuine = MakeBundle(&sealer, &events);
  const std::string commit = CommitOf(events[1], "lead");
  const std::string edited = EditDisclosures(genuine, [&](Json* d) {
    ASSERT_EQ((*d)[commit]["text"], "Dr Jones");
    (*d)[commit]["text"] = "Dr Jones (cleared)";
  });
  Result<Bundle> bundle = ParseBundle(edited, testing::TestSha256());
  ASSERT_FALSE(bundle.ok());
  EXPECT_EQ(bundle.status().code(), StatusCode::kInvalid);
  EXPECT_EQ(bundle.status().path(), "/lines/3/data/lead");
  EXPECT_NE(bundle.status().message().find("event 2 (action.planned on action/a2) at /data/lead"),
            std::string::npos)
      << bundle.status().message();
  EXPECT_NE(bundle.status().message().find("does not match the commitment in the signed event"),
            std::string::npos);
  // One changed character is enough.
  const std::string one =
      EditDisclosures(genuine, [&](Json* d) { (*d)[commit]["text"] = "Dr Jonez"; });
  EXPECT_EQ(ParseBundle(one, testing::TestSha256()).status().path(), "/lines/3/data/lead");
}

TEST(DisclosuresTest, AnEditedSaltOrAMalformedDisclosureIsRefused) {
  FakeSealer sealer;
  std::vector<Event> events;
  const std::string genuine = MakeBundle(&sealer, &events);
  const std::string commit = CommitOf(events[0], "description");
  const std::vector<std::function<void(Json*)>> edits = {
      // Another salt of the right length.
      [&](Json* d) { (*d)[commit]["salt"] = Base64Encode(std::string(32, 'z')); },
      // A salt of 31 bytes, a text that is not a string, an extra member, not an object.
      [&](Json* d) { (*d)[commit]["salt"] = Base64Encode(std::string(31, 'a')); },
      [&](Json* d) { (*d)[commit]["text"] = 7; },
      [&](Json* d) { (*d)[commit]["note"] = "x"; },
      [&](Json* d) { (*d)[commit] = "Call DI Smith"; },
      [&](Json* d) { (*d)[commit]["salt"] = "not base64!"; },
  };
  for (size_t i = 0; i < edits.size(); ++i) {
    Result<Bundle> bundle = ParseBundle(EditDisclosures(genuine, edits[i]), testing::TestSha256());
    ASSERT_FALSE(bundle.ok()) << "edit " << i;
    EXPECT_EQ(bundle.status().path(), "/lines/2/data/description") << "edit " << i;
    EXPECT_NE(bundle.status().message().find("event 1 (action.planned on action/a1)"),
              std::string::npos)
        << bundle.status().message();
  }
}

TEST(DisclosuresTest, ADisclosureMovedToAnotherValueIsRefused) {
  FakeSealer sealer;
  std::vector<Event> events;
  const std::string genuine = MakeBundle(&sealer, &events);
  const std::string lead1 = CommitOf(events[0], "lead");
  const std::string lead2 = CommitOf(events[1], "lead");
  // Swapping the two leads' disclosures: each is genuine, but of the other value.
  const std::string swapped =
      EditDisclosures(genuine, [&](Json* d) { std::swap((*d)[lead1], (*d)[lead2]); });
  Result<Bundle> bundle = ParseBundle(swapped, testing::TestSha256());
  ASSERT_FALSE(bundle.ok());
  EXPECT_EQ(bundle.status().path(), "/lines/2/data/lead");
}

TEST(DisclosuresTest, ADisclosureOfNoValueIsRefused) {
  FakeSealer sealer;
  const std::string genuine = MakeBundle(&sealer);
  const std::string stray(64, 'e');
  const std::string added = EditDisclosures(genuine, [&](Json* d) {
    (*d)[stray] = MakeDisclosure(std::string(32, 's'), "planted text");
  });
  Result<Bundle> bundle = ParseBundle(added, testing::TestSha256());
  ASSERT_FALSE(bundle.ok());
  EXPECT_EQ(bundle.status().path(), "/lines/1/disclosures/" + stray);
}

TEST(DisclosuresTest, TheCommitmentIsSha256OfSaltAndTextInsideTheCanonicalEvent) {
  // Worked independently with OpenSSL's one-shot SHA256 over salt || text.
  const std::string salt(kDisclosureSaltBytes, '\x01');
  const std::string text = "DI Smith";
  const std::string both = salt + text;
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(both.data()), both.size(), digest);
  EXPECT_EQ(DisclosureCommitment(salt, text, testing::TestSha256()),
            ToHex(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest)));
  // The commitment is part of what is hashed: the event line holds it.
  FakeSealer sealer;
  std::vector<Event> events;
  MakeBundle(&sealer, &events);
  const std::string commit = CommitOf(events[0], "lead");
  EXPECT_NE(events[0].canonical.find("\"commit\":\"" + commit + "\""), std::string::npos);
  EXPECT_TRUE(IsCommittedValue(Json::parse(events[0].canonical)["data"]["lead"]));
  // Without the salt the commitment is not the digest of the text: it cannot be
  // confirmed by guessing the text.
  const Hash32 bare = testing::TestSha256()("DI Smith");
  EXPECT_NE(commit, ToHex(bare));
}

TEST(DisclosuresTest, AGenuineBundleOpensEveryDisclosedValue) {
  FakeSealer sealer;
  std::vector<Event> events;
  Result<Bundle> bundle = ParseBundle(MakeBundle(&sealer, &events), testing::TestSha256());
  ASSERT_TRUE(bundle.ok()) << bundle.status().ToString();
  EXPECT_EQ(bundle->disclosed, 4);
  EXPECT_EQ(bundle->events[0].data["lead"], "DI Smith");
  EXPECT_EQ(bundle->events[0].data["description"], "Call DI Smith");
  EXPECT_EQ(bundle->events[1].data["lead"], "Dr Jones");
  // Opening changes the data, never the stored bytes or the hash.
  EXPECT_EQ(bundle->events[1].canonical, events[1].canonical);
  EXPECT_EQ(bundle->events[1].hash, events[1].hash);
}

TEST(DisclosuresTest, AnErasedValueReadsErasedAndTheBundleStillVerifies) {
  FakeSealer sealer;
  std::vector<Event> events;
  const std::string genuine = MakeBundle(&sealer, &events);
  // Erased before the export: neither text nor salt is in the bundle; the
  // commitment stays in the event.
  const std::string commit = CommitOf(events[0], "lead");
  const std::string erased = EditDisclosures(genuine, [&](Json* d) { d->erase(commit); });
  const std::string erased_header = erased.substr(0, erased.find('\n'));
  EXPECT_EQ(erased_header.find("\"text\":\"DI Smith\""), std::string::npos);
  EXPECT_EQ(erased_header.find(commit), std::string::npos);
  Result<Bundle> bundle = ParseBundle(erased, testing::TestSha256());
  ASSERT_TRUE(bundle.ok()) << bundle.status().ToString();
  EXPECT_EQ(bundle->events[0].data["lead"], kErasedText);
  EXPECT_EQ(bundle->events[0].data["description"], "Call DI Smith");
  EXPECT_EQ(bundle->disclosed, 3);
  EXPECT_EQ(bundle->events[0].hash, events[0].hash);
  // No disclosures at all: every value reads erased.
  const std::string none = EditDisclosures(genuine, [](Json* d) { *d = Json::object(); });
  Result<Bundle> bare = ParseBundle(none, testing::TestSha256());
  ASSERT_TRUE(bare.ok()) << bare.status().ToString();
  EXPECT_EQ(bare->events[1].data["lead"], kErasedText);
  EXPECT_EQ(bare->disclosed, 0);
}

TEST(DisclosuresTest, AValueSealedBeforeCommitmentsIsWithheldAndCannotBeDisclosed) {
  FakeSealer sealer;
  sealer.with_commitments = false;
  std::vector<Event> events;
  const std::string bundle_text = MakeBundle(&sealer, &events);
  Result<Bundle> bundle = ParseBundle(bundle_text, testing::TestSha256());
  ASSERT_TRUE(bundle.ok()) << bundle.status().ToString();
  EXPECT_EQ(bundle->events[0].data["lead"], kWithheldText);
  // The earlier format's disclosure (enc -> text) binds nothing: refused.
  const std::string old =
      EditDisclosures(bundle_text, [](Json* d) { (*d)["sealed:DI Smith"] = "DI Smith"; });
  Result<Bundle> refused = ParseBundle(old, testing::TestSha256());
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().path(), "/lines/1/disclosures/sealed:DI Smith");
}

}  // namespace
}  // namespace lif
