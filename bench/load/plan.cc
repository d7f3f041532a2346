// Reading the plan file (see plan.h).

#include "plan.h"

#include <charconv>
#include <fstream>
#include <string_view>

namespace confide::load {
namespace {

std::vector<std::string_view> Fields(std::string_view line) {
  std::vector<std::string_view> out;
  while (!line.empty()) {
    const auto space = line.find(' ');
    const auto field = line.substr(0, space);
    if (!field.empty()) out.push_back(field);
    if (space == std::string_view::npos) break;
    line.remove_prefix(space + 1);
  }
  return out;
}

bool ParseIndex(std::string_view text, std::uint32_t& value) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size();
}

bool ParseNumber(std::string_view text, double& value) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size() && value >= 0;
}

// Safe to place inside a JSON string, a URL path and an HTTP header without escaping.
bool PlainToken(std::string_view text) {
  if (text.empty()) return false;
  for (const char c : text) {
    if (c <= 0x20 || c >= 0x7f || c == '"' || c == '\\') return false;
  }
  return true;
}

}  // namespace

std::uint32_t Plan::LanesInRoom(std::uint32_t room) const {
  const auto lane_count = static_cast<std::uint32_t>(lanes.size());
  return room < lane_count ? (lane_count - room + rooms - 1) / rooms : 0;
}

std::optional<Plan> ReadPlan(const std::string& path, std::string& error) {
  std::ifstream file(path);
  if (!file) {
    error = "cannot read the plan " + path;
    return std::nullopt;
  }
  Plan plan;
  bool header = false;
  bool have_rooms = false;
  std::vector<std::string> room_conversation;  // the conversation id of each room
  std::string line;
  std::size_t number = 0;
  const auto bad = [&](std::string_view why) {
    error = path + ":" + std::to_string(number) + ": " + std::string(why) + ": " + line;
    return std::nullopt;
  };
  const auto same_conversation = [&](std::uint32_t room, std::string_view id) {
    if (room_conversation[room].empty()) room_conversation[room] = id;
    return room_conversation[room] == id;
  };
  while (std::getline(file, line)) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    const auto f = Fields(line);
    if (!header) {
      if (f.size() != 2 || f[0] != "confide_load-plan" || f[1] != "1") {
        return bad("not a confide_load plan (version 1)");
      }
      header = true;
    } else if (f[0] == "node" && f.size() == 3) {
      plan.nodes.push_back({std::string(f[1]), std::string(f[2])});
    } else if (f[0] == "rooms" && f.size() == 2) {
      if (!ParseIndex(f[1], plan.rooms) || plan.rooms == 0) return bad("bad room count");
      room_conversation.assign(plan.rooms, {});
      have_rooms = true;
    } else if (f[0] == "rate" && f.size() == 2) {
      if (!ParseNumber(f[1], plan.rate)) return bad("bad rate");
    } else if (f[0] == "client" && f.size() == 5) {
      ClientPlan c;
      if (!have_rooms) return bad("`rooms` must come before the clients");
      if (!ParseIndex(f[1], c.node) || c.node >= plan.nodes.size()) return bad("bad node");
      if (!ParseIndex(f[2], c.room) || c.room >= plan.rooms) return bad("bad room");
      if (!PlainToken(f[3]) || !PlainToken(f[4])) return bad("bad conversation id or token");
      if (!same_conversation(c.room, f[3])) return bad("another conversation for the room");
      c.conversation_id = f[3];
      c.token = f[4];
      plan.clients.push_back(std::move(c));
    } else if (f[0] == "lane" && f.size() == 5) {
      LanePlan l;
      if (!have_rooms) return bad("`rooms` must come before the lanes");
      if (!ParseIndex(f[1], l.room) || l.room != plan.lanes.size() % plan.rooms) {
        return bad("lane l must send to room l mod rooms");
      }
      if (!PlainToken(f[2]) || !PlainToken(f[3])) return bad("bad conversation id or token");
      if (!same_conversation(l.room, f[2])) return bad("another conversation for the room");
      if (!ParseIndex(f[4], l.node) || l.node >= plan.nodes.size()) return bad("bad node");
      l.conversation_id = f[2];
      l.token = f[3];
      plan.lanes.push_back(std::move(l));
    } else {
      return bad("unknown line");
    }
  }
  number = 0;
  line.clear();
  if (!header) return bad("empty plan");
  if (plan.nodes.empty()) return bad("no node");
  if (plan.clients.empty()) return bad("no client");
  if (plan.lanes.size() < plan.rooms) return bad("fewer lanes than rooms");
  return plan;
}

}  // namespace confide::load
