#include "store/sqlite/commit_window.h"

namespace confide::store::sqlite {

std::optional<CommitWindow::Clock::time_point> CommitWindow::WaitUntil(std::size_t taken,
                                                                       Clock::time_point now) {
  if (window_.count() <= 0) return std::nullopt;
  if (!last_commit_ || now - *last_commit_ > window_) {
    waiting_pays_ = false;  // idle for longer than a window: nothing is arriving
    if (taken < 2) return std::nullopt;
  }
  if (taken >= 2) waiting_pays_ = true;
  if (!waiting_pays_) return std::nullopt;
  return now + window_;
}

void CommitWindow::Waited(std::size_t more) {
  if (more == 0) waiting_pays_ = false;
}

}  // namespace confide::store::sqlite
