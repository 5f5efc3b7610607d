// The tracking thread: it answers at once, tracks a video in real time on its own thread,
// calibrates on request, and says what went wrong in words.

#include "vision/tracker_factory.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <opencv2/videoio.hpp>
#include <thread>

#include "tracking_fixture.hpp"
#include "storage/temp_dir.hpp"

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

// What cannot put itself right is said before the thread starts, naming the file.
template <typename F>
std::string setup_error(F&& start) {
  try {
    start();
  } catch (const TrackingSetupError& e) {
    return e.what();
  }
  return "(no error)";
}

// A device that exists but is no camera: it passes the look before the thread starts, and
// fails to open on the thread.
constexpr const char* kNoCamera = "/dev/null";

TEST(TrackingThread, AMissingCameraVideoOrModelIsNamedBeforeItStarts) {
  TrackingRequest request;
  request.source = FrameSourceRequest::video_file("/nonexistent/video.mp4");
  EXPECT_NE(setup_error([&] { start_tracking(request); }).find("/nonexistent/video.mp4"),
            std::string::npos);

  request.source = FrameSourceRequest::webcam(97);
  const std::string camera = setup_error([&] { start_tracking(request); });
  EXPECT_NE(camera.find("camera 97"), std::string::npos) << camera;
  EXPECT_NE(camera.find("/dev/video97"), std::string::npos) << camera;

  request.source = FrameSourceRequest::webcam(kNoCamera);
  request.landmark_model_path = "/nonexistent/model.dat";
  const std::string model = setup_error([&] { start_tracking(request); });
  EXPECT_NE(model.find("/nonexistent/model.dat"), std::string::npos) << model;
  EXPECT_NE(model.find("libdlib-data"), std::string::npos) << model;
}

TEST(TrackingThread, AModelFileThatIsNoModelIsExplainedNotFatal) {
  const fs::path bad = midline::testing::process_temp_dir() / "midline_thread_test_not_a_model.dat";
  std::ofstream(bad) << "not a shape predictor";
  TrackingRequest request;
  request.source = FrameSourceRequest::webcam(kNoCamera);
  request.landmark_model_path = bad.string();
  auto tracking = start_tracking(request);
  EXPECT_FALSE(tracking->is_demo());
  EXPECT_TRUE(eventually([&] { return tracking->status().find("cannot start") != std::string::npos; },
                         5000ms))
      << tracking->status();
  EXPECT_NE(tracking->status().find(bad.string()), std::string::npos);
  EXPECT_FALSE(tracking->latest());
  tracking.reset();
  fs::remove(bad);
}

TEST(TrackingThread, ACameraThatDoesNotOpenIsNamedAndTriedAgain) {
  TrackingRequest request;
  request.source = FrameSourceRequest::webcam(kNoCamera);
  auto tracking = start_tracking(request);
  // The face model loads first (a third of a second alone, many on a busy machine).
  EXPECT_TRUE(eventually(
      [&] { return tracking->status().find("Trying again") != std::string::npos; }, 20000ms))
      << tracking->status();
  EXPECT_NE(tracking->status().find("camera /dev/null"), std::string::npos)
      << tracking->status();
}

TEST(TrackingThread, TracksAVideoAndCalibratesOnRequest) {
  MIDLINE_REQUIRE_PHOTO();
  const fs::path file = midline::testing::process_temp_dir() / "midline_thread_test.avi";
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
  TrackingRequest request;
  request.source = FrameSourceRequest::video_file(file);
  auto tracking = start_tracking(request);
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
  // Calibration's end (fitting the face, measuring the neck) takes a second or two: the head
  // goes on being tracked meanwhile, the picture never standing still.
  uint64_t cursor = 0;
  ASSERT_TRUE(eventually(
      [&] {
        tracking->samples_since(cursor);
        const CalibrationStatus status = tracking->calibration();
        return status.message == "Almost done: one moment." ||
               status.state != CalibrationStatus::State::holding;
      },
      40000ms));  // the video plays in real time; a busy machine runs late
  EXPECT_EQ(tracking->calibration().state, CalibrationStatus::State::holding)
      << "ended without saying it is finishing: " << tracking->calibration().message;
  ASSERT_TRUE(eventually(
      [&] { return tracking->calibration().state != CalibrationStatus::State::holding; }, 20000ms));
  const auto tracked_while_finishing = tracking->samples_since(cursor);
  EXPECT_GE(tracked_while_finishing.size(), 5u)
      << "the tracking stood still while calibration finished";
  EXPECT_EQ(tracking->calibration().state, CalibrationStatus::State::accepted)
      << tracking->calibration().message;
  EXPECT_TRUE(eventually([&] { return tracking->latest()->calibrated; }, 1000ms));
}

}  // namespace
}  // namespace midline::testing
