#pragma once

// How a job's failure becomes the Status its caller sees, and how the caller is told. Jobs
// see exceptions only as failed Statuses (store/database.h); a completion that throws is the
// caller's bug and is logged, never allowed to kill a store thread.
// Thread-safety: free functions, called on store threads.

#include <exception>
#include <functional>

#include "core/result.h"

namespace confide::store::sqlite {

// The Error for an exception a job (or its transaction) threw. Busy, locked, full or failing
// storage -> Unavailable; a violated constraint -> Conflict; the rest -> Internal. Its message
// is ours and names no table, column or value; SQLite's text (or the exception's what()) is
// its detail, which whoever answers for the job logs (http::RespondError), never shows.
Error ErrorFrom(std::exception_ptr error);

// What a client's job gets when its queue is full: Unavailable, retry after a second.
Error QueueFull(const char* queue);

// Calls `done(status)`, logging and swallowing anything it throws.
void Complete(const std::function<void(Status)>& done, Status status);

}  // namespace confide::store::sqlite
