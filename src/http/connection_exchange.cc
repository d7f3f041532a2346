#include "http/connection_exchange.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <cassert>

#include "http/error_reply.h"
#include "http/query_string.h"
#include "http/responses.h"

namespace confide::http {

ConnectionExchange::~ConnectionExchange() {
  if (connection_ == nullptr || responded()) return;
  // A handler let go without answering: answer for it rather than leave the client hanging.
  const Error error = Error::Internal("the route's handler let go of its request unanswered");
  LogFailure(*this, error);
  boost::asio::post(executor_, [connection = std::move(connection_), sequence = sequence_,
                                response = ErrorResponse(error, request_id_)]() mutable {
    connection->Finish(sequence, std::move(response), {});
  });
}

void ConnectionExchange::Reset(std::shared_ptr<Connection> connection, std::uint64_t sequence,
                               std::string_view remote, std::string_view request_id) {
  connection_ = std::move(connection);
  sequence_ = sequence;
  responded_.store(false, std::memory_order_relaxed);
  remote_.assign(remote);
  request_id_.assign(request_id);
  user_.clear();
}

std::string_view ConnectionExchange::Param(std::string_view name) const {
  for (const auto& [key, value] : match_.params) {
    if (key == name) return value;
  }
  return {};
}

std::string_view ConnectionExchange::Target() const {
  const auto target = request_.target();
  return {target.data(), target.size()};
}

std::optional<std::string> ConnectionExchange::Query(std::string_view name) const {
  return QueryString::OfTarget(Target()).Get(name);
}

bool ConnectionExchange::HasRepeatedQuery(std::string_view name) const {
  return QueryString::OfTarget(Target()).IsRepeated(name);
}

void ConnectionExchange::Respond(Response response) {
  if (responded_.exchange(true, std::memory_order_acq_rel)) {
    assert(false && "Exchange::Respond called twice");
    return;
  }
  // The connection reference travels with the response, so the connection is released on its
  // own thread; the exchange goes back to the connection for reuse.
  boost::asio::dispatch(executor_, [self = shared_from_this(), connection = std::move(connection_),
                                    response = std::move(response)]() mutable {
    connection->Finish(self->sequence_, std::move(response), self->user_);
    connection->Recycle(std::move(self));
  });
}

void ConnectionExchange::OnAbandoned(std::function<void()> callback) {
  if (connection_ == nullptr || responded()) return;
  boost::asio::dispatch(executor_, [connection = connection_, sequence = sequence_,
                                    callback = std::move(callback)]() mutable {
    connection->WatchPeer(sequence, std::move(callback));
  });
}

}  // namespace confide::http
