#include "core/json_writer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>

namespace lif {
namespace {

std::string Written(const Json& j, InvalidUtf8 invalid = InvalidUtf8::kThrow) {
  std::string out;
  AppendJson(&out, j, invalid);
  return out;
}

TEST(JsonWriterTest, WritesWhatDumpWritesForEveryKindOfValue) {
  const Json cases[] = {
      Json(nullptr),
      Json(true),
      Json(false),
      Json(0),
      Json(-1),
      Json(std::numeric_limits<int64_t>::min()),
      Json(std::numeric_limits<int64_t>::max()),
      Json(std::numeric_limits<uint64_t>::max()),
      Json(0.1),
      Json(-0.0),
      Json(1.0),
      Json(1e300),
      Json(2.5e-8),
      Json(std::numeric_limits<double>::quiet_NaN()),  // "null", as dump() writes it.
      Json(""),
      Json("plain text, 12 words; (and) [brackets] {braces} ~ DEL:\x7f"),
      Json("a \"quoted\" word and a back\\slash"),
      Json(std::string("controls \x01\x08\t\n\x0c\r\x1f and NUL ") + std::string(1, '\0')),
      Json("Café – voice of the child £12 ✓ 𝄞"),
      Json::array(),
      Json::object(),
      Json::parse(R"([1,[2,[3,{}]],{"b":[],"a":null}])"),
      Json::parse(R"({"z":1,"a":{"y":"é","x":[true,false,1.5]},"":"empty key","é":"key"})"),
  };
  for (const Json& j : cases) {
    EXPECT_EQ(Written(j), j.dump()) << j.dump();
    EXPECT_EQ(Written(j, InvalidUtf8::kReplace), j.dump()) << j.dump();
  }
}

TEST(JsonWriterTest, FindsEveryByteToEscapeAtEveryPosition) {
  // Each byte that needs nlohmann's serializer, at each position of a string
  // of each length up to 20.
  const std::string specials[] = {"\"", "\\", std::string(1, '\0'), "\x1f",
                                  "\n", "é",  "\xe2\x80\x93"};
  for (size_t length = 1; length <= 20; ++length) {
    for (size_t at = 0; at < length; ++at) {
      for (const std::string& special : specials) {
        std::string s(length, 'a');
        s.replace(at, 1, special);
        std::string out;
        AppendJsonString(&out, s, InvalidUtf8::kThrow);
        ASSERT_EQ(out, Json(s).dump()) << "length " << length << ", at " << at;
      }
    }
    const std::string plain(length, '~');  // 0x7e, beside DEL.
    std::string out;
    AppendJsonString(&out, plain + "\x7f", InvalidUtf8::kThrow);
    ASSERT_EQ(out, Json(plain + "\x7f").dump());
  }
}

TEST(JsonWriterTest, AppendsToWhatIsThere) {
  std::string out = "prefix:";
  AppendJson(&out, Json::parse(R"({"a":[1,"b"]})"), InvalidUtf8::kThrow);
  AppendJsonString(&out, "q\"", InvalidUtf8::kThrow);
  EXPECT_EQ(out, R"(prefix:{"a":[1,"b"]}"q\"")");
}

TEST(JsonWriterTest, InvalidUtf8ThrowsOrIsReplacedAsDumpsErrorHandlersDo) {
  const Json bad = Json::object({{"k", std::string("ok \xff\xfe ok")}, {"\xc3", 1}});
  EXPECT_THROW(bad.dump(), Json::type_error);
  std::string out;
  EXPECT_THROW(AppendJson(&out, bad, InvalidUtf8::kThrow), Json::type_error);
  EXPECT_EQ(Written(bad, InvalidUtf8::kReplace),
            bad.dump(-1, ' ', false, Json::error_handler_t::replace));
  EXPECT_NE(Written(bad, InvalidUtf8::kReplace).find("\xef\xbf\xbd"), std::string::npos);
}

// Random documents drawn from strings and numbers that exercise every path of
// the writer and of nlohmann's serializer: each is written as dump() writes it.
class RandomJson {
 public:
  explicit RandomJson(uint32_t seed) : rng_(seed) {}

  Json Value(int depth) {
    switch (Pick(depth > 3 ? 6 : 8)) {
      case 0:
        return Json(nullptr);
      case 1:
        return Json(Pick(2) == 0);
      case 2:
        return Json(static_cast<int64_t>(rng_()) - (int64_t{1} << 31) * Pick(3));
      case 3:
        return Json(static_cast<uint64_t>(rng_()) << 32 | rng_());
      case 4:
        return Json(std::ldexp(static_cast<double>(rng_()) - 2e9, Pick(120) - 60));
      case 5:
        return Json(Text());
      case 6: {
        Json a = Json::array();
        for (int i = Pick(5); i > 0; --i) a.push_back(Value(depth + 1));
        return a;
      }
      default: {
        Json o = Json::object();
        for (int i = Pick(6); i > 0; --i) o[Text()] = Value(depth + 1);
        return o;
      }
    }
  }

 private:
  int Pick(int n) { return static_cast<int>(rng_() % static_cast<uint32_t>(n)); }

  std::string Text() {
    static const char* const kPieces[] = {"a", "Z",    "7",    " ",      "\"",         "\\",
                                          "/", "\x7f", "\x01", "\n",     "\t",         "é",
                                          "–", "£",    "𝄞",    "review", "2026-07-01", "{}[]:,"};
    std::string s;
    for (int i = Pick(12); i > 0; --i) s += kPieces[Pick(sizeof kPieces / sizeof kPieces[0])];
    // Most strings of event data are plain: half of them are.
    if (Pick(2) == 0) {
      std::string plain;
      for (char c : s) plain += (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f) ? c : 'x';
      return plain;
    }
    return s;
  }

  std::mt19937 rng_;
};

TEST(JsonWriterTest, WritesWhatDumpWritesForRandomDocuments) {
  RandomJson random(20261127);
  for (int i = 0; i < 5000; ++i) {
    const Json j = random.Value(0);
    ASSERT_EQ(Written(j), j.dump()) << "document " << i << ": " << j.dump();
    ASSERT_EQ(Written(j, InvalidUtf8::kReplace), j.dump()) << "document " << i;
  }
}

}  // namespace
}  // namespace lif
