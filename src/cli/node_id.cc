#include "cli/node_id.h"

#include <unistd.h>

#include <algorithm>
#include <array>

#include "core/random.h"

namespace confide::cli {
namespace {

bool IsNodeIdCharacter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

}  // namespace

bool IsNodeId(std::string_view id) {
  return !id.empty() && id.size() <= kMaxNodeIdLength &&
         std::all_of(id.begin(), id.end(), IsNodeIdCharacter);
}

std::string DefaultNodeId(std::string_view host_name, std::uint16_t port) {
  std::string suffix = "-";
  suffix += port == 0 ? core::RandomHex(2) : std::to_string(port);
  std::string host;
  for (const char c : host_name.substr(0, kMaxNodeIdLength - suffix.size())) {
    const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    host += IsNodeIdCharacter(lower) ? lower : '-';
  }
  if (host.empty()) host = "node";
  return host + suffix;
}

std::string HostName() {
  std::array<char, 256> name{};
  if (gethostname(name.data(), name.size() - 1) != 0) return {};
  return name.data();
}

}  // namespace confide::cli
