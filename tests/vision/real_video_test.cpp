// The tracker on real footage (../shared/data/videos): losing a face, finding it again, and
// never inventing one; set up by the tracker factory as the game and the commands set it up.
// No ground-truth angles here: behaviour, not accuracy.

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

#include "exercises/hold_midline.hpp"
#include "tracking_fixture.hpp"
#include "vision/frame_source.hpp"
#include "vision/tracker_factory.hpp"

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

// A tracker built by hand, as each caller built its own before the factory.
std::vector<HeadSample> track_all(const std::string& path) {
  Tracker tracker(shared_fitter());
  auto source = open_video(path);
  std::vector<HeadSample> samples;
  while (auto frame = source->next())
    samples.push_back(tracker.process(frame->image, frame->time_s, frame->index).sample);
  return samples;
}

// The same video through the factory, as `midline track VIDEO` steps it.
std::vector<HeadSample> track_all_from_factory(const std::string& path) {
  TrackingRequest request;
  request.source = FrameSourceRequest::video_file(path);
  Tracking tracking = open_tracking(request);
  std::vector<HeadSample> samples;
  while (auto frame = tracking.frames->next())
    samples.push_back(tracking.tracker.process(frame->image, frame->time_s, frame->index).sample);
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
  int seen_clearly = 0;
  for (const auto& s : samples) {
    ASSERT_TRUE(s.face) << "frame " << s.frame_index;
    seen_clearly += s.seen_clearly();
    EXPECT_LT(std::abs(s.face->angles.rotation_deg), 45.0);  // facing the camera, roughly
    // No calibration: the generic face model's angles are never trusted.
    EXPECT_LE(s.quality, kUncalibratedQuality) << "frame " << s.frame_index;
  }
  EXPECT_GT(seen_clearly, 65);
}

TEST(RealVideo, GivesNoConfidentAnglesOnceTheFaceIsGone) {
  MIDLINE_REQUIRE_VIDEO(path, "face_noface.mov");
  const auto samples = track_all(path);
  ASSERT_GT(samples.size(), 150u);
  for (size_t i = 0; i < 60; ++i) EXPECT_TRUE(samples[i].seen_clearly()) << "frame " << i;
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
    EXPECT_TRUE(samples[i].seen_clearly()) << "frame " << i;
  EXPECT_LE(changes(samples), 2);
}

TEST(RealVideo, FindsNoFaceWhereThereIsNone) {
  MIDLINE_REQUIRE_VIDEO(path, "no_face.mp4");
  const auto samples = track_all(path);
  ASSERT_EQ(samples.size(), 95u);
  for (const auto& s : samples) {
    EXPECT_FALSE(s.face) << "frame " << s.frame_index;
    EXPECT_EQ(s.quality, 0.0);
    EXPECT_EQ(s.clarity, 0.0);
  }
}

TEST(RealVideo, TheFactorysTrackerGivesTheSameSamplesAsOneBuiltByHand) {
  MIDLINE_REQUIRE_VIDEO(path, "single_face.mp4");
  const auto before = track_all(path);
  const auto now = track_all_from_factory(path);
  ASSERT_EQ(now.size(), before.size());
  for (size_t i = 0; i < now.size(); ++i) {
    ASSERT_EQ(now[i].face.has_value(), before[i].face.has_value()) << "frame " << i;
    EXPECT_EQ(now[i].quality, before[i].quality) << "frame " << i;
    EXPECT_EQ(now[i].clarity, before[i].clarity) << "frame " << i;
    if (!now[i].face) continue;
    EXPECT_EQ(now[i].face->angles.rotation_deg, before[i].face->angles.rotation_deg) << i;
    EXPECT_EQ(now[i].face->angles.tilt_deg, before[i].face->angles.tilt_deg) << i;
    EXPECT_EQ(now[i].face->angles.flexion_deg, before[i].face->angles.flexion_deg) << i;
    EXPECT_EQ(now[i].face->raw_angles.rotation_deg, before[i].face->raw_angles.rotation_deg) << i;
  }
}

// The game's path: the tracking thread plays the video in real time and publishes each
// sample; once the face has left, they carry no angles, and an exercise fed them pauses. Not
// calibrated, it never scores the face while it is there either: its angles are not trusted.
TEST(RealVideo, WhenTheFaceLeavesThePublishedSamplesHaveNoAnglesAndTheExercisePauses) {
  MIDLINE_REQUIRE_VIDEO(path, "face_noface.mov");
  TrackingRequest request;
  request.source = FrameSourceRequest::video_file(path);
  auto tracking = start_tracking(request);
  std::vector<HeadSample> published;
  uint64_t cursor = 0;
  bool seen_clearly = false, then_lost = false;
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(40);
  while (!then_lost && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    for (const HeadSample& s : tracking->samples_since(cursor)) {
      if (then_lost) break;
      published.push_back(s);
      seen_clearly = seen_clearly || s.seen_clearly();
      // A few lost frames in a row: the face has gone, not flickered.
      then_lost = seen_clearly && published.size() > 5 &&
                  std::all_of(published.end() - 5, published.end(),
                              [](const HeadSample& p) { return !p.face; });
    }
  }
  tracking.reset();
  ASSERT_TRUE(seen_clearly) << "the face at the start of the video was never seen clearly";
  ASSERT_TRUE(then_lost) << "the face never left within 40 s";
  EXPECT_FALSE(published.back().face);
  EXPECT_FALSE(published.back().trusted());
  EXPECT_EQ(published.back().quality, 0.0);

  HoldMidlineParams params;
  params.tolerance = {45.0, 45.0, 45.0};  // the person faces the camera roughly: hold on
  params.hold_s = 60.0;
  params.repetitions = 1;
  HoldMidline hold(params);
  double last_time_s = published.front().time_s;
  PauseReason while_seen = PauseReason::face_lost;
  for (const HeadSample& s : published) {
    hold.update(s.time_s - last_time_s, s);
    last_time_s = s.time_s;
    if (s.seen_clearly()) while_seen = hold.pause();
  }
  EXPECT_EQ(while_seen, PauseReason::uncertain);
  EXPECT_EQ(hold.pause(), PauseReason::face_lost);
}

}  // namespace
}  // namespace midline::testing
