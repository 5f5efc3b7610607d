#include "vision/frame_source.hpp"

#include <fcntl.h>
#include <linux/videodev2.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <future>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>
#include <thread>

namespace midline {

cv::Mat gray_of(const cv::Mat& image) {
  if (image.channels() == 1) return image;
  cv::Mat gray;
  cv::cvtColor(image, gray, image.channels() == 4 ? cv::COLOR_BGRA2GRAY : cv::COLOR_BGR2GRAY);
  return gray;
}

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::string camera_name(const CameraRequest& r) {
  return r.device.empty() ? "camera " + std::to_string(r.index.value_or(0)) : "camera " + r.device;
}

// Opens a camera on a helper thread and gives up after the timeout: a busy or broken camera
// driver can block inside open() for a long time, and the patient must not face a frozen
// window. A capture that answers late is closed by the helper thread itself.
std::shared_ptr<cv::VideoCapture> open_capture(const CameraRequest& r) {
  auto promise = std::make_shared<std::promise<std::shared_ptr<cv::VideoCapture>>>();
  auto result = promise->get_future();
  std::thread([r, promise] {
    auto cap = std::make_shared<cv::VideoCapture>();
    const bool ok = r.device.empty() ? cap->open(r.index.value_or(0), cv::CAP_V4L2)
                                     : cap->open(r.device, cv::CAP_V4L2);
    if (ok) {
      cap->set(cv::CAP_PROP_FOURCC, cv::VideoWriter::fourcc('M', 'J', 'P', 'G'));
      cap->set(cv::CAP_PROP_FRAME_WIDTH, r.width);
      cap->set(cv::CAP_PROP_FRAME_HEIGHT, r.height);
      cap->set(cv::CAP_PROP_FPS, r.fps);
    }
    promise->set_value(ok ? cap : nullptr);
  }).detach();
  if (result.wait_for(r.open_timeout) != std::future_status::ready)
    throw SourceError(camera_name(r) + " did not answer within " +
                      std::to_string(std::chrono::duration<double>(r.open_timeout).count()).substr(0, 3) +
                      " s: it may be in use by another program");
  auto cap = result.get();
  if (!cap)
    throw SourceError(camera_name(r) +
                      " could not be opened: is a webcam plugged in, and may this user use it "
                      "(the 'video' group)?");
  return cap;
}

class CameraSource final : public FrameSource {
 public:
  explicit CameraSource(CameraRequest request)
      : request_(std::move(request)), capture_(open_capture(request_)), start_(Clock::now()) {}

  std::optional<Frame> next() override {
    if (!capture_) return std::nullopt;
    Frame f;
    if (!capture_->read(f.image) || f.image.empty()) {
      problem_ = camera_name(request_) + " stopped sending pictures: was it unplugged?";
      capture_.reset();
      return std::nullopt;
    }
    f.time_s = std::chrono::duration<double>(Clock::now() - start_).count();
    f.index = index_++;
    return f;
  }
  std::string problem() const override { return problem_; }
  bool live() const override { return true; }

 private:
  CameraRequest request_;
  std::shared_ptr<cv::VideoCapture> capture_;
  Clock::time_point start_;
  int64_t index_ = 0;
  std::string problem_;
};

class VideoSource final : public FrameSource {
 public:
  explicit VideoSource(const fs::path& file) : file_(file) {
    if (!fs::exists(file)) throw SourceError("video file not found: " + file.string());
    if (!capture_.open(file.string(), cv::CAP_FFMPEG) || !capture_.isOpened())
      throw SourceError("cannot read the video " + file.string() +
                        ": not a video, or a format this OpenCV cannot decode");
    fps_ = capture_.get(cv::CAP_PROP_FPS);
    if (!(fps_ > 1.0 && fps_ < 1000.0)) fps_ = 30.0;
    const double count = capture_.get(cv::CAP_PROP_FRAME_COUNT);
    if (count > 0) count_ = static_cast<int64_t>(count);
  }
  std::optional<Frame> next() override {
    Frame f;
    if (!capture_.read(f.image) || f.image.empty()) return std::nullopt;
    f.index = index_++;
    f.time_s = static_cast<double>(f.index) / fps_;
    return f;
  }
  std::optional<int64_t> frame_count() const override { return count_; }
  double fps() const override { return fps_; }

 private:
  fs::path file_;
  cv::VideoCapture capture_;
  double fps_ = 30.0;
  std::optional<int64_t> count_;
  int64_t index_ = 0;
};

class ImageFolderSource final : public FrameSource {
 public:
  explicit ImageFolderSource(const fs::path& folder) : folder_(folder) {
    if (!fs::is_directory(folder)) throw SourceError("not a folder of images: " + folder.string());
    for (const auto& entry : fs::directory_iterator(folder)) {
      std::string ext = entry.path().extension().string();
      std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) {
        return static_cast<char>(std::tolower(c));
      });
      if (entry.is_regular_file() && (ext == ".jpg" || ext == ".jpeg" || ext == ".png" ||
                                      ext == ".bmp" || ext == ".tif" || ext == ".tiff" ||
                                      ext == ".webp" || ext == ".ppm" || ext == ".pgm"))
        files_.push_back(entry.path());
    }
    std::sort(files_.begin(), files_.end());
    if (files_.empty()) throw SourceError("no images (.jpg, .png, ...) in " + folder.string());
  }
  // An unreadable image gives a frame with an empty picture, so every file gets its row.
  std::optional<Frame> next() override {
    if (index_ >= static_cast<int64_t>(files_.size())) return std::nullopt;
    Frame f;
    f.index = index_;
    f.time_s = static_cast<double>(index_);
    f.name = files_[static_cast<size_t>(index_)].filename().string();
    f.image = cv::imread(files_[static_cast<size_t>(index_)].string(), cv::IMREAD_COLOR);
    ++index_;
    return f;
  }
  std::optional<int64_t> frame_count() const override {
    return static_cast<int64_t>(files_.size());
  }

 private:
  fs::path folder_;
  std::vector<fs::path> files_;
  int64_t index_ = 0;
};

}  // namespace

std::unique_ptr<FrameSource> open_camera(const CameraRequest& request) {
  return std::make_unique<CameraSource>(request);
}
std::unique_ptr<FrameSource> open_video(const fs::path& file) {
  return std::make_unique<VideoSource>(file);
}
std::unique_ptr<FrameSource> open_image_folder(const fs::path& folder) {
  return std::make_unique<ImageFolderSource>(folder);
}

std::optional<int> first_webcam_index(const fs::path& device_folder) {
  std::vector<int> numbers;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(device_folder, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.size() > 5 && name.starts_with("video") &&
        name.find_first_not_of("0123456789", 5) == std::string::npos)
      numbers.push_back(std::stoi(name.substr(5)));
  }
  std::sort(numbers.begin(), numbers.end());
  for (const int n : numbers) {
    const fs::path device = device_folder / ("video" + std::to_string(n));
    const int fd = ::open(device.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) continue;  // busy or not ours to open: the next one may do
    v4l2_capability caps{};
    const bool answered = ::ioctl(fd, VIDIOC_QUERYCAP, &caps) == 0;
    ::close(fd);
    if (!answered) continue;  // not a video device at all
    const uint32_t node = (caps.capabilities & V4L2_CAP_DEVICE_CAPS) ? caps.device_caps
                                                                      : caps.capabilities;
    if (node & (V4L2_CAP_VIDEO_CAPTURE | V4L2_CAP_VIDEO_CAPTURE_MPLANE)) return n;
  }
  return std::nullopt;
}

}  // namespace midline
