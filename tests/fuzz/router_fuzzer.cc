// libFuzzer target for what the server reads of a request target: Router::Find on a table of
// the server's route patterns, the query string (QueryString) and percent-decoding
// (PercentDecode). None may crash, and:
//   - a match agrees with its pattern: the same literal segments, each parameter the
//     percent-decoded segment, valid UTF-8 (else bad_param names it and no handler is given);
//   - a Match reused from an earlier lookup (as a connection reuses its exchange's) holds
//     exactly what a fresh one does;
//   - a decoded text is no longer than its escapes, and encoding it again decodes back.
//
// Input: one byte choosing the method, then the request target ("/path?query").
// Build and run: see tests/fuzz/README.md.

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "core/utf8.h"
#include "http/percent_decoding.h"
#include "http/query_string.h"
#include "http/router.h"

namespace {

namespace http = confide::http;
using http::Router;
using http::Verb;

void Check(bool condition) {
  if (!condition) std::abort();
}

// The patterns `confide serve` registers, REST routes under both of their mounts.
const Router& Routes() {
  static const Router router = [] {
    Router r;
    const auto noop = [](http::ExchangePtr) {};
    const std::vector<std::pair<Verb, std::string_view>> messaging = {
        {Verb::post, "/conversations"},
        {Verb::get, "/conversations"},
        {Verb::get, "/conversations/:conversationId"},
        {Verb::post, "/conversations/:conversationId/participants"},
        {Verb::delete_, "/conversations/:conversationId/participants/:userId"},
        {Verb::post, "/conversations/:conversationId/read"},
        {Verb::get, "/conversations/:conversationId/messages"},
        {Verb::post, "/conversations/:conversationId/messages"},
        {Verb::put, "/messages/:messageId"},
        {Verb::delete_, "/messages/:messageId"},
        {Verb::post, "/messages/:messageId/read"},
        {Verb::post, "/messages/:messageId/reactions"},
        {Verb::delete_, "/messages/:messageId/reactions/:emoji"},
        {Verb::post, "/block"},
        {Verb::get, "/block"},
        {Verb::delete_, "/block/:blockedUserId"},
        {Verb::get, "/search"},
    };
    for (const auto& [verb, path] : messaging) {
      r.Add(verb, std::string("/messaging").append(path), noop);
      r.Add(verb, std::string("/api/messaging").append(path), noop);
    }
    const std::vector<std::pair<Verb, std::string_view>> others = {
        {Verb::get, "/admin/users/:userId"},
        {Verb::put, "/admin/users/:userId"},
        {Verb::delete_, "/admin/users/:userId"},
        {Verb::get, "/admin/websocket/stats"},
        {Verb::put, "/internal/communities/:communityId/members/:userId"},
        {Verb::delete_, "/internal/communities/:communityId/members/:userId"},
        {Verb::get, "/internal/communities/:communityId/members"},
        {Verb::post, "/internal/communities/:communityId/events"},
        {Verb::put, "/internal/posts/:postId"},
        {Verb::delete_, "/internal/posts/:postId"},
        {Verb::post, "/internal/posts/:postId/events"},
        {Verb::post, "/webhooks/clerk"},
        {Verb::get, "/health"},
        {Verb::get, "/metrics"},
        {Verb::get, "/dev/status"},
        {Verb::post, "/dev/token"},
        {Verb::get, "/"},
        {Verb::get, "/app.js"},
    };
    for (const auto& [verb, path] : others) r.Add(verb, path, noop);
    r.AddPrefix("/socket.io/", noop);
    r.AddUpgrade("/socket.io/", [](http::Upgrade) {});
    return r;
  }();
  return router;
}

std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  while (!path.empty() && path != "/") {
    path.remove_prefix(1);
    const auto slash = path.find('/');
    out.push_back(path.substr(0, slash));
    path = slash == std::string_view::npos ? std::string_view() : path.substr(slash);
  }
  return out;
}

// The same answer. Parameter values are compared only when all decoded: with a bad_param the
// request is refused, and no value is read.
bool SameMatch(const Router::Match& a, const Router::Match& b) {
  if (a.params.size() != b.params.size()) return false;
  for (std::size_t i = 0; i < a.params.size(); ++i) {
    if (a.params[i].first != b.params[i].first) return false;
    if (a.bad_param.empty() && a.params[i].second != b.params[i].second) return false;
  }
  return a.handler == b.handler && a.route == b.route &&
         a.method_not_allowed == b.method_not_allowed && a.allow == b.allow &&
         a.route_id == b.route_id && a.bad_param == b.bad_param;
}

// A pattern's match: its literals as in the path, its parameters decoded from it.
void CheckAgainstPattern(const Router::Match& match, std::string_view path) {
  const auto pattern = Segments(match.route);
  const auto segments = Segments(path);
  Check(pattern.size() == segments.size());
  std::size_t param = 0;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (!pattern[i].starts_with(':')) {
      Check(pattern[i] == segments[i]);
      continue;
    }
    Check(param < match.params.size() && match.params[param].first == pattern[i].substr(1));
    std::string decoded;
    if (match.bad_param.empty()) {
      Check(http::PercentDecode(segments[i], false, decoded));
      Check(decoded == match.params[param].second);
      Check(confide::core::IsValidUtf8(decoded));
    }
    ++param;
  }
  Check(param == match.params.size());
}

void CheckFind(Verb verb, std::string_view path) {
  const Router& router = Routes();
  const Router::Match fresh = router.Find(verb, path);
  // A Match that served another request first, as a connection's exchange does.
  Router::Match reused = router.Find(Verb::delete_, "/messaging/messages/%F0%9F%91%8D/reactions/x");
  router.Find(verb, path, reused);
  Check(SameMatch(fresh, reused));

  if (fresh.handler != nullptr || !fresh.bad_param.empty()) {
    Check(fresh.route_id >= 0 && router.pattern(fresh.route_id) == fresh.route);
  }
  if (!fresh.bad_param.empty()) Check(fresh.handler == nullptr);
  if (fresh.method_not_allowed) Check(fresh.handler == nullptr && !fresh.allow.empty());
  const bool prefix = fresh.route == "/socket.io/";
  if (prefix) {
    Check(path.starts_with("/socket.io") && fresh.params.empty());
  } else if (!fresh.route.empty()) {
    CheckAgainstPattern(fresh, path);
  }
  if (const auto* upgrade = router.FindUpgrade(path)) {
    (void)upgrade;
    Check(path.starts_with("/socket.io"));
  }
}

std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const unsigned char c : text) {
    out.push_back('%');
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

void CheckDecoding(std::string_view text, bool plus_as_space) {
  std::string decoded;
  if (!http::PercentDecode(text, plus_as_space, decoded)) return;
  Check(decoded.size() <= text.size());
  if (text.find('%') == std::string_view::npos &&
      (!plus_as_space || text.find('+') == std::string_view::npos)) {
    Check(decoded == text);
  }
  std::string again;
  Check(http::PercentDecode(PercentEncode(decoded), plus_as_space, again) && again == decoded);
}

void CheckQuery(std::string_view target) {
  const auto query = http::QueryString::OfTarget(target);
  static const std::array<std::string_view, 6> kNames = {"page",   "limit", "query",
                                                         "before", "after", "conversationId"};
  for (const auto name : kNames) {
    const bool repeated = query.IsRepeated(name);
    if (repeated) Check(query.Get(name).has_value());
  }
  // The first parameter's own name, whatever it is.
  const auto mark = target.find('?');
  if (mark == std::string_view::npos) return;
  std::string_view first = target.substr(mark + 1);
  first = first.substr(0, first.find('&'));
  first = first.substr(0, first.find('='));
  if (!first.empty() && first.find_first_of("%+") == std::string_view::npos) {
    Check(query.Get(first).has_value());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  static constexpr std::array<Verb, 8> kVerbs = {Verb::get,   Verb::head,    Verb::post,
                                                 Verb::put,   Verb::delete_, Verb::options,
                                                 Verb::patch, Verb::unknown};
  const Verb verb = kVerbs[data[0] % kVerbs.size()];
  const std::string_view target(reinterpret_cast<const char*>(data + 1), size - 1);
  const std::string_view path = target.substr(0, target.find('?'));

  CheckFind(verb, path);
  CheckQuery(target);
  CheckDecoding(target, false);
  CheckDecoding(target, true);
  return 0;
}
