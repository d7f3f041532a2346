#include "engineio/packet.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace confide::engineio {
namespace {

using namespace std::string_literals;

TEST(EngineIoPacket, DecodesEveryTextType) {
  const std::string types = "0123456";
  for (char c : types) {
    const auto packet = DecodeText(std::string(1, c) + "x");
    ASSERT_TRUE(packet.ok()) << c;
    EXPECT_EQ(static_cast<char>(packet->type), c);
    EXPECT_EQ(packet->data, "x");
    EXPECT_FALSE(packet->binary);
  }
}

TEST(EngineIoPacket, DecodesMessageAndProbe) {
  const auto message = DecodeText("4hello");
  ASSERT_TRUE(message.ok());
  EXPECT_EQ(message->type, PacketType::kMessage);
  EXPECT_EQ(message->data, "hello");

  const auto probe = DecodeText("2probe");
  ASSERT_TRUE(probe.ok());
  EXPECT_EQ(probe->type, PacketType::kPing);
  EXPECT_EQ(probe->data, "probe");

  const auto upgrade = DecodeText("5");
  ASSERT_TRUE(upgrade.ok());
  EXPECT_EQ(upgrade->type, PacketType::kUpgrade);
  EXPECT_EQ(upgrade->data, "");
}

TEST(EngineIoPacket, KeepsUtf8PayloadAsSent) {
  const auto packet = DecodeText("4\xF0\x9F\x91\x8D caf\xC3\xA9");
  ASSERT_TRUE(packet.ok());
  EXPECT_EQ(packet->data, "\xF0\x9F\x91\x8D caf\xC3\xA9");
}

TEST(EngineIoPacket, RejectsEmptyAndUnknownTypes) {
  EXPECT_FALSE(DecodeText("").ok());
  EXPECT_FALSE(DecodeText("abc").ok());
  EXPECT_FALSE(DecodeText("7").ok());
  EXPECT_FALSE(DecodeText("/4hello").ok());
  EXPECT_FALSE(DecodeText("\x1e").ok());
}

TEST(EngineIoPacket, DecodesBase64TextAsBinaryMessage) {
  const auto packet = DecodeText("bAQIDBA==");
  ASSERT_TRUE(packet.ok());
  EXPECT_EQ(packet->type, PacketType::kMessage);
  EXPECT_TRUE(packet->binary);
  EXPECT_EQ(packet->data, "\x01\x02\x03\x04");
  EXPECT_FALSE(DecodeText("bAQIDBA").ok());  // missing padding
  EXPECT_FALSE(DecodeText("b!!!!").ok());
}

TEST(EngineIoPacket, BinaryFrameIsAlwaysAMessage) {
  const Packet packet = DecodeBinary("0\x00\xff"s);
  EXPECT_EQ(packet.type, PacketType::kMessage);
  EXPECT_TRUE(packet.binary);
  EXPECT_EQ(packet.data, "0\x00\xff"s);
}

TEST(EngineIoPacket, EncodesTypeCharAndData) {
  EXPECT_EQ(EncodeText({PacketType::kMessage, "hello"}), "4hello");
  EXPECT_EQ(EncodeText({PacketType::kPong, "probe"}), "3probe");
  EXPECT_EQ(EncodeText({PacketType::kPing, ""}), "2");
  EXPECT_EQ(EncodeText({PacketType::kNoop, ""}), "6");
  EXPECT_EQ(EncodeText({PacketType::kOpen, R"({"sid":"abc"})"}), R"(0{"sid":"abc"})");
  EXPECT_EQ(EncodeText(DecodeBinary("\x01\x02\x03")), "bAQID");
}

TEST(EngineIoPacket, AppendsRecordsWithSeparators) {
  std::string body;
  AppendRecord(body, {PacketType::kMessage, "hello"});
  EXPECT_EQ(body, "4hello");
  AppendRecord(body, {PacketType::kPing, ""});
  AppendRecord(body, DecodeBinary("\x01\x02\x03\x04"));
  EXPECT_EQ(body,
            "4hello\x1e"
            "2\x1e"
            "bAQIDBA==");
}

TEST(EngineIoPacket, DecodesPayloadFromTheNotes) {
  const auto packets = DecodePayload(
      "4hello\x1e"
      "2\x1e"
      "bAQIDBA==");
  ASSERT_TRUE(packets.ok());
  ASSERT_EQ(packets->size(), 3u);
  EXPECT_EQ((*packets)[0].type, PacketType::kMessage);
  EXPECT_EQ((*packets)[0].data, "hello");
  EXPECT_EQ((*packets)[1].type, PacketType::kPing);
  EXPECT_EQ((*packets)[1].data, "");
  EXPECT_TRUE((*packets)[2].binary);
  EXPECT_EQ((*packets)[2].data, "\x01\x02\x03\x04");
}

TEST(EngineIoPacket, DecodesSocketIoBinaryRecordsOfTheNotes) {
  const auto packets = DecodePayload(
      "43/messaging,0[{\"ok\":true}]\x1e"
      "451-/messaging,[\"message\",{\"_placeholder\":true,\"num\":0}]\x1e"
      "bAQID");
  ASSERT_TRUE(packets.ok());
  ASSERT_EQ(packets->size(), 3u);
  EXPECT_EQ((*packets)[0].data, "3/messaging,0[{\"ok\":true}]");
  EXPECT_EQ((*packets)[1].data, "51-/messaging,[\"message\",{\"_placeholder\":true,\"num\":0}]");
  EXPECT_EQ((*packets)[2].data, "\x01\x02\x03");
}

TEST(EngineIoPacket, SingleRecordPayload) {
  const auto packets = DecodePayload("40/messaging,{\"token\":\"good\"}");
  ASSERT_TRUE(packets.ok());
  ASSERT_EQ(packets->size(), 1u);
  EXPECT_EQ((*packets)[0].data, "0/messaging,{\"token\":\"good\"}");
}

TEST(EngineIoPacket, EmptyPayloadIsAnEmptyRecord) {
  // The reference parser reads an empty body as one record without a type: a parse error.
  EXPECT_FALSE(DecodePayload("").ok());
}

TEST(EngineIoPacket, PayloadFailsAtTheFirstBadRecord) {
  EXPECT_FALSE(DecodePayload("abc").ok());
  EXPECT_FALSE(DecodePayload("4hello\x1e"
                             "abc\x1e"
                             "2")
                   .ok());
  EXPECT_FALSE(DecodePayload("4a\x1e\x1e"
                             "4b")
                   .ok());                     // empty record
  EXPECT_FALSE(DecodePayload("4a\x1e").ok());  // trailing separator
  EXPECT_FALSE(DecodePayload("\x1e"
                             "4a")
                   .ok());  // leading separator
  EXPECT_FALSE(DecodePayload("4a\x1e"
                             "bAQ=")
                   .ok());  // bad base64
}

TEST(EngineIoPacket, BinaryRoundTripsThroughPolling) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<char>(i));
  for (std::size_t size : {0u, 1u, 2u, 3u, 4u, 255u, 256u}) {
    std::string body;
    AppendRecord(body, {PacketType::kMessage, "before"});
    AppendRecord(body, DecodeBinary(bytes.substr(0, size)));
    AppendRecord(body, {PacketType::kMessage, "after"});
    const auto packets = DecodePayload(body);
    ASSERT_TRUE(packets.ok()) << size;
    ASSERT_EQ(packets->size(), 3u);
    EXPECT_TRUE((*packets)[1].binary);
    EXPECT_EQ((*packets)[1].data, bytes.substr(0, size));
    EXPECT_EQ((*packets)[2].data, "after");
  }
}

TEST(EngineIoPacket, TextRoundTripsThroughPolling) {
  const std::vector<Packet> sent = {{PacketType::kOpen, "{}"},
                                    {PacketType::kClose, ""},
                                    {PacketType::kNoop, ""},
                                    {PacketType::kMessage, "2[\"a\"]"}};
  std::string body;
  for (const auto& packet : sent) AppendRecord(body, packet);
  const auto received = DecodePayload(body);
  ASSERT_TRUE(received.ok());
  ASSERT_EQ(received->size(), sent.size());
  for (std::size_t i = 0; i < sent.size(); ++i) {
    EXPECT_EQ((*received)[i].type, sent[i].type);
    EXPECT_EQ((*received)[i].data, sent[i].data);
  }
}

}  // namespace
}  // namespace confide::engineio
