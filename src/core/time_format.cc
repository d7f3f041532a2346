#include "core/time_format.h"

#include <cstdio>

namespace confide::core {
namespace {

constexpr EpochMillis kMillisPerDay = 86'400'000;

// Days since 1970-01-01 to a civil date (proleptic Gregorian), after H. Hinnant's algorithm.
void CivilFromDays(std::int64_t z, int& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<int>(yoe + era * 400 + (m <= 2 ? 1 : 0));
}

std::int64_t DaysFromCivil(int y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool ReadDigits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

}  // namespace

std::string FormatTimestamp(EpochMillis t) {
  std::int64_t days = t / kMillisPerDay;
  EpochMillis rem = t % kMillisPerDay;
  if (rem < 0) {
    rem += kMillisPerDay;
    --days;
  }
  int y;
  unsigned m, d;
  CivilFromDays(days, y, m, d);
  const auto ms = static_cast<int>(rem % 1000);
  const auto secs = static_cast<int>(rem / 1000);
  char buf[64];  // room for any year the types allow, so the format can never truncate
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", y, m, d, secs / 3600,
                secs / 60 % 60, secs % 60, ms);
  return buf;
}

std::optional<EpochMillis> ParseTimestamp(std::string_view s) {
  int y, mo, d, h, mi, sec, ms = 0;
  if (s.size() < 20 || !ReadDigits(s, 0, 4, y) || s[4] != '-' || !ReadDigits(s, 5, 2, mo) ||
      s[7] != '-' || !ReadDigits(s, 8, 2, d) || s[10] != 'T' || !ReadDigits(s, 11, 2, h) ||
      s[13] != ':' || !ReadDigits(s, 14, 2, mi) || s[16] != ':' || !ReadDigits(s, 17, 2, sec)) {
    return std::nullopt;
  }
  std::size_t pos = 19;
  if (s[pos] == '.') {
    if (!ReadDigits(s, pos + 1, 3, ms)) return std::nullopt;
    pos += 4;
  }
  if (pos + 1 != s.size() || s[pos] != 'Z') return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) return std::nullopt;
  const std::int64_t days = DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  return days * kMillisPerDay + ((h * 60 + mi) * 60 + sec) * 1000LL + ms;
}

}  // namespace confide::core
