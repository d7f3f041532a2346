#pragma once

// A batch of completions run one after another on one thread, such as those of one database
// commit. What is cheaper done once for all of them (sending their changes to the other nodes
// in one message) waits for the last: Defer runs its work when the thread's batch ends, in the
// order deferred, or at once when the thread is not in a batch. A batch is the life of a
// CompletionBatch on the thread; one made within another adds nothing to it.
//
// Thread-safety: everything is the calling thread's own.

#include <functional>

namespace confide::core {

class CompletionBatch {
 public:
  CompletionBatch();
  // Runs what was deferred (and what that defers), logging and swallowing what it throws.
  ~CompletionBatch();
  CompletionBatch(const CompletionBatch&) = delete;
  CompletionBatch& operator=(const CompletionBatch&) = delete;

  // Whether the calling thread is in a batch.
  static bool open();
  static void Defer(std::function<void()> work);

 private:
  bool outermost_;
};

}  // namespace confide::core
