#pragma once

// One client of the gateway: a WebSocket to /socket.io/?EIO=4&transport=websocket speaking
// Engine.IO v4 / Socket.IO v5 text frames on the /messaging namespace, as fanout.mjs's
// GatewayClient does. Set-up: the HTTP upgrade (101 with the right accept key), Engine.IO
// open `0{...}` → `40/messaging,{"token":...}`, `authenticated` →
// `42/messaging,0["join_conversation",{"conversationId":...}]`, its ack `43/messaging,0[{"ok":
// true...` → ready. Anything else during set-up ends the run (Fatal). Afterwards it answers
// pings and checks and times every `new_message`; other events are ignored.

#include <cstdint>
#include <string>
#include <string_view>

#include "event_loop.h"
#include "plan.h"
#include "recipient.h"
#include "thread_context.h"

namespace confide::load {

class GatewaySocket final : public EventLoop::Handler {
 public:
  GatewaySocket(ThreadContext& context, std::uint32_t index);
  GatewaySocket(const GatewaySocket&) = delete;
  GatewaySocket& operator=(const GatewaySocket&) = delete;
  ~GatewaySocket();

  // Starts the TCP connect and the handshakes; context.clients_ready counts it once joined.
  void Start();

  bool closed() const { return state_ == State::kClosed; }
  const Recipient& recipient() const { return recipient_; }

  // Draining: true once the recipient has what its room's lanes had accepted, or is closed.
  bool Complete() const;
  // Counted in context.clients_short until Complete(); marks it so that it is counted once.
  void set_counted_short(bool short_of_messages) { counted_short_ = short_of_messages; }

  void OnReady(std::uint32_t events) override;

 private:
  enum class State { kIdle, kUpgrading, kOpening, kAuthenticating, kJoining, kReady, kClosed };

  void Read();
  // Consumes whole frames from `data`; returns the bytes used.
  std::size_t ConsumeFrames(char* data, std::size_t size, double at);
  void OnMessage(std::string_view text, double at);
  void OnSocketIo(std::string_view packet, std::string_view text, double at);
  void OnNewMessage(std::string_view text, double at);
  void SendText(std::string_view text);
  void SendFrame(unsigned char opcode, std::string_view payload);
  void Flush();
  void Lost(std::string_view why);
  void CheckComplete();
  [[noreturn]] void SetUpFailed(std::string_view why, std::string_view shown = {});

  ThreadContext& context_;
  const ClientPlan& plan_;
  const std::uint32_t index_;  // in the plan
  int fd_ = -1;
  State state_ = State::kIdle;
  bool watching_output_ = false;
  bool checked_shape_ = false;
  bool counted_short_ = false;
  std::uint32_t mask_ = 0;
  std::string key_;        // Sec-WebSocket-Key
  std::string in_;         // received, not parsed yet
  std::string out_;        // not sent yet
  std::string fragments_;  // a fragmented message being put together
  unsigned char fragments_opcode_ = 0;
  Recipient recipient_;
};

}  // namespace confide::load
