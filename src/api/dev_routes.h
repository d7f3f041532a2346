#pragma once

// Routes that exist only in development mode (`confide serve --dev`), so that the chat page
// can sign in as anyone without an identity provider:
//   GET  /dev/status  200 {"dev":true,"tokenMinting":true|false}
//   POST /dev/token   {userId, firstName?, lastName?, role?}  201 {"token":"…"}
// Outside --dev they are never registered and answer 404 like any unknown path.

#include <functional>
#include <string>

#include "http/router.h"

namespace confide::api {

// Who a development token is for; the claims `confide token` would write.
struct DevIdentity {
  std::string user_id;
  std::string first_name;
  std::string last_name;
  std::string role;
};

// Signs a token for an identity (with the development HS256 secret). Called on an I/O thread:
// it must not block.
using DevTokenMinter = std::function<std::string(const DevIdentity&)>;

// `mint` may be empty when nothing can sign (only public keys are configured): then only
// /dev/status is added, and it says so.
void AddDevRoutes(http::Router& router, DevTokenMinter mint);

}  // namespace confide::api
