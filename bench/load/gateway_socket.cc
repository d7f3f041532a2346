// One client of the gateway (see gateway_socket.h).

#include "gateway_socket.h"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>

#include "clock.h"
#include "fatal.h"
#include "http_response.h"
#include "tcp.h"
#include "websocket.h"

namespace confide::load {
namespace {

constexpr std::string_view kTarget = "/socket.io/?EIO=4&transport=websocket";
constexpr std::string_view kNamespace = "/messaging,";
constexpr std::string_view kContentPrefix = R"("content":"b:)";
constexpr std::uint64_t kMaxMessageBytes = 16 * 1024 * 1024;
// A sequence number this far beyond the expected one is not a gap but a corrupt frame; the
// missing ones would not fit in memory.
constexpr std::uint32_t kMaxGap = 10'000'000;

const char* StateName(int state) {
  static constexpr const char* kNames[] = {"not started", "upgrading", "opening", "authenticating",
                                           "joining",     "ready",     "closed"};
  return kNames[state];
}

}  // namespace

GatewaySocket::GatewaySocket(ThreadContext& context, std::uint32_t index)
    : context_(context),
      plan_(context.plan.clients[index]),
      index_(index),
      recipient_(plan_.room, context.plan.rooms, context.plan.LanesInRoom(plan_.room)) {}

GatewaySocket::~GatewaySocket() {
  if (fd_ >= 0) close(fd_);
}

void GatewaySocket::Start() {
  const Endpoint& endpoint = context_.endpoints[plan_.node];
  fd_ = StartConnect(endpoint);
  if (fd_ < 0) SetUpFailed(std::string("connect: ") + std::strerror(errno));
  key_ = WebSocketKey(context_.random);
  while (mask_ == 0) mask_ = static_cast<std::uint32_t>(context_.random());
  out_ = UpgradeRequest(endpoint.host_header, kTarget, key_);
  state_ = State::kUpgrading;
  ++context_.handshakes;
  context_.loop.Watch(fd_, EPOLLIN | EPOLLOUT, this);
  watching_output_ = true;
}

bool GatewaySocket::Complete() const {
  return closed() || (context_.expected_in_room != nullptr &&
                      recipient_.received() >= (*context_.expected_in_room)[plan_.room]);
}

void GatewaySocket::CheckComplete() {
  if (counted_short_ && Complete()) {
    counted_short_ = false;
    --context_.clients_short;
  }
}

void GatewaySocket::OnReady(std::uint32_t events) {
  if (fd_ < 0) return;
  // An error too is read: what arrived before it first, then recv() reports it (a refused
  // connect included).
  if ((events & (EPOLLIN | EPOLLHUP | EPOLLERR)) != 0) Read();
  if (fd_ >= 0 && (events & EPOLLOUT) != 0) Flush();
}

void GatewaySocket::Read() {
  const ssize_t got = context_.buffer.Receive(fd_, in_);
  if (got == 0) return Lost("closed by the server");
  if (got < 0) {
    if (errno == EAGAIN || errno == EWOULDBLOCK) return;
    return Lost(std::strerror(errno));
  }
  const double at = NowMs();
  char* const data = context_.buffer.data();
  const std::size_t size = context_.buffer.size();
  std::size_t used = 0;
  if (state_ == State::kUpgrading) {
    const std::string_view bytes(data, size);
    ResponseHead head;
    switch (ParseResponseHead(bytes, head)) {
      case Parse::kNeedMore:
        in_.assign(data, size);
        return;
      case Parse::kBad:
        SetUpFailed("bad answer to the WebSocket upgrade", bytes);
      case Parse::kDone:
        break;
    }
    if (head.status != 101) SetUpFailed("the WebSocket upgrade was refused", bytes);
    if (head.websocket_accept != WebSocketAccept(key_)) {
      SetUpFailed("wrong Sec-WebSocket-Accept", bytes);
    }
    used = head.length;
    state_ = State::kOpening;
  }
  used += ConsumeFrames(data + used, size - used, at);
  if (fd_ >= 0) in_.assign(data + used, size - used);
}

std::size_t GatewaySocket::ConsumeFrames(char* data, std::size_t size, double at) {
  std::size_t used = 0;
  while (fd_ >= 0) {
    FrameHeader header;
    if (!ParseFrameHeader({data + used, size - used}, header)) break;
    if (header.payload_length > kMaxMessageBytes) {
      Lost("a frame too large");
      break;
    }
    const auto length = static_cast<std::size_t>(header.payload_length);
    if (size - used - header.header_length < length) break;
    char* const payload = data + used + header.header_length;
    used += header.header_length + length;
    if (header.masked) {  // servers must not mask; unmasked to be read all the same
      const char key[4] = {static_cast<char>(header.mask >> 24),
                           static_cast<char>(header.mask >> 16),
                           static_cast<char>(header.mask >> 8), static_cast<char>(header.mask)};
      for (std::size_t i = 0; i < length; ++i) payload[i] ^= key[i & 3];
    }
    const std::string_view bytes(payload, length);
    switch (header.opcode) {
      case kOpPing:
        SendFrame(kOpPong, bytes);
        break;
      case kOpPong:
        break;
      case kOpClose:
        Lost("a close frame from the server");
        break;
      case kOpText:
      case kOpBinary:
        if (header.fin && fragments_.empty()) {
          if (header.opcode == kOpText) OnMessage(bytes, at);
          break;
        }
        fragments_opcode_ = header.opcode;
        fragments_.assign(bytes);
        break;
      case kOpContinuation:
        fragments_.append(bytes);
        if (fragments_.size() > kMaxMessageBytes) {
          Lost("a fragmented message too large");
        } else if (header.fin) {
          const std::string message = std::move(fragments_);
          fragments_.clear();
          if (fragments_opcode_ == kOpText) OnMessage(message, at);
        }
        break;
      default:
        Lost("a frame of an unknown opcode");
        break;
    }
  }
  return used;
}

void GatewaySocket::OnMessage(std::string_view text, double at) {
  if (text.empty()) return;
  switch (text[0]) {
    case '0':  // Engine.IO open: CONNECT to the namespace with the token
      if (state_ == State::kOpening) {
        SendText(std::string("40/messaging,{\"token\":\"") + plan_.token + "\"}");
        state_ = State::kAuthenticating;
      }
      break;
    case '1':
      Lost("an Engine.IO close from the server");
      break;
    case '2': {  // ping: pong with the same payload
      char pong[64];
      if (text.size() < sizeof pong) {
        pong[0] = '3';
        std::memcpy(pong + 1, text.data() + 1, text.size() - 1);
        SendText({pong, text.size()});
      } else {
        SendText("3" + std::string(text.substr(1)));
      }
      break;
    }
    case '4':
      OnSocketIo(text.substr(1), text, at);
      break;
    default:  // pong, noop
      break;
  }
}

void GatewaySocket::OnSocketIo(std::string_view packet, std::string_view text, double at) {
  if (packet.size() < 1 + kNamespace.size() || packet.substr(1, kNamespace.size()) != kNamespace) {
    if (packet.size() >= 1 && (packet[0] == '4') && state_ < State::kReady) {
      SetUpFailed("connect_error", text);
    }
    return;  // the main namespace, or one without data
  }
  const std::string_view body = packet.substr(1 + kNamespace.size());
  switch (packet[0]) {
    case '2': {  // EVENT [ack id] ["name", ...]
      std::size_t i = 0;
      while (i < body.size() && body[i] >= '0' && body[i] <= '9') ++i;
      if (body.size() < i + 2 || body[i] != '[' || body[i + 1] != '"') return;
      const auto name_end = body.find('"', i + 2);
      if (name_end == std::string_view::npos) return;
      const std::string_view name = body.substr(i + 2, name_end - i - 2);
      if (name == "new_message") {
        if (state_ == State::kReady) OnNewMessage(text, at);
      } else if (name == "authenticated") {
        if (state_ == State::kAuthenticating) {
          SendText(std::string(R"(42/messaging,0["join_conversation",{"conversationId":")") +
                   plan_.conversation_id + "\"}]");
          state_ = State::kJoining;
        }
      } else if (name == "auth_error" && state_ < State::kReady) {
        SetUpFailed("auth_error", text);
      }
      break;
    }
    case '3':  // ACK: the only one asked for is join_conversation's, id 0
      if (state_ == State::kJoining) {
        if (body.substr(0, 12) != R"(0[{"ok":true)") {
          SetUpFailed("join_conversation was not acknowledged with ok", text);
        }
        state_ = State::kReady;
        --context_.handshakes;
        ++context_.clients_ready;
        context_.last_progress_ms = NowMs();
      }
      break;
    case '4':  // CONNECT_ERROR
      if (state_ < State::kReady) SetUpFailed("connect_error", text);
      Lost("connect_error");
      break;
    case '1':  // DISCONNECT
      if (state_ < State::kReady) SetUpFailed("disconnected from the namespace", text);
      Lost("disconnected from the namespace");
      break;
    default:  // CONNECT's answer: nothing to do
      break;
  }
}

void GatewaySocket::OnNewMessage(std::string_view text, double at) {
  const void* found =
      memmem(text.data(), text.size(), kContentPrefix.data(), kContentPrefix.size());
  if (found == nullptr) return;  // not one of the lanes' messages
  const char* p = static_cast<const char*>(found) + kContentPrefix.size();
  const char* const end = text.data() + text.size();
  std::uint32_t lane = 0;
  std::uint32_t seq = 0;
  double t0 = 0;
  auto r = std::from_chars(p, end, lane);
  bool ok = r.ec == std::errc() && r.ptr < end && *r.ptr == ':';
  if (ok) {
    r = std::from_chars(r.ptr + 1, end, seq);
    ok = r.ec == std::errc() && r.ptr < end && *r.ptr == ':';
  }
  if (ok) {
    r = std::from_chars(r.ptr + 1, end, t0);
    ok = r.ec == std::errc() && r.ptr < end && *r.ptr == '"';
  }
  if (!ok) Fatal("client " + std::to_string(index_) + ": a malformed message content", text);
  if (!checked_shape_) {
    const std::string conversation = "\"conversationId\":\"" + plan_.conversation_id + "\"";
    if (text.find(conversation) == std::string_view::npos ||
        text.find(R"("id":")") == std::string_view::npos) {
      Fatal("client " + std::to_string(index_) + ": a new_message not of its conversation", text);
    }
    checked_shape_ = true;
  }
  const Plan& plan = context_.plan;
  if (lane >= plan.lanes.size() || lane % plan.rooms != plan_.room) {
    Fatal("client " + std::to_string(index_) + ": a message of another room's lane", text);
  }
  if (seq > recipient_.Expected(lane) && seq - recipient_.Expected(lane) > kMaxGap) {
    Fatal("client " + std::to_string(index_) + ": an implausible sequence number", text);
  }
  if (recipient_.Accept(lane, seq) == Recipient::Outcome::kDuplicate) return;
  if (t0 >= context_.window_start && t0 < context_.window_end) {
    const double latency = at - t0;
    context_.latency.Add(latency);
    if (plan.lanes[lane].node != plan_.node) context_.latency_other_node.Add(latency);
  }
  if (at >= context_.window_start && at < context_.window_end) ++context_.delivered_in_window;
  if (counted_short_) CheckComplete();
}

void GatewaySocket::SendText(std::string_view text) { SendFrame(kOpText, text); }

void GatewaySocket::SendFrame(unsigned char opcode, std::string_view payload) {
  AppendMaskedFrame(out_, opcode, payload, mask_);
  Flush();
}

void GatewaySocket::Flush() {
  std::size_t sent = 0;
  while (sent < out_.size()) {
    const ssize_t n = send(fd_, out_.data() + sent, out_.size() - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<std::size_t>(n);
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      break;
    } else {
      return Lost(std::strerror(errno));
    }
  }
  out_.erase(0, sent);
  const bool want_output = !out_.empty();
  if (want_output != watching_output_) {
    context_.loop.Change(fd_, want_output ? EPOLLIN | EPOLLOUT : EPOLLIN, this);
    watching_output_ = want_output;
  }
}

void GatewaySocket::Lost(std::string_view why) {
  if (state_ < State::kReady) SetUpFailed(why);
  close(fd_);
  fd_ = -1;
  state_ = State::kClosed;
  in_.clear();
  out_.clear();
  if (!context_.finishing) {
    ++context_.unexpected_closes;
    if (!context_.closes_reported) {
      context_.closes_reported = true;
      std::fprintf(stderr, "confide_load: client %u lost its socket: %.*s (any others counted)\n",
                   index_, static_cast<int>(why.size()), why.data());
    }
  }
  CheckComplete();
}

void GatewaySocket::SetUpFailed(std::string_view why, std::string_view shown) {
  Fatal("client " + std::to_string(index_) + " (" + StateName(static_cast<int>(state_)) +
            "): " + std::string(why),
        shown);
}

}  // namespace confide::load
