#include "core/completion_batch.h"

#include <spdlog/spdlog.h>

#include <exception>
#include <utility>
#include <vector>

#include "core/logging.h"

namespace confide::core {
namespace {

thread_local bool t_open = false;
thread_local std::vector<std::function<void()>> t_deferred;

}  // namespace

CompletionBatch::CompletionBatch() : outermost_(!t_open) { t_open = true; }

CompletionBatch::~CompletionBatch() {
  if (!outermost_) return;
  // What runs here may defer more: it runs in this batch still.
  for (std::size_t i = 0; i < t_deferred.size(); ++i) {
    auto work = std::move(t_deferred[i]);
    try {
      work();
    } catch (const std::exception& e) {
      spdlog::error(R"("msg":"deferred completion work threw","error":{})", JsonQuote(e.what()));
    } catch (...) {
      spdlog::error(R"("msg":"deferred completion work threw")");
    }
  }
  t_deferred.clear();
  t_open = false;
}

bool CompletionBatch::open() { return t_open; }

void CompletionBatch::Defer(std::function<void()> work) {
  if (!t_open) {
    work();
    return;
  }
  t_deferred.push_back(std::move(work));
}

}  // namespace confide::core
