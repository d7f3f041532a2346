#pragma once

// The gateway's statistics across a cluster. Each node shares its own figures on the bus
// once a second (Share); any node answers for the whole cluster (Merge): the totals of every
// node heard from in the last `silence`, and each node's own figures beside them.
//
// Thread-safety: every method may be called from any thread.

#include <boost/json/object.hpp>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "realtime/delivery_bus.h"

namespace confide::realtime {

// Adds up figures of the same shape: every number, in nested objects too; what is not a
// number is taken from the first.
boost::json::object SumStats(const std::vector<boost::json::object>& figures);

class ClusterStats {
 public:
  ClusterStats(DeliveryBus& bus, std::string node_id,
               std::chrono::milliseconds silence = std::chrono::milliseconds(3'000));
  ~ClusterStats();
  ClusterStats(const ClusterStats&) = delete;
  ClusterStats& operator=(const ClusterStats&) = delete;

  // This node's figures, for the others.
  void Share(const boost::json::object& local);
  // The cluster's: the totals, `authenticatedUsers` as given (users are counted once however
  // many nodes hold them), and `nodes`, each node's own figures with its id, by id.
  boost::json::object Merge(const boost::json::object& local, std::size_t users) const;

 private:
  using Clock = std::chrono::steady_clock;
  struct Heard {
    boost::json::object figures;
    Clock::time_point at;
  };

  DeliveryBus& bus_;
  const std::string node_id_;
  const std::chrono::milliseconds silence_;
  mutable std::mutex mu_;
  std::map<std::string, Heard> nodes_;  // guarded by mu_
};

}  // namespace confide::realtime
