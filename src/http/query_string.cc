#include "http/query_string.h"

#include "http/percent_decoding.h"

namespace confide::http {
namespace {

// Decodes a key or value as form encoding; keeps the raw text if an escape is malformed.
std::string DecodeLeniently(std::string_view raw) {
  std::string out;
  if (!PercentDecode(raw, /*plus_as_space=*/true, out)) out.assign(raw);
  return out;
}

bool KeyEquals(std::string_view raw_key, std::string_view name) {
  if (raw_key.find_first_of("%+") == std::string_view::npos) return raw_key == name;
  return DecodeLeniently(raw_key) == name;
}

}  // namespace

QueryString QueryString::OfTarget(std::string_view target) {
  const auto mark = target.find('?');
  if (mark == std::string_view::npos) return QueryString({});
  return QueryString(target.substr(mark + 1));
}

template <class Visit>
void QueryString::ForEachValue(std::string_view name, Visit visit) const {
  std::string_view rest = query_;
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    const std::string_view key = pair.substr(0, eq);
    const std::string_view value =
        eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    if (KeyEquals(key, name) && !visit(value)) return;
  }
}

std::optional<std::string> QueryString::Get(std::string_view name) const {
  std::optional<std::string> found;
  ForEachValue(name, [&](std::string_view raw) {
    found = DecodeLeniently(raw);
    return false;
  });
  return found;
}

bool QueryString::IsRepeated(std::string_view name) const {
  int seen = 0;
  ForEachValue(name, [&](std::string_view) { return ++seen < 2; });
  return seen >= 2;
}

}  // namespace confide::http
