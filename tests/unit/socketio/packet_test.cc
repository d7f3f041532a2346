#include "socketio/packet.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <string>
#include <vector>

#include "engineio/packet.h"

namespace confide::socketio {
namespace {

namespace json = boost::json;

// The notes write packets as they travel: in an Engine.IO message ("4" + the Socket.IO text).
std::string Unwrap(std::string_view frame) {
  auto message = engineio::DecodeText(frame);
  EXPECT_TRUE(message.ok() && message->type == engineio::PacketType::kMessage) << frame;
  return message.ok() ? message->data : std::string();
}

std::string Wrap(std::string text) {
  return engineio::EncodeText({engineio::PacketType::kMessage, std::move(text)});
}

// Decodes one frame that needs no attachments, failing the test otherwise.
Packet DecodeFrame(std::string_view frame) {
  Decoder decoder;
  auto result = decoder.OnText(Unwrap(frame));
  if (!result.ok() || !result->has_value()) {
    ADD_FAILURE() << "no packet from " << frame << ": "
                  << (result.ok() ? "attachments owed" : result.error().message());
    return {};
  }
  return std::move(**result);
}

bool RefusesFrame(std::string_view frame) { return !Decoder().OnText(Unwrap(frame)).ok(); }

std::string Placeholder(int num) {
  return R"({"_placeholder":true,"num":)" + std::to_string(num) + "}";
}

TEST(SocketIoDecoder, DecodesEventWithNamespaceAndAckId) {
  const Packet packet = DecodeFrame(R"(42/messaging,17["send",{}])");
  EXPECT_EQ(packet.type, PacketType::kEvent);
  EXPECT_EQ(packet.nsp, "/messaging");
  EXPECT_EQ(packet.id, 17u);
  EXPECT_EQ(json::serialize(packet.data), R"(["send",{}])");
  EXPECT_TRUE(packet.attachments.empty());
}

TEST(SocketIoDecoder, DecodesConnectForms) {
  const Packet main = DecodeFrame("40");
  EXPECT_EQ(main.type, PacketType::kConnect);
  EXPECT_EQ(main.nsp, "/");
  EXPECT_FALSE(main.id);
  EXPECT_TRUE(main.data.is_null());

  const Packet no_comma = DecodeFrame("40/custom");
  EXPECT_EQ(no_comma.nsp, "/custom");
  EXPECT_TRUE(no_comma.data.is_null());

  const Packet with_comma = DecodeFrame("40/messaging,");
  EXPECT_EQ(with_comma.nsp, "/messaging");
  EXPECT_TRUE(with_comma.data.is_null());

  const Packet with_auth = DecodeFrame(R"(40/messaging,{"token":"good"})");
  EXPECT_EQ(with_auth.type, PacketType::kConnect);
  EXPECT_EQ(with_auth.nsp, "/messaging");
  EXPECT_EQ(json::serialize(with_auth.data), R"({"token":"good"})");

  EXPECT_EQ(DecodeFrame(R"(40{"token":"x"})").nsp, "/");
}

TEST(SocketIoDecoder, DecodesEventsOnTheMainNamespace) {
  const Packet packet = DecodeFrame(R"(42["message-back",1,"2",{"3":[true]}])");
  EXPECT_EQ(packet.nsp, "/");
  EXPECT_FALSE(packet.id);
  EXPECT_EQ(json::serialize(packet.data), R"(["message-back",1,"2",{"3":[true]}])");
  EXPECT_EQ(DecodeFrame(R"(420["a"])").id, 0u);
  EXPECT_EQ(DecodeFrame(R"(42[7,"numeric event name"])").type, PacketType::kEvent);
  EXPECT_EQ(DecodeFrame(R"(42/messaging,0["send","hi"])").id, 0u);
}

TEST(SocketIoDecoder, DecodesDisconnectAndAck) {
  const Packet disconnect = DecodeFrame("41/messaging,");
  EXPECT_EQ(disconnect.type, PacketType::kDisconnect);
  EXPECT_EQ(disconnect.nsp, "/messaging");
  EXPECT_TRUE(disconnect.data.is_null());
  EXPECT_EQ(DecodeFrame("41").nsp, "/");

  const Packet ack = DecodeFrame(R"(43/messaging,0[{"ok":true}])");
  EXPECT_EQ(ack.type, PacketType::kAck);
  EXPECT_EQ(ack.id, 0u);
  EXPECT_EQ(json::serialize(ack.data), R"([{"ok":true}])");
  EXPECT_EQ(json::serialize(DecodeFrame("435[]").data), "[]");
}

TEST(SocketIoDecoder, RefusesTheSuiteCases) {
  EXPECT_TRUE(RefusesFrame("42{}"));           // not an array
  EXPECT_TRUE(RefusesFrame(R"(42abc["a"])"));  // no digits, so no id, and abc[ is not JSON
  EXPECT_TRUE(RefusesFrame("4abc"));           // unknown type
  EXPECT_TRUE(RefusesFrame("47"));
  EXPECT_TRUE(RefusesFrame("4"));  // an empty message
}

TEST(SocketIoDecoder, RefusesInvalidPayloads) {
  EXPECT_TRUE(RefusesFrame("40[]"));  // CONNECT: an object or nothing
  EXPECT_TRUE(RefusesFrame(R"(40"token")"));
  EXPECT_TRUE(RefusesFrame("40null"));
  EXPECT_TRUE(RefusesFrame("41{}"));  // DISCONNECT: nothing
  EXPECT_TRUE(RefusesFrame("41/messaging,null"));
  EXPECT_TRUE(RefusesFrame("42"));  // EVENT: a non-empty array led by a name
  EXPECT_TRUE(RefusesFrame("42/messaging,"));
  EXPECT_TRUE(RefusesFrame("42[]"));
  EXPECT_TRUE(RefusesFrame("42[null]"));
  EXPECT_TRUE(RefusesFrame(R"(42[{"a":1}])"));
  EXPECT_TRUE(RefusesFrame("43"));  // ACK: an array
  EXPECT_TRUE(RefusesFrame("43{}"));
  EXPECT_TRUE(RefusesFrame(R"(42["a")"));        // truncated JSON
  EXPECT_TRUE(RefusesFrame(R"(42["a"] x)"));     // trailing garbage
  EXPECT_TRUE(RefusesFrame("42[\"a\",1e400]"));  // infinite: no JSON to send it on with
}

TEST(SocketIoDecoder, RefusesReservedEventNames) {
  for (const char* name : {"connect", "connect_error", "disconnect", "disconnecting", "newListener",
                           "removeListener"}) {
    EXPECT_TRUE(IsReservedEventName(name)) << name;
    EXPECT_TRUE(RefusesFrame("42/messaging,[\"" + std::string(name) + "\"]")) << name;
  }
  EXPECT_FALSE(IsReservedEventName("error"));
  EXPECT_FALSE(IsReservedEventName("Connect"));
  EXPECT_FALSE(IsReservedEventName(""));
  EXPECT_EQ(DecodeFrame(R"(42/messaging,["error",{}])").type, PacketType::kEvent);
}

TEST(SocketIoDecoder, RefusesConnectErrorFromAClient) {
  EXPECT_TRUE(RefusesFrame(R"(44/messaging,{"message":"x"})"));
  EXPECT_TRUE(RefusesFrame("44"));
}

TEST(SocketIoDecoder, BoundsAckIds) {
  EXPECT_EQ(DecodeFrame(R"(429007199254740991["a"])").id, kMaxAckId);
  EXPECT_TRUE(RefusesFrame(R"(429007199254740992["a"])"));
  EXPECT_TRUE(RefusesFrame(R"(4218446744073709551616["a"])"));  // 2^64 overflows 64 bits
  EXPECT_TRUE(RefusesFrame(R"(42/messaging,99999999999999999999999999999["a"])"));
  EXPECT_EQ(DecodeFrame(R"(42007["a"])").id, 7u);
}

TEST(SocketIoDecoder, ReassemblesABinaryEvent) {
  Decoder decoder;
  auto header = decoder.OnText(Unwrap(R"(451-/messaging,["send",{"_placeholder":true,"num":0}])"));
  ASSERT_TRUE(header.ok());
  EXPECT_FALSE(header->has_value());
  EXPECT_TRUE(decoder.awaiting_attachments());

  auto complete = decoder.OnBinary(engineio::DecodeBinary("\x01\x02\x03").data);
  ASSERT_TRUE(complete.ok());
  ASSERT_TRUE(complete->has_value());
  const Packet& packet = **complete;
  EXPECT_EQ(packet.type, PacketType::kBinaryEvent);
  EXPECT_EQ(packet.nsp, "/messaging");
  EXPECT_FALSE(packet.id);
  EXPECT_EQ(json::serialize(packet.data), R"(["send",{"_placeholder":true,"num":0}])");
  EXPECT_EQ(packet.attachments, std::vector<std::string>{"\x01\x02\x03"});
  EXPECT_FALSE(decoder.awaiting_attachments());
}

TEST(SocketIoDecoder, ReassemblesABinaryAckWithTwoAttachments) {
  Decoder decoder;
  auto header = decoder.OnText(
      R"(62-/messaging,4[{"b":{"_placeholder":true,"num":1}},{"_placeholder":true,"num":0}])");
  ASSERT_TRUE(header.ok());
  EXPECT_FALSE(header->has_value());
  auto first = decoder.OnBinary("zero");
  ASSERT_TRUE(first.ok());
  EXPECT_FALSE(first->has_value());
  auto second = decoder.OnBinary("one");
  ASSERT_TRUE(second.ok());
  ASSERT_TRUE(second->has_value());
  EXPECT_EQ((*second)->type, PacketType::kBinaryAck);
  EXPECT_EQ((*second)->id, 4u);
  EXPECT_EQ((*second)->attachments, (std::vector<std::string>{"zero", "one"}));

  // Ready for the next packet.
  auto next = decoder.OnText(R"(2["a"])");
  ASSERT_TRUE(next.ok());
  EXPECT_TRUE(next->has_value());
}

TEST(SocketIoDecoder, RefusesBadAttachmentCounts) {
  const std::string data = "[\"a\"," + Placeholder(0) + "]";
  EXPECT_TRUE(RefusesFrame("45" + data));   // no count
  EXPECT_TRUE(RefusesFrame("45-" + data));  // no digits
  EXPECT_TRUE(RefusesFrame("451" + data));  // no '-'
  EXPECT_TRUE(RefusesFrame("451"));
  EXPECT_TRUE(RefusesFrame(R"(450-["a"])"));  // zero
  EXPECT_TRUE(RefusesFrame("45a-" + data));
  EXPECT_TRUE(RefusesFrame("4511-" + data));  // more than 10
  EXPECT_TRUE(RefusesFrame("4599999999999999999999999-" + data));
  EXPECT_TRUE(RefusesFrame("421-" + data));        // no count on type 2: "1" is an ack id
  EXPECT_TRUE(RefusesFrame("461-/messaging,{}"));  // BINARY_ACK: an array
}

TEST(SocketIoDecoder, HonoursTheAttachmentLimit) {
  std::string data = "[\"a\"";
  for (int i = 0; i < 10; ++i) data.append(",").append(Placeholder(i));
  data += "]";
  Decoder decoder;
  ASSERT_TRUE(decoder.OnText("510-" + data).ok());
  for (int i = 0; i < 9; ++i) {
    auto partial = decoder.OnBinary("x");
    ASSERT_TRUE(partial.ok());
    ASSERT_FALSE(partial->has_value());
  }
  auto complete = decoder.OnBinary("x");
  ASSERT_TRUE(complete.ok() && complete->has_value());
  EXPECT_EQ((*complete)->attachments.size(), 10u);

  const std::string two = "52-[\"a\"," + Placeholder(0) + "," + Placeholder(1) + "]";
  EXPECT_TRUE(Decoder(2).OnText(two).ok());
  EXPECT_FALSE(Decoder(1).OnText(two).ok());
  EXPECT_FALSE(Decoder(0).OnText("51-[\"a\"," + Placeholder(0) + "]").ok());
}

// A binary packet is bounded as a whole, its text and every attachment together: ten
// attachments under the limit each cannot make the decoder hold ten times the limit.
TEST(SocketIoDecoder, BoundsABinaryPacketWithItsAttachments) {
  const std::string text = "52-/messaging,[\"a\"," + Placeholder(0) + "," + Placeholder(1) + "]";
  const std::size_t limit = text.size() + 100;
  {
    Decoder decoder(10, limit);
    ASSERT_TRUE(decoder.OnText(text).ok());
    EXPECT_EQ(decoder.pending_namespace(), "/messaging");
    ASSERT_TRUE(decoder.OnBinary(std::string(60, 'x')).ok());
    EXPECT_FALSE(decoder.OnBinary(std::string(41, 'y')).ok());  // 101 bytes after the text
    // Forgotten: nothing is owed any more.
    EXPECT_FALSE(decoder.awaiting_attachments());
    EXPECT_EQ(decoder.pending_namespace(), "");
  }
  {
    Decoder decoder(10, limit);  // exactly the limit fits
    ASSERT_TRUE(decoder.OnText(text).ok());
    ASSERT_TRUE(decoder.OnBinary(std::string(60, 'x')).ok());
    auto complete = decoder.OnBinary(std::string(40, 'y'));
    ASSERT_TRUE(complete.ok() && complete->has_value());
  }
  EXPECT_FALSE(Decoder(10, limit).OnText(text).ok() &&
               Decoder(10, limit).OnBinary(std::string(limit, 'z')).ok());
}

TEST(SocketIoDecoder, RefusesPlaceholdersThatDoNotMatch) {
  const auto refuses = [](std::string text) { return !Decoder().OnText(text).ok(); };
  EXPECT_TRUE(refuses(R"(51-["a"])"));                        // none
  EXPECT_TRUE(refuses("51-[\"a\"," + Placeholder(1) + "]"));  // out of range
  EXPECT_TRUE(refuses("51-[\"a\"," + Placeholder(-1) + "]"));
  EXPECT_TRUE(refuses("52-[\"a\"," + Placeholder(1) + "]"));                         // 0 missing
  EXPECT_TRUE(refuses("52-[\"a\"," + Placeholder(0) + "," + Placeholder(0) + "]"));  // repeated
  EXPECT_TRUE(refuses("51-[\"a\"," + Placeholder(0) + "," + Placeholder(0) + "]"));
  EXPECT_TRUE(refuses(R"(51-["a",{"_placeholder":true,"num":"0"}])"));
  EXPECT_TRUE(refuses(R"(51-["a",{"_placeholder":true,"num":0.0}])"));
  EXPECT_TRUE(refuses(R"(51-["a",{"_placeholder":true}])"));
  EXPECT_TRUE(refuses(R"(51-["a",{"_placeholder":true,"num":0,"x":1}])"));
  EXPECT_FALSE(refuses("52-[\"a\",{\"deep\":[" + Placeholder(1) + "]}," + Placeholder(0) + "]"));
  // An object whose _placeholder is not true is ordinary data.
  EXPECT_FALSE(refuses(R"(51-["a",{"_placeholder":false,"num":5},)" + Placeholder(0) + "]"));
}

TEST(SocketIoDecoder, RefusesMessagesOutOfOrder) {
  EXPECT_FALSE(Decoder().OnBinary("\x01").ok());  // nothing owed

  Decoder decoder;
  ASSERT_TRUE(decoder.OnText("51-[\"a\"," + Placeholder(0) + "]").ok());
  EXPECT_FALSE(decoder.OnText(R"(2["a"])").ok());  // text while an attachment is owed
  // The partial packet is forgotten: nothing is owed any more.
  EXPECT_FALSE(decoder.awaiting_attachments());
  EXPECT_FALSE(decoder.OnBinary("\x01").ok());
}

TEST(SocketIoEncoder, WritesHeadersAsTheNotesSay) {
  EXPECT_EQ(Wrap(EncodeText(PacketType::kAck, "/messaging", 0, R"([{"ok":true}])")),
            R"(43/messaging,0[{"ok":true}])");
  EXPECT_EQ(Wrap(EncodeText(PacketType::kAck, "/messaging", 17, R"([{"ok":true}])")),
            R"(43/messaging,17[{"ok":true}])");
  EXPECT_EQ(Wrap(EncodeText(PacketType::kConnect, "/", std::nullopt, "")), "40");
  EXPECT_EQ(Wrap(EncodeText(PacketType::kConnect, "/messaging", std::nullopt, R"({"sid":"s1"})")),
            R"(40/messaging,{"sid":"s1"})");
  EXPECT_EQ(Wrap(EncodeText(PacketType::kDisconnect, "/messaging", std::nullopt, "")),
            "41/messaging,");
  EXPECT_EQ(Wrap(EncodeText(PacketType::kConnectError, "/random", std::nullopt,
                            R"({"message":"Invalid namespace"})")),
            R"(44/random,{"message":"Invalid namespace"})");
  EXPECT_EQ(EncodeText(PacketType::kEvent, "", 12, R"(["a"])"), R"(212["a"])");
  EXPECT_EQ(Wrap(EncodeText(PacketType::kBinaryEvent, "/messaging", std::nullopt,
                            R"(["message",{"_placeholder":true,"num":0}])", 1)),
            R"(451-/messaging,["message",{"_placeholder":true,"num":0}])");
  EXPECT_EQ(EncodeText(PacketType::kBinaryAck, "/", kMaxAckId, "[]", 10), "610-9007199254740991[]");
  // The attachment count belongs to the binary types only.
  EXPECT_EQ(EncodeText(PacketType::kEvent, "/", std::nullopt, R"(["a"])", 3), R"(2["a"])");
}

TEST(SocketIoEncoder, SerializesPacketsByteExact) {
  Packet ack;
  ack.type = PacketType::kAck;
  ack.nsp = "/messaging";
  ack.id = 0;
  ack.data = json::parse(R"([{"ok":true}])");
  EXPECT_EQ(Wrap(EncodeText(ack)), R"(43/messaging,0[{"ok":true}])");

  Packet event;
  event.data = json::array{"message-back", 1, "2", json::object{{"3", json::array{true}}}};
  EXPECT_EQ(Wrap(EncodeText(event)), R"(42["message-back",1,"2",{"3":[true]}])");

  Packet disconnect;
  disconnect.type = PacketType::kDisconnect;
  disconnect.nsp = "/soft";
  EXPECT_EQ(Wrap(EncodeText(disconnect)), "41/soft,");
}

TEST(SocketIoEncoder, ChoosesBinaryTypesByAttachments) {
  Packet packet;
  packet.type = PacketType::kEvent;
  packet.nsp = "/messaging";
  packet.data = json::array{"message", json::object{{"_placeholder", true}, {"num", 0}}};
  packet.attachments = {"\x01\x02\x03"};
  EXPECT_EQ(Wrap(EncodeText(packet)),
            R"(451-/messaging,["message",{"_placeholder":true,"num":0}])");

  packet.type = PacketType::kAck;
  packet.id = 5;
  EXPECT_EQ(EncodeText(packet), R"(61-/messaging,5["message",{"_placeholder":true,"num":0}])");

  packet.type = PacketType::kBinaryEvent;
  packet.id.reset();
  packet.attachments.clear();
  packet.data = json::array{"plain"};
  EXPECT_EQ(EncodeText(packet), R"(2/messaging,["plain"])");
}

TEST(SocketIoEncoder, SerializesLargePayloadsWhole) {
  Packet packet;
  json::array items;
  for (int i = 0; i < 2000; ++i) items.push_back(json::string(std::string(i % 50, 'x')));
  packet.data = json::array{"bulk", items};
  const std::string text = EncodeText(packet);
  // (Appended, not "2" + …: GCC 12 at -O3 warns falsely of overlapping copies there.)
  std::string expected = "2";
  expected += json::serialize(packet.data);
  EXPECT_EQ(text, expected);
  EXPECT_EQ(DecodeFrame(Wrap(text)).data, packet.data);
}

TEST(SocketIoCodec, KeepsKeyOrderOnRoundTrip) {
  const std::string frame = R"(42/messaging,3["typing",{"z":1,"a":{"y":[1,2,{"c":null,"b":false}],)"
                            R"("x":"\u00e9\n"},"m":-5}])";
  EXPECT_EQ(Wrap(EncodeText(DecodeFrame(frame))),
            "42/messaging,3[\"typing\",{\"z\":1,\"a\":{\"y\":[1,2,{\"c\":null,\"b\":false}],"
            "\"x\":\"\xC3\xA9\\n\"},\"m\":-5}]");
  const std::string compact = R"(42["message-back",1,"2",{"3":[true]}])";
  EXPECT_EQ(Wrap(EncodeText(DecodeFrame(compact))), compact);
}

TEST(SocketIoCodec, RoundTripsABinaryPacket) {
  Decoder decoder;
  const std::string text = R"(61-/messaging,9["send",{"_placeholder":true,"num":0}])";
  ASSERT_TRUE(decoder.OnText(text).ok());
  auto packet = decoder.OnBinary(std::string("\x00\xff", 2));
  ASSERT_TRUE(packet.ok() && packet->has_value());
  EXPECT_EQ(EncodeText(**packet), text);
  EXPECT_EQ((*packet)->attachments[0], std::string("\x00\xff", 2));
}

}  // namespace
}  // namespace confide::socketio
