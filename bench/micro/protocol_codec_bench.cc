// Socket.IO packet codec on the gateway's hot path: decoding what clients send (typing
// indicators are the most frequent) and encoding the events fanned out to rooms.

#include <benchmark/benchmark.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <string>

#include "engineio/packet.h"
#include "socketio/packet.h"

namespace confide::socketio {
namespace {

// 102 bytes, as a client sends it (without the Engine.IO '4').
constexpr std::string_view kTypingIndicator =
    R"(2/messaging,3["typing_indicator",)"
    R"({"conversationId":"conv_01J9ZQ4T7M8K2W5X3N6B1C0D9E","isTyping":true}])";

// A new_message event of about 300 bytes (319), as the gateway broadcasts it.
std::string NewMessageJson() {
  return R"(["new_message",{"id":"msg_01J9ZQ5A2B3C4D5E6F7G8H9J0K","conversationId":)"
         R"("conv_01J9ZQ4T7M8K2W5X3N6B1C0D9E","senderId":"user_2abcdefghijklmnopq",)"
         R"("type":"text","content":"See you at the clinic at 10, bring the forms",)"
         R"("metadata":null,"createdAt":"2024-01-01T12:00:00.000Z","editedAt":null,)"
         R"("deletedAt":null,"replyToId":null}])";
}

void BM_DecodeTypingIndicator(benchmark::State& state) {
  Decoder decoder;
  for (auto _ : state) {
    auto packet = decoder.OnText(kTypingIndicator);
    benchmark::DoNotOptimize(packet);
  }
  state.SetBytesProcessed(state.iterations() * kTypingIndicator.size());
}
BENCHMARK(BM_DecodeTypingIndicator);

// The broadcast path: the event's JSON is serialized once, then framed.
void BM_EncodeSerializedEvent(benchmark::State& state) {
  const std::string json = NewMessageJson();
  for (auto _ : state) {
    std::string text = EncodeText(PacketType::kEvent, "/messaging", std::nullopt, json);
    benchmark::DoNotOptimize(text);
  }
  state.SetBytesProcessed(state.iterations() * json.size());
}
BENCHMARK(BM_EncodeSerializedEvent);

// The same event from a JSON value (acks and one-off emits).
void BM_EncodeEventPacket(benchmark::State& state) {
  Packet packet;
  packet.nsp = "/messaging";
  packet.data = boost::json::parse(NewMessageJson());
  for (auto _ : state) {
    std::string text = EncodeText(packet);
    benchmark::DoNotOptimize(text);
  }
  state.SetBytesProcessed(state.iterations() * NewMessageJson().size());
}
BENCHMARK(BM_EncodeEventPacket);

// For comparison: boost::json::serialize alone, into a fresh string.
void BM_SerializeOnly(benchmark::State& state) {
  const boost::json::value data = boost::json::parse(NewMessageJson());
  for (auto _ : state) {
    std::string text = boost::json::serialize(data);
    benchmark::DoNotOptimize(text);
  }
}
BENCHMARK(BM_SerializeOnly);

// A polling GET body carrying the same event.
void BM_EncodePollingRecord(benchmark::State& state) {
  const std::string text =
      EncodeText(PacketType::kEvent, "/messaging", std::nullopt, NewMessageJson());
  for (auto _ : state) {
    std::string body;
    engineio::AppendRecord(body, {engineio::PacketType::kMessage, text});
    benchmark::DoNotOptimize(body);
  }
}
BENCHMARK(BM_EncodePollingRecord);

}  // namespace
}  // namespace confide::socketio
