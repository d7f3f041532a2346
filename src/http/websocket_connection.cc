#include "http/websocket_connection.h"

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <span>
#include <utility>

#include "http/websocket_handshake.h"

namespace confide::http {
namespace {

using websocket::Opcode;

// At most this many frames, or about this many bytes, go into one gather write.
constexpr std::size_t kMaxFramesPerWrite = 64;
constexpr std::size_t kWriteBatchBytes = 256 * 1024;
constexpr std::size_t kReadChunk = 16 * 1024;
// After our close frame, how long the client has to answer it before the socket closes.
constexpr std::chrono::seconds kCloseLinger{2};

std::size_t WireSize(const OutboundFrame& frame) {
  return frame.header.size + frame.payload.size();
}

}  // namespace

OutboundFramePtr MakeFrame(Opcode opcode, std::string payload) {
  auto frame = std::make_shared<OutboundFrame>();
  frame->header = websocket::EncodeHeader(opcode, payload.size());
  frame->payload = std::move(payload);
  return frame;
}

std::shared_ptr<WebSocketConnection> WebSocketConnection::Accept(Upgrade upgrade,
                                                                 std::string_view accept_key,
                                                                 Options options, Handler* handler,
                                                                 OutboundFramePtr first) {
  auto connection = std::make_shared<WebSocketConnection>(std::move(upgrade.socket), options,
                                                          std::move(upgrade.slot));
  connection->handler_ = handler;
  // The 101 answer travels as a frame without a header: raw bytes ahead of every frame.
  auto switching = std::make_shared<OutboundFrame>();
  switching->payload = websocket::SwitchingProtocols(accept_key);
  connection->Enqueue(std::move(switching));
  if (first != nullptr) connection->Enqueue(std::move(first));
  connection->Start(std::move(upgrade.buffered));
  return connection;
}

WebSocketConnection::WebSocketConnection(TcpSocket socket, Options options,
                                         ConnectionLimits::Slot slot)
    : socket_(std::move(socket)),
      slot_(std::move(slot)),
      options_(options),
      reader_(options.max_message_bytes) {
  boost::system::error_code ec;
  socket_.set_option(boost::asio::ip::tcp::no_delay(true), ec);
  socket_.non_blocking(true, ec);  // reads follow readiness (OnReadable)
}

void WebSocketConnection::Start(std::string buffered) {
  if (!buffered.empty() && !Deliver(buffered)) return;
  Write();
  Read();
}

bool WebSocketConnection::Send(OutboundFramePtr frame) {
  if (state_ != State::kOpen) return false;
  // The bound is on a backlog: one frame, however large, is taken when nothing is waiting.
  if (!queue_.empty() && queued_bytes_ + WireSize(*frame) > options_.max_queued_bytes) {
    Fail("slow consumer");
    return false;
  }
  Enqueue(std::move(frame));
  ScheduleWrite();
  return true;
}

// The write starts on the next turn of the I/O loop, so that frames queued in this turn (a
// run of broadcasts, say) leave together in one gather write.
void WebSocketConnection::ScheduleWrite() {
  if (writing() || write_scheduled_) return;
  write_scheduled_ = true;
  boost::asio::post(socket_.get_executor(), [self = shared_from_this()] {
    self->write_scheduled_ = false;
    self->Write();
  });
}

void WebSocketConnection::Close(std::uint16_t code, std::string_view reason) {
  handler_ = nullptr;
  CloseAfter(code, reason);
}

void WebSocketConnection::Abort() {
  handler_ = nullptr;
  Shut();
}

// Waits until the socket is readable, then reads into the thread's scratch space: a
// connection keeps only the bytes of a frame still incomplete, so an idle one holds no read
// buffer at all.
void WebSocketConnection::Read() {
  if (state_ == State::kClosed) return;
  if (pong_ != nullptr && writing()) {
    read_paused_ = true;  // OnWrite reads again
    return;
  }
  socket_.async_wait(
      TcpSocket::wait_read,
      [self = shared_from_this()](boost::system::error_code ec) { self->OnReadable(ec); });
}

void WebSocketConnection::OnReadable(boost::system::error_code ec) {
  if (state_ == State::kClosed) return;
  if (ec) return Fail("transport error");
  thread_local std::string scratch(kReadChunk, '\0');
  const std::size_t bytes = socket_.read_some(boost::asio::buffer(scratch), ec);
  if (ec == boost::asio::error::would_block || ec == boost::asio::error::try_again) return Read();
  if (ec) return Fail(ec == boost::asio::error::eof ? "transport close" : "transport error");
  if (lingering_) return Read();  // waiting for the client's close: the rest is discarded
  if (Deliver({scratch.data(), bytes})) Read();
}

// Reads the messages in `bytes`, after the incomplete frame kept from before, and keeps what
// is left of a frame still incomplete. False once the connection is done.
bool WebSocketConnection::Deliver(std::string_view bytes) {
  if (pending_.empty()) {
    const auto consumed = Consume(bytes);
    if (!consumed) return false;
    pending_.assign(bytes.substr(*consumed));
  } else {
    pending_.append(bytes);
    const auto consumed = Consume(pending_);
    if (!consumed) return false;
    pending_.erase(0, *consumed);
  }
  if (pending_.empty() && pending_.capacity() > kReadChunk) std::string().swap(pending_);
  return state_ != State::kClosed;
}

// Hands every complete message in `input` to the handler; the bytes consumed, or nullopt once
// the connection is done.
std::optional<std::size_t> WebSocketConnection::Consume(std::string_view input) {
  std::vector<websocket::MessageReader::Message> messages;  // an idle connection keeps none
  auto result = reader_.Read(input, messages);
  if (const auto* failure = std::get_if<websocket::MessageReader::Failure>(&result)) {
    if (handler_ != nullptr) {
      auto* handler = std::exchange(handler_, nullptr);
      handler->OnClosed(*this, failure->reason);
    }
    CloseAfter(failure->close_code, failure->reason);
    return std::nullopt;
  }
  for (auto& message : messages) {
    if (state_ == State::kClosed) return std::nullopt;
    if (message.opcode == Opcode::kText || message.opcode == Opcode::kBinary) {
      if (handler_ != nullptr && state_ == State::kOpen) {
        handler_->OnMessage(*this, message.opcode, std::move(message.payload));
      }
    } else {
      OnControl(message);
    }
  }
  if (state_ == State::kClosed) return std::nullopt;
  return std::get<std::size_t>(result);
}

void WebSocketConnection::OnControl(websocket::MessageReader::Message& message) {
  if (message.opcode == Opcode::kPing) {
    if (state_ == State::kOpen) Pong(std::move(message.payload));
  } else if (message.opcode == Opcode::kClose) {
    // The closing handshake: answer with the client's code, then close.
    const auto code = websocket::CloseCode(message.payload).value_or(websocket::kCloseNormal);
    if (handler_ != nullptr) {
      auto* handler = std::exchange(handler_, nullptr);
      handler->OnClosed(*this, "transport close");
    }
    CloseAfter(code, {});
  }
}

// The answer to the latest ping replaces one still waiting; it leaves with the next write.
void WebSocketConnection::Pong(std::string payload) {
  if (pong_ != nullptr) queued_bytes_ -= WireSize(*pong_);
  pong_ = MakeFrame(Opcode::kPong, std::move(payload));
  queued_bytes_ += WireSize(*pong_);
  Write();
}

void WebSocketConnection::Enqueue(OutboundFramePtr frame) {
  queued_bytes_ += WireSize(*frame);
  queue_.push_back(std::move(frame));
}

// Writes up to kMaxFramesPerWrite queued frames, and the waiting pong after them, in one
// gather write. (The pong goes last: the 101 answer, queued first, must lead.)
void WebSocketConnection::Write() {
  if (writing() || state_ == State::kClosed) return;
  if (queue_.empty() && pong_ == nullptr) {
    if (shut_after_write_) Linger();
    return;
  }
  gather_.clear();
  std::size_t bytes = 0;
  for (const auto& frame : queue_) {
    if (in_write_ == kMaxFramesPerWrite || (in_write_ > 0 && bytes >= kWriteBatchBytes)) break;
    if (frame->header.size > 0) {
      gather_.emplace_back(frame->header.bytes.data(), frame->header.size);
    }
    gather_.emplace_back(frame->payload.data(), frame->payload.size());
    bytes += WireSize(*frame);
    ++in_write_;
  }
  if (pong_ != nullptr) {
    gather_.emplace_back(pong_->header.bytes.data(), pong_->header.size);
    gather_.emplace_back(pong_->payload.data(), pong_->payload.size());
    pong_in_write_ = std::move(pong_);
    pong_ = nullptr;
  }
  // The write operation copies the sequence it is given: a view, not the vector.
  boost::asio::async_write(socket_, std::span<const boost::asio::const_buffer>(gather_),
                           [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
                             self->OnWrite(ec, self->in_write_);
                           });
}

void WebSocketConnection::OnWrite(boost::system::error_code ec, std::size_t count) {
  for (std::size_t i = 0; i < count && !queue_.empty(); ++i) {
    queued_bytes_ -= WireSize(*queue_.front());
    queue_.pop_front();
  }
  in_write_ = 0;
  if (pong_in_write_ != nullptr) queued_bytes_ -= WireSize(*std::exchange(pong_in_write_, nullptr));
  if (state_ == State::kClosed) return;
  if (ec) return Fail("transport error");
  Write();
  if (!writing()) std::vector<boost::asio::const_buffer>().swap(gather_);  // idle: keep nothing
  if (read_paused_ && !(pong_ != nullptr && writing())) {
    read_paused_ = false;
    Read();
  }
}

// Ends the connection on the peer's account: the handler hears why, once.
void WebSocketConnection::Fail(std::string_view reason) {
  if (state_ == State::kClosed) return;
  if (handler_ != nullptr) {
    auto* handler = std::exchange(handler_, nullptr);
    handler->OnClosed(*this, reason);
  }
  Shut();
}

// Queues a close frame behind what is queued; the socket closes once it is written.
void WebSocketConnection::CloseAfter(std::uint16_t code, std::string_view reason) {
  if (state_ != State::kOpen) return;
  state_ = State::kClosing;
  if (pong_ != nullptr) {
    // The pong owed goes before the close frame, after which nothing may be sent.
    queued_bytes_ -= WireSize(*pong_);
    Enqueue(std::exchange(pong_, nullptr));
  }
  auto frame = std::make_shared<OutboundFrame>();
  frame->payload = websocket::EncodeClose(code, reason);
  queued_bytes_ += frame->payload.size();
  queue_.push_back(std::move(frame));
  shut_after_write_ = true;
  Write();
}

// Our close frame is out: stop sending and wait, reading, for the client to close its side
// (Read discards input meanwhile), so that it sees a clean close rather than a reset.
void WebSocketConnection::Linger() {
  if (lingering_) return;
  lingering_ = true;
  boost::system::error_code ec;
  socket_.shutdown(TcpSocket::shutdown_send, ec);
  if (ec) return Shut();
  linger_ = std::make_unique<boost::asio::steady_timer>(socket_.get_executor());
  linger_->expires_after(kCloseLinger);
  linger_->async_wait([self = shared_from_this()](boost::system::error_code wait_ec) {
    if (!wait_ec) self->Shut();
  });
}

void WebSocketConnection::Shut() {
  if (state_ == State::kClosed) return;
  state_ = State::kClosed;
  if (linger_ != nullptr) linger_->cancel();
  boost::system::error_code ec;
  socket_.shutdown(TcpSocket::shutdown_both, ec);
  socket_.close(ec);
  slot_ = {};
}

}  // namespace confide::http
