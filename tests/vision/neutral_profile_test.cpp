#include "vision/neutral_profile.hpp"
#include "storage/temp_dir.hpp"
#include "vision/lower_face.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <utility>
#include <vector>

namespace midline {
namespace {

namespace fs = std::filesystem;

std::string error_of(const fs::path& file) {
  try {
    load_profile(file);
  } catch (const std::exception& e) {
    return e.what();
  }
  return "(no error)";
}

std::string text_of(const fs::path& file) {
  std::ifstream in(file);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The first `what` in the file replaced with `with` (same length), as an older file had it.
void replace_in_file(const fs::path& file, const std::string& what, const std::string& with) {
  std::string text = text_of(file);
  text.replace(text.find(what), what.size(), with);
  std::ofstream(file) << text;
}

TEST(NeutralProfile, SavesAndLoadsTheSameProfile) {
  NeutralProfile p;
  p.neutral.pose = HeadPose{rotation_matrix({7, -3, 12}), {10, -20, 640}};
  p.model[30] = cv::Point3d(0.5, -1.25, 2.0);
  p.focal_over_width = 1.1;
  p.flexion_zero_deg = -6.5;
  p.model_lean_deg = 4.25;
  p.neck_behind_mm = 77.5;
  p.landmark_nod_agreement = -0.25;
  p.track_pitch_deg = -7.5;
  LowerFaceLook look;
  look.pose_key = {0.05f, 0.4f};
  look.descriptor[3] = 0.75f;
  LowerFaceLook tilted = look;
  tilted.roll_deg = -12.5f;
  p.lower_face_looks = {look, tilted};
  const fs::path file = midline::testing::process_temp_dir() / "midline_profile_test.toml";
  save_profile(p, file);
  const NeutralProfile back = load_profile(file);
  EXPECT_NEAR(angular_distance_deg(back.neutral.pose.orientation, p.neutral.pose.orientation), 0.0,
              1e-4);  // acos near 1 amplifies rounding
  EXPECT_NEAR(back.neutral.pose.position_mm.z, 640.0, 1e-9);
  EXPECT_NEAR(back.model[30].y, -1.25, 1e-9);
  EXPECT_NEAR(back.model[8].y, p.model[8].y, 1e-9);
  EXPECT_DOUBLE_EQ(back.focal_over_width, 1.1);
  EXPECT_DOUBLE_EQ(back.flexion_zero_deg, -6.5);
  EXPECT_DOUBLE_EQ(back.model_lean_deg, 4.25);
  EXPECT_DOUBLE_EQ(back.neck_behind_mm, 77.5);
  EXPECT_DOUBLE_EQ(back.landmark_nod_agreement, -0.25);
  EXPECT_DOUBLE_EQ(back.track_pitch_deg, -7.5);
  EXPECT_FALSE(back.resting_posture_rough);
  p.resting_posture_rough = true;
  save_profile(p, file);
  EXPECT_TRUE(load_profile(file).resting_posture_rough) << "a rough resting posture stays rough";
  ASSERT_EQ(back.lower_face_looks.size(), 2u);
  EXPECT_FLOAT_EQ(back.lower_face_looks[1].pose_key.y, 0.4f);
  EXPECT_FLOAT_EQ(back.lower_face_looks[1].descriptor[3], 0.75f);
  // A look saved before the roll was kept has none, and is near enough at any roll.
  EXPECT_FALSE(back.lower_face_looks[0].roll_deg.has_value());
  ASSERT_TRUE(back.lower_face_looks[1].roll_deg.has_value());
  EXPECT_FLOAT_EQ(*back.lower_face_looks[1].roll_deg, -12.5f);
}

// A look of the lower face is compared only with the calibration's looks at a similar pose:
// where the nose sits between the eyes, and how far the eye line is turned in the picture (a
// head tilted is lit differently). With none near enough there is no verdict.
TEST(LowerFaceLook, IsComparedOnlyWithLooksAtASimilarRoll) {
  LowerFaceLook reference{};
  reference.pose_key = {0.0f, 0.5f};
  reference.descriptor[0] = 1.0f;
  reference.roll_deg = 2.0f;
  LowerFaceLook now = reference;
  now.descriptor[0] = 0.0f;
  now.descriptor[1] = 1.0f;  // nothing alike
  now.roll_deg = 5.0f;
  ASSERT_TRUE(lower_face_change(now, {reference}).has_value());
  EXPECT_NEAR(*lower_face_change(now, {reference}), 1.0, 1e-6);
  now.roll_deg = 20.0f;
  EXPECT_FALSE(lower_face_change(now, {reference}).has_value()) << "tilted 18 deg further";
  reference.roll_deg.reset();  // from a profile saved before rolls were kept
  EXPECT_TRUE(lower_face_change(now, {reference}).has_value());
}

TEST(NeutralProfile, TheFileSaysWhereTheHeadRestsFromTheBodyMidline) {
  NeutralProfile p;
  p.neutral.pose = HeadPose{rotation_matrix({-25, 8, 0}), {0, 0, 640}};
  const fs::path file = midline::testing::process_temp_dir() / "midline_profile_resting.toml";
  save_profile(p, file);
  const std::string text = text_of(file);
  EXPECT_NE(text.find("rotation = -25"), std::string::npos) << text;
  EXPECT_NE(text.find("tilt = 8"), std::string::npos) << text;
}

// The fitted model leaning 3 degrees from the face's own midline (a lopsided fit): the head
// rested tilted 5 degrees where the model read 8.
TEST(NeutralProfile, WhereTheHeadRestsCountsTheModelsLean) {
  NeutralProfile p;
  p.neutral.pose = HeadPose{rotation_matrix({0, 8, 0}), {0, 0, 640}};
  p.model_lean_deg = 3.0;
  EXPECT_NEAR(resting_posture(body_reference(p)).tilt_deg, 5.0, 1e-9);
  const glm::dmat3 turned = rotation_matrix({30, 8, 0});
  EXPECT_NEAR(angular_distance_deg(model_orientation(p, head_orientation(p, turned)), turned), 0.0,
              1e-4)
      << "head_orientation and model_orientation undo each other";
  const fs::path file = midline::testing::process_temp_dir() / "midline_profile_lean.toml";
  save_profile(p, file);
  const std::string text = text_of(file);
  EXPECT_NE(text.find("tilt = 5"), std::string::npos) << text;
}

// A profile as one saved before `field` was measured: saved with it renamed away, read back.
NeutralProfile read_without(const std::string& field, const NeutralProfile& p) {
  const fs::path file = midline::testing::process_temp_dir() / ("midline_profile_no_" + field);
  save_profile(p, file);
  replace_in_file(file, field + " = ", std::string(field.size(), 'x') + " = ");
  return load_profile(file);
}

// What reading back a profile saved with a value out of its range says.
std::string error_reading(const NeutralProfile& p) {
  const fs::path file = midline::testing::process_temp_dir() / "midline_profile_out_of_range.toml";
  save_profile(p, file);
  return error_of(file);
}

// A profile saved before a measure was made reads the value that stood for it until then: no
// model lean, the typical neck, landmarks believed on nods as they were, and a track read as
// pitched nowhere.
TEST(NeutralProfile, AProfileSavedBeforeAMeasureReadsWhatStoodForIt) {
  NeutralProfile p;
  p.model_lean_deg = 2.0;
  p.neck_behind_mm = 80.0;
  p.landmark_nod_agreement = 0.1;
  p.track_pitch_deg = 6.0;
  EXPECT_EQ(read_without("model_lean_deg", p).model_lean_deg, 0.0);
  EXPECT_EQ(read_without("neck_behind_mm", p).neck_behind_mm, kTypicalNeckBehindMm);
  EXPECT_EQ(read_without("landmark_nod_agreement", p).landmark_nod_agreement, 1.0);
  EXPECT_EQ(read_without("track_pitch_deg", p).track_pitch_deg, 0.0);
}

TEST(NeutralProfile, AMeasureOutOfRangeIsRefusedByName) {
  const std::vector<std::pair<std::string, std::function<void(NeutralProfile&)>>> out_of_range = {
      {"model_lean_deg", [](NeutralProfile& p) { p.model_lean_deg = -20.0; }},
      {"neck_behind_mm", [](NeutralProfile& p) { p.neck_behind_mm = 300.0; }},
      {"landmark_nod_agreement", [](NeutralProfile& p) { p.landmark_nod_agreement = 1.5; }},
      {"track_pitch_deg", [](NeutralProfile& p) { p.track_pitch_deg = 35.0; }},
  };
  for (const auto& [field, set] : out_of_range) {
    NeutralProfile p;
    set(p);
    const std::string error = error_reading(p);
    EXPECT_NE(error.find(field), std::string::npos) << error;
  }
}

TEST(NeutralProfile, AFormatOneProfileReadsWithAFlexionZeroOfNothing) {
  const fs::path file = midline::testing::process_temp_dir() / "midline_profile_v1.toml";
  NeutralProfile p;
  save_profile(p, file);
  replace_in_file(file, "profile 2", "profile 1");
  replace_in_file(file, "flexion_zero_deg = ", "unused_old_field = ");
  EXPECT_EQ(load_profile(file).flexion_zero_deg, 0.0);
}

TEST(NeutralProfile, AFlexionZeroOutOfRangeIsRefusedByName) {
  const fs::path file = midline::testing::process_temp_dir() / "midline_profile_zero.toml";
  NeutralProfile p;
  p.flexion_zero_deg = 40.0;
  save_profile(p, file);
  EXPECT_NE(error_of(file).find("flexion_zero_deg"), std::string::npos) << error_of(file);
}

TEST(NeutralProfile, ABrokenFileIsNamedWithItsLine) {
  const fs::path file = midline::testing::process_temp_dir() / "midline_profile_broken.toml";
  std::ofstream(file) << "format = \"midline neutral profile 1\"\nfocal_over_width = [oops\n";
  const std::string message = error_of(file);
  EXPECT_NE(message.find(file.string() + ":2:"), std::string::npos) << message;
}

TEST(NeutralProfile, AnotherKindOfFileIsRefused) {
  const fs::path file = midline::testing::process_temp_dir() / "midline_profile_other.toml";
  std::ofstream(file) << "title = \"a level\"\n";
  EXPECT_NE(error_of(file).find("not a Midline neutral profile"), std::string::npos);
}

TEST(NeutralProfile, AShortModelIsRefusedByName) {
  const fs::path file = midline::testing::process_temp_dir() / "midline_profile_short.toml";
  std::ofstream(file) << "format = \"midline neutral profile 1\"\nfocal_over_width = 0.9\n"
                         "neutral_orientation_rows = [[1,0,0],[0,1,0],[0,0,1]]\n"
                         "neutral_position_mm = [0,0,600]\nface_model_mm = [[0,0,0]]\n";
  EXPECT_NE(error_of(file).find("face_model_mm"), std::string::npos) << error_of(file);
}

}  // namespace
}  // namespace midline
