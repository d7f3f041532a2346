#include "domain/conversation_sequence.h"

#include <type_traits>

namespace confide::domain {
namespace {

const std::string& ConversationOf(const MessageUpdated& e) {
  return e.message.message.conversation_id;
}
const std::string& ConversationOf(const ParticipantAdded& e) {
  return e.participant.participant.conversation_id;
}
template <class E>
const std::string& ConversationOf(const E& e) {
  return e.conversation_id;
}

template <class E>
concept NumberedLater = requires(E e) {
  e.seq;
};

}  // namespace

void TakeSequence(store::Transaction& tx, DomainEvent& event) {
  std::visit(
      [&tx](auto& e) {
        using E = std::decay_t<decltype(e)>;
        if constexpr (NumberedLater<E>) {
          if (e.seq == 0) e.seq = tx.log().NextSeq(ConversationOf(e));
        }
      },
      event);
}

std::int64_t SequenceOf(const DomainEvent& event) {
  return std::visit(
      [](const auto& e) -> std::int64_t {
        using E = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<E, MessageSent>) {
          return e.message.message.seq;
        } else if constexpr (NumberedLater<E>) {
          return e.seq;
        } else {
          return 0;
        }
      },
      event);
}

}  // namespace confide::domain
