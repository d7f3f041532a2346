#pragma once

// How a job's failure becomes the Status its caller sees: jobs see exceptions only as failed
// Statuses (store/database.h). How the caller is told is store/jobs/job_completion.h.
// Thread-safety: free functions, called on store threads.

#include <exception>

#include "core/result.h"

namespace confide::store::sqlite {

// The Error for an exception a job (or its transaction) threw. Busy, locked, full or failing
// storage -> Unavailable; a violated constraint -> Conflict; the rest -> Internal. Its message
// is ours and names no table, column or value; SQLite's text (or the exception's what()) is
// its detail, which whoever answers for the job logs (http::RespondError), never shows.
Error ErrorFrom(std::exception_ptr error);

}  // namespace confide::store::sqlite
