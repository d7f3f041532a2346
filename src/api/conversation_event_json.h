#pragma once

// A change visible in a conversation as the real-time gateway sends it to the conversation's
// room: the event's name and its JSON payload, `seq` included (docs/realtime.md). The gateway
// sends these payloads, and the conversation log keeps them (ConversationLogRecorder), so
// what a client reads back from GET /conversations/:id/events is what it would have received.
// A message sent is not kept: the log reads the message itself (NewMessageEntry).

#include <optional>

#include "domain/events.h"
#include "store/transaction.h"

namespace confide::api {

// The log entry of a conversation event (MessageSent, MessageUpdated, MessageDeleted,
// MessageRead, ReactionAdded, ReactionRemoved, ParticipantAdded, ParticipantRemoved);
// nullopt for other events.
std::optional<store::ConversationLogRecord> ConversationEventOf(const domain::DomainEvent& event);

// The new_message entry of a message sent, its payload the message as `view` shows it.
store::ConversationLogRecord NewMessageEntry(const domain::MessageView& view);

}  // namespace confide::api
