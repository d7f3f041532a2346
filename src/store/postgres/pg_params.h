#pragma once

// The parameters of one statement ($1, $2, ... in the order added), sent in text format:
// a value is its text, std::nullopt is NULL. PostgreSQL's text cannot hold a NUL character,
// so a value with one is refused (std::invalid_argument) rather than cut short by libpq.
// Thread-safety: a value; one thread at a time.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace confide::store::postgres {

class PgParams {
 public:
  PgParams() = default;

  PgParams& Add(std::string_view value);
  PgParams& Add(const std::string& value) { return Add(std::string_view(value)); }
  PgParams& Add(const char* value) { return Add(std::string_view(value)); }
  PgParams& Add(std::int64_t value);
  PgParams& Add(int value) { return Add(static_cast<std::int64_t>(value)); }
  PgParams& Add(bool value) { return Add(std::string_view(value ? "t" : "f")); }
  PgParams& Add(std::nullopt_t);
  PgParams& Add(const std::optional<std::string>& value);
  PgParams& Add(const std::optional<std::int64_t>& value);

  int size() const { return static_cast<int>(values_.size()); }
  bool operator==(const PgParams&) const = default;
  // One pointer per parameter for libpq (nullptr for NULL), valid while these parameters
  // live unchanged.
  std::vector<const char*> Pointers() const;

 private:
  std::vector<std::optional<std::string>> values_;
};

}  // namespace confide::store::postgres
