#include "http/request_id_source.h"

#include <fmt/format.h>

#include "core/random.h"

namespace confide::http {

RequestIdSource::RequestIdSource(unsigned worker_index)
    : prefix_(fmt::format("{}-{:x}-", ProcessTag(), worker_index)) {}

std::string RequestIdSource::Next() { return fmt::format("{}{:x}", prefix_, ++count_); }

const std::string& RequestIdSource::ProcessTag() {
  static const std::string tag = core::RandomHex(5);
  return tag;
}

}  // namespace confide::http
