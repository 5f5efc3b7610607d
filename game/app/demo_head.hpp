#pragma once
// The demo head: a virtual head for machines without a camera, steered by the arrow keys or
// the mouse, and able to play by itself (autoplay) with a human-like lag, a slow wobble and a
// little tremor. It is a HeadSampleSource like the camera tracker, so every screen and rule
// runs exactly as with a camera. It lives on the render thread: advance() is called once a
// frame, and nothing here blocks.

#include <optional>

#include "pose/body_midline.hpp"
#include "pose/head_sample_source.hpp"
#include "pose/neutral.hpp"
#include "pose/recent_samples.hpp"
#include "pose/tremor.hpp"

namespace midline {

class DemoHead : public HeadSampleSource {
 public:
  DemoHead();

  // Where the head settles when nobody steers it, from the body midline: a mild turn and
  // tilt unless set otherwise (set_resting_posture), as a patient's resting posture might be.
  static HeadAngles default_resting_posture() { return {7.0, -4.0, 3.0}; }
  // On demand, a head that rests further off-centre (e.g. 25 deg to the right: {-25, 0, 0}),
  // so the demo shows the resting posture and the body midline apart.
  void set_resting_posture(const HeadAngles& resting) { resting_ = resting; }
  HeadAngles resting_posture() const { return resting_; }

  // Manual steering: the goal, from the body midline (like every angle the game sees).
  void steer_to(const HeadAngles& goal);
  void nudge(const HeadAngles& delta);  // arrow keys
  HeadAngles steering_goal() const { return goal_; }
  // Autoplay: the head eases toward `goal` (or the resting posture when empty) with a
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
  // The demo face's plane is the anatomical one; a flexion zero set here shows as the face
  // pitched by it, as a real face would be.
  void set_flexion_zero(double degrees) override { flexion_zero_deg_ = degrees; }
  double flexion_zero() const override { return flexion_zero_deg_; }
  std::shared_ptr<const PreviewImage> preview() const override { return nullptr; }

 private:
  // Between the body midline and the head's orientation as the camera sees it.
  glm::dmat3 as_camera_sees(const HeadAngles& from_midline) const;
  HeadAngles from_midline(const glm::dmat3& orientation) const;
  void publish();

  double time_s_ = 0.0;
  double since_sample_s_ = 0.0;
  int64_t frame_index_ = 0;
  HeadAngles resting_ = default_resting_posture();
  HeadAngles head_ = resting_;    // where the head is, from the body midline (tremor-free)
  HeadAngles goal_;               // from the body midline
  double flexion_zero_deg_ = 0.0;
  bool goal_is_rest_ = true;
  bool autoplay_ = false;
  bool face_visible_ = true;
  bool calibrated_ = false;
  NeutralCapture capture_;
  CalibrationStatus calibration_;
  TremorAnalyzer tremor_;
  std::optional<HeadSample> latest_;
  RecentSamples recent_;
};

}  // namespace midline
