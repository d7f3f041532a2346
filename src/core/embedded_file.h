#pragma once

// A file compiled into the binary (SQL migrations, the web page's assets).

#include <string_view>

namespace confide::core {

struct EmbeddedFile {
  std::string_view name;
  std::string_view contents;
};

}  // namespace confide::core
