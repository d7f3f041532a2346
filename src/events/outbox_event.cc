#include "events/outbox_event.h"

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

#include "core/time_format.h"

namespace confide::events {
namespace {

void AppendQuoted(std::string& out, std::string_view s) {
  out += boost::json::serialize(boost::json::string_view(s.data(), s.size()));
}

}  // namespace

OutboxEvent FromRecord(store::OutboxRecord record) {
  OutboxEvent event{.seq = record.seq,
                    .id = std::move(record.id),
                    .type = std::move(record.type),
                    .conversation_id = std::move(record.conversation_id),
                    .occurred_at = record.occurred_at,
                    .json = {}};
  // The stored data is already compact JSON: the envelope is put together around it.
  std::string& out = event.json;
  out.reserve(record.data.size() + 128);
  out += R"({"id":)";
  AppendQuoted(out, event.id);
  out += R"(,"seq":)";
  out += std::to_string(event.seq);
  out += R"(,"type":)";
  AppendQuoted(out, event.type);
  out += R"(,"occurredAt":)";
  AppendQuoted(out, core::FormatTimestamp(event.occurred_at));
  out += R"(,"data":)";
  out += record.data;
  out += '}';
  return event;
}

}  // namespace confide::events
