#include "cli/main_command.h"

#include <iostream>

#include "cli/dev_setup.h"
#include "cli/event_commands.h"
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

  auto* events = app.add_subcommand("events", "Look at the event stream, deliver it again");
  events->fallthrough();
  events->require_subcommand(1);
  TailRequest tail;
  std::int64_t tail_from = 0, tail_count = 0;
  bool no_follow = false;
  auto* tail_cmd = events->add_subcommand(
      "tail", "Print events as JSON lines: the last few, then each new one as it commits");
  tail_cmd->fallthrough();
  auto* tail_from_opt = tail_cmd->add_option("--from", tail_from, "First seq to print");
  tail_cmd->add_option("-n,--last", tail.last, "Events printed before following")
      ->capture_default_str();
  tail_cmd->add_flag("--no-follow", no_follow, "Exit after printing what there is");
  auto* tail_count_opt =
      tail_cmd->add_option("--count", tail_count, "Exit after printing this many events");
  ReplayRequest replay;
  std::int64_t replay_to = 0;
  auto* replay_cmd = events->add_subcommand(
      "replay", "Deliver events again, from a seq, to one of the sinks --events configures");
  replay_cmd->fallthrough();
  replay_cmd->add_option("--sink", replay.sink, "The sink's name: jsonl, webhook, nats, …")
      ->required();
  replay_cmd->add_option("--from", replay.from, "First seq to deliver")->required();
  auto* replay_to_opt =
      replay_cmd->add_option("--to", replay_to, "Last seq to deliver (default: the newest)");
  auto* status_cmd = events->add_subcommand("status", "Each sink's position and lag");
  status_cmd->fallthrough();

  CLI11_PARSE(app, argc, argv);

  if (*tail_cmd) {
    if (*tail_from_opt) tail.from = tail_from;
    if (*tail_count_opt) tail.count = tail_count;
    tail.follow = !no_follow;
    return RunEventsTail(config, tail);
  }
  if (*replay_cmd) {
    if (*replay_to_opt) replay.to = replay_to;
    return RunEventsReplay(config, replay);
  }
  if (*status_cmd) return RunEventsStatus(config);

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
