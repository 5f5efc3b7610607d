#include "vision/frame_source.hpp"
#include "storage/temp_dir.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <opencv2/imgcodecs.hpp>

namespace midline {
namespace {

namespace fs = std::filesystem;

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = midline::testing::process_temp_dir() / ("midline_test_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

template <typename F>
std::string error_of(F&& open) {
  try {
    open();
  } catch (const SourceError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(FrameSource, AMissingVideoIsNamed) {
  const std::string message = error_of([] { open_video("/nonexistent/visit.mp4"); });
  EXPECT_NE(message.find("/nonexistent/visit.mp4"), std::string::npos) << message;
  EXPECT_NE(message.find("not found"), std::string::npos) << message;
}

TEST(FrameSource, AFileThatIsNoVideoIsNamed) {
  const fs::path dir = fresh_dir("not_video");
  std::ofstream(dir / "notes.mp4") << "these are notes, not a video";
  const std::string message = error_of([&] { open_video(dir / "notes.mp4"); });
  EXPECT_NE(message.find("notes.mp4"), std::string::npos) << message;
}

TEST(FrameSource, AMissingCameraIsReportedWithinTwoSeconds) {
  CameraRequest request;
  request.device = "/dev/video97";
  const auto start = std::chrono::steady_clock::now();
  const std::string message = error_of([&] { open_camera(request); });
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(seconds, 2.5);
  EXPECT_NE(message.find("/dev/video97"), std::string::npos) << message;
}

// The game used to take /dev/video0 for a webcam whenever the name existed: a camera's
// metadata node, or any node that is no capture device, then never gave a picture.
TEST(FrameSource, OnlyADeviceThatCapturesPicturesIsTakenForAWebcam) {
  const fs::path dir = fresh_dir("devices");
  EXPECT_EQ(first_webcam_index(dir), std::nullopt);
  for (const char* name : {"video0", "video1", "video12", "videodev"}) std::ofstream(dir / name) << "x";
  fs::create_symlink("/dev/null", dir / "video2");  // a device, but not a video one
  EXPECT_EQ(first_webcam_index(dir), std::nullopt);
  EXPECT_EQ(first_webcam_index(dir / "absent"), std::nullopt);
  fs::remove_all(dir);
}

TEST(FrameSource, AnEmptyFolderSaysItHasNoImages) {
  const fs::path dir = fresh_dir("empty");
  const std::string message = error_of([&] { open_image_folder(dir); });
  EXPECT_NE(message.find("no images"), std::string::npos) << message;
}

TEST(FrameSource, AFolderGivesEveryImageInNameOrderAndFlagsUnreadableOnes) {
  const fs::path dir = fresh_dir("images");
  cv::imwrite((dir / "b.png").string(), cv::Mat(20, 30, CV_8UC3, cv::Scalar(1, 2, 3)));
  cv::imwrite((dir / "a.jpg").string(), cv::Mat(20, 30, CV_8UC3, cv::Scalar(9, 9, 9)));
  std::ofstream(dir / "c.png") << "truncated";
  std::ofstream(dir / "readme.txt") << "not an image";
  auto source = open_image_folder(dir);
  EXPECT_EQ(source->frame_count(), 3);
  std::vector<std::string> names;
  std::vector<bool> readable;
  while (auto f = source->next()) {
    names.push_back(f->name);
    readable.push_back(!f->image.empty());
  }
  EXPECT_EQ(names, (std::vector<std::string>{"a.jpg", "b.png", "c.png"}));
  EXPECT_EQ(readable, (std::vector<bool>{true, true, false}));
}

}  // namespace
}  // namespace midline
