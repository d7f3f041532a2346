#pragma once

// The statements a connection's session has prepared, keyed by SQL text: each statement the
// store runs gets a name the first time it is seen and is prepared once per session under
// that name. A statement counts as prepared only once the server said so; a new session
// (after a reset) knows none, so Clear forgets them all.
// Thread-safety: belongs to its connection, one thread at a time.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace confide::store::postgres {

class PgStatementCache {
 public:
  struct Entry {
    std::string name;
    bool prepared = false;
  };

  // The entry for `sql`, added (not yet prepared) on first use. References stay valid until
  // Clear.
  Entry& For(std::string_view sql);
  void Clear() { entries_.clear(); }
  std::size_t size() const { return entries_.size(); }

 private:
  // Lets the cache be searched with a string_view, without building a std::string per call.
  struct SqlHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view sql) const {
      return std::hash<std::string_view>{}(sql);
    }
  };

  std::unordered_map<std::string, Entry, SqlHash, std::equal_to<>> entries_;
  // Names are never reused, so a name from an earlier session cannot mean another statement.
  std::uint64_t next_id_ = 1;
};

}  // namespace confide::store::postgres
