// libFuzzer target: arbitrary client bytes through MessageReader, fed in chunks whose sizes
// come from the input, as a socket would deliver them. It must never crash, never consume
// more than it was given, and never hand out a text message that is not UTF-8.
// Build and run: see tests/fuzz/README.md.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/utf8.h"
#include "http/websocket_frame.h"

namespace {

using confide::http::websocket::MessageReader;
using confide::http::websocket::Opcode;

void Check(bool condition) {
  if (!condition) std::abort();
}

void CheckMessages(const std::vector<MessageReader::Message>& messages, std::size_t limit) {
  for (const auto& message : messages) {
    if (message.opcode == Opcode::kText) Check(confide::core::IsValidUtf8(message.payload));
    const bool data = message.opcode == Opcode::kText || message.opcode == Opcode::kBinary;
    Check(message.payload.size() <= (data ? limit : 125));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  // The first byte picks the message limit, the second the chunk size pattern.
  const std::size_t limit = std::size_t{data[0]} * 64;
  const std::size_t step = 1 + data[1] % 64;
  const std::string_view wire(reinterpret_cast<const char*>(data + 2), size - 2);

  MessageReader reader(limit);
  std::vector<MessageReader::Message> out;
  std::string buffer;
  for (std::size_t at = 0; at < wire.size(); at += step) {
    buffer.append(wire.substr(at, step));
    const auto result = reader.Read(buffer, out);
    if (!std::holds_alternative<std::size_t>(result)) break;
    const std::size_t consumed = std::get<std::size_t>(result);
    Check(consumed <= buffer.size());
    buffer.erase(0, consumed);
  }
  CheckMessages(out, limit);
  return 0;
}
