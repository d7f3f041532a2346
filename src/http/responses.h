#pragma once

// The wire conventions for response bodies: JSON with its charset, empty 204s, and the
// NestJS error body the spec's clients already parse:
//   {"statusCode":404,"message":"…","error":"Not Found"}
// Pure functions; safe from any thread.

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
// Maps the ErrorCode to its status. An internal error answers NestJS's generic
// "Internal server error" so that no detail of the failure leaks to the client.
Response ErrorResponse(const confide::Error& error);

HttpStatus StatusFor(confide::ErrorCode code);

}  // namespace confide::http
