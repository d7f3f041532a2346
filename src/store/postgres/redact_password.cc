#include "store/postgres/redact_password.h"

#include <cctype>

namespace confide::store::postgres {
namespace {

constexpr std::string_view kMask = "***";

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  }
  return true;
}

// The user information of a URI ends at its '@'. The last '@' before the query is taken, so
// a password holding a stray '@', ':' or '/' is masked whole (a path with an '@' is masked
// too: better too much than too little).
std::string RedactUserInfo(std::string_view uri, std::size_t authority) {
  const std::size_t end = uri.find('?', authority);
  const std::string_view head = uri.substr(0, end);
  const std::size_t at = head.rfind('@');
  if (at == std::string_view::npos || at < authority) return std::string(uri);
  const std::size_t colon = head.find(':', authority);
  if (colon == std::string_view::npos || colon > at) return std::string(uri);
  std::string out(uri.substr(0, colon + 1));
  out += kMask;
  out += uri.substr(at);
  return out;
}

// Masks the value of every password=... query parameter.
std::string RedactQuery(std::string uri) {
  const std::size_t query = uri.find('?');
  if (query == std::string::npos) return uri;
  std::size_t pos = query + 1;
  while (pos < uri.size()) {
    const std::size_t next = uri.find('&', pos);
    const std::size_t end = next == std::string::npos ? uri.size() : next;
    if (StartsWithNoCase(std::string_view(uri).substr(pos, end - pos), "password=")) {
      const std::size_t value = pos + 9;
      uri.replace(value, end - value, kMask);
      pos = value + kMask.size() + 1;
    } else {
      pos = end + 1;
    }
  }
  return uri;
}

// Keyword/value pairs: "password = 'it''s'" or password=secret, separated by spaces.
std::string RedactKeywords(std::string_view text) {
  std::string out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t key = text.find_first_not_of(" \t\n", pos);
    if (key == std::string_view::npos) break;
    out += text.substr(pos, key - pos);
    std::size_t cursor = text.find_first_of("= \t\n", key);
    const std::string_view name = text.substr(key, cursor - key);
    cursor = text.find_first_not_of(" \t\n", cursor);
    if (cursor == std::string_view::npos || text[cursor] != '=') {
      out += text.substr(key);
      break;
    }
    cursor = text.find_first_not_of(" \t\n", cursor + 1);
    if (cursor == std::string_view::npos) cursor = text.size();
    std::size_t value_end = cursor;
    if (value_end < text.size() && text[value_end] == '\'') {
      for (++value_end; value_end < text.size() && text[value_end] != '\''; ++value_end) {
        if (text[value_end] == '\\') ++value_end;
      }
      value_end = std::min(value_end + 1, text.size());
    } else {
      value_end = std::min(text.find_first_of(" \t\n", cursor), text.size());
    }
    out += text.substr(key, cursor - key);
    out += name == "password" ? kMask : text.substr(cursor, value_end - cursor);
    pos = value_end;
  }
  return out;
}

}  // namespace

bool IsConnectionUri(std::string_view conninfo) {
  return StartsWithNoCase(conninfo, "postgresql://") || StartsWithNoCase(conninfo, "postgres://");
}

std::string RedactPassword(std::string_view conninfo) {
  if (!IsConnectionUri(conninfo)) return RedactKeywords(conninfo);
  const std::size_t authority = conninfo.find("://") + 3;
  return RedactQuery(RedactUserInfo(conninfo, authority));
}

}  // namespace confide::store::postgres
