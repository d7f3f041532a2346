#include "http/responses.h"

#include <fmt/format.h>

#include <algorithm>
#include <string>

#include "core/logging.h"
#include "core/public_error.h"

namespace confide::http {
namespace {

constexpr std::string_view kJsonType = "application/json; charset=utf-8";

// NestJS's "error" field is the status's reason phrase ("Not Found", "Payload Too Large").
std::string ReasonOf(HttpStatus status) {
  return core::JsonQuote(std::string_view(boost::beast::http::obsolete_reason(status)));
}

std::string ErrorBody(HttpStatus status, std::string_view quoted_message) {
  return fmt::format(R"({{"statusCode":{},"message":{},"error":{}}})",
                     static_cast<unsigned>(status), quoted_message, ReasonOf(status));
}

}  // namespace

Response TextResponse(HttpStatus status, std::string body, std::string_view content_type) {
  Response response{status, 11};
  response.set(Field::content_type, content_type);
  response.body() = std::move(body);
  return response;
}

Response JsonResponse(HttpStatus status, std::string body) {
  return TextResponse(status, std::move(body), kJsonType);
}

Response EmptyResponse(HttpStatus status) { return Response{status, 11}; }

Response ErrorResponse(HttpStatus status, std::string_view message) {
  return JsonResponse(status, ErrorBody(status, core::JsonQuote(message)));
}

Response ErrorResponse(HttpStatus status, const std::vector<std::string>& messages) {
  std::string list = "[";
  for (const auto& m : messages) {
    if (list.size() > 1) list.push_back(',');
    list += core::JsonQuote(m);
  }
  list.push_back(']');
  return JsonResponse(status, ErrorBody(status, list));
}

Response ErrorResponse(const confide::Error& error, std::string_view request_id) {
  const HttpStatus status = StatusFor(error.code());
  Response response =
      core::IsServerFailure(error.code())
          ? JsonResponse(status, fmt::format(R"({{"statusCode":{},"message":{},"error":{},)"
                                             R"("requestId":{}}})",
                                             static_cast<unsigned>(status),
                                             core::JsonQuote(core::PublicMessage(error)),
                                             ReasonOf(status), core::JsonQuote(request_id)))
      : error.is_list() ? ErrorResponse(status, error.messages())
                        : ErrorResponse(status, error.message());
  if (error.retry_after_ms() > 0) {
    response.set(Field::retry_after, std::to_string(RetryAfterSeconds(error.retry_after_ms())));
  }
  return response;
}

std::int64_t RetryAfterSeconds(std::int64_t milliseconds) {
  return std::max<std::int64_t>((milliseconds + 999) / 1000, 1);
}

HttpStatus StatusFor(confide::ErrorCode code) {
  switch (code) {
    case ErrorCode::kBadRequest:
      return HttpStatus::bad_request;
    case ErrorCode::kUnauthorized:
      return HttpStatus::unauthorized;
    case ErrorCode::kForbidden:
      return HttpStatus::forbidden;
    case ErrorCode::kNotFound:
      return HttpStatus::not_found;
    case ErrorCode::kMethodNotAllowed:
      return HttpStatus::method_not_allowed;
    case ErrorCode::kConflict:
      return HttpStatus::conflict;
    case ErrorCode::kPayloadTooLarge:
      return HttpStatus::payload_too_large;
    case ErrorCode::kTooManyRequests:
      return HttpStatus::too_many_requests;
    case ErrorCode::kUnavailable:
      return HttpStatus::service_unavailable;
    case ErrorCode::kInternal:
      break;
  }
  return HttpStatus::internal_server_error;
}

}  // namespace confide::http
