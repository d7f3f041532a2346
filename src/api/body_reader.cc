#include "api/body_reader.h"

#include <fmt/format.h>

#include <boost/json/parse.hpp>
#include <unordered_set>

#include "core/finite_json.h"
#include "domain/validation.h"

namespace confide::api {
namespace {

constexpr double kMaxSafeInteger = 9007199254740991.0;  // 2^53 - 1, as JavaScript sees numbers

}  // namespace

Result<BodyReader> BodyReader::Parse(std::string_view body) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return BodyReader(boost::json::object());
  }
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(body, ec);
  if (ec) return Error::BadRequest("Request body is not valid JSON");
  if (!core::HasOnlyFiniteNumbers(value)) {
    return Error::BadRequest("Request body has a number out of range");
  }
  if (!value.is_object()) return Error::BadRequest("Request body must be a JSON object");
  return BodyReader(std::move(value.as_object()));
}

const boost::json::value* BodyReader::Field(std::string_view key, bool required,
                                            std::string_view kind) {
  known_.emplace(key);
  const auto* value = object_.if_contains(key);
  if (value == nullptr || value->is_null()) {
    if (required) problems_.push_back(fmt::format("{} must be {}", key, kind));
    return nullptr;
  }
  return value;
}

std::optional<std::string> BodyReader::String(std::string_view key, bool required) {
  const auto* v = Field(key, required, "a string");
  if (v == nullptr) return std::nullopt;
  if (!v->is_string()) {
    problems_.push_back(fmt::format("{} must be a string", key));
    return std::nullopt;
  }
  return std::string(v->as_string());
}

std::optional<std::int64_t> BodyReader::Integer(std::string_view key, bool required) {
  const auto* v = Field(key, required, "an integer number");
  if (v == nullptr) return std::nullopt;
  if (v->is_int64() && v->as_int64() >= -static_cast<std::int64_t>(kMaxSafeInteger) &&
      v->as_int64() <= static_cast<std::int64_t>(kMaxSafeInteger)) {
    return v->as_int64();
  }
  if (v->is_uint64() && v->as_uint64() <= static_cast<std::uint64_t>(kMaxSafeInteger)) {
    return static_cast<std::int64_t>(v->as_uint64());
  }
  if (v->is_double()) {  // 5.0 is an integer to JavaScript; 5.5 is not
    const double d = v->as_double();
    // In range first: converting a double beyond int64 to it is undefined.
    if (d >= -kMaxSafeInteger && d <= kMaxSafeInteger &&
        d == static_cast<double>(static_cast<std::int64_t>(d))) {
      return static_cast<std::int64_t>(d);
    }
  }
  problems_.push_back(fmt::format("{} must be an integer number", key));
  return std::nullopt;
}

std::optional<bool> BodyReader::Boolean(std::string_view key, bool required) {
  const auto* v = Field(key, required, "a boolean value");
  if (v == nullptr) return std::nullopt;
  if (!v->is_bool()) {
    problems_.push_back(fmt::format("{} must be a boolean value", key));
    return std::nullopt;
  }
  return v->as_bool();
}

std::optional<std::vector<std::string>> BodyReader::StringArray(std::string_view key,
                                                                bool required) {
  const auto* v = Field(key, required, "an array");
  if (v == nullptr) return std::nullopt;
  if (!v->is_array()) {
    problems_.push_back(fmt::format("{} must be an array", key));
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const auto& item : v->as_array()) {
    if (!item.is_string()) {
      problems_.push_back(fmt::format("each value in {} must be a string", key));
      return std::nullopt;
    }
    out.emplace_back(item.as_string());
  }
  return out;
}

std::optional<std::vector<std::string>> BodyReader::IdArray(std::string_view key, bool required,
                                                            std::size_t max_items) {
  const auto* v = Field(key, required, "an array");
  if (v == nullptr) return std::nullopt;
  if (!v->is_array()) {
    problems_.push_back(fmt::format("{} must be an array", key));
    return std::nullopt;
  }
  const auto& items = v->as_array();
  if (items.size() > max_items) {
    problems_.push_back(fmt::format("{} must contain no more than {} elements", key, max_items));
    return std::nullopt;
  }
  std::vector<std::string> ids;
  std::unordered_set<std::string_view> seen;
  domain::Problems invalid;
  for (const auto& item : items) {
    if (!item.is_string()) {
      problems_.push_back(fmt::format("each value in {} must be a string", key));
      return std::nullopt;
    }
    const std::string_view id = item.get_string();
    if (invalid.empty()) domain::CheckId(invalid, fmt::format("each value in {}", key), id);
    if (seen.insert(id).second) ids.emplace_back(id);
  }
  if (!invalid.empty()) {
    problems_.push_back(std::move(invalid.front()));
    return std::nullopt;
  }
  return ids;
}

std::optional<std::string> BodyReader::OneOf(std::string_view key,
                                             const std::vector<std::string>& allowed,
                                             bool required) {
  auto value = String(key, required);
  if (!value) return std::nullopt;
  for (const auto& a : allowed) {
    if (a == *value) return value;
  }
  problems_.push_back(
      fmt::format("{} must be one of the following values: {}", key, fmt::join(allowed, ", ")));
  return std::nullopt;
}

std::optional<boost::json::object> BodyReader::Object(std::string_view key, bool required) {
  const auto* v = Field(key, required, "an object");
  if (v == nullptr) return std::nullopt;
  if (!v->is_object()) {
    problems_.push_back(fmt::format("{} must be an object", key));
    return std::nullopt;
  }
  return v->as_object();
}

std::optional<boost::json::value> BodyReader::Value(std::string_view key, bool required) {
  const auto* v = Field(key, required, "a JSON value");
  if (v == nullptr) return std::nullopt;
  return *v;
}

Status BodyReader::Finish() {
  for (const auto& [key, value] : object_) {
    if (!known_.contains(std::string_view(key))) {
      problems_.push_back(fmt::format("property {} should not exist", std::string_view(key)));
    }
  }
  return FinishAllowingUnknown();
}

Status BodyReader::FinishAllowingUnknown() {
  if (problems_.empty()) return Status::Ok();
  return Error::Invalid(std::move(problems_));
}

}  // namespace confide::api
