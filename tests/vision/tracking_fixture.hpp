#pragma once
// Shared set-up for the tracker tests that use the rendered astronaut face.

#include <gtest/gtest.h>

#include <memory>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "support/face_renderer.hpp"
#include "vision/calibration.hpp"
#include "vision/face_finder.hpp"
#include "vision/landmark_fitter.hpp"
#include "vision/tracker.hpp"

namespace midline::testing {

// Loaded once per test program: the model takes about half a second.
inline std::shared_ptr<const LandmarkFitter> shared_fitter() {
  static auto fitter = std::make_shared<const LandmarkFitter>(MIDLINE_LANDMARK_MODEL);
  return fitter;
}

// The tracker on its landmarks alone, without the model-based track. The rendered face here
// is a sheet shaped by the solver's own face model with the hair painted on it, no skull: it
// tests the landmarks' pose (what the track is anchored to, and all there is before
// calibration), while the track, which places its points on a skull, is measured on the test
// heads (head_material.hpp), where a flat sheet would not mislead it.
inline TrackerParams landmarks_only() {
  TrackerParams params;
  params.follow_head_model = false;
  return params;
}

// The astronaut photo scaled up 2x (a sharper texture), with its landmarks.
struct Photo {
  cv::Mat image;
  Landmarks landmarks;
};
inline const Photo* astronaut() {
  static const std::optional<Photo> photo = []() -> std::optional<Photo> {
    const std::string path = FaceRenderer::photo_path();
    if (path.empty()) return std::nullopt;
    Photo p;
    cv::resize(cv::imread(path), p.image, {}, 2.0, 2.0, cv::INTER_CUBIC);
    cv::Mat gray;
    cv::cvtColor(p.image, gray, cv::COLOR_BGR2GRAY);
    const auto face = FaceFinder().find(gray);
    if (!face) return std::nullopt;
    p.landmarks = shared_fitter()->fit(gray, face->box);
    return p;
  }();
  return photo ? &*photo : nullptr;
}

#define MIDLINE_REQUIRE_PHOTO()                                              \
  if (!::midline::testing::astronaut()) {                                    \
    GTEST_SKIP() << ::midline::testing::FaceRenderer::missing_photo_message(); \
  }

// Calibrates `tracker` as a patient would: a still hold at neutral (with a little sway), then
// a gentle look around (+-15 degrees of rotation, +-8 of flexion).
inline NeutralProfile calibrate(Tracker& tracker, const FaceRenderer& renderer,
                                RenderSettings settings, double& time_s) {
  tracker.set_profile(std::nullopt);
  Calibration calibration;
  cv::Mat frame;
  const double start_s = time_s;
  while (!calibration.complete()) {
    const double t = time_s - start_s;
    const double pi = 3.14159265358979;
    settings.angles = {0.3 * std::sin(2 * pi * 0.7 * t), 0.2 * std::sin(2 * pi * 0.5 * t), 0};
    if (calibration.step() == Calibration::Step::look_around)
      settings.angles = {15.0 * std::sin(2 * pi * t / 3.0), 0.0, 8.0 * std::sin(2 * pi * t / 2.0)};
    settings.noise_seed += 1;
    frame = renderer.render(settings);
    const TrackedFrame tracked = tracker.process(frame, time_s);
    calibration.add(tracked, tracker.last_fit(), frame, tracker.camera_for(frame));
    if (auto following = calibration.take_profile_to_follow()) tracker.set_profile(*following);
    time_s += 1.0 / 30.0;
  }
  const auto result = calibration.finish(kDefaultFocalOverWidth);
  EXPECT_TRUE(result.profile) << result.problem;
  return result.profile.value_or(NeutralProfile{});
}

}  // namespace midline::testing
