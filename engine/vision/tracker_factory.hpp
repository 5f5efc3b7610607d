#pragma once
// The one place a head tracker is set up. The game (`start_tracking`: on its own thread, the
// newest sample for each screen), `midline track` and `midline calibrate` (`open_tracking`:
// stepped frame by frame) all describe what they want in a TrackingRequest and come here.
//
// This is the seam a second tracking method needs: give TrackingRequest a choice of method
// and build it in make_tracker (behind the same process(frame) -> TrackedFrame); the game and
// both commands then get it without a change of their own.

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

#include "pose/head_sample_source.hpp"
#include "vision/frame_source.hpp"
#include "vision/tracker.hpp"

namespace midline {

// Where frames come from: a webcam, a recorded video or a folder of images.
struct FrameSourceRequest {
  enum class Kind { camera, video, images };
  Kind kind = Kind::camera;
  CameraRequest camera;        // for a camera
  std::filesystem::path path;  // the video file, or the folder of images

  static FrameSourceRequest webcam(int index);
  // A number picks /dev/videoN; anything else is a device path.
  static FrameSourceRequest webcam(const std::string& number_or_device);
  static FrameSourceRequest video_file(std::filesystem::path file);
  static FrameSourceRequest image_folder(std::filesystem::path folder);

  // As messages name it: "camera 0", "the video clip.mp4", "the folder shots".
  std::string name() const;
};

struct TrackingRequest {
  FrameSourceRequest source;
  std::string landmark_model_path = MIDLINE_DEFAULT_LANDMARK_MODEL;
  std::filesystem::path neutral_profile;  // from `midline calibrate`; empty: angles from facing the camera
  TrackerParams params;  // focal length, filters; small faces are searched for in images anyway
};

// Tracking cannot be set up: the message names what is missing (the camera, the video file,
// the face landmark model and the package that holds it, the neutral profile).
struct TrackingSetupError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Throws SourceError naming the camera, file or folder.
std::unique_ptr<FrameSource> open_frame_source(const FrameSourceRequest& request);
// The tracker with its landmark model, parameters and (when asked) neutral profile; throws
// TrackingSetupError.
Tracker make_tracker(const TrackingRequest& request);

// A tracker and its frames, for a caller that steps them itself; throws TrackingSetupError
// naming the first thing missing (the source, then the model, then the profile).
struct Tracking {
  std::unique_ptr<FrameSource> frames;
  Tracker tracker;
};
Tracking open_tracking(const TrackingRequest& request);

// What can be checked at once, before a thread starts: a camera device that is not there, a
// video or folder that cannot be opened, a landmark model or profile that is not there.
// A camera that is there is not opened here: that may take seconds.
void check_tracking_request(const TrackingRequest& request);

// The tracker on its own thread: frames in, the newest HeadSample out. It checks the request
// (check_tracking_request, so it throws TrackingSetupError as that does) and returns at once:
// the model loads and the camera opens on the tracking thread, and status() says so
// meanwhile, or says what went wrong (a camera that does not answer, or stops, is tried
// again). The
// game never waits for the camera; the camera never waits for the screen.
std::unique_ptr<HeadSampleSource> start_tracking(const TrackingRequest& request);

}  // namespace midline
