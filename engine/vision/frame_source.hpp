#pragma once
// Where frames come from: a webcam, a video file, or a folder of images.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <opencv2/core/mat.hpp>
#include <stdexcept>
#include <string>
#include <vector>

namespace midline {

struct Frame {
  cv::Mat image;       // 8-bit BGR
  double time_s = 0;   // since the source started (video: its own timeline)
  int64_t index = 0;
  std::string name;    // the file name, for a folder of images; empty otherwise
};

// The frame in 8-bit grey, as the vision steps read it: BGR or BGRA converted, grey as given.
cv::Mat gray_of(const cv::Mat& image);

// Thrown when a source cannot be opened; the message names the source and what to do.
struct SourceError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class FrameSource {
 public:
  virtual ~FrameSource() = default;
  // The next frame; empty at the end of a file or when a camera stops (see problem()).
  virtual std::optional<Frame> next() = 0;
  // What went wrong when next() came back empty before the end; empty at a normal end.
  virtual std::string problem() const { return {}; }
  // Frames in total, when known (files and folders).
  virtual std::optional<int64_t> frame_count() const { return std::nullopt; }
  // A live camera runs in real time; files are read as fast as they can be measured.
  virtual bool live() const { return false; }
  // Frames per second of a recording (30 where unknown).
  virtual double fps() const { return 30.0; }
};

struct CameraRequest {
  std::optional<int> index;    // /dev/videoN
  std::string device;          // or a device path
  int width = 640, height = 480;
  double fps = 30.0;
  std::chrono::milliseconds open_timeout{2000};
};

// Each throws SourceError naming the camera, file or folder.
std::unique_ptr<FrameSource> open_camera(const CameraRequest& request);
std::unique_ptr<FrameSource> open_video(const std::filesystem::path& file);
std::unique_ptr<FrameSource> open_image_folder(const std::filesystem::path& folder);

// The lowest N whose /dev/videoN captures pictures (a webcam), asking each device what it
// can do; a camera's metadata node (often /dev/video1) and anything else are passed over.
// `device_folder` is for tests.
std::optional<int> first_webcam_index(const std::filesystem::path& device_folder = "/dev");

}  // namespace midline
