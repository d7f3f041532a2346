#pragma once

// Assembles the views the API returns (messages with sender, reply preview, reactions and
// read receipts; conversations with participants, last message and unread count) in a
// handful of batched queries, whatever the number of rows.
// Thread-safety: one builder per job, on the store thread running it.

#include <map>
#include <string>
#include <vector>

#include "domain/model.h"
#include "store/transaction.h"

namespace confide::domain {

class ViewBuilder {
 public:
  explicit ViewBuilder(store::Transaction& tx) : tx_(tx) {}

  std::vector<MessageView> Messages(std::vector<Message> messages);
  MessageView OneMessage(Message message);
  // The messages as the gateway's new_message showed them: with sender and reply preview,
  // without reactions and receipts (which came later, as changes of their own).
  std::vector<MessageView> AsSent(std::vector<Message> messages);

  // `viewer` decides the last message shown and the unread count.
  std::vector<ConversationView> Conversations(std::vector<Conversation> conversations,
                                              const std::string& viewer);
  ConversationView OneConversation(Conversation conversation, const std::string& viewer);

  ParticipantView OneParticipant(Participant participant);
  ReactionView OneReaction(Reaction reaction);
  const User& UserById(const std::string& id);
  // Loads these users in one query, for UserById calls to come.
  void Preload(const std::vector<std::string>& ids) { LoadUsers(ids); }

 private:
  void LoadUsers(const std::vector<std::string>& ids);
  std::vector<MessageView> Build(std::vector<Message> messages, bool with_reactions_and_receipts);

  store::Transaction& tx_;
  std::map<std::string, User> users_;
};

}  // namespace confide::domain
