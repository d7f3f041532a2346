#include "http/router.h"

#include <algorithm>
#include <array>
#include <stdexcept>

#include "core/utf8.h"
#include "http/percent_decoding.h"

namespace confide::http {

struct Router::Endpoint {
  Verb verb;
  Handler handler;
  int route_id;
  std::vector<std::string> param_names;  // in path order
};

struct Router::Node {
  std::vector<std::pair<std::string, std::unique_ptr<Node>>> literals;
  std::unique_ptr<Node> param;
  std::vector<Endpoint> endpoints;
  std::string allow;

  const Endpoint* Exact(Verb verb) const {
    for (const auto& e : endpoints) {
      if (e.verb == verb) return &e;
    }
    return nullptr;
  }

  const Endpoint* EndpointFor(Verb verb) const {
    const Endpoint* found = Exact(verb);
    return found == nullptr && verb == Verb::head ? Exact(Verb::get) : found;
  }

  void UpdateAllow() {
    allow.clear();
    for (const auto& e : endpoints) {
      if (!allow.empty()) allow += ", ";
      allow += boost::beast::http::to_string(e.verb);
      if (e.verb == Verb::get && Exact(Verb::head) == nullptr) allow += ", HEAD";
    }
  }

  Node& Literal(std::string_view segment) {
    for (auto& [text, child] : literals) {
      if (text == segment) return *child;
    }
    literals.emplace_back(std::string(segment), std::make_unique<Node>());
    return *literals.back().second;
  }
};

struct Router::Prefix {
  std::string base;  // without its trailing slash: "/socket.io"
  Handler handler;
  int route_id;
};

struct Router::Search {
  Verb verb;
  std::array<std::string_view, kMaxParams> captures{};
  std::size_t captured = 0;
  const Node* known_path = nullptr;  // the first node that holds other methods: a 405
};

namespace {

// Splits "/first/rest..." into "first" and "/rest...".
std::pair<std::string_view, std::string_view> NextSegment(std::string_view rest) {
  rest.remove_prefix(1);
  const auto slash = rest.find('/');
  if (slash == std::string_view::npos) return {rest, {}};
  return {rest.substr(0, slash), rest.substr(slash)};
}

bool AtEnd(std::string_view rest) { return rest.empty() || rest == "/"; }

}  // namespace

Router::Router() : root_(std::make_unique<Node>()) {}
Router::~Router() = default;
Router::Router(Router&&) noexcept = default;
Router& Router::operator=(Router&&) noexcept = default;

int Router::RouteId(std::string_view pattern) {
  const auto it = std::find(patterns_.begin(), patterns_.end(), pattern);
  if (it != patterns_.end()) return static_cast<int>(it - patterns_.begin());
  patterns_.emplace_back(pattern);
  return static_cast<int>(patterns_.size() - 1);
}

void Router::Add(Verb method, std::string_view pattern, Handler handler) {
  if (pattern.empty() || pattern.front() != '/') {
    throw std::invalid_argument("route pattern must start with '/': " + std::string(pattern));
  }
  Node* node = root_.get();
  std::vector<std::string> names;
  for (std::string_view rest = pattern; !AtEnd(rest);) {
    auto [segment, after] = NextSegment(rest);
    rest = after;
    if (segment.empty() || segment == ":") {
      throw std::invalid_argument("empty segment in route pattern: " + std::string(pattern));
    }
    if (segment.front() != ':') {
      node = &node->Literal(segment);
      continue;
    }
    names.emplace_back(segment.substr(1));
    if (!node->param) node->param = std::make_unique<Node>();
    node = node->param.get();
  }
  if (names.size() > kMaxParams || node->Exact(method) != nullptr) {
    throw std::invalid_argument("route registered twice or with too many parameters: " +
                                std::string(pattern));
  }
  node->endpoints.push_back({method, std::move(handler), RouteId(pattern), std::move(names)});
  node->UpdateAllow();
}

void Router::AddPrefix(std::string_view prefix, Handler handler) {
  std::string base(prefix);
  while (!base.empty() && base.back() == '/') base.pop_back();
  const int id = RouteId(prefix);
  prefixes_.push_back({std::move(base), std::move(handler), id});
  std::stable_sort(prefixes_.begin(), prefixes_.end(),
                   [](const Prefix& a, const Prefix& b) { return a.base.size() > b.base.size(); });
}

void Router::AddUpgrade(std::string_view prefix, UpgradeHandler handler) {
  std::string base(prefix);
  while (!base.empty() && base.back() == '/') base.pop_back();
  upgrades_.emplace_back(std::move(base), std::move(handler));
}

const UpgradeHandler* Router::FindUpgrade(std::string_view path) const {
  for (const auto& [base, handler] : upgrades_) {
    if (!path.starts_with(base)) continue;
    const std::string_view tail = path.substr(base.size());
    if (tail.empty() || tail.front() == '/') return &handler;
  }
  return nullptr;
}

// Depth-first over the trie, literals before the parameter, backtracking on a dead end.
const Router::Endpoint* Router::Walk(const Node& node, std::string_view rest, std::size_t captured,
                                     Search& search) const {
  if (AtEnd(rest)) {
    if (node.endpoints.empty()) return nullptr;
    const Endpoint* found = node.EndpointFor(search.verb);
    if (found != nullptr) {
      search.captured = captured;
    } else if (search.known_path == nullptr) {
      search.known_path = &node;
    }
    return found;
  }
  const auto [segment, after] = NextSegment(rest);
  for (const auto& [text, child] : node.literals) {
    if (text != segment) continue;
    if (const Endpoint* found = Walk(*child, after, captured, search)) return found;
  }
  if (node.param && !segment.empty() && captured < kMaxParams) {
    search.captures[captured] = segment;
    return Walk(*node.param, after, captured + 1, search);
  }
  return nullptr;
}

const Router::Prefix* Router::FindPrefix(std::string_view path) const {
  for (const auto& p : prefixes_) {
    if (!path.starts_with(p.base)) continue;
    const std::string_view tail = path.substr(p.base.size());
    if (tail.empty() || tail.front() == '/') return &p;
  }
  return nullptr;
}

void Router::FillParams(const Endpoint& endpoint, const Search& search, Match& out) const {
  // Assigning into the existing pairs keeps their capacity from one request to the next.
  out.params.resize(search.captured);
  for (std::size_t i = 0; i < search.captured; ++i) {
    auto& [name, value] = out.params[i];
    name = endpoint.param_names[i];
    if (!PercentDecode(search.captures[i], /*plus_as_space=*/false, value) ||
        !core::IsValidUtf8(value)) {
      out.bad_param.assign(search.captures[i]);
    }
  }
}

Router::Match Router::Find(Verb method, std::string_view path) const {
  Match match;
  Find(method, path, match);
  return match;
}

void Router::Find(Verb method, std::string_view path, Match& out) const {
  out.handler = nullptr;
  out.route.clear();
  out.method_not_allowed = false;
  out.allow.clear();
  out.route_id = -1;
  out.bad_param.clear();
  if (path.empty() || path.front() != '/') {
    out.params.clear();
    return;
  }
  Search search{method};
  if (const Endpoint* endpoint = Walk(*root_, path, 0, search)) {
    out.route_id = endpoint->route_id;
    out.route = patterns_[endpoint->route_id];
    FillParams(*endpoint, search, out);  // keeps `params` storage from the previous use
    if (out.bad_param.empty()) out.handler = &endpoint->handler;
    return;
  }
  out.params.clear();
  if (const Prefix* prefix = FindPrefix(path)) {
    out.route_id = prefix->route_id;
    out.route = patterns_[prefix->route_id];
    out.handler = &prefix->handler;
    return;
  }
  if (search.known_path != nullptr) {
    out.method_not_allowed = true;
    out.allow = search.known_path->allow;
  }
}

}  // namespace confide::http
