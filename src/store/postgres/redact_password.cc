#include "store/postgres/redact_password.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include "core/database_location.h"

namespace confide::store::postgres {
namespace {

constexpr std::string_view kMask = "***";
constexpr std::string_view kSpace = " \t\n\r";
constexpr std::string_view kNameEnd = "= \t\n\r";

// Where a password lies in the connection string: [begin, end).
struct Span {
  std::size_t begin;
  std::size_t end;
};

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  }
  return true;
}

// The password of a URI's user information ends at its '@'. The last '@' before the query is
// taken, so a password holding a stray '@', ':' or '/' is masked whole (a path with an '@' is
// masked too: better too much than too little).
void UserInfoSpan(std::string_view uri, std::vector<Span>& spans) {
  const std::size_t authority = uri.find("://") + 3;
  const std::string_view head = uri.substr(0, uri.find('?', authority));
  const std::size_t at = head.rfind('@');
  if (at == std::string_view::npos || at < authority) return;
  const std::size_t colon = head.find(':', authority);
  if (colon < at) spans.push_back({colon + 1, at});
}

// The value of every password=... query parameter.
void QuerySpans(std::string_view uri, std::vector<Span>& spans) {
  std::size_t pos = uri.find('?');
  while (pos != std::string_view::npos && pos + 1 < uri.size()) {
    const std::size_t begin = pos + 1;
    const std::size_t end = std::min(uri.find('&', begin), uri.size());
    const std::string_view parameter = uri.substr(begin, end - begin);
    if (StartsWithNoCase(parameter, "password=")) spans.push_back({begin + 9, end});
    pos = end < uri.size() ? end : std::string_view::npos;
  }
}

// The end of a keyword's value starting at `pos`: a quoted one ('it\'s') or a bare one.
std::size_t ValueEnd(std::string_view text, std::size_t pos) {
  if (pos >= text.size() || text[pos] != '\'')
    return std::min(text.find_first_of(kSpace, pos), text.size());
  for (++pos; pos < text.size() && text[pos] != '\''; ++pos) {
    if (text[pos] == '\\') ++pos;
  }
  return std::min(pos + 1, text.size());
}

// Keyword/value pairs: "password = 'it\'s'" or password=secret, separated by spaces.
void KeywordSpans(std::string_view text, std::vector<Span>& spans) {
  std::size_t pos = text.find_first_not_of(kSpace);
  while (pos != std::string_view::npos) {
    const std::size_t name_end = std::min(text.find_first_of(kNameEnd, pos), text.size());
    const std::string_view name = text.substr(pos, name_end - pos);
    const std::size_t equals = text.find_first_not_of(kSpace, name_end);
    if (equals == std::string_view::npos || text[equals] != '=') return;
    const std::size_t value = std::min(text.find_first_not_of(kSpace, equals + 1), text.size());
    const std::size_t end = ValueEnd(text, value);
    if (name == "password") spans.push_back({value, end});
    pos = text.find_first_not_of(kSpace, end);
  }
}

std::vector<Span> PasswordSpans(std::string_view conninfo) {
  std::vector<Span> spans;
  if (IsConnectionUri(conninfo)) {
    UserInfoSpan(conninfo, spans);
    QuerySpans(conninfo, spans);
  } else {
    KeywordSpans(conninfo, spans);
  }
  return spans;
}

}  // namespace

bool IsConnectionUri(std::string_view conninfo) { return core::IsPostgresUri(conninfo); }

std::string RedactPassword(std::string_view conninfo) {
  std::string out;
  std::size_t copied = 0;
  for (const Span& span : PasswordSpans(conninfo)) {
    out += conninfo.substr(copied, span.begin - copied);
    out += kMask;
    copied = span.end;
  }
  out += conninfo.substr(copied);
  return out;
}

std::string ScrubPasswords(std::string_view text, std::string_view conninfo) {
  std::string out(text);
  for (const Span& span : PasswordSpans(conninfo)) {
    const std::string_view password = conninfo.substr(span.begin, span.end - span.begin);
    if (password.empty()) continue;
    for (std::size_t at = out.find(password); at != std::string::npos;
         at = out.find(password, at + kMask.size())) {
      out.replace(at, password.size(), kMask);
    }
  }
  return out;
}

}  // namespace confide::store::postgres
