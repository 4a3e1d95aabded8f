// Writes the fuzz targets' seed corpus and dictionary (committed):
// `lif_fuzz_seeds tests/fuzz` fills tests/fuzz/corpus/append_request,
// tests/fuzz/corpus/bundle and writes tests/fuzz/append_request.dict and
// tests/fuzz/bundle.dict.
//
// append_request: for each event type, its first event in the deterministic
// demo board (docs/demo.md) as a request body; a type that continues a stream
// is sent as a batch with the event that started the stream, so that the
// seed is accepted by an empty log. Then hand-written edge cases.
// bundle: exports of the first 0, 1, 5 and 40 demo events.
// append_request.dict: JSON syntax, the envelope's fields and, from the
// catalogue, every event type, stream kind, property name and enum value, so
// that libFuzzer's mutations speak the request's language.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/bundle/bundle.h"
#include "core/demo/generator.h"
#include "core/log/append_body.h"
#include "core/log/memory_log.h"
#include "core/validation/catalogue.h"
#include "tests/support/test_digest.h"

namespace lif {
namespace {

Json BodyOf(const ProposedEvent& e) {
  Json j = {{"type", e.type}, {"stream", e.stream}, {"data", e.data}};
  if (e.occurred_at) j["occurred_at"] = *e.occurred_at;
  if (e.expected_version) j["expected_version"] = *e.expected_version;
  return j;
}

void Write(const std::filesystem::path& dir, const std::string& name, const std::string& bytes) {
  std::filesystem::create_directories(dir);
  std::ofstream out(dir / name, std::ios::binary);
  out << bytes;
}

// Edge cases of the request body: each must be refused (or accepted) cleanly.
const std::map<std::string, std::string>& EdgeCases() {
  static const std::map<std::string, std::string> kCases = {
      {"edge-empty", ""},
      {"edge-truncated", R"({"type":"learning.identified","stream":"learning/x","data":{"ti)"},
      {"edge-array", "[1,2,3]"},
      {"edge-wrong-types", R"({"type":1,"stream":["a"],"data":"x","expected_version":"1"})"},
      {"edge-unknown-type", R"({"type":"nothing.happened","stream":"learning/x","data":{}})"},
      {"edge-unknown-field",
       R"({"type":"learning.identified","stream":"learning/x","data":{},"colour":"red"})"},
      {"edge-server-field",
       R"({"type":"learning.identified","stream":"learning/x","data":{},"hash":"00"})"},
      {"edge-huge-numbers",
       R"({"type":"learning.identified","stream":"learning/x","data":{"a":1e400,"b":18446744073709551616,"c":-0,"d":-0.0,"e":1e-400,"f":123456789012345678901234567890}})"},
      {"edge-expected-version-overflow",
       R"({"type":"learning.identified","stream":"learning/x","expected_version":18446744073709551615,"data":{}})"},
      {"edge-deep", std::string(40, '[') + std::string(40, ']')},
      {"edge-deep-data", R"({"type":"learning.identified","stream":"learning/x","data":)" +
                             std::string(30, '[') + std::string(30, ']') + "}"},
      {"edge-bad-utf8",
       "{\"type\":\"learning.identified\",\"stream\":\"learning/\xff\",\"data\":{}}"},
      {"edge-bad-utf8-key", "{\"\xc3\x28\":1}"},
      {"edge-surrogate",
       R"({"type":"learning.identified","stream":"learning/x","data":{"title":"\ud800"}})"},
      {"edge-nul-escape",
       R"({"type":"learning.identified","stream":"learning/x","data":{"title":"a\u0000b"}})"},
      {"edge-duplicate-key", R"({"type":"a.b","type":"a.b","stream":"learning/x","data":{}})"},
      {"edge-stream-dotdot", R"({"type":"learning.identified","stream":"learning/..","data":{}})"},
      {"edge-stream-slashes", R"({"type":"learning.identified","stream":"learning//b","data":{}})"},
      {"edge-stream-unicode",
       R"({"type":"learning.identified","stream":"learning/caf\u00e9","data":{}})"},
      {"edge-stream-control",
       R"({"type":"learning.identified","stream":"learning/a\u0007","data":{}})"},
      {"edge-batch-empty", R"({"events":[]})"},
      {"edge-batch-extra-key", R"({"events":[{}],"type":"x"})"},
      {"edge-batch-not-objects", R"({"events":[1,"two",null,true]})"},
      {"edge-occurred-at",
       R"({"type":"learning.identified","stream":"learning/x","data":{},"occurred_at":"2026-02-30"})"},
      {"edge-key-escapes",
       R"({"type":"learning.identified","stream":"learning/x","data":{"a/b~c":1}})"},
  };
  return kCases;
}

// One libFuzzer dictionary line: kw="value" with \\, \" and \xNN escapes.
std::string DictLine(const std::string& value) {
  std::string line = "kw=\"";
  for (unsigned char c : value) {
    if (c == '"' || c == '\\') {
      line += '\\';
      line += static_cast<char>(c);
    } else if (c < 0x20 || c >= 0x7f) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02X", c);
      line += hex;
    } else {
      line += static_cast<char>(c);
    }
  }
  return line + "\"\n";
}

// Collects property names and enum values of a schema, at every depth.
void CollectWords(const Json& schema, std::set<std::string>* words) {
  if (!schema.is_object()) return;
  if (schema.contains("properties")) {
    for (auto it = schema["properties"].begin(); it != schema["properties"].end(); ++it) {
      words->insert("\"" + it.key() + "\":");
      CollectWords(it.value(), words);
    }
  }
  if (schema.contains("enum")) {
    for (const Json& v : schema["enum"]) words->insert(v.dump());
  }
  if (schema.contains("items")) CollectWords(schema["items"], words);
  if (schema.contains("oneOf")) {
    for (const Json& branch : schema["oneOf"]) CollectWords(branch, words);
  }
}

std::string Dictionary() {
  std::set<std::string> words = {
      "{",
      "}",
      "[",
      "]",
      ":",
      ",",
      "\"",
      "true",
      "false",
      "null",
      "-0",
      "1e400",
      "-1e400",
      "18446744073709551616",
      "9007199254740992",
      "\\u0000",
      "\\ud800",
      "\\\"",
      "\"type\":",
      "\"stream\":",
      "\"data\":",
      "\"expected_version\":",
      "\"occurred_at\":",
      "\"events\":",
      "\"2026-03-01\"",
      "\"2026-03-01T09:00:00.000Z\"",
      "\"2026-Q1\"",
      "\"2026-03\"",
      "\"pn_00000000000000000000000000000000\"",
      "\"cleveland-police\"",
      "..",
      "/",
  };
  for (const auto& [type, def] : Catalogue::Default().types()) {
    words.insert("\"" + type + "\"");
    words.insert("\"" + def.stream_kind + "/");
    CollectWords(def.data_schema, &words);
  }
  std::string out = "# libFuzzer dictionary for append_request, written by lif_fuzz_seeds.\n";
  for (const std::string& w : words) out += DictLine(w);
  return out;
}

std::string BundleDictionary() {
  const std::set<std::string> words = {
      "{",
      "}",
      "[",
      "]",
      ":",
      ",",
      "\"",
      "\n",
      "true",
      "false",
      "null",
      "-1",
      "0",
      "1e300",
      "18446744073709551615",
      "\"lif_bundle\":",
      "\"size\":",
      "\"head\":",
      "\"exported_at\":",
      "\"signed_head\":",
      "\"position\":",
      "\"id\":",
      "\"type\":",
      "\"stream\":",
      "\"version\":",
      "\"recorded_at\":",
      "\"occurred_at\":",
      "\"actor\":",
      "\"agency\":",
      "\"data\":",
      "\"prev\":",
      "\"hash\":",
      "\"" + ZeroHashHex() + "\"",
      "\"2026-01-01T00:00:00.000Z\"",
  };
  std::string out = "# libFuzzer dictionary for bundle, written by lif_fuzz_seeds.\n";
  for (const std::string& w : words) out += DictLine(w);
  return out;
}

int Run(const std::filesystem::path& fuzz_dir) {
  const std::filesystem::path out = fuzz_dir / "corpus";
  DemoOptions options;
  options.seed = 1;
  options.years = 1;
  options.end = ParseDate("2026-12-01").value();
  std::vector<DemoStep> steps;
  Status generated = GenerateDemo(options, [&](const DemoStep& step) {
    steps.push_back(step);
    return Status::Ok();
  });
  if (!generated.ok()) {
    std::fprintf(stderr, "lif_fuzz_seeds: %s\n", generated.ToString().c_str());
    return 1;
  }
  std::map<std::string, size_t> first_of_stream;
  std::map<std::string, size_t> first_of_type;
  for (size_t i = 0; i < steps.size(); ++i) {
    const ProposedEvent& e = steps[i].request.events.front();
    first_of_stream.emplace(e.stream, i);
    first_of_type.emplace(e.type, i);
  }
  const std::filesystem::path requests = out / "append_request";
  for (const auto& [type, i] : first_of_type) {
    const ProposedEvent& e = steps[i].request.events.front();
    const size_t creator = first_of_stream.at(e.stream);
    std::string body;
    if (creator == i) {
      body = BodyOf(e).dump();
    } else {
      body = Json({{"events", {BodyOf(steps[creator].request.events.front()), BodyOf(e)}}}).dump();
    }
    Write(requests, "type-" + type + ".json", body);
    // A seed that an empty log refuses would only teach the fuzzer refusals.
    Result<AppendBody> parsed = ParseAppendBody(body, 1000);
    MemoryLog empty(
        testing::TestSha256(), &Catalogue::Default(), [&] { return steps[i].recorded_at; },
        DemoEventIds(options.seed));
    AppendRequest request;
    if (parsed.ok()) {
      request.events = parsed->events;
      request.form = parsed->form;
    }
    request.principal = DemoAdmin();  // The fuzz target appends as an administrator too.
    Result<AppendOutcome> appended = parsed.ok() ? empty.Append(request) : parsed.status();
    if (!appended.ok()) {
      std::fprintf(stderr, "lif_fuzz_seeds: the %s seed is refused: %s\n", type.c_str(),
                   appended.status().ToString().c_str());
      return 1;
    }
  }
  for (const auto& [name, bytes] : EdgeCases()) Write(requests, name + ".json", bytes);

  const Sha256Fn sha = testing::TestSha256();
  Timestamp now = steps.front().recorded_at;
  MemoryLog log(
      sha, &Catalogue::Default(), [&now] { return now; }, DemoEventIds(options.seed));
  const std::vector<size_t> sizes = {0, 1, 5, 40};
  size_t appended = 0;
  for (size_t size : sizes) {
    while (appended < size) {
      now = steps[appended].recorded_at;
      AppendRequest request = steps[appended].request;
      request.principal = steps[appended].who;
      Result<AppendOutcome> r = log.Append(std::move(request));
      if (!r.ok()) {
        std::fprintf(stderr, "lif_fuzz_seeds: demo step %zu: %s\n", appended,
                     r.status().ToString().c_str());
        return 1;
      }
      ++appended;
    }
    Result<std::vector<Event>> events = log.ReadRange(0, size);
    if (!events.ok()) return 1;
    BundleHeader header;
    header.size = static_cast<int64_t>(size);
    if (size > 0) header.head = events->back().hash;
    header.exported_at = "2026-12-01T00:00:00.000Z";
    std::string text = EncodeBundleHeader(header) + "\n";
    for (const Event& e : *events) AppendBundleEvent(e, &text);
    Write(out / "bundle", "demo-" + std::to_string(size) + ".ndjson", text);
  }
  {
    std::ofstream dict(fuzz_dir / "append_request.dict", std::ios::binary);
    dict << Dictionary();
    std::ofstream bundle_dict(fuzz_dir / "bundle.dict", std::ios::binary);
    bundle_dict << BundleDictionary();
  }
  std::printf("lif_fuzz_seeds: %zu request seeds, %zu bundle seeds in %s\n",
              first_of_type.size() + EdgeCases().size(), sizes.size(), out.string().c_str());
  return 0;
}

}  // namespace
}  // namespace lif

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: lif_fuzz_seeds FUZZ_DIR (tests/fuzz)\n");
    return 2;
  }
  return lif::Run(argv[1]);
}
