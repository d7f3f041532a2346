#pragma once

// What a --db value names: a PostgreSQL connection URI (postgres:// or postgresql://, in any
// case) or, otherwise, a SQLite file. store::BackendOf picks the backend by it; the files
// that live beside the database (core::DataFolder) go by it too.

#include <cctype>
#include <string_view>

namespace confide::core {

inline bool IsPostgresUri(std::string_view location) {
  const auto starts_with = [location](std::string_view scheme) {
    if (location.size() < scheme.size()) return false;
    for (std::size_t i = 0; i < scheme.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(location[i])) != scheme[i]) return false;
    }
    return true;
  };
  return starts_with("postgres://") || starts_with("postgresql://");
}

}  // namespace confide::core
