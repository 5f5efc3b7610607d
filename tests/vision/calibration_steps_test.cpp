// Calibration's steps on made-up frames (no picture): when it asks a patient to turn toward
// the screen, and what the step back to rest accepts. The whole flow on rendered heads is in
// head_accuracy_test (HeadRestingTurned) and track_command_test.

#include "vision/calibration.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>

namespace midline {
namespace {

const CameraIntrinsics kCamera = CameraIntrinsics::for_image(640, 480, kDefaultFocalOverWidth);

TrackedFrame no_face(double time_s) {
  TrackedFrame f;
  f.sample.time_s = time_s;
  return f;
}

TEST(CalibrationSteps, AFaceUnseenForThreeSecondsIsAskedToTurnTowardTheScreen) {
  Calibration calibration;
  double t = 0.0;
  for (; t < 2.9; t += 1.0 / 30) calibration.add(no_face(t), std::nullopt, cv::Mat(), kCamera);
  EXPECT_FALSE(calibration.fitted_toward_screen()) << "asked too soon";
  EXPECT_EQ(calibration.instruction().find("cannot see"), std::string::npos);
  for (; t < 3.1; t += 1.0 / 30) calibration.add(no_face(t), std::nullopt, cv::Mat(), kCamera);
  EXPECT_TRUE(calibration.fitted_toward_screen());
  EXPECT_NE(calibration.instruction().find("toward the screen"), std::string::npos)
      << calibration.instruction();
  EXPECT_EQ(calibration.step(), Calibration::Step::hold);
  EXPECT_FALSE(calibration.take_profile_to_follow()) << "nothing is fitted before the hold";
  EXPECT_FALSE(calibration.complete()) << "the patient is waited for, not refused";
}

// The head `rotation_deg` from facing the camera, 60 cm away.
HeadPose turned(double rotation_deg) {
  HeadPose p;
  p.orientation = rotation_matrix({rotation_deg, 0, 0});
  p.position_mm = {0, 0, 600};
  return p;
}

// A frame where the generic face is seen exactly, or (`followed`) followed as a head with a
// profile at `quality`; as the tracker gives it, the generic face's angles are not trusted.
struct Frame {
  TrackedFrame tracked;
  std::optional<Tracker::RawFit> fit;
};
Frame face_at(double time_s, const HeadPose& pose, double quality = 1.0, bool followed = false) {
  Frame f;
  f.tracked.sample.time_s = time_s;
  f.tracked.sample.clarity = quality;
  f.tracked.sample.quality = angles_quality(quality, followed);
  f.tracked.sample.calibrated = followed;
  f.tracked.sample.face.emplace().pose = pose;
  f.tracked.followed_as_head = followed;
  Landmarks seen;
  for (int i = 0; i < kLandmarkCount; ++i) {
    const cv::Point2d p = project(kCamera, pose, generic_face_model()[i]);
    seen[i] = cv::Point2f(static_cast<float>(p.x), static_cast<float>(p.y));
  }
  if (!followed) f.fit = Tracker::RawFit{seen, pose};
  return f;
}

// Unseen at rest for 4 s, then seen turned 10° through the hold and the look around: the
// calibration is then in its step `follow`, and `t` is its time.
void turn_toward_the_screen(Calibration& calibration, double& t) {
  for (; t < 4.0; t += 1.0 / 30) calibration.add(no_face(t), std::nullopt, cv::Mat(), kCamera);
  while (calibration.step() == Calibration::Step::hold ||
         calibration.step() == Calibration::Step::look_around) {
    const Frame f = face_at(t, turned(10));
    calibration.add(f.tracked, f.fit, cv::Mat(), kCamera);
    t += 1.0 / 30;
    ASSERT_LT(t, 30.0) << "the hold and the look around did not end";
  }
  ASSERT_EQ(calibration.step(), Calibration::Step::follow) << calibration.instruction();
}

// Seen resting turned 30° (past CalibrationParams::turned_rest_past_deg), the patient is asked
// to turn toward the screen, and the face is fitted there; then the head is followed back.
TEST(CalibrationSteps, AFaceSeenRestingTurnedFarIsAskedToTurnTowardTheScreen) {
  Calibration calibration;
  double t = 0.0;
  auto add = [&](double rotation_deg) {
    const Frame f = face_at(t, turned(rotation_deg));
    calibration.add(f.tracked, f.fit, cv::Mat(), kCamera);
    t += 1.0 / 30;
  };
  while (t < 0.4) add(30);
  EXPECT_FALSE(calibration.fitted_toward_screen()) << "asked before the head settled";
  while (t < 0.7) add(30);
  ASSERT_TRUE(calibration.fitted_toward_screen());
  EXPECT_NE(calibration.instruction().find("rests turned"), std::string::npos)
      << calibration.instruction();
  // Turned toward the screen, held and looked around there: then followed back.
  while (!calibration.complete() && calibration.step() != Calibration::Step::follow && t < 30.0)
    add(5);
  EXPECT_EQ(calibration.step(), Calibration::Step::follow) << calibration.instruction();
  EXPECT_TRUE(calibration.take_profile_to_follow());
}

// A head seen resting turned 30° that turns toward the screen only to 12°, where the model-based
// track never picks it up (it starts nearly square on): it goes back to rest all the same, and
// the rest is read there by its landmarks on the model fitted at 12°.
TEST(CalibrationSteps, AHeadThatCannotTurnNearlySquareOnIsReadBackAtItsRest) {
  const CalibrationParams params;
  Calibration calibration(params);
  double t = 0.0;
  auto add = [&](double rotation_deg, bool calibrated) {
    Frame f = face_at(t, turned(rotation_deg));
    f.tracked.sample.calibrated = calibrated;
    calibration.add(f.tracked, f.fit, cv::Mat(), kCamera);
    t += 1.0 / 30;
  };
  while (t < 0.7) add(30, false);
  ASSERT_TRUE(calibration.fitted_toward_screen());
  while (!calibration.complete() && calibration.step() != Calibration::Step::follow && t < 30.0)
    add(calibration.step() == Calibration::Step::look_around ? 12 + 8 * std::sin(2 * t) : 12,
        false);
  ASSERT_EQ(calibration.step(), Calibration::Step::follow) << calibration.instruction();
  ASSERT_TRUE(calibration.take_profile_to_follow());
  // Seen by the landmarks only, on the model fitted: still at 12°, then back at 30°.
  const double follow_start = t;
  while (t < follow_start + params.seen_rest_unfollowed_after_s - 0.1) add(12, true);
  EXPECT_EQ(calibration.step(), Calibration::Step::follow) << "gone back before being asked";
  for (double start = t; t < start + 15.0 && !calibration.complete();)
    add(t - start < 1.0 ? 12 + 18 * (t - start) : 30, true);
  ASSERT_TRUE(calibration.complete()) << calibration.instruction();
  const Calibration::Result result = calibration.finish(kDefaultFocalOverWidth);
  ASSERT_TRUE(result.profile) << result.problem;
  EXPECT_NEAR(head_angles(result.profile->neutral.pose.orientation).rotation_deg, 30.0, 0.5);
}

// A head that stays turned far when asked (turning further may not be comfortable) is held
// where it rests after a while, and the rest is fitted there, as before.
TEST(CalibrationSteps, AHeadThatStaysTurnedFarIsHeldWhereItRests) {
  const CalibrationParams params;
  Calibration calibration(params);
  double t = 0.0;
  while (calibration.step() == Calibration::Step::hold && calibration.progress() == 0.0 &&
         t < 30.0) {
    const Frame f = face_at(t, turned(30));
    calibration.add(f.tracked, f.fit, cv::Mat(), kCamera);
    t += 1.0 / 30;
  }
  EXPECT_GE(t, params.turned_rest_held_there_after_s) << "held before the patient could turn";
  EXPECT_LT(t, params.turned_rest_held_there_after_s + 3.0) << "never held";
  EXPECT_FALSE(calibration.fitted_toward_screen()) << "the hold is at the rest";
  EXPECT_EQ(calibration.instruction().find("rests turned"), std::string::npos)
      << calibration.instruction();
  for (double start = t; !calibration.complete() && t < start + 20.0; t += 1.0 / 30) {
    const Frame f = face_at(t, turned(30 + 10 * std::sin(t)));
    calibration.add(f.tracked, f.fit, cv::Mat(), kCamera);
  }
  EXPECT_TRUE(calibration.complete()) << "no step back to rest: " << calibration.instruction();
}

TEST(CalibrationSteps, TheHeadFollowedBackAndStillThereIsTheRestingPosture) {
  for (const double quality : {0.9, 0.3}) {
    Calibration calibration;
    double t = 0.0;
    turn_toward_the_screen(calibration, t);
    const std::optional<NeutralProfile> following = calibration.take_profile_to_follow();
    ASSERT_TRUE(following) << "the profile to follow the head with";
    EXPECT_FALSE(calibration.take_profile_to_follow()) << "given once";
    // Followed where it was held, then on the way back, then still at 60°.
    for (double start = t; t < start + 20.0 && !calibration.complete(); t += 1.0 / 30) {
      const double rotation = 10.0 + 50.0 * std::clamp((t - start - 1.0) / 2.0, 0.0, 1.0);
      const Frame f = face_at(t, turned(rotation), rotation > 35 ? quality : 1.0, true);
      calibration.add(f.tracked, f.fit, cv::Mat(), kCamera);
    }
    const Calibration::Result result = calibration.finish(kDefaultFocalOverWidth);
    ASSERT_TRUE(result.profile) << result.problem;
    EXPECT_NEAR(head_angles(result.profile->neutral.pose.orientation).rotation_deg, 60.0, 0.1);
    EXPECT_EQ(result.profile->model, following->model) << "the model followed with is kept";
    EXPECT_EQ(result.profile->resting_posture_rough, quality < kTrustedQuality)
        << "a rest held at quality " << quality;
  }
}

TEST(CalibrationSteps, AHeadThatCannotBePickedUpIsAskedToTurnFurtherThenRefusedWithTheReason) {
  Calibration calibration;
  double t = 0.0;
  turn_toward_the_screen(calibration, t);
  ASSERT_TRUE(calibration.take_profile_to_follow());
  const std::string first = calibration.instruction();
  // Seen by the landmarks only (the model-based track starts only nearly square on).
  for (double start = t; t < start + 25.0 && !calibration.complete(); t += 1.0 / 30) {
    const Frame f = face_at(t, turned(10));
    calibration.add(f.tracked, f.fit, cv::Mat(), kCamera);
    if (t - start > 4.0 && t - start < 4.1) {
      EXPECT_NE(calibration.instruction(), first) << "asked to turn a little further";
    }
  }
  ASSERT_TRUE(calibration.complete()) << "it gives up";
  const Calibration::Result result = calibration.finish(kDefaultFocalOverWidth);
  EXPECT_FALSE(result.profile);
  EXPECT_NE(result.problem.find("nearly square on"), std::string::npos) << result.problem;
}

TEST(CalibrationSteps, AHeadLostOnTheWayBackIsRefusedWithTheReason) {
  Calibration calibration;
  double t = 0.0;
  turn_toward_the_screen(calibration, t);
  ASSERT_TRUE(calibration.take_profile_to_follow());
  // Picked up, then lost on the way back.
  for (double start = t; t < start + 25.0 && !calibration.complete(); t += 1.0 / 30) {
    const bool picked_up = t - start < 0.5;
    const Frame f = picked_up ? face_at(t, turned(10), 1.0, true) : Frame{no_face(t), {}};
    calibration.add(f.tracked, f.fit, cv::Mat(), kCamera);
  }
  ASSERT_TRUE(calibration.complete()) << "it gives up";
  const Calibration::Result result = calibration.finish(kDefaultFocalOverWidth);
  EXPECT_FALSE(result.profile);
  EXPECT_NE(result.problem.find("could not follow your head back"), std::string::npos)
      << result.problem;
}

}  // namespace
}  // namespace midline
