#pragma once
// The patient's neutral: the head pose held still during calibration, where the head rests
// (the resting posture). The tracker measures from it; the game re-expresses those angles from
// the body midline (pose/body_midline.hpp), so it is never the zero anyone is shown. It is set
// by calibration only; nothing re-centres it automatically, since that would hide the slow
// dystonic drift the patient and the therapist need to see.

#include <optional>
#include <string>
#include <vector>

#include "pose/head_pose.hpp"

namespace midline {

struct Neutral {
  HeadPose pose;  // absolute, in the camera frame
};

struct NeutralCaptureParams {
  double hold_s = 3.0;               // how long the patient holds still
  double max_motion_deg = 4.0;       // largest spread of orientation allowed during the hold
  double chunk_s = 0.5;              // movement is judged on means over chunks this long,
                                     // so that measurement noise does not count as movement
  double max_shift_mm = 30.0;        // largest head movement allowed during the hold (a
                                     // sway of a centimetre or two leaves the angles sound)
  double max_lost_fraction = 0.2;    // share of frames allowed without a trusted face
};

// Collects poses while the patient holds still, then accepts or rejects the hold.
class NeutralCapture {
 public:
  explicit NeutralCapture(NeutralCaptureParams params = {}) : params_(params) {}

  // Feed every frame; `pose` is empty for a frame without a face seen well enough to count.
  void add(double time_s, const std::optional<HeadPose>& pose);
  bool complete() const;
  double progress() const;  // 0..1 of the hold time

  struct Result {
    std::optional<Neutral> neutral;  // set when accepted
    std::string problem;             // a sentence for the patient when rejected
    bool moved = false;              // rejected because the head turned or shifted
  };
  Result finish() const;
  void restart();

 private:
  NeutralCaptureParams params_;
  std::optional<double> start_s_;
  double last_s_ = 0.0;
  int frames_ = 0;
  struct Timed {
    double time_s;
    HeadPose pose;
  };
  std::vector<Timed> poses_;
};

// The average of several orientations (chordal mean, projected back onto a rotation).
glm::dmat3 mean_orientation(const std::vector<glm::dmat3>& orientations);

}  // namespace midline
