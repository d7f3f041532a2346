#include "domain/validation.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/url/parse.hpp>

#include "core/utf8.h"

namespace confide::domain {
namespace {

constexpr int kMaxPage = 1'000'000;  // keeps offsets within int range at any limit

}  // namespace

bool IsBlank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n\f\v") == std::string_view::npos;
}

std::string Trim(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n\f\v";
  const auto first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return std::string(text.substr(first, text.find_last_not_of(kSpace) - first + 1));
}

void CheckText(Problems& problems, std::string_view field, std::string_view value,
               const TextRule& rule) {
  const auto length = core::CountCodePoints(value);
  if (!length) {
    problems.push_back(fmt::format("{} must be valid UTF-8", field));
    return;
  }
  if (!rule.allow_blank && IsBlank(value)) {
    problems.push_back(fmt::format("{} should not be empty", field));
  }
  if (*length > rule.max_length) {
    problems.push_back(
        fmt::format("{} must be shorter than or equal to {} characters", field, rule.max_length));
  }
  const bool has_breaks = value.find_first_of("\r\n\t") != std::string_view::npos;
  if (core::HasControlCharacters(value) || (!rule.allow_line_breaks && has_breaks)) {
    problems.push_back(fmt::format("{} must not contain control characters", field));
  }
}

bool IsId(std::string_view value) {
  return !value.empty() && value.size() <= 255 && core::IsValidUtf8(value) &&
         !core::HasControlCharacters(value) &&
         value.find_first_of("\r\n\t ") == std::string_view::npos;
}

void CheckId(Problems& problems, std::string_view field, std::string_view value) {
  if (!IsId(value)) problems.push_back(fmt::format("{} must be a valid id", field));
}

bool IsWebUrl(std::string_view url) {
  if (url.size() > 2048) return false;
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed) return false;
  const auto scheme = parsed->scheme();
  return (scheme == "https" || scheme == "http") && parsed->has_authority() &&
         !parsed->host().empty();
}

Status CheckPage(const PageRequest& page, int max_limit) {
  Problems problems;
  if (page.page < 1) problems.push_back("page must be a positive integer");
  if (page.page > kMaxPage) {
    problems.push_back(fmt::format("page must not be greater than {}", kMaxPage));
  }
  if (page.limit < 1 || page.limit > max_limit) {
    problems.push_back(fmt::format("limit must be an integer between 1 and {}", max_limit));
  }
  return ToStatus(std::move(problems));
}

std::string ListSome(const std::vector<std::string>& items, std::size_t shown) {
  const std::size_t named = std::min(items.size(), shown);
  std::string out = fmt::format("{}", fmt::join(items.begin(), items.begin() + named, ", "));
  if (items.size() > named) out += fmt::format(" and {} more", items.size() - named);
  return out;
}

Status ToStatus(Problems problems) {
  if (problems.empty()) return Status::Ok();
  return Error::Invalid(std::move(problems));
}

}  // namespace confide::domain
