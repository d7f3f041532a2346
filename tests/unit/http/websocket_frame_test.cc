#include "http/websocket_frame.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace confide::http::websocket {
namespace {

using Message = MessageReader::Message;
using Mask = std::array<std::uint8_t, 4>;

constexpr std::uint8_t kFin = 0x80;
constexpr Mask kMask = {0x37, 0xfa, 0x21, 0x3d};

std::uint8_t Bits(Opcode opcode) { return static_cast<std::uint8_t>(opcode); }

// A masked client frame with `first_byte` (FIN, RSV, opcode) as given and the shortest length.
std::string ClientFrame(std::uint8_t first_byte, std::string_view payload, Mask mask = kMask) {
  std::string frame(EncodeHeader(Opcode::kText, payload.size()).view());
  frame[0] = static_cast<char>(first_byte);
  frame[1] = static_cast<char>(frame[1] | 0x80);
  frame.append(mask.begin(), mask.end());
  for (std::size_t i = 0; i < payload.size(); ++i) {
    frame.push_back(static_cast<char>(payload[i] ^ mask[i % 4]));
  }
  return frame;
}

std::string Final(Opcode opcode, std::string_view payload) {
  return ClientFrame(kFin | Bits(opcode), payload);
}

std::string ClosePayload(std::uint16_t code, std::string_view reason = "") {
  std::string payload{static_cast<char>(code >> 8), static_cast<char>(code & 0xff)};
  return payload.append(reason);
}

// The outcome of reading `input` in one call with a fresh reader.
struct Outcome {
  std::size_t consumed = 0;
  std::optional<MessageReader::Failure> failure;
  std::vector<Message> messages;
};

Outcome ReadAll(std::string_view input, std::size_t max_message_bytes = 1 << 20) {
  MessageReader reader(max_message_bytes);
  Outcome outcome;
  auto result = reader.Read(input, outcome.messages);
  if (auto* failure = std::get_if<MessageReader::Failure>(&result)) {
    outcome.failure = *failure;
  } else {
    outcome.consumed = std::get<std::size_t>(result);
  }
  return outcome;
}

// The close code the reader fails with on `input`, or 0 if it does not fail.
std::uint16_t FailureCode(std::string_view input, std::size_t max_message_bytes = 1 << 20) {
  const Outcome outcome = ReadAll(input, max_message_bytes);
  return outcome.failure ? outcome.failure->close_code : 0;
}

void ExpectMessage(const Message& message, Opcode opcode, std::string_view payload) {
  EXPECT_EQ(message.opcode, opcode);
  EXPECT_EQ(message.payload, payload);
}

TEST(WebSocketFrame, EncodesHeadersWithTheShortestLength) {
  EXPECT_EQ(EncodeHeader(Opcode::kText, 0).view(), std::string_view("\x81\x00", 2));
  EXPECT_EQ(EncodeHeader(Opcode::kBinary, 125).view(), "\x82\x7d");
  EXPECT_EQ(EncodeHeader(Opcode::kText, 126).view(), std::string_view("\x81\x7e\x00\x7e", 4));
  EXPECT_EQ(EncodeHeader(Opcode::kText, 65535).view(), "\x81\x7e\xff\xff");
  EXPECT_EQ(EncodeHeader(Opcode::kText, 65536).view(),
            std::string_view("\x81\x7f\x00\x00\x00\x00\x00\x01\x00\x00", 10));
  EXPECT_EQ(EncodeHeader(Opcode::kBinary, 0x0102030405060708).view(),
            "\x82\x7f\x01\x02\x03\x04\x05\x06\x07\x08");
}

TEST(WebSocketFrame, EncodesTheRfcUnmaskedTextExample) {
  EXPECT_EQ(EncodeFrame(Opcode::kText, "Hello"), "\x81\x05Hello");
  EXPECT_EQ(EncodeFrame(Opcode::kPong, ""), std::string_view("\x8a\x00", 2));
}

TEST(WebSocketFrame, EncodesCloseFrames) {
  EXPECT_EQ(EncodeClose(1000, ""), "\x88\x02\x03\xe8");
  EXPECT_EQ(EncodeClose(4001, "bye"),
            "\x88\x05\x0f\xa1"
            "bye");
}

TEST(WebSocketFrame, CutsLongCloseReasonsBetweenUtf8Sequences) {
  std::string accents;
  for (int i = 0; i < 70; ++i) accents += "\xc3\xa9";  // 140 bytes of "é"
  const std::string frame = EncodeClose(1001, accents);
  ASSERT_EQ(frame.size(), 2 + 2 + 122u);  // 123 bytes would split an "é"
  EXPECT_EQ(frame.substr(4), accents.substr(0, 122));

  const std::string frame_ascii = EncodeClose(1001, std::string(200, 'x'));
  EXPECT_EQ(frame_ascii.size(), 2 + 125u);
}

TEST(WebSocketFrame, ReadsCloseCodes) {
  EXPECT_EQ(CloseCode(""), std::nullopt);
  EXPECT_EQ(CloseCode("\x03\xe8"), 1000);
  EXPECT_EQ(CloseCode("\x0f\xa1reason"), 4001);
}

TEST(WebSocketFrame, KnowsWhichCloseCodesAPeerMaySend) {
  for (int code : {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000,
                   3999, 4000, 4999}) {
    EXPECT_TRUE(IsValidCloseCode(static_cast<std::uint16_t>(code))) << code;
  }
  for (int code : {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535}) {
    EXPECT_FALSE(IsValidCloseCode(static_cast<std::uint16_t>(code))) << code;
  }
}

TEST(WebSocketMessageReader, ReadsTheRfcMaskedTextExample) {
  const Outcome outcome = ReadAll("\x81\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58");
  EXPECT_EQ(outcome.consumed, 11u);
  ASSERT_EQ(outcome.messages.size(), 1u);
  ExpectMessage(outcome.messages[0], Opcode::kText, "Hello");
}

TEST(WebSocketMessageReader, ReadsSeveralFramesAndLeavesAPartialOne) {
  const std::string first = Final(Opcode::kText, "one");
  const std::string second = Final(Opcode::kBinary, std::string("\x00\xff", 2));
  const std::string third = Final(Opcode::kText, "three");
  for (std::size_t cut = 0; cut < third.size(); ++cut) {
    const Outcome outcome = ReadAll(first + second + third.substr(0, cut));
    EXPECT_EQ(outcome.consumed, first.size() + second.size()) << cut;
    ASSERT_EQ(outcome.messages.size(), 2u);
    ExpectMessage(outcome.messages[1], Opcode::kBinary, std::string("\x00\xff", 2));
  }
}

TEST(WebSocketMessageReader, ReadsInputArrivingByteByByte) {
  const std::string input = Final(Opcode::kText, std::string(300, 'a')) + Final(Opcode::kPing, "");
  MessageReader reader(1000);
  std::vector<Message> out;
  std::string buffer;
  for (char c : input) {
    buffer.push_back(c);
    const auto consumed = std::get<std::size_t>(reader.Read(buffer, out));
    buffer.erase(0, consumed);
  }
  EXPECT_TRUE(buffer.empty());
  ASSERT_EQ(out.size(), 2u);
  ExpectMessage(out[0], Opcode::kText, std::string(300, 'a'));
  ExpectMessage(out[1], Opcode::kPing, "");
}

TEST(WebSocketMessageReader, ReadsEveryLengthForm) {
  for (std::size_t size : {0, 1, 125, 126, 65535, 65536, 70001}) {
    std::string payload(size, '\0');
    for (std::size_t i = 0; i < size; ++i) payload[i] = static_cast<char>(i * 7);
    const Outcome outcome = ReadAll(Final(Opcode::kBinary, payload));
    ASSERT_EQ(outcome.messages.size(), 1u) << size;
    EXPECT_EQ(outcome.messages[0].payload, payload) << size;
  }
}

TEST(WebSocketMessageReader, AcceptsLengthsNotInTheirShortestForm) {
  // 5 bytes in the 16-bit form: senders must not, but nothing is ambiguous, so it is read.
  const Outcome outcome = ReadAll(std::string("\x81\xfe\x00\x05\x00\x00\x00\x00", 8) + "Hello");
  ASSERT_EQ(outcome.messages.size(), 1u);
  ExpectMessage(outcome.messages[0], Opcode::kText, "Hello");
}

TEST(WebSocketMessageReader, ReassemblesFragments) {
  const Outcome outcome = ReadAll(ClientFrame(Bits(Opcode::kText), "Hel") +
                                  ClientFrame(Bits(Opcode::kContinuation), "") +
                                  ClientFrame(kFin | Bits(Opcode::kContinuation), "lo"));
  ASSERT_EQ(outcome.messages.size(), 1u);
  ExpectMessage(outcome.messages[0], Opcode::kText, "Hello");
}

TEST(WebSocketMessageReader, ReturnsControlFramesBetweenFragmentsAtOnce) {
  MessageReader reader(100);
  std::vector<Message> out;
  const std::string start = ClientFrame(Bits(Opcode::kBinary), "ab") + Final(Opcode::kPing, "p");
  EXPECT_EQ(std::get<std::size_t>(reader.Read(start, out)), start.size());
  ASSERT_EQ(out.size(), 1u);
  ExpectMessage(out[0], Opcode::kPing, "p");

  const std::string end = Final(Opcode::kPong, "q") + ClientFrame(kFin, "cd");
  EXPECT_EQ(std::get<std::size_t>(reader.Read(end, out)), end.size());
  ASSERT_EQ(out.size(), 3u);
  ExpectMessage(out[1], Opcode::kPong, "q");
  ExpectMessage(out[2], Opcode::kBinary, "abcd");
}

TEST(WebSocketMessageReader, RequiresMaskedFrames) {
  EXPECT_EQ(FailureCode("\x81\x05Hello"), kCloseProtocolError);
}

TEST(WebSocketMessageReader, RequiresReservedBitsClear) {
  for (std::uint8_t rsv : {0x40, 0x20, 0x10}) {
    EXPECT_EQ(FailureCode(ClientFrame(kFin | rsv | Bits(Opcode::kText), "x")), kCloseProtocolError);
  }
}

TEST(WebSocketMessageReader, RefusesUnknownOpcodes) {
  for (std::uint8_t opcode : {3, 4, 5, 6, 7, 0xb, 0xc, 0xd, 0xe, 0xf}) {
    EXPECT_EQ(FailureCode(ClientFrame(kFin | opcode, "")), kCloseProtocolError) << int{opcode};
  }
}

TEST(WebSocketMessageReader, RequiresControlFramesWholeAndSmall) {
  EXPECT_EQ(FailureCode(ClientFrame(Bits(Opcode::kPing), "x")), kCloseProtocolError);
  EXPECT_EQ(FailureCode(Final(Opcode::kPong, std::string(126, 'x'))), kCloseProtocolError);
  EXPECT_EQ(FailureCode(Final(Opcode::kPing, std::string(125, 'x'))), 0);
}

TEST(WebSocketMessageReader, RefusesAContinuationWithoutAMessage) {
  EXPECT_EQ(FailureCode(ClientFrame(kFin, "x")), kCloseProtocolError);
  EXPECT_EQ(FailureCode(Final(Opcode::kText, "done") + ClientFrame(kFin, "x")),
            kCloseProtocolError);
}

TEST(WebSocketMessageReader, RefusesANewMessageInsideAFragmentedOne) {
  EXPECT_EQ(FailureCode(ClientFrame(Bits(Opcode::kText), "a") + Final(Opcode::kBinary, "b")),
            kCloseProtocolError);
  EXPECT_EQ(FailureCode(ClientFrame(Bits(Opcode::kText), "a") + Final(Opcode::kText, "b")),
            kCloseProtocolError);
}

TEST(WebSocketMessageReader, RefusesA64BitLengthWithTheTopBitSet) {
  EXPECT_EQ(FailureCode(std::string("\x82\xff\x80\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00", 14),
                        SIZE_MAX),
            kCloseProtocolError);
}

TEST(WebSocketMessageReader, WaitsForAHugeFrameWithoutOverflowing) {
  // 2^63 - 1 bytes announced, with no limit: nothing to consume yet, and no wrap-around.
  const std::string header("\x82\xff\x7f\xff\xff\xff\xff\xff\xff\xff\x00\x00\x00\x00", 14);
  const Outcome outcome = ReadAll(header + "abc", SIZE_MAX);
  EXPECT_FALSE(outcome.failure);
  EXPECT_EQ(outcome.consumed, 0u);
}

TEST(WebSocketMessageReader, RefusesATooLargeMessageFromItsHeader) {
  // Only the header has arrived: its length alone is enough to refuse.
  const std::string frame = Final(Opcode::kBinary, std::string(101, 'x'));
  EXPECT_EQ(FailureCode(frame.substr(0, 6), 100), kCloseMessageTooBig);
  EXPECT_EQ(FailureCode(Final(Opcode::kBinary, std::string(100, 'x')), 100), 0);
}

TEST(WebSocketMessageReader, CountsAllFragmentsAgainstTheLimit) {
  const std::string first = ClientFrame(Bits(Opcode::kText), std::string(60, 'x'));
  const std::string too_many = ClientFrame(kFin, std::string(41, 'x'));
  EXPECT_EQ(FailureCode(first + too_many.substr(0, 6), 100), kCloseMessageTooBig);

  const Outcome outcome = ReadAll(first + ClientFrame(kFin, std::string(40, 'y')), 100);
  ASSERT_EQ(outcome.messages.size(), 1u);
  EXPECT_EQ(outcome.messages[0].payload, std::string(60, 'x') + std::string(40, 'y'));
}

TEST(WebSocketMessageReader, DoesNotCountControlFramesAgainstTheLimit) {
  EXPECT_EQ(FailureCode(Final(Opcode::kPing, std::string(125, 'x')), 10), 0);
}

TEST(WebSocketMessageReader, RequiresUtf8InCompleteTextMessages) {
  EXPECT_EQ(FailureCode(Final(Opcode::kText, "\xc3\x28")), kCloseInvalidPayload);
  EXPECT_EQ(FailureCode(Final(Opcode::kText, "\xed\xa0\x80")), kCloseInvalidPayload);  // surrogate
  EXPECT_EQ(FailureCode(Final(Opcode::kBinary, "\xc3\x28")), 0);
  EXPECT_EQ(FailureCode(Final(Opcode::kText, "")), 0);
}

TEST(WebSocketMessageReader, ChecksUtf8OnlyOnceTheMessageIsComplete) {
  // "é" split across two fragments is valid; a message left unfinished is not judged yet.
  const std::string first = ClientFrame(Bits(Opcode::kText), "caf\xc3");
  EXPECT_EQ(FailureCode(first), 0);
  const Outcome outcome = ReadAll(first + ClientFrame(kFin, "\xa9"));
  ASSERT_EQ(outcome.messages.size(), 1u);
  EXPECT_EQ(outcome.messages[0].payload, "caf\xc3\xa9");
  EXPECT_EQ(FailureCode(first + ClientFrame(kFin, "!")), kCloseInvalidPayload);
}

TEST(WebSocketMessageReader, ReturnsCloseFramesWithTheirRawPayload) {
  const Outcome empty = ReadAll(Final(Opcode::kClose, ""));
  ASSERT_EQ(empty.messages.size(), 1u);
  ExpectMessage(empty.messages[0], Opcode::kClose, "");

  const Outcome with_reason =
      ReadAll(Final(Opcode::kClose, ClosePayload(1000, "bye \xe2\x9c\x93")));
  ASSERT_EQ(with_reason.messages.size(), 1u);
  ExpectMessage(with_reason.messages[0], Opcode::kClose, ClosePayload(1000, "bye \xe2\x9c\x93"));
  EXPECT_EQ(CloseCode(with_reason.messages[0].payload), 1000);
}

TEST(WebSocketMessageReader, RefusesAOneByteClosePayload) {
  EXPECT_EQ(FailureCode(Final(Opcode::kClose, "\x03")), kCloseProtocolError);
}

TEST(WebSocketMessageReader, RefusesInvalidCloseCodes) {
  for (int code : {0, 999, 1004, 1005, 1006, 1015, 1016, 2000, 2999, 5000, 65535}) {
    const auto payload = ClosePayload(static_cast<std::uint16_t>(code));
    EXPECT_EQ(FailureCode(Final(Opcode::kClose, payload)), kCloseProtocolError) << code;
  }
  for (int code : {1000, 1001, 1003, 1007, 1011, 1014, 3000, 4999}) {
    const auto payload = ClosePayload(static_cast<std::uint16_t>(code));
    EXPECT_EQ(FailureCode(Final(Opcode::kClose, payload)), 0) << code;
  }
}

TEST(WebSocketMessageReader, RefusesACloseReasonThatIsNotUtf8) {
  EXPECT_EQ(FailureCode(Final(Opcode::kClose, ClosePayload(1000, "\xff"))), kCloseInvalidPayload);
}

TEST(WebSocketMessageReader, DiscardsInputAfterAClose) {
  MessageReader reader(100);
  std::vector<Message> out;
  const std::string input = Final(Opcode::kText, "a") + Final(Opcode::kClose, "") +
                            Final(Opcode::kText, "b") + "\xff\xff";
  EXPECT_EQ(std::get<std::size_t>(reader.Read(input, out)), input.size());
  EXPECT_EQ(std::get<std::size_t>(reader.Read("more", out)), 4u);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[1].opcode, Opcode::kClose);
}

TEST(WebSocketMessageReader, KeepsFailingAfterAFailure) {
  MessageReader reader(100);
  std::vector<Message> out;
  const std::string input = Final(Opcode::kText, "ok") + "\x81\x05Hello";
  const auto failure = std::get<MessageReader::Failure>(reader.Read(input, out));
  EXPECT_EQ(failure.close_code, kCloseProtocolError);
  ASSERT_EQ(out.size(), 1u);  // the message before the bad frame was complete
  const auto again = std::get<MessageReader::Failure>(reader.Read(Final(Opcode::kText, "x"), out));
  EXPECT_EQ(again.close_code, kCloseProtocolError);
  EXPECT_EQ(out.size(), 1u);
}

// Random UTF-8 text: ASCII and 2-, 3- and 4-byte sequences, no surrogates.
std::string RandomText(std::mt19937& rng, std::size_t code_points) {
  std::string text;
  std::uniform_int_distribution<std::uint32_t> ranges(0, 3);
  for (std::size_t i = 0; i < code_points; ++i) {
    static constexpr std::uint32_t kLow[] = {0x20, 0x80, 0xe000, 0x10000};
    static constexpr std::uint32_t kHigh[] = {0x7f, 0x7ff, 0xfffd, 0x10ffff};
    const auto r = ranges(rng);
    const std::uint32_t cp = std::uniform_int_distribution<std::uint32_t>(kLow[r], kHigh[r])(rng);
    if (cp < 0x80) {
      text += static_cast<char>(cp);
    } else if (cp < 0x800) {
      text += {static_cast<char>(0xc0 | (cp >> 6)), static_cast<char>(0x80 | (cp & 0x3f))};
    } else if (cp < 0x10000) {
      text += {static_cast<char>(0xe0 | (cp >> 12)), static_cast<char>(0x80 | ((cp >> 6) & 0x3f)),
               static_cast<char>(0x80 | (cp & 0x3f))};
    } else {
      text += {static_cast<char>(0xf0 | (cp >> 18)), static_cast<char>(0x80 | ((cp >> 12) & 0x3f)),
               static_cast<char>(0x80 | ((cp >> 6) & 0x3f)), static_cast<char>(0x80 | (cp & 0x3f))};
    }
  }
  return text;
}

std::string RandomBytes(std::mt19937& rng, std::size_t size) {
  std::string bytes(size, '\0');
  for (char& c : bytes) c = static_cast<char>(rng());
  return bytes;
}

Mask RandomMask(std::mt19937& rng) {
  const std::uint32_t bits = rng();
  return {static_cast<std::uint8_t>(bits), static_cast<std::uint8_t>(bits >> 8),
          static_cast<std::uint8_t>(bits >> 16), static_cast<std::uint8_t>(bits >> 24)};
}

// Sizes skewed small, with some past the 16-bit length form.
std::size_t RandomSize(std::mt19937& rng) {
  const std::size_t limits[] = {0, 10, 200, 3000, 70000};
  const std::size_t limit = limits[rng() % 5];
  return limit == 0 ? 0 : rng() % limit;
}

// Appends `message` as random fragments with random masks, and pings between fragments
// (which are expected back, before the message).
void AppendFragmented(std::mt19937& rng, const Message& message, std::string& wire,
                      std::vector<Message>& expected) {
  std::size_t at = 0;
  bool first = true;
  while (first || at < message.payload.size()) {
    const std::size_t left = message.payload.size() - at;
    const std::size_t take = rng() % 3 == 0 ? left : std::min<std::size_t>(left, rng() % 500);
    const bool fin = take == left;
    const std::uint8_t opcode = first ? Bits(message.opcode) : Bits(Opcode::kContinuation);
    wire +=
        ClientFrame((fin ? kFin : 0) | opcode, message.payload.substr(at, take), RandomMask(rng));
    at += take;
    first = false;
    if (!fin && rng() % 4 == 0) {
      Message ping{Opcode::kPing, RandomBytes(rng, rng() % 126)};
      wire += ClientFrame(kFin | Bits(Opcode::kPing), ping.payload, RandomMask(rng));
      expected.push_back(std::move(ping));
    }
  }
  expected.push_back(message);
}

TEST(WebSocketMessageReader, RoundTripsRandomFragmentedMessagesInRandomChunks) {
  for (std::uint32_t seed = 1; seed <= 40; ++seed) {
    std::mt19937 rng(seed);
    std::string wire;
    std::vector<Message> expected;
    for (int i = 0; i < 30; ++i) {
      const bool text = rng() % 2 == 0;
      const std::size_t size = RandomSize(rng);
      Message message{text ? Opcode::kText : Opcode::kBinary,
                      text ? RandomText(rng, size / 3) : RandomBytes(rng, size)};
      AppendFragmented(rng, message, wire, expected);
    }

    MessageReader reader(1 << 20);
    std::vector<Message> out;
    std::string buffer;
    for (std::size_t at = 0; at < wire.size();) {
      const std::size_t chunk = std::min<std::size_t>(wire.size() - at, 1 + rng() % 4096);
      buffer.append(wire, at, chunk);
      at += chunk;
      const auto consumed = reader.Read(buffer, out);
      ASSERT_TRUE(std::holds_alternative<std::size_t>(consumed)) << "seed " << seed;
      buffer.erase(0, std::get<std::size_t>(consumed));
    }
    EXPECT_TRUE(buffer.empty()) << "seed " << seed;
    ASSERT_EQ(out.size(), expected.size()) << "seed " << seed;
    for (std::size_t i = 0; i < out.size(); ++i) {
      EXPECT_EQ(out[i].opcode, expected[i].opcode) << "seed " << seed << " message " << i;
      EXPECT_TRUE(out[i].payload == expected[i].payload) << "seed " << seed << " message " << i;
    }
  }
}

}  // namespace
}  // namespace confide::http::websocket
