#pragma once

// The server side of one WebSocket after its upgrade: reads the client's frames into
// messages for its Handler, answers pings and the closing handshake, and writes queued
// frames, many at a time in one gather write. Frames are immutable and shared: a broadcast
// encodes its frame once and queues the same bytes on every recipient.
//
// A frame queued by Send leaves at the end of the I/O loop's turn, with whatever else was queued
// in it: the connections of one thread given frames in a turn wait in one batch, which one posted
// handler writes, each straight to its socket (non-blocking). Only what a full socket buffer does
// not take is left to an asynchronous write, which completes on the I/O loop as usual.
//
// The outbound queue is bounded in bytes. A client that falls so far behind that the bound
// is crossed is a slow consumer: it is disconnected, never buffered without limit. (A frame
// larger than the bound is still sent to a client with nothing waiting.)
//
// Pongs are not queued: one waits at most. A ping that arrives while the pong of an earlier
// one has not gone out yet replaces it (RFC 6455 §5.5.3 lets a pong answer only the most
// recent ping). And while that pong waits behind a write in progress, the connection stops
// reading, until the write completes: a client that pings and never reads is held back by
// TCP's own flow control, instead of being read, and answered, faster than it reads.
//
// Thread-safety: lives on its socket's I/O thread for its whole life; every method must be
// called there. Owns itself through shared_from_this while operations are pending.

#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/frame_queue.h"
#include "http/outbound_frame.h"
#include "http/upgrade.h"
#include "http/websocket_frame.h"

namespace confide::http {

class WebSocketConnection : public std::enable_shared_from_this<WebSocketConnection> {
 public:
  class Handler {
   public:
    virtual ~Handler() = default;
    // A text or binary message.
    virtual void OnMessage(WebSocketConnection& from, websocket::Opcode opcode,
                           std::string payload) = 0;
    // The connection ended without being asked to: the peer closed or vanished, it broke
    // the protocol, or it fell behind. Called at most once, and never after Close or Abort.
    virtual void OnClosed(WebSocketConnection& from, std::string_view reason) = 0;
  };

  struct Options {
    std::size_t max_message_bytes = 1'000'000;  // larger: closed with 1009
    std::size_t max_queued_bytes = 8 << 20;     // more unsent than this: a slow consumer
  };

  // Completes the upgrade: queues the 101 answer with `accept_key`, then `first` if given
  // (so that nothing can be written between them), and starts reading, beginning with the
  // bytes that arrived with the request.
  static std::shared_ptr<WebSocketConnection> Accept(Upgrade upgrade, std::string_view accept_key,
                                                     Options options, Handler* handler,
                                                     OutboundFramePtr first = nullptr);

  WebSocketConnection(TcpSocket socket, Options options, ConnectionLimits::Slot slot = {});
  WebSocketConnection(const WebSocketConnection&) = delete;
  WebSocketConnection& operator=(const WebSocketConnection&) = delete;

  // Queues a frame. False when the connection is closed or closing, or when the frame
  // would cross the byte bound: the connection is then closed as a slow consumer
  // (the handler's OnClosed says so).
  bool Send(OutboundFramePtr frame);
  // Sends what is queued, then a close frame, then closes. The handler hears nothing more.
  void Close(std::uint16_t code, std::string_view reason = {});
  // Closes at once, dropping what is queued. The handler hears nothing more.
  void Abort();
  void SetHandler(Handler* handler) { handler_ = handler; }

  bool open() const { return state_ == State::kOpen; }
  // Bytes queued and unsent, the waiting pong included.
  std::size_t queued_bytes() const { return queued_bytes_; }

 private:
  enum class State { kOpen, kClosing, kClosed };
  struct WriteBatch;

  void Start(std::string buffered);
  void Read();
  void OnReadable(boost::system::error_code ec);
  bool Deliver(std::string_view bytes);
  std::optional<std::size_t> Consume(std::string_view input);
  void OnControl(websocket::MessageReader::Message& message);
  void Pong(std::string payload);
  bool writing() const { return in_write_ > 0 || pong_in_write_ != nullptr; }
  void Enqueue(OutboundFramePtr frame);
  void ScheduleWrite();
  void Write();
  std::size_t Gather(std::vector<boost::asio::const_buffer>& buffers);
  void Written();
  void ResumeReading();
  void OnWrite(boost::system::error_code ec);
  void Fail(std::string_view reason);
  void CloseAfter(std::uint16_t code, std::string_view reason);
  void Linger();
  void Shut();

  TcpSocket socket_;
  ConnectionLimits::Slot slot_;  // released with the socket
  Options options_;
  Handler* handler_ = nullptr;
  websocket::MessageReader reader_;
  std::string pending_;  // the start of a frame still incomplete
  FrameQueue queue_;
  std::vector<boost::asio::const_buffer> gather_;  // the write in progress; empty when idle
  std::size_t queued_bytes_ = 0;
  std::size_t in_write_ = 0;        // frames at the front of queue_ being written
  OutboundFramePtr pong_;           // the answer to the latest ping, waiting to be written
  OutboundFramePtr pong_in_write_;  // a pong in the write in progress, after its frames
  bool read_paused_ = false;        // a pong waits behind a write: reading waits for it
  std::unique_ptr<boost::asio::steady_timer> linger_;  // once our close frame is out
  State state_ = State::kOpen;
  bool shut_after_write_ = false;
  bool write_scheduled_ = false;
  bool lingering_ = false;

  // This thread's batch of connections waiting for their write, while it is open to more.
  static thread_local WriteBatch* open_batch_;
};

}  // namespace confide::http
