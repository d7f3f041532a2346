#include "core/token_bucket.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace confide::core {
namespace {

std::optional<double> ParseNumber(std::string_view text) {
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

}  // namespace

std::string Rate::ToString() const {
  if (unlimited()) return "0";
  return fmt::format("{},{}", per_second, burst);
}

std::optional<Rate> ParseRate(std::string_view text) {
  if (text == "0") return Rate{};
  const auto comma = text.find(',');
  if (comma == std::string_view::npos) return std::nullopt;
  const auto per_second = ParseNumber(text.substr(0, comma));
  const auto burst = ParseNumber(text.substr(comma + 1));
  if (!per_second || !burst || *per_second <= 0 || *burst < 1) return std::nullopt;
  return Rate{*per_second, *burst};
}

// A clock that steps back (the wall clock set back) refills nothing, and takes nothing away.
double TokenBucket::TokensAt(const Rate& rate, EpochMillis now) const {
  const double elapsed = static_cast<double>(std::max<EpochMillis>(now - updated_, 0));
  return std::min(rate.burst, tokens_ + elapsed * rate.per_second / 1000.0);
}

EpochMillis TokenBucket::Take(const Rate& rate, EpochMillis now) {
  if (rate.unlimited()) return 0;
  tokens_ = TokensAt(rate, now);
  updated_ = std::max(updated_, now);
  if (tokens_ >= 1.0) {
    tokens_ -= 1.0;
    return 0;
  }
  const double wait = std::ceil((1.0 - tokens_) * 1000.0 / rate.per_second);
  return std::max<EpochMillis>(static_cast<EpochMillis>(wait), 1);
}

bool TokenBucket::IsFull(const Rate& rate, EpochMillis now) const {
  return rate.unlimited() || TokensAt(rate, now) >= rate.burst;
}

}  // namespace confide::core
