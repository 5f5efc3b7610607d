// The tracking thread: it answers at once, tracks a video in real time on its own thread,
// calibrates on request, and says what went wrong in words.

#include "vision/tracking.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <opencv2/videoio.hpp>
#include <thread>

#include "tracking_fixture.hpp"

namespace midline::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

template <typename F>
bool eventually(F&& condition, std::chrono::milliseconds limit) {
  const auto until = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < until) {
    if (condition()) return true;
    std::this_thread::sleep_for(20ms);
  }
  return condition();
}

TEST(TrackingThread, AMissingModelIsExplainedNotFatal) {
  TrackingConfig config;
  config.video_path = "/nonexistent/video.mp4";
  config.landmark_model_path = "/nonexistent/model.dat";
  auto tracking = start_tracking(config);
  EXPECT_FALSE(tracking->is_demo());
  EXPECT_TRUE(eventually([&] { return tracking->status().find("cannot start") != std::string::npos; },
                         5000ms))
      << tracking->status();
  EXPECT_NE(tracking->status().find("/nonexistent/model.dat"), std::string::npos);
  EXPECT_FALSE(tracking->latest());
}

TEST(TrackingThread, AMissingVideoIsReportedAndRetried) {
  TrackingConfig config;
  config.video_path = "/nonexistent/video.mp4";
  auto tracking = start_tracking(config);
  // The face model loads first (a third of a second alone, many on a busy machine).
  EXPECT_TRUE(eventually([&] { return tracking->status().find("not found") != std::string::npos; },
                         20000ms))
      << tracking->status();
}

TEST(TrackingThread, TracksAVideoAndCalibratesOnRequest) {
  MIDLINE_REQUIRE_PHOTO();
  const fs::path file = fs::temp_directory_path() / "midline_thread_test.avi";
  {
    const Photo& photo = *astronaut();
    FaceRenderer renderer(photo.image, photo.landmarks, {1.0, 2.0, 7});
    RenderSettings s;
    cv::VideoWriter writer(file.string(), cv::CAP_FFMPEG, cv::VideoWriter::fourcc('M', 'J', 'P', 'G'),
                           30.0, {s.width, s.height});
    for (int i = 0; i < 12 * 30; ++i) {  // still, then a gentle look around, on a loop
      const double t = i / 30.0;
      s.angles = t < 4 ? HeadAngles{}
                       : HeadAngles{15 * std::sin(2 * 3.14159 * (t - 4) / 3), 0,
                                    8 * std::sin(2 * 3.14159 * (t - 4) / 2)};
      s.noise_seed = static_cast<unsigned>(i + 1);
      writer.write(renderer.render(s));
    }
  }
  TrackingConfig config;
  config.video_path = file.string();
  auto tracking = start_tracking(config);
  ASSERT_TRUE(eventually([&] { return tracking->latest() && tracking->latest()->face.has_value(); },
                         15000ms))
      << tracking->status();
  ASSERT_TRUE(eventually([&] { return tracking->preview() != nullptr; }, 1000ms));
  EXPECT_EQ(tracking->preview()->width, 320);
  EXPECT_FALSE(tracking->latest()->calibrated);

  tracking->begin_calibration();
  ASSERT_TRUE(eventually(
      [&] { return tracking->calibration().state == CalibrationStatus::State::holding; }, 3000ms));
  EXPECT_FALSE(tracking->calibration().message.empty());
  ASSERT_TRUE(eventually(
      [&] {
        const auto s = tracking->calibration().state;
        return s == CalibrationStatus::State::accepted || s == CalibrationStatus::State::rejected;
      },
      40000ms));  // the video plays in real time; a busy machine runs late
  EXPECT_EQ(tracking->calibration().state, CalibrationStatus::State::accepted)
      << tracking->calibration().message;
  EXPECT_TRUE(eventually([&] { return tracking->latest()->calibrated; }, 1000ms));
}

}  // namespace
}  // namespace midline::testing
