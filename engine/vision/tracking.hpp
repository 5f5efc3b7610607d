#pragma once
// The tracker on its own thread: frames in, the newest HeadSample out. The game reads it
// through HeadSampleSource and never waits for the camera; the camera never waits for the
// screen (the thread publishes the latest sample and moves on, nothing queues up).

#include <memory>
#include <optional>
#include <string>

#include "pose/head_sample_source.hpp"
#include "vision/tracker.hpp"

namespace midline {

struct TrackingConfig {
  std::optional<int> camera_index;  // a webcam, /dev/videoN ...
  std::string camera_device;        // ... or by device path
  std::string video_path;           // or a recorded video, played in real time and looped
  std::string landmark_model_path = MIDLINE_DEFAULT_LANDMARK_MODEL;
  std::string profile_path;         // a saved neutral profile to start from (optional)
  TrackerParams params;
};

// Starts tracking and returns at once: the model loads and the camera opens on the tracking
// thread, and status() says so meanwhile, or says what went wrong.
std::unique_ptr<HeadSampleSource> start_tracking(const TrackingConfig& config);

}  // namespace midline
