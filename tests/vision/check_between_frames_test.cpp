// The tracker's check run between two frames on a worker thread (vision/tracker.hpp): its
// verdict comes with the next collect(), once, and moving it waits for the check, which may
// read what started it.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "vision/background_work.hpp"
#include "vision/tracker.hpp"

namespace midline {
namespace {

using namespace std::chrono_literals;

TEST(CheckBetweenFrames, GivesItsVerdictOnceWaitingForItIfNeedBe) {
  CheckBetweenFrames check;
  EXPECT_FALSE(check.collect().has_value()) << "no check started";
  check.start([] {
    std::this_thread::sleep_for(30ms);
    return true;
  });
  EXPECT_EQ(check.collect(), std::optional<bool>(true));
  EXPECT_FALSE(check.collect().has_value()) << "a verdict is given once";
  check.start([] { return false; });
  EXPECT_EQ(check.collect(), std::optional<bool>(false));
}

TEST(CheckBetweenFrames, MovingItWaitsForTheCheck) {
  std::atomic<bool> done{false};
  CheckBetweenFrames check;
  check.start([&done] {
    std::this_thread::sleep_for(50ms);
    done = true;
    return true;
  });
  CheckBetweenFrames moved(std::move(check));
  EXPECT_TRUE(done) << "moved while the check still ran";
  EXPECT_EQ(moved.collect(), std::optional<bool>(true));

  done = false;
  moved.start([&done] {
    std::this_thread::sleep_for(50ms);
    done = true;
    return false;
  });
  CheckBetweenFrames assigned;
  assigned = std::move(moved);
  EXPECT_TRUE(done) << "assigned while the check still ran";
  EXPECT_EQ(assigned.collect(), std::optional<bool>(false));
}

TEST(BackgroundWork, RunsOnAnotherThreadAndGivesItsResult) {
  const auto caller = std::this_thread::get_id();
  auto result = in_background([] { return std::this_thread::get_id(); });
  EXPECT_NE(result.get(), caller);
}

}  // namespace
}  // namespace midline
