#include "cli/user_commands.h"

#include <boost/json.hpp>
#include <fstream>
#include <iostream>

#include "api/body_reader.h"
#include "api/json_views.h"
#include "core/id_generator.h"
#include "domain/messaging_service.h"
#include "store/open/open_database.h"

namespace confide::cli {
namespace {

int Fail(const std::string& what) {
  std::cerr << "confide: " << what << std::endl;
  return 1;
}

Result<domain::UserUpsert> ParseUserLine(std::string_view line) {
  CONFIDE_ASSIGN_OR_RETURN(auto reader, api::BodyReader::Parse(line));
  domain::UserUpsert user;
  user.id = reader.String("id", true).value_or("");
  user.first_name = reader.String("firstName", false).value_or("");
  user.last_name = reader.String("lastName", false).value_or("");
  user.avatar_url = reader.String("avatarUrl", false);
  user.role = reader.String("role", false);
  CONFIDE_RETURN_IF_ERROR(reader.Finish());
  return user;
}

template <class F>
int WithService(const core::Config& config, F&& body) {
  auto db = store::OpenDatabase(
      {.location = config.db_path, .readers = 1, .file_mode = config.data_file_mode});
  if (!db.ok()) {
    return Fail("cannot open " + store::DisplayName(config.db_path) + ": " + db.error().message());
  }
  core::SystemClock clock;
  core::IdGenerator ids(clock);
  domain::MessagingService service(clock, ids, {}, false);
  const int rc = body(**db, service);
  (*db)->Stop();
  return rc;
}

}  // namespace

int RunMigrate(const core::Config& config) {
  auto version =
      store::MigrateDatabase({.location = config.db_path, .file_mode = config.data_file_mode});
  if (!version.ok()) return Fail(version.error().message());
  std::cout << store::DisplayName(config.db_path) << " is at schema version " << *version
            << std::endl;
  return 0;
}

int RunUsersUpsert(const core::Config& config, const domain::UserUpsert& input) {
  return WithService(config, [&](store::Database& db, domain::MessagingService& service) {
    auto user = store::WriteAndWait<domain::User>(
        db, [&](store::Transaction& tx) { return service.users.Upsert(tx, input); });
    if (!user.ok()) return Fail(user.error().message());
    std::cout << boost::json::serialize(api::UserJson(*user)) << std::endl;
    return 0;
  });
}

int RunUsersImport(const core::Config& config, const std::string& source) {
  std::ifstream file;
  if (source != "-") {
    file.open(source);
    if (!file) return Fail("cannot read " + source);
  }
  std::istream& in = source == "-" ? std::cin : file;
  std::vector<domain::UserUpsert> users;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto user = ParseUserLine(line);
    if (!user.ok()) {
      return Fail("line " + std::to_string(number) + ": " + user.error().message() +
                  " (nothing imported)");
    }
    users.push_back(std::move(*user));
  }
  return WithService(config, [&](store::Database& db, domain::MessagingService& service) {
    auto count =
        store::WriteAndWait<std::size_t>(db, [&](store::Transaction& tx) -> Result<std::size_t> {
          for (std::size_t i = 0; i < users.size(); ++i) {
            auto done = service.users.Upsert(tx, users[i]);
            if (!done.ok()) {
              return Error::BadRequest("user " + std::to_string(i + 1) + " (" + users[i].id +
                                       "): " + done.error().message() + " (nothing imported)");
            }
          }
          return users.size();
        });
    if (!count.ok()) return Fail(count.error().message());
    std::cout << "imported " << *count << " users into " << store::DisplayName(config.db_path)
              << std::endl;
    return 0;
  });
}

}  // namespace confide::cli
