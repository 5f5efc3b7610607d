#pragma once
// The tracker on the test heads (support/head_renderer.hpp, support/test_faces.hpp), as the
// game drives it: frames at 30 per second through Tracker::process, calibrated with
// Calibration as `midline calibrate` does.

#include <cmath>
#include <memory>
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
    shot.noise_seed = ++frame;
    return renderer.render(shot);
  }

  // One frame of the head at `angles`, tracked.
  TrackedFrame step(const HeadAngles& angles, Hand hand = Hand::none) {
    const TrackedFrame tracked = tracker.process(film(angles, hand), time_s, frame);
    time_s += 1.0 / kFps;
    return tracked;
  }

  // Calibrates as a patient does: holds still at `rest`, then looks around gently (±15° of
  // rotation, ±8° of flexion). The tracker uses the profile afterwards when there is one.
  // `hold_raw`, when given, receives the raw angles of the hold (tracked without a profile).
  Calibration::Result calibrate(const HeadAngles& rest = {},
                                std::vector<HeadAngles>* hold_raw = nullptr) {
    tracker.set_profile(std::nullopt);
    Calibration calibration;
    const double start_s = time_s;
    constexpr double kGiveUpS = 12.0;  // it takes 10 s when the face is tracked
    while (!calibration.complete()) {
      if (time_s - start_s > kGiveUpS)
        return {std::nullopt, "calibration did not finish in 12 s: no trusted face to hold"};
      const HeadAngles a = calibration.step() == Calibration::Step::look_around
                               ? looking_around(rest, time_s - start_s)
                               : rest;
      const cv::Mat frame_image = film(a);
      const TrackedFrame tracked = tracker.process(frame_image, time_s, frame);
      if (hold_raw && calibration.step() == Calibration::Step::hold && tracked.sample.face)
        hold_raw->push_back(tracked.sample.face->raw_angles);
      calibration.add(tracked, tracker.last_fit(), tracker.camera_for(frame_image));
      time_s += 1.0 / kFps;
    }
    Calibration::Result result = calibration.finish(kDefaultFocalOverWidth);
    if (result.profile) tracker.set_profile(result.profile);
    return result;
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
