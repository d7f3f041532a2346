#include "realtime/delivery_codec.h"

#include <array>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace confide::realtime {
namespace {

constexpr std::array<std::string_view, 5> kActions = {"send", "block", "unblock", "disconnect",
                                                      "leave"};
constexpr std::array<std::string_view, 3> kAudiences = {"all", "not-blocking",
                                                        "others-not-blocking"};

template <class Enum, std::size_t N>
std::optional<Enum> FromName(const std::array<std::string_view, N>& names, std::string_view name) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == name) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

boost::json::value PartJson(const Delivery::Part& part) {
  boost::json::array rooms;
  for (const auto& room : part.rooms) rooms.emplace_back(room);
  return {{"rooms", std::move(rooms)}, {"event", part.event}, {"payload", part.payload_json}};
}

boost::json::value DeliveryJson(const Delivery& d) {
  boost::json::object out;
  out["action"] = kActions[static_cast<std::size_t>(d.action)];
  boost::json::array parts;
  for (const auto& part : d.parts) parts.push_back(PartJson(part));
  out["parts"] = std::move(parts);
  out["audience"] = kAudiences[static_cast<std::size_t>(d.audience)];
  out["userId"] = d.user_id;
  out["blockedId"] = d.blocked_id;
  out["room"] = d.room;
  out["leftRoom"] = d.left_room;
  out["conversationId"] = d.conversation_id;
  out["seq"] = d.seq;
  if (d.ephemeral) out["ephemeral"] = true;
  return out;
}

const boost::json::string* StringAt(const boost::json::object& o, std::string_view key) {
  const boost::json::value* v = o.if_contains(key);
  return v == nullptr ? nullptr : v->if_string();
}

std::optional<Delivery::Part> PartOf(const boost::json::value& value) {
  const boost::json::object* o = value.if_object();
  if (o == nullptr) return std::nullopt;
  const boost::json::value* rooms = o->if_contains("rooms");
  const auto* event = StringAt(*o, "event");
  const auto* payload = StringAt(*o, "payload");
  if (rooms == nullptr || !rooms->is_array() || event == nullptr || payload == nullptr) {
    return std::nullopt;
  }
  Delivery::Part part;
  for (const auto& room : rooms->get_array()) {
    if (!room.is_string()) return std::nullopt;
    part.rooms.emplace_back(room.get_string());
  }
  part.event = std::string(*event);
  part.payload_json = std::string(*payload);
  return part;
}

std::optional<Delivery> DeliveryOf(const boost::json::value& value) {
  const boost::json::object* o = value.if_object();
  if (o == nullptr) return std::nullopt;
  const auto* action = StringAt(*o, "action");
  const auto* audience = StringAt(*o, "audience");
  const boost::json::value* parts = o->if_contains("parts");
  const boost::json::value* seq = o->if_contains("seq");
  if (action == nullptr || audience == nullptr || parts == nullptr || !parts->is_array() ||
      seq == nullptr || !seq->is_int64() || seq->get_int64() < 0) {
    return std::nullopt;
  }
  Delivery d;
  const auto a = FromName<Delivery::Action>(kActions, *action);
  const auto b = FromName<Delivery::Audience>(kAudiences, *audience);
  if (!a || !b) return std::nullopt;
  d.action = *a;
  d.audience = *b;
  for (const auto& part : parts->get_array()) {
    auto p = PartOf(part);
    if (!p) return std::nullopt;
    d.parts.push_back(std::move(*p));
  }
  const std::pair<std::string_view, std::string*> fields[] = {
      {"userId", &d.user_id},
      {"blockedId", &d.blocked_id},
      {"room", &d.room},
      {"leftRoom", &d.left_room},
      {"conversationId", &d.conversation_id}};
  for (const auto& [key, field] : fields) {
    const auto* text = StringAt(*o, key);
    if (text == nullptr) return std::nullopt;
    *field = std::string(*text);
  }
  d.seq = seq->get_int64();
  if (const auto* ephemeral = o->if_contains("ephemeral")) {
    if (!ephemeral->is_bool()) return std::nullopt;
    d.ephemeral = ephemeral->get_bool();
  }
  return d;
}

}  // namespace

std::string EncodeDeliveries(const std::vector<Delivery>& change) {
  boost::json::array out;
  out.reserve(change.size());
  for (const auto& delivery : change) out.push_back(DeliveryJson(delivery));
  return boost::json::serialize(out);
}

std::optional<std::vector<Delivery>> DecodeDeliveries(std::string_view bytes) {
  boost::system::error_code ec;
  const boost::json::value value = boost::json::parse(bytes, ec);
  if (ec || !value.is_array()) return std::nullopt;
  std::vector<Delivery> change;
  for (const auto& item : value.get_array()) {
    auto delivery = DeliveryOf(item);
    if (!delivery) return std::nullopt;
    change.push_back(std::move(*delivery));
  }
  return change;
}

}  // namespace confide::realtime
