#include "domain/reaction_service.h"

#include "core/utf8.h"
#include "domain/access.h"
#include "domain/view_builder.h"

namespace confide::domain {
namespace {

constexpr std::size_t kMaxEmojiCodePoints = 16;
constexpr std::size_t kMaxEmojiBytes = 64;

}  // namespace

Status CheckEmoji(std::string_view emoji) {
  const auto length = core::CountCodePoints(emoji);
  if (!length || *length == 0 || *length > kMaxEmojiCodePoints || emoji.size() > kMaxEmojiBytes ||
      core::HasControlCharacters(emoji) ||
      emoji.find_first_of(" \t\r\n") != std::string_view::npos) {
    return Error::Invalid({"emoji must be a single emoji or a short code without spaces"});
  }
  return Status::Ok();
}

Result<Change<ReactionView>> ReactionService::Add(store::Transaction& tx, const Principal& who,
                                                  const std::string& message_id,
                                                  const std::string& emoji) {
  CONFIDE_RETURN_IF_ERROR(CheckEmoji(emoji));
  CONFIDE_ASSIGN_OR_RETURN(auto access, RequireMessage(tx, who, message_id));
  if (access.message.is_deleted) return Error::BadRequest("Cannot react to a deleted message");
  ViewBuilder views(tx);
  if (auto existing = tx.reactions().Find(message_id, who.id(), emoji)) {
    return Change<ReactionView>{views.OneReaction(std::move(*existing)), {}};
  }
  Reaction reaction{.id = ctx_.ids.Next("reaction_"),
                    .message_id = message_id,
                    .user_id = who.id(),
                    .emoji = emoji,
                    .created_at = ctx_.Now()};
  if (!tx.reactions().Insert(reaction)) {  // the same reaction, added meanwhile
    auto existing = tx.reactions().Find(message_id, who.id(), emoji);
    if (!existing) return Error::Internal("a reaction that conflicted cannot be found");
    return Change<ReactionView>{views.OneReaction(std::move(*existing)), {}};
  }
  auto view = views.OneReaction(std::move(reaction));
  Change<ReactionView> change{view, {}};
  ctx_.Raise(tx, change, ReactionAdded{std::move(view), access.conversation.id});
  return change;
}

Result<Change<std::monostate>> ReactionService::Remove(store::Transaction& tx, const Principal& who,
                                                       const std::string& message_id,
                                                       const std::string& emoji) {
  CONFIDE_ASSIGN_OR_RETURN(auto access, RequireMessage(tx, who, message_id));
  // An emoji is never empty and holds no control character: such text names no reaction.
  if (emoji.empty() || core::HasControlCharacters(emoji)) {
    return Error::NotFound("Reaction not found");
  }
  auto existing = tx.reactions().Find(message_id, who.id(), emoji);
  if (!existing) return Error::NotFound("Reaction not found");
  tx.reactions().Delete(existing->id);
  Change<std::monostate> change;
  ctx_.Raise(tx, change,
             ReactionRemoved{ViewBuilder(tx).OneReaction(std::move(*existing)),
                             access.conversation.id, ctx_.Now()});
  return change;
}

}  // namespace confide::domain
