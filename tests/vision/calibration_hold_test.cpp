// Calibration's hold on the test heads: a head that turns during it is refused, with about how
// far it moved; a still one whose landmark fit jumps is accepted (the accuracy tests
// calibrate each face still, facing the camera and turned). How far the head moved is read
// from the landmarks; the points of its texture, followed through the hold, say whether it
// moved at all (Calibration::hold_still_in_picture).

#include <cstdio>
#include <regex>

#include "head_material.hpp"

namespace midline::testing {
namespace {

// Turned at an even pace during the 3-second hold: 8 degrees, twice what a hold allows
// (NeutralCaptureParams::max_motion_deg). The hold's half-second chunks then stray up to
// about 3.3 degrees either side of its mean, which the refusal reports doubled: 6.7 read
// exactly; the landmarks read it 4 to 10 on the test heads (turns read short, voc_c's long).
constexpr double kTurnDuringHoldDeg = 8.0;
constexpr int kReportedMostDeg = 10;

class CalibrationHold : public ::testing::TestWithParam<std::string> {};

TEST_P(CalibrationHold, AHeadTurningDuringTheHoldIsRefusedWithHowFarItMoved) {
  const std::string name = GetParam();
  MIDLINE_HEAD_SESSION(session, name);
  CalibrationParams params;
  params.look_around = false;  // the hold alone is judged
  Calibration calibration(params);
  const double per_frame = kTurnDuringHoldDeg / (params.hold.hold_s * HeadSession::kFps);
  HeadAngles head{};
  for (int frame = 0; !calibration.complete() && frame < 300; ++frame) {
    if (calibration.progress() > 0.0) head.rotation_deg += per_frame;  // the hold is under way
    const cv::Mat picture = session.film(head);
    const TrackedFrame tracked = session.tracker.process(picture, session.time_s, session.frame);
    calibration.add(tracked, session.tracker.last_fit(), picture,
                    session.tracker.camera_for(picture));
    session.time_s += 1.0 / HeadSession::kFps;
  }
  ASSERT_TRUE(calibration.complete()) << name << ": the hold never ended";
  const Calibration::Result result = calibration.finish(kDefaultFocalOverWidth);
  std::printf("%s turned %.1f deg during the hold: %s\n", name.c_str(), head.rotation_deg,
              result.profile ? "accepted" : result.problem.c_str());
  ASSERT_FALSE(result.profile) << name << ": a head that turned " << head.rotation_deg
                               << " deg during the hold was accepted";
  std::smatch moved;
  ASSERT_TRUE(std::regex_search(result.problem, moved, std::regex("moved about (\\d+) degrees")))
      << name << ": " << result.problem;
  EXPECT_LE(std::stoi(moved[1]), kReportedMostDeg) << name << ": " << result.problem;
}

// On a face turned some way, dlib's fit can go from one shape to another a few pixels apart
// while the head stays still (each kept from frame to frame by the box the last one gives).
// Here, halfway through the hold, the nose and mouth move 10 px sideways against the eyes, as
// the fit would read a turn: without the pictures that reads as movement, with them the
// head's texture shows it was the fit, and the still head is accepted.
TEST_P(CalibrationHold, AStillHeadIsAcceptedWhenItsLandmarkFitJumps) {
  const std::string name = GetParam();
  MIDLINE_HEAD_SESSION(session, name);
  CalibrationParams params;
  params.look_around = false;
  Calibration with_pictures(params), landmarks_alone(params);
  for (int frame = 0; !with_pictures.complete() && frame < 300; ++frame) {
    const cv::Mat picture = session.film({});
    const TrackedFrame tracked = session.tracker.process(picture, session.time_s, session.frame);
    std::optional<Tracker::RawFit> fit = session.tracker.last_fit();
    if (fit && with_pictures.progress() > 0.5)
      for (int i = landmark_range::nose_begin; i < kLandmarkCount; ++i)
        if (i < landmark_range::eyes_begin || i >= landmark_range::eyes_end)
          fit->landmarks[i].x += 10.0f;
    const CameraIntrinsics camera = session.tracker.camera_for(picture);
    with_pictures.add(tracked, fit, picture, camera);
    landmarks_alone.add(tracked, fit, cv::Mat(), camera);
    session.time_s += 1.0 / HeadSession::kFps;
  }
  ASSERT_TRUE(with_pictures.complete() && landmarks_alone.complete()) << name;
  const Calibration::Result judged_on_landmarks = landmarks_alone.finish(kDefaultFocalOverWidth);
  const Calibration::Result judged_with_pictures = with_pictures.finish(kDefaultFocalOverWidth);
  std::printf(
      "%s still, its fit jumping during the hold: landmarks alone %s; with the pictures %s\n",
      name.c_str(), judged_on_landmarks.profile ? "accepted" : judged_on_landmarks.problem.c_str(),
      judged_with_pictures.profile ? "accepted" : judged_with_pictures.problem.c_str());
  ASSERT_FALSE(judged_on_landmarks.profile)
      << name << ": the fit's jump should read as movement on the landmarks alone";
  EXPECT_TRUE(judged_with_pictures.profile) << name << ": " << judged_with_pictures.problem;
}

INSTANTIATE_TEST_SUITE_P(Faces, CalibrationHold, ::testing::ValuesIn(test_face_names()),
                         face_test_name);

}  // namespace
}  // namespace midline::testing
