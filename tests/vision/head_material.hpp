#pragma once
// The tracker on the test heads (support/head_renderer.hpp, support/test_faces.hpp), as the
// game drives it: frames at 30 per second through Tracker::process, calibrated with
// Calibration as `midline calibrate` does.

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>

#include "support/head_renderer.hpp"
#include "support/test_faces.hpp"
#include "tracking_fixture.hpp"

namespace midline::testing {

// Calibration's look around as the tests' patient does it, `t_s` into it: gently turning
// (±15°) and nodding (±8°) about `rest`.
inline HeadAngles looking_around(HeadAngles rest, double t_s) {
  const double pi = 3.14159265358979;
  rest.rotation_deg += 15.0 * std::sin(2 * pi * t_s / 3.0);
  rest.flexion_deg += 8.0 * std::sin(2 * pi * t_s / 2.0);
  return rest;
}

// What is added to every frame's noise seed: 0 unless MIDLINE_TEST_NOISE_SEED says otherwise.
// The regression guards are today's figures at 0; another draw of the same sensor noise
// measures how much of a figure is that draw (scripts/accuracy-spread), not a pass or a fail.
inline unsigned noise_seed_offset() {
  static const unsigned offset = [] {
    const char* text = std::getenv("MIDLINE_TEST_NOISE_SEED");
    return text ? static_cast<unsigned>(std::strtoul(text, nullptr, 10)) : 0u;
  }();
  return offset;
}

// One face in front of the webcam, and the tracker watching it.
struct HeadSession {
  TestFace face;
  HeadRenderer renderer;
  Tracker tracker;
  double time_s = 0.0;
  unsigned frame = 0;

  static constexpr double kFps = 30.0;

  explicit HeadSession(TestFace f)
      : face(std::move(f)),
        renderer(face.photo, face.landmarks, face.look, face.light),
        tracker(shared_fitter()) {}  // assuming the default camera, as a user's setup does

  // The next frame's picture of the head at `angles` (relative to facing the camera).
  cv::Mat film(const HeadAngles& angles, Hand hand = Hand::none) {
    Shot shot;
    shot.angles = angles;
    shot.hand = hand;
    shot.time_s = time_s;
    shot.noise_seed = ++frame + noise_seed_offset();
    return renderer.render(shot);
  }

  // One frame of the head at `angles`, tracked.
  TrackedFrame step(const HeadAngles& angles, Hand hand = Hand::none) {
    const TrackedFrame tracked = tracker.process(film(angles, hand), time_s, frame);
    time_s += 1.0 / kFps;
    return tracked;
  }

  // Calibrates as a patient does: holds still at `rest`, then looks around gently (±15° of
  // rotation, ±8° of flexion). Asked to turn toward the screen (a face not seen at rest), the
  // patient turns to `toward_screen` (where comfortable), holds and looks around there, then
  // goes back to `rest`, at 30°/s; asked to turn further, they do. The tracker uses the profile
  // afterwards when there is one. `hold_raw`, when given, receives the raw angles of the hold
  // (tracked without a profile).
  Calibration::Result calibrate(const HeadAngles& rest = {},
                                std::vector<HeadAngles>* hold_raw = nullptr,
                                std::optional<HeadAngles> toward_screen = std::nullopt) {
    tracker.set_profile(std::nullopt);
    Calibration calibration;
    const double start_s = time_s;
    constexpr double kGiveUpS = 30.0;  // it takes 10 s when the face is tracked at rest
    HeadAngles head = rest;
    // Each step timed from its start: the look around begins where the head is.
    Calibration::Step timed_step = Calibration::Step::done;
    double step_start_s = time_s;
    while (!calibration.complete()) {
      if (time_s - start_s > kGiveUpS)
        return {std::nullopt, "calibration did not finish in 30 s: no face seen clearly to hold"};
      if (calibration.step() != timed_step) {
        timed_step = calibration.step();
        step_start_s = time_s;
      }
      const double in_step_s = time_s - step_start_s;
      const bool turned = calibration.fitted_toward_screen() && toward_screen;
      HeadAngles base =
          turned && calibration.step() != Calibration::Step::back_to_rest ? *toward_screen : rest;
      // Asked, while the model waits to follow the head, to turn a little further toward the
      // screen, the patient turns 10° more (their comfortable turn was an estimate).
      if (calibration.step() == Calibration::Step::follow &&
          in_step_s >= CalibrationParams{}.follow_hint_after_s)
        base.rotation_deg -= std::clamp(base.rotation_deg, -10.0, 10.0);
      const bool looking = calibration.step() == Calibration::Step::look_around;
      const HeadAngles aim = looking ? looking_around(base, in_step_s) : base;
      head = looking ? aim : toward(head, aim, 1.0);
      const cv::Mat frame_image = film(head);
      const TrackedFrame tracked = tracker.process(frame_image, time_s, frame);
      if (hold_raw && calibration.step() == Calibration::Step::hold && tracked.sample.face)
        hold_raw->push_back(tracked.sample.face->raw_angles);
      calibration.add(tracked, tracker.last_fit(), frame_image, tracker.camera_for(frame_image));
      if (auto following = calibration.take_profile_to_follow()) tracker.set_profile(*following);
      time_s += 1.0 / kFps;
    }
    Calibration::Result result = calibration.finish(kDefaultFocalOverWidth);
    if (result.profile) tracker.set_profile(result.profile);
    return result;
  }

  // `from` moved toward `to` by at most `step_deg` on each axis.
  static HeadAngles toward(HeadAngles from, const HeadAngles& to, double step_deg) {
    auto move = [&](double& a, double b) { a += std::clamp(b - a, -step_deg, step_deg); };
    move(from.rotation_deg, to.rotation_deg);
    move(from.tilt_deg, to.tilt_deg);
    move(from.flexion_deg, to.flexion_deg);
    return from;
  }
};

// The session for the face named by the test's parameter, or a skip with the reason.
#define MIDLINE_HEAD_SESSION(session, name)                                        \
  std::string session##_why;                                                       \
  auto session##_face = load_test_face(name, *shared_fitter(), session##_why);   \
  if (!session##_face) GTEST_SKIP() << name << ": " << session##_why;              \
  HeadSession session(std::move(*session##_face))

inline std::string face_test_name(const ::testing::TestParamInfo<std::string>& info) {
  return info.param;
}

}  // namespace midline::testing
