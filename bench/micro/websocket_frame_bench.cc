// The WebSocket codec on the gateway's hot path: reading a typical client event (a 200-byte
// masked text frame, alone or many per socket read) and encoding a server frame header.

#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "http/websocket_frame.h"

namespace confide::http::websocket {
namespace {

// A masked, final client text frame of `size` ASCII bytes.
std::string MaskedTextFrame(std::size_t size) {
  constexpr std::uint8_t kMask[4] = {0x37, 0xfa, 0x21, 0x3d};
  std::string frame(EncodeHeader(Opcode::kText, size).view());
  frame[1] = static_cast<char>(frame[1] | 0x80);
  frame.append(reinterpret_cast<const char*>(kMask), 4);
  for (std::size_t i = 0; i < size; ++i) {
    frame.push_back(static_cast<char>(('a' + i % 26) ^ kMask[i % 4]));
  }
  return frame;
}

// state.range(0) frames of 200 bytes per Read call, as one socket read may bring.
void ReadMaskedText200Bytes(benchmark::State& state) {
  const auto frames = static_cast<std::size_t>(state.range(0));
  std::string input;
  for (std::size_t i = 0; i < frames; ++i) input += MaskedTextFrame(200);
  MessageReader reader(1 << 20);
  std::vector<MessageReader::Message> out;
  out.reserve(frames);
  for (auto _ : state) {
    out.clear();
    auto consumed = reader.Read(input, out);
    benchmark::DoNotOptimize(consumed);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(input.size()));
}
BENCHMARK(ReadMaskedText200Bytes)->Arg(1)->Arg(32);

// state.range(0) is the payload size: one size for each length form.
void EncodeFrameHeader(benchmark::State& state) {
  auto size = static_cast<std::uint64_t>(state.range(0));
  for (auto _ : state) {
    benchmark::DoNotOptimize(size);
    FrameHeader header = EncodeHeader(Opcode::kText, size);
    benchmark::DoNotOptimize(header);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(EncodeFrameHeader)->Arg(100)->Arg(1000)->Arg(100000);

}  // namespace
}  // namespace confide::http::websocket
