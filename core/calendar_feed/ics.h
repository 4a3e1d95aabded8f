// Writing iCalendar (RFC 5545) text: content lines of at most 75 octets,
// folded with CRLF and a space (never inside a UTF-8 character), CRLF line
// ends, TEXT values escaped (backslash, semicolon, comma, newline).
// Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace lif::calendar_feed {

// Escapes a TEXT value (RFC 5545, 3.3.11): '\' ';' ',' and line breaks;
// other control characters are dropped.
std::string EscapeText(std::string_view text);

// Appends one content line "name:value" (name may carry parameters, e.g.
// "DTSTART;VALUE=DATE"), folded at 75 octets, ending with CRLF. `value` is
// written as given: escape TEXT values first.
void AppendLine(std::string* out, std::string_view name, std::string_view value);

}  // namespace lif::calendar_feed
