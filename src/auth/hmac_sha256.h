#pragma once

// HMAC-SHA256 and a constant-time comparison, shared by HS256 tokens and Svix webhooks.
// Thread-safety: pure functions, callable from any thread.

#include <string>
#include <string_view>

namespace confide::auth {

// The 32-byte MAC of `data` under `key`.
std::string HmacSha256(std::string_view key, std::string_view data);

// True when `a` and `b` are equal; the time taken does not depend on where they differ
// (only on their lengths, which are not secret).
bool ConstantTimeEqual(std::string_view a, std::string_view b);

}  // namespace confide::auth
