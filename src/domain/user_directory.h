#pragma once

// Users as the messaging service knows them: found by the subject of a verified token,
// provisioned from its claims when auto-provisioning is on, kept in sync by an identity
// provider's webhooks and by administrators.
// Thread-safety: stateless between calls; each call runs on the store thread of its job.

#include <optional>
#include <string>

#include "core/result.h"
#include "domain/events.h"
#include "domain/inputs.h"
#include "domain/principal.h"
#include "domain/service_context.h"
#include "store/transaction.h"

namespace confide::domain {

// What became of an IdentityEvent.
enum class IdentityOutcome {
  kApplied,
  kRepeated,  // the same delivery was already processed: nothing changes
  kStale,     // an upsert from before the user's deletion: a deleted user stays deleted
  kIgnored,   // nothing to do (another event type, or deleting a user already gone)
};
// "applied", "repeated", "stale", "ignored".
std::string_view Name(IdentityOutcome outcome);

class UserDirectory {
 public:
  UserDirectory(ServiceContext& context, bool auto_provision)
      : ctx_(context), auto_provision_(auto_provision) {}

  // The caller, if no write is needed to know them; nullopt when the user must be provisioned
  // or their profile updated from the token (call Authenticate in a write job then).
  Result<std::optional<Principal>> TryAuthenticate(store::Transaction& tx,
                                                   const IdentityClaims& claims) const;
  // The caller, provisioning or updating them as their token says.
  Result<Principal> Authenticate(store::Transaction& tx, const IdentityClaims& claims) const;

  Result<User> Upsert(store::Transaction& tx, const UserUpsert& input) const;
  // Marks the user deleted and ends their participations (each a ParticipantRemoved, then a
  // UserDeleted); their messages stay.
  Result<Change<User>> Delete(store::Transaction& tx, const std::string& user_id) const;
  // Applies what the identity provider reports, once: a delivery already processed within
  // `repeat_window` changes nothing again; an upsert that is not known to be newer than the
  // user's deletion is stale (a late retry cannot bring a deleted user back); deleting a
  // user who is unknown or already deleted is already done.
  Result<Change<IdentityOutcome>> ApplyIdentityEvent(store::Transaction& tx,
                                                     const IdentityEvent& event,
                                                     EpochMillis repeat_window) const;
  Result<User> Get(store::Transaction& tx, const std::string& user_id) const;

  bool auto_provision() const { return auto_provision_; }

 private:
  // The user as the token describes them, or nullopt if the token adds nothing new.
  std::optional<User> FromClaims(const std::optional<User>& current,
                                 const IdentityClaims& claims) const;
  Status CheckUpsert(const UserUpsert& input) const;

  ServiceContext& ctx_;
  bool auto_provision_;
};

// Roles are short lower-case words ("client", "therapist", "admin").
bool IsValidRole(std::string_view role);

}  // namespace confide::domain
