#include "realtime/cluster_presence.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/thread_name.h"

namespace confide::realtime {
namespace {

// The bus's topic of presence messages.
const std::string kTopic = "presence";

boost::json::array Array(const std::vector<std::string>& users) {
  boost::json::array array;
  array.reserve(users.size());
  for (const auto& user : users) array.emplace_back(user);
  return array;
}

bool ReadUsers(const boost::json::object& object, std::string_view key,
               std::vector<std::string>& users) {
  const auto* field = object.if_contains(key);
  if (field == nullptr) return true;
  const auto* array = field->if_array();
  if (array == nullptr) return false;
  for (const auto& user : *array) {
    if (!user.is_string()) return false;
    users.emplace_back(user.get_string());
  }
  return true;
}

}  // namespace

std::string EncodePresence(const NodePresence& message) {
  boost::json::object object{{"node", message.node},
                             {"version", message.version},
                             {"full", message.full},
                             {"online", Array(message.online)}};
  if (!message.offline.empty()) object["offline"] = Array(message.offline);
  if (message.parts > 1) {
    object["part"] = message.part;
    object["parts"] = message.parts;
  }
  return boost::json::serialize(object);
}

std::optional<NodePresence> DecodePresence(std::string_view bytes) {
  boost::system::error_code ec;
  const auto value = boost::json::parse(bytes, ec);
  const auto* object = ec ? nullptr : value.if_object();
  if (object == nullptr) return std::nullopt;
  const auto* node = object->if_contains("node");
  const auto* version = object->if_contains("version");
  const auto* full = object->if_contains("full");
  if (node == nullptr || !node->is_string() || version == nullptr || !version->is_number() ||
      full == nullptr || !full->is_bool()) {
    return std::nullopt;
  }
  NodePresence message{.node = std::string(node->get_string()), .full = full->get_bool()};
  boost::system::error_code number;
  message.version = version->to_number<std::uint64_t>(number);
  if (number || !ReadUsers(*object, "online", message.online) ||
      !ReadUsers(*object, "offline", message.offline)) {
    return std::nullopt;
  }
  const auto* part = object->if_contains("part");
  const auto* parts = object->if_contains("parts");
  if (part != nullptr || parts != nullptr) {
    if (part == nullptr || parts == nullptr || !part->is_int64() || !parts->is_int64() ||
        parts->get_int64() < 1 || parts->get_int64() > 1'000'000 || part->get_int64() < 0 ||
        part->get_int64() >= parts->get_int64() || !message.full) {
      return std::nullopt;
    }
    message.part = static_cast<int>(part->get_int64());
    message.parts = static_cast<int>(parts->get_int64());
  }
  return message;
}

ClusterPresence::ClusterPresence(Presence& presence, DeliveryBus& bus, std::string node,
                                 Changed changed, ClusterPresenceOptions options)
    : presence_(presence),
      bus_(bus),
      node_(std::move(node)),
      options_(options),
      changed_(std::move(changed)) {
  bus_.OnBroadcast(kTopic, [this](std::string_view bytes) {
    const auto message = DecodePresence(bytes);
    if (!message) {
      spdlog::warn(R"("msg":"cluster presence message refused")");
      return;
    }
    if (message->node == node_) return;
    Receive(std::move(*message));
  });
  thread_ = std::thread([this] { Run(); });
}

ClusterPresence::~ClusterPresence() { Stop(); }

void ClusterPresence::Stop() {
  bus_.OnBroadcast(kTopic, nullptr);  // waits for a message being read
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    changed_ = nullptr;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void ClusterPresence::ChangedHere(const std::string& user_id, bool online, std::uint64_t version) {
  NodePresence delta{.node = node_, .version = version};
  (online ? delta.online : delta.offline).push_back(user_id);
  bus_.Broadcast(kTopic, EncodePresence(delta));
}

void ClusterPresence::Receive(NodePresence message) {
  const auto now = Presence::Clock::now();
  if (message.parts <= 1) {
    Tell(presence_.Apply(message, now));
    return;
  }
  presence_.Heard(message.node, now);
  NodePresence whole;
  {
    std::lock_guard lock(parts_mu_);
    NodePresence& gathered = parts_[message.node];
    if (gathered.version != message.version || gathered.parts != message.parts) {
      gathered = NodePresence{.node = message.node,
                              .version = message.version,
                              .full = true,
                              .part = 0,
                              .parts = message.parts};
    }
    // `part` counts the parts received (they come in order, from one publisher).
    if (message.part != gathered.part) return;
    gathered.online.insert(gathered.online.end(), message.online.begin(), message.online.end());
    if (++gathered.part < gathered.parts) return;
    whole = std::move(gathered);
    parts_.erase(message.node);
  }
  whole.part = 0;
  whole.parts = 1;
  Tell(presence_.Apply(whole, now));
}

void ClusterPresence::Tell(const Presence::Changes& changes) {
  if (changes.empty()) return;
  std::lock_guard lock(mu_);
  if (!changed_) return;
  for (const auto& [user, online] : changes) changed_(user, online);
}

void ClusterPresence::Run() {
  core::NameThisThread("presence");
  std::unique_lock lock(mu_);
  while (!stopping_) {
    lock.unlock();
    NodePresence here = presence_.Here(node_);
    const std::size_t size = std::max<std::size_t>(options_.part_size, 1);
    const int parts =
        static_cast<int>(std::max<std::size_t>(1, (here.online.size() + size - 1) / size));
    for (int i = 0; i < parts; ++i) {
      NodePresence part{
          .node = node_, .version = here.version, .full = true, .part = i, .parts = parts};
      const auto from = here.online.begin() + static_cast<std::ptrdiff_t>(i * size);
      const auto to = here.online.begin() +
                      static_cast<std::ptrdiff_t>(std::min(here.online.size(), (i + 1) * size));
      part.online.assign(from, to);
      bus_.Broadcast(kTopic, EncodePresence(part));
    }
    Tell(presence_.Expire(Presence::Clock::now() - options_.silence));
    lock.lock();
    wake_.wait_for(lock, options_.heartbeat, [this] { return stopping_; });
  }
}

}  // namespace confide::realtime
