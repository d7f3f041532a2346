#pragma once

// The plan confide_load runs, read from a text file that bench/gateway/fanout.mjs writes:
// one item per line, fields separated by single spaces, `#` lines ignored.
//
//   confide_load-plan 1
//   node <host> <port>                                   the server's nodes, index = order
//   rooms <R>
//   rate <messages per second over all lanes, 0 = each lane as fast as its 201s come>
//   client <node> <room> <conversationId> <token>        one WebSocket each, index = order
//   lane <room> <conversationId> <token> <node>          one sender each, index = order
//
// Lane l must belong to room l mod R (the layout fanout.mjs uses and the checks rely on);
// every room has one conversation id. Tokens and ids are sent inside JSON strings and HTTP
// headers as they are, so they must be printable ASCII without quotes or backslashes.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace confide::load {

struct NodeAddress {
  std::string host;
  std::string port;
};

struct ClientPlan {
  std::uint32_t node = 0;
  std::uint32_t room = 0;
  std::string conversation_id;
  std::string token;
};

struct LanePlan {
  std::uint32_t room = 0;
  std::string conversation_id;
  std::string token;
  std::uint32_t node = 0;
};

struct Plan {
  std::vector<NodeAddress> nodes;
  std::uint32_t rooms = 0;
  double rate = 0;
  std::vector<ClientPlan> clients;
  std::vector<LanePlan> lanes;

  // How many lanes send to `room`: lanes room, room + rooms, room + 2 rooms, ...
  std::uint32_t LanesInRoom(std::uint32_t room) const;
};

// Reads and checks the plan file at `path`; nullopt with `error` set if it is not valid.
std::optional<Plan> ReadPlan(const std::string& path, std::string& error);

}  // namespace confide::load
