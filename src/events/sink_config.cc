#include "events/sink_config.h"

#include <charconv>
#include <filesystem>
#include <map>

#include "events/jsonl_sink.h"
#include "events/nats_sink.h"
#include "events/webhook_sink.h"

namespace confide::events {
namespace {

std::string DefaultJsonlPath(const core::Config& config) {
  return (std::filesystem::path(core::DataFolder(config)) / "events.jsonl").string();
}

std::string Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

}  // namespace

bool EventsDisabled(const core::Config& config) {
  return config.events.size() == 1 && Trim(config.events.front()) == "none";
}

Result<std::vector<SinkSpec>> ParseSinkSpecs(const core::Config& config) {
  std::vector<SinkSpec> specs;
  if (EventsDisabled(config)) return specs;
  std::vector<std::string> items;
  for (const auto& item : config.events) {
    if (auto t = Trim(item); !t.empty()) items.push_back(std::move(t));
  }
  if (items.empty()) items.push_back("jsonl");
  std::map<std::string, int> seen;
  for (const auto& item : items) {
    const auto colon = item.find(':');
    SinkSpec spec;
    spec.kind = item.substr(0, colon);
    spec.target = colon == std::string::npos ? "" : item.substr(colon + 1);
    if (spec.kind == "none") {
      return Error::BadRequest("--events: none cannot be combined with other sinks");
    }
    if (spec.kind == "jsonl") {
      if (spec.target.empty()) spec.target = DefaultJsonlPath(config);
    } else if (spec.kind == "webhook") {
      if (spec.target.empty()) return Error::BadRequest("--events: webhook needs a URL");
    } else if (spec.kind == "nats") {
      if (spec.target.empty()) return Error::BadRequest("--events: nats needs a URL");
      if (spec.target.find("://") == std::string::npos) spec.target = "nats://" + spec.target;
    } else {
      return Error::BadRequest("--events: unknown sink \"" + item +
                               "\" (use jsonl:PATH, webhook:URL, nats:URL or none)");
    }
    const int n = ++seen[spec.kind];
    spec.name = n == 1 ? spec.kind : spec.kind + std::string("-") + std::to_string(n);
    specs.push_back(std::move(spec));
  }
  return specs;
}

Result<std::unique_ptr<Sink>> MakeSink(const SinkSpec& spec, const core::Config& config) {
  if (spec.kind == "jsonl") {
    CONFIDE_ASSIGN_OR_RETURN(auto sink,
                             JsonlSink::Create({.path = spec.target,
                                                .max_bytes = config.events_jsonl_max_bytes,
                                                .keep = config.events_jsonl_keep,
                                                .file_mode = config.data_file_mode}));
    return std::unique_ptr<Sink>(std::move(sink));
  }
  if (spec.kind == "webhook") {
    CONFIDE_ASSIGN_OR_RETURN(
        auto sink, WebhookSink::Create(
                       {.url = spec.target,
                        .secret = config.events_webhook_secret,
                        .timeout = std::chrono::milliseconds(config.events_webhook_timeout_ms)}));
    return std::unique_ptr<Sink>(std::move(sink));
  }
  if (spec.kind == "nats") {
    CONFIDE_ASSIGN_OR_RETURN(auto sink, NatsSink::Create({.url = spec.target,
                                                          .stream = config.events_nats_stream,
                                                          .subject = config.events_nats_subject}));
    return std::unique_ptr<Sink>(std::move(sink));
  }
  return Error::BadRequest("unknown sink kind " + spec.kind);
}

Result<std::chrono::milliseconds> ParseDuration(std::string_view text) {
  const auto bad = [&] {
    return Error::BadRequest(std::string("not a duration: \"") + std::string(text) +
                             "\" (use a number with d, h, m, s or ms, e.g. 7d)");
  };
  std::int64_t n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || n < 0) return bad();
  const std::string_view unit(end, static_cast<std::size_t>(text.data() + text.size() - end));
  std::int64_t ms_per_unit = 0;
  if (unit == "d") {
    ms_per_unit = 86'400'000;
  } else if (unit == "h") {
    ms_per_unit = 3'600'000;
  } else if (unit == "m") {
    ms_per_unit = 60'000;
  } else if (unit == "s" || unit.empty()) {
    ms_per_unit = 1'000;
  } else if (unit == "ms") {
    ms_per_unit = 1;
  } else {
    return bad();
  }
  if (n > std::numeric_limits<std::int64_t>::max() / ms_per_unit) return bad();
  return std::chrono::milliseconds(n * ms_per_unit);
}

}  // namespace confide::events
