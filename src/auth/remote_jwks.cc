#include "auth/remote_jwks.h"

#include <spdlog/spdlog.h>

#include <utility>

#include "core/logging.h"
#include "core/thread_name.h"

namespace confide::auth {

RemoteJwks::RemoteJwks(Options options, const core::Clock& clock, PassKey)
    : options_(std::move(options)),
      clock_(clock),
      fetcher_(options_.fetch_timeout),
      last_fetch_started_(clock.NowMillis()) {}

Result<std::unique_ptr<RemoteJwks>> RemoteJwks::Start(Options options, const core::Clock& clock) {
  auto jwks = std::make_unique<RemoteJwks>(std::move(options), clock, PassKey());
  CONFIDE_RETURN_IF_ERROR(jwks->Refresh());
  jwks->thread_ = std::thread([raw = jwks.get()] { raw->Run(); });
  return jwks;
}

RemoteJwks::~RemoteJwks() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  fetcher_.Cancel();
  if (thread_.joinable()) thread_.join();
}

void RemoteJwks::RequestRefresh() {
  const core::EpochMillis now = clock_.NowMillis();
  core::EpochMillis last = last_fetch_started_.load();
  if (now - last < options_.min_on_demand_interval.count()) return;
  // Of many threads seeing the same unknown key at once, one asks.
  if (!last_fetch_started_.compare_exchange_strong(last, now)) return;
  {
    std::lock_guard lock(mutex_);
    refresh_requested_ = true;
  }
  wake_.notify_one();
}

Status RemoteJwks::Refresh() {
  last_fetch_started_.store(clock_.NowMillis());
  Result<std::string> body = fetcher_.Get(options_.url);
  if (!body.ok()) return Error::Unavailable("JWKS " + options_.url + ": " + body.error().message());
  Result<KeySet> set = KeySet::ParseJwks(*body);
  if (!set.ok()) return Error::Unavailable("JWKS " + options_.url + ": " + set.error().message());
  auto keys = std::make_shared<const KeySet>(std::move(*set));
  std::lock_guard lock(keys_mutex_);
  keys_.swap(keys);  // the old set is released after the lock, by `keys`
  return Status::Ok();
}

void RemoteJwks::Run() {
  core::NameThisThread("jwks");
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait_for(lock, options_.refresh_interval,
                   [this] { return stopping_ || refresh_requested_; });
    if (stopping_) return;
    refresh_requested_ = false;
    lock.unlock();
    const Status status = Refresh();
    lock.lock();
    if (stopping_) return;  // a fetch cut short by shutdown is not worth a warning
    if (!status.ok()) {
      lock.unlock();
      spdlog::warn(R"("msg":"jwks refresh failed","error":{})",
                   core::JsonQuote(status.error().message()));
      lock.lock();
    }
  }
}

}  // namespace confide::auth
