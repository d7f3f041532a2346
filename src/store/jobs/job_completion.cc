#include "store/jobs/job_completion.h"

#include <spdlog/spdlog.h>

#include <exception>
#include <string>

#include "core/logging.h"

namespace confide::store {

Error QueueFull(const char* queue) {
  return Error::Unavailable(std::string("the database's ") + queue + " queue is full")
      .WithRetryAfter(1000);
}

void Complete(const std::function<void(Status)>& done, Status status) {
  try {
    if (done) done(std::move(status));
  } catch (const std::exception& e) {
    spdlog::error(R"("msg":"database job completion threw","error":{})", core::JsonQuote(e.what()));
  } catch (...) {
    spdlog::error(R"("msg":"database job completion threw a non-standard exception")");
  }
}

}  // namespace confide::store
