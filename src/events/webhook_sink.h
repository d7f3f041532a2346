#pragma once

// The webhook sink: each batch of events is one HTTP POST of a JSON array of the events, in
// stream order, to a receiver's URL (http:// or https://, the certificate and host name
// checked against the system's trust store). Headers (names in webhook_signature.h):
//
//   Content-Type: application/json            User-Agent: confide
//   X-Confide-Timestamp: <Unix seconds>       X-Confide-Signature: sha256=<hex> (with a secret)
//   X-Confide-Event-Count: <n>                X-Confide-First-Seq, X-Confide-Last-Seq: <seq>
//
// A 2xx answer delivers the whole batch; any other answer (redirects are not followed), or
// none within the timeout, delivers none of it. A receiver may see an event again after a
// failure, and deduplicates by its id. The connection is kept open between batches while the
// receiver allows it (webhook_client.h).
// Thread-safety: Deliver is called from the sink's worker thread only (it blocks, never on an
// I/O thread); Cancel may be called from any thread.

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"
#include "events/sink.h"
#include "events/webhook_client.h"

namespace confide::events {

struct WebhookOptions {
  std::string url;                          // http:// or https://
  std::string secret;                       // HMAC key; empty: requests are not signed
  std::chrono::milliseconds timeout{5000};  // whole request: connect + send + response
};

class WebhookSink final : public Sink {
 public:
  // Checks the options (an error says what is wrong with the URL) and, for https, loads the
  // system's CA certificates; connects only when the first batch comes. `clock` gives the
  // timestamp header and must outlive the sink; the first form reads the system's.
  static Result<std::unique_ptr<WebhookSink>> Create(WebhookOptions options);
  static Result<std::unique_ptr<WebhookSink>> Create(WebhookOptions options,
                                                     const core::Clock& clock);

  std::string_view kind() const override { return "webhook"; }
  Delivery Deliver(std::span<const OutboxEvent> batch) override;
  void Cancel() override;

 private:
  WebhookSink(std::unique_ptr<WebhookClient> client, std::string secret, const core::Clock& clock);

  const std::unique_ptr<WebhookClient> client_;
  const std::string secret_;
  const core::Clock& clock_;
};

}  // namespace confide::events
