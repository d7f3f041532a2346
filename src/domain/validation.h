#pragma once

// Input rules shared by the services: text fields, ids, pages, attachments. Each check adds
// class-validator style messages ("content should not be empty") to a list, so one answer
// names every problem of a request.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "domain/inputs.h"

namespace confide::domain {

using Problems = std::vector<std::string>;

struct TextRule {
  std::size_t max_length;         // code points
  bool allow_blank = false;       // empty or whitespace only
  bool allow_line_breaks = true;  // \n, \r and \t
};

void CheckText(Problems& problems, std::string_view field, std::string_view value,
               const TextRule& rule);

// Ids given by callers: 1 to 255 bytes of printable text.
void CheckId(Problems& problems, std::string_view field, std::string_view value);
// True for what CheckId accepts. What is not an id names nothing: a lookup by it is answered
// "not found" without asking the database (which may refuse such text, NUL say, outright).
bool IsId(std::string_view value);

// An absolute http or https URL with a host, at most 2048 bytes.
bool IsWebUrl(std::string_view url);

Status CheckPage(const PageRequest& page, int max_limit = 100);

// `items` as an error message may name them: the first `shown`, comma-separated, then how
// many more there are ("a, b, c and 97 more"), so that a message stays short whatever the
// request held.
std::string ListSome(const std::vector<std::string>& items, std::size_t shown = 5);

// A non-empty Problems list as a 400 Error; ok when empty.
Status ToStatus(Problems problems);

bool IsBlank(std::string_view text);

// `text` without leading and trailing whitespace.
std::string Trim(std::string_view text);

}  // namespace confide::domain
