#include "events/nats_sink.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <climits>
#include <utility>
#include <vector>

namespace confide::events {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr const char* kSeqHeader = "Confide-Seq";
// How often a wait for acknowledgements looks at Cancel and at the connection.
constexpr milliseconds kPollSlice{50};
// The server remembers each message id this long and drops a message whose id it has seen
// within it: the worker's retries of a batch and a restart of confide land well inside an
// hour. The server keeps every id of the window in memory, so it is not longer; redelivery
// after a longer outage is kept exact by LastDelivered instead.
constexpr std::chrono::hours kDuplicateWindow{1};

bool IsSpaceOrControl(char c) {
  const auto u = static_cast<unsigned char>(c);
  return std::isspace(u) != 0 || std::iscntrl(u) != 0;
}

// Dot-separated non-empty tokens without spaces or wildcards: a subject that names exactly
// itself (an event type, or the prefix of the stream's subjects).
bool IsLiteralSubject(std::string_view subject) {
  if (subject.empty() || subject.front() == '.' || subject.back() == '.') return false;
  if (subject.find("..") != std::string_view::npos) return false;
  return std::none_of(subject.begin(), subject.end(),
                      [](char c) { return c == '*' || c == '>' || IsSpaceOrControl(c); });
}

// JetStream stream names may not hold what would make them a subject or a path.
bool IsStreamName(std::string_view name) {
  return !name.empty() && std::none_of(name.begin(), name.end(), [](char c) {
    return std::string_view(".*>/\\").find(c) != std::string_view::npos || IsSpaceOrControl(c);
  });
}

std::vector<std::string_view> SplitServers(std::string_view url) {
  std::vector<std::string_view> servers;
  for (std::size_t start = 0;;) {
    const std::size_t comma = url.find(',', start);
    servers.push_back(url.substr(start, comma - start));
    if (comma == std::string_view::npos) return servers;
    start = comma + 1;
  }
}

// Each comma-separated server is nats://host[:port] or tls://host[:port], with
// optional credentials before the host.
bool IsServerList(std::string_view url) {
  const std::vector<std::string_view> servers = SplitServers(url);
  return std::all_of(servers.begin(), servers.end(), [](std::string_view s) {
    if (std::any_of(s.begin(), s.end(), IsSpaceOrControl)) return false;
    std::string_view rest;
    if (s.starts_with("nats://")) {
      rest = s.substr(7);
    } else if (s.starts_with("tls://")) {
      rest = s.substr(6);
    } else {
      return false;
    }
    if (const std::size_t at = rest.rfind('@'); at != std::string_view::npos) {
      rest = rest.substr(at + 1);
    }
    return !rest.empty() && rest.front() != ':' && rest.front() != '/';
  });
}

// The url without user names, passwords or tokens, which stay out of messages and logs.
std::string WithoutCredentials(std::string_view url) {
  std::string out;
  for (std::string_view server : SplitServers(url)) {
    if (!out.empty()) out += ',';
    const std::size_t scheme = server.find("://");
    const std::size_t host = scheme == std::string_view::npos ? 0 : scheme + 3;
    const std::size_t at = server.rfind('@');
    if (at != std::string_view::npos && at >= host) {
      out.append(server.substr(0, host)).append(server.substr(at + 1));
    } else {
      out.append(server);
    }
  }
  return out;
}

// cnats' description of `status`, the more precise one of the calling thread when it has
// one, and the JetStream error code when there is one.
std::string StatusText(natsStatus status, jsErrCode js_error) {
  natsStatus last_status = NATS_OK;
  const char* last = nats_GetLastError(&last_status);
  std::string text = (last != nullptr && *last != '\0' && last_status == status)
                         ? std::string(last)
                         : std::string(natsStatus_GetText(status));
  // cnats puts where in its sources the error arose first: "(conn.c:2088): No server…".
  if (const std::size_t end = text.find("): "); text.starts_with('(') && end != std::string::npos) {
    text.erase(0, end + 3);
  }
  if (!text.empty()) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  if (js_error != 0) text += std::string(" (JetStream error ") + std::to_string(js_error) + ")";
  return text;
}

std::string EventLabel(const OutboxEvent& event) {
  return std::string("event ") + std::to_string(event.seq) + " (" + event.type + ")";
}

std::optional<std::int64_t> ParseSeq(const char* text) {
  if (text == nullptr) return std::nullopt;
  const std::string_view s(text);
  std::int64_t seq = 0;
  const auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), seq);
  if (error != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return seq;
}

// cnats' answer to one asynchronous publish, on its delivery thread: the message carries
// its event's seq in a header, which says which event of the batch it was.
void OnPublishAck(jsCtx*, natsMsg* msg, jsPubAck* ack, jsPubAckErr* error, void* closure) {
  const NatsMsgPtr owned(msg);
  auto* acks = static_cast<NatsBatchAcks*>(closure);
  const char* seq_text = nullptr;
  if (natsMsgHeader_Get(msg, kSeqHeader, &seq_text) != NATS_OK) return;
  const std::optional<std::int64_t> seq = ParseSeq(seq_text);
  if (!seq) return;
  if (ack != nullptr) {
    acks->Acknowledge(*seq);
  } else if (error != nullptr && error->Err == NATS_NO_RESPONDERS) {
    acks->Fail(*seq,
               std::string("no responders: no stream takes subject ") + natsMsg_GetSubject(msg));
  } else if (error != nullptr) {
    std::string reason =
        error->ErrText != nullptr ? error->ErrText : natsStatus_GetText(error->Err);
    if (error->ErrCode != 0)
      reason += std::string(" (JetStream error ") + std::to_string(error->ErrCode) + ")";
    acks->Fail(*seq, std::move(reason));
  }
}

}  // namespace

Result<std::unique_ptr<NatsSink>> NatsSink::Create(NatsOptions options) {
  std::vector<std::string> problems;
  if (options.url.empty()) {
    problems.push_back("nats: url is empty");
  } else if (!IsServerList(options.url)) {
    problems.push_back(std::string("nats: url \"") + WithoutCredentials(options.url) +
                       "\" is not of the form nats://host:port");
  }
  if (options.stream.empty()) {
    problems.push_back("nats: stream name is empty");
  } else if (!IsStreamName(options.stream)) {
    problems.push_back("nats: stream name \"" + options.stream +
                       "\" may not hold spaces or any of . * > / \\");
  }
  if (options.subject.empty()) {
    problems.push_back("nats: subject is empty");
  } else if (!IsLiteralSubject(options.subject)) {
    problems.push_back("nats: subject \"" + options.subject +
                       "\" must be dot-separated tokens without spaces or wildcards (* >)");
  }
  if (options.timeout <= milliseconds::zero()) problems.push_back("nats: timeout must be positive");
  if (!problems.empty()) return Error::Invalid(std::move(problems));
  return std::make_unique<NatsSink>(std::move(options), PassKey());
}

NatsSink::NatsSink(NatsOptions options, PassKey)
    : options_(std::move(options)), display_url_(WithoutCredentials(options_.url)) {}

Delivery NatsSink::Deliver(std::span<const OutboxEvent> batch) {
  if (cancelled_) return {.delivered = 0, .status = Failure("cancelled")};
  if (batch.empty()) return {};
  if (Status connected = Connect(); !connected.ok()) return {.delivered = 0, .status = connected};
  if (Status stream = EnsureStream(); !stream.ok()) return {.delivered = 0, .status = stream};
  Delivery delivery = Publish(batch);
  // The stream is looked up again before the retry: it may have been deleted.
  if (!delivery.status.ok()) stream_ready_ = false;
  return delivery;
}

Result<std::optional<std::int64_t>> NatsSink::LastDelivered() {
  if (cancelled_) return Failure("cancelled");
  // The stream's last message is later than an event it lacks: the worker's own position
  // is the right one to go on from.
  if (gap_) return std::optional<std::int64_t>();
  CONFIDE_RETURN_IF_ERROR(Connect());
  return ReadLastSeq();
}

void NatsSink::Cancel() {
  cancelled_ = true;
  // Closing the connection ends a JetStream request at once; a wait for acknowledgements
  // sees the flag within kPollSlice.
  std::lock_guard lock(connection_mutex_);
  if (connection_ != nullptr) natsConnection_Close(connection_.get());
}

Status NatsSink::Connect() {
  if (js_ != nullptr && natsConnection_Status(connection_.get()) == NATS_CONN_STATUS_CONNECTED) {
    return Status::Ok();
  }
  Disconnect();
  natsOptions* raw_options = nullptr;
  natsStatus s = natsOptions_Create(&raw_options);
  const NatsOptionsPtr nats_options(raw_options);
  if (s == NATS_OK) s = natsOptions_SetURL(raw_options, options_.url.c_str());
  if (s == NATS_OK) s = natsOptions_SetTimeout(raw_options, options_.timeout.count());
  if (s == NATS_OK) s = natsOptions_SetName(raw_options, "confide-events");
  // One attempt per call, which the worker retries with back-off; a lost connection closes
  // and fails what waits on it, rather than buffering publishes while it reconnects.
  if (s == NATS_OK) s = natsOptions_SetAllowReconnect(raw_options, false);
  if (s == NATS_OK) s = natsOptions_SetFailRequestsOnDisconnect(raw_options, true);
  natsConnection* raw_connection = nullptr;
  if (s == NATS_OK) s = natsConnection_Connect(&raw_connection, raw_options);
  NatsConnectionPtr connection(raw_connection);
  if (s != NATS_OK) return Failure("connecting", s);

  jsOptions js_options;
  jsOptions_Init(&js_options);
  js_options.Wait = options_.timeout.count();
  js_options.PublishAsync.AckHandler = &OnPublishAck;
  js_options.PublishAsync.AckHandlerClosure = &acks_;
  jsCtx* raw_js = nullptr;
  s = natsConnection_JetStream(&raw_js, connection.get(), &js_options);
  JetStreamPtr js(raw_js);
  if (s != NATS_OK) return Failure("opening JetStream", s);
  {
    std::lock_guard lock(connection_mutex_);
    connection_ = std::move(connection);
    js_ = std::move(js);
  }
  stream_ready_ = false;
  // A Cancel that came while connecting found no connection to close.
  if (cancelled_) {
    Disconnect();
    return Failure("cancelled");
  }
  return Status::Ok();
}

void NatsSink::Disconnect() {
  std::lock_guard lock(connection_mutex_);
  js_.reset();
  connection_.reset();
  stream_ready_ = false;
}

Status NatsSink::EnsureStream() {
  if (stream_ready_) return Status::Ok();
  jsStreamInfo* raw_info = nullptr;
  jsErrCode js_error{};
  natsStatus s =
      js_GetStreamInfo(&raw_info, js_.get(), options_.stream.c_str(), nullptr, &js_error);
  StreamInfoPtr info(raw_info);
  if (s == NATS_NOT_FOUND) {
    const std::string subjects = options_.subject + ".>";
    const char* subject_list[] = {subjects.c_str()};
    jsStreamConfig config;
    jsStreamConfig_Init(&config);
    config.Name = options_.stream.c_str();
    config.Subjects = subject_list;
    config.SubjectsLen = 1;
    config.Storage = js_FileStorage;
    config.Duplicates = std::chrono::nanoseconds(kDuplicateWindow).count();
    js_error = jsErrCode{};
    raw_info = nullptr;
    s = js_AddStream(&raw_info, js_.get(), &config, nullptr, &js_error);
    info.reset(raw_info);
    // Someone else created it in the meantime: it is used as it is.
    if (s != NATS_OK && js_error == JSStreamNameExistErr) s = NATS_OK;
  }
  if (s != NATS_OK) {
    Error error = Failure("stream " + options_.stream, s, js_error);
    if (s == NATS_TIMEOUT) Disconnect();
    return error;
  }
  stream_ready_ = true;
  return Status::Ok();
}

Delivery NatsSink::Publish(std::span<const OutboxEvent> batch) {
  const auto deadline = Clock::now() + options_.timeout;
  acks_.Start(batch);
  std::size_t handed = 0;
  Status handing = Status::Ok();
  // Once the stream refused an event, the later ones are not sent: each one it stored
  // after a refused one is a gap in the stream.
  for (const OutboxEvent& event : batch) {
    if (cancelled_ || acks_.HasFailure()) break;
    handing = PublishAsync(event);
    if (!handing.ok()) break;
    ++handed;
  }
  Status waiting = AwaitAcks(deadline);
  if (!waiting.ok()) {
    AbandonPending();
    // After a timeout the connection is in doubt; after a close or a Cancel it is done.
    Disconnect();
  }
  const NatsBatchAcks::Summary summary = acks_.Finish();
  NoteGap(batch, summary);

  Delivery delivery{.delivered = summary.stored_prefix, .status = Status::Ok()};
  if (summary.stored_prefix == batch.size()) return delivery;
  const OutboxEvent& first = batch[summary.stored_prefix];
  if (summary.failure) {
    delivery.status = Failure(EventLabel(first) + ": " + *summary.failure);
  } else if (summary.stored_prefix < handed) {
    delivery.status = waiting.ok() ? Failure(EventLabel(first) + ": not acknowledged") : waiting;
  } else if (!handing.ok()) {
    delivery.status = handing;
  } else {
    delivery.status = Failure(cancelled_ ? "cancelled" : EventLabel(first) + ": not sent");
  }
  return delivery;
}

Status NatsSink::PublishAsync(const OutboxEvent& event) {
  if (!IsLiteralSubject(event.type)) {
    return Failure(EventLabel(event) + ": the type cannot be a subject token");
  }
  if (event.json.size() > static_cast<std::size_t>(INT_MAX)) {
    return Failure(EventLabel(event) + ": too large");
  }
  const std::string subject = options_.subject + '.' + event.type;
  const std::string seq = std::to_string(event.seq);
  natsMsg* raw = nullptr;
  natsStatus s = natsMsg_Create(&raw, subject.c_str(), nullptr, event.json.data(),
                                static_cast<int>(event.json.size()));
  NatsMsgPtr msg(raw);
  if (s == NATS_OK) s = natsMsgHeader_Set(raw, kSeqHeader, seq.c_str());
  jsPubOptions publish;
  jsPubOptions_Init(&publish);
  publish.MsgId = event.id.c_str();
  if (s == NATS_OK) s = js_PublishMsgAsync(js_.get(), &raw, &publish);
  // cnats took the message when it cleared the pointer.
  if (raw == nullptr) static_cast<void>(msg.release());
  if (s != NATS_OK) return Failure(EventLabel(event), s);
  return Status::Ok();
}

Status NatsSink::AwaitAcks(Clock::time_point deadline) {
  for (;;) {
    const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
    jsPubOptions wait;
    jsPubOptions_Init(&wait);
    wait.MaxWait = std::clamp(left, milliseconds(1), kPollSlice).count();
    const natsStatus s = js_PublishAsyncComplete(js_.get(), &wait);
    if (s == NATS_OK) return Status::Ok();
    if (s != NATS_TIMEOUT) return Failure("waiting for acknowledgements", s);
    if (cancelled_) return Failure("cancelled");
    if (natsConnection_Status(connection_.get()) != NATS_CONN_STATUS_CONNECTED) {
      return Failure("connection closed before every event was acknowledged");
    }
    if (Clock::now() >= deadline) {
      return Failure("timeout: no acknowledgement within " +
                     std::to_string(options_.timeout.count()) + " ms");
    }
  }
}

void NatsSink::AbandonPending() {
  natsMsgList pending{};
  if (js_PublishAsyncGetPendingList(&pending, js_.get()) == NATS_OK) {
    natsMsgList_Destroy(&pending);
  }
  // An answer whose handler was running as the list was taken still counts as pending
  // until the handler returns; waiting for it keeps the batch's answers inside Deliver.
  jsPubOptions wait;
  jsPubOptions_Init(&wait);
  wait.MaxWait = options_.timeout.count();
  static_cast<void>(js_PublishAsyncComplete(js_.get(), &wait));
}

void NatsSink::NoteGap(std::span<const OutboxEvent> batch, const NatsBatchAcks::Summary& summary) {
  const std::size_t prefix = summary.stored_prefix;
  if (gap_ && prefix > 0 && batch[prefix - 1].seq >= *gap_) gap_.reset();
  if (summary.stored_beyond_prefix) {
    const std::int64_t missing = batch[prefix].seq;
    gap_ = gap_ ? std::min(*gap_, missing) : missing;
  }
}

Result<std::optional<std::int64_t>> NatsSink::ReadLastSeq() {
  jsStreamInfo* raw_info = nullptr;
  jsErrCode js_error{};
  natsStatus s =
      js_GetStreamInfo(&raw_info, js_.get(), options_.stream.c_str(), nullptr, &js_error);
  const StreamInfoPtr info(raw_info);
  if (s == NATS_NOT_FOUND) return std::optional<std::int64_t>();
  if (s == NATS_OK && (info->State.Msgs == 0 || info->State.LastSeq == 0)) {
    return std::optional<std::int64_t>();
  }
  natsMsg* raw_msg = nullptr;
  if (s == NATS_OK) {
    s = js_GetMsg(&raw_msg, js_.get(), options_.stream.c_str(), info->State.LastSeq, nullptr,
                  &js_error);
  }
  const NatsMsgPtr msg(raw_msg);
  // Removed since the stream info was read: nothing can be told.
  if (s == NATS_NOT_FOUND) return std::optional<std::int64_t>();
  if (s != NATS_OK) {
    Error error = Failure("reading the last message of " + options_.stream, s, js_error);
    if (s == NATS_TIMEOUT) Disconnect();
    return error;
  }
  const char* seq_text = nullptr;
  if (natsMsgHeader_Get(msg.get(), kSeqHeader, &seq_text) != NATS_OK) {
    return std::optional<std::int64_t>();
  }
  return ParseSeq(seq_text);
}

Error NatsSink::Failure(std::string_view what) const {
  return Error::Unavailable(display_url_ + std::string(": ") + std::string(what));
}

Error NatsSink::Failure(std::string_view what, natsStatus status, jsErrCode js_error) const {
  return Failure(std::string(what) + std::string(": ") + StatusText(status, js_error));
}

}  // namespace confide::events
