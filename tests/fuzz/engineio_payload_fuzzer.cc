// libFuzzer target for engineio::DecodePayload: a polling body of arbitrary bytes must never
// crash the decoder, and a body it accepts must be written back byte for byte by AppendRecord
// (the base64 decoder is strict, so every accepted record has one encoding).
// Build and run: see tests/fuzz/README.md.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "engineio/packet.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  const auto packets = confide::engineio::DecodePayload(body);
  if (!packets.ok()) return 0;
  std::string again;
  for (const auto& packet : *packets) confide::engineio::AppendRecord(again, packet);
  if (again != body) std::abort();
  return 0;
}
