#include "vision/tracker_factory.hpp"

#include <utility>

#include "vision/landmark_fitter.hpp"
#include "vision/neutral_profile.hpp"

namespace midline {

FrameSourceRequest FrameSourceRequest::webcam(int index) {
  FrameSourceRequest r;
  r.camera.index = index;
  return r;
}

FrameSourceRequest FrameSourceRequest::webcam(const std::string& number_or_device) {
  const bool number = !number_or_device.empty() &&
                      number_or_device.find_first_not_of("0123456789") == std::string::npos;
  if (number) return webcam(std::stoi(number_or_device));
  FrameSourceRequest r;
  r.camera.device = number_or_device;
  return r;
}

FrameSourceRequest FrameSourceRequest::video_file(std::filesystem::path file) {
  FrameSourceRequest r;
  r.kind = Kind::video;
  r.path = std::move(file);
  return r;
}

FrameSourceRequest FrameSourceRequest::image_folder(std::filesystem::path folder) {
  FrameSourceRequest r;
  r.kind = Kind::images;
  r.path = std::move(folder);
  return r;
}

std::string FrameSourceRequest::name() const {
  switch (kind) {
    case Kind::camera:
      return "the camera " +
             (camera.device.empty() ? std::to_string(camera.index.value_or(0)) : camera.device);
    case Kind::video: return "the video " + path.string();
    case Kind::images: return "the folder " + path.string();
  }
  return {};
}

std::unique_ptr<FrameSource> open_frame_source(const FrameSourceRequest& request) {
  switch (request.kind) {
    case FrameSourceRequest::Kind::camera: return open_camera(request.camera);
    case FrameSourceRequest::Kind::video: return open_video(request.path);
    case FrameSourceRequest::Kind::images: return open_image_folder(request.path);
  }
  throw SourceError("unknown kind of frame source");
}

Tracker make_tracker(const TrackingRequest& request) {
  std::shared_ptr<const LandmarkFitter> fitter;
  try {
    fitter = std::make_shared<const LandmarkFitter>(request.landmark_model_path);
  } catch (const std::exception& e) {
    throw TrackingSetupError(e.what());
  }
  TrackerParams params = request.params;
  // Photos often hold faces smaller than a webcam's; each image is searched harder.
  if (request.source.kind == FrameSourceRequest::Kind::images) params.upsample_small_faces = true;
  Tracker tracker(std::move(fitter), params);
  if (!request.neutral_profile.empty()) {
    try {
      tracker.set_profile(load_profile(request.neutral_profile));
    } catch (const std::exception& e) {
      throw TrackingSetupError(e.what());
    }
  }
  return tracker;
}

namespace {

std::unique_ptr<FrameSource> open_frames_or_say_why(const FrameSourceRequest& source) {
  try {
    return open_frame_source(source);
  } catch (const SourceError& e) {
    throw TrackingSetupError(e.what());
  }
}

}  // namespace

Tracking open_tracking(const TrackingRequest& request) {
  std::unique_ptr<FrameSource> frames = open_frames_or_say_why(request.source);
  return {std::move(frames), make_tracker(request)};
}

void check_tracking_request(const TrackingRequest& request) {
  const FrameSourceRequest& source = request.source;
  std::error_code error;
  if (source.kind == FrameSourceRequest::Kind::camera) {
    // Only its device is looked for: opening a camera may take seconds, and one that is there
    // but busy is tried again by the tracking thread.
    const std::filesystem::path device =
        source.camera.device.empty()
            ? std::filesystem::path("/dev/video" + std::to_string(source.camera.index.value_or(0)))
            : std::filesystem::path(source.camera.device);
    if (!std::filesystem::exists(device, error))
      throw TrackingSetupError(source.name() + " is not connected (there is no " +
                               device.string() + "): is a webcam plugged in?");
  } else {  // a file or folder opens quickly, and cannot put itself right later
    open_frames_or_say_why(source);
  }
  if (const std::string problem = LandmarkFitter::missing_model_problem(request.landmark_model_path);
      !problem.empty())
    throw TrackingSetupError(problem);
  if (!request.neutral_profile.empty() && !std::filesystem::exists(request.neutral_profile, error))
    throw TrackingSetupError("neutral profile not found: " + request.neutral_profile.string());
}

}  // namespace midline
