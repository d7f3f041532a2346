#pragma once

// The sink that appends the event stream to a NATS JetStream stream: each event becomes one
// message on "<subject>.<type>" (confide.events.message.sent), its data the event's JSON,
// its Nats-Msg-Id the event's id (the server drops a retried duplicate) and its header
// Confide-Seq the event's seq (LastDelivered reads it back after a crash or an outage).
//
// The sink connects on first use and again after the connection was lost; it creates the
// stream when it is missing and uses an existing one as it is. A batch is published
// asynchronously and the sink counts how many events from its front the stream
// acknowledged. The timeout bounds connecting, each JetStream request and the wait for a
// batch's acknowledgements.
// Thread-safety: as Sink — Deliver and LastDelivered on the worker thread, Cancel from any.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/result.h"
#include "events/nats_batch_acks.h"
#include "events/nats_handles.h"
#include "events/sink.h"

namespace confide::events {

struct NatsOptions {
  std::string url;                         // nats://host:port (or tls://, or a comma list)
  std::string stream = "CONFIDE_EVENTS";   // created if missing, subjects "<subject>.>"
  std::string subject = "confide.events";  // each event goes to "<subject>.<event type>"
  std::chrono::milliseconds timeout{5000};
};

class NatsSink final : public Sink {
 public:
  // Checks the options (every problem named); does not contact the server.
  static Result<std::unique_ptr<NatsSink>> Create(NatsOptions options);

  // Only Create builds one, so that a sink's options are always valid.
  class PassKey {
    friend class NatsSink;
    PassKey() = default;
  };
  NatsSink(NatsOptions options, PassKey);
  NatsSink(const NatsSink&) = delete;
  NatsSink& operator=(const NatsSink&) = delete;

  std::string_view kind() const override { return "nats"; }
  Delivery Deliver(std::span<const OutboxEvent> batch) override;
  // The Confide-Seq of the stream's last message; nullopt when the stream is missing or
  // empty, when its last message is not one of ours, or when this sink knows of an event
  // the stream lacks before that message.
  Result<std::optional<std::int64_t>> LastDelivered() override;
  void Cancel() override;

 private:
  // Connects and makes the JetStream context, unless the connection is still up.
  Status Connect();
  // Closes and forgets the connection: the next call connects afresh.
  void Disconnect();
  // Looks the stream up once per connection and creates it when it is missing.
  Status EnsureStream();
  // Hands one event to cnats for sending; its answer comes to acks_.
  Status PublishAsync(const OutboxEvent& event);
  // Waits until every event handed to cnats is answered, until `deadline`, or until
  // cancelled or disconnected.
  Status AwaitAcks(std::chrono::steady_clock::time_point deadline);
  // Takes back from cnats the events still unanswered, so that no answer arrives later.
  void AbandonPending();
  // Publishes the batch and says how much of it the stream holds.
  Delivery Publish(std::span<const OutboxEvent> batch);
  // Remembers an event the stream lacks while it holds later ones (see LastDelivered).
  void NoteGap(std::span<const OutboxEvent> batch, const NatsBatchAcks::Summary& summary);
  // The newest Confide-Seq of the stream, read over the connection.
  Result<std::optional<std::int64_t>> ReadLastSeq();

  // "<url>: <what>", the url without credentials.
  Error Failure(std::string_view what) const;
  Error Failure(std::string_view what, natsStatus status, jsErrCode js_error = jsErrCode{}) const;

  const NatsOptions options_;
  const std::string display_url_;  // the url without user or password, for messages
  std::atomic<bool> cancelled_{false};
  bool stream_ready_ = false;
  // The seq of an event the stream refused or never acknowledged while it acknowledged
  // later events of the same batch, until a later batch stores it.
  std::optional<std::int64_t> gap_;

  // Declared before the handles, so that it outlives them: cnats calls into it.
  NatsBatchAcks acks_;
  // Guards the connection handle against Cancel, which closes it from another thread; the
  // worker holds it only to replace or drop the handle, never while using it.
  std::mutex connection_mutex_;
  NatsConnectionPtr connection_;
  JetStreamPtr js_;  // declared after connection_: destroyed first
};

}  // namespace confide::events
