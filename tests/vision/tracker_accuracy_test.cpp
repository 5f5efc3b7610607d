// The landmarks' pose against ground truth: a real face photograph rendered as a textured 3D
// face at known rotation, tilt and flexion, with faces whose depth differs from the solver's
// model, under different light, noise, blur and backgrounds. (The whole tracker, with its
// model-based track, is measured on the test heads: head_accuracy_test.cpp.)

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "tracking_fixture.hpp"

namespace midline::testing {
namespace {

struct AxisErrors {
  double sum[3] = {0, 0, 0};
  int count = 0;
  void add(const HeadAngles& truth, const HeadAngles& measured) {
    sum[0] += std::abs(measured.rotation_deg - truth.rotation_deg);
    sum[1] += std::abs(measured.tilt_deg - truth.tilt_deg);
    sum[2] += std::abs(measured.flexion_deg - truth.flexion_deg);
    ++count;
  }
  double mean(int axis) const { return count ? sum[axis] / count : 0.0; }
  // Frames near neutral (within the calibration's look around), how many of them had a look of
  // the calibration's to be compared with (it turns and nods but does not tilt, and a look is
  // compared only at a similar roll), and how many were flagged as a hand on the lower face.
  int near_neutral = 0, untilted_near_neutral = 0, compared_near_neutral = 0,
      flagged_near_neutral = 0;
};

// Scenarios: a face shape and the conditions it is seen in.
struct Scenario {
  FaceShape shape;
  RenderSettings look;
};

std::vector<Scenario> scenarios() {
  std::vector<Scenario> out;
  Scenario a;  // a face shallower than the model, soft light, plain background
  a.shape = {0.85, 2.0, 11};
  a.look.background = 0;
  out.push_back(a);
  Scenario b;  // a deeper face, light from the side, busier background, more noise and blur
  b.shape = {1.2, 3.0, 12};
  b.look.light_direction = {-0.5, -0.2, 0.8};
  b.look.light_strength = 0.35;
  b.look.noise_sigma = 4.0;
  b.look.blur_sigma = 0.9;
  b.look.background = 1;
  b.look.position_mm = {40, -20, 650};
  out.push_back(b);
  Scenario c;  // the model's own depth, bright background, closer to the camera
  c.shape = {1.0, 2.0, 13};
  c.look.background = 2;
  c.look.focal_over_width = 1.0;
  c.look.position_mm = {-30, 10, 520};
  out.push_back(c);
  return out;
}

// The poses of the ranges: each axis alone, then combinations.
std::vector<HeadAngles> test_poses() {
  std::vector<HeadAngles> poses;
  for (double r = -40; r <= 40; r += 10) poses.push_back({r, 0, 0});
  for (double f = -25; f <= 25; f += 12.5) poses.push_back({0, 0, f});
  for (double t = -30; t <= 30; t += 10) poses.push_back({0, t, 0});
  poses.push_back({25, 10, 10});
  poses.push_back({-20, -15, -12});
  poses.push_back({30, -10, 15});
  poses.push_back({-35, 20, 8});
  return poses;
}

// Where a patient touches the chin or cheek: sensory tricks work best near neutral.
std::vector<HeadAngles> sensory_trick_poses() {
  std::vector<HeadAngles> poses;
  for (double r = -30; r <= 30; r += 10) poses.push_back({r, 0, 0});
  for (double t : {-20.0, -10.0, 10.0, 20.0}) poses.push_back({0, t, 0});
  for (double f : {-10.0, 10.0}) poses.push_back({0, 0, f});
  poses.push_back({10, 5, 5});
  poses.push_back({-10, -5, -5});
  return poses;
}

// Moves the head from pose to pose as a patient would (a third of a second to get there,
// then held) and measures the raw angles during the last part of each hold.
AxisErrors measure(const Scenario& s, bool hand_over_chin, double* worst_confident_error,
                   int* confident_frames) {
  const Photo& photo = *astronaut();
  FaceRenderer renderer(photo.image, photo.landmarks, s.shape);
  Tracker tracker(shared_fitter(), landmarks_only());
  double t = 0;
  tracker.set_profile(calibrate(tracker, renderer, s.look, t));

  AxisErrors errors;
  HeadAngles from{};
  RenderSettings look = s.look;
  look.hand_over_chin = hand_over_chin;
  for (const HeadAngles& to : hand_over_chin ? sensory_trick_poses() : test_poses()) {
    // With a hand on the chin the head is held longer, and what the game would show (the
    // smoothed angles) is judged once it has settled.
    const int frames = hand_over_chin ? 30 : 18;
    for (int i = 0; i < frames; ++i) {
      const double k = std::min(1.0, (i + 1) / 10.0);
      look.angles = {from.rotation_deg + k * (to.rotation_deg - from.rotation_deg),
                     from.tilt_deg + k * (to.tilt_deg - from.tilt_deg),
                     from.flexion_deg + k * (to.flexion_deg - from.flexion_deg)};
      look.noise_seed += 1;
      const TrackedFrame f = tracker.process(renderer.render(look), t);
      t += 1.0 / 30.0;
      if (i < frames - 6) continue;  // still moving, or just arrived
      if (std::abs(to.rotation_deg) <= 10 && std::abs(to.flexion_deg) <= 10 &&
          std::abs(to.tilt_deg) <= 20) {
        ++errors.near_neutral;
        errors.untilted_near_neutral += std::abs(to.tilt_deg) <= 5;
        errors.compared_near_neutral += f.lower_face_change.has_value();
        errors.flagged_near_neutral += f.sample.face && f.sample.face->lower_face_covered;
      }
      if (std::getenv("MIDLINE_VERBOSE") && i == frames - 1) {
        const FaceMeasurement seen = f.sample.face.value_or(FaceMeasurement{});
        std::printf("  truth %6.1f %6.1f %6.1f  found %d q %.2f raw %6.1f %6.1f %6.1f covered %d misfit %.3f change %.3f\n",
                    to.rotation_deg, to.tilt_deg, to.flexion_deg, f.sample.face.has_value(),
                    f.sample.quality, seen.raw_angles.rotation_deg, seen.raw_angles.tilt_deg,
                    seen.raw_angles.flexion_deg, seen.lower_face_covered, f.lower_face_misfit,
                    f.lower_face_change.value_or(-1));
      }
      if (!hand_over_chin) {
        EXPECT_TRUE(f.sample.face) << "lost at " << to.rotation_deg << "/" << to.tilt_deg
                                   << "/" << to.flexion_deg;
        if (f.sample.face) errors.add(to, f.sample.face->raw_angles);
        continue;
      }
      if (!f.sample.trusted()) continue;
      const HeadAngles& m = f.sample.face->angles;
      const double worst = std::max({std::abs(m.rotation_deg - to.rotation_deg),
                                     std::abs(m.tilt_deg - to.tilt_deg),
                                     std::abs(m.flexion_deg - to.flexion_deg)});
      if (worst > *worst_confident_error && std::getenv("MIDLINE_VERBOSE"))
        std::printf("  worst so far at %.0f/%.0f/%.0f: %.1f/%.1f/%.1f q %.2f\n", to.rotation_deg,
                    to.tilt_deg, to.flexion_deg, m.rotation_deg, m.tilt_deg, m.flexion_deg,
                    f.sample.quality);
      *worst_confident_error = std::max(*worst_confident_error, worst);
      ++*confident_frames;
      errors.add(to, m);
    }
    from = to;
  }
  return errors;
}

TEST(TrackerAccuracy, MeanErrorPerAxisIsUnderThreeDegrees) {
  MIDLINE_REQUIRE_PHOTO();
  for (const Scenario& s : scenarios()) {
    const AxisErrors e = measure(s, false, nullptr, nullptr);
    std::printf("accuracy: depth x%.2f, focal %.2f: mean abs error rotation %.2f, tilt %.2f, "
                "flexion %.2f deg over %d frames\n",
                s.shape.depth_scale, s.look.focal_over_width, e.mean(0), e.mean(1), e.mean(2),
                e.count);
    EXPECT_EQ(e.count, static_cast<int>(test_poses().size()) * 6);  // found in every frame
    EXPECT_LE(e.flagged_near_neutral, e.near_neutral / 20) << "a hand seen where there is none";
    EXPECT_LT(e.mean(0), 3.0) << "rotation";
    EXPECT_LT(e.mean(1), 3.0) << "tilt";
    EXPECT_LT(e.mean(2), 3.0) << "flexion";
  }
}

TEST(TrackerAccuracy, AHandOnTheChinIsNeverBothWrongAndConfident) {
  MIDLINE_REQUIRE_PHOTO();
  for (const Scenario& s : scenarios()) {
    double worst = 0.0;
    int confident = 0;
    const AxisErrors e = measure(s, true, &worst, &confident);
    std::printf("hand on chin: depth x%.2f: %d confident frames, worst confident error %.2f deg, "
                "mean %.2f/%.2f/%.2f\n",
                s.shape.depth_scale, confident, worst, e.mean(0), e.mean(1), e.mean(2));
    EXPECT_LT(worst, 5.0);
    std::printf(
        "hand on chin: flagged in %d of the %d frames near neutral with a look to compare "
        "with (of %d)\n",
        e.flagged_near_neutral, e.compared_near_neutral, e.near_neutral);
    // Tilted 10 or 20 deg, no look compares (a hand there goes unseen: README, "A hand on the
    // face"); untilted, the pose key misses some turns of 10 deg too.
    EXPECT_GE(e.compared_near_neutral, e.untilted_near_neutral / 2)
        << "most frames have no verdict";
    EXPECT_GE(e.flagged_near_neutral, e.compared_near_neutral * 7 / 10)
        << "the hand went unnoticed";
    EXPECT_GT(confident, 45) << "the tracker should still trust most frames of a sensory trick";
  }
}

}  // namespace
}  // namespace midline::testing
