// The set-up check on rendered scenes with a known trunk lean, trunk turn and camera tilt, at
// the size the camera check sees (the 320-pixel preview), and on a real photograph.

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include "support/shoulder_scene.hpp"
#include "vision/face_finder.hpp"
#include "vision/setup_check.hpp"

namespace midline {
namespace {

using testing::ShoulderScene;

// The scene as the camera check's preview has it: 320 pixels wide.
struct Seen {
  SetupMeasurement measured;
  SetupVerdict verdict;
};

Seen see(const ShoulderScene& scene, const char* what) {
  const testing::RenderedScene rendered = testing::render_shoulder_scene(scene);
  const double scale = 320.0 / rendered.bgr.cols;
  cv::Mat preview;
  cv::resize(rendered.bgr, preview, {}, scale, scale, cv::INTER_AREA);
  const cv::Rect2d box(rendered.face_box.x * scale, rendered.face_box.y * scale,
                       rendered.face_box.width * scale, rendered.face_box.height * scale);
  Seen seen{measure_setup(preview, box, scene.focal_over_width), {}};
  seen.verdict = judge_setup(seen.measured);
  const auto show = [](const std::optional<double>& v) {
    return v ? std::to_string(*v).substr(0, 5) : std::string("-");
  };
  std::printf("%-28s shoulders %6s  turn %6s  room %6s  %s\n", what,
              show(seen.measured.shoulder_tilt_deg).c_str(),
              show(seen.measured.trunk_rotation_deg).c_str(), show(seen.measured.room_tilt_deg).c_str(),
              seen.measured.cannot_judge.c_str());
  return seen;
}

TEST(SetupCheck, SittingSquareToALevelCameraPasses) {
  for (bool room : {true, false}) {
    ShoulderScene scene;
    scene.room_lines = room;
    const Seen seen = see(scene, room ? "square, room lines" : "square, plain wall");
    ASSERT_TRUE(seen.verdict.judged) << seen.measured.cannot_judge;
    EXPECT_NEAR(*seen.measured.shoulder_tilt_deg, 0.0, 2.0);
    EXPECT_FALSE(seen.verdict.trunk_leans);
    EXPECT_FALSE(seen.verdict.trunk_turned);
    EXPECT_FALSE(seen.verdict.camera_tilted);
    EXPECT_EQ(seen.measured.room_tilt_deg.has_value(), room);
  }
}

TEST(SetupCheck, ATrunkLeaningTenDegreesIsFlaggedWithItsSide) {
  for (bool room : {true, false})
    for (int side : {+1, -1}) {
      ShoulderScene scene;
      scene.trunk_lean_deg = 10.0 * side;
      scene.room_lines = room;
      const Seen seen = see(scene, side > 0 ? "leaning 10 to the left" : "leaning 10 to the right");
      ASSERT_TRUE(seen.verdict.judged) << seen.measured.cannot_judge;
      EXPECT_NEAR(*seen.measured.shoulder_tilt_deg, 10.0 * side, 3.0);
      ASSERT_TRUE(seen.verdict.trunk_leans);
      EXPECT_EQ(*seen.verdict.trunk_leans, side);
      EXPECT_FALSE(seen.verdict.camera_tilted);
      // On a plain wall nothing tells a lean from a tilted camera, and the verdict says so.
      EXPECT_EQ(seen.verdict.lean_or_camera, !room);
    }
}

TEST(SetupCheck, ATrunkTurnedIsFlaggedWithItsSide) {
  for (int side : {+1, -1}) {
    ShoulderScene scene;
    scene.trunk_rotation_deg = 25.0 * side;
    const Seen seen = see(scene, side > 0 ? "turned 25 to the left" : "turned 25 to the right");
    ASSERT_TRUE(seen.verdict.judged) << seen.measured.cannot_judge;
    ASSERT_TRUE(seen.measured.trunk_rotation_deg);
    ASSERT_TRUE(seen.verdict.trunk_turned);
    EXPECT_EQ(*seen.verdict.trunk_turned, side);
    EXPECT_FALSE(seen.verdict.trunk_leans);
  }
}

TEST(SetupCheck, ATiltedCameraIsToldFromALeaningTrunk) {
  ShoulderScene scene;
  scene.camera_roll_deg = -8.0;
  const Seen seen = see(scene, "camera turned 8 anticlockwise");
  ASSERT_TRUE(seen.verdict.judged) << seen.measured.cannot_judge;
  ASSERT_TRUE(seen.measured.room_tilt_deg);
  EXPECT_NEAR(*seen.measured.room_tilt_deg, -8.0, 2.0);
  EXPECT_NEAR(*seen.measured.shoulder_tilt_deg, -8.0, 3.0);
  EXPECT_TRUE(seen.verdict.camera_tilted);
  EXPECT_FALSE(seen.verdict.trunk_leans);  // the person sits straight; the camera is tilted
}

TEST(SetupCheck, SaysItCannotJudgeWhenTheShouldersAreOutOfThePicture) {
  ShoulderScene scene;
  scene.distance_mm = 420.0;  // close, with the camera above the eyes: the picture ends at the chin
  scene.camera_below_eyes_mm = -120.0;
  const Seen close = see(scene, "shoulders below the picture");
  EXPECT_FALSE(close.verdict.judged);
  EXPECT_FALSE(close.measured.cannot_judge.empty());

  // A plain picture with a face box and nothing below it: no edges, no guess.
  cv::Mat plain(240, 320, CV_8UC3, cv::Scalar(120, 130, 140));
  const SetupMeasurement none = measure_setup(plain, cv::Rect2d(130, 40, 60, 70), 0.9);
  EXPECT_FALSE(none.shoulder_tilt_deg);
  EXPECT_FALSE(none.cannot_judge.empty());
  EXPECT_FALSE(judge_setup(none).judged);
}

// A real webcam picture (../shared/data/videos/single_face.mp4: a man facing the camera in a
// dark shirt, before a door): his shoulders read near level, the same at
// the preview's size, and turned by a known angle about his chin, the shoulder line reads that
// turn.
TEST(SetupCheck, ARealWebcamPictureReadsLevelAndItsTurn) {
  const std::filesystem::path video =
      std::filesystem::path(MIDLINE_SHARED_DATA_DIR) / "videos" / "single_face.mp4";
  if (!std::filesystem::exists(video)) GTEST_SKIP() << "no shared test footage at " << video;
  cv::VideoCapture capture(video.string());
  cv::Mat frame, gray;
  ASSERT_TRUE(capture.read(frame)) << video;
  cv::cvtColor(frame, gray, cv::COLOR_BGR2GRAY);
  const FaceFinder finder;
  const auto face = finder.find(gray);
  ASSERT_TRUE(face) << "the detector finds the face in the first frame";
  const cv::Rect2d box(face->box);

  const SetupMeasurement as_is = measure_setup(frame, box, 0.9);
  std::printf("webcam picture: shoulders %s  turn %s  room %s  %s\n",
              as_is.shoulder_tilt_deg ? std::to_string(*as_is.shoulder_tilt_deg).c_str() : "-",
              as_is.trunk_rotation_deg ? std::to_string(*as_is.trunk_rotation_deg).c_str() : "-",
              as_is.room_tilt_deg ? std::to_string(*as_is.room_tilt_deg).c_str() : "-",
              as_is.cannot_judge.c_str());
  ASSERT_TRUE(as_is.shoulder_tilt_deg) << as_is.cannot_judge;
  // Near level (this frame shows his left shoulder a few degrees lower).
  EXPECT_NEAR(*as_is.shoulder_tilt_deg, 0.0, 8.0);

  // The preview the camera check measures: 320 pixels wide.
  cv::Mat preview;
  const double scale = 320.0 / frame.cols;
  cv::resize(frame, preview, {}, scale, scale, cv::INTER_AREA);
  const SetupMeasurement small = measure_setup(
      preview, cv::Rect2d(box.x * scale, box.y * scale, box.width * scale, box.height * scale), 0.9);
  ASSERT_TRUE(small.shoulder_tilt_deg) << small.cannot_judge;
  EXPECT_NEAR(*small.shoulder_tilt_deg, *as_is.shoulder_tilt_deg, 2.0);

  // His left shoulder runs out of the picture's bottom soon, so the turn that lowers it is small.
  for (const double roll : {-6.0, 3.0}) {
    const cv::Point2f chin(static_cast<float>(box.x + 0.5 * box.width),
                           static_cast<float>(box.y + box.height));
    cv::Mat turned;
    cv::warpAffine(gray, turned, cv::getRotationMatrix2D(chin, -roll, 1.0), gray.size(),
                   cv::INTER_LINEAR, cv::BORDER_REPLICATE);
    const SetupMeasurement m = measure_setup(turned, box, 0.9);
    std::printf("turned %+.0f: shoulders %s  %s\n", roll,
                m.shoulder_tilt_deg ? std::to_string(*m.shoulder_tilt_deg).c_str() : "-",
                m.cannot_judge.c_str());
    ASSERT_TRUE(m.shoulder_tilt_deg) << m.cannot_judge;
    EXPECT_NEAR(*m.shoulder_tilt_deg - *as_is.shoulder_tilt_deg, roll, 2.5);
  }
}

// A face box whose image-left half is lit `left` and right half `right` (grey levels), with
// a dark frame line across each side (a glasses rim) that the median passes over.
cv::Mat two_sided_face(int left, int right, const cv::Rect& box) {
  cv::Mat gray(240, 320, CV_8UC1, cv::Scalar(90));
  gray(cv::Rect(box.x, box.y, box.width / 2, box.height)).setTo(left);
  gray(cv::Rect(box.x + box.width / 2, box.y, box.width - box.width / 2, box.height)).setTo(right);
  cv::line(gray, {box.x, box.y + box.height / 2}, {box.br().x, box.y + box.height / 2}, 10, 2);
  return gray;
}

TEST(FaceLight, EvenLightReadsBalancedAndASideLightReadsItsSide) {
  const cv::Rect box(110, 60, 90, 100);
  const std::optional<FaceLight> even = measure_face_light(two_sided_face(150, 150, box), box);
  ASSERT_TRUE(even);
  EXPECT_NEAR(even->balance, 1.0, 1e-9);

  // Brighter on the image's left: the patient's right, in an unmirrored picture.
  const std::optional<FaceLight> from_right = measure_face_light(two_sided_face(180, 60, box), box);
  ASSERT_TRUE(from_right);
  EXPECT_NEAR(from_right->balance, 60.0 / 180.0, 1e-9);
  EXPECT_EQ(from_right->brighter_side, -1);
  EXPECT_LT(from_right->balance, kSideLitBalance);

  const std::optional<FaceLight> from_left = measure_face_light(two_sided_face(100, 130, box), box);
  ASSERT_TRUE(from_left);
  EXPECT_EQ(from_left->brighter_side, +1);
  EXPECT_GE(from_left->balance, kSideLitBalance);  // 0.77: a gentle difference is not flagged
}

// A real webcam's face, lit from the front by a room's lights, as the camera check's preview
// has it, is not told it is lit from one side.
TEST(FaceLight, ARealWebcamFaceLitFromTheFrontReadsEven) {
  const std::filesystem::path video =
      std::filesystem::path(MIDLINE_SHARED_DATA_DIR) / "videos" / "single_face.mp4";
  if (!std::filesystem::exists(video)) GTEST_SKIP() << "no shared test footage at " << video;
  cv::VideoCapture capture(video.string());
  const FaceFinder finder;
  cv::Mat frame, gray, preview;
  int measured = 0;
  for (int index = 0; capture.read(frame); ++index) {
    if (index % 8 != 0) continue;
    cv::cvtColor(frame, gray, cv::COLOR_BGR2GRAY);
    const auto face = finder.find(gray);
    if (!face) continue;
    const double scale = 320.0 / gray.cols;
    cv::resize(gray, preview, {}, scale, scale, cv::INTER_AREA);
    const cv::Rect2d box(face->box.x * scale, face->box.y * scale, face->box.width * scale,
                         face->box.height * scale);
    const std::optional<FaceLight> light = measure_face_light(preview, box);
    ASSERT_TRUE(light) << "frame " << index;
    std::printf("webcam frame %d: balance %.2f\n", index, light->balance);
    EXPECT_GE(light->balance, kSideLitBalance) << "frame " << index;
    ++measured;
  }
  EXPECT_GE(measured, 5) << "the face found in too few frames of " << video;
}

TEST(FaceLight, SaysNothingOfABoxOffThePictureOrTooSmallOrADarkFace) {
  const cv::Rect box(110, 60, 90, 100);
  const cv::Mat gray = two_sided_face(150, 150, box);
  EXPECT_FALSE(measure_face_light(gray, cv::Rect2d(280, 60, 90, 100)));  // past the right edge
  EXPECT_FALSE(measure_face_light(gray, cv::Rect2d(110, 60, 30, 30)));   // too small to tell
  EXPECT_FALSE(measure_face_light(cv::Mat(240, 320, CV_8UC1, cv::Scalar(0)), box));
  EXPECT_FALSE(measure_face_light(cv::Mat(), box));
}

TEST(FaceLight, TheSteadyReadingIsTheMedianLitFromTheSideMostPicturesSay) {
  EXPECT_FALSE(steady_face_light({}));
  const std::vector<FaceLight> recent = {{0.4, +1}, {0.9, -1}, {0.5, +1}, {0.45, +1}, {0.6, -1}};
  const std::optional<FaceLight> steady = steady_face_light(recent);
  ASSERT_TRUE(steady);
  EXPECT_DOUBLE_EQ(steady->balance, 0.5);
  EXPECT_EQ(steady->brighter_side, +1);
}

// What a session's notes keep of the light at the camera check: nothing when it was even
// enough, else the patient's side it came from and how dark the other side was.
TEST(FaceLight, TheSessionNoteNamesTheLitSideAndHowDarkTheOtherWas) {
  EXPECT_EQ(side_light_note({kSideLitBalance, +1}), "");
  EXPECT_EQ(side_light_note({0.9, -1}), "");
  const std::string from_left = side_light_note({0.55, +1});
  EXPECT_NE(from_left.find("lit from the patient's left"), std::string::npos) << from_left;
  EXPECT_NE(from_left.find("55%"), std::string::npos) << from_left;
  const std::string from_right = side_light_note({0.3, -1});
  EXPECT_NE(from_right.find("lit from the patient's right"), std::string::npos) << from_right;
  EXPECT_NE(from_right.find("30%"), std::string::npos) << from_right;
}

}  // namespace
}  // namespace midline
