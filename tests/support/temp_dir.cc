#include "support/temp_dir.h"

#include <stdlib.h>

#include <cerrno>
#include <stdexcept>
#include <system_error>

namespace confide::testing {

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "confide-test-XXXXXX").string();
  // mkdtemp picks a name no one else has and creates it atomically.
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw std::system_error(errno, std::generic_category(), "mkdtemp");
  }
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string TempDir::File(std::string_view name) const { return (path_ / name).string(); }

}  // namespace confide::testing
