#pragma once

// The wire conventions for response bodies: JSON with its charset, empty 204s, and the
// NestJS error body the spec's clients already parse:
//   {"statusCode":404,"message":"…","error":"Not Found"}
// and, for a failure of ours, a fixed message and the request's id instead of any detail:
//   {"statusCode":503,"message":"Service unavailable","error":"Service Unavailable",
//    "requestId":"9f3a07c2d1-0-1a"}
// Pure functions; safe from any thread.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "http/types.h"

namespace confide::http {

// Content-Type: application/json; charset=utf-8.
Response JsonResponse(HttpStatus status, std::string body);
// No body and no Content-Type (e.g. 204).
Response EmptyResponse(HttpStatus status);
Response TextResponse(HttpStatus status, std::string body, std::string_view content_type);

// NestJS error bodies; the list form writes "message" as an array, as ValidationPipe does.
Response ErrorResponse(HttpStatus status, std::string_view message);
Response ErrorResponse(HttpStatus status, const std::vector<std::string>& messages);
// Maps the ErrorCode to its status. The caller's own mistakes (4xx) are told as the error
// says; a failure of ours (core::IsServerFailure) is told only with its class's fixed message
// (core::PublicMessage) and `request_id`, so that no detail of it reaches the client.
// An error with a retry-after time (a rate limit, a full queue) adds Retry-After in seconds.
// Routes answer errors through RespondError (error_reply.h), which also logs the failure.
Response ErrorResponse(const confide::Error& error, std::string_view request_id);

// Retry-After's whole seconds for a wait in milliseconds: rounded up, at least 1.
std::int64_t RetryAfterSeconds(std::int64_t milliseconds);

HttpStatus StatusFor(confide::ErrorCode code);

}  // namespace confide::http
