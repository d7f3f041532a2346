#include "core/thread_name.h"

#include <gtest/gtest.h>
#include <pthread.h>

#include <string>
#include <thread>

namespace confide::core {
namespace {

std::string NameOfThisThread() {
  char name[64] = {};
  pthread_getname_np(pthread_self(), name, sizeof name);
  return name;
}

TEST(ThreadName, NamesTheCallingThreadOnly) {
  const std::string before = NameOfThisThread();
  std::string named;
  std::thread([&] {
    NameThisThread("sqlite-writer");
    named = NameOfThisThread();
  }).join();
  EXPECT_EQ(named, "sqlite-writer");
  EXPECT_EQ(NameOfThisThread(), before);
}

TEST(ThreadName, ALongNameKeepsItsFirstFifteenBytes) {
  std::string named;
  std::thread([&] {
    NameThisThread("sink-webhook-deliveries");
    named = NameOfThisThread();
  }).join();
  EXPECT_EQ(named, "sink-webhook-de");
}

}  // namespace
}  // namespace confide::core
