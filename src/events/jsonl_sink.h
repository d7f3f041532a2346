#pragma once

// The embedded default sink: each event as one line of JSON appended to a file, written once
// per batch (readers of the file see it at once) and fsynced by Sync, which the worker calls
// before it stores its position, and before a rotation. When the file grows past max_bytes it
// is rotated: PATH becomes PATH.1 (PATH.1 becomes PATH.2, …, and the
// oldest beyond `keep` is removed) and a new PATH is started.
// Thread-safety: one worker thread calls everything but Cancel (a no-op: file writes are
// not interrupted).

#include <cstdint>
#include <memory>
#include <string>

#include "events/sink.h"

namespace confide::events {

struct JsonlOptions {
  std::string path;
  std::int64_t max_bytes = std::int64_t{64} << 20;  // rotate past this size
  int keep = 5;                                     // rotated files kept
  unsigned file_mode = 0600;                        // of a new file, whatever the umask
};

class JsonlSink final : public Sink {
 public:
  static Result<std::unique_ptr<JsonlSink>> Create(JsonlOptions options);
  ~JsonlSink() override;

  std::string_view kind() const override { return "jsonl"; }
  Delivery Deliver(std::span<const OutboxEvent> batch) override;
  // fdatasync of what was written since the last Sync.
  Status Sync() override;
  // The seq of the file's last complete line. A line cut short by a crash is cut off first.
  Result<std::optional<std::int64_t>> LastDelivered() override;

 private:
  explicit JsonlSink(JsonlOptions options) : options_(std::move(options)) {}
  Status Open();
  Status Rotate();
  void Close();

  JsonlOptions options_;
  int fd_ = -1;
  std::int64_t size_ = 0;
  bool unsynced_ = false;  // written since the last fdatasync
};

}  // namespace confide::events
