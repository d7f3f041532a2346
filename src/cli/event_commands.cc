#include "cli/event_commands.h"

#include <chrono>
#include <iostream>
#include <thread>

#include "events/outbox_event.h"
#include "events/sink_config.h"
#include "store/open/open_database.h"

namespace confide::cli {
namespace {

int Fail(const std::string& what) {
  std::cerr << "confide: " << what << std::endl;
  return 1;
}

using Records = std::vector<store::OutboxRecord>;

Result<Records> EventsAfter(store::Database& db, std::int64_t after, int limit) {
  return store::ReadAndWait<Records>(db, [after, limit](store::Transaction& tx) -> Result<Records> {
    return tx.outbox().After(after, limit);
  });
}

Result<std::int64_t> LastSeq(store::Database& db) {
  return store::ReadAndWait<std::int64_t>(
      db, [](store::Transaction& tx) -> Result<std::int64_t> { return tx.outbox().LastSeq(); });
}

template <class F>
int WithDatabase(const core::Config& config, F&& body) {
  auto db = store::OpenDatabase(
      {.location = config.db_path, .readers = 1, .file_mode = config.data_file_mode});
  if (!db.ok()) {
    return Fail("cannot open " + store::DisplayName(config.db_path) + ": " + db.error().message());
  }
  const int rc = body(**db);
  (*db)->Stop();
  return rc;
}

}  // namespace

int RunEventsTail(const core::Config& config, const TailRequest& request) {
  return WithDatabase(config, [&](store::Database& db) {
    std::int64_t after = 0;
    if (request.from) {
      after = std::max<std::int64_t>(0, *request.from - 1);
    } else {
      auto head = LastSeq(db);
      if (!head.ok()) return Fail(head.error().message());
      after = std::max<std::int64_t>(0, *head - std::max(0, request.last));
    }
    std::int64_t printed = 0;
    while (true) {
      auto records = EventsAfter(db, after, 500);
      if (!records.ok()) return Fail(records.error().message());
      for (auto& r : *records) {
        after = r.seq;
        std::cout << events::FromRecord(std::move(r)).json << '\n';
        if (request.count && ++printed >= *request.count) {
          std::cout.flush();
          return 0;
        }
      }
      std::cout.flush();
      if (records->empty()) {
        if (!request.follow) return 0;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
      }
    }
  });
}

int RunEventsReplay(const core::Config& config, const ReplayRequest& request) {
  auto specs = events::ParseSinkSpecs(config);
  if (!specs.ok()) return Fail(specs.error().message());
  const events::SinkSpec* spec = nullptr;
  std::string names;
  for (const auto& s : *specs) {
    if (s.name == request.sink) spec = &s;
    names += (names.empty() ? "" : ", ") + s.name;
  }
  if (spec == nullptr) {
    return Fail("no sink named \"" + request.sink + "\" is configured (configured: " +
                (names.empty() ? "none" : names) + "); --events says which sinks there are");
  }
  auto sink = events::MakeSink(*spec, config);
  if (!sink.ok()) return Fail(sink.error().message());
  return WithDatabase(config, [&](store::Database& db) {
    std::int64_t to = 0;
    if (request.to) {
      to = *request.to;
    } else {
      auto head = LastSeq(db);
      if (!head.ok()) return Fail(head.error().message());
      to = *head;
    }
    std::int64_t after = std::max<std::int64_t>(0, request.from - 1);
    std::int64_t sent = 0, first = 0, last = 0;
    while (after < to) {
      auto records = EventsAfter(db, after, config.events_batch);
      if (!records.ok()) return Fail(records.error().message());
      std::vector<events::OutboxEvent> batch;
      for (auto& r : *records) {
        if (r.seq > to) break;
        batch.push_back(events::FromRecord(std::move(r)));
      }
      if (batch.empty()) break;
      const auto delivery = (*sink)->Deliver(batch);
      if (delivery.delivered > 0) {
        if (first == 0) first = batch.front().seq;
        last = batch[delivery.delivered - 1].seq;
        sent += static_cast<std::int64_t>(delivery.delivered);
      }
      if (!delivery.status.ok() || delivery.delivered < batch.size()) {
        std::cerr << "confide: replayed " << sent << " events to " << spec->name << ", then: "
                  << (delivery.status.ok() ? "the sink took part of a batch"
                                           : delivery.status.error().message())
                  << std::endl;
        return 1;
      }
      after = batch.back().seq;
    }
    if (sent == 0) {
      std::cout << "no events to replay to " << spec->name << " from seq " << request.from
                << std::endl;
    } else {
      std::cout << "replayed " << sent << " events (seq " << first << " to " << last << ") to "
                << spec->name << std::endl;
    }
    return 0;
  });
}

int RunEventsStatus(const core::Config& config) {
  auto specs = events::ParseSinkSpecs(config);
  if (!specs.ok()) return Fail(specs.error().message());
  return WithDatabase(config, [&](store::Database& db) {
    struct Status {
      std::int64_t head = 0;
      std::int64_t oldest = 0;
      std::vector<std::optional<std::int64_t>> positions;
    };
    auto status = store::ReadAndWait<Status>(db, [&](store::Transaction& tx) -> Result<Status> {
      Status s;
      s.head = tx.outbox().LastSeq();
      auto oldest = tx.outbox().After(0, 1);
      s.oldest = oldest.empty() ? 0 : oldest.front().seq;
      for (const auto& spec : *specs) s.positions.push_back(tx.outbox().SinkPosition(spec.name));
      return s;
    });
    if (!status.ok()) return Fail(status.error().message());
    std::cout << "outbox: newest seq " << status->head << ", oldest kept "
              << (status->oldest == 0 ? std::string("none") : std::to_string(status->oldest))
              << "\n";
    if (specs->empty()) std::cout << "no sinks configured (--events none)\n";
    for (std::size_t i = 0; i < specs->size(); ++i) {
      const auto& spec = (*specs)[i];
      const auto& position = status->positions[i];
      std::cout << spec.name << " (" << spec.target << "): ";
      if (!position) {
        std::cout << "has delivered nothing yet, " << status->head << " to deliver\n";
      } else {
        std::cout << "delivered up to seq " << *position << ", "
                  << std::max<std::int64_t>(0, status->head - *position) << " behind\n";
      }
    }
    return 0;
  });
}

}  // namespace confide::cli
