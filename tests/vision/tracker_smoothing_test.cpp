// Smoothing, measured on the rendered face with sensor noise: a still head must read
// steady, and a moving one must not lag.

#include <cmath>
#include <cstdio>

#include "tracking_fixture.hpp"

namespace midline::testing {
namespace {

struct Calibrated {
  FaceRenderer renderer;
  Tracker tracker;
  RenderSettings look;
  double t = 0;
};

std::unique_ptr<Calibrated> calibrated(double noise_sigma, TrackerParams params = {}) {
  const Photo& photo = *astronaut();
  auto c = std::unique_ptr<Calibrated>(new Calibrated{
      FaceRenderer(photo.image, photo.landmarks, {1.0, 2.0, 31}), Tracker(shared_fitter(), params),
      {}, 0});
  c->look.noise_sigma = noise_sigma;
  c->tracker.set_profile(calibrate(c->tracker, c->renderer, c->look, c->t));
  return c;
}

HeadSample step(Calibrated& c, HeadAngles truth) {
  c.look.angles = truth;
  c.look.noise_seed += 1;
  const HeadSample s = c.tracker.process(c.renderer.render(c.look), c.t).sample;
  c.t += 1.0 / 30.0;
  return s;
}

TEST(TrackerSmoothing, AStillHeadJittersLessThanAThirdOfADegree) {
  MIDLINE_REQUIRE_PHOTO();
  auto c = calibrated(4.0);
  const HeadAngles still{8, -4, 5};
  for (int i = 0; i < 30; ++i) step(*c, still);  // settle
  std::vector<HeadSample> samples;
  for (int i = 0; i < 150; ++i) samples.push_back(step(*c, still));
  double mean[3] = {0, 0, 0}, rms[3] = {0, 0, 0}, raw_rms[3] = {0, 0, 0}, raw_mean[3] = {0, 0, 0};
  const double count = static_cast<double>(samples.size());
  auto axes = [](const HeadAngles& a) {
    return std::array<double, 3>{a.rotation_deg, a.tilt_deg, a.flexion_deg};
  };
  for (const auto& s : samples)
    for (int k = 0; k < 3; ++k) {
      mean[k] += axes(s.face.value().angles)[k] / count;
      raw_mean[k] += axes(s.face.value().raw_angles)[k] / count;
    }
  for (const auto& s : samples)
    for (int k = 0; k < 3; ++k) {
      rms[k] += std::pow(axes(s.face.value().angles)[k] - mean[k], 2) / count;
      raw_rms[k] += std::pow(axes(s.face.value().raw_angles)[k] - raw_mean[k], 2) / count;
    }
  std::printf("jitter of a still head (RMS, deg): smoothed %.3f %.3f %.3f, raw %.3f %.3f %.3f\n",
              std::sqrt(rms[0]), std::sqrt(rms[1]), std::sqrt(rms[2]), std::sqrt(raw_rms[0]),
              std::sqrt(raw_rms[1]), std::sqrt(raw_rms[2]));
  for (int k = 0; k < 3; ++k) {
    EXPECT_LT(std::sqrt(rms[k]), 0.3) << "axis " << k;
    EXPECT_GT(std::sqrt(raw_rms[k]), std::sqrt(rms[k])) << "smoothing should reduce jitter";
  }
}

TEST(TrackerSmoothing, A20DegreePerSecondTurnLagsLessThan100Milliseconds) {
  MIDLINE_REQUIRE_PHOTO();
  auto c = calibrated(4.0);
  const double speed = 20.0;  // degrees per second
  for (int i = 0; i < 30; ++i) step(*c, {-20, 0, 0});
  double lag_sum = 0;
  int n = 0;
  for (int i = 0; i <= 60; ++i) {  // -20 to +20 degrees in 2 s
    const HeadSample s = step(*c, {-20 + speed * i / 30.0, 0, 0});
    if (i < 20 || i > 55) continue;  // the filter's start-up and the end of the ramp
    // The raw angle has no lag: the smoothed one's shortfall behind it, over the speed.
    lag_sum += (s.face.value().raw_angles.rotation_deg - s.face.value().angles.rotation_deg) / speed;
    ++n;
  }
  const double lag_s = lag_sum / n;
  std::printf("smoothing lag at %.0f deg/s: %.0f ms\n", speed, lag_s * 1000);
  EXPECT_LT(lag_s, 0.1);
  EXPECT_GT(lag_s, -0.05);  // it should not run ahead either
}

}  // namespace
}  // namespace midline::testing

namespace midline::testing {
namespace {

TEST(TrackerMotion, HeadShiftsAreMeasuredInMillimetres) {
  MIDLINE_REQUIRE_PHOTO();
  auto c = calibrated(3.0);
  const glm::dvec3 neutral_position = c->look.position_mm;
  HeadSample s;
  c->look.position_mm = neutral_position + glm::dvec3(30, 0, 0);  // toward the image's right
  for (int i = 0; i < 45; ++i) s = step(*c, {});
  EXPECT_NEAR(s.face.value().lateral_shift_mm, 30.0, 8.0);
  EXPECT_NEAR(s.face.value().forward_shift_mm, 0.0, 15.0);
  c->look.position_mm = neutral_position + glm::dvec3(0, 0, -60);  // toward the camera
  for (int i = 0; i < 45; ++i) s = step(*c, {});
  EXPECT_NEAR(s.face.value().lateral_shift_mm, 0.0, 8.0);
  EXPECT_NEAR(s.face.value().forward_shift_mm, 60.0, 15.0);
  EXPECT_NEAR(s.face.value().angles.rotation_deg, 0.0, 3.0);  // a shift is not a turn
}

// The landmarks' tremor; the whole tracker's is measured on the test heads (head_tremor_test).
TEST(TrackerMotion, TheLandmarksFindAHeadTremorInTheVideo) {
  MIDLINE_REQUIRE_PHOTO();
  auto c = calibrated(3.0, landmarks_only());
  HeadSample s;
  for (int i = 0; i < 150; ++i)  // 5 s of a 4 Hz, 1.5 degree tremor in flexion
    s = step(*c, {0, 0, 1.5 * std::sin(2 * 3.14159265 * 4.0 * i / 30.0)});
  ASSERT_TRUE(s.tremor.present);
  EXPECT_NEAR(s.tremor.frequency_hz, 4.0, 0.3);
  EXPECT_EQ(s.tremor.axis, Axis::flexion);
  EXPECT_NEAR(s.tremor.amplitude_deg, 1.5, 0.6);
  for (int i = 0; i < 150; ++i) s = step(*c, {});  // and none once the head is still
  EXPECT_FALSE(s.tremor.present) << s.tremor.frequency_hz << " Hz, " << s.tremor.amplitude_deg;
}

}  // namespace
}  // namespace midline::testing
