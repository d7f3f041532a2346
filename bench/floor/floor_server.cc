// confide_floor: the lower bound of the gateway benchmarks (bench/gateway/fanout.mjs and
// idle.mjs). It speaks the same wire protocol as confide for what those tools do (REST over
// HTTP/1.1 keep-alive; Engine.IO v4 / Socket.IO v5 over WebSocket) and does nothing beyond
// the socket work: parse the HTTP request, build a message once, write its WebSocket frame to
// every socket of the conversation's room. confide's CPU time per delivery and memory per
// idle connection are compared with this server's.
//
//   confide_floor [--host 127.0.0.1] [--port 0]
//
// Once listening it prints {"msg":"listening","port":N} on stdout; SIGTERM or SIGINT ends it
// with status 0.
//
// How: one thread, one epoll set (edge-triggered for the connections), non-blocking sockets
// with TCP_NODELAY. Bytes are read into one shared buffer and parsed there; only an
// incomplete request or frame is copied into the connection's own buffer, which is released
// once empty. Writes go straight to send(); what the kernel does not take is queued on the
// connection and flushed on EPOLLOUT. A connection may hold about 1 MiB of unparsed input and
// 8 MiB of unsent output; beyond either it is closed. Timers (pings, dead sockets, idle HTTP
// connections) are one scan a second, driven by epoll_wait's timeout. The protocol text
// (HTTP requests, JSON string tokens, JWT claims, WebSocket frames) is in wire.h.
//
// Routes:
//   GET  /messaging/conversations[?...]           200 [] (nothing is stored to list)
//   POST /messaging/conversations                 201 a new conversation: caller + participantIds
//   POST /messaging/conversations/<id>/messages   201 the message; new_message to the room
//   GET  /socket.io/?EIO=4&transport=websocket    101, then Engine.IO / Socket.IO on /messaging
//   anything else                                 404
//
// Differences in the floor's favour (what confide does and the floor does not):
//  - The JWT's signature is NOT verified, nor its expiry or any other claim: the identity is
//    the `sub` claim read from the token's base64url payload. confide checks HMAC-SHA256 and
//    the claims on every REST call and every gateway CONNECT.
//  - No storage: conversations live in memory for the life of the process, messages are not
//    kept at all, users are nothing but the `sub` of a token (the sender's names come from
//    the caller's own token), GET /messaging/conversations answers an empty list.
//  - No JSON model: bodies are scanned by string search for the few fields used (a key nested
//    in another object could be taken for a top-level one), the content is copied raw from
//    the body as a JSON string token, and replies are built by concatenation.
//  - One room per conversation and nothing else: no per-user rooms, no presence, no
//    `presence_state` or `conversation_joined` events, no rate limits, no connection caps,
//    no request logs, no metrics, no Engine.IO polling transport, no WebSocket fragments or
//    compression, no TLS.
//  - One thread: no locks, queues or wake-ups between threads; no write batching either.

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wire.h"

namespace confide::floor {
namespace {

constexpr std::size_t kReadChunk = 64 * 1024;  // one recv() into the shared buffer
constexpr std::size_t kMaxInBytes = kMaxBodyBytes + kMaxHeaderBytes;
constexpr std::size_t kMaxOutBytes = 8 * 1024 * 1024;
constexpr std::uint64_t kMaxFramePayload = 1000000;  // maxPayload of the open packet
constexpr std::int64_t kPingIntervalMs = 25000;
constexpr std::int64_t kPingTimeoutMs = 20000;
constexpr std::int64_t kHttpIdleMs = 60000;     // keep-alive, and a request that never completes
constexpr std::int64_t kClosingGraceMs = 5000;  // for the peer to close after our last bytes
constexpr std::int64_t kTickMs = 1000;
constexpr int kListenBacklog = 4096;

constexpr std::string_view kNamespace = "/messaging";
constexpr std::string_view kConversationsPath = "/messaging/conversations";
constexpr std::string_view kMessagesSuffix = "/messages";
constexpr std::string_view kSocketIoPath = "/socket.io/";

// ---------------------------------------------------------------------------------------
// Clocks

std::int64_t MonotonicMs() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

// The wall-clock time as confide writes it: 2026-01-02T03:04:05.678Z.
std::string IsoNow() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  tm t{};
  gmtime_r(&ts.tv_sec, &t);
  char text[40];
  const int n = std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                              t.tm_year + 1900, t.tm_mon + 1, t.tm_mday, t.tm_hour, t.tm_min,
                              t.tm_sec, static_cast<int>(ts.tv_nsec / 1000000));
  return std::string(text, n > 0 ? static_cast<std::size_t>(n) : 0);
}

// An id as long as confide's (a prefix and a 26-character ULID), so that the frames carry as
// many bytes: the prefix and `n` in 26 zero-padded digits.
std::string PaddedId(std::string_view prefix, std::uint64_t n) {
  char digits[32];
  const int size =
      std::snprintf(digits, sizeof digits, "%026llu", static_cast<unsigned long long>(n));
  std::string id(prefix);
  id.append(digits, size > 0 ? static_cast<std::size_t>(size) : 0);
  return id;
}

constexpr std::string_view kBadRequest = R"({"error":"bad_request"})";
constexpr std::string_view kUnauthorized = R"({"error":"unauthorized"})";
constexpr std::string_view kForbidden = R"({"error":"forbidden"})";
constexpr std::string_view kNotFound = R"({"error":"not_found"})";

// ---------------------------------------------------------------------------------------
// State

enum class Mode : std::uint8_t { kHttp, kWebSocket };

struct Connection {
  int fd = -1;
  Mode mode = Mode::kHttp;
  bool in_namespace = false;      // CONNECTed to /messaging with a readable token
  bool closing = false;           // last bytes queued: input is dropped, FIN once they are sent
  bool dead = false;              // closed at the end of this turn of the loop
  std::int64_t last_seen_ms = 0;  // HTTP: last read; WebSocket: open or last pong; closing: since
  std::size_t out_offset = 0;     // of `out`, already sent
  std::string in;                 // an incomplete request or frame; released once consumed
  std::string out;                // what the kernel did not take yet; released once sent
  std::string user;               // the token's `sub`, as written in its JSON
  std::vector<std::uint32_t> rooms;  // indices of the conversations whose room holds this socket
};

struct Conversation {
  std::string id;                    // PaddedId("conv_", index + 1)
  std::vector<std::string> members;  // sorted, unique
  std::vector<int> room;             // the sockets (fds) that joined it
  std::uint64_t seq = 0;
};

class Server {
 public:
  Server() : scratch_(std::make_unique<char[]>(kReadChunk)) {}
  int Run(const char* host, const char* port);

 private:
  bool Listen(const char* host, const char* port);
  void Accept();
  void OnEvent(int fd, std::uint32_t events);
  void OnReadable(Connection& c, bool until_empty);
  void Feed(Connection& c, char* data, std::size_t size);
  std::size_t Consume(Connection& c, char* data, std::size_t size);
  std::size_t ConsumeHttp(Connection& c, char* data, std::size_t size);
  std::size_t ConsumeFrames(Connection& c, char* data, std::size_t size);

  void HandleRequest(Connection& c, const Request& request);
  void Upgrade(Connection& c, const Request& request);
  void CreateConversation(Connection& c, const Request& request, const Claims& caller);
  void PostMessage(Connection& c, const Request& request, const Claims& caller,
                   std::string_view conversation_id);
  void Respond(Connection& c, int status, std::string_view body, bool close);

  void OnEngineIo(Connection& c, std::string_view packet);
  void OnSocketIo(Connection& c, std::string_view packet);
  void ConnectNamespace(Connection& c, std::string_view data);
  void OnSocketIoEvent(Connection& c, std::string_view ack, std::string_view data);

  Conversation* FindConversation(std::string_view id);
  void LeaveRooms(Connection& c);

  void SendText(Connection& c, std::string_view payload);
  void Send(Connection& c, std::string_view data);
  void Flush(Connection& c);
  void CloseWebSocket(Connection& c, std::string_view close_payload);
  void CloseGracefully(Connection& c);
  void Kill(Connection& c);
  void Reap();
  void Tick();

  int epoll_fd_ = -1;
  int listen_fd_ = -1;
  int signal_fd_ = -1;
  int spare_fd_ = -1;  // given up to accept-and-close a connection when out of descriptors
  std::unique_ptr<char[]> scratch_;                       // every recv() lands here first
  std::vector<std::unique_ptr<Connection>> connections_;  // by fd
  std::vector<int> dead_;
  std::vector<Conversation> conversations_;
  std::uint64_t messages_ = 0;
  std::uint64_t sids_ = 0;
  std::int64_t now_ms_ = 0;
  std::int64_t next_ping_ms_ = 0;
};

// ---------------------------------------------------------------------------------------
// Event loop

int Server::Run(const char* host, const char* port) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
  signal(SIGPIPE, SIG_IGN);
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigprocmask(SIG_BLOCK, &signals, nullptr);
  signal_fd_ = signalfd(-1, &signals, SFD_NONBLOCK | SFD_CLOEXEC);
  epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
  spare_fd_ = open("/dev/null", O_RDONLY | O_CLOEXEC);
  // OpenSSL loads its default provider on the first digest: done once before listening, so
  // that the memory per connection does not include it.
  WebSocketAccept("dGhlIHNhbXBsZSBub25jZQ==");
  if (signal_fd_ < 0 || epoll_fd_ < 0 || !Listen(host, port)) return 1;
  for (const int fd : {listen_fd_, signal_fd_}) {
    epoll_event event{};
    event.events = EPOLLIN;  // level-triggered
    event.data.fd = fd;
    epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &event);
  }

  now_ms_ = MonotonicMs();
  std::int64_t next_tick_ms = now_ms_ + kTickMs;
  next_ping_ms_ = now_ms_ + kPingIntervalMs;
  std::array<epoll_event, 256> events{};
  while (true) {
    const auto wait = std::max<std::int64_t>(0, next_tick_ms - MonotonicMs());
    const int n = epoll_wait(epoll_fd_, events.data(), events.size(), static_cast<int>(wait));
    if (n < 0 && errno != EINTR) {
      std::perror("confide_floor: epoll_wait");
      return 1;
    }
    now_ms_ = MonotonicMs();
    for (int i = 0; i < n; ++i) {
      const int fd = events[i].data.fd;
      if (fd == listen_fd_) {
        Accept();
      } else if (fd == signal_fd_) {
        return 0;  // SIGTERM or SIGINT: the kernel closes every socket
      } else {
        OnEvent(fd, events[i].events);
      }
    }
    if (now_ms_ >= next_tick_ms) {
      Tick();
      next_tick_ms = now_ms_ + kTickMs;
    }
    Reap();
  }
}

bool Server::Listen(const char* host, const char* port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  if (const int error = getaddrinfo(host, port, &hints, &found); error != 0) {
    std::fprintf(stderr, "confide_floor: %s:%s: %s\n", host, port, gai_strerror(error));
    return false;
  }
  for (addrinfo* a = found; a != nullptr && listen_fd_ < 0; a = a->ai_next) {
    const int fd = socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) continue;
    const int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, a->ai_addr, a->ai_addrlen) == 0 && listen(fd, kListenBacklog) == 0) {
      listen_fd_ = fd;
    } else {
      close(fd);
    }
  }
  freeaddrinfo(found);
  if (listen_fd_ < 0) {
    std::fprintf(stderr, "confide_floor: cannot listen on %s:%s: %s\n", host, port,
                 std::strerror(errno));
    return false;
  }
  sockaddr_storage address{};
  socklen_t size = sizeof address;
  getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &size);
  const auto bound = address.ss_family == AF_INET6
                         ? reinterpret_cast<sockaddr_in6*>(&address)->sin6_port
                         : reinterpret_cast<sockaddr_in*>(&address)->sin_port;
  std::printf("{\"msg\":\"listening\",\"port\":%d}\n", ntohs(bound));
  std::fflush(stdout);
  return true;
}

void Server::Accept() {
  while (true) {
    const int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      if ((errno == EMFILE || errno == ENFILE) && spare_fd_ >= 0) {
        // Out of descriptors: refuse one pending connection rather than spin on it.
        close(spare_fd_);
        const int refused = accept(listen_fd_, nullptr, nullptr);
        if (refused >= 0) close(refused);
        spare_fd_ = open("/dev/null", O_RDONLY | O_CLOEXEC);
        continue;
      }
      return;  // EAGAIN: none left
    }
    const int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    epoll_event event{};
    // Edge-triggered, writability included from the start: no epoll_ctl() ever again.
    event.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
    event.data.fd = fd;
    if (epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &event) != 0) {
      close(fd);
      continue;
    }
    if (static_cast<std::size_t>(fd) >= connections_.size()) connections_.resize(fd + 1);
    auto c = std::make_unique<Connection>();
    c->fd = fd;
    c->last_seen_ms = now_ms_;
    connections_[fd] = std::move(c);
  }
}

void Server::OnEvent(int fd, std::uint32_t events) {
  Connection* c =
      static_cast<std::size_t>(fd) < connections_.size() ? connections_[fd].get() : nullptr;
  if (c == nullptr || c->dead) return;
  if (events & EPOLLERR) return Kill(*c);
  if (events & EPOLLOUT) Flush(*c);
  if (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP)) {
    OnReadable(*c, (events & (EPOLLRDHUP | EPOLLHUP)) != 0);
  }
}

// Reads until the socket is empty: a short read means it is (a later arrival is a new edge),
// unless the peer has closed, when reading goes on to the end of the stream.
void Server::OnReadable(Connection& c, bool until_empty) {
  while (!c.dead) {
    const ssize_t n = recv(c.fd, scratch_.get(), kReadChunk, 0);
    if (n > 0) {
      if (c.mode == Mode::kHttp && !c.closing) c.last_seen_ms = now_ms_;
      Feed(c, scratch_.get(), static_cast<std::size_t>(n));
      if (static_cast<std::size_t>(n) < kReadChunk && !until_empty) return;
    } else if (n == 0) {
      // The peer is done: close, unless a reply is still queued for it.
      return c.out.empty() || c.closing ? Kill(c) : CloseGracefully(c);
    } else {
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) Kill(c);
      return;
    }
  }
}

// Parses what was read: straight from the shared buffer when nothing is pending, and keeps
// only the unparsed rest.
void Server::Feed(Connection& c, char* data, std::size_t size) {
  if (c.closing) return;
  if (c.in.empty()) {
    const auto used = Consume(c, data, size);
    if (used < size && !c.closing && !c.dead) c.in.assign(data + used, size - used);
  } else {
    c.in.append(data, size);
    const auto used = Consume(c, c.in.data(), c.in.size());
    if (used >= c.in.size() || c.closing || c.dead) {
      std::string().swap(c.in);
    } else {
      c.in.erase(0, used);
    }
  }
  if (c.in.size() > kMaxInBytes) Kill(c);
}

std::size_t Server::Consume(Connection& c, char* data, std::size_t size) {
  std::size_t used = 0;
  while (used < size && !c.closing && !c.dead) {
    const auto n = c.mode == Mode::kHttp ? ConsumeHttp(c, data + used, size - used)
                                         : ConsumeFrames(c, data + used, size - used);
    if (n == 0) break;
    used += n;
  }
  return used;
}

// Handles the complete requests at the start of `data`; stops after an upgrade.
std::size_t Server::ConsumeHttp(Connection& c, char* data, std::size_t size) {
  std::size_t used = 0;
  while (used < size && c.mode == Mode::kHttp && !c.closing && !c.dead) {
    Request request;
    std::size_t length = 0;
    switch (ParseRequest({data + used, size - used}, request, length)) {
      case Parse::kNeedMore:
        return used;
      case Parse::kHeadersTooLarge:
        Respond(c, 431, kBadRequest, true);
        return size;
      case Parse::kBodyTooLarge:
        Respond(c, 413, kBadRequest, true);
        return size;
      case Parse::kBad:
        Respond(c, 400, kBadRequest, true);
        return size;
      case Parse::kDone:
        break;
    }
    used += length;
    HandleRequest(c, request);
  }
  return used;
}

// Handles the complete frames at the start of `data` (unmasking them in place).
std::size_t Server::ConsumeFrames(Connection& c, char* data, std::size_t size) {
  std::size_t used = 0;
  while (!c.closing && !c.dead) {
    const auto* p = reinterpret_cast<const unsigned char*>(data + used);
    const std::size_t available = size - used;
    if (available < 2) break;
    const bool fin = (p[0] & 0x80) != 0;
    const unsigned opcode = p[0] & 0x0F;
    std::uint64_t length = p[1] & 0x7F;
    std::size_t header = 2;
    if (length == 126) {
      if (available < 4) break;
      length = (static_cast<std::uint64_t>(p[2]) << 8) | p[3];
      header = 4;
    } else if (length == 127) {
      if (available < 10) break;
      length = 0;
      for (int i = 2; i < 10; ++i) length = (length << 8) | p[i];
      header = 10;
    }
    const bool control = (opcode & 0x8) != 0;
    if ((p[0] & 0x70) != 0 || (p[1] & 0x80) == 0 || (control && (!fin || length > 125))) {
      CloseWebSocket(c, "\x03\xea");  // 1002: reserved bits, an unmasked client frame
      return size;
    }
    if (length > kMaxFramePayload) {
      CloseWebSocket(c, "\x03\xf1");  // 1009: larger than maxPayload
      return size;
    }
    header += 4;  // the masking key
    if (available < header + length) break;
    const unsigned char* mask = p + header - 4;
    char* payload = data + used + header;
    for (std::size_t i = 0; i < length; ++i) payload[i] ^= static_cast<char>(mask[i & 3]);
    used += header + length;
    const std::string_view text(payload, length);
    if (opcode == kOpText && fin) {
      OnEngineIo(c, text);
    } else if (opcode == kOpClose) {
      CloseWebSocket(c, text.substr(0, 2));  // echo the status code, if any
      return size;
    } else if (opcode == kOpPing) {
      std::string pong;
      AppendFrame(pong, kOpPong, text);
      Send(c, pong);
    } else if (opcode != kOpPong) {
      CloseWebSocket(c, "\x03\xeb");  // 1003: fragments, binary frames, unknown opcodes
      return size;
    }
  }
  return used;
}

// ---------------------------------------------------------------------------------------
// REST

void Server::HandleRequest(Connection& c, const Request& request) {
  if (request.path == kSocketIoPath || request.path == "/socket.io") {
    if (request.method == "GET" && IContains(request.upgrade, "websocket")) {
      return Upgrade(c, request);
    }
    return Respond(c, 400, kBadRequest, request.close);  // no polling transport
  }
  const bool conversations = request.path == kConversationsPath;
  const bool messages =
      request.path.starts_with(kConversationsPath) && request.path.ends_with(kMessagesSuffix) &&
      request.path.size() > kConversationsPath.size() + 1 + kMessagesSuffix.size() &&
      request.path[kConversationsPath.size()] == '/';
  const std::string_view id =
      messages ? request.path.substr(
                     kConversationsPath.size() + 1,
                     request.path.size() - kConversationsPath.size() - 1 - kMessagesSuffix.size())
               : std::string_view();
  const bool known = (conversations && (request.method == "GET" || request.method == "POST")) ||
                     (messages && request.method == "POST" && id.find('/') == id.npos);
  if (!known) return Respond(c, 404, kNotFound, request.close);

  std::optional<Claims> caller;
  constexpr std::string_view kBearer = "bearer ";
  if (request.authorization.size() > kBearer.size() &&
      IEquals(request.authorization.substr(0, kBearer.size()), kBearer)) {
    caller = ReadToken(Trim(request.authorization.substr(kBearer.size())));
  }
  if (!caller) return Respond(c, 401, kUnauthorized, request.close);

  if (messages) return PostMessage(c, request, *caller, id);
  if (request.method == "POST") return CreateConversation(c, request, *caller);
  Respond(c, 200, "[]", request.close);
}

void Server::CreateConversation(Connection& c, const Request& request, const Claims& caller) {
  const std::string_view body = request.body;
  const auto type = StringValue(body, "type");
  auto at = ValueStart(body, "participantIds");
  if (!type || (*type != "GROUP" && *type != "DIRECT") || at >= body.size() || body[at] != '[') {
    return Respond(c, 400, kBadRequest, request.close);
  }
  // The caller first, then the participants in the order given, each once.
  std::vector<std::string_view> participants{caller.sub};
  for (at = SkipSpaces(body, at + 1); at < body.size() && body[at] != ']';) {
    const auto end = body[at] == '"' ? StringTokenEnd(body, at) : std::string_view::npos;
    if (end == std::string_view::npos) return Respond(c, 400, kBadRequest, request.close);
    const auto id = body.substr(at + 1, end - at - 2);
    if (std::find(participants.begin(), participants.end(), id) == participants.end()) {
      participants.push_back(id);
    }
    at = SkipSpaces(body, end);
    if (at < body.size() && body[at] == ',') at = SkipSpaces(body, at + 1);
  }
  if (at >= body.size()) return Respond(c, 400, kBadRequest, request.close);

  Conversation& conversation = conversations_.emplace_back();
  conversation.id = PaddedId("conv_", conversations_.size());
  conversation.members.assign(participants.begin(), participants.end());
  std::sort(conversation.members.begin(), conversation.members.end());

  const auto now = IsoNow();
  const auto title = StringToken(body, "title");
  std::string out = R"({"id":")" + conversation.id + R"(","type":")";
  out += *type;
  out += R"(","title":)";
  out += title.value_or("null");
  out += R"(,"createdAt":")" + now + R"(","updatedAt":")" + now;
  out += R"(","lastMessageAt":null,"isActive":true,"participants":[)";
  for (std::size_t i = 0; i < participants.size(); ++i) {
    if (i > 0) out += ',';
    out += R"({"userId":")";
    out += participants[i];
    out += i == 0 ? R"(","role":"ADMIN"})" : R"(","role":"MEMBER"})";
  }
  out += R"(],"messages":[],"unreadCount":0})";
  Respond(c, 201, out, request.close);
}

// The message is built once: the 201 body, and the payload of one frame written to every
// socket of the room.
void Server::PostMessage(Connection& c, const Request& request, const Claims& caller,
                         std::string_view conversation_id) {
  Conversation* conversation = FindConversation(conversation_id);
  if (conversation == nullptr) return Respond(c, 404, kNotFound, request.close);
  if (!std::binary_search(conversation->members.begin(), conversation->members.end(),
                          std::string_view(caller.sub), std::less<>())) {
    return Respond(c, 403, kForbidden, request.close);
  }
  const auto content = StringToken(request.body, "content");
  if (!content) return Respond(c, 400, kBadRequest, request.close);

  std::string message = R"({"id":")" + PaddedId("msg_", ++messages_);
  message += R"(","conversationId":")" + conversation->id;
  message += R"(","senderId":")" + caller.sub;
  message += R"(","content":)";
  message += *content;
  message += R"(,"messageType":"TEXT","createdAt":")" + IsoNow();
  message += R"(","isEdited":false,"editedAt":null,"isDeleted":false,"replyToId":null,)"
             R"("attachmentUrl":null,"attachmentName":null,"attachmentSize":null,)"
             R"("sender":{"id":")" +
             caller.sub + R"(","firstName":")" + caller.first_name + R"(","lastName":")" +
             caller.last_name;
  message += R"(","avatarUrl":null},"replyTo":null,"reactions":[],"readReceipts":[],"seq":)" +
             std::to_string(++conversation->seq) + "}";
  Respond(c, 201, message, request.close);

  constexpr std::string_view kPrefix = R"(42/messaging,["new_message",)";
  std::string frame;
  frame.reserve(10 + kPrefix.size() + message.size() + 1);
  AppendFrameHeader(frame, kOpText, kPrefix.size() + message.size() + 1);
  frame += kPrefix;
  frame += message;
  frame += ']';
  for (const int fd : conversation->room) Send(*connections_[fd], frame);
}

void Server::Respond(Connection& c, int status, std::string_view body, bool close) {
  std::string out = "HTTP/1.1 ";
  out.reserve(128 + body.size());
  out += StatusLine(status);
  out += "\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ";
  out += std::to_string(body.size());
  out += close ? "\r\nConnection: close\r\n\r\n" : "\r\n\r\n";
  out += body;
  Send(c, out);
  if (close) CloseGracefully(c);
}

// ---------------------------------------------------------------------------------------
// WebSocket, Engine.IO, Socket.IO

void Server::Upgrade(Connection& c, const Request& request) {
  const auto key = request.websocket_key;
  if (key.size() != 24 ||
      (!request.websocket_version.empty() && request.websocket_version != "13") ||
      !QueryHas(request.query, "EIO=4") || !QueryHas(request.query, "transport=websocket")) {
    return Respond(c, 400, kBadRequest, true);
  }
  std::string out = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n";
  out += "Connection: Upgrade\r\nSec-WebSocket-Accept: " + WebSocketAccept(key) + "\r\n\r\n";
  AppendFrame(
      out, kOpText,
      R"(0{"sid":"F)" + std::to_string(++sids_) +
          R"(","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000})");
  c.mode = Mode::kWebSocket;
  c.last_seen_ms = now_ms_;
  Send(c, out);
}

void Server::OnEngineIo(Connection& c, std::string_view packet) {
  if (packet.empty()) return;
  switch (packet.front()) {
    case '1':  // close
      return CloseWebSocket(c, "\x03\xe8");
    case '3':  // pong
      c.last_seen_ms = now_ms_;
      return;
    case '4':  // message: a Socket.IO packet
      return OnSocketIo(c, packet.substr(1));
    default:  // ping, upgrade, noop: nothing to do over a WebSocket-only session
      return;
  }
}

// <type>[/namespace,][ack id]<JSON>
void Server::OnSocketIo(Connection& c, std::string_view packet) {
  if (packet.empty()) return;
  const char type = packet.front();
  packet.remove_prefix(1);
  std::string_view nsp = "/";
  if (!packet.empty() && packet.front() == '/') {
    const auto comma = packet.find(',');
    nsp = packet.substr(0, comma);
    packet = comma == std::string_view::npos ? std::string_view() : packet.substr(comma + 1);
  }
  std::size_t digits = 0;
  while (digits < packet.size() && packet[digits] >= '0' && packet[digits] <= '9') ++digits;
  const auto ack = packet.substr(0, digits);
  const auto data = packet.substr(digits);
  if (nsp != kNamespace) {
    if (type == '0') {
      SendText(c, nsp == "/" ? std::string(R"(44{"message":"Invalid namespace"})")
                             : "44" + std::string(nsp) + R"(,{"message":"Invalid namespace"})");
    }
    return;
  }
  if (type == '0') {
    ConnectNamespace(c, data);
  } else if (type == '1') {
    LeaveRooms(c);
    c.in_namespace = false;
  } else if (type == '2' && c.in_namespace) {
    OnSocketIoEvent(c, ack, data);
  }
}

void Server::ConnectNamespace(Connection& c, std::string_view data) {
  const auto token = StringValue(data, "token");
  auto claims = token ? ReadToken(*token) : std::nullopt;
  if (!claims) return SendText(c, R"(44/messaging,{"message":"unauthorized"})");
  LeaveRooms(c);
  c.user = std::move(claims->sub);
  c.in_namespace = true;
  // Both packets in one write.
  std::string out;
  AppendFrame(out, kOpText, R"(40/messaging,{"sid":"S)" + std::to_string(++sids_) + R"("})");
  AppendFrame(out, kOpText,
              R"(42/messaging,["authenticated",{"userId":")" + c.user + R"(","role":")" +
                  claims->role + R"(","message":"Successfully authenticated","timestamp":")" +
                  IsoNow() + R"("}])");
  Send(c, out);
}

void Server::OnSocketIoEvent(Connection& c, std::string_view ack, std::string_view data) {
  constexpr std::string_view kJoin = R"(["join_conversation")";
  if (!data.starts_with(kJoin)) return;  // the only event the floor serves
  const auto id = StringValue(data.substr(kJoin.size()), "conversationId");
  Conversation* conversation = id ? FindConversation(*id) : nullptr;
  const bool ok = conversation != nullptr &&
                  std::binary_search(conversation->members.begin(), conversation->members.end(),
                                     std::string_view(c.user), std::less<>());
  if (ok) {
    const auto index = static_cast<std::uint32_t>(conversation - conversations_.data());
    if (std::find(c.rooms.begin(), c.rooms.end(), index) == c.rooms.end()) {
      c.rooms.push_back(index);
      conversation->room.push_back(c.fd);
    }
  }
  if (ack.empty()) return;
  std::string reply = "43/messaging,";
  reply += ack;
  if (ok) {
    reply += R"([{"ok":true,"conversationId":")";
    reply += *id;
    reply += R"("}])";
  } else {
    reply += R"([{"ok":false,"error":"FORBIDDEN"}])";
  }
  SendText(c, reply);
}

Conversation* Server::FindConversation(std::string_view id) {
  constexpr std::string_view kPrefix = "conv_";
  if (!id.starts_with(kPrefix)) return nullptr;
  std::size_t n = 0;
  const auto* end = id.data() + id.size();
  const auto [ptr, error] = std::from_chars(id.data() + kPrefix.size(), end, n);
  if (error != std::errc{} || ptr != end || n == 0 || n > conversations_.size()) return nullptr;
  Conversation* conversation = &conversations_[n - 1];
  return conversation->id == id ? conversation : nullptr;  // the exact spelling
}

void Server::LeaveRooms(Connection& c) {
  for (const auto index : c.rooms) {
    auto& room = conversations_[index].room;
    const auto it = std::find(room.begin(), room.end(), c.fd);
    if (it == room.end()) continue;
    *it = room.back();  // order among the sockets of a room does not matter
    room.pop_back();
  }
  std::vector<std::uint32_t>().swap(c.rooms);
}

// ---------------------------------------------------------------------------------------
// Writing and closing

void Server::SendText(Connection& c, std::string_view payload) {
  std::string frame;
  AppendFrame(frame, kOpText, payload);
  Send(c, frame);
}

void Server::Send(Connection& c, std::string_view data) {
  if (c.dead || data.empty()) return;
  if (!c.out.empty()) {  // keep the order: behind what is already queued
    if (c.out.size() - c.out_offset + data.size() > kMaxOutBytes) return Kill(c);
    if (c.out_offset >= c.out.size() / 2) {
      c.out.erase(0, c.out_offset);
      c.out_offset = 0;
    }
    c.out += data;
    return;
  }
  ssize_t n;
  do {
    n = send(c.fd, data.data(), data.size(), MSG_NOSIGNAL);
  } while (n < 0 && errno == EINTR);
  if (n == static_cast<ssize_t>(data.size())) return;
  if (n < 0) {
    if (errno != EAGAIN && errno != EWOULDBLOCK) return Kill(c);
    n = 0;
  }
  c.out.assign(data.substr(static_cast<std::size_t>(n)));
  c.out_offset = 0;
}

void Server::Flush(Connection& c) {
  if (c.out.empty()) return;
  while (c.out_offset < c.out.size()) {
    const ssize_t n =
        send(c.fd, c.out.data() + c.out_offset, c.out.size() - c.out_offset, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) Kill(c);
      return;
    }
    c.out_offset += static_cast<std::size_t>(n);
  }
  std::string().swap(c.out);
  c.out_offset = 0;
  if (c.closing) shutdown(c.fd, SHUT_WR);
}

// A close frame with `close_payload` (a status code, or nothing), then a graceful close.
void Server::CloseWebSocket(Connection& c, std::string_view close_payload) {
  std::string frame;
  AppendFrame(frame, kOpClose, close_payload);
  Send(c, frame);
  CloseGracefully(c);
}

// Nothing more is read or sent; FIN once the queued bytes are out, and the descriptor is closed
// when the peer closes too, or after a grace period. The input buffer is left alone: this may
// run while it is being parsed (Feed releases it).
void Server::CloseGracefully(Connection& c) {
  if (c.closing || c.dead) return;
  c.closing = true;
  c.last_seen_ms = now_ms_;
  LeaveRooms(c);
  if (c.out.empty()) shutdown(c.fd, SHUT_WR);
}

// Closed at the end of this turn of the loop, so that a room being written to is not changed
// under its loop, and an fd is not reused while events for it may still be pending.
void Server::Kill(Connection& c) {
  if (c.dead) return;
  c.dead = true;
  dead_.push_back(c.fd);
}

void Server::Reap() {
  for (const int fd : dead_) {
    LeaveRooms(*connections_[fd]);
    close(fd);
    connections_[fd].reset();
  }
  dead_.clear();
}

// Once a second: pings every 25 s, and the end of silent or lingering connections.
void Server::Tick() {
  const bool ping = now_ms_ >= next_ping_ms_;
  if (ping) next_ping_ms_ = now_ms_ + kPingIntervalMs;
  std::string ping_frame;
  AppendFrame(ping_frame, kOpText, "2");
  for (const auto& slot : connections_) {
    if (!slot || slot->dead) continue;
    Connection& c = *slot;
    const auto silent_ms = now_ms_ - c.last_seen_ms;
    if (c.closing) {
      if (silent_ms > kClosingGraceMs) Kill(c);
    } else if (c.mode == Mode::kHttp) {
      if (silent_ms > kHttpIdleMs) Kill(c);
    } else if (silent_ms > kPingIntervalMs + kPingTimeoutMs) {
      Kill(c);  // no pong in time
    } else if (ping) {
      Send(c, ping_frame);
    }
  }
}

int Usage(const char* program) {
  std::fprintf(stderr, "usage: %s [--host 127.0.0.1] [--port 0]\n", program);
  return 2;
}

}  // namespace
}  // namespace confide::floor

int main(int argc, char** argv) {
  const char* host = "127.0.0.1";
  const char* port = "0";
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--host" && i + 1 < argc) {
      host = argv[++i];
    } else if (arg == "--port" && i + 1 < argc) {
      port = argv[++i];
    } else {
      return confide::floor::Usage(argv[0]);
    }
  }
  confide::floor::Server server;
  return server.Run(host, port);
}
