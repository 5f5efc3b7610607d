// The look around's turns read from the face's texture (vision/look_around_fit.hpp) on the test
// heads, against the truth and against the landmarks' reading of the same frames. Calibration
// fits the face model at these poses, so their errors become the model's shape.
//
// The figures guarded are today's (2026-12-06, seed 0), rounded up: the landmarks' errors on
// the same frames are printed beside them. The look around starts where the head rests, as
// HeadSession::calibrate's does; the texture's poses are held to the first frame's landmark
// pose, whose own error would turn each later axis with it, hence the comparison of how far
// the head turned, whatever the axis. (Started at a phase of its sway, as the harness did until
// then, the first frame caught the head mid-turn, its landmark pose up to 25 degrees off on
// voc_a, and the texture read the turns within 0.68 / 1.21 / 0.55 / 0.48 / 3.33 degrees; now
// within 0.52 / 0.62 / 0.38 / 0.49 / 0.45, the landmarks 0.91 / 3.14 / 1.21 / 2.64 / 3.83.)

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <opencv2/calib3d.hpp>
#include <opencv2/imgproc.hpp>

#include "head_material.hpp"
#include "vision/look_around_fit.hpp"
#include "vision/model_tracking.hpp"
#include "vision/pose_solver.hpp"

namespace midline::testing {
namespace {

// The error (RMS over the look around, degrees) in how far the head turned from the first
// frame, read from the texture: today's at seed 0 (0.68, 1.21, 0.55, 0.48, 3.33), rounded up.
// voc_c (a small photo enlarged: little sharp texture) keeps its points through under half the
// look around each, on average, and they fit its turns loosely.
const std::map<std::string, double> kGuardTextureErrorDeg = {
    {"astronaut", 0.6}, {"hopper", 0.7}, {"voc_a", 0.5}, {"voc_b", 0.6}, {"voc_c", 0.6}};

// How far from the truth the model-based track's turns over the look around may read, as a
// share, with the neck where calibration placed it. One run of the track over the same frames
// differs from the next by a few percent (voc_c: 1.001 with the neck at 90 mm, 0.955 at 90.5),
// so this is today's worst at seed 0 with room for that; at the typical place voc_b's read 0.911.
constexpr double kMostTrackGainError = 0.06;

// How far calibration's judgement of the landmarks' nods (their correlation with the
// texture's) may lie from their correlation with the truth's.
constexpr double kMostNodAgreementError = 0.1;

// How far calibration's measure of the track's turn-axis pitch may lie from the pitch the
// same track reads against the truth (the mean of its runs with the neck placed and typical:
// one run differs from the next by up to 2 degrees, voc_c's -7.6 at 92 mm and -9.8 at 90).
constexpr double kMostTrackPitchError = 2.0;

// A turn as a rotation vector (radians, camera frame).
cv::Vec3d turn_vector(const glm::dmat3& turn) {
  cv::Vec3d v;
  cv::Rodrigues(to_cv(turn), v);
  return v;
}

struct Seen {
  cv::Mat gray;
  HeadAngles truth;
  std::optional<Landmarks> landmarks;
};

class HeadLookAround : public ::testing::TestWithParam<std::string> {};

TEST_P(HeadLookAround, TheTextureReadsTheTurnsAndNods) {
  const std::string name = GetParam();
  MIDLINE_HEAD_SESSION(s, name);
  // Calibrated as HeadSession::calibrate does, keeping the look around's frames.
  s.tracker.set_profile(std::nullopt);
  Calibration calibration;
  const double start_s = s.time_s;
  std::optional<double> look_start_s;
  std::vector<Seen> frames;
  CameraIntrinsics camera;
  while (!calibration.complete()) {
    ASSERT_LT(s.time_s - start_s, 30.0) << name << ": calibration did not finish";
    const bool looking = calibration.step() == Calibration::Step::look_around;
    if (looking && !look_start_s) look_start_s = s.time_s;
    const HeadAngles head =
        looking ? looking_around({}, s.time_s - look_start_s.value_or(s.time_s)) : HeadAngles{};
    const cv::Mat picture = s.film(head);
    const TrackedFrame tracked = s.tracker.process(picture, s.time_s, s.frame);
    camera = s.tracker.camera_for(picture);
    Seen seen;
    cv::cvtColor(picture, seen.gray, cv::COLOR_BGR2GRAY);
    seen.truth = head;
    if (tracked.sample.seen_clearly() && s.tracker.last_fit())
      seen.landmarks = s.tracker.last_fit()->landmarks;
    calibration.add(tracked, s.tracker.last_fit(), picture, camera);
    // From the first frame with landmarks, as calibration follows the texture.
    if (looking && (!frames.empty() || seen.landmarks)) frames.push_back(seen);
    s.time_s += 1.0 / HeadSession::kFps;
  }
  const Calibration::Result calibrated = calibration.finish(kDefaultFocalOverWidth);
  ASSERT_TRUE(calibrated.profile) << name << ": " << calibrated.problem;
  ASSERT_FALSE(frames.empty()) << name << ": no trusted frame in the look around";
  const FaceModel& model = calibrated.profile->model;

  TexturePoints points;
  points.start(frames[0].gray, *frames[0].landmarks);
  for (size_t k = 1; k < frames.size(); ++k) points.follow(frames[k].gray);
  // Every third frame with landmarks, as calibration fits them, starting from the landmarks'
  // poses, each from the last.
  std::vector<size_t> used;
  std::vector<std::vector<cv::Point2f>> seen;
  std::vector<HeadPose> by_landmarks;
  std::optional<HeadPose> last;
  for (size_t k = 0; k < frames.size(); k += 3) {
    if (!frames[k].landmarks) continue;
    last = solve_pose(*frames[k].landmarks, model, camera, last).pose;
    by_landmarks.push_back(*last);
    seen.push_back(points.seen(k));
    used.push_back(k);
  }
  const auto fit_start = std::chrono::steady_clock::now();
  const auto by_texture = fit_look_around(seen, by_landmarks, model, camera);
  const double fit_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - fit_start)
          .count();
  ASSERT_TRUE(by_texture) << name << ": too few points followed";

  // How far the head turned from the first frame, whatever the axis: the first frame's pose
  // is itself a landmark reading (the texture's poses are held to it), and its error would
  // otherwise turn each later axis with it.
  auto turned_deg = [](const glm::dmat3& from, const glm::dmat3& to) {
    const double c = std::clamp(
        (glm::dot(from[0], to[0]) + glm::dot(from[1], to[1]) + glm::dot(from[2], to[2]) - 1.0) /
            2.0,
        -1.0, 1.0);
    return std::acos(c) * 180.0 / 3.14159265358979;
  };
  double texture_error = 0.0, landmark_error = 0.0, truth_sum = 0.0;
  const glm::dmat3 first = rotation_matrix(frames[0].truth);
  for (size_t i = 1; i < used.size(); ++i) {
    const double truth = turned_deg(first, rotation_matrix(frames[used[i]].truth));
    truth_sum += truth * truth;
    texture_error +=
        std::pow(turned_deg((*by_texture)[0].orientation, (*by_texture)[i].orientation) - truth, 2);
    landmark_error +=
        std::pow(turned_deg(by_landmarks[0].orientation, by_landmarks[i].orientation) - truth, 2);
  }
  const double frames_compared = static_cast<double>(used.size() - 1);
  texture_error = std::sqrt(texture_error / frames_compared);
  landmark_error = std::sqrt(landmark_error / frames_compared);
  std::printf(
      "%s look around, %zu frames turning %.1f deg (RMS) from the first: error (RMS) from "
      "the texture %.2f deg, from the landmarks %.2f deg (the texture fitted in %.0f ms)\n",
      name.c_str(), used.size(), std::sqrt(truth_sum / frames_compared), texture_error,
      landmark_error, fit_ms);
  const auto guard = kGuardTextureErrorDeg.find(name);
  ASSERT_NE(guard, kGuardTextureErrorDeg.end()) << name << ": no guard measured for this face";
  EXPECT_LE(texture_error, guard->second) << name << ": the texture reads the look around worse";

  // Where calibration placed the neck (from the texture's turns: measure_look_around),
  // the model-based track reads the look around's turns in full, against the truth; at the
  // typical place, as long or short as this head's own differs (the renderer draws it ±15%).
  // And the axis it reads them about, pitched from the truth's as calibration measured.
  struct TrackReading {
    double gain = std::nan("");       // its turns over the truth's
    double pitch_deg = std::nan("");  // its turn axes' pitch from the truth's (camera frame)
  };
  auto track_reads = [&](double neck_behind_mm) {
    const HeadShape head(model, neck_behind_mm);
    ModelTracking track;
    EXPECT_TRUE(track.start(frames[0].gray, by_landmarks[0], head, camera)) << name;
    double along = 0.0, square = 0.0, axes_cross = 0.0, axes_dot = 0.0;
    for (size_t k = 1; k < frames.size(); ++k) {
      const auto followed = track.follow(frames[k].gray, camera);
      if (!followed) {
        ADD_FAILURE() << name << ": the track was lost at frame " << k;
        return TrackReading{};
      }
      track.add_points(head, camera);
      const glm::dmat3 truth_now = rotation_matrix(frames[k].truth);
      const double truth = turned_deg(first, truth_now);
      along += turned_deg(by_landmarks[0].orientation, followed->pose.orientation) * truth;
      square += truth * truth;
      const cv::Vec3d by_truth = turn_vector(truth_now * glm::transpose(first));
      const cv::Vec3d by_track =
          turn_vector(followed->pose.orientation * glm::transpose(by_landmarks[0].orientation));
      axes_cross += by_truth[1] * by_track[2] - by_truth[2] * by_track[1];
      axes_dot += by_truth[1] * by_track[1] + by_truth[2] * by_track[2];
    }
    return TrackReading{along / square, std::atan2(axes_cross, axes_dot) * 180.0 / CV_PI};
  };
  const double neck_mm = calibrated.profile->neck_behind_mm;
  const TrackReading placed = track_reads(neck_mm), typical = track_reads(kTypicalNeckBehindMm);
  std::printf(
      "%s neck placed %.1f mm behind the eyes: the track reads the look around's turns "
      "at %.3f of the truth (at the typical %.0f mm, %.3f)\n",
      name.c_str(), neck_mm, placed.gain, kTypicalNeckBehindMm, typical.gain);
  EXPECT_NEAR(placed.gain, 1.0, kMostTrackGainError)
      << name << ": the track reads turns long or short where calibration placed the neck";
  const double measured_pitch = calibrated.profile->track_pitch_deg;
  std::printf(
      "%s track's turns pitched %.2f deg as calibration measured them, %.2f and %.2f "
      "from the truth's (neck placed, typical)\n",
      name.c_str(), measured_pitch, placed.pitch_deg, typical.pitch_deg);
  EXPECT_NEAR(measured_pitch, (placed.pitch_deg + typical.pitch_deg) / 2.0, kMostTrackPitchError)
      << name << ": calibration misjudged the axis the track reads turns about";

  // How calibration judged the landmarks' nods (from the texture's) against how they went with
  // the truth's: the same correlation, and the same verdict on whether they read this face's
  // nods at all.
  double along = 0.0, truth_square = 0.0, landmarks_square = 0.0;
  const double landmarks_first = head_angles(by_landmarks[0].orientation).flexion_deg;
  for (size_t i = 1; i < used.size(); ++i) {
    const double truth = frames[used[i]].truth.flexion_deg - frames[used[0]].truth.flexion_deg;
    const double read = head_angles(by_landmarks[i].orientation).flexion_deg - landmarks_first;
    along += truth * read;
    truth_square += truth * truth;
    landmarks_square += read * read;
  }
  const double truth_agreement = along / std::sqrt(truth_square * landmarks_square);
  const double measured_agreement = calibrated.profile->landmark_nod_agreement;
  std::printf("%s landmarks' nods: correlation with the texture's %.2f, with the truth's %.2f\n",
              name.c_str(), measured_agreement, truth_agreement);
  EXPECT_NEAR(measured_agreement, truth_agreement, kMostNodAgreementError)
      << name << ": calibration misjudged how the landmarks follow the nods";
  const double reads_nods_from = TrackerParams{}.landmarks_read_nods_from;
  EXPECT_EQ(measured_agreement < reads_nods_from, truth_agreement < reads_nods_from)
      << name << ": calibration's verdict on the landmarks' nods is not the truth's";
}

INSTANTIATE_TEST_SUITE_P(Faces, HeadLookAround, ::testing::ValuesIn(test_face_names()),
                         face_test_name);

}  // namespace
}  // namespace midline::testing
