#pragma once
// The demo head: a virtual head for machines without a camera, steered by the arrow keys or
// the mouse, and able to play by itself (autoplay) with a human-like lag, a slow wobble and a
// little tremor. It is a HeadSampleSource like the camera tracker, so every screen and rule
// runs exactly as with a camera. It lives on the render thread: advance() is called once a
// frame, and nothing here blocks.

#include <optional>

#include "pose/head_sample_source.hpp"
#include "pose/neutral.hpp"
#include "pose/recent_samples.hpp"
#include "pose/tremor.hpp"

namespace midline {

class DemoHead : public HeadSampleSource {
 public:
  DemoHead();

  // Where the head settles when nobody steers it: a mild turn and tilt, as a patient's null
  // point might be (absolute, as the camera would see it).
  static HeadAngles rest_pose() { return {7.0, -4.0, 3.0}; }

  // Manual steering: the goal, relative to the calibrated neutral (to the camera before one).
  void steer_to(const HeadAngles& goal);
  void nudge(const HeadAngles& delta);  // arrow keys
  HeadAngles steering_goal() const { return goal_; }
  // Autoplay: the head eases toward `goal` (relative, or the rest pose when empty) with a
  // human lag, a slow wobble and a 3-4 Hz tremor of under half a degree.
  void autoplay_toward(const std::optional<HeadAngles>& goal);
  bool autoplaying() const { return autoplay_; }
  void set_autoplay(bool on) { autoplay_ = on; }
  // Out of view: the samples say the face is lost, as when a patient leans out of frame.
  void set_face_visible(bool visible) { face_visible_ = visible; }
  bool face_visible() const { return face_visible_; }

  // Moves the head on by dt_s and publishes samples at 30 per second.
  void advance(double dt_s);

  // HeadSampleSource
  std::optional<HeadSample> latest() const override { return latest_; }
  std::vector<HeadSample> samples_since(uint64_t& cursor) const override {
    return recent_.since(cursor);
  }
  std::string status() const override { return {}; }
  bool is_demo() const override { return true; }
  void begin_calibration() override;
  void forget_calibration() override;
  CalibrationStatus calibration() const override { return calibration_; }
  std::shared_ptr<const PreviewImage> preview() const override { return nullptr; }

 private:
  HeadAngles to_absolute(const HeadAngles& relative) const;
  HeadAngles to_relative(const HeadAngles& absolute) const;
  void publish();

  double time_s_ = 0.0;
  double since_sample_s_ = 0.0;
  int64_t frame_index_ = 0;
  HeadAngles absolute_;           // where the head is (tremor-free)
  HeadAngles goal_;               // relative
  bool goal_is_rest_ = true;
  bool autoplay_ = false;
  bool face_visible_ = true;
  std::optional<Neutral> neutral_;
  NeutralCapture capture_;
  CalibrationStatus calibration_;
  TremorAnalyzer tremor_;
  std::optional<HeadSample> latest_;
  RecentSamples recent_;
};

}  // namespace midline
