#include "realtime/cluster_stats.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace confide::realtime {
namespace {

const std::string kTopic = "stats";

void Add(boost::json::object& total, const boost::json::object& more) {
  for (const auto& [key, value] : more) {
    auto* mine = total.if_contains(key);
    if (mine == nullptr) {
      total[key] = value;
    } else if (mine->is_object() && value.is_object()) {
      Add(mine->get_object(), value.get_object());
    } else if (mine->is_number() && value.is_number()) {
      if (mine->is_double() || value.is_double()) {
        *mine = mine->to_number<double>() + value.to_number<double>();
      } else {
        *mine = mine->to_number<std::int64_t>() + value.to_number<std::int64_t>();
      }
    }
  }
}

}  // namespace

boost::json::object SumStats(const std::vector<boost::json::object>& figures) {
  boost::json::object total;
  for (const auto& one : figures) Add(total, one);
  return total;
}

ClusterStats::ClusterStats(DeliveryBus& bus, std::string node_id, std::chrono::milliseconds silence)
    : bus_(bus), node_id_(std::move(node_id)), silence_(silence) {
  bus_.OnBroadcast(kTopic, [this](std::string_view bytes) {
    boost::system::error_code ec;
    auto value = boost::json::parse(bytes, ec);
    auto* object = ec ? nullptr : value.if_object();
    const auto* node = object != nullptr ? object->if_contains("node") : nullptr;
    auto* figures = object != nullptr ? object->if_contains("stats") : nullptr;
    if (node == nullptr || !node->is_string() || figures == nullptr || !figures->is_object()) {
      return;
    }
    const std::string id(node->get_string());
    if (id == node_id_) return;
    std::lock_guard lock(mu_);
    nodes_[id] = {std::move(figures->get_object()), Clock::now()};
  });
}

ClusterStats::~ClusterStats() { bus_.OnBroadcast(kTopic, nullptr); }

void ClusterStats::Share(const boost::json::object& local) {
  bus_.Broadcast(kTopic,
                 boost::json::serialize(boost::json::object{{"node", node_id_}, {"stats", local}}));
}

boost::json::object ClusterStats::Merge(const boost::json::object& local, std::size_t users) const {
  std::map<std::string, boost::json::object> nodes{{node_id_, local}};
  {
    std::lock_guard lock(mu_);
    const auto since = Clock::now() - silence_;
    for (const auto& [id, heard] : nodes_) {
      if (heard.at >= since) nodes.emplace(id, heard.figures);
    }
  }
  std::vector<boost::json::object> figures;
  boost::json::array each;
  for (auto& [id, one] : nodes) {
    figures.push_back(one);
    boost::json::object entry{{"node", id}};
    for (auto& [key, value] : one) entry[key] = value;
    each.push_back(std::move(entry));
  }
  boost::json::object total = SumStats(figures);
  total["authenticatedUsers"] = users;
  total["nodes"] = std::move(each);
  return total;
}

}  // namespace confide::realtime
