#include "core/json_writer.h"

#include <charconv>
#include <memory>
#include <optional>

namespace lif {
namespace {

// Whether nlohmann's serializer would copy every byte of `s` unchanged:
// printable ASCII (0x20-0x7F; DEL too, as ensure_ascii is off) except the quote
// and the backslash.
bool CopiesAsIs(std::string_view s) {
  for (const char c : s) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x20 || b >= 0x80 || b == '"' || b == '\\') return false;
  }
  return true;
}

template <typename Int>
void AppendInteger(std::string* out, Int v) {
  char buf[24];
  const std::to_chars_result r = std::to_chars(buf, buf + sizeof buf, v);
  out->append(buf, r.ptr);
}

// Writes one document into `out`; nlohmann's serializer, for what is left to
// it, is made once per document and only when first needed.
class Writer {
 public:
  Writer(std::string* out, InvalidUtf8 invalid) : out_(out), invalid_(invalid) {}

  void String(std::string_view s) {
    if (!CopiesAsIs(s)) {
      Nlohmann(Json(std::string(s)));
      return;
    }
    out_->reserve(out_->size() + s.size() + 2);
    out_->push_back('"');
    out_->append(s);
    out_->push_back('"');
  }

  void Value(const Json& j) {
    switch (j.type()) {
      case Json::value_t::null:
        out_->append("null");
        return;
      case Json::value_t::boolean:
        out_->append(j.get<bool>() ? "true" : "false");
        return;
      case Json::value_t::number_integer:
        AppendInteger(out_, j.get<Json::number_integer_t>());
        return;
      case Json::value_t::number_unsigned:
        AppendInteger(out_, j.get<Json::number_unsigned_t>());
        return;
      case Json::value_t::string:
        String(j.get_ref<const Json::string_t&>());
        return;
      case Json::value_t::array: {
        out_->push_back('[');
        bool first = true;
        for (const Json& element : j.get_ref<const Json::array_t&>()) {
          if (!first) out_->push_back(',');
          first = false;
          Value(element);
        }
        out_->push_back(']');
        return;
      }
      case Json::value_t::object: {
        out_->push_back('{');
        bool first = true;
        for (const auto& [key, value] : j.get_ref<const Json::object_t&>()) {
          if (!first) out_->push_back(',');
          first = false;
          String(key);
          out_->push_back(':');
          Value(value);
        }
        out_->push_back('}');
        return;
      }
      case Json::value_t::number_float:
      case Json::value_t::binary:
      case Json::value_t::discarded:
        Nlohmann(j);
        return;
    }
  }

 private:
  // Writes `j` with nlohmann's serializer: the cases this writer leaves to it.
  void Nlohmann(const Json& j) {
    if (!serializer_) {
      serializer_.emplace(std::make_shared<nlohmann::detail::output_string_adapter<char>>(*out_),
                          ' ',
                          invalid_ == InvalidUtf8::kThrow ? Json::error_handler_t::strict
                                                          : Json::error_handler_t::replace);
    }
    serializer_->dump(j, false, false, 0);
  }

  std::string* out_;
  InvalidUtf8 invalid_;
  std::optional<nlohmann::detail::serializer<Json>> serializer_;
};

}  // namespace

void AppendJsonString(std::string* out, std::string_view s, InvalidUtf8 invalid) {
  Writer(out, invalid).String(s);
}

void AppendJson(std::string* out, const Json& j, InvalidUtf8 invalid) {
  Writer(out, invalid).Value(j);
}

}  // namespace lif
