#include "core/random.h"

#include <openssl/rand.h>

#include <stdexcept>
#include <vector>

namespace confide::core {

void SecureRandomBytes(std::span<std::uint8_t> out) {
  if (out.empty()) return;
  if (RAND_bytes(out.data(), static_cast<int>(out.size())) != 1) {
    throw std::runtime_error("the system's random generator failed");
  }
}

std::string RandomHex(std::size_t n) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::vector<std::uint8_t> bytes(n);
  SecureRandomBytes(bytes);
  std::string out;
  out.reserve(2 * n);
  for (auto b : bytes) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 0xf]);
  }
  return out;
}

}  // namespace confide::core
