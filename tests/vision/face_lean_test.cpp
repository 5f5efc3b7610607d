// The face's lean in the picture from its mirror symmetry (vision/face_symmetry.hpp), on the
// test heads, against the lean of the renderer's own eye corners: where calibration sets the
// fitted model's lean from. Held still at each pose (as in calibration's hold), at the poses
// the hold measures it in: turned up to 6°, nodding, tilted.

#include <cmath>
#include <cstdio>
#include <opencv2/imgproc.hpp>

#include "head_material.hpp"
#include "vision/face_symmetry.hpp"

namespace midline::testing {
namespace {

// How far the lean may be from the eye corners' (degrees), on every face and at every pose.
// The 68-point fit's own eye line is up to 9 degrees off on voc_c (glasses, side light).
constexpr double kLeanWithinDeg = 2.0;

double eye_line_deg(const Landmarks& l) {
  const cv::Point2f left = 0.5f * (l[36] + l[39]), right = 0.5f * (l[42] + l[45]);
  return std::atan2(right.y - left.y, right.x - left.x) * 180.0 / CV_PI;
}

class FaceLean : public ::testing::TestWithParam<std::string> {};

TEST_P(FaceLean, ReadFromTheFacesSymmetryWhereTheFitIsLopsided) {
  const std::string name = GetParam();
  MIDLINE_HEAD_SESSION(s, name);
  double worst = 0.0, worst_fit = 0.0;
  for (const HeadAngles& pose :
       {HeadAngles{0, 0, 0}, HeadAngles{0, 10, 0}, HeadAngles{0, -10, 0}, HeadAngles{6, 0, 0},
        HeadAngles{-6, 5, 0}, HeadAngles{0, 0, 15}, HeadAngles{0, -5, -15}}) {
    for (int i = 0; i < 5; ++i) s.step(pose);  // held: the landmarks settle
    const cv::Mat picture = s.film(pose);
    s.tracker.process(picture, s.time_s, s.frame);
    s.time_s += 1.0 / HeadSession::kFps;
    ASSERT_TRUE(s.tracker.last_fit()) << name << ": no landmarks at " << pose.rotation_deg << "/"
                                      << pose.tilt_deg << "/" << pose.flexion_deg;
    cv::Mat gray;
    cv::cvtColor(picture, gray, cv::COLOR_BGR2GRAY);
    const double truth = eye_line_deg(s.renderer.landmarks_seen(pose));
    const std::optional<double> lean = face_lean_in_picture(gray, s.tracker.last_fit()->landmarks);
    ASSERT_TRUE(lean) << name << ": no lean read at " << pose.rotation_deg << "/" << pose.tilt_deg
                      << "/" << pose.flexion_deg;
    const double error = *lean - truth;
    const double fit_error = eye_line_deg(s.tracker.last_fit()->landmarks) - truth;
    std::printf(
        "%s at %.0f/%.0f/%.0f: lean from symmetry %+.2f deg off, the fit's eye line "
        "%+.2f\n",
        name.c_str(), pose.rotation_deg, pose.tilt_deg, pose.flexion_deg, error, fit_error);
    worst = std::max(worst, std::abs(error));
    worst_fit = std::max(worst_fit, std::abs(fit_error));
    EXPECT_LE(std::abs(error), kLeanWithinDeg)
        << name << ": the lean read from symmetry is off at " << pose.rotation_deg << "/"
        << pose.tilt_deg << "/" << pose.flexion_deg;
  }
  std::printf("%s: worst lean from symmetry %.2f deg off; the fit's eye line %.2f\n", name.c_str(),
              worst, worst_fit);
}

// A head resting turned 15 degrees (mild torticollis) is not seen square on during the hold;
// the look around (±15 degrees about the rest) passes near facing the camera, and the face's
// lean is read there. Calibrated so, the head turned to face the camera squarely reads no tilt.
TEST_P(FaceLean, ReadDuringTheLookAroundOfAHeadRestingTurned) {
  const std::string name = GetParam();
  MIDLINE_HEAD_SESSION(s, name);
  const Calibration::Result calibrated = s.calibrate({15, 0, 0});
  ASSERT_TRUE(calibrated.profile) << name << ": " << calibrated.problem;
  HeadAngles head{15, 0, 0};
  for (int i = 0; i < 15; ++i) s.step(head = HeadSession::toward(head, {}, 1.0));
  double tilt = 0.0;
  int frames = 0;
  for (int i = 0; i < 40; ++i) {
    const TrackedFrame f = s.step({});
    if (i < 10 || !f.sample.face) continue;  // settled first
    tilt += head_angles(f.sample.face->pose.orientation).tilt_deg;
    ++frames;
  }
  ASSERT_GT(frames, 20) << name << ": the face facing the camera was lost";
  tilt /= frames;
  std::printf(
      "%s calibrated resting turned 15°: the model leans %.2f deg from the face; facing "
      "the camera reads a tilt of %.2f deg\n",
      name.c_str(), calibrated.profile->model_lean_deg, tilt);
  // voc_c read 8.93 degrees on 2026-12-05, when calibration took the median of its 22
  // measures of the lean (6.9) and set the lean only where half of them lay within 1.5
  // degrees of it (they spread 1.75); 1.33 since it takes the middle of the half that agree
  // (7.6; pose/median.hpp, agreeing_middle).
  EXPECT_LE(std::abs(tilt), kLeanWithinDeg) << name << ": facing the camera squarely reads a tilt";
}

INSTANTIATE_TEST_SUITE_P(Faces, FaceLean, ::testing::ValuesIn(test_face_names()), face_test_name);

}  // namespace
}  // namespace midline::testing
