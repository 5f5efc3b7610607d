// How evenly the face is lit (vision/setup_check.hpp: measure_face_light), on the test heads
// as the camera check sees them (the 320-pixel preview, the tracker's face box): each head is
// lit by its own light, from the front (voc_a) or from one side (the other four), and a light
// from one side is the largest cause of misread turns the accuracy tests measure.

#include <cmath>
#include <cstdio>
#include <opencv2/imgproc.hpp>

#include "head_material.hpp"
#include "vision/setup_check.hpp"

namespace midline::testing {
namespace {

class FaceLightOnHeads : public ::testing::TestWithParam<std::string> {};

TEST_P(FaceLightOnHeads, ASideLightIsToldWithItsSideAndAFrontLightIsNot) {
  const std::string name = GetParam();
  MIDLINE_HEAD_SESSION(s, name);
  // The renderer's key light travels along `direction` (camera frame, x toward image right):
  // from one side where it crosses the face more than it comes at it.
  const glm::dvec3 toward = s.face.light.direction;
  const bool from_one_side = std::abs(toward.x) >= 0.5 * glm::length(toward);
  const int lit_side = toward.x < 0.0 ? +1 : -1;  // from image right: the patient's left
  for (const double turn : {0.0, -10.0, 10.0}) {
    const HeadAngles pose{turn, 0, 0};
    for (int i = 0; i < 6; ++i) s.step(pose);  // followed, its box settled
    const cv::Mat picture = s.film(pose);
    const TrackedFrame f = s.tracker.process(picture, s.time_s, s.frame);
    s.time_s += 1.0 / HeadSession::kFps;
    ASSERT_TRUE(f.face_box) << name << ": no face at a turn of " << turn;
    constexpr double kPreviewScale = 0.5;  // the camera check's preview is 320 pixels wide
    cv::Mat gray, preview;
    cv::cvtColor(picture, gray, cv::COLOR_BGR2GRAY);
    cv::resize(gray, preview, {}, kPreviewScale, kPreviewScale, cv::INTER_AREA);
    const cv::Rect2d box(f.face_box->x * kPreviewScale, f.face_box->y * kPreviewScale,
                         f.face_box->width * kPreviewScale, f.face_box->height * kPreviewScale);
    const std::optional<FaceLight> light = measure_face_light(preview, box);
    ASSERT_TRUE(light) << name << ": the light not measured at a turn of " << turn;
    std::printf("%s turned %+.0f: balance %.2f, brighter on the patient's %s (lit from %s)\n",
                name.c_str(), turn, light->balance, light->brighter_side > 0 ? "left" : "right",
                from_one_side ? (lit_side > 0 ? "their left" : "their right") : "the front");
    if (from_one_side) {
      EXPECT_LT(light->balance, kSideLitBalance)
          << name << ": a side light not told, turned " << turn;
      EXPECT_EQ(light->brighter_side, lit_side) << name << ": the light's side, turned " << turn;
    } else {
      EXPECT_GE(light->balance, kSideLitBalance) << name << ": a front light taken for a side one";
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Faces, FaceLightOnHeads, ::testing::ValuesIn(test_face_names()),
                         face_test_name);

}  // namespace
}  // namespace midline::testing
