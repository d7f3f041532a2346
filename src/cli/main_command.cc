#include "cli/main_command.h"

#include <iostream>

#include "cli/dev_setup.h"
#include "cli/options.h"
#include "cli/serve_command.h"
#include "cli/user_commands.h"

namespace confide::cli {
namespace {

// `confide token`: prints a signed HS256 token, with the configured secret or the
// development secret beside the database.
int RunToken(const core::Config& config, const TokenRequest& request) {
  std::string secret = config.jwt_secret;
  if (secret.empty()) {
    auto dev = LoadDevSecret(config, config.dev);
    if (!dev.ok()) {
      std::cerr << "confide: no secret to sign with: set --jwt-secret, or run `confide serve "
                   "--dev` once to create the development secret ("
                << dev.error().message() << ")" << std::endl;
      return 2;
    }
    secret = *dev;
  }
  std::cout << MintToken(request, secret) << std::endl;
  return 0;
}

void AddUserFields(CLI::App& cmd, domain::UserUpsert& user, std::string& role,
                   std::string& avatar) {
  cmd.add_option("--id", user.id, "User id (the token's sub)")->required();
  cmd.add_option("--first-name", user.first_name, "First name");
  cmd.add_option("--last-name", user.last_name, "Last name");
  cmd.add_option("--role", role, "Role: client, therapist, admin, ...");
  cmd.add_option("--avatar-url", avatar, "Avatar image URL");
}

}  // namespace

int Main(int argc, char** argv) {
  core::Config config;
  CLI::App app{"confide: a messaging server (REST API, Socket.IO gateway, event stream)"};
  app.set_version_flag("--version", "confide 0.1.0");
  AddCommonOptions(app, config);
  AddServeOptions(app, config);
  app.require_subcommand(0, 1);

  auto* serve = app.add_subcommand("serve", "Run the server (the default command)");
  serve->fallthrough();

  TokenRequest token;
  auto* token_cmd = app.add_subcommand("token", "Print a signed HS256 token for a user");
  token_cmd->fallthrough();
  token_cmd->add_option("--sub", token.user_id, "User id")->required();
  token_cmd->add_option("--first-name", token.first_name, "first_name claim");
  token_cmd->add_option("--last-name", token.last_name, "last_name claim");
  token_cmd->add_option("--role", token.role, "role claim")->capture_default_str();
  token_cmd->add_option("--image-url", token.image_url, "image_url claim");
  token_cmd->add_option("--ttl", token.ttl_seconds, "Seconds until it expires")
      ->capture_default_str();

  auto* migrate = app.add_subcommand("migrate", "Create or upgrade the database schema");
  migrate->fallthrough();

  auto* users = app.add_subcommand("users", "Manage users in the database");
  users->fallthrough();
  users->require_subcommand(1);
  domain::UserUpsert upsert;
  std::string role, avatar, source;
  auto* upsert_cmd = users->add_subcommand("upsert", "Create or update one user");
  upsert_cmd->fallthrough();
  AddUserFields(*upsert_cmd, upsert, role, avatar);
  auto* import_cmd = users->add_subcommand(
      "import",
      "Create or update users from JSON lines ({\"id\",\"firstName\",\"lastName\","
      "\"avatarUrl\",\"role\"} per line)");
  import_cmd->fallthrough();
  import_cmd->add_option("source", source, "File to read, or - for standard input")->required();

  CLI11_PARSE(app, argc, argv);

  if (*token_cmd) return RunToken(config, token);
  if (*migrate) return RunMigrate(config);
  if (*upsert_cmd) {
    if (!role.empty()) upsert.role = role;
    if (!avatar.empty()) upsert.avatar_url = avatar;
    return RunUsersUpsert(config, upsert);
  }
  if (*import_cmd) return RunUsersImport(config, source);
  return RunServe(config);
}

}  // namespace confide::cli
