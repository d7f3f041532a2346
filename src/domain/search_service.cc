#include "domain/search_service.h"

#include <fmt/format.h>

#include <map>

#include "domain/access.h"
#include "domain/validation.h"
#include "domain/view_builder.h"

namespace confide::domain {

Result<std::vector<SearchHit>> SearchService::Search(store::Transaction& tx, const Principal& who,
                                                     const SearchInput& input) {
  const std::string query = Trim(input.query);
  Problems problems;
  CheckText(problems, "query", query,
            {.max_length = ctx_.limits.max_search_length, .allow_line_breaks = false});
  CONFIDE_RETURN_IF_ERROR(ToStatus(std::move(problems)));
  CONFIDE_RETURN_IF_ERROR(CheckPage(input.page));
  // Every result before the page is found, and then skipped: deep pages are refused rather
  // than paid for. (page <= 1,000,000 and limit <= 100, so the product fits an int.)
  if (input.page.page * input.page.limit > ctx_.limits.max_search_results) {
    return Error::Invalid({fmt::format("page * limit must not be greater than {} for search",
                                       ctx_.limits.max_search_results)});
  }
  if (input.conversation_id) {
    CONFIDE_RETURN_IF_ERROR(RequireConversation(tx, who, *input.conversation_id));
  }
  auto messages = tx.messages().Search(who.id(), query, input.conversation_id,
                                       (input.page.page - 1) * input.page.limit, input.page.limit);
  ViewBuilder views(tx);
  std::vector<std::string> senders;
  for (const auto& m : messages) senders.push_back(m.sender_id);
  views.Preload(senders);
  std::map<std::string, Conversation> conversations;
  std::vector<SearchHit> hits;
  hits.reserve(messages.size());
  for (auto& m : messages) {
    auto it = conversations.find(m.conversation_id);
    if (it == conversations.end()) {
      it = conversations.emplace(m.conversation_id, *tx.conversations().Find(m.conversation_id))
               .first;
    }
    const User& sender = views.UserById(m.sender_id);
    hits.push_back({std::move(m), sender, it->second});
  }
  return hits;
}

}  // namespace confide::domain
