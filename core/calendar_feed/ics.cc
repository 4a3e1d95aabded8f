#include "core/calendar_feed/ics.h"

namespace lif::calendar_feed {

std::string EscapeText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case ';':
        out += "\\;";
        break;
      case ',':
        out += "\\,";
        break;
      case '\r':
        if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        out += "\\n";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f) out += c;
    }
  }
  return out;
}

void AppendLine(std::string* out, std::string_view name, std::string_view value) {
  std::string line;
  line.reserve(name.size() + 1 + value.size());
  line.append(name);
  line += ':';
  line.append(value);
  // The first line holds 75 octets; each continuation line a space and 74.
  size_t start = 0;
  size_t room = 75;
  while (line.size() - start > room) {
    size_t cut = start + room;
    // Never split a UTF-8 character: back up to the start of one.
    while (cut > start && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
    out->append(line, start, cut - start);
    out->append("\r\n ");
    start = cut;
    room = 74;
  }
  out->append(line, start, std::string::npos);
  out->append("\r\n");
}

}  // namespace lif::calendar_feed
