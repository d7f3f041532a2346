#pragma once

// Maps (method, path) to the handler registered for a route pattern. Patterns are literal
// segments and ":name" parameters ("/messaging/messages/:messageId/reactions/:emoji"); a
// literal segment is preferred over a parameter at the same place, so "/c/search" and
// "/c/:id" coexist. Prefix routes ("/socket.io/") take every method at or under the prefix
// when no pattern matched. A trailing slash is ignored; HEAD is served by a GET route.
//
// The table is a segment trie: a lookup walks the path once, allocation-free, and only
// copies the matched parameters out.
//
// Thread-safety: Add and AddPrefix run at start-up, before the router is shared; Find is
// const and safe from any number of threads afterwards.

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/exchange.h"
#include "http/types.h"
#include "http/upgrade.h"

namespace confide::http {

class Router {
 public:
  // The most parameters one pattern may hold.
  static constexpr std::size_t kMaxParams = 16;

  struct Match {
    const Handler* handler = nullptr;
    std::string route;                                        // the matched pattern
    std::vector<std::pair<std::string, std::string>> params;  // percent-decoded
    bool method_not_allowed = false;  // the path is known, the method is not
    std::string allow;                // then: the path's methods, "GET, HEAD, POST"
    int route_id = -1;                // index of `route` in pattern(); -1 when none matched
    // A parameter that does not percent-decode to UTF-8, as sent; the request is then a 400
    // (and `handler` is null, while `route` names the pattern).
    std::string bad_param;
  };

  Router();
  ~Router();
  Router(Router&&) noexcept;
  Router& operator=(Router&&) noexcept;

  // Throws std::invalid_argument for a malformed pattern or a (method, pattern) given twice.
  void Add(Verb method, std::string_view pattern, Handler handler);
  void AddPrefix(std::string_view prefix, Handler handler);
  // Requests at or under `prefix` that ask to upgrade the connection (an Upgrade header) are
  // handed over with their socket instead of being routed.
  void AddUpgrade(std::string_view prefix, UpgradeHandler handler);

  // `path` excludes the query string.
  Match Find(Verb method, std::string_view path) const;
  // The same, reusing `out`'s storage (the server keeps one Match per request slot).
  void Find(Verb method, std::string_view path, Match& out) const;

  // The upgrade handler for `path`, or null.
  const UpgradeHandler* FindUpgrade(std::string_view path) const;

  // Every pattern and prefix registered, by route id; for per-route metrics.
  std::size_t route_count() const { return patterns_.size(); }
  const std::string& pattern(int route_id) const { return patterns_[route_id]; }

 private:
  struct Endpoint;
  struct Node;
  struct Prefix;
  struct Search;

  int RouteId(std::string_view pattern);
  const Endpoint* Walk(const Node& node, std::string_view rest, std::size_t captured,
                       Search& search) const;
  const Prefix* FindPrefix(std::string_view path) const;
  void FillParams(const Endpoint& endpoint, const Search& search, Match& out) const;

  std::unique_ptr<Node> root_;
  std::vector<Prefix> prefixes_;  // longest first
  std::vector<std::pair<std::string, UpgradeHandler>>
      upgrades_;  // base path, without a trailing slash
  std::vector<std::string> patterns_;
};

}  // namespace confide::http
