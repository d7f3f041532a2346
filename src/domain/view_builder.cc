#include "domain/view_builder.h"

#include <algorithm>

namespace confide::domain {

void ViewBuilder::LoadUsers(const std::vector<std::string>& ids) {
  std::vector<std::string> missing;
  for (const auto& id : ids) {
    if (!users_.contains(id)) missing.push_back(id);
  }
  std::sort(missing.begin(), missing.end());
  missing.erase(std::unique(missing.begin(), missing.end()), missing.end());
  if (missing.empty()) return;
  for (auto& user : tx_.users().FindMany(missing)) users_.emplace(user.id, std::move(user));
  // A user row never disappears, but keep views whole even if one did.
  for (const auto& id : missing) users_.try_emplace(id, User{.id = id});
}

const User& ViewBuilder::UserById(const std::string& id) {
  LoadUsers({id});
  return users_.at(id);
}

std::vector<MessageView> ViewBuilder::Messages(std::vector<Message> messages) {
  return Build(std::move(messages), true);
}

std::vector<MessageView> ViewBuilder::AsSent(std::vector<Message> messages) {
  return Build(std::move(messages), false);
}

std::vector<MessageView> ViewBuilder::Build(std::vector<Message> messages,
                                            bool with_reactions_and_receipts) {
  std::vector<std::string> ids, user_ids, reply_ids;
  for (const auto& m : messages) {
    ids.push_back(m.id);
    user_ids.push_back(m.sender_id);
    if (m.reply_to_id) reply_ids.push_back(*m.reply_to_id);
  }
  std::map<std::string, Message> replies;
  if (!reply_ids.empty()) {
    for (auto& r : tx_.messages().FindMany(reply_ids)) {
      user_ids.push_back(r.sender_id);
      replies.emplace(r.id, std::move(r));
    }
  }
  std::map<std::string, std::vector<Reaction>> reactions;
  std::map<std::string, std::vector<ReadReceipt>> receipts;
  if (with_reactions_and_receipts && !ids.empty()) {
    for (auto& r : tx_.reactions().For(ids)) {
      user_ids.push_back(r.user_id);
      reactions[r.message_id].push_back(std::move(r));
    }
    for (auto& r : tx_.receipts().For(ids)) {
      user_ids.push_back(r.user_id);
      receipts[r.message_id].push_back(std::move(r));
    }
  }
  LoadUsers(user_ids);

  std::vector<MessageView> views;
  views.reserve(messages.size());
  for (auto& m : messages) {
    const User& sender = users_.at(m.sender_id);
    MessageView v{.message = std::move(m), .sender = sender};
    if (v.message.reply_to_id) {
      auto it = replies.find(*v.message.reply_to_id);
      if (it != replies.end()) {
        v.reply_to = ReplyPreview{it->second.id, it->second.content, it->second.is_deleted,
                                  users_.at(it->second.sender_id)};
      }
    }
    for (auto& r : reactions[v.message.id]) {
      const User& user = users_.at(r.user_id);
      v.reactions.push_back({std::move(r), user});
    }
    for (auto& r : receipts[v.message.id]) {
      const User& user = users_.at(r.user_id);
      v.read_receipts.push_back({std::move(r), user});
    }
    views.push_back(std::move(v));
  }
  return views;
}

MessageView ViewBuilder::OneMessage(Message message) {
  std::vector<Message> one;
  one.push_back(std::move(message));
  return std::move(Messages(std::move(one)).front());
}

std::vector<ConversationView> ViewBuilder::Conversations(std::vector<Conversation> conversations,
                                                         const std::string& viewer) {
  std::vector<ConversationView> views;
  std::vector<std::string> user_ids;
  for (auto& c : conversations) {
    ConversationView v{.conversation = std::move(c)};
    const auto& id = v.conversation.id;
    std::optional<std::string> read_position;
    for (auto& p : tx_.conversations().ListParticipants(id)) {
      if (p.user_id == viewer) read_position = p.last_read_message_id;
      user_ids.push_back(p.user_id);
      v.participants.push_back({std::move(p), User{}});
    }
    if (auto last = tx_.messages().LastVisible(id, viewer)) {
      user_ids.push_back(last->sender_id);
      v.last_message = MessageView{.message = std::move(*last)};
    }
    v.unread_count = tx_.messages().CountFromOthers(id, viewer, read_position, std::nullopt);
    views.push_back(std::move(v));
  }
  LoadUsers(user_ids);
  for (auto& v : views) {
    for (auto& p : v.participants) p.user = users_.at(p.participant.user_id);
    if (v.last_message) v.last_message->sender = users_.at(v.last_message->message.sender_id);
  }
  return views;
}

ConversationView ViewBuilder::OneConversation(Conversation conversation,
                                              const std::string& viewer) {
  std::vector<Conversation> one;
  one.push_back(std::move(conversation));
  return std::move(Conversations(std::move(one), viewer).front());
}

ParticipantView ViewBuilder::OneParticipant(Participant participant) {
  const User& user = UserById(participant.user_id);
  return {std::move(participant), user};
}

ReactionView ViewBuilder::OneReaction(Reaction reaction) {
  const User& user = UserById(reaction.user_id);
  return {std::move(reaction), user};
}

}  // namespace confide::domain
