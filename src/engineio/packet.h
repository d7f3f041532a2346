#pragma once

// Engine.IO v4 packets and their text encodings: one packet per WebSocket text frame ("4hello",
// "2probe"), and the records of a long-polling body, joined by '\x1e', where a binary message
// is 'b' followed by its bytes in standard padded base64. A WebSocket binary frame is always a
// message and carries the raw bytes. Pure functions over values: no I/O.
// Thread-safety: none needed; safe from any thread.

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace confide::engineio {

enum class PacketType : char {
  kOpen = '0',
  kClose = '1',
  kPing = '2',
  kPong = '3',
  kMessage = '4',
  kUpgrade = '5',
  kNoop = '6',
};

struct Packet {
  PacketType type = PacketType::kMessage;
  std::string data;
  // True for a binary message (only a message can be binary): `data` holds raw bytes.
  bool binary = false;
};

// Decodes one text packet: a type char and its UTF-8 payload, or 'b' and the base64 of a binary
// message (the form polling records take; the reference decodes text frames the same way).
// Empty text, an unknown type char or bad base64 is an error: the session must be closed.
Result<Packet> DecodeText(std::string_view text);

// The packet a WebSocket binary frame carries: always a binary message.
Packet DecodeBinary(std::string bytes);

// The text form of a packet: type char + data. A binary message is written 'b' + base64, as a
// polling record; on a WebSocket send its bytes as a binary frame instead.
std::string EncodeText(const Packet& packet);

// Appends `packet` to a polling body as one record, after a '\x1e' when `body` is not empty.
void AppendRecord(std::string& body, const Packet& packet);

// Decodes the records of a polling body in order; fails at the first bad record (unknown type
// char, bad base64, empty record). An empty body is one empty record, hence an error.
Result<std::vector<Packet>> DecodePayload(std::string_view body);

}  // namespace confide::engineio
