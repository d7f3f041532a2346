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

// The connections of one thread waiting for their write, written by one posted call.
struct WebSocketConnection::WriteBatch {
  explicit WriteBatch(boost::asio::execution_context* on) : context(on) {}
  WriteBatch(const WriteBatch&) = delete;
  WriteBatch& operator=(const WriteBatch&) = delete;
  // Unrun when its I/O loop is destroyed first: the thread's next write opens a new batch.
  ~WriteBatch() {
    if (open_batch_ == this) open_batch_ = nullptr;
  }
  void Run() {
    if (open_batch_ == this) open_batch_ = nullptr;
    for (const auto& connection : connections) {
      connection->write_scheduled_ = false;
      connection->Write();
    }
  }

  boost::asio::execution_context* context;
  std::vector<std::shared_ptr<WebSocketConnection>> connections;
};

thread_local WebSocketConnection::WriteBatch* WebSocketConnection::open_batch_ = nullptr;

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

// The write starts once this turn's other work is done, so that frames queued in this turn (a
// run of broadcasts, say) leave together. The connections of a thread that have frames to
// write wait in one batch, which one posted call writes: a broadcast to a thousand sockets
// costs one hand-off to the I/O loop, not a thousand.
void WebSocketConnection::ScheduleWrite() {
  if (writing() || write_scheduled_) return;
  write_scheduled_ = true;
  auto* context = &socket_.get_executor().context();
  if (open_batch_ == nullptr || open_batch_->context != context) {
    auto batch = std::make_shared<WriteBatch>(context);
    open_batch_ = batch.get();
    boost::asio::post(socket_.get_executor(), [batch = std::move(batch)] { batch->Run(); });
  }
  open_batch_->connections.push_back(shared_from_this());
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

// Writes what is queued: up to kMaxFramesPerWrite frames at a time, and the waiting pong after
// them, in one gather write. (The pong goes last: the 101 answer, queued first, must lead.)
// The socket takes the bytes at once unless its buffer is full: then the rest waits for it to
// drain, in an asynchronous write. (A socket that failed also ends its write there, so that
// the handler hears of it from the I/O loop, never from within a call to this connection.)
void WebSocketConnection::Write() {
  while (!writing() && state_ != State::kClosed) {
    if (queue_.empty() && pong_ == nullptr) {
      if (shut_after_write_) Linger();
      return;
    }
    thread_local std::vector<boost::asio::const_buffer> t_gather;
    t_gather.clear();
    const std::size_t bytes = Gather(t_gather);
    boost::system::error_code ec;
    const std::size_t sent = socket_.write_some(t_gather, ec);  // the socket is non-blocking
    if (!ec && sent == bytes) {
      Written();
      ResumeReading();
      continue;
    }
    gather_.assign(t_gather.begin(), t_gather.end());
    // The write operation copies the sequence it is given: a view, not the vector.
    auto rest = boost::asio::buffer_sequence_begin(gather_);
    std::size_t skip = ec ? 0 : sent;
    while (skip > 0 && skip >= rest->size()) skip -= (rest++)->size();
    if (skip > 0) *rest += skip;
    boost::asio::async_write(
        socket_,
        std::span<const boost::asio::const_buffer>(&*rest, gather_.data() + gather_.size()),
        [self = shared_from_this()](boost::system::error_code write_ec, std::size_t) {
          self->OnWrite(write_ec);
        });
    return;
  }
}

// Puts the frames of the next write, and the waiting pong, into `buffers`; their size.
std::size_t WebSocketConnection::Gather(std::vector<boost::asio::const_buffer>& buffers) {
  std::size_t bytes = 0;
  for (const auto& frame : queue_) {
    if (in_write_ == kMaxFramesPerWrite || (in_write_ > 0 && bytes >= kWriteBatchBytes)) break;
    if (frame->header.size > 0) {
      buffers.emplace_back(frame->header.bytes.data(), frame->header.size);
    }
    buffers.emplace_back(frame->payload.data(), frame->payload.size());
    bytes += WireSize(*frame);
    ++in_write_;
  }
  if (pong_ != nullptr) {
    buffers.emplace_back(pong_->header.bytes.data(), pong_->header.size);
    buffers.emplace_back(pong_->payload.data(), pong_->payload.size());
    bytes += WireSize(*pong_);
    pong_in_write_ = std::move(pong_);
    pong_ = nullptr;
  }
  return bytes;
}

// The frames of the write in progress, and its pong, are out.
void WebSocketConnection::Written() {
  for (std::size_t i = 0; i < in_write_ && !queue_.empty(); ++i) {
    queued_bytes_ -= WireSize(*queue_.front());
    queue_.pop_front();
  }
  in_write_ = 0;
  if (pong_in_write_ != nullptr) queued_bytes_ -= WireSize(*std::exchange(pong_in_write_, nullptr));
}

void WebSocketConnection::ResumeReading() {
  if (read_paused_ && !(pong_ != nullptr && writing())) {
    read_paused_ = false;
    Read();
  }
}

void WebSocketConnection::OnWrite(boost::system::error_code ec) {
  Written();
  std::vector<boost::asio::const_buffer>().swap(gather_);
  if (state_ == State::kClosed) return;
  if (ec) return Fail("transport error");
  Write();
  ResumeReading();
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
