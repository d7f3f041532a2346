#pragma once

// The wire shapes of the Messaging API, field for field as the spec shows them: camelCase,
// ISO-8601 timestamps with milliseconds, null for absent optional fields.

#include <boost/json/value.hpp>
#include <vector>

#include "domain/block_service.h"
#include "domain/model.h"
#include "domain/receipt_service.h"

namespace confide::api {

boost::json::value MessageJson(const domain::MessageView& v);
boost::json::value ConversationJson(const domain::ConversationView& v);
boost::json::value ReactionJson(const domain::ReactionView& v);
boost::json::value SearchHitJson(const domain::SearchHit& hit);
boost::json::value BlockJson(const domain::BlockView& v);
boost::json::value UserJson(const domain::User& user);  // the whole profile, for admins
boost::json::value ReadStateJson(const domain::ReadState& state);
boost::json::value CommunityMemberJson(const domain::CommunityMember& member);
boost::json::value PostJson(const domain::Post& post);

template <class T, class F>
boost::json::value ArrayJson(const std::vector<T>& items, F&& one) {
  boost::json::array out;
  out.reserve(items.size());
  for (const auto& item : items) out.push_back(one(item));
  return out;
}

}  // namespace confide::api
