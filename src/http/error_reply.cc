#include "http/error_reply.h"

#include <spdlog/spdlog.h>

#include "core/logging.h"
#include "core/public_error.h"
#include "http/responses.h"

namespace confide::http {

void LogFailure(const Exchange& exchange, const Error& error) {
  const bool ours = core::IsServerFailure(error.code());
  if (!ours && error.detail().empty()) return;
  spdlog::log(error.code() == ErrorCode::kInternal ? spdlog::level::err : spdlog::level::warn,
              R"("msg":"request failed","requestId":{},"route":{},"status":{},"code":"{}",)"
              R"("error":{},"detail":{})",
              core::JsonQuote(exchange.request_id()), core::JsonQuote(exchange.route()),
              static_cast<unsigned>(StatusFor(error.code())), core::ErrorCodeName(error.code()),
              core::JsonQuote(error.message()), core::JsonQuote(error.detail()));
}

void RespondError(Exchange& exchange, const Error& error) {
  LogFailure(exchange, error);
  exchange.Respond(ErrorResponse(error, exchange.request_id()));
}

}  // namespace confide::http
