#include "realtime/event_reply.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/json/serialize.hpp>
#include <cstdint>

#include "core/logging.h"
#include "core/public_error.h"
#include "domain/validation.h"
#include "http/request_id_source.h"

namespace confide::realtime {

void ReplyOk(socketio::Socket& socket, const socketio::Event& event, boost::json::object fields) {
  if (!event.ack_id) return;
  boost::json::object answer;
  answer["ok"] = true;
  for (auto& [key, value] : fields) answer[key] = std::move(value);
  socket.Ack(*event.ack_id, boost::json::array{std::move(answer)});
}

void ReplyError(socketio::Socket& socket, const socketio::Event& event, const Error& error) {
  const std::string message = core::PublicMessage(error);
  const std::string_view code = core::ErrorCodeName(error.code());
  const std::string request_id = LogFailure(socket, event.name, error);
  boost::json::object told{{"message", message}, {"code", code}};
  if (core::IsServerFailure(error.code())) told["requestId"] = request_id;
  if (error.retry_after_ms() > 0) told["retryAfterMs"] = error.retry_after_ms();
  socket.EmitJson("error", boost::json::serialize(told));
  if (!event.ack_id) return;
  boost::json::object answer{{"ok", false}, {"error", message}, {"code", code}};
  if (core::IsServerFailure(error.code())) answer["requestId"] = request_id;
  if (error.retry_after_ms() > 0) answer["retryAfterMs"] = error.retry_after_ms();
  socket.Ack(*event.ack_id, boost::json::array{std::move(answer)});
}

std::string LogFailure(const socketio::Socket& socket, std::string_view what, const Error& error) {
  const bool ours = core::IsServerFailure(error.code());
  if (!ours && error.detail().empty()) return {};
  static std::atomic<std::uint64_t> failures{0};
  std::string id = fmt::format("{}-gw-{:x}", http::RequestIdSource::ProcessTag(),
                               failures.fetch_add(1, std::memory_order_relaxed) + 1);
  spdlog::log(error.code() == ErrorCode::kInternal ? spdlog::level::err : spdlog::level::warn,
              R"("msg":"event failed","requestId":{},"event":{},"socket":{},"code":"{}",)"
              R"("error":{},"detail":{})",
              core::JsonQuote(id), core::JsonQuote(what), core::JsonQuote(socket.id()),
              core::ErrorCodeName(error.code()), core::JsonQuote(error.message()),
              core::JsonQuote(error.detail()));
  return id;
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
