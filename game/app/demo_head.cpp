#include "app/demo_head.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace midline {

namespace {
constexpr double kSampleS = 1.0 / 30.0;
constexpr double kManualLagS = 0.12;    // keys and mouse: responsive
constexpr double kAutoplayLagS = 0.45;  // a person following a slow target
constexpr double kDistanceMm = 650.0;   // a comfortable distance from the screen
constexpr double two_pi = 2.0 * std::numbers::pi;

HeadAngles ease(const HeadAngles& from, const HeadAngles& to, double k) {
  return {from.rotation_deg + (to.rotation_deg - from.rotation_deg) * k,
          from.tilt_deg + (to.tilt_deg - from.tilt_deg) * k,
          from.flexion_deg + (to.flexion_deg - from.flexion_deg) * k};
}
}  // namespace

DemoHead::DemoHead() = default;

glm::dmat3 DemoHead::as_camera_sees(const HeadAngles& from_midline) const {
  return rotation_matrix(from_midline) * rotation_matrix({0.0, 0.0, flexion_zero_deg_});
}

HeadAngles DemoHead::from_midline(const glm::dmat3& orientation) const {
  return body_midline_angles(orientation, flexion_zero_deg_, 0.0);  // drawn, not tracked
}

void DemoHead::steer_to(const HeadAngles& goal) {
  goal_ = {std::clamp(goal.rotation_deg, -60.0, 60.0), std::clamp(goal.tilt_deg, -35.0, 35.0),
           std::clamp(goal.flexion_deg, -40.0, 40.0)};
  goal_is_rest_ = false;
}

void DemoHead::nudge(const HeadAngles& d) {
  const HeadAngles from = goal_is_rest_ ? head_ : goal_;
  steer_to({from.rotation_deg + d.rotation_deg, from.tilt_deg + d.tilt_deg,
            from.flexion_deg + d.flexion_deg});
}

void DemoHead::autoplay_toward(const std::optional<HeadAngles>& goal) {
  goal_is_rest_ = !goal;
  if (goal) goal_ = *goal;
}

void DemoHead::begin_calibration() {
  capture_.restart();
  calibration_ = {CalibrationStatus::State::holding, 0.0,
                  "Let your head rest where it settles by itself, and hold still.", std::nullopt};
}

void DemoHead::forget_calibration() {
  flexion_zero_deg_ = 0.0;  // the next patient's is their own
  calibrated_ = false;
  capture_.restart();
  calibration_ = {};
  goal_ = {};
}

void DemoHead::advance(double dt_s) {
  time_s_ += dt_s;
  const HeadAngles goal = goal_is_rest_ ? resting_ : goal_;
  const double lag = autoplay_ ? kAutoplayLagS : kManualLagS;
  head_ = ease(head_, goal, 1.0 - std::exp(-dt_s / lag));
  since_sample_s_ += dt_s;
  while (since_sample_s_ >= kSampleS) {
    since_sample_s_ -= kSampleS;
    publish();
  }
}

void DemoHead::publish() {
  const double t = static_cast<double>(frame_index_) * kSampleS;
  HeadAngles steady = head_;
  HeadAngles shaky = head_;
  if (autoplay_) {  // a person is never perfectly still
    steady.rotation_deg += 0.5 * std::sin(two_pi * 0.23 * t) + 0.25 * std::sin(two_pi * 0.61 * t);
    steady.flexion_deg += 0.4 * std::sin(two_pi * 0.17 * t + 1.3);
    steady.tilt_deg += 0.3 * std::sin(two_pi * 0.11 * t + 2.1);
    shaky = steady;
    shaky.rotation_deg += 0.4 * std::sin(two_pi * 3.6 * t);
    shaky.flexion_deg += 0.2 * std::sin(two_pi * 3.6 * t + 0.7);
  }
  HeadSample s;
  s.time_s = t;
  s.frame_index = frame_index_++;
  s.clarity = face_visible_ ? 0.92 : 0.0;
  s.quality = angles_quality(s.clarity, calibrated_);
  s.calibrated = calibrated_;
  if (face_visible_) {
    FaceMeasurement& face = s.face.emplace();
    face.pose = {as_camera_sees(shaky), {0.0, 0.0, kDistanceMm}};
    face.angles = from_midline(as_camera_sees(steady));
    face.raw_angles = from_midline(face.pose.orientation);
    tremor_.add(t, face.raw_angles);
    s.tremor = tremor_.estimate();
  } else {
    tremor_.reset();
  }
  latest_ = s;
  recent_.push(s);

  if (calibration_.state == CalibrationStatus::State::holding) {
    capture_.add(t, s.seen_clearly() ? std::optional<HeadPose>(s.face->pose) : std::nullopt);
    calibration_.progress = capture_.progress();
    if (capture_.complete()) {
      const NeutralCapture::Result result = capture_.finish();
      if (result.neutral) {
        calibrated_ = true;
        goal_ = {};
        calibration_ = {CalibrationStatus::State::accepted, 1.0, "Resting posture recorded.",
                        from_midline(result.neutral->pose.orientation)};
      } else {
        calibration_ = {CalibrationStatus::State::rejected, 0.0, result.problem, std::nullopt};
      }
    }
  }
}

}  // namespace midline
