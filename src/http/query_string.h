#pragma once

// Read access to a request's query string ("a=1&b=two+words&c=%F0%9F%91%8D"), parsed on
// demand without copying the target. Values decode percent escapes and '+' as space; a
// malformed escape leaves the text as sent (as Express's query parser does).
// Thread-safety: immutable; safe from any thread while the viewed text lives.

#include <optional>
#include <string>
#include <string_view>

namespace confide::http {

class QueryString {
 public:
  // `query` is the text after '?', without it.
  explicit QueryString(std::string_view query) : query_(query) {}
  // The query of a request target ("/path?query"); empty when there is none.
  static QueryString OfTarget(std::string_view target);

  // The first value given for `name`; "" for a bare "name" or "name="; nullopt if absent.
  std::optional<std::string> Get(std::string_view name) const;
  // True if `name` appears more than once.
  bool IsRepeated(std::string_view name) const;

 private:
  // Calls visit(raw_value) for each pair whose decoded key equals `name`, until it returns false.
  template <class Visit>
  void ForEachValue(std::string_view name, Visit visit) const;

  std::string_view query_;
};

}  // namespace confide::http
