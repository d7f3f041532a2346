#pragma once

// How a route calls the service layer without blocking its I/O thread: for a caller whose
// token the route has verified (AddMessagingRoute), find or provision the user and run the
// service call as a job on the database's threads (reads on the reader pool, changes on the
// group-commit writer), and answer once the job is done — for a change, once its commit is
// durable.
// Thread-safety: immutable after construction (its rate limiters are thread-safe); any
// thread. Completions run on store threads and answer through Exchange::Respond, which hands
// the response to the connection's thread.

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "api/authenticator.h"
#include "core/rate_limiter.h"
#include "domain/events.h"
#include "domain/messaging_service.h"
#include "http/error_reply.h"
#include "http/exchange.h"
#include "http/responses.h"
#include "store/database.h"

namespace confide::api {

// Told of the events of every committed change (the real-time gateway listens here).
using ChangeListener = std::function<void(const std::vector<domain::DomainEvent>&)>;

// Which of a user's allowances a change draws on.
enum class WriteKind {
  kMessage,  // sending or editing a message (--rate-messages)
  kOther,    // any other change (--rate-writes)
};

// Per-user limits on changes, keyed by the user's id and so shared by every connection of the
// user on this node. A null limiter is no limit.
struct WriteLimits {
  core::RateLimiter* messages = nullptr;
  core::RateLimiter* other = nullptr;
};

class ServiceCalls {
 public:
  template <class T>
  using ReadWork = std::function<Result<T>(store::Transaction&, const domain::Principal&)>;
  template <class T>
  using WriteWork =
      std::function<Result<domain::Change<T>>(store::Transaction&, const domain::Principal&)>;
  template <class T>
  using Render = std::function<http::Response(const T&)>;
  // Given the caller's user id (the token's subject).
  using AheadWork = std::function<void(store::Transaction&, const std::string&)>;

  ServiceCalls(store::Database& db, domain::MessagingService& service,
               const Authenticator& authenticator, WriteLimits limits = {})
      : db_(db), service_(service), authenticator_(authenticator), limits_(limits) {}

  void SetChangeListener(ChangeListener listener) { listener_ = std::move(listener); }

  // Runs `work` for the caller (the verified claims of the request's token) in a read-only
  // transaction. A caller that must first be provisioned (or whose profile the token
  // updates) is run as a write instead.
  template <class T>
  void Read(const http::ExchangePtr& ex, domain::IdentityClaims caller, ReadWork<T> work,
            Render<T> render) const;

  // Runs `work` for the caller in the writer's batch; answers after the commit. A caller over
  // their allowance of `kind` is answered 429 with Retry-After instead, and no job is made.
  // `lane`: the conversation the write changes, if known (store::Database::SubmitWriteInLane).
  // `ahead`, if set, runs first, given the caller's user id before the caller is
  // authenticated: to tell the store what `work` reads first (a read ahead).
  template <class T>
  void Write(const http::ExchangePtr& ex, domain::IdentityClaims caller, WriteKind kind,
             WriteWork<T> work, Render<T> render, std::string_view lane = {},
             AheadWork ahead = {}) const;

  // Tells the change listener, if one is set, of the events of a change that committed (on
  // the writer thread, in the job's completion). Write calls it; so do the administrators'
  // routes, which run their own jobs.
  void NotifyCommitted(const std::vector<domain::DomainEvent>& events) const {
    if (listener_ && !events.empty()) listener_(events);
  }

  store::Database& db() const { return db_; }
  domain::MessagingService& service() const { return service_; }
  const Authenticator& authenticator() const { return authenticator_; }

 private:
  template <class T>
  struct Answer {
    std::string user_id;
    T value;
  };

  template <class T>
  void ReadAsWrite(const http::ExchangePtr& ex, domain::IdentityClaims claims, ReadWork<T> work,
                   Render<T> render) const;

  // Ok, or the 429 of a caller who has used up their allowance of `kind` for now.
  Status CheckRate(WriteKind kind, const std::string& user_id) const {
    core::RateLimiter* limiter = kind == WriteKind::kMessage ? limits_.messages : limits_.other;
    if (limiter == nullptr) return Status::Ok();
    const auto wait = limiter->Take(user_id);
    if (wait == 0) return Status::Ok();
    return core::TooManyRequests(kind == WriteKind::kMessage ? "messages" : "requests", wait);
  }

  template <class T>
  static void Finish(const http::ExchangePtr& ex, Result<Answer<T>> result,
                     const Render<T>& render) {
    if (!result.ok()) {
      http::RespondError(*ex, result.error());
      return;
    }
    ex->SetLogUser(result->user_id);
    ex->Respond(render(result->value));
  }

  store::Database& db_;
  domain::MessagingService& service_;
  const Authenticator& authenticator_;
  const WriteLimits limits_;
  ChangeListener listener_;
};

template <class T>
void ServiceCalls::Read(const http::ExchangePtr& ex, domain::IdentityClaims caller,
                        ReadWork<T> work, Render<T> render) const {
  auto claims = std::make_shared<const domain::IdentityClaims>(std::move(caller));
  auto needs_write = std::make_shared<bool>(false);
  store::Read<Answer<T>>(
      db_,
      [this, claims, work, needs_write](store::Transaction& tx) -> Result<Answer<T>> {
        CONFIDE_ASSIGN_OR_RETURN(auto principal, service_.users.TryAuthenticate(tx, *claims));
        if (!principal) {
          *needs_write = true;
          return Error::Unavailable("the caller must be provisioned first");
        }
        CONFIDE_ASSIGN_OR_RETURN(T value, work(tx, *principal));
        return Answer<T>{principal->id(), std::move(value)};
      },
      [this, ex, claims, work, render, needs_write](Result<Answer<T>> result) {
        if (*needs_write) return ReadAsWrite(ex, *claims, work, render);
        Finish(ex, std::move(result), render);
      });
}

template <class T>
void ServiceCalls::ReadAsWrite(const http::ExchangePtr& ex, domain::IdentityClaims claims,
                               ReadWork<T> work, Render<T> render) const {
  store::Write<Answer<T>>(
      db_,
      [this, claims = std::move(claims),
       work = std::move(work)](store::Transaction& tx) -> Result<Answer<T>> {
        CONFIDE_ASSIGN_OR_RETURN(auto principal, service_.users.Authenticate(tx, claims));
        CONFIDE_ASSIGN_OR_RETURN(T value, work(tx, principal));
        return Answer<T>{principal.id(), std::move(value)};
      },
      [ex, render = std::move(render)](Result<Answer<T>> result) {
        Finish(ex, std::move(result), render);
      });
}

template <class T>
void ServiceCalls::Write(const http::ExchangePtr& ex, domain::IdentityClaims caller, WriteKind kind,
                         WriteWork<T> work, Render<T> render, std::string_view lane,
                         AheadWork ahead) const {
  if (auto allowed = CheckRate(kind, caller.subject); !allowed.ok()) {
    return http::RespondError(*ex, allowed.error());
  }
  auto events = std::make_shared<std::vector<domain::DomainEvent>>();
  store::Write<Answer<T>>(
      db_,
      [this, claims = std::move(caller), work = std::move(work), ahead = std::move(ahead),
       events](store::Transaction& tx) -> Result<Answer<T>> {
        if (ahead) ahead(tx, claims.subject);
        CONFIDE_ASSIGN_OR_RETURN(auto principal, service_.users.Authenticate(tx, claims));
        CONFIDE_ASSIGN_OR_RETURN(auto change, work(tx, principal));
        *events = std::move(change.events);
        return Answer<T>{principal.id(), std::move(change.value)};
      },
      [this, ex, render = std::move(render), events](Result<Answer<T>> result) {
        if (result.ok()) NotifyCommitted(*events);
        Finish(ex, std::move(result), render);
      },
      store::JobOrigin::kClient, lane);
}

}  // namespace confide::api
