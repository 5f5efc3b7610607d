// `midline track` and `midline calibrate` end to end, on a video of the rendered face whose
// true angles are known: calibrate on its first ten seconds, then measure the rest.

#include "cli/track_command.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <opencv2/videoio.hpp>
#include <sstream>

#include "tracking_fixture.hpp"

namespace midline::testing {
namespace {

namespace fs = std::filesystem;
constexpr double kPi = 3.14159265358979;

struct Segment {
  double start_s, end_s;
  HeadAngles truth;
};

// 0-3.6 s a still neutral, 3.6-9.6 s a gentle look around, then three held poses.
HeadAngles pose_at(double t, std::vector<Segment>* holds) {
  static const std::vector<Segment> poses = {
      {10.6, 11.6, {20, 0, 0}}, {12.6, 13.6, {0, -15, 0}}, {14.6, 15.6, {0, 0, 15}}};
  if (holds) *holds = poses;
  if (t < 3.6) return {0.3 * std::sin(2 * kPi * 0.7 * t), 0, 0};
  if (t < 9.6) return {15 * std::sin(2 * kPi * (t - 3.6) / 3), 0, 8 * std::sin(2 * kPi * (t - 3.6) / 2)};
  HeadAngles a{};
  for (const auto& p : poses) {
    const double k = std::clamp((t - (p.start_s - 0.6)) / 0.5, 0.0, 1.0);  // move, then hold
    const double back = std::clamp((t - p.end_s) / 0.4, 0.0, 1.0);         // and return
    const double w = k * (1.0 - back);
    a.rotation_deg += w * p.truth.rotation_deg;
    a.tilt_deg += w * p.truth.tilt_deg;
    a.flexion_deg += w * p.truth.flexion_deg;
  }
  return a;
}

const fs::path& rendered_video() {
  static const fs::path path = [] {
    const fs::path file = fs::temp_directory_path() / "midline_track_test.avi";
    const Photo& photo = *astronaut();
    FaceRenderer renderer(photo.image, photo.landmarks, {0.95, 2.0, 21});
    RenderSettings s;
    cv::VideoWriter writer(file.string(), cv::CAP_FFMPEG, cv::VideoWriter::fourcc('M', 'J', 'P', 'G'),
                           30.0, {s.width, s.height});
    for (int i = 0; i < 16 * 30; ++i) {
      s.angles = pose_at(i / 30.0, nullptr);
      s.noise_seed = static_cast<unsigned>(i + 1);
      writer.write(renderer.render(s));
    }
    return file;
  }();
  return path;
}

std::vector<std::vector<std::string>> read_csv(const fs::path& file, std::string* header) {
  std::ifstream in(file);
  std::string line;
  std::getline(in, *header);
  std::vector<std::vector<std::string>> rows;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) cells.push_back(cell);
    if (!line.empty() && line.back() == ',') cells.push_back("");
    rows.push_back(cells);
  }
  return rows;
}

TEST(TrackCommand, CalibratesThenMeasuresKnownAnglesIntoTheCsv) {
  MIDLINE_REQUIRE_PHOTO();
  const fs::path profile = fs::temp_directory_path() / "midline_track_test_neutral.toml";
  const fs::path csv = fs::temp_directory_path() / "midline_track_test.csv";
  std::ostringstream out, err;

  cli::CalibrateOptions calibrate;
  calibrate.video = rendered_video().string();
  calibrate.out = profile;
  ASSERT_EQ(cli::run_calibrate(calibrate, err), 0) << err.str();
  ASSERT_TRUE(fs::exists(profile));

  cli::TrackOptions track;
  track.video = rendered_video().string();
  track.neutral = profile;
  track.csv = csv;
  track.overlay = fs::temp_directory_path() / "midline_track_test_overlay.mp4";
  track.progress = false;
  ASSERT_EQ(cli::run_track(track, out, err), 0) << err.str();
  cv::VideoCapture overlay(track.overlay->string(), cv::CAP_FFMPEG);
  ASSERT_TRUE(overlay.isOpened()) << "the overlay video cannot be read back";
  EXPECT_EQ(overlay.get(cv::CAP_PROP_FRAME_COUNT), 16 * 30);

  std::string header;
  const auto rows = read_csv(csv, &header);
  EXPECT_EQ(header.rfind("frame,file,time_s,found,quality,rotation_deg,tilt_deg,flexion_deg", 0),
            0u)
      << header;
  ASSERT_EQ(rows.size(), 16u * 30u);
  std::vector<Segment> holds;
  pose_at(0, &holds);
  for (const Segment& hold : holds) {
    double sum[3] = {0, 0, 0};
    int n = 0;
    for (const auto& r : rows) {
      const double t = std::stod(r[2]);
      if (t < hold.start_s + 0.3 || t > hold.end_s || r[3] != "1") continue;
      for (int k = 0; k < 3; ++k) sum[k] += std::stod(r[5 + k]);
      ++n;
    }
    ASSERT_GT(n, 15) << "face found in too few frames of the hold at " << hold.start_s << " s";
    EXPECT_NEAR(sum[0] / n, hold.truth.rotation_deg, 3.0) << "rotation, hold at " << hold.start_s;
    EXPECT_NEAR(sum[1] / n, hold.truth.tilt_deg, 3.0) << "tilt, hold at " << hold.start_s;
    EXPECT_NEAR(sum[2] / n, hold.truth.flexion_deg, 3.0) << "flexion, hold at " << hold.start_s;
  }
  EXPECT_NE(err.str().find("relative to the calibrated neutral"), std::string::npos);
  EXPECT_EQ(rows.back().back(), "1");  // the calibrated column
}

TEST(TrackCommand, MeasuresEachImageOfAFolderOnItsOwn) {
  MIDLINE_REQUIRE_PHOTO();
  const fs::path dir = fs::temp_directory_path() / "midline_track_images";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const Photo& photo = *astronaut();
  FaceRenderer renderer(photo.image, photo.landmarks, {1.0, 2.0, 5});
  RenderSettings s;
  s.angles = {20, 0, 0};
  cv::imwrite((dir / "a_turned.png").string(), renderer.render(s));
  s.angles = {};
  cv::imwrite((dir / "b_straight.png").string(), renderer.render(s));
  std::ofstream(dir / "c_broken.jpg") << "not a picture";
  const fs::path csv = dir / "out.csv";

  cli::TrackOptions track;
  track.images = dir;
  track.csv = csv;
  track.progress = false;
  std::ostringstream out, err;
  ASSERT_EQ(cli::run_track(track, out, err), 0) << err.str();
  std::string header;
  const auto rows = read_csv(csv, &header);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0][1], "a_turned.png");
  EXPECT_EQ(rows[2][1], "c_broken.jpg");
  EXPECT_EQ(rows[0][3], "1");
  EXPECT_EQ(rows[2][3], "0");
  EXPECT_NE(err.str().find("c_broken.jpg"), std::string::npos) << err.str();
  // Without a neutral, angles are against facing the camera: the turn shows as rotation.
  EXPECT_GT(std::stod(rows[0][5]) - std::stod(rows[1][5]), 14.0);
}

TEST(TrackCommand, NeedsExactlyOneSource) {
  std::ostringstream out, err;
  cli::TrackOptions none;
  EXPECT_EQ(cli::run_track(none, out, err), 2);
  EXPECT_NE(err.str().find("name one source"), std::string::npos);
  cli::TrackOptions two;
  two.video = "a.mp4";
  two.camera = "0";
  EXPECT_EQ(cli::run_track(two, out, err), 2);
}

TEST(TrackCommand, AMissingCameraIsNamedQuickly) {
  std::ostringstream out, err;
  cli::TrackOptions track;
  track.camera = "/dev/video96";
  EXPECT_EQ(cli::run_track(track, out, err), 1);
  EXPECT_NE(err.str().find("/dev/video96"), std::string::npos) << err.str();
}

TEST(TrackCommand, AMissingVideoOrModelIsNamed) {
  std::ostringstream out, err;
  cli::TrackOptions track;
  track.video = "/nonexistent/session.mp4";
  EXPECT_EQ(cli::run_track(track, out, err), 1);
  EXPECT_NE(err.str().find("/nonexistent/session.mp4"), std::string::npos) << err.str();
}

TEST(TrackCommand, CalibrationOnTooShortAVideoSaysSo) {
  MIDLINE_REQUIRE_PHOTO();
  const fs::path file = fs::temp_directory_path() / "midline_short.avi";
  {
    const Photo& photo = *astronaut();
    FaceRenderer renderer(photo.image, photo.landmarks, {1.0, 2.0, 5});
    cv::VideoWriter writer(file.string(), cv::CAP_FFMPEG, cv::VideoWriter::fourcc('M', 'J', 'P', 'G'),
                           30.0, {640, 480});
    for (int i = 0; i < 30; ++i) writer.write(renderer.render({}));
  }
  cli::CalibrateOptions calibrate;
  calibrate.video = file.string();
  calibrate.out = fs::temp_directory_path() / "midline_short_neutral.toml";
  std::ostringstream err;
  EXPECT_EQ(cli::run_calibrate(calibrate, err), 1);
  EXPECT_NE(err.str().find("ended before the calibration"), std::string::npos) << err.str();
}

}  // namespace
}  // namespace midline::testing
