#include "domain/user_directory.h"

#include "domain/clean_text.h"
#include "domain/conversation_service.h"
#include "domain/validation.h"

namespace confide::domain {
namespace {

constexpr std::size_t kMaxNameLength = 100;
constexpr std::string_view kDefaultRole = "client";

Result<Principal> Refuse(const std::optional<User>& user) {
  if (user && user->deleted_at) return Error::Unauthorized("User account has been deleted");
  return Error::Unauthorized("Unknown user");
}

}  // namespace

std::string_view Name(IdentityOutcome outcome) {
  switch (outcome) {
    case IdentityOutcome::kApplied:
      return "applied";
    case IdentityOutcome::kRepeated:
      return "repeated";
    case IdentityOutcome::kStale:
      return "stale";
    case IdentityOutcome::kIgnored:
      break;
  }
  return "ignored";
}

bool IsValidRole(std::string_view role) {
  if (role.empty() || role.size() > 32) return false;
  for (char c : role) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
  }
  return true;
}

std::optional<User> UserDirectory::FromClaims(const std::optional<User>& current,
                                              const IdentityClaims& claims) const {
  User user = current.value_or(User{.id = claims.subject, .role = std::string(kDefaultRole)});
  bool changed = !current.has_value();
  // A name the admin API would refuse is cleaned, not refused: the user is who the token says.
  auto take = [&](std::string& field, const std::optional<std::string>& claim) {
    if (!claim) return;
    std::string cleaned = CleanText(*claim, kMaxNameLength);
    if (cleaned != field) {
      field = std::move(cleaned);
      changed = true;
    }
  };
  take(user.first_name, claims.first_name);
  take(user.last_name, claims.last_name);
  if (claims.image_url && claims.image_url != user.avatar_url && IsWebUrl(*claims.image_url)) {
    user.avatar_url = claims.image_url;
    changed = true;
  }
  if (claims.role && *claims.role != user.role && IsValidRole(*claims.role)) {
    user.role = *claims.role;
    changed = true;
  }
  if (!changed) return std::nullopt;
  return user;
}

Result<std::optional<Principal>> UserDirectory::TryAuthenticate(
    store::Transaction& tx, const IdentityClaims& claims) const {
  auto user = tx.users().Find(claims.subject);
  if (user && user->deleted_at) return Refuse(user).error();
  if (!user && !auto_provision_) return Refuse(user).error();
  if (!user || (auto_provision_ && FromClaims(user, claims))) return std::optional<Principal>();
  return std::optional<Principal>(Principal{std::move(*user)});
}

Result<Principal> UserDirectory::Authenticate(store::Transaction& tx,
                                              const IdentityClaims& claims) const {
  auto user = tx.users().Find(claims.subject);
  if ((user && user->deleted_at) || (!user && !auto_provision_)) return Refuse(user);
  if (!auto_provision_) return Principal{std::move(*user)};
  if (auto updated = FromClaims(user, claims)) {
    const EpochMillis now = ctx_.Now();
    if (!user) updated->created_at = now;
    updated->updated_at = now;
    tx.users().Upsert(*updated);
    return Principal{std::move(*updated)};
  }
  return Principal{std::move(*user)};
}

Status UserDirectory::CheckUpsert(const UserUpsert& input) const {
  Problems problems;
  CheckId(problems, "id", input.id);
  const TextRule name{
      .max_length = kMaxNameLength, .allow_blank = true, .allow_line_breaks = false};
  CheckText(problems, "firstName", input.first_name, name);
  CheckText(problems, "lastName", input.last_name, name);
  if (input.avatar_url && !IsWebUrl(*input.avatar_url)) {
    problems.push_back("avatarUrl must be an http or https URL");
  }
  if (input.role && !IsValidRole(*input.role)) {
    problems.push_back("role must be a short lower-case word (letters, digits, _ or -)");
  }
  return ToStatus(std::move(problems));
}

Result<User> UserDirectory::Upsert(store::Transaction& tx, const UserUpsert& input) const {
  CONFIDE_RETURN_IF_ERROR(CheckUpsert(input));
  const EpochMillis now = ctx_.Now();
  auto current = tx.users().Find(input.id);
  User user =
      current.value_or(User{.id = input.id, .role = std::string(kDefaultRole), .created_at = now});
  user.first_name = input.first_name;
  user.last_name = input.last_name;
  user.avatar_url = input.avatar_url;
  if (input.role) user.role = *input.role;
  user.updated_at = now;
  user.deleted_at.reset();  // an upsert of a deleted user brings them back
  tx.users().Upsert(user);
  return user;
}

Result<Change<User>> UserDirectory::Delete(store::Transaction& tx,
                                           const std::string& user_id) const {
  if (!IsId(user_id)) return Error::NotFound("User not found");
  auto user = tx.users().Find(user_id);
  if (!user || user->deleted_at) return Error::NotFound("User not found");
  const EpochMillis now = ctx_.Now();
  user->deleted_at = now;
  user->updated_at = now;
  tx.users().Upsert(*user);
  const std::vector<std::string> conversations = tx.conversations().ActiveIdsOf(user_id);
  tx.conversations().DeactivateParticipations(user_id, now);
  Change<User> change{std::move(*user), {}};
  for (const auto& conversation_id : conversations) {
    EnsureAdmin(tx, conversation_id);
    ctx_.Raise(tx, change, ParticipantRemoved{conversation_id, user_id, user_id, now});
  }
  ctx_.Raise(tx, change, UserDeleted{user_id, now});
  return change;
}

Result<Change<IdentityOutcome>> UserDirectory::ApplyIdentityEvent(store::Transaction& tx,
                                                                  const IdentityEvent& event,
                                                                  EpochMillis repeat_window) const {
  const EpochMillis now = ctx_.Now();
  tx.users().PruneDeliveries(now - repeat_window);
  if (!tx.users().RecordDelivery(event.delivery_id, now))
    return Change{IdentityOutcome::kRepeated, {}};
  if (event.upsert) {
    const auto current = tx.users().Find(event.upsert->id);
    if (current && current->deleted_at &&
        (!event.occurred_at || *event.occurred_at < *current->deleted_at)) {
      return Change{IdentityOutcome::kStale, {}};
    }
    CONFIDE_RETURN_IF_ERROR(Upsert(tx, *event.upsert));
    return Change{IdentityOutcome::kApplied, {}};
  }
  if (event.deleted_id) {
    auto deleted = Delete(tx, *event.deleted_id);
    if (deleted.ok()) return Change{IdentityOutcome::kApplied, std::move(deleted->events)};
    if (deleted.error().code() != ErrorCode::kNotFound) return std::move(deleted).error();
  }
  return Change{IdentityOutcome::kIgnored, {}};
}

Result<User> UserDirectory::Get(store::Transaction& tx, const std::string& user_id) const {
  if (!IsId(user_id)) return Error::NotFound("User not found");
  auto user = tx.users().Find(user_id);
  if (!user) return Error::NotFound("User not found");
  return std::move(*user);
}

}  // namespace confide::domain
