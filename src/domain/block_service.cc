#include "domain/block_service.h"

#include "domain/validation.h"
#include "domain/view_builder.h"

namespace confide::domain {
namespace {

constexpr std::size_t kMaxReasonLength = 500;

}  // namespace

Result<Change<std::monostate>> BlockService::Block(store::Transaction& tx, const Principal& who,
                                                   const BlockInput& input) {
  Problems problems;
  CheckId(problems, "userId", input.user_id);
  if (input.reason) {
    CheckText(problems, "reason", *input.reason,
              {.max_length = kMaxReasonLength, .allow_blank = true});
  }
  CONFIDE_RETURN_IF_ERROR(ToStatus(std::move(problems)));
  if (input.user_id == who.id()) return Error::BadRequest("You cannot block yourself");
  auto user = tx.users().Find(input.user_id);
  if (!user || user->deleted_at) return Error::NotFound("User not found");
  if (tx.blocks().Find(who.id(), input.user_id)) {
    return Error::BadRequest("User is already blocked");
  }
  domain::Block block{.blocker_id = who.id(),
                      .blocked_id = input.user_id,
                      .reason = input.reason,
                      .created_at = ctx_.Now()};
  if (block.reason && IsBlank(*block.reason)) block.reason.reset();
  if (!tx.blocks().Insert(block)) return Error::BadRequest("User is already blocked");
  Change<std::monostate> change;
  ctx_.Raise(tx, change, UserBlocked{std::move(block)});
  return change;
}

Result<Change<std::monostate>> BlockService::Unblock(store::Transaction& tx, const Principal& who,
                                                     const std::string& user_id) {
  if (!IsId(user_id) || !tx.blocks().Find(who.id(), user_id)) {
    return Error::NotFound("User is not blocked");
  }
  tx.blocks().Delete(who.id(), user_id);
  Change<std::monostate> change;
  ctx_.Raise(tx, change, UserUnblocked{who.id(), user_id, ctx_.Now()});
  return change;
}

Result<std::vector<BlockView>> BlockService::List(store::Transaction& tx, const Principal& who) {
  ViewBuilder views(tx);
  std::vector<BlockView> out;
  for (auto& block : tx.blocks().By(who.id())) {
    const User& user = views.UserById(block.blocked_id);
    out.push_back({std::move(block), user});
  }
  return out;
}

std::vector<std::string> BlockService::BlockedIds(store::Transaction& tx, const Principal& who) {
  std::vector<std::string> ids;
  for (auto& block : tx.blocks().By(who.id())) ids.push_back(std::move(block.blocked_id));
  return ids;
}

}  // namespace confide::domain
