#include "http/websocket_handshake.h"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <stdexcept>

#include "core/base64.h"

namespace confide::http::websocket {
namespace {

// RFC 6455 §1.3: appended to the client's key before hashing, proving the server read it.
constexpr std::string_view kKeyGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
constexpr std::size_t kKeyBytes = 16;

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  return std::ranges::equal(
      a, b, [](unsigned char x, unsigned char y) { return std::tolower(x) == std::tolower(y); });
}

std::string_view TrimSpaces(std::string_view s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

// True if one of the comma-separated elements of `list` is `token`.
bool ListHasToken(std::string_view list, std::string_view token) {
  while (true) {
    const auto comma = list.find(',');
    if (EqualsIgnoringCase(TrimSpaces(list.substr(0, comma)), token)) return true;
    if (comma == std::string_view::npos) return false;
    list.remove_prefix(comma + 1);
  }
}

// True if any `field` line of the request lists `token`; a list may be split across lines.
bool HeaderHasToken(const Request& request, Field field, std::string_view token) {
  const auto [first, last] = request.equal_range(field);
  return std::any_of(first, last, [&](const auto& line) {
    return ListHasToken({line.value().data(), line.value().size()}, token);
  });
}

// The one value of `field`, or nullopt when it is absent or repeated.
std::optional<std::string_view> SingleValue(const Request& request, Field field) {
  if (request.count(field) != 1) return std::nullopt;
  const auto value = request[field];
  return std::string_view(value.data(), value.size());
}

std::string Sha1(std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  if (EVP_Digest(data.data(), data.size(), digest.data(), &size, EVP_sha1(), nullptr) != 1) {
    // Only fails when the library itself is broken: an invariant, not bad input.
    throw std::runtime_error("SHA-1 failed");
  }
  return std::string(reinterpret_cast<const char*>(digest.data()), size);
}

}  // namespace

bool IsUpgradeRequest(const Request& request) {
  return request.method() == Verb::get && HeaderHasToken(request, Field::upgrade, "websocket") &&
         HeaderHasToken(request, Field::connection, "upgrade");
}

Result<std::string> AcceptKey(const Request& request) {
  if (SingleValue(request, Field::sec_websocket_version) != kProtocolVersion) {
    return Error::BadRequest("Sec-WebSocket-Version must be 13");
  }
  const auto key = SingleValue(request, Field::sec_websocket_key);
  if (!key) return Error::BadRequest("Sec-WebSocket-Key is missing or repeated");
  const auto nonce = core::Base64Decode(*key);
  if (!nonce || nonce->size() != kKeyBytes) {
    return Error::BadRequest("Sec-WebSocket-Key must be base64 of 16 bytes");
  }
  std::string keyed(*key);
  keyed += kKeyGuid;
  return core::Base64Encode(Sha1(keyed));
}

std::string SwitchingProtocols(std::string_view accept_key) {
  std::string response =
      "HTTP/1.1 101 Switching Protocols\r\n"
      "Upgrade: websocket\r\n"
      "Connection: Upgrade\r\n"
      "Sec-WebSocket-Accept: ";
  response += accept_key;
  response += "\r\n\r\n";
  return response;
}

}  // namespace confide::http::websocket
