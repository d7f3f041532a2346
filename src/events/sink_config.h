#pragma once

// The sinks named by --events (CONFIDE_EVENTS): `jsonl:PATH`, `webhook:URL`, `nats:URL`,
// several at once, or `none`. Each sink is known by its kind ("jsonl", "webhook", "nats");
// a second sink of a kind already listed is "webhook-2", and so on. The name keys the sink's
// stored position, and `confide events replay --sink NAME` uses it.
// Thread-safety: pure functions, callable from any thread.

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.h"
#include "core/result.h"
#include "events/sink.h"

namespace confide::events {

struct SinkSpec {
  std::string name;
  std::string kind;
  std::string target;  // the file path or the URL
};

// The sinks of `config.events`; the default, with nothing configured, is a jsonl file
// `events.jsonl` beside the database. `none` alone means no sinks (and no outbox).
Result<std::vector<SinkSpec>> ParseSinkSpecs(const core::Config& config);

// True when the event stream is off (`--events none`).
bool EventsDisabled(const core::Config& config);

// Makes the sink of `spec` with the options of `config` (secret, stream, subject, …). Does
// not need the destination to be up: sinks connect when they first deliver.
Result<std::unique_ptr<Sink>> MakeSink(const SinkSpec& spec, const core::Config& config);

// "7d", "12h", "30m", "45s", "500ms" (a bare number is seconds).
Result<std::chrono::milliseconds> ParseDuration(std::string_view text);

}  // namespace confide::events
