#pragma once

// Owning pointers to cnats' handles, each released by its own destroy function, so that no
// path out of a function leaks a connection, a JetStream context, a message or a stream
// info. The library itself (nats_Open / nats_Close) is process-wide and not managed here.
// Thread-safety: as std::unique_ptr.

#include <nats/nats.h>

#include <memory>

namespace confide::events {

struct NatsDeleter {
  void operator()(natsOptions* p) const { natsOptions_Destroy(p); }
  void operator()(natsConnection* p) const { natsConnection_Destroy(p); }
  void operator()(jsCtx* p) const { jsCtx_Destroy(p); }
  void operator()(natsMsg* p) const { natsMsg_Destroy(p); }
  void operator()(jsStreamInfo* p) const { jsStreamInfo_Destroy(p); }
  void operator()(natsSubscription* p) const { natsSubscription_Destroy(p); }
};

using NatsOptionsPtr = std::unique_ptr<natsOptions, NatsDeleter>;
using NatsConnectionPtr = std::unique_ptr<natsConnection, NatsDeleter>;
using JetStreamPtr = std::unique_ptr<jsCtx, NatsDeleter>;
using NatsMsgPtr = std::unique_ptr<natsMsg, NatsDeleter>;
using StreamInfoPtr = std::unique_ptr<jsStreamInfo, NatsDeleter>;
using NatsSubscriptionPtr = std::unique_ptr<natsSubscription, NatsDeleter>;

}  // namespace confide::events
