#include "core/data_file.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace confide::core {

Result<mode_t> ParseDataFileMode(std::string_view text) {
  const std::string shown(text);
  if (text.size() == 4 && text.front() == '0') text.remove_prefix(1);
  if (text.size() != 3 || text.find_first_not_of("01234567") != std::string_view::npos) {
    return Error::BadRequest("'" + shown + "' is not an octal file mode such as 0600 or 0640");
  }
  const auto mode = static_cast<mode_t>(std::stoul(std::string(text), nullptr, 8));
  if ((mode & S_IRWXU) != (S_IRUSR | S_IWUSR) || (mode & (S_IXGRP | S_IXOTH | S_IWGRP | S_IWOTH))) {
    return Error::BadRequest("file mode " + shown +
                             " must let the owner read and write, and let no one execute, nor "
                             "anyone else write (e.g. 0600 or 0640)");
  }
  return mode;
}

std::string FormatFileMode(mode_t mode) { return fmt::format("{:04o}", mode & 07777); }

int OpenDataFile(const std::string& path, int flags, mode_t mode) {
  flags |= O_CLOEXEC;
  int fd = ::open(path.c_str(), flags | O_CREAT | O_EXCL, mode);
  if (fd >= 0) {
    // The umask narrows what open(2) grants; the operator's mode is what the file gets.
    if (::fchmod(fd, mode) != 0) {
      const int error = errno;
      ::close(fd);
      errno = error;
      return -1;
    }
    return fd;
  }
  if (errno != EEXIST) return -1;
  return ::open(path.c_str(), flags & ~(O_CREAT | O_EXCL));
}

std::optional<mode_t> WiderModeThan(const std::string& path, mode_t mode) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return std::nullopt;
  const mode_t have = info.st_mode & 0777;
  if ((have & ~mode) == 0) return std::nullopt;
  return have;
}

}  // namespace confide::core
