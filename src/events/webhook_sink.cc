#include "events/webhook_sink.h"

#include <utility>

#include "events/webhook_signature.h"

namespace confide::events {
namespace {

// The events' JSON objects, already serialized, joined into one array.
std::string JsonArrayOf(std::span<const OutboxEvent> batch) {
  std::size_t size = 2 + batch.size();
  for (const OutboxEvent& event : batch) size += event.json.size();
  std::string body;
  body.reserve(size);
  body += '[';
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (i > 0) body += ',';
    body += batch[i].json;
  }
  body += ']';
  return body;
}

WebhookClient::Headers HeadersFor(std::span<const OutboxEvent> batch, std::string_view body,
                                  std::string_view secret, core::EpochMillis now) {
  const std::string timestamp = std::to_string(now / 1000);
  WebhookClient::Headers headers{
      {"Content-Type", "application/json"},
      {"User-Agent", "confide"},
      {kWebhookTimestampHeader, timestamp},
      {kWebhookEventCountHeader, std::to_string(batch.size())},
      {kWebhookFirstSeqHeader, std::to_string(batch.front().seq)},
      {kWebhookLastSeqHeader, std::to_string(batch.back().seq)},
  };
  if (!secret.empty()) {
    headers.emplace_back(kWebhookSignatureHeader, WebhookSignature(secret, timestamp, body));
  }
  return headers;
}

const core::Clock& SystemClock() {
  static const core::SystemClock clock;
  return clock;
}

}  // namespace

Result<std::unique_ptr<WebhookSink>> WebhookSink::Create(WebhookOptions options) {
  return Create(std::move(options), SystemClock());
}

Result<std::unique_ptr<WebhookSink>> WebhookSink::Create(WebhookOptions options,
                                                         const core::Clock& clock) {
  CONFIDE_ASSIGN_OR_RETURN(std::unique_ptr<WebhookClient> client,
                           WebhookClient::Create(options.url, options.timeout));
  return std::unique_ptr<WebhookSink>(
      new WebhookSink(std::move(client), std::move(options.secret), clock));
}

WebhookSink::WebhookSink(std::unique_ptr<WebhookClient> client, std::string secret,
                         const core::Clock& clock)
    : client_(std::move(client)), secret_(std::move(secret)), clock_(clock) {}

Delivery WebhookSink::Deliver(std::span<const OutboxEvent> batch) {
  if (batch.empty()) return {};
  std::string body = JsonArrayOf(batch);
  const WebhookClient::Headers headers = HeadersFor(batch, body, secret_, clock_.NowMillis());
  Result<PostAnswer> answer = client_->Post(headers, std::move(body));
  if (!answer.ok()) return {.delivered = 0, .status = std::move(answer).error()};
  if (answer->status < 200 || answer->status > 299) {
    std::string status = std::string("HTTP ") + std::to_string(answer->status);
    if (!answer->reason.empty()) status += " " + answer->reason;
    return {.delivered = 0,
            .status = Error::Unavailable(std::string("webhook ") + client_->url_for_messages() +
                                         " answered " + status)};
  }
  return {.delivered = batch.size(), .status = Status::Ok()};
}

void WebhookSink::Cancel() { client_->Cancel(); }

}  // namespace confide::events
