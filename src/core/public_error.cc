#include "core/public_error.h"

namespace confide::core {

std::string_view ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kBadRequest:
      return "BAD_REQUEST";
    case ErrorCode::kUnauthorized:
      return "UNAUTHORIZED";
    case ErrorCode::kForbidden:
      return "FORBIDDEN";
    case ErrorCode::kNotFound:
      return "NOT_FOUND";
    case ErrorCode::kMethodNotAllowed:
      return "METHOD_NOT_ALLOWED";
    case ErrorCode::kConflict:
      return "CONFLICT";
    case ErrorCode::kPayloadTooLarge:
      return "PAYLOAD_TOO_LARGE";
    case ErrorCode::kTooManyRequests:
      return "RATE_LIMITED";
    case ErrorCode::kUnavailable:
      return "UNAVAILABLE";
    case ErrorCode::kInternal:
      break;
  }
  return "INTERNAL";
}

bool IsServerFailure(ErrorCode code) {
  return code == ErrorCode::kInternal || code == ErrorCode::kUnavailable;
}

std::string PublicMessage(const Error& error) {
  switch (error.code()) {
    case ErrorCode::kInternal:
      return "Internal server error";
    case ErrorCode::kUnavailable:
      return "Service unavailable";
    default:
      return error.message();
  }
}

}  // namespace confide::core
