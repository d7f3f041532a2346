#include "http/connection_limits.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace confide::http {
namespace {

namespace ip = boost::asio::ip;

using Slot = ConnectionLimits::Slot;
using Refusal = ConnectionLimits::Refusal;

bool Admitted(const std::variant<Slot, Refusal>& admission) {
  return std::holds_alternative<Slot>(admission);
}

TEST(ConnectionLimitsTest, CapsEachAddressAndGivesThePlaceBackWithTheSlot) {
  auto limits = ConnectionLimits::Create({.max_total = 0, .max_per_address = 2});
  const auto a = ip::make_address("192.0.2.1");
  const auto b = ip::make_address("192.0.2.2");
  auto first = limits->Admit(a);
  auto second = limits->Admit(a);
  ASSERT_TRUE(Admitted(first) && Admitted(second));
  const auto third = limits->Admit(a);
  ASSERT_FALSE(Admitted(third));
  EXPECT_EQ(std::get<Refusal>(third), Refusal::kPerAddress);
  EXPECT_TRUE(Admitted(limits->Admit(b)));  // and gone again at once
  EXPECT_EQ(limits->from(a), 2u);
  first = Refusal::kTotal;  // the slot goes
  EXPECT_EQ(limits->from(a), 1u);
  EXPECT_TRUE(Admitted(limits->Admit(a)));
  EXPECT_EQ(limits->total(), 1u);
}

TEST(ConnectionLimitsTest, CapsTheTotal) {
  auto limits = ConnectionLimits::Create({.max_total = 2, .max_per_address = 0});
  std::vector<std::variant<Slot, Refusal>> held;
  held.push_back(limits->Admit(ip::make_address("192.0.2.1")));
  held.push_back(limits->Admit(ip::make_address("192.0.2.2")));
  const auto third = limits->Admit(ip::make_address("192.0.2.3"));
  ASSERT_FALSE(Admitted(third));
  EXPECT_EQ(std::get<Refusal>(third), Refusal::kTotal);
  held.pop_back();
  EXPECT_TRUE(Admitted(limits->Admit(ip::make_address("192.0.2.3"))));
}

TEST(ConnectionLimitsTest, AMovedSlotReleasesOnce) {
  auto limits = ConnectionLimits::Create({.max_total = 1, .max_per_address = 1});
  auto admission = limits->Admit(ip::make_address("192.0.2.1"));
  {
    Slot moved = std::move(std::get<Slot>(admission));
    Slot again;
    again = std::move(moved);
    EXPECT_EQ(limits->total(), 1u);
  }
  EXPECT_EQ(limits->total(), 0u);
  admission = Refusal::kTotal;  // the moved-from slot holds nothing
  EXPECT_EQ(limits->total(), 0u);
}

TEST(ConnectionLimitsTest, CountsAnIpv6ClientByItsSlash64AndMappedIpv4AsIpv4) {
  auto limits = ConnectionLimits::Create({.max_total = 0, .max_per_address = 1});
  auto one = limits->Admit(ip::make_address("2001:db8:1:2::1"));
  ASSERT_TRUE(Admitted(one));
  EXPECT_FALSE(Admitted(limits->Admit(ip::make_address("2001:db8:1:2:ffff::9"))));
  EXPECT_TRUE(Admitted(limits->Admit(ip::make_address("2001:db8:1:3::1"))));
  auto v4 = limits->Admit(ip::make_address("192.0.2.7"));
  ASSERT_TRUE(Admitted(v4));
  EXPECT_FALSE(Admitted(limits->Admit(ip::make_address("::ffff:192.0.2.7"))));
}

TEST(ConnectionLimitsTest, NoCapsAdmitsEveryoneAndStillCounts) {
  auto limits = ConnectionLimits::Create({});
  std::vector<std::variant<Slot, Refusal>> held;
  for (int i = 0; i < 100; ++i) held.push_back(limits->Admit(ip::make_address("192.0.2.1")));
  EXPECT_EQ(limits->total(), 100u);
}

TEST(ConnectionLimitsTest, SlotsMayBeTakenAndReleasedOnManyThreads) {
  auto limits = ConnectionLimits::Create({.max_total = 0, .max_per_address = 1000});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&limits] {
      for (int i = 0; i < 1000; ++i) {
        auto slot = limits->Admit(ip::make_address("192.0.2.1"));
        EXPECT_TRUE(Admitted(slot));
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(limits->total(), 0u);
  EXPECT_EQ(limits->from(ip::make_address("192.0.2.1")), 0u);
}

TEST(ConnectionLimitsTest, ASlotMayOutliveWhoeverMadeTheLimits) {
  auto limits = ConnectionLimits::Create({.max_total = 1, .max_per_address = 1});
  auto admission = limits->Admit(ip::make_address("192.0.2.1"));
  limits.reset();
  admission = Refusal::kTotal;  // releases into limits kept alive by the slot
  SUCCEED();
}

}  // namespace
}  // namespace confide::http
