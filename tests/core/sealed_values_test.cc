// Sealed personal values in the core (core/privacy/sealed_values.h): the
// append hook seals after validation, the hash covers the sealed bytes, and
// readers open values with an opener or a bundle's disclosures.
#include "core/privacy/sealed_values.h"

#include <gtest/gtest.h>

#include "core/bundle/bundle.h"
#include "core/log/append.h"
#include "core/privacy/disclosures.h"
#include "core/validation/catalogue.h"
#include "tests/support/scenario.h"
#include "tests/support/test_digest.h"

namespace lif {
namespace {

// A stand-in for the server's AES sealing: reversible, and obviously not plain text.
Result<Json> FakeSeal(const Json& schema, const Json& data, const std::string& subject) {
  if (schema.value("x-lif-personal", false) && data.is_string()) {
    return Json{{"enc", "sealed:" + data.get<std::string>()}, {"subject", subject}};
  }
  Json out = data;
  if (data.is_object() && schema.contains("properties")) {
    for (auto it = out.begin(); it != out.end(); ++it) {
      auto p = schema["properties"].find(it.key());
      if (p == schema["properties"].end()) continue;
      Result<Json> v = FakeSeal(*p, it.value(), subject);
      if (!v.ok()) return v;
      it.value() = *v;
    }
  }
  return out;
}

ProposedEvent Planned(const std::string& lead) {
  return ProposedEvent{"action.planned", "action/a1",
                       Json{{"title", "Briefing"},
                            {"plan", "plan/p1"},
                            {"owner_agency", "police"},
                            {"lead", lead},
                            {"description", "Call " + lead},
                            {"due", "2026-03-31"},
                            {"learning", Json::array()}},
                       std::nullopt, std::nullopt};
}

Result<std::vector<Event>> Seal(const ProposedEvent& e, const LogHead& head = LogHead{}) {
  testing::FakeWorld world;
  AppendContext ctx{testing::Admin(),      world.now, world.Ids(), testing::TestSha256(),
                    &Catalogue::Default(), FakeSeal,  nullptr,     nullptr};
  return PrepareAppend(
      {e}, ctx, head, [](const std::string&) { return Result<int64_t>(0); }, RequestForm::kSingle);
}

TEST(SealedValuesTest, RecognisesSealedValuesAndPersonalSchemas) {
  EXPECT_TRUE(IsSealedValue(Json{{"enc", "x"}, {"subject", "action/a1"}}));
  EXPECT_FALSE(IsSealedValue(Json{{"enc", "x"}}));
  EXPECT_FALSE(IsSealedValue(Json{{"enc", 1}, {"subject", "action/a1"}}));
  EXPECT_FALSE(IsSealedValue(Json{{"enc", "x"}, {"subject", "a/b"}, {"more", 1}}));
  EXPECT_TRUE(IsSealedValue(Json{{"commit", "c"}, {"enc", "x"}, {"subject", "a/b"}}));
  EXPECT_FALSE(IsSealedValue(Json{{"commit", 1}, {"enc", "x"}, {"subject", "a/b"}}));
  EXPECT_FALSE(
      IsSealedValue(Json{{"commit", "c"}, {"enc", "x"}, {"subject", "a/b"}, {"more", "y"}}));
  EXPECT_TRUE(Catalogue::Default().Find("action.planned")->has_personal_fields);
  EXPECT_TRUE(Catalogue::Default().Find("action.progressed")->has_personal_fields);
  EXPECT_FALSE(Catalogue::Default().Find("action.completed")->has_personal_fields);
  Json nested = Json::parse(R"({"a":[{"b":{"enc":"e1","subject":"s/1"}}],"c":"plain"})");
  EXPECT_TRUE(ContainsSealedValues(nested));
  std::vector<Json> found;
  CollectSealedValues(nested, &found);
  ASSERT_EQ(found.size(), 1u);
  Json opened = OpenSealedValues(
      nested, [](const Json& v) { return "text of " + v["enc"].get<std::string>(); });
  EXPECT_EQ(opened, Json::parse(R"({"a":[{"b":"text of e1"}],"c":"plain"})"));
}

TEST(SealedValuesTest, AppendSealsAfterValidationAndHashesTheSealedBytes) {
  Result<std::vector<Event>> sealed = Seal(Planned("DI Smith"));
  ASSERT_TRUE(sealed.ok()) << sealed.status().ToString();
  const Event& e = sealed->front();
  EXPECT_EQ(e.data["lead"], Json::parse(R"({"enc":"sealed:DI Smith","subject":"action/a1"})"));
  EXPECT_EQ(e.data["title"], "Briefing");
  EXPECT_EQ(e.canonical.find("\"lead\":\"DI Smith\""), std::string::npos);
  EXPECT_EQ(e.hash, ToHex(testing::TestSha256()(e.canonical)));
  // Validation saw the plain text: a lead longer than 200 characters is refused
  // although its sealed form would be an object.
  Result<std::vector<Event>> too_long = Seal(Planned(std::string(201, 'x')));
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.status().path(), "/data/lead");
  // Opening changes the data, never the stored bytes or the hash.
  Event copy = e;
  OpenEventData(&copy, [](const Json& v) { return v["enc"].get<std::string>().substr(7); });
  EXPECT_EQ(copy.data["lead"], "DI Smith");
  EXPECT_EQ(copy.canonical, e.canonical);
  EXPECT_EQ(copy.hash, e.hash);
}

// Bundles check disclosures against commitments (tests/core/disclosures_test.cc);
// here, the header's form: written only when not empty, and an object.
TEST(SealedValuesTest, ABundlesDisclosuresAreAnObjectWrittenOnlyWhenNotEmpty) {
  Result<std::vector<Event>> sealed = Seal(Planned("DI Smith"));
  ASSERT_TRUE(sealed.ok());
  const Event& e = sealed->front();
  BundleHeader header;
  header.size = 1;
  header.head = e.hash;
  EXPECT_EQ(EncodeBundleHeader(header).find("disclosures"), std::string::npos);
  // FakeSeal makes values without a commitment (as lif did before them): a
  // bundle cannot prove their text, so they read as withheld.
  std::string bare_text = EncodeBundleHeader(header) + "\n" + e.canonical + "\n";
  EXPECT_EQ(ParseBundle(bare_text, testing::TestSha256())->events[0].data["lead"], kWithheldText);
  Json h = Json::parse(EncodeBundleHeader(header));
  h["disclosures"] = "DI Smith";
  Result<Bundle> bad = ParseBundle(h.dump() + "\n" + e.canonical + "\n", testing::TestSha256());
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().path(), "/lines/1");
}

ProposedEvent Correction(const std::string& corrects, Json fields) {
  return ProposedEvent{"correction.recorded", "correction/c1",
                       Json{{"corrects", corrects}, {"reason", "Wrong lead"}, {"fields", fields}},
                       std::nullopt, std::nullopt};
}

TEST(SealedValuesTest, ACorrectionsReplacementsAreSealedAsItsTargetsUnderItsSubject) {
  const std::string kTarget = "00000000-0000-4000-8000-000000000001";
  const std::string kOther = "00000000-0000-4000-8000-000000000002";
  int protected_calls = 0;
  ProtectPersonalFn protect = [&](const Json& schema, Json data, const std::string& subject) {
    ++protected_calls;
    return FakeSeal(schema, data, subject);
  };
  CorrectionTargetFn targets =
      [&](const std::string& id) -> Result<std::optional<CorrectionTarget>> {
    if (id == kTarget)
      return std::optional<CorrectionTarget>(CorrectionTarget{"action.planned", "action/a1"});
    if (id == "00000000-0000-4000-8000-00000000dead") return Status::Unavailable("disk gone");
    return std::optional<CorrectionTarget>();
  };
  auto append = [&](const ProposedEvent& e) {
    testing::FakeWorld world;
    AppendContext ctx{testing::Admin(),      world.now, world.Ids(), testing::TestSha256(),
                      &Catalogue::Default(), protect,   nullptr,     targets};
    return PrepareAppend(
        {e}, ctx, LogHead{}, [](const std::string&) { return Result<int64_t>(0); },
        RequestForm::kSingle);
  };

  // A personal field of the target is sealed under the target's subject (not
  // the correction's own stream); the others stay as given, and the stored,
  // hashed bytes hold no plain text.
  Result<std::vector<Event>> sealed =
      append(Correction(kTarget, {{"lead", "DS Jones"}, {"title", "Briefing (corrected)"}}));
  ASSERT_TRUE(sealed.ok()) << sealed.status().ToString();
  const Event& e = sealed->front();
  EXPECT_EQ(e.data["fields"]["lead"],
            Json::parse(R"({"enc":"sealed:DS Jones","subject":"action/a1"})"));
  EXPECT_EQ(e.data["fields"]["title"], "Briefing (corrected)");
  EXPECT_EQ(e.data["corrects"], kTarget);
  EXPECT_EQ(e.canonical.find("\"lead\":\"DS Jones\""),
            std::string::npos);  // FakeSeal keeps the text inside.
  EXPECT_EQ(e.hash, ToHex(testing::TestSha256()(e.canonical)));
  EXPECT_EQ(protected_calls, 1);

  // Nothing to seal: only non-personal fields, a target without personal
  // fields (or none), or no sealer at all. protect() is not called.
  protected_calls = 0;
  for (const ProposedEvent& plain : {Correction(kTarget, {{"title", "Briefing (corrected)"}}),
                                     Correction(kOther, {{"lead", "DS Jones"}})}) {
    Result<std::vector<Event>> as_given = append(plain);
    ASSERT_TRUE(as_given.ok()) << as_given.status().ToString();
    EXPECT_EQ(as_given->front().data, plain.data);
  }
  EXPECT_EQ(protected_calls, 0);

  // A storage error while looking the target up fails the append.
  Result<std::vector<Event>> failed =
      append(Correction("00000000-0000-4000-8000-00000000dead", {{"lead", "DS Jones"}}));
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().code(), StatusCode::kUnavailable);
}

TEST(SealedValuesTest, RequestsMayNotSendSealedValues) {
  // Readers open every value of this form by its subject's key: one copied
  // from a bundle into a correction would be opened as if lif had sealed it.
  const Json copied = Json::parse(R"({"enc":"AAAA","subject":"action/a1"})");
  ProposedEvent e = Correction("00000000-0000-4000-8000-000000000001", {{"lead", copied}});
  Status single =
      ValidateProposed({e}, &Catalogue::Default(), testing::Admin(), RequestForm::kSingle);
  EXPECT_EQ(single.code(), StatusCode::kInvalid);
  EXPECT_EQ(single.path(), "/data/fields/lead");
  EXPECT_NE(single.message().find("only the server"), std::string::npos) << single.message();
  Status batch = ValidateProposed({Planned("DI Smith"), e}, &Catalogue::Default(), testing::Admin(),
                                  RequestForm::kBatch);
  EXPECT_EQ(batch.path(), "/events/1/data/fields/lead");
  // So is a value with a commitment, as lif seals now (core/privacy/disclosures.h).
  const Json committed = {
      {"commit", std::string(64, 'a')}, {"enc", "AAAA"}, {"subject", "action/a1"}};
  Status with_commit =
      ValidateProposed({Correction("00000000-0000-4000-8000-000000000001", {{"lead", committed}})},
                       &Catalogue::Default(), testing::Admin(), RequestForm::kSingle);
  EXPECT_EQ(with_commit.code(), StatusCode::kInvalid);
  EXPECT_EQ(with_commit.path(), "/data/fields/lead");
  // The same text as a plain value is fine.
  EXPECT_TRUE(ValidateProposed(
                  {Correction("00000000-0000-4000-8000-000000000001", {{"lead", copied.dump()}})},
                  &Catalogue::Default(), testing::Admin(), RequestForm::kSingle)
                  .ok());
  // The pointer names the first one, with '/' and '~' escaped (RFC 6901).
  Json nested = {{"a", 1}, {"b/c", Json::array({0, {{"d~", copied}}})}, {"z", copied}};
  EXPECT_EQ(FindSealedValue(nested), "/b~1c/1/d~0");
  EXPECT_EQ(FindSealedValue(copied), "");
  EXPECT_EQ(FindSealedValue(Json{{"a", "b"}}), std::nullopt);
}

}  // namespace
}  // namespace lif
