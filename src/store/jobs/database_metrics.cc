#include "store/jobs/database_metrics.h"

#include <string>

namespace confide::store {
namespace {

constexpr const char* kJobsName = "confide_db_jobs_total";
constexpr const char* kJobsHelp = "Database jobs run, by kind and result.";

core::Counter* JobCounter(core::Metrics& metrics, const char* kind, const char* result) {
  return &metrics.GetCounter(kJobsName, kJobsHelp, {{"kind", kind}, {"result", result}});
}

}  // namespace

DatabaseMetrics::DatabaseMetrics(core::Metrics* metrics) : metrics_(metrics) {
  if (metrics_ == nullptr) return;
  read_ok_ = JobCounter(*metrics_, "read", "ok");
  read_error_ = JobCounter(*metrics_, "read", "error");
  write_ok_ = JobCounter(*metrics_, "write", "ok");
  write_error_ = JobCounter(*metrics_, "write", "error");
  constexpr const char* kRefusedName = "confide_db_jobs_refused_total";
  constexpr const char* kRefusedHelp =
      "Clients' database jobs refused because their queue was full (answered 503), by kind.";
  read_refused_ = &metrics_->GetCounter(kRefusedName, kRefusedHelp, {{"kind", "read"}});
  write_refused_ = &metrics_->GetCounter(kRefusedName, kRefusedHelp, {{"kind", "write"}});
  batch_size_ = &metrics_->GetHistogram("confide_db_commit_batch_size",
                                        "Write jobs committed together in one transaction.",
                                        {1, 2, 4, 8, 16, 32, 64, 128, 256, 512});
  commit_seconds_ = &metrics_->GetHistogram(
      "confide_db_commit_seconds", "Time to make a batch durable (COMMIT, with its fsync).",
      core::LatencyBuckets());
}

void DatabaseMetrics::CountJob(JobKind kind, bool ok) {
  if (metrics_ == nullptr) return;
  if (kind == JobKind::kRead) {
    (ok ? read_ok_ : read_error_)->Add();
  } else {
    (ok ? write_ok_ : write_error_)->Add();
  }
}

void DatabaseMetrics::CountRefused(JobKind kind) {
  if (metrics_ == nullptr) return;
  (kind == JobKind::kRead ? read_refused_ : write_refused_)->Add();
}

void DatabaseMetrics::ObserveCommit(std::size_t batch_size, double seconds) {
  if (metrics_ == nullptr) return;
  batch_size_->Observe(static_cast<double>(batch_size));
  commit_seconds_->Observe(seconds);
}

void DatabaseMetrics::WatchQueuedWrites(std::function<double()> read) {
  if (metrics_ == nullptr) return;
  metrics_->AddGauge("confide_db_queued_writes", "Write jobs waiting for the writer.",
                     std::move(read));
}

}  // namespace confide::store
