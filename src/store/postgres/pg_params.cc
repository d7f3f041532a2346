#include "store/postgres/pg_params.h"

#include <stdexcept>

namespace confide::store::postgres {

PgParams& PgParams::Add(std::string_view value) {
  if (value.find('\0') != std::string_view::npos) {
    throw std::invalid_argument("a text parameter holds a NUL character");
  }
  values_.emplace_back(std::string(value));
  return *this;
}

PgParams& PgParams::Add(std::int64_t value) {
  values_.emplace_back(std::to_string(value));
  return *this;
}

PgParams& PgParams::Add(std::nullopt_t) {
  values_.emplace_back(std::nullopt);
  return *this;
}

PgParams& PgParams::Add(const std::optional<std::string>& value) {
  return value ? Add(std::string_view(*value)) : Add(std::nullopt);
}

PgParams& PgParams::Add(const std::optional<std::int64_t>& value) {
  return value ? Add(*value) : Add(std::nullopt);
}

std::vector<const char*> PgParams::Pointers() const {
  std::vector<const char*> pointers;
  pointers.reserve(values_.size());
  for (const auto& value : values_) pointers.push_back(value ? value->c_str() : nullptr);
  return pointers;
}

}  // namespace confide::store::postgres
