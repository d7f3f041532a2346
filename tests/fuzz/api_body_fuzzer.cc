// libFuzzer target for the REST routes' readers of client input: a body through BodyReader
// with the field reads of one route's parse function, or a query string through QueryReader
// with the reads of one listing route, then the pure checks the route applies next
// (domain/validation.h). Nothing may crash, and what the readers accept is what the route
// asked for:
//   - an accepted body holds every required field with its type, and no property nobody read
//     (except where the route allows unknown ones); an integer is one JavaScript keeps exact;
//   - a refused body or query names at least one problem;
//   - an accepted page is within CheckPage's range.
//
// Input: one byte choosing the route, then its body (or its query string).
// Build and run: see tests/fuzz/README.md.

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/body_reader.h"
#include "api/query_reader.h"
#include "domain/validation.h"
#include "http/query_string.h"

namespace {

namespace json = boost::json;
using confide::api::BodyReader;
using confide::api::QueryReader;

void Check(bool condition) {
  if (!condition) std::abort();
}

// Equal JSON, but for numbers, which need only be close: Boost.JSON 1.74 does not round a
// number with a large exponent exactly when it reads it (72e+075 and its serialization read
// back as doubles a few units in the last place apart).
bool SameJson(const json::value& a, const json::value& b) {
  if (a.is_number() && b.is_number()) {
    const double x = a.to_number<double>();
    const double y = b.to_number<double>();
    return x == y || std::abs(x - y) <= 1e-12 * std::max(std::abs(x), std::abs(y));
  }
  if (a.kind() != b.kind()) return false;
  if (a.is_array()) {
    const auto& p = a.get_array();
    const auto& q = b.get_array();
    return p.size() == q.size() && std::equal(p.begin(), p.end(), q.begin(), SameJson);
  }
  if (a.is_object()) {
    const auto& p = a.get_object();
    const auto& q = b.get_object();
    if (p.size() != q.size()) return false;
    return std::all_of(p.begin(), p.end(), [&](const json::key_value_pair& m) {
      const json::value* other = q.if_contains(m.key());
      return other != nullptr && SameJson(m.value(), *other);
    });
  }
  return a == b;
}

enum class Kind { kString, kInteger, kBoolean, kStringArray, kOneOf, kObject, kValue };

struct FieldRead {
  std::string_view key;
  Kind kind;
  bool required;
  std::vector<std::string> allowed = {};  // for kOneOf
};

// One route's body: the reads its parse function makes, in its order.
struct BodyShape {
  std::string_view route;
  std::vector<FieldRead> fields;
  bool allows_unknown = false;
};

const std::vector<BodyShape>& Shapes() {
  static const std::vector<BodyShape> shapes = {
      {"POST /messaging/conversations",
       {{"participantIds", Kind::kStringArray, true},
        {"type", Kind::kOneOf, false, {"DIRECT", "GROUP", "SUPPORT", "THERAPY"}},
        {"title", Kind::kString, false}}},
      {"POST /messaging/conversations/:id/participants",
       {{"participantIds", Kind::kStringArray, true}}},
      {"POST /messaging/conversations/:id/messages",
       {{"content", Kind::kString, true},
        {"messageType", Kind::kOneOf, false, {"TEXT", "IMAGE", "FILE", "AUDIO", "VIDEO", "SYSTEM"}},
        {"replyToId", Kind::kString, false},
        {"attachmentUrl", Kind::kString, false},
        {"attachmentName", Kind::kString, false},
        {"attachmentSize", Kind::kInteger, false}}},
      {"PUT /messaging/messages/:id", {{"content", Kind::kString, true}}},
      {"POST /messaging/messages/:id/reactions", {{"emoji", Kind::kString, true}}},
      {"POST /messaging/block",
       {{"userId", Kind::kString, true}, {"reason", Kind::kString, false}}},
      {"PUT /admin/users/:userId",
       {{"firstName", Kind::kString, true},
        {"lastName", Kind::kString, true},
        {"avatarUrl", Kind::kString, false},
        {"role", Kind::kString, false}}},
      {"PUT /internal/communities/:communityId/members/:userId", {}},
      {"PUT /internal/posts/:postId", {{"communityId", Kind::kString, true}}},
      {"POST /internal/posts/:postId/events",
       {{"event", Kind::kString, true}, {"data", Kind::kValue, false}}},
      {"POST /dev/token",
       {{"userId", Kind::kString, true},
        {"firstName", Kind::kString, false},
        {"lastName", Kind::kString, false},
        {"role", Kind::kString, false}}},
      {"POST /webhooks/clerk",
       {{"type", Kind::kString, true},
        {"data", Kind::kObject, true},
        {"timestamp", Kind::kInteger, false}},
       true},
  };
  return shapes;
}

bool HasKind(const json::value& v, const FieldRead& field) {
  switch (field.kind) {
    case Kind::kString:
      return v.is_string();
    case Kind::kOneOf:
      return v.is_string() && std::find(field.allowed.begin(), field.allowed.end(),
                                        std::string_view(v.as_string())) != field.allowed.end();
    case Kind::kInteger:
      return v.is_number();
    case Kind::kBoolean:
      return v.is_bool();
    case Kind::kStringArray:
      return v.is_array();
    case Kind::kObject:
      return v.is_object();
    case Kind::kValue:
      return true;
  }
  return false;
}

// Reads `field` as the route does; true when a value came back.
bool Read(BodyReader& reader, const FieldRead& field) {
  constexpr std::int64_t kMaxSafe = 9007199254740991;
  switch (field.kind) {
    case Kind::kString:
      return reader.String(field.key, field.required).has_value();
    case Kind::kOneOf:
      return reader.OneOf(field.key, field.allowed, field.required).has_value();
    case Kind::kInteger: {
      const auto value = reader.Integer(field.key, field.required);
      if (value) Check(*value >= -kMaxSafe && *value <= kMaxSafe);
      return value.has_value();
    }
    case Kind::kBoolean:
      return reader.Boolean(field.key, field.required).has_value();
    case Kind::kStringArray:
      return reader.StringArray(field.key, field.required).has_value();
    case Kind::kObject:
      return reader.Object(field.key, field.required).has_value();
    case Kind::kValue: {
      const auto value = reader.Value(field.key, field.required);
      // Passed on as text (a room event's data), which must read back as the same JSON.
      if (value) Check(SameJson(json::parse(json::serialize(*value)), *value));
      return value.has_value();
    }
  }
  return false;
}

// The pure checks a route makes after reading (the services make the same ones).
void Validate(std::string_view body) {
  const auto parsed = json::parse(body);
  if (!parsed.is_object()) return;
  confide::domain::Problems problems;
  for (const auto& [key, value] : parsed.as_object()) {
    if (!value.is_string()) continue;
    const std::string_view text = value.as_string();
    confide::domain::CheckId(problems, key, text);
    confide::domain::CheckText(problems, key, text, {.max_length = 100});
    (void)confide::domain::IsWebUrl(text);
    Check(confide::domain::Trim(text).size() <= text.size());
  }
  const bool fine = problems.empty();
  Check(confide::domain::ToStatus(std::move(problems)).ok() == fine);
}

// Nothing but JSON's whitespace: a body read as {}.
bool IsJsonBlank(std::string_view body) {
  return body.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

void CheckBody(const BodyShape& shape, std::string_view body) {
  auto reader = BodyReader::Parse(body);
  if (!reader.ok()) {
    Check(!IsJsonBlank(body));
    return;
  }
  std::vector<bool> got;
  for (const auto& field : shape.fields) got.push_back(Read(*reader, field));
  const auto status = shape.allows_unknown ? reader->FinishAllowingUnknown() : reader->Finish();
  if (!status.ok()) {
    Check(!status.error().messages().empty());
    return;
  }
  if (IsJsonBlank(body)) return;
  const json::value parsed = json::parse(body);
  const json::object& object = parsed.as_object();
  for (std::size_t i = 0; i < shape.fields.size(); ++i) {
    const auto& field = shape.fields[i];
    const json::value* value = object.if_contains(field.key);
    const bool present = value != nullptr && !value->is_null();
    if (field.required) Check(got[i] && present);
    Check(got[i] == present);
    if (present) Check(HasKind(*value, field));
  }
  if (shape.allows_unknown) return;
  for (const auto& [key, value] : object) {
    bool known = false;
    for (const auto& field : shape.fields) known = known || field.key == std::string_view(key);
    Check(known);
  }
  Validate(body);
}

// An exchange that answers Query and HasRepeatedQuery from a target, as the server's does.
class QueryExchange final : public confide::http::Exchange {
 public:
  explicit QueryExchange(std::string target) : target_(std::move(target)) {
    request_.target(target_);
  }
  const confide::http::Request& request() const override { return request_; }
  std::string_view route() const override { return "/fuzz"; }
  std::string_view Param(std::string_view) const override { return "conv_1"; }
  std::optional<std::string> Query(std::string_view name) const override {
    return confide::http::QueryString::OfTarget(target_).Get(name);
  }
  bool HasRepeatedQuery(std::string_view name) const override {
    return confide::http::QueryString::OfTarget(target_).IsRepeated(name);
  }
  std::string_view RemoteAddress() const override { return "127.0.0.1"; }
  std::string_view request_id() const override { return "fuzz"; }
  void SetLogUser(std::string) override {}
  void Respond(confide::http::Response) override {}
  void OnAbandoned(std::function<void()>) override {}
  boost::asio::io_context::executor_type executor() const override { return io_.get_executor(); }

 private:
  std::string target_;
  confide::http::Request request_;
  mutable boost::asio::io_context io_;
};

// The listing routes: a page, and for messages and search their other parameters.
void CheckQuery(unsigned route, std::string_view query) {
  const QueryExchange exchange("/fuzz?" + std::string(query));
  QueryReader reader(exchange);
  std::optional<std::string> required;
  const int default_limit = route == 1 ? 50 : 20;
  if (route == 2) required = reader.String("query", true);
  if (route == 1 || route == 2) {
    (void)reader.String(route == 1 ? "before" : "conversationId", false);
    if (route == 1) (void)reader.String("after", false);
  }
  const auto page = reader.Page(default_limit);
  const auto status = reader.Finish();
  if (!status.ok()) {
    Check(!status.error().messages().empty());
    return;
  }
  Check(confide::domain::CheckPage(page).ok());
  if (route == 2) Check(required.has_value());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  const auto& shapes = Shapes();
  const unsigned choice = data[0] % (shapes.size() + 4);
  if (choice < shapes.size()) {
    CheckBody(shapes[choice], rest);
  } else {
    CheckQuery(choice - static_cast<unsigned>(shapes.size()), rest);
  }
  return 0;
}
