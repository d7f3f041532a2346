// libFuzzer target for socketio::Decoder: arbitrary bytes are cut into the Engine.IO messages of
// one connection and fed to one decoder. It must never crash, and every packet it accepts must
// come back unchanged from EncodeText and a second decoder.
//
// Input: a series of messages, each one header byte h followed by (h >> 1) bytes (fewer at the
// end); h & 1 makes the message binary. Build and run: see tests/fuzz/README.md.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "socketio/packet.h"

namespace confide::socketio {
namespace {

namespace json = boost::json;

// Equal JSON, with doubles equal to a last-bit rounding: Boost 1.81 does not always parse
// a double to the nearest value, so a reparsed double may differ in its last bit.
bool SameJson(const json::value& a, const json::value& b) {
  if (a.is_double() && b.is_double()) {
    const double x = a.get_double();
    const double y = b.get_double();
    return x == y || std::fabs(x - y) <= 1e-15 * std::fmax(std::fabs(x), std::fabs(y));
  }
  if (a.kind() != b.kind()) return false;
  if (a.is_array()) {
    const json::array& x = a.get_array();
    const json::array& y = b.get_array();
    if (x.size() != y.size()) return false;
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (!SameJson(x[i], y[i])) return false;
    }
    return true;
  }
  if (a.is_object()) {
    const json::object& x = a.get_object();
    const json::object& y = b.get_object();
    if (x.size() != y.size()) return false;
    for (auto i = x.begin(), j = y.begin(); i != x.end(); ++i, ++j) {
      if (i->key() != j->key() || !SameJson(i->value(), j->value())) return false;
    }
    return true;
  }
  return a == b;
}

void CheckRoundTrip(const Packet& packet) {
  Decoder decoder;
  auto again = decoder.OnText(EncodeText(packet));
  for (const std::string& attachment : packet.attachments) {
    if (again.ok() && !again->has_value()) again = decoder.OnBinary(attachment);
  }
  if (!again.ok() || !again->has_value()) std::abort();
  const Packet& copy = **again;
  if (copy.type != packet.type || copy.nsp != packet.nsp || copy.id != packet.id ||
      copy.attachments != packet.attachments || !SameJson(copy.data, packet.data)) {
    std::abort();
  }
}

}  // namespace
}  // namespace confide::socketio

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using confide::socketio::Decoder;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  Decoder decoder;
  while (!input.empty()) {
    const auto header = static_cast<unsigned char>(input.front());
    input.remove_prefix(1);
    const std::string_view message = input.substr(0, header >> 1);
    input.remove_prefix(message.size());
    auto result =
        (header & 1) != 0 ? decoder.OnBinary(std::string(message)) : decoder.OnText(message);
    if (result.ok() && result->has_value()) confide::socketio::CheckRoundTrip(**result);
  }
  return 0;
}
