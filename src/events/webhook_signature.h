#pragma once

// The signature on the webhook sink's requests, for confide and for the receivers that check
// it: "sha256=" and the lowercase hex HMAC-SHA256, under the shared secret, of the request's
// timestamp header, a dot, and the body as sent. A receiver should also refuse timestamps far
// from its own clock, so that a captured request cannot be replayed later.
// Thread-safety: pure functions, callable from any thread.

#include <string>
#include <string_view>

namespace confide::events {

// The request headers the webhook sink sets besides Content-Type and User-Agent.
inline constexpr std::string_view kWebhookTimestampHeader = "X-Confide-Timestamp";
inline constexpr std::string_view kWebhookSignatureHeader = "X-Confide-Signature";
inline constexpr std::string_view kWebhookEventCountHeader = "X-Confide-Event-Count";
inline constexpr std::string_view kWebhookFirstSeqHeader = "X-Confide-First-Seq";
inline constexpr std::string_view kWebhookLastSeqHeader = "X-Confide-Last-Seq";

// "sha256=<64 lowercase hex digits>": the HMAC-SHA256 of "<timestamp>.<body>" under `secret`.
std::string WebhookSignature(std::string_view secret, std::string_view timestamp,
                             std::string_view body);

// True when `header_value` is the signature of `timestamp` and `body` under `secret`; the
// comparison takes the same time wherever the values differ.
bool VerifyWebhookSignature(std::string_view secret, std::string_view timestamp,
                            std::string_view body, std::string_view header_value);

}  // namespace confide::events
