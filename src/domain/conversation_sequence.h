#pragma once

// Gives a change visible in a conversation the conversation's next sequence number, in the
// change's own transaction (store::Transaction::NextConversationSeq): the numbers of a
// conversation's committed changes run 1, 2, 3, ... without gaps, whatever the number of
// writers.
// Thread-safety: called within a write job, on the store thread that runs it.

#include "domain/events.h"
#include "store/transaction.h"

namespace confide::domain {

// Sets the event's seq if it is a conversation event whose seq is not set yet. MessageSent
// is numbered by MessageService before its message is stored.
void TakeSequence(store::Transaction& tx, DomainEvent& event);

// The conversation event's sequence number; 0 for other events.
std::int64_t SequenceOf(const DomainEvent& event);

}  // namespace confide::domain
