// What the floor server reads and writes on the wire (see wire.h).

#include "wire.h"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <cstdlib>

namespace confide::floor {
namespace {

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Standard base64 with padding (RFC 4648 §4), by OpenSSL.
std::string Base64(const unsigned char* data, std::size_t size) {
  std::string out((size + 2) / 3 * 4 + 1, '\0');
  const int written =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(size));
  out.resize(static_cast<std::size_t>(written));
  return out;
}

int Base64UrlValue(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}

// Decodes base64url with or without padding (a JWT segment); nullopt on a bad character.
std::optional<std::string> Base64UrlDecode(std::string_view in) {
  while (!in.empty() && in.back() == '=') in.remove_suffix(1);
  if (in.size() % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(in.size() * 3 / 4);
  std::uint32_t bits = 0;
  int count = 0;
  for (const char c : in) {
    const int value = Base64UrlValue(c);
    if (value < 0) return std::nullopt;
    bits = (bits << 6) | static_cast<std::uint32_t>(value);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out.push_back(static_cast<char>((bits >> count) & 0xFF));
    }
  }
  return out;
}

}  // namespace

bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [](char x, char y) { return Lower(x) == Lower(y); });
}

bool IContains(std::string_view haystack, std::string_view needle) {
  for (std::size_t i = 0; i + needle.size() <= haystack.size(); ++i) {
    if (IEquals(haystack.substr(i, needle.size()), needle)) return true;
  }
  return false;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool QueryHas(std::string_view query, std::string_view param) {
  while (!query.empty()) {
    const auto amp = query.find('&');
    if (query.substr(0, amp) == param) return true;
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return false;
}

// Sec-WebSocket-Accept (RFC 6455 §4.2.2): base64(SHA-1(key + GUID)).
std::string WebSocketAccept(std::string_view key) {
  std::string input(key);
  input += "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  if (EVP_Digest(input.data(), input.size(), digest.data(), &size, EVP_sha1(), nullptr) != 1) {
    std::fputs("confide_floor: SHA-1 failed\n", stderr);
    std::abort();
  }
  return Base64(digest.data(), size);
}

// ---------------------------------------------------------------------------------------
// JSON string tokens

std::size_t StringTokenEnd(std::string_view json, std::size_t open) {
  for (std::size_t i = open + 1; i < json.size(); ++i) {
    const char c = json[i];
    if (c == '\\') {
      ++i;
    } else if (c == '"') {
      return i + 1;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      return std::string_view::npos;
    }
  }
  return std::string_view::npos;
}

std::size_t SkipSpaces(std::string_view json, std::size_t i) {
  while (i < json.size() &&
         (json[i] == ' ' || json[i] == '\t' || json[i] == '\r' || json[i] == '\n')) {
    ++i;
  }
  return i;
}

// Index of the first character of the value of the first `"key":`, or npos. Inside a string
// value a quote is escaped, so "key" followed by a colon is always a key.
std::size_t ValueStart(std::string_view json, std::string_view key) {
  for (std::size_t from = 0;;) {
    const auto at = json.find(key, from);
    if (at == std::string_view::npos) return at;
    from = at + 1;
    const auto after = at + key.size();
    if (at == 0 || json[at - 1] != '"' || after >= json.size() || json[after] != '"') continue;
    const auto colon = SkipSpaces(json, after + 1);
    if (colon < json.size() && json[colon] == ':') return SkipSpaces(json, colon + 1);
  }
}

std::optional<std::string_view> StringToken(std::string_view json, std::string_view key) {
  const auto start = ValueStart(json, key);
  if (start >= json.size() || json[start] != '"') return std::nullopt;
  const auto end = StringTokenEnd(json, start);
  if (end == std::string_view::npos) return std::nullopt;
  return json.substr(start, end - start);
}

std::optional<std::string_view> StringValue(std::string_view json, std::string_view key) {
  auto token = StringToken(json, key);
  if (token) *token = token->substr(1, token->size() - 2);
  return token;
}

// ---------------------------------------------------------------------------------------
// JWT

std::optional<Claims> ReadToken(std::string_view jwt) {
  const auto first = jwt.find('.');
  const auto second = first == std::string_view::npos ? first : jwt.find('.', first + 1);
  if (second == std::string_view::npos || jwt.find('.', second + 1) != std::string_view::npos) {
    return std::nullopt;
  }
  const auto payload = Base64UrlDecode(jwt.substr(first + 1, second - first - 1));
  if (!payload) return std::nullopt;
  const auto sub = StringValue(*payload, "sub");
  if (!sub || sub->empty()) return std::nullopt;
  Claims claims;
  claims.sub = *sub;
  claims.first_name = StringValue(*payload, "first_name").value_or("");
  claims.last_name = StringValue(*payload, "last_name").value_or("");
  claims.role = StringValue(*payload, "role").value_or("client");
  return claims;
}

// ---------------------------------------------------------------------------------------
// HTTP/1.1

Parse ParseRequest(std::string_view data, Request& request, std::size_t& length) {
  const auto head_end = data.find("\r\n\r\n");
  if (head_end == std::string_view::npos) {
    return data.size() > kMaxHeaderBytes ? Parse::kHeadersTooLarge : Parse::kNeedMore;
  }
  if (head_end + 4 > kMaxHeaderBytes) return Parse::kHeadersTooLarge;
  std::string_view head = data.substr(0, head_end + 2);  // every line ends with CRLF

  // Request line: METHOD SP target SP HTTP/1.x
  const auto line_end = head.find("\r\n");
  const auto line = head.substr(0, line_end);
  head.remove_prefix(line_end + 2);
  const auto sp1 = line.find(' ');
  const auto sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp1 == 0 || sp2 == std::string_view::npos) return Parse::kBad;
  request.method = line.substr(0, sp1);
  const auto target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  const auto version = line.substr(sp2 + 1);
  if (target.empty() || target.front() != '/' || !version.starts_with("HTTP/1.")) {
    return Parse::kBad;
  }
  const auto question = target.find('?');
  request.path = target.substr(0, question);
  request.query = question == std::string_view::npos ? "" : target.substr(question + 1);

  std::size_t content_length = 0;
  bool keep_alive = false;
  while (!head.empty()) {
    const auto end = head.find("\r\n");
    const auto field = head.substr(0, end);
    head.remove_prefix(end + 2);
    const auto colon = field.find(':');
    if (colon == 0 || colon == std::string_view::npos || field.front() == ' ' ||
        field.front() == '\t') {
      return Parse::kBad;  // no name, or an obsolete folded line
    }
    const auto name = field.substr(0, colon);
    const auto value = Trim(field.substr(colon + 1));
    if (IEquals(name, "content-length")) {
      std::size_t n = 0;
      const auto [end_ptr, error] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (value.empty() || error != std::errc{} || end_ptr != value.data() + value.size()) {
        return Parse::kBad;
      }
      if (n > kMaxBodyBytes) return Parse::kBodyTooLarge;
      content_length = n;
    } else if (IEquals(name, "authorization")) {
      request.authorization = value;
    } else if (IEquals(name, "upgrade")) {
      request.upgrade = value;
    } else if (IEquals(name, "sec-websocket-key")) {
      request.websocket_key = value;
    } else if (IEquals(name, "sec-websocket-version")) {
      request.websocket_version = value;
    } else if (IEquals(name, "connection")) {
      request.close = request.close || IContains(value, "close");
      keep_alive = keep_alive || IContains(value, "keep-alive");
    } else if (IEquals(name, "transfer-encoding")) {
      return Parse::kBad;  // bodies are framed by Content-Length only
    }
  }
  if (version == "HTTP/1.0" && !keep_alive) request.close = true;

  const auto body_start = head_end + 4;
  if (data.size() - body_start < content_length) return Parse::kNeedMore;
  request.body = data.substr(body_start, content_length);
  length = body_start + content_length;
  return Parse::kDone;
}

std::string_view StatusLine(int status) {
  switch (status) {
    case 200:
      return "200 OK";
    case 201:
      return "201 Created";
    case 400:
      return "400 Bad Request";
    case 401:
      return "401 Unauthorized";
    case 403:
      return "403 Forbidden";
    case 404:
      return "404 Not Found";
    case 413:
      return "413 Payload Too Large";
    case 431:
      return "431 Request Header Fields Too Large";
    default:
      return "500 Internal Server Error";
  }
}

// ---------------------------------------------------------------------------------------
// WebSocket frames

void AppendFrameHeader(std::string& out, unsigned char opcode, std::size_t length) {
  out.push_back(static_cast<char>(0x80 | opcode));
  if (length < 126) {
    out.push_back(static_cast<char>(length));
  } else if (length <= 0xFFFF) {
    out.push_back(static_cast<char>(126));
    out.push_back(static_cast<char>(length >> 8));
    out.push_back(static_cast<char>(length & 0xFF));
  } else {
    out.push_back(static_cast<char>(127));
    for (int shift = 56; shift >= 0; shift -= 8) {
      out.push_back(static_cast<char>((static_cast<std::uint64_t>(length) >> shift) & 0xFF));
    }
  }
}

void AppendFrame(std::string& out, unsigned char opcode, std::string_view payload) {
  AppendFrameHeader(out, opcode, payload.size());
  out += payload;
}

}  // namespace confide::floor
