#include "store/postgres/pg_lease.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "pg_test_fixture.h"
#include "store/postgres/pg_lock_keys.h"

namespace confide::store::postgres {
namespace {

class PgLeaseTest : public PgTest {
 protected:
  // Takes the lease, waiting up to 10 s: the server lets a lock go as the backend that held
  // it exits, a moment after its session closed.
  std::unique_ptr<PgLease> TakeWithin10s() {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < give_up) {
      if (auto lease = PgLease::TryTake(Options(), kRelayLeaseKey)) return lease;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return nullptr;
  }
};

TEST_F(PgLeaseTest, OneHolderAtATimeUntilItLetsGo) {
  auto first = PgLease::TryTake(Options(), kRelayLeaseKey);
  ASSERT_NE(first, nullptr);
  EXPECT_TRUE(first->Held());
  EXPECT_EQ(PgLease::TryTake(Options(), kRelayLeaseKey), nullptr) << "held by the first";
  first.reset();
  auto second = PgLease::TryTake(Options(), kRelayLeaseKey);
  ASSERT_NE(second, nullptr) << "released when the holder lets go";
  EXPECT_TRUE(second->Held());
}

TEST_F(PgLeaseTest, AHolderWhoseSessionEndsLosesItAndAnotherTakesIt) {
  auto first = PgLease::TryTake(Options(), kRelayLeaseKey);
  ASSERT_NE(first, nullptr);
  auto admin = Connect();
  admin->Exec(
      "SELECT pg_terminate_backend(l.pid) FROM pg_locks l WHERE l.locktype = 'advisory'"
      " AND l.granted AND ((l.classid::bigint << 32) | l.objid::bigint) = " +
      std::to_string(kRelayLeaseKey));
  EXPECT_FALSE(first->Held()) << "its session is gone, and the lock with it";
  EXPECT_FALSE(first->Held()) << "and stays lost";
  auto second = TakeWithin10s();
  ASSERT_NE(second, nullptr);
  EXPECT_TRUE(second->Held());
  first.reset();  // letting go of a lost lease is harmless
  EXPECT_TRUE(second->Held());
}

TEST_F(PgLeaseTest, AServerRestartEndsTheLease) {
  auto lease = PgLease::TryTake(Options(), kRelayLeaseKey);
  ASSERT_NE(lease, nullptr);
  ASSERT_TRUE(server().Restart());
  EXPECT_FALSE(lease->Held());
  lease.reset();
  EXPECT_NE(TakeWithin10s(), nullptr);
}

}  // namespace
}  // namespace confide::store::postgres
