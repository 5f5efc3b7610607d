// Writes a short video of a test head moving through the clinical range, as a webcam would
// record it (640x480 MJPG, 30 fps), with its true angles beside it in a CSV file:
//   make_head_video OUT.avi [FACE] [SCRIPT]
// FACE: astronaut by default (test_faces.hpp); SCRIPT (head_scripts.hpp): `sweep`, the
// default, six seconds through the clinical range, for benchmarks that need a moving head
// (bench_tracker) and for looking at the material; `resting-turned`, a calibration of a head
// resting 60° to the side, to try `midline calibrate --video` or `midline --video` with;
// `still`, the head facing the camera and still for ten seconds (the camera check under the
// face's own light, a calibration's hold).
// Exits 77 (a skip for ctest) when the face's photograph is absent.

#include <cmath>
#include <cstdio>
#include <fstream>
#include <opencv2/videoio.hpp>
#include <string>

#include "support/head_scripts.hpp"
#include "support/test_faces.hpp"


int main(int argc, char** argv) {
  using namespace midline;
  using namespace midline::testing;
  const std::string script = argc > 3 ? argv[3] : "sweep";
  if (argc < 2 || (script != "sweep" && script != "resting-turned" && script != "still")) {
    std::fprintf(stderr, "usage: make_head_video OUT.avi [FACE] [sweep|resting-turned|still]\n");
    return 2;
  }
  const std::string out = argv[1], name = argc > 2 ? argv[2] : "astronaut";
  const LandmarkFitter fitter(MIDLINE_LANDMARK_MODEL);
  std::string why;
  const auto face = load_test_face(name, fitter, why);
  if (!face) {
    std::fprintf(stderr, "make_head_video: %s: %s\n", name.c_str(), why.c_str());
    return 77;
  }
  Webcam webcam;
  webcam.jpeg_quality = 0;  // the video writer compresses, once, as a webcam's MJPG does
  const HeadRenderer renderer(face->photo, face->landmarks, face->look, face->light, webcam);
  constexpr double kFps = 30.0;
  const double seconds = script == "sweep"            ? kSweepS
                         : script == "resting-turned" ? kRestingTurnedCalibrationS
                                                      : kStillS;
  const int kFrames = static_cast<int>(kFps * seconds);
  cv::VideoWriter video(out, cv::CAP_OPENCV_MJPEG, cv::VideoWriter::fourcc('M', 'J', 'P', 'G'),
                        kFps, {webcam.width, webcam.height},
                        {cv::VIDEOWRITER_PROP_QUALITY, 85});
  if (!video.isOpened()) {
    std::fprintf(stderr, "make_head_video: cannot write %s\n", out.c_str());
    return 1;
  }
  const std::string csv_path = out.substr(0, out.rfind('.')) + ".csv";
  std::ofstream csv(csv_path);
  csv << "frame,time_s,rotation_deg,tilt_deg,flexion_deg\n";
  for (int i = 0; i < kFrames; ++i) {
    Shot shot;
    shot.time_s = i / kFps;
    if (script == "sweep") shot.angles = sweep(shot.time_s);
    if (script == "resting-turned") shot.angles = resting_turned_calibration(shot.time_s);
    shot.noise_seed = static_cast<unsigned>(i + 1);
    video.write(renderer.render(shot));
    csv << i << ',' << shot.time_s << ',' << shot.angles.rotation_deg << ','
        << shot.angles.tilt_deg << ',' << shot.angles.flexion_deg << '\n';
  }
  video.release();
  cv::VideoCapture check(out);
  int frames = 0;
  cv::Mat frame;
  while (check.read(frame)) {
    if (frame.cols != webcam.width || frame.rows != webcam.height) break;
    ++frames;
  }
  if (frames != kFrames) {
    std::fprintf(stderr, "make_head_video: %s reads back %d of %d frames\n", out.c_str(), frames,
                 kFrames);
    return 1;
  }
  std::printf("make_head_video: %s (%d frames, %s's head) and its true angles in %s\n",
              out.c_str(), frames, name.c_str(), csv_path.c_str());
  return 0;
}
