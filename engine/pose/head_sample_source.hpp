#pragma once
// Where the game gets head samples: the camera tracker's thread, or the demo head.
// Every call returns at once: the game never waits for the camera.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "pose/head_pose.hpp"
#include "pose/head_sample.hpp"

namespace midline {

// A small RGB picture of what the camera sees, for the camera-check screen (never stored).
struct PreviewImage {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> rgb;  // width * height * 3 bytes, rows top to bottom, unmirrored
  // Where the tracker found the face in this picture, in its pixels (for the set-up check).
  struct Box {
    double x = 0.0, y = 0.0, width = 0.0, height = 0.0;
  };
  std::optional<Box> face_box;
  double focal_over_width = 0.0;  // the camera's focal length over the picture's width
};

struct CalibrationStatus {
  enum class State { idle, holding, accepted, rejected };
  State state = State::idle;
  double progress = 0.0;  // 0..1 of the hold while holding
  std::string message;    // for the patient: why a hold was rejected, or what to do
  // Once accepted: where the head rested during the hold, from the body midline (a
  // measurement, never the zero).
  std::optional<HeadAngles> resting_posture{};
  bool resting_posture_rough = false;  // turned further than the tracker is sure of
};

class HeadSampleSource {
 public:
  virtual ~HeadSampleSource() = default;

  // The newest sample, empty before the first. Never blocks.
  virtual std::optional<HeadSample> latest() const = 0;
  // Every sample published since `cursor` (of the last two seconds or so), oldest first, for a
  // reader that must see them all at the tracker's own rate (the session log) whatever the
  // screen's frame rate; moves `cursor` on. Start with 0. Never blocks.
  virtual std::vector<HeadSample> samples_since(uint64_t& cursor) const = 0;
  // One sentence on the source's state for the screen ("Loading the face model…", "Camera 0
  // stopped sending pictures…"); empty when all is well.
  virtual std::string status() const = 0;
  // True for the mouse-driven demo head, so every screen can label it as a demo.
  virtual bool is_demo() const = 0;

  // Calibration: the patient lets the head rest and holds still; the face model is fitted
  // to them and the resting posture measured. Angles are always from the body midline.
  virtual void begin_calibration() = 0;
  virtual CalibrationStatus calibration() const = 0;
  // The next patient: their calibration is not the last one's. Angles are relative to the
  // camera again and calibration() is idle until a new hold is accepted.
  virtual void forget_calibration() = 0;
  // This patient's flexion zero (see pose/body_midline.hpp), from their plan or profile; it
  // applies to every sample from now on.
  virtual void set_flexion_zero(double degrees) = 0;
  virtual double flexion_zero() const = 0;
  // How far this source's track reads the head's turns pitched (BodyReference::
  // track_pitch_deg), for re-measuring an angle with another flexion zero; 0 where nothing
  // is tracked from a camera.
  virtual double track_pitch() const { return 0.0; }

  // The newest preview picture, or null when the source has none (the demo head).
  virtual std::shared_ptr<const PreviewImage> preview() const = 0;
};

}  // namespace midline
