#pragma once

// Database work for a socket, without blocking its I/O thread: the job runs on the store's
// threads and its result comes back on the socket's thread, if the socket is still there.
// Thread-safety: call from the socket's thread; `done` runs there.

#include <boost/asio/post.hpp>
#include <functional>
#include <memory>

#include "core/result.h"
#include "realtime/event_limits.h"
#include "realtime/member.h"
#include "socketio/socket.h"
#include "store/database.h"

namespace confide::realtime {

template <class T>
using SocketDone = std::function<void(socketio::Socket&, Result<T>)>;

namespace internal {

template <class T>
std::function<void(Result<T>)> BackOnSocket(const std::shared_ptr<socketio::Socket>& socket,
                                            SocketDone<T> done) {
  return [weak = std::weak_ptr<socketio::Socket>(socket), &io = socket->io(),
          done = std::move(done)](Result<T> result) {
    boost::asio::post(io, [weak, done, result = std::move(result)]() mutable {
      auto socket = weak.lock();
      if (socket == nullptr || socket->state() == socketio::Socket::State::kDisconnected) return;
      done(*socket, std::move(result));
    });
  };
}

}  // namespace internal

template <class T>
void ReadForSocket(store::Database& db, const std::shared_ptr<socketio::Socket>& socket,
                   std::function<Result<T>(store::Transaction&)> work, SocketDone<T> done) {
  store::Read<T>(db, std::move(work), internal::BackOnSocket<T>(socket, std::move(done)));
}

// As ReadForSocket, for an admitted socket's event: counted in the socket's jobs in flight
// until its result is back, and refused (nothing submitted, the error returned) when `limits`
// allow the socket no more.
template <class T>
Status ReadForEvent(store::Database& db, const EventLimits& limits, socketio::Socket& socket,
                    std::function<Result<T>(store::Transaction&)> work, SocketDone<T> done) {
  Member& member = *MemberOf(socket);
  CONFIDE_RETURN_IF_ERROR(limits.AdmitJob(member));
  ++member.jobs_in_flight;
  ReadForSocket<T>(db, socket.shared_from_this(), std::move(work),
                   [done = std::move(done)](socketio::Socket& socket, Result<T> result) {
                     if (Member* member = MemberOf(socket)) --member->jobs_in_flight;
                     done(socket, std::move(result));
                   });
  return Status::Ok();
}

template <class T>
void WriteForSocket(store::Database& db, const std::shared_ptr<socketio::Socket>& socket,
                    std::function<Result<T>(store::Transaction&)> work, SocketDone<T> done) {
  store::Write<T>(db, std::move(work), internal::BackOnSocket<T>(socket, std::move(done)));
}

}  // namespace confide::realtime
