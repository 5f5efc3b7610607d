// The tracker on real footage (../shared/data/videos): losing a face, finding it again, and
// never inventing one. No ground-truth angles here: behaviour, not accuracy.

#include <gtest/gtest.h>

#include <filesystem>

#include "tracking_fixture.hpp"
#include "vision/frame_source.hpp"

namespace midline::testing {
namespace {

std::string shared_video(const std::string& name) {
  const std::string path = std::string(MIDLINE_SHARED_DATA_DIR) + "/videos/" + name;
  return std::filesystem::exists(path) ? path : std::string();
}

#define MIDLINE_REQUIRE_VIDEO(path, name)                                              \
  const std::string path = shared_video(name);                                        \
  if (path.empty()) {                                                                 \
    GTEST_SKIP() << "the shared test footage is absent (" << MIDLINE_SHARED_DATA_DIR \
                 << "/videos/" << name << "): a user's clone does not have it";       \
  }

std::vector<HeadSample> track_all(const std::string& path) {
  Tracker tracker(shared_fitter());
  auto source = open_video(path);
  std::vector<HeadSample> samples;
  while (auto frame = source->next())
    samples.push_back(tracker.process(frame->image, frame->time_s, frame->index).sample);
  return samples;
}

int changes(const std::vector<HeadSample>& samples) {
  int n = 0;
  for (size_t i = 1; i < samples.size(); ++i)
    n += samples[i].face.has_value() != samples[i - 1].face.has_value();
  return n;
}

TEST(RealVideo, FollowsOneFaceFacingAWebcamInEveryFrame) {
  MIDLINE_REQUIRE_VIDEO(path, "single_face.mp4");
  const auto samples = track_all(path);
  ASSERT_EQ(samples.size(), 72u);
  int trusted = 0;
  for (const auto& s : samples) {
    ASSERT_TRUE(s.face) << "frame " << s.frame_index;
    trusted += s.trusted();
    EXPECT_LT(std::abs(s.face->angles.rotation_deg), 45.0);  // facing the camera, roughly
  }
  EXPECT_GT(trusted, 65);
}

TEST(RealVideo, GivesNoConfidentAnglesOnceTheFaceIsGone) {
  MIDLINE_REQUIRE_VIDEO(path, "face_noface.mov");
  const auto samples = track_all(path);
  ASSERT_GT(samples.size(), 150u);
  for (size_t i = 0; i < 60; ++i) EXPECT_TRUE(samples[i].trusted()) << "frame " << i;
  for (size_t i = samples.size() - 60; i < samples.size(); ++i)
    EXPECT_FALSE(samples[i].face) << "frame " << i << ": a face in a cartoon";
  EXPECT_LE(changes(samples), 2) << "the face flickered in and out";
}

TEST(RealVideo, FindsTheFaceAgainWhenItComesBack) {
  MIDLINE_REQUIRE_VIDEO(path, "noface_face.mov");
  const auto samples = track_all(path);
  ASSERT_GT(samples.size(), 150u);
  for (size_t i = 0; i < 60; ++i) EXPECT_FALSE(samples[i].face) << "frame " << i;
  for (size_t i = samples.size() - 60; i < samples.size(); ++i)
    EXPECT_TRUE(samples[i].trusted()) << "frame " << i;
  EXPECT_LE(changes(samples), 2);
}

TEST(RealVideo, FindsNoFaceWhereThereIsNone) {
  MIDLINE_REQUIRE_VIDEO(path, "no_face.mp4");
  const auto samples = track_all(path);
  ASSERT_EQ(samples.size(), 95u);
  for (const auto& s : samples) {
    EXPECT_FALSE(s.face) << "frame " << s.frame_index;
    EXPECT_EQ(s.quality, 0.0);
  }
}

}  // namespace
}  // namespace midline::testing
