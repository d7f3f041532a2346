#pragma once

// The service layer: every rule of the Messaging API, one service per resource, shared by
// the REST routes and the real-time gateway. Each call takes the store transaction of the
// job it runs in and returns what it changed (domain/events.h).

#include "domain/block_service.h"
#include "domain/community_directory.h"
#include "domain/contact_directory.h"
#include "domain/conversation_service.h"
#include "domain/message_service.h"
#include "domain/reaction_service.h"
#include "domain/receipt_service.h"
#include "domain/search_service.h"
#include "domain/service_context.h"
#include "domain/user_directory.h"

namespace confide::domain {

class MessagingService {
 public:
  MessagingService(const core::Clock& clock, core::IdGenerator& ids, ServiceLimits limits,
                   bool auto_provision)
      : context_{clock, ids, limits},
        users(context_, auto_provision),
        conversations(context_),
        messages(context_),
        reactions(context_),
        receipts(context_),
        blocks(context_),
        search(context_),
        communities(context_),
        contacts(context_) {}

  const ServiceLimits& limits() const { return context_.limits; }

  // Records every event of every change in its transaction from now on (before serving).
  // Records every change's events with `recorder` too (in the order recorders were added).
  void AddEventRecorder(EventRecorder* recorder) { context_.recorders.push_back(recorder); }

 private:
  ServiceContext context_;  // declared first: the services below keep a reference to it

 public:
  UserDirectory users;
  ConversationService conversations;
  MessageService messages;
  ReactionService reactions;
  ReceiptService receipts;
  BlockService blocks;
  SearchService search;
  CommunityDirectory communities;
  ContactDirectory contacts;
};

}  // namespace confide::domain
