#include "core/id_generator.h"

#include "core/random.h"

namespace confide::core {
namespace {

constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr std::size_t kUlidLength = 26;

// Adds one to a big-endian number; returns false on overflow.
bool Increment(std::array<std::uint8_t, 10>& n) {
  for (auto it = n.rbegin(); it != n.rend(); ++it) {
    if (++*it != 0) return true;
  }
  return false;
}

int DecodeChar(char c) {
  for (int i = 0; i < 32; ++i) {
    if (kAlphabet[i] == c) return i;
  }
  return -1;
}

}  // namespace

std::string IdGenerator::Next(std::string_view prefix) {
  EpochMillis ms;
  std::array<std::uint8_t, 10> rnd;
  {
    std::lock_guard lock(mu_);
    ms = clock_.NowMillis();
    if (ms <= last_ms_) {
      ms = last_ms_;
      if (!Increment(last_random_)) {
        ++last_ms_;
        ms = last_ms_;
        SecureRandomBytes(last_random_);
      }
    } else {
      last_ms_ = ms;
      SecureRandomBytes(last_random_);
    }
    rnd = last_random_;
  }
  // 128 bits: 48 of time then 80 of randomness, written as 26 base32 digits (130 bits).
  std::array<std::uint8_t, 16> bits{};
  for (int i = 0; i < 6; ++i) bits[i] = static_cast<std::uint8_t>(ms >> (8 * (5 - i)));
  for (int i = 0; i < 10; ++i) bits[6 + i] = rnd[i];
  std::string out(prefix);
  out.reserve(prefix.size() + kUlidLength);
  for (std::size_t i = 0; i < kUlidLength; ++i) {
    // Digit i covers bits [i*5 - 2, i*5 + 3) of the 128-bit number (2 leading zero bits).
    int value = 0;
    for (int b = 0; b < 5; ++b) {
      const int bit = static_cast<int>(i) * 5 + b - 2;
      int v = 0;
      if (bit >= 0) v = (bits[bit / 8] >> (7 - bit % 8)) & 1;
      value = (value << 1) | v;
    }
    out.push_back(kAlphabet[value]);
  }
  return out;
}

EpochMillis IdGenerator::TimeOf(std::string_view id) {
  const auto sep = id.find('_');
  if (sep == std::string_view::npos || id.size() - sep - 1 != kUlidLength) return -1;
  const auto ulid = id.substr(sep + 1);
  EpochMillis ms = 0;
  for (std::size_t i = 0; i < 10; ++i) {
    const int v = DecodeChar(ulid[i]);
    if (v < 0) return -1;
    ms = (ms << 5) | v;
  }
  for (std::size_t i = 10; i < kUlidLength; ++i) {
    if (DecodeChar(ulid[i]) < 0) return -1;
  }
  return ms;
}

}  // namespace confide::core
