#pragma once

// A fresh, empty directory under the system's temporary directory, removed with everything
// in it when the object goes away: each test gets its own files and leaves nothing behind.
// Thread-safety: immutable after construction.

#include <filesystem>
#include <string>
#include <string_view>

namespace confide::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();

  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // The path of `name` inside the directory, as a string.
  std::string File(std::string_view name) const;

 private:
  std::filesystem::path path_;
};

}  // namespace confide::testing
