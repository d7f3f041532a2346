#pragma once

// Cryptographically secure random bytes (OpenSSL's RAND_bytes). Thread-safe.

#include <cstdint>
#include <span>
#include <string>

namespace confide::core {

// Fills `out`; throws std::runtime_error if the system's generator fails (a broken invariant).
void SecureRandomBytes(std::span<std::uint8_t> out);

// `n` random bytes as lowercase hex (2n characters).
std::string RandomHex(std::size_t n);

}  // namespace confide::core
