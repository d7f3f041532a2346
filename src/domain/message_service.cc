#include "domain/message_service.h"

#include <fmt/format.h>

#include "domain/access.h"
#include "domain/validation.h"
#include "domain/view_builder.h"

namespace confide::domain {
namespace {

constexpr std::size_t kMaxAttachmentName = 255;
constexpr std::int64_t kMaxAttachmentSize = (std::int64_t{1} << 53);  // exact in JSON numbers

}  // namespace

Status MessageService::CheckContent(std::string_view content, MessageType type) const {
  Problems problems;
  // A file may come without a caption; a text or system message must say something.
  CheckText(problems, "content", content,
            {.max_length = ctx_.limits.max_content_length, .allow_blank = NeedsAttachment(type)});
  return ToStatus(std::move(problems));
}

Status MessageService::CheckAttachment(const SendMessageInput& input, MessageType type) const {
  const bool any = input.attachment_url || input.attachment_name || input.attachment_size;
  if (!any && !NeedsAttachment(type)) return Status::Ok();
  Problems problems;
  if (!input.attachment_url) {
    problems.push_back("attachmentUrl is required with an attachment");
  } else if (!IsWebUrl(*input.attachment_url)) {
    problems.push_back("attachmentUrl must be an http or https URL");
  }
  if (!input.attachment_name) {
    problems.push_back("attachmentName is required with an attachment");
  } else {
    CheckText(problems, "attachmentName", *input.attachment_name,
              {.max_length = kMaxAttachmentName, .allow_line_breaks = false});
  }
  if (!input.attachment_size) {
    problems.push_back("attachmentSize is required with an attachment");
  } else if (*input.attachment_size < 0 || *input.attachment_size > kMaxAttachmentSize) {
    problems.push_back("attachmentSize must not be less than 0");
  }
  return ToStatus(std::move(problems));
}

Result<std::optional<Message>> MessageService::CheckReply(store::Transaction& tx,
                                                          const SendMessageInput& input) const {
  if (!input.reply_to_id) return std::optional<Message>();
  auto replied = tx.messages().Find(*input.reply_to_id);
  if (!replied || replied->conversation_id != input.conversation_id) {
    return Error::BadRequest("replyToId must be the id of a message in this conversation");
  }
  if (replied->is_deleted) return Error::BadRequest("Cannot reply to a deleted message");
  return replied;
}

void MessageService::ReadAheadForSend(store::Transaction& tx, const std::string& caller_id,
                                      const SendMessageInput& input) const {
  if (!IsId(input.conversation_id)) return;
  tx.conversations().ReadAheadParticipation(input.conversation_id, caller_id,
                                            store::Members::kRead);
}

Result<Change<MessageView>> MessageService::Send(store::Transaction& tx, const Principal& who,
                                                 const SendMessageInput& input) {
  CONFIDE_ASSIGN_OR_RETURN(auto access,
                           RequireConversationWithMembers(tx, who, input.conversation_id));
  const MessageType type = input.type.value_or(MessageType::kText);
  CONFIDE_RETURN_IF_ERROR(CheckContent(input.content, type));
  CONFIDE_RETURN_IF_ERROR(CheckAttachment(input, type));
  if (type == MessageType::kSystem && !who.is_platform_admin()) {
    return Error::Forbidden("Only administrators can send SYSTEM messages");
  }
  auto recipients = std::move(access.members);
  std::erase(recipients, who.id());
  if (access.conversation.type == ConversationType::kDirect && !recipients.empty() &&
      BlockedEitherWay(tx, who.id(), recipients.front())) {
    return Error::Forbidden(
        "You cannot send messages to this user: one of you has blocked the other");
  }
  CONFIDE_ASSIGN_OR_RETURN(auto replied, CheckReply(tx, input));

  // Numbered first: taking the number locks the conversation until the commit (with several
  // writers), so the id given next follows the conversation's order, and the message's time
  // is never before that of a message numbered before it (ids are time-ordered).
  const auto slot = tx.conversations().RecordMessage(input.conversation_id, ctx_.Now());
  Message message{.id = ctx_.ids.Next("msg_"),
                  .conversation_id = input.conversation_id,
                  .sender_id = who.id(),
                  .content = input.content,
                  .type = type,
                  .created_at = slot.at,
                  .reply_to_id = input.reply_to_id,
                  .attachment_url = input.attachment_url,
                  .attachment_name = input.attachment_name,
                  .attachment_size = input.attachment_size,
                  .seq = slot.seq};
  tx.messages().Insert(message);
  // Writing in a conversation means having read it up to here.
  access.participant.last_read_message_id = message.id;
  tx.conversations().UpdateParticipant(access.participant);

  // A new message has no reactions or receipts yet, and its sender is the caller: its view
  // needs no reading back.
  MessageView view{.message = std::move(message), .sender = who.user};
  if (replied) {
    view.reply_to = ReplyPreview{replied->id, replied->content, replied->is_deleted,
                                 ViewBuilder(tx).UserById(replied->sender_id)};
  }
  Change<MessageView> change{view, {}};
  ctx_.Raise(tx, change,
             MessageSent{std::move(view), access.conversation.type, std::move(recipients)});
  return change;
}

Result<Change<MessageView>> MessageService::Edit(store::Transaction& tx, const Principal& who,
                                                 const EditMessageInput& input) {
  CONFIDE_ASSIGN_OR_RETURN(auto access, RequireMessage(tx, who, input.message_id));
  Message& message = access.message;
  if (message.sender_id != who.id()) {
    return Error::Forbidden("You can only edit your own messages");
  }
  if (message.is_deleted) return Error::BadRequest("Cannot edit a deleted message");
  CONFIDE_RETURN_IF_ERROR(CheckContent(input.content, message.type));
  if (message.content == input.content) {  // nothing changes: no edit mark, no event
    return Change<MessageView>{ViewBuilder(tx).OneMessage(std::move(message)), {}};
  }
  message.content = input.content;
  message.is_edited = true;
  message.edited_at = ctx_.Now();
  tx.messages().Update(message);
  auto view = ViewBuilder(tx).OneMessage(std::move(message));
  Change<MessageView> change{view, {}};
  ctx_.Raise(tx, change, MessageUpdated{std::move(view)});
  return change;
}

Result<Change<std::monostate>> MessageService::Delete(store::Transaction& tx, const Principal& who,
                                                      const std::string& message_id) {
  CONFIDE_ASSIGN_OR_RETURN(auto access, RequireMessage(tx, who, message_id));
  Message& message = access.message;
  if (message.sender_id != who.id() && access.participant.role != ParticipantRole::kAdmin) {
    return Error::Forbidden("You can only delete your own messages");
  }
  Change<std::monostate> change;
  if (message.is_deleted) return change;  // deleting again changes nothing
  const EpochMillis now = ctx_.Now();
  message.is_deleted = true;
  message.deleted_at = now;
  message.content.clear();
  message.attachment_url.reset();
  message.attachment_name.reset();
  message.attachment_size.reset();
  tx.messages().Update(message);
  ctx_.Raise(tx, change,
             MessageDeleted{message.id, message.conversation_id, message.sender_id, who.id(), now});
  return change;
}

Status MessageService::CheckCursor(store::Transaction& tx, const ListMessagesInput& input,
                                   const std::optional<std::string>& cursor,
                                   std::string_view name) const {
  if (!cursor) return Status::Ok();
  auto message = tx.messages().Find(*cursor);
  if (!message || message->conversation_id != input.conversation_id) {
    return Error::BadRequest(
        fmt::format("{} must be the id of a message in this conversation", name));
  }
  return Status::Ok();
}

Result<std::vector<MessageView>> MessageService::List(store::Transaction& tx, const Principal& who,
                                                      const ListMessagesInput& input) {
  CONFIDE_RETURN_IF_ERROR(RequireConversation(tx, who, input.conversation_id));
  CONFIDE_RETURN_IF_ERROR(CheckPage(input.page));
  if (input.before && input.after) {
    return Error::BadRequest("before and after cannot be used together");
  }
  CONFIDE_RETURN_IF_ERROR(CheckCursor(tx, input, input.before, "before"));
  CONFIDE_RETURN_IF_ERROR(CheckCursor(tx, input, input.after, "after"));
  store::MessageWindow window{.offset = (input.page.page - 1) * input.page.limit,
                              .limit = input.page.limit,
                              .before = input.before,
                              .after = input.after};
  auto messages = tx.messages().List(input.conversation_id, who.id(), window);
  return ViewBuilder(tx).Messages(std::move(messages));
}

}  // namespace confide::domain
