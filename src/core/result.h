#pragma once

// Errors as values on expected failure paths (bad input, missing rows, refused access).
// An Error carries an HTTP-like code and one message or a list of them (validation), and may
// carry a detail for the operator (a library's own text) that no client is ever shown.
// Exceptions are kept for start-up failures and broken invariants; see docs/ERRORS.md.

#include <cassert>
#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace confide {

enum class ErrorCode {
  kBadRequest,
  kUnauthorized,
  kForbidden,
  kNotFound,
  kMethodNotAllowed,
  kConflict,
  kPayloadTooLarge,
  kTooManyRequests,
  kInternal,
  kUnavailable,
};

class Error {
 public:
  Error(ErrorCode code, std::string message)
      : code_(code), messages_{std::move(message)}, is_list_(false) {}
  Error(ErrorCode code, std::vector<std::string> messages)
      : code_(code), messages_(std::move(messages)), is_list_(true) {}

  static Error BadRequest(std::string m) { return {ErrorCode::kBadRequest, std::move(m)}; }
  static Error Invalid(std::vector<std::string> m) {
    return {ErrorCode::kBadRequest, std::move(m)};
  }
  static Error Unauthorized(std::string m) { return {ErrorCode::kUnauthorized, std::move(m)}; }
  static Error Forbidden(std::string m) { return {ErrorCode::kForbidden, std::move(m)}; }
  static Error NotFound(std::string m) { return {ErrorCode::kNotFound, std::move(m)}; }
  static Error Conflict(std::string m) { return {ErrorCode::kConflict, std::move(m)}; }
  static Error Internal(std::string m) { return {ErrorCode::kInternal, std::move(m)}; }
  static Error Unavailable(std::string m) { return {ErrorCode::kUnavailable, std::move(m)}; }

  // The same error with `detail`: what went wrong in terms only the operator may read (an
  // SQLite message, an exception's what()). Logged with the request it failed, never sent.
  Error WithDetail(std::string detail) && {
    detail_ = std::move(detail);
    return std::move(*this);
  }

  // The same error with a time after which the caller may try again (a rate limit, a full
  // queue): HTTP tells it as Retry-After, the gateway as retryAfterMs.
  Error WithRetryAfter(std::int64_t milliseconds) && {
    retry_after_ms_ = milliseconds;
    return std::move(*this);
  }

  ErrorCode code() const { return code_; }
  // True when the error is a list of validation messages, as NestJS's ValidationPipe writes.
  bool is_list() const { return is_list_; }
  const std::vector<std::string>& messages() const { return messages_; }
  // "" unless WithDetail gave one.
  const std::string& detail() const { return detail_; }
  // Milliseconds until a retry may succeed; 0 unless WithRetryAfter gave one.
  std::int64_t retry_after_ms() const { return retry_after_ms_; }
  // The messages joined by "; ", for logs and single-line contexts.
  std::string message() const {
    std::string out;
    for (const auto& m : messages_) {
      if (!out.empty()) out += "; ";
      out += m;
    }
    return out;
  }

 private:
  ErrorCode code_ = ErrorCode::kInternal;
  std::vector<std::string> messages_;
  bool is_list_ = false;
  std::string detail_;
  std::int64_t retry_after_ms_ = 0;
};

// A value or an Error.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const& { return std::get<1>(v_); }
  Error&& error() && { return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, Error> v_;
};

// Success, or an Error.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT: implicit by design

  static Status Ok() { return {}; }
  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const& {
    assert(!ok_);
    return error_;
  }
  Error&& error() && { return std::move(error_); }

 private:
  Error error_{ErrorCode::kInternal, std::string()};
  bool ok_ = true;
};

}  // namespace confide

#define CONFIDE_CONCAT_INNER(a, b) a##b
#define CONFIDE_CONCAT(a, b) CONFIDE_CONCAT_INNER(a, b)

// Evaluates a Status or Result expression and returns its Error from the caller on failure.
#define CONFIDE_RETURN_IF_ERROR(expr)                                     \
  do {                                                                    \
    auto&& confide_status_ = (expr);                                      \
    if (!confide_status_.ok()) return std::move(confide_status_).error(); \
  } while (false)

// `CONFIDE_ASSIGN_OR_RETURN(auto x, Compute());` declares x from a Result, or returns its Error.
#define CONFIDE_ASSIGN_OR_RETURN(lhs, expr)                              \
  auto CONFIDE_CONCAT(confide_result_, __LINE__) = (expr);               \
  if (!CONFIDE_CONCAT(confide_result_, __LINE__).ok())                   \
    return std::move(CONFIDE_CONCAT(confide_result_, __LINE__)).error(); \
  lhs = std::move(CONFIDE_CONCAT(confide_result_, __LINE__)).value()
