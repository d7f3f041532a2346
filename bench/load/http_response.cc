// HTTP/1.1 responses (see http_response.h).

#include "http_response.h"

#include <algorithm>
#include <charconv>

namespace confide::load {
namespace {

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [](char x, char y) { return Lower(x) == Lower(y); });
}

// True if the comma-separated header value holds `token` (any case).
bool HasToken(std::string_view value, std::string_view token) {
  while (!value.empty()) {
    const auto comma = value.find(',');
    auto item = value.substr(0, comma);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (IEquals(item, token)) return true;
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return false;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

Parse ParseResponseHead(std::string_view data, ResponseHead& head) {
  const auto end = data.find("\r\n\r\n");
  if (end == std::string_view::npos) {
    return data.size() > kMaxHeadBytes ? Parse::kBad : Parse::kNeedMore;
  }
  head = ResponseHead{};
  head.length = end + 4;
  std::string_view lines = data.substr(0, end + 2);
  // Status line: HTTP/1.x SSS reason
  const auto first_end = lines.find("\r\n");
  const auto status_line = lines.substr(0, first_end);
  lines.remove_prefix(first_end + 2);
  if (status_line.size() < 12 || status_line.substr(0, 7) != "HTTP/1." || status_line[8] != ' ') {
    return Parse::kBad;
  }
  const bool http10 = status_line[7] == '0';
  head.keep_alive = !http10;
  const auto code = status_line.substr(9, 3);
  if (std::from_chars(code.data(), code.data() + 3, head.status).ptr != code.data() + 3) {
    return Parse::kBad;
  }
  while (!lines.empty()) {
    const auto line_end = lines.find("\r\n");
    const auto line = lines.substr(0, line_end);
    lines.remove_prefix(line_end + 2);
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) return Parse::kBad;
    const auto name = line.substr(0, colon);
    const auto value = Trim(line.substr(colon + 1));
    if (IEquals(name, "content-length")) {
      std::int64_t n = -1;
      const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (ec != std::errc() || ptr != value.data() + value.size() || n < 0) return Parse::kBad;
      head.content_length = n;
    } else if (IEquals(name, "transfer-encoding")) {
      head.chunked = HasToken(value, "chunked");
    } else if (IEquals(name, "connection")) {
      if (HasToken(value, "close")) head.keep_alive = false;
      if (http10 && HasToken(value, "keep-alive")) head.keep_alive = true;
    } else if (IEquals(name, "upgrade")) {
      head.upgrade = value;
    } else if (IEquals(name, "sec-websocket-accept")) {
      head.websocket_accept = value;
    }
  }
  return Parse::kDone;
}

void BodyPrefix::Append(std::string_view data) {
  const auto n = std::min(data.size(), kCapacity - size);
  std::copy_n(data.data(), n, bytes.data() + size);
  size += n;
}

Parse ParseResponseBody(std::string_view data, const ResponseHead& head, std::size_t& length,
                        BodyPrefix* prefix) {
  if (prefix != nullptr) prefix->size = 0;  // parsed again from the start as more bytes come
  if (head.chunked) {
    // chunk = hex-size [;extensions] CRLF data CRLF; the last has size 0, then trailers and
    // a blank line.
    std::size_t at = 0;
    std::size_t body = 0;
    while (true) {
      const auto line_end = data.find("\r\n", at);
      if (line_end == std::string_view::npos) {
        return data.size() - at > 1024 ? Parse::kBad : Parse::kNeedMore;
      }
      std::size_t size = 0;
      const auto [ptr, ec] = std::from_chars(data.data() + at, data.data() + line_end, size, 16);
      if (ec != std::errc() || ptr == data.data() + at) return Parse::kBad;
      at = line_end + 2;
      if (size == 0) break;
      body += size;
      if (body > kMaxBodyBytes) return Parse::kBad;
      if (data.size() < at + size + 2) return Parse::kNeedMore;
      if (data.substr(at + size, 2) != "\r\n") return Parse::kBad;
      if (prefix != nullptr) prefix->Append(data.substr(at, size));
      at += size + 2;
    }
    while (true) {  // trailers, up to the blank line
      const auto line_end = data.find("\r\n", at);
      if (line_end == std::string_view::npos) {
        return data.size() - at > kMaxHeadBytes ? Parse::kBad : Parse::kNeedMore;
      }
      const bool blank = line_end == at;
      at = line_end + 2;
      if (blank) break;
    }
    length = at;
    return Parse::kDone;
  }
  std::int64_t size = head.content_length;
  if (size < 0) {
    // No length: only bodiless statuses are understood.
    if (head.status / 100 != 1 && head.status != 204 && head.status != 304) return Parse::kBad;
    size = 0;
  }
  if (static_cast<std::uint64_t>(size) > kMaxBodyBytes) return Parse::kBad;
  const auto n = static_cast<std::size_t>(size);
  if (data.size() < n) return Parse::kNeedMore;
  if (prefix != nullptr) prefix->Append(data.substr(0, n));
  length = n;
  return Parse::kDone;
}

}  // namespace confide::load
