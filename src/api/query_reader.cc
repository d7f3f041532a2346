#include "api/query_reader.h"

#include <fmt/format.h>

#include <charconv>

#include "domain/validation.h"

namespace confide::api {

std::optional<std::string> QueryReader::String(std::string_view name, bool required) {
  if (exchange_.HasRepeatedQuery(name)) {
    problems_.push_back(fmt::format("{} must be given once", name));
    return std::nullopt;
  }
  auto value = exchange_.Query(name);
  if (!value && required) problems_.push_back(fmt::format("{} should not be empty", name));
  return value;
}

int QueryReader::PositiveInteger(std::string_view name, int fallback) {
  auto text = String(name, false);
  if (!text) return fallback;
  int value = 0;
  const char* end = text->data() + text->size();
  auto [ptr, ec] = std::from_chars(text->data(), end, value);
  if (text->empty() || ec != std::errc() || ptr != end || value < 1) {
    problems_.push_back(fmt::format("{} must be a positive integer", name));
    return fallback;
  }
  return value;
}

std::int64_t QueryReader::NonNegativeInteger(std::string_view name, std::int64_t fallback) {
  auto text = String(name, false);
  if (!text) return fallback;
  std::int64_t value = 0;
  const char* end = text->data() + text->size();
  auto [ptr, ec] = std::from_chars(text->data(), end, value);
  if (text->empty() || ec != std::errc() || ptr != end || value < 0) {
    problems_.push_back(fmt::format("{} must be an integer of at least 0", name));
    return fallback;
  }
  return value;
}

domain::PageRequest QueryReader::Page(int default_limit) {
  const domain::PageRequest page{PositiveInteger("page", 1),
                                 PositiveInteger("limit", default_limit)};
  // Ranges too, so that one answer names every problem (a value that did not parse was
  // replaced by its default above and is named once).
  auto range = domain::CheckPage(page);
  if (!range.ok()) {
    for (const auto& m : range.error().messages()) problems_.push_back(m);
  }
  return page;
}

Status QueryReader::Finish() {
  if (problems_.empty()) return Status::Ok();
  return Error::Invalid(std::move(problems_));
}

}  // namespace confide::api
