#include "core/bundle/bundle.h"

#include <gtest/gtest.h>

#include "tests/support/scenario.h"

namespace lif {
namespace {

std::string MakeBundle(int n) {
  testing::FakeWorld world;
  auto log = testing::NewLog(&world);
  for (int i = 0; i < n; ++i) {
    EXPECT_TRUE(
        testing::AppendOne(log.get(), testing::Admin(),
                           testing::Learning(std::to_string(i), "Item " + std::to_string(i)))
            .ok());
  }
  BundleHeader h;
  h.size = log->Head().position;
  h.head = log->Head().hash;
  h.exported_at = "2026-03-02T00:00:00.000Z";
  std::string out = EncodeBundleHeader(h) + "\n";
  for (const Event& e : log->ReadRange(0, 100).value()) AppendBundleEvent(e, &out);
  return out;
}

TEST(BundleTest, RoundTripsAndEachLineHashesToItsEvent) {
  std::string text = MakeBundle(3);
  Result<Bundle> b = ParseBundle(text, testing::TestSha256());
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  ASSERT_EQ(b->events.size(), 3u);
  // Line 2 is event 1's stored bytes: its SHA-256 is event 1's hash.
  size_t start = text.find('\n') + 1;
  std::string line = text.substr(start, text.find('\n', start) - start);
  EXPECT_EQ(ToHex(testing::TestSha256()(line)), b->events[0].hash);
  EXPECT_EQ(b->header.head, b->events[2].hash);
}

TEST(BundleTest, RejectsTamperedTruncatedAndForeign) {
  std::string text = MakeBundle(3);
  std::string tampered = text;
  tampered.replace(tampered.find("Item 1"), 6, "Item 9");
  Result<Bundle> r = ParseBundle(tampered, testing::TestSha256());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().path(), "/lines/4");  // Event 3 no longer links to event 2.
  std::string truncated = text.substr(0, text.rfind('\n', text.size() - 2) + 1);
  r = ParseBundle(truncated, testing::TestSha256());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("truncated"), std::string::npos);
  EXPECT_FALSE(ParseBundle("{\"hello\":1}\n", testing::TestSha256()).ok());
  EXPECT_FALSE(ParseBundle("", testing::TestSha256()).ok());
}

}  // namespace
}  // namespace lif
