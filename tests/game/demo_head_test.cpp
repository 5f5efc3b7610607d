#include "app/demo_head.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace midline {
namespace {

void run(DemoHead& head, double seconds) {
  for (int i = 0; i < static_cast<int>(seconds * 60.0 + 0.5); ++i) head.advance(1.0 / 60.0);
}

TEST(DemoHead, IsLabelledAsADemoAndHasNoCameraPicture) {
  DemoHead head;
  EXPECT_TRUE(head.is_demo());
  EXPECT_EQ(head.preview(), nullptr);
  EXPECT_FALSE(head.latest());  // nothing before the first frame
  run(head, 0.1);
  ASSERT_TRUE(head.latest());
  EXPECT_TRUE(head.latest()->seen_clearly());
  EXPECT_FALSE(head.latest()->trusted()) << "no angle is trusted before calibration, as a tracker";
}

TEST(DemoHead, PublishesThirtySamplesASecondWhateverTheFrameRate) {
  DemoHead head;
  for (int i = 0; i < 144; ++i) head.advance(1.0 / 144.0);
  ASSERT_TRUE(head.latest());
  EXPECT_NEAR(static_cast<double>(head.latest()->frame_index), 29, 1);
}

TEST(DemoHead, CalibrationMeasuresTheRestingPostureAndTheAnglesStayFromTheBodyMidline) {
  DemoHead head;
  head.set_autoplay(true);  // wobble and tremor: a still hold is still accepted
  head.set_resting_posture({-25.0, 8.0, 0.0});  // resting 25 deg to the patient's right
  run(head, 3.0);
  EXPECT_NEAR(head.latest()->face->angles.rotation_deg, -25.0, 2.0);
  EXPECT_FALSE(head.latest()->calibrated);
  head.begin_calibration();
  EXPECT_EQ(head.calibration().state, CalibrationStatus::State::holding);
  run(head, 3.5);
  ASSERT_EQ(head.calibration().state, CalibrationStatus::State::accepted)
      << head.calibration().message;
  ASSERT_TRUE(head.calibration().resting_posture);
  EXPECT_NEAR(head.calibration().resting_posture->rotation_deg, -25.0, 1.5);
  EXPECT_NEAR(head.calibration().resting_posture->tilt_deg, 8.0, 1.5);
  run(head, 0.5);
  const HeadSample s = *head.latest();
  EXPECT_TRUE(s.calibrated);
  EXPECT_TRUE(s.trusted());
  ASSERT_TRUE(s.face);
  // Still 25 deg right of the body midline: calibration never makes the resting posture 0.
  EXPECT_NEAR(s.face->angles.rotation_deg, -25.0, 2.0);
  EXPECT_NEAR(s.face->angles.tilt_deg, 8.0, 2.0);
}

TEST(DemoHead, AFlexionZeroPitchesTheFaceButNotTheAnglesFromTheBodyMidline) {
  DemoHead head;
  head.set_flexion_zero(6.0);
  head.steer_to({0.0, 0.0, 10.0});
  run(head, 2.0);
  const FaceMeasurement face = head.latest()->face.value();
  EXPECT_NEAR(face.angles.flexion_deg, 10.0, 0.5);
  EXPECT_NEAR(head_angles(face.pose.orientation).flexion_deg, 16.0, 0.5);
}

TEST(DemoHead, AutoplayHoldsStillEnoughForCalibrationAtAnyMomentOfItsWobble) {
  for (double wait_s = 0.0; wait_s < 9.0; wait_s += 0.75) {
    DemoHead head;
    head.set_autoplay(true);
    run(head, wait_s);
    head.begin_calibration();
    run(head, 3.5);
    EXPECT_EQ(head.calibration().state, CalibrationStatus::State::accepted)
        << "after " << wait_s << " s: " << head.calibration().message;
  }
}

TEST(DemoHead, RejectsACalibrationWhenTheHeadMovesAndSaysWhy) {
  DemoHead head;
  run(head, 0.5);
  head.begin_calibration();
  for (int i = 0; i < 240; ++i) {
    head.steer_to({i * 0.1, 0.0, 0.0});  // turning steadily through the hold
    head.advance(1.0 / 60.0);
  }
  ASSERT_EQ(head.calibration().state, CalibrationStatus::State::rejected);
  EXPECT_NE(head.calibration().message.find("moved"), std::string::npos)
      << head.calibration().message;
}

TEST(DemoHead, AutoplayFollowsAGoalWithAHumanLag) {
  DemoHead head;
  head.set_autoplay(true);
  head.begin_calibration();
  run(head, 3.5);
  ASSERT_EQ(head.calibration().state, CalibrationStatus::State::accepted);
  head.autoplay_toward(HeadAngles{20.0, 0.0, 0.0});
  run(head, 0.2);
  const double early = head.latest()->face->angles.rotation_deg;
  EXPECT_GT(early, 2.0);
  EXPECT_LT(early, 12.0);  // not there yet
  run(head, 3.0);
  const FaceMeasurement face = head.latest()->face.value();
  EXPECT_NEAR(face.angles.rotation_deg, 20.0, 2.0);
  // The raw signal carries the tremor (in rotation and flexion: one may cross zero just then).
  EXPECT_GT(std::abs(face.raw_angles.rotation_deg - face.angles.rotation_deg) +
                std::abs(face.raw_angles.flexion_deg - face.angles.flexion_deg),
            0.01);
}

TEST(DemoHead, LeavingTheViewLosesTheFace) {
  DemoHead head;
  run(head, 0.2);
  head.set_face_visible(false);
  run(head, 0.2);
  EXPECT_FALSE(head.latest()->face);  // no angles to read, not the last ones seen
  EXPECT_FALSE(head.latest()->seen_clearly());
  head.set_face_visible(true);
  run(head, 0.2);
  EXPECT_TRUE(head.latest()->seen_clearly());
}

}  // namespace
}  // namespace midline
