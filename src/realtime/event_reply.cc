#include "realtime/event_reply.h"

#include <fmt/format.h>

#include <boost/json/serialize.hpp>

#include "domain/validation.h"

namespace confide::realtime {

void ReplyOk(socketio::Socket& socket, const socketio::Event& event, boost::json::object fields) {
  if (!event.ack_id) return;
  boost::json::object answer;
  answer["ok"] = true;
  for (auto& [key, value] : fields) answer[key] = std::move(value);
  socket.Ack(*event.ack_id, boost::json::array{std::move(answer)});
}

void ReplyError(socketio::Socket& socket, const socketio::Event& event, std::string_view message) {
  socket.EmitJson("error", boost::json::serialize(boost::json::object{{"message", message}}));
  if (!event.ack_id) return;
  socket.Ack(*event.ack_id,
             boost::json::array{boost::json::object{{"ok", false}, {"error", message}}});
}

Result<std::string> IdField(const socketio::Event& event, std::string_view name) {
  const boost::json::object* payload =
      event.args.empty() ? nullptr : event.args.front().if_object();
  const boost::json::value* field = payload == nullptr ? nullptr : payload->if_contains(name);
  if (field == nullptr || !field->is_string()) {
    return Error::BadRequest(fmt::format("{} must be a string", name));
  }
  std::string id(field->get_string());
  domain::Problems problems;
  domain::CheckId(problems, name, id);
  CONFIDE_RETURN_IF_ERROR(domain::ToStatus(std::move(problems)));
  return id;
}

}  // namespace confide::realtime
