#include "events/jsonl_sink.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/json/parse.hpp>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string_view>
#include <system_error>

#include "core/data_file.h"

namespace confide::events {
namespace {

Error FileError(const std::string& what, const std::string& path, int err) {
  return Error::Unavailable(what + " " + path + std::string(": ") + std::strerror(err));
}

// Writes all of `data`, going on after short writes and interruptions.
Status WriteAll(int fd, std::string_view data, const std::string& path) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return FileError("cannot write", path, errno);
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return Status::Ok();
}

// The "seq" of one line of the file, if it is an event.
std::optional<std::int64_t> SeqOfLine(std::string_view line) {
  boost::system::error_code ec;
  auto value = boost::json::parse(line, ec);
  if (ec || !value.is_object()) return std::nullopt;
  const auto* seq = value.as_object().if_contains("seq");
  if (seq == nullptr || !seq->is_int64()) return std::nullopt;
  return seq->as_int64();
}

}  // namespace

Result<std::unique_ptr<JsonlSink>> JsonlSink::Create(JsonlOptions options) {
  if (options.path.empty()) return Error::BadRequest("the jsonl sink needs a file path");
  if (options.max_bytes < 1024) return Error::BadRequest("the jsonl rotation size is too small");
  if (options.keep < 0) return Error::BadRequest("the number of rotated files kept is negative");
  std::unique_ptr<JsonlSink> sink(new JsonlSink(std::move(options)));
  CONFIDE_RETURN_IF_ERROR(sink->Open());
  return sink;
}

JsonlSink::~JsonlSink() { Close(); }

void JsonlSink::Close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

Status JsonlSink::Open() {
  if (fd_ >= 0) return Status::Ok();
  const std::filesystem::path path(options_.path);
  std::error_code ec;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
  fd_ = core::OpenDataFile(options_.path, O_WRONLY | O_APPEND, options_.file_mode);
  if (fd_ < 0) return FileError("cannot open", options_.path, errno);
  struct stat st {};
  if (::fstat(fd_, &st) != 0) {
    const int err = errno;
    Close();
    return FileError("cannot stat", options_.path, err);
  }
  size_ = st.st_size;
  return Status::Ok();
}

Status JsonlSink::Rotate() {
  Close();
  namespace fs = std::filesystem;
  std::error_code ec;
  const auto numbered = [&](int i) { return options_.path + std::string(".") + std::to_string(i); };
  if (options_.keep == 0) {
    fs::remove(options_.path, ec);
  } else {
    fs::remove(numbered(options_.keep), ec);
    for (int i = options_.keep - 1; i >= 1; --i) {
      if (fs::exists(numbered(i), ec)) fs::rename(numbered(i), numbered(i + 1), ec);
    }
    fs::rename(options_.path, numbered(1), ec);
    if (ec)
      return Error::Unavailable("cannot rotate " + options_.path + std::string(": ") +
                                ec.message());
  }
  return Open();
}

Delivery JsonlSink::Deliver(std::span<const OutboxEvent> batch) {
  if (auto opened = Open(); !opened.ok()) return {0, std::move(opened)};
  std::string lines;
  std::size_t bytes = 0;
  for (const auto& e : batch) bytes += e.json.size() + 1;
  lines.reserve(bytes);
  for (const auto& e : batch) {
    lines += e.json;
    lines += '\n';
  }
  unsynced_ = true;
  if (auto written = WriteAll(fd_, lines, options_.path); !written.ok()) {
    Close();  // reopened, and the partial line cut off, by the next LastDelivered
    return {0, std::move(written)};
  }
  size_ += static_cast<std::int64_t>(lines.size());
  if (size_ >= options_.max_bytes) {
    // A file is on disk before it is rotated away; a failed sync or rotation is tried again
    // with the next batch.
    if (Sync().ok()) (void)Rotate();
  }
  return {batch.size(), Status::Ok()};
}

// The seq of the last complete line of `path` (nothing if it has none or does not exist).
// With `repair`, a last line cut short by a crash is cut off.
static Result<std::optional<std::int64_t>> LastSeqInFile(const std::string& path, bool repair) {
  const int fd = ::open(path.c_str(), (repair ? O_RDWR : O_RDONLY) | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return std::optional<std::int64_t>();
    return FileError("cannot open", path, errno);
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    const int err = errno;
    ::close(fd);
    return FileError("cannot stat", path, err);
  }
  // The tail holds the last line (an event is far smaller than this).
  constexpr std::int64_t kTail = 1 << 20;
  const std::int64_t from = std::max<std::int64_t>(0, st.st_size - kTail);
  std::string tail(static_cast<std::size_t>(st.st_size - from), '\0');
  const ssize_t n = ::pread(fd, tail.data(), tail.size(), from);
  if (n < 0) {
    const int err = errno;
    ::close(fd);
    return FileError("cannot read", path, err);
  }
  tail.resize(static_cast<std::size_t>(n));
  const auto end = tail.rfind('\n');
  const std::int64_t complete =
      end == std::string::npos ? from : from + static_cast<std::int64_t>(end) + 1;
  if (repair && complete < st.st_size && ::ftruncate(fd, complete) != 0) {
    const int err = errno;
    ::close(fd);
    return FileError("cannot truncate", path, err);
  }
  ::close(fd);
  if (end == std::string::npos) return std::optional<std::int64_t>();
  const auto previous = end == 0 ? std::string::npos : tail.rfind('\n', end - 1);
  const std::size_t start = previous == std::string::npos ? 0 : previous + 1;
  return SeqOfLine(std::string_view(tail).substr(start, end - start));
}

Status JsonlSink::Sync() {
  if (!unsynced_) return Status::Ok();
  // Closed after a failed write: the same file, opened again, holds what was written before.
  CONFIDE_RETURN_IF_ERROR(Open());
  if (::fdatasync(fd_) != 0) {
    const int err = errno;
    Close();
    return FileError("cannot sync", options_.path, err);
  }
  unsynced_ = false;
  return Status::Ok();
}

Result<std::optional<std::int64_t>> JsonlSink::LastDelivered() {
  Close();
  CONFIDE_ASSIGN_OR_RETURN(auto last, LastSeqInFile(options_.path, true));
  // A file rotated just after its last batch leaves the newest line in PATH.1.
  if (!last && options_.keep > 0) {
    CONFIDE_ASSIGN_OR_RETURN(last, LastSeqInFile(options_.path + ".1", false));
  }
  CONFIDE_RETURN_IF_ERROR(Open());
  return last;
}

}  // namespace confide::events
