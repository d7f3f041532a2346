#pragma once

// Reads a JSON request body into typed fields the way NestJS's ValidationPipe answers:
// every problem is collected ("content must be a string", "property foo should not exist")
// and reported at once as a 400 with a list of messages. JSON null counts as absent.
// Thread-safety: one reader per request, on the thread handling it.

#include <boost/json/object.hpp>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace confide::api {

class BodyReader {
 public:
  // An empty body counts as {}. Malformed JSON or a non-object is an error.
  static Result<BodyReader> Parse(std::string_view body);

  std::optional<std::string> String(std::string_view key, bool required);
  std::optional<std::int64_t> Integer(std::string_view key, bool required);
  std::optional<bool> Boolean(std::string_view key, bool required);
  std::optional<std::vector<std::string>> StringArray(std::string_view key, bool required);
  // An array of ids (domain::CheckId) of at most `max_items` elements, counted before any is
  // read, each a string and a valid id, with repeats removed (the first of each kept, in
  // order). One message per kind of problem, however many elements have it.
  std::optional<std::vector<std::string>> IdArray(std::string_view key, bool required,
                                                  std::size_t max_items);
  // A string that must be one of `allowed`.
  std::optional<std::string> OneOf(std::string_view key, const std::vector<std::string>& allowed,
                                   bool required);
  // An object field, returned whole (for webhook payloads).
  std::optional<boost::json::object> Object(std::string_view key, bool required);
  // A field of any JSON type, returned whole (a payload passed on as it came).
  std::optional<boost::json::value> Value(std::string_view key, bool required);

  // Ok, or every problem found, including properties that no reader asked for.
  Status Finish();
  // Like Finish, but properties nobody asked for are allowed (payloads of other systems).
  Status FinishAllowingUnknown();

 private:
  explicit BodyReader(boost::json::object object) : object_(std::move(object)) {}
  const boost::json::value* Field(std::string_view key, bool required, std::string_view kind);

  boost::json::object object_;
  std::vector<std::string> problems_;
  std::set<std::string, std::less<>> known_;
};

}  // namespace confide::api
