#pragma once

// How many connections the server holds, in total and per client address: what stops one
// client from taking every file descriptor. A connection is admitted at accept, before it is
// read, and holds a Slot until its socket closes, through a hand-over to WebSocket too (the
// slot travels with the socket). Over either cap the connection is refused.
//
// The address is the TCP peer's: at accept nothing else is known. Behind a proxy every client
// shares the proxy's address, so the per-address cap must then be raised or turned off.
// An IPv6 peer is counted by its /64, the block one host or one customer usually holds; an
// IPv4-mapped IPv6 address is counted as its IPv4 address.
//
// Thread-safety: Admit may be called from any thread, and a Slot destroyed on any thread; one
// mutex, held only to count, guards the counts. Slots keep the limits alive (shared_ptr), so
// a slot may outlive the server that admitted it.

#include <boost/asio/ip/address.hpp>
#include <cstddef>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <variant>

namespace confide::http {

class ConnectionLimits : public std::enable_shared_from_this<ConnectionLimits> {
  struct Key {};  // only Create constructs

 public:
  struct Options {
    std::size_t max_total = 0;        // 0: no cap
    std::size_t max_per_address = 0;  // 0: no cap
  };

  enum class Refusal { kTotal, kPerAddress };

  // One admitted connection. Move-only; releases its place when destroyed. A default-built
  // slot holds nothing.
  class Slot {
   public:
    Slot() = default;
    Slot(Slot&& other) noexcept = default;
    Slot& operator=(Slot&& other) noexcept;
    ~Slot();
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;

   private:
    friend class ConnectionLimits;
    Slot(std::shared_ptr<ConnectionLimits> limits, boost::asio::ip::address key)
        : limits_(std::move(limits)), key_(key) {}
    void Release();

    std::shared_ptr<ConnectionLimits> limits_;
    boost::asio::ip::address key_;
  };

  static std::shared_ptr<ConnectionLimits> Create(Options options);
  ConnectionLimits(Key, Options options) : options_(options) {}

  // A slot for a new connection from `peer`, or the cap it would cross.
  std::variant<Slot, Refusal> Admit(const boost::asio::ip::address& peer);

  std::size_t total() const;
  std::size_t from(const boost::asio::ip::address& peer) const;
  const Options& options() const { return options_; }

  // The address `peer` is counted under (its /64 for IPv6).
  static boost::asio::ip::address KeyOf(const boost::asio::ip::address& peer);

 private:
  void Release(const boost::asio::ip::address& key);

  const Options options_;
  mutable std::mutex mu_;
  std::size_t total_ = 0;
  std::unordered_map<boost::asio::ip::address, std::size_t> per_address_;
};

}  // namespace confide::http
