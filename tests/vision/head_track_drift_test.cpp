// The model-based track on its own (vision/model_tracking.hpp), on the test heads: started
// from the landmarks' pose on the first frame, then nothing but its own points, as past the
// landmarks' range. In the tracker the landmarks pull it back near facing the camera, which
// hides how far it drifts on the way out; here a calibrated head looks around (±15° of
// rotation, ±8° of flexion) and then turns to 30°, and every frame is compared with the truth.
// What this measures is where the track's own readings go wrong (points placed on a head
// shape that is not quite this head's, points that slide with the shading), so that a change
// to the track itself can be judged apart from the anchoring that corrects it.
//
// Today's track misses issue 12's targets here by far; the worst error measured today is
// asserted as a regression guard per face (kGuardWorstErrorDeg), not a goal.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>
#include <opencv2/imgproc.hpp>
#include <vector>

#include "head_material.hpp"
#include "vision/model_tracking.hpp"

namespace midline::testing {
namespace {

// The worst error on any axis over the path, measured on 2026-12-05 with the neck's pivot held
// from frame to frame (ModelTrackingParams::pivot_weight: 2.7, 4.3, 5.5, 1.9 and 4.0 degrees;
// before it 5.2, 20.9, 3.5, 6.4 and 9.6) and rounded up by about a degree: a guard against the
// track getting worse, not a goal. voc_a's is higher than before: its track now reads the turn
// to 30° long (35.4°). Drawn again (MIDLINE_TEST_NOISE_SEED 1000 / 2000 / 3000) the same track
// reads 2.9 / 2.9 / 2.0, 3.9 / 5.6 / 3.4, 6.5 / 7.4 / 4.0, 0.9 / 2.3 / 1.8 and 5.1 / 4.2 / 4.0:
// which points it picks moves it by as much. Raised on 2026-12-05 where each test head turns
// about its own neck (HeadProportions::neck_below_mm, neck_behind_mm): voc_a's neck lies 15 mm
// lower than the track assumes and its turn to 30° reads 36.8° (7.2 the worst), voc_b's 8 mm
// nearer its eyes and it reads 25.7° (4.4). Raised on 2026-12-06 for hopper (5.6, its tilt during
// the look around) where a rolling head's points are followed from the last picture turned by
// its roll (ModelTrackingParams::roll_followed_turned_deg). Raised on 2026-12-06 for voc_a (7.6,
// its turn to 30° read 36.7°) where the face's midline plane is set with its jaw line.
const std::map<std::string, double> kGuardWorstErrorDeg = {
    {"astronaut", 3.5}, {"hopper", 5.7}, {"voc_a", 7.8}, {"voc_b", 5.0}, {"voc_c", 5.0}};

// The look-around calibration asks for, then a turn out to 30° and a hold there, at 1° a
// frame (30°/s).
std::vector<HeadAngles> look_around_then_turn() {
  std::vector<HeadAngles> path(5, HeadAngles{});
  auto go = [&](const HeadAngles& to) {
    while (true) {
      const HeadAngles next = HeadSession::toward(path.back(), to, 1.0);
      if (std::abs(next.rotation_deg - path.back().rotation_deg) +
              std::abs(next.flexion_deg - path.back().flexion_deg) <
          1e-9)
        return;
      path.push_back(next);
    }
  };
  go({15, 0, 0});
  go({-15, 0, 0});
  go({0, 0, 0});
  go({0, 0, 8});
  go({0, 0, -8});
  go({0, 0, 0});
  go({30, 0, 0});
  const HeadAngles held = path.back();  // not a reference into the vector it grows
  path.insert(path.end(), 10, held);
  return path;
}

class HeadTrackDrift : public ::testing::TestWithParam<std::string> {};

TEST_P(HeadTrackDrift, TheTrackAloneOverALookAroundAndATurnTo30) {
  const std::string name = GetParam();
  MIDLINE_HEAD_SESSION(s, name);
  const Calibration::Result calibrated = s.calibrate();
  ASSERT_TRUE(calibrated.profile) << name << ": " << calibrated.problem;
  const HeadShape head(calibrated.profile->model, calibrated.profile->neck_behind_mm);

  const std::vector<HeadAngles> path = look_around_then_turn();
  ModelTracking track;
  HeadPose start;
  std::array<double, 3> worst{0, 0, 0};
  std::optional<size_t> lost_at;
  double read_at_15 = NAN, read_at_30 = NAN;
  bool passed_15 = false;
  for (size_t i = 0; i < path.size(); ++i) {
    const cv::Mat picture = s.film(path[i]);
    cv::Mat gray;
    cv::cvtColor(picture, gray, cv::COLOR_BGR2GRAY);
    const CameraIntrinsics camera = s.tracker.camera_for(picture);
    if (i == 0) {
      // The head facing the camera, where the landmarks read it best: the track starts there.
      s.tracker.process(picture, s.time_s, s.frame);
      ASSERT_TRUE(s.tracker.last_fit()) << name << ": no landmarks on the first frame";
      start = s.tracker.last_fit()->pose;
      ASSERT_TRUE(track.start(gray, start, head, camera)) << name << ": too few points to start";
    } else {
      const auto followed = track.follow(gray, camera);
      if (!followed) {
        lost_at = i;
        break;
      }
      track.add_points(head, camera);
      const HeadAngles read =
          head_angles(relative_orientation(start.orientation, followed->pose.orientation));
      const std::array<double, 3> error = {read.rotation_deg - path[i].rotation_deg,
                                           read.tilt_deg - path[i].tilt_deg,
                                           read.flexion_deg - path[i].flexion_deg};
      for (int k = 0; k < 3; ++k) worst[k] = std::max(worst[k], std::abs(error[k]));
      if (!passed_15 && path[i].rotation_deg >= 15.0) {
        passed_15 = true;
        read_at_15 = read.rotation_deg;
      }
      read_at_30 = read.rotation_deg;
    }
    s.time_s += 1.0 / HeadSession::kFps;
  }
  const double worst_any = *std::max_element(worst.begin(), worst.end());
  std::printf(
      "%s the track alone, %zu frames (look around, then a turn to 30°): %s; worst error "
      "rotation/tilt/flexion %.1f/%.1f/%.1f deg; +15° first read %.1f, 30° held read %.1f\n",
      name.c_str(), path.size(), lost_at ? "LOST" : "never lost", worst[0], worst[1], worst[2],
      read_at_15, read_at_30);
  EXPECT_FALSE(lost_at) << name << ": the track was lost at frame " << *lost_at << " of "
                        << path.size() << ", truth " << path[*lost_at].rotation_deg << "/"
                        << path[*lost_at].flexion_deg;
  const auto guard = kGuardWorstErrorDeg.find(name);
  ASSERT_NE(guard, kGuardWorstErrorDeg.end()) << name << ": no guard measured for this face";
  EXPECT_LE(worst_any, guard->second) << name << ": the track alone drifts further than before";
}

INSTANTIATE_TEST_SUITE_P(Faces, HeadTrackDrift, ::testing::ValuesIn(test_face_names()),
                         face_test_name);

// The track loses part of a turn made in large steps from frame to frame, so it counts the
// degrees moved beyond ModelTrackingParams::slow_step_deg a frame since its anchor, and the
// tracker trusts it less by them. A turn to 15° at half a degree a frame counts none; the next
// 15° at 3° a frame, five steps each 2° beyond, 10 as the head moved (the count is of the
// track's own steps: 9.8 today; 14.6 before the neck's pivot was held, when the points alone
// read the astronaut's fast turn long, in steps of 3-4.7°).
TEST(HeadTrackDriftFast, OnlyTheDegreesMovedFastAreCounted) {
  MIDLINE_HEAD_SESSION(s, "astronaut");
  const Calibration::Result calibrated = s.calibrate();
  ASSERT_TRUE(calibrated.profile) << calibrated.problem;
  const HeadShape head(calibrated.profile->model, calibrated.profile->neck_behind_mm);
  ModelTracking track;
  HeadAngles at{};
  auto follow_to = [&](const HeadAngles& to, double step_deg) {
    std::optional<ModelTracking::Followed> last;
    while (at.rotation_deg != to.rotation_deg) {
      at = HeadSession::toward(at, to, step_deg);
      cv::Mat gray;
      cv::cvtColor(s.film(at), gray, cv::COLOR_BGR2GRAY);
      last = track.follow(gray, s.tracker.camera_for(gray));
      if (!last) return last;
      track.add_points(head, s.tracker.camera_for(gray));
    }
    return last;
  };
  const cv::Mat first = s.film(at);
  s.tracker.process(first, s.time_s, s.frame);
  ASSERT_TRUE(s.tracker.last_fit()) << "no landmarks facing the camera";
  cv::Mat gray;
  cv::cvtColor(first, gray, cv::COLOR_BGR2GRAY);
  ASSERT_TRUE(track.start(gray, s.tracker.last_fit()->pose, head, s.tracker.camera_for(first)));

  const auto slowly = follow_to({15, 0, 0}, 0.5);
  ASSERT_TRUE(slowly) << "the track was lost turning slowly";
  EXPECT_LT(slowly->since_anchor.moved_fast_deg, 0.5) << "a slow turn counted as fast";
  const auto fast = follow_to({30, 0, 0}, 3.0);
  ASSERT_TRUE(fast) << "the track was lost turning fast";
  std::printf("moved fast: %.2f deg after the slow turn to 15, %.2f after the fast one to 30\n",
              slowly->since_anchor.moved_fast_deg, fast->since_anchor.moved_fast_deg);
  EXPECT_GT(fast->since_anchor.moved_fast_deg, 7.0) << "a fast turn not counted as one";
  EXPECT_LT(fast->since_anchor.moved_fast_deg, 20.0) << "a fast turn counted as more than it moved";
}

// Seen from in front, a turn and a sideways shift move a face's points almost alike, and the
// points alone split a fast turn between the two. The track holds the neck's pivot where it
// was in the last frame (ModelTrackingParams::pivot_weight): the test heads turn about the
// upper cervical spine, as a patient's head does on a still torso. Turned fast (the sweep's
// 75°/s) to 30° and held there, the astronaut's track alone reads the hold within 2° (31.7°
// today; 40.6° with the points alone).
TEST(HeadTrackDriftFast, AFastTurnIsReadInFull) {
  MIDLINE_HEAD_SESSION(s, "astronaut");
  const Calibration::Result calibrated = s.calibrate();
  ASSERT_TRUE(calibrated.profile) << calibrated.problem;
  const HeadShape head(calibrated.profile->model, calibrated.profile->neck_behind_mm);
  const cv::Mat first = s.film({0, 0, 0});
  s.tracker.process(first, s.time_s, s.frame);
  ASSERT_TRUE(s.tracker.last_fit()) << "no landmarks facing the camera";
  const HeadPose start = s.tracker.last_fit()->pose;
  auto held_reading = [&](ModelTrackingParams params) -> std::optional<double> {
    ModelTracking track(params);
    cv::Mat gray;
    cv::cvtColor(first, gray, cv::COLOR_BGR2GRAY);
    if (!track.start(gray, start, head, s.tracker.camera_for(first))) return std::nullopt;
    HeadAngles at{};
    std::optional<ModelTracking::Followed> last;
    for (int frame = 0; frame < 22; ++frame) {  // 12 frames out, then held
      at = HeadSession::toward(at, {30, 0, 0}, 2.5);
      cv::cvtColor(s.film(at), gray, cv::COLOR_BGR2GRAY);
      last = track.follow(gray, s.tracker.camera_for(gray));
      if (!last) return std::nullopt;
      track.add_points(head, s.tracker.camera_for(gray));
    }
    return head_angles(relative_orientation(start.orientation, last->pose.orientation))
        .rotation_deg;
  };
  const auto with_pivot = held_reading({});
  ModelTrackingParams points_alone;
  points_alone.pivot_weight = 0.0;
  const auto without = held_reading(points_alone);
  ASSERT_TRUE(with_pivot) << "the track was lost turning fast";
  std::printf("turned fast to 30° and held: read %.1f°, with the points alone %.1f°\n", *with_pivot,
              without ? *without : NAN);
  EXPECT_NEAR(*with_pivot, 30.0, 2.0) << "a fast turn read short or long";
}

// Lucas-Kanade reads a window that turns in the picture as moving like a point nearer the
// middle of its texture, so the track read every head's roll about 6% short (45° as
// 42.2-43.7°). Where the head is rolling, its points are followed from the last picture
// turned by the head's roll, as the track read it in the last frame
// (ModelTrackingParams::roll_followed_turned_deg). Tilted to 30° at a degree a frame and held,
// each face's track alone reads the hold at 29.1-29.8° (2026-12-06; 28.7-29.7° at seed 0 once the
// face's midline was set with its jaw line); from the last picture as it was, at 27.5-28.6°.
TEST_P(HeadTrackDrift, ARollIsReadInFull) {
  const std::string name = GetParam();
  MIDLINE_HEAD_SESSION(s, name);
  const Calibration::Result calibrated = s.calibrate();
  ASSERT_TRUE(calibrated.profile) << name << ": " << calibrated.problem;
  const HeadShape head(calibrated.profile->model, calibrated.profile->neck_behind_mm);
  const cv::Mat first = s.film({0, 0, 0});
  s.tracker.process(first, s.time_s, s.frame);
  ASSERT_TRUE(s.tracker.last_fit()) << name << ": no landmarks facing the camera";
  const HeadPose start = s.tracker.last_fit()->pose;
  std::vector<cv::Mat> pictures;  // the same pictures for both tracks
  HeadAngles at{};
  for (int frame = 0; frame < 40; ++frame) {  // 30 frames out, then held
    at = HeadSession::toward(at, {0, 30, 0}, 1.0);
    cv::Mat gray;
    cv::cvtColor(s.film(at), gray, cv::COLOR_BGR2GRAY);
    pictures.push_back(gray);
  }
  auto held_tilt = [&](ModelTrackingParams params) -> std::optional<double> {
    ModelTracking track(params);
    cv::Mat gray;
    cv::cvtColor(first, gray, cv::COLOR_BGR2GRAY);
    if (!track.start(gray, start, head, s.tracker.camera_for(first))) return std::nullopt;
    std::optional<ModelTracking::Followed> last;
    for (const cv::Mat& picture : pictures) {
      last = track.follow(picture, s.tracker.camera_for(picture));
      if (!last) return std::nullopt;
      track.add_points(head, s.tracker.camera_for(picture));
    }
    return head_angles(relative_orientation(start.orientation, last->pose.orientation)).tilt_deg;
  };
  const auto from_turned = held_tilt({});
  ModelTrackingParams unturned;
  unturned.roll_followed_turned_deg = 1e9;
  const auto from_unturned = held_tilt(unturned);
  ASSERT_TRUE(from_turned) << name << ": the track was lost tilting";
  std::printf(
      "%s tilted to 30° and held: the track alone reads %.1f°, followed from the last picture "
      "unturned %.1f°\n",
      name.c_str(), *from_turned, from_unturned ? *from_unturned : NAN);
  // Over four draws of the noise (MIDLINE_TEST_NOISE_SEED 0 / 1000 / 2000 / 3000) every face
  // reads 28.2-30.0° (voc_a the least), so the bound is 1.5°, not the 1° one draw allowed.
  EXPECT_NEAR(*from_turned, 30.0, 1.5) << name << ": a tilt read short or long";
}

}  // namespace
}  // namespace midline::testing
