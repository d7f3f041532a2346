#pragma once

// Checks the signature Svix puts on the webhooks it delivers (Clerk's user events), so that
// POST /webhooks/clerk only acts on events the provider sent, and only on fresh ones.
// Thread-safety: a pure function, callable from any thread.

#include <string_view>

#include "core/clock.h"
#include "core/result.h"

namespace confide::auth {

// The svix-id, svix-timestamp and svix-signature request headers.
struct SvixHeaders {
  std::string_view id;
  std::string_view timestamp;
  std::string_view signature;
};

// How far a delivery's timestamp may be from now, either way (Svix's own rule).
inline constexpr int kSvixToleranceSeconds = 300;

// Passes when one "v1,<base64 HMAC-SHA256>" entry of the space-separated signature header
// matches "<id>.<timestamp>.<body>" under the secret ("whsec_<base64 key>", or the base64 key
// alone), and the timestamp (seconds) is within `tolerance_seconds` of `now`, either way.
// Errors are kBadRequest.
Status VerifySvixSignature(const SvixHeaders& headers, std::string_view body,
                           std::string_view secret, core::EpochMillis now,
                           int tolerance_seconds = kSvixToleranceSeconds);

}  // namespace confide::auth
