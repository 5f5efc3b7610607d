#include "pose/recent_samples.hpp"

#include <gtest/gtest.h>

namespace midline {
namespace {

HeadSample sample_at(int64_t frame) {
  HeadSample s;
  s.frame_index = frame;
  s.time_s = static_cast<double>(frame) / 30.0;
  return s;
}

TEST(RecentSamples, AReaderGetsEverySampleOnceInOrder) {
  RecentSamples recent;
  uint64_t cursor = 0;
  EXPECT_TRUE(recent.since(cursor).empty());
  for (int64_t f = 0; f < 5; ++f) recent.push(sample_at(f));
  auto got = recent.since(cursor);
  ASSERT_EQ(got.size(), 5u);
  for (int64_t f = 0; f < 5; ++f) EXPECT_EQ(got[static_cast<size_t>(f)].frame_index, f);
  EXPECT_TRUE(recent.since(cursor).empty());  // nothing twice
  recent.push(sample_at(5));
  got = recent.since(cursor);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].frame_index, 5);
}

// Lost-face samples all carry frame 0: the cursor counts publications, not frame numbers.
TEST(RecentSamples, RepeatedFrameNumbersAreStillSeparateSamples) {
  RecentSamples recent;
  uint64_t cursor = 0;
  recent.push(HeadSample{});
  recent.push(HeadSample{});
  EXPECT_EQ(recent.since(cursor).size(), 2u);
}

TEST(RecentSamples, ASlowReaderGetsTheNewestOnesItCanStillHave) {
  RecentSamples recent;
  uint64_t cursor = 0;
  const int64_t published = static_cast<int64_t>(RecentSamples::kCapacity) + 10;
  for (int64_t f = 0; f < published; ++f) recent.push(sample_at(f));
  const auto got = recent.since(cursor);
  ASSERT_EQ(got.size(), RecentSamples::kCapacity);
  EXPECT_EQ(got.front().frame_index, 10);
  EXPECT_EQ(got.back().frame_index, published - 1);
}

// Two readers (the session log and, say, a test) keep their own cursors.
TEST(RecentSamples, ReadersDoNotTakeSamplesFromEachOther) {
  RecentSamples recent;
  uint64_t a = 0, b = 0;
  for (int64_t f = 0; f < 3; ++f) recent.push(sample_at(f));
  EXPECT_EQ(recent.since(a).size(), 3u);
  EXPECT_EQ(recent.since(b).size(), 3u);
}

}  // namespace
}  // namespace midline
