#pragma once

// The sockets of one room on one I/O thread: a set of Socket* shaped for rooms of one socket,
// which most rooms are (each user's own room, on the thread of the user's one connection).
// It takes one word. One socket is that word itself; up to kMaxFew sit in a small array,
// searched in turn; beyond, a hash set keeps each join and leave O(1) however large the room
// grows (a community's room may hold 100,000). A set that shrinks to kMaxFew / 2 goes back to
// an array (a hash set never gives back its buckets), and an array of one to the word.
//
// Iteration order is unspecified; insert and erase invalidate every iterator (a caller that
// changes the room on the way collects its sockets first). The low two bits of each
// Socket* must be zero (alignof(Socket) >= 4): they tell the word's three forms apart.

#include <algorithm>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <new>
#include <unordered_set>
#include <utility>

namespace confide::socketio {

class Socket;

class RoomMembers {
  using Set = std::unordered_set<Socket*>;

 public:
  // The most sockets kept in an array: a power of two, the array growing from 2.
  static constexpr std::uint32_t kMaxFew = 8;
  static_assert(kMaxFew >= 2 && (kMaxFew & (kMaxFew - 1)) == 0);

  class const_iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = Socket*;
    using difference_type = std::ptrdiff_t;
    using pointer = Socket* const*;
    using reference = Socket* const&;

    const_iterator() = default;
    reference operator*() const { return in_set_ ? *node_ : *at_; }
    const_iterator& operator++() {
      if (in_set_) {
        ++node_;
      } else {
        ++at_;
      }
      return *this;
    }
    const_iterator operator++(int) {
      const_iterator old = *this;
      ++*this;
      return old;
    }
    friend bool operator==(const const_iterator& a, const const_iterator& b) {
      return a.in_set_ ? a.node_ == b.node_ : a.at_ == b.at_;
    }

   private:
    friend class RoomMembers;
    explicit const_iterator(Socket* const* at) : at_(at) {}
    explicit const_iterator(Set::const_iterator node) : node_(node), in_set_(true) {}

    Socket* const* at_ = nullptr;  // in the word or the array
    Set::const_iterator node_{};   // in the set
    bool in_set_ = false;
  };
  using iterator = const_iterator;

  RoomMembers() = default;
  RoomMembers(RoomMembers&& other) noexcept : word_(std::exchange(other.word_, nullptr)) {}
  RoomMembers& operator=(RoomMembers&& other) noexcept {
    std::swap(word_, other.word_);
    return *this;
  }
  RoomMembers(const RoomMembers&) = delete;
  RoomMembers& operator=(const RoomMembers&) = delete;
  ~RoomMembers() { Free(); }

  bool empty() const { return word_ == nullptr; }
  std::size_t size() const {
    switch (Tag()) {
      case kOne:
        return word_ == nullptr ? 0 : 1;
      case kFew:
        return AsFew()->size;
      default:
        return AsSet()->size();
    }
  }

  const_iterator begin() const {
    switch (Tag()) {
      case kOne:
        return const_iterator(&word_);
      case kFew:
        return const_iterator(AsFew()->sockets());
      default:
        return const_iterator(AsSet()->cbegin());
    }
  }
  const_iterator end() const {
    switch (Tag()) {
      case kOne:
        return const_iterator(&word_ + (word_ == nullptr ? 0 : 1));
      case kFew:
        return const_iterator(AsFew()->sockets() + AsFew()->size);
      default:
        return const_iterator(AsSet()->cend());
    }
  }

  // True when `socket` was not in the room.
  bool insert(Socket* socket) {
    assert(socket != nullptr && (Bits(socket) & kTagMask) == 0);
    switch (Tag()) {
      case kOne: {
        if (word_ == nullptr) {
          word_ = socket;
          return true;
        }
        if (word_ == socket) return false;
        Few* few = NewFew(2);
        few->sockets()[0] = word_;
        few->sockets()[1] = socket;
        few->size = 2;
        Hold(few, kFew);
        return true;
      }
      case kFew:
        return InsertInFew(socket);
      default:
        return AsSet()->insert(socket).second;
    }
  }

  // True when `socket` was in the room. Never throws: a set that cannot get the memory for
  // an array stays a set.
  bool erase(Socket* socket) noexcept {
    if (socket == nullptr) return false;
    switch (Tag()) {
      case kOne:
        if (word_ != socket) return false;
        word_ = nullptr;
        return true;
      case kFew:
        return EraseFromFew(socket);
      default:
        return EraseFromSet(socket);
    }
  }

 private:
  enum : std::uintptr_t { kOne = 0, kFew = 1, kSet = 2, kTagMask = 3 };

  // An array of `capacity` sockets, the first `size` in the room, follows its header.
  struct Few {
    std::uint32_t size;
    std::uint32_t capacity;
    Socket** sockets() { return reinterpret_cast<Socket**>(this + 1); }
  };
  static_assert(sizeof(Few) % alignof(Socket*) == 0);
  static_assert(__STDCPP_DEFAULT_NEW_ALIGNMENT__ > kTagMask && alignof(Set) > kTagMask);

  static std::uintptr_t Bits(const void* p) { return reinterpret_cast<std::uintptr_t>(p); }
  std::uintptr_t Tag() const { return Bits(word_) & kTagMask; }
  Few* AsFew() const { return reinterpret_cast<Few*>(Bits(word_) & ~std::uintptr_t{kTagMask}); }
  Set* AsSet() const { return reinterpret_cast<Set*>(Bits(word_) & ~std::uintptr_t{kTagMask}); }
  void Hold(void* p, std::uintptr_t tag) { word_ = reinterpret_cast<Socket*>(Bits(p) | tag); }

  // Null only when `nothrow` and there is no memory.
  static Few* NewFew(std::uint32_t capacity, bool nothrow = false) {
    const std::size_t bytes = sizeof(Few) + capacity * sizeof(Socket*);
    void* raw = nothrow ? ::operator new(bytes, std::nothrow) : ::operator new(bytes);
    return raw == nullptr ? nullptr : ::new (raw) Few{0, capacity};
  }
  static void DeleteFew(Few* few) noexcept { ::operator delete(few); }

  bool InsertInFew(Socket* socket) {
    Few* few = AsFew();
    Socket** first = few->sockets();
    Socket** last = first + few->size;
    if (std::find(first, last, socket) != last) return false;
    if (few->size < few->capacity) {
      *last = socket;
      ++few->size;
      return true;
    }
    if (few->capacity < kMaxFew) {
      Few* bigger = NewFew(few->capacity * 2);
      std::copy(first, last, bigger->sockets());
      bigger->sockets()[few->size] = socket;
      bigger->size = few->size + 1;
      DeleteFew(few);
      Hold(bigger, kFew);
      return true;
    }
    auto set = std::make_unique<Set>(first, last);
    set->insert(socket);
    DeleteFew(few);
    Hold(set.release(), kSet);
    return true;
  }

  bool EraseFromFew(Socket* socket) noexcept {
    Few* few = AsFew();
    Socket** first = few->sockets();
    Socket** last = first + few->size;
    Socket** at = std::find(first, last, socket);
    if (at == last) return false;
    *at = last[-1];
    if (--few->size == 1) {
      Socket* alone = first[0];
      DeleteFew(few);
      word_ = alone;
    }
    return true;
  }

  bool EraseFromSet(Socket* socket) noexcept {
    Set* set = AsSet();
    if (set->erase(socket) == 0) return false;
    if (set->size() > kMaxFew / 2) return true;
    if (set->empty()) {  // only after arrays could not be had
      delete set;
      word_ = nullptr;
      return true;
    }
    Few* few = NewFew(kMaxFew, /*nothrow=*/true);
    if (few == nullptr) return true;
    std::copy(set->begin(), set->end(), few->sockets());
    few->size = static_cast<std::uint32_t>(set->size());
    delete set;
    if (few->size == 1) {
      Socket* alone = few->sockets()[0];
      DeleteFew(few);
      word_ = alone;
    } else {
      Hold(few, kFew);
    }
    return true;
  }

  void Free() noexcept {
    switch (Tag()) {
      case kFew:
        DeleteFew(AsFew());
        break;
      case kSet:
        delete AsSet();
        break;
      default:
        break;
    }
    word_ = nullptr;
  }

  // kOne: the one socket, or null; kFew, kSet: a Few* or Set* with the tag in its low bits.
  Socket* word_ = nullptr;
};

}  // namespace confide::socketio
