// Writes a short video of a test head moving through the clinical range, as a webcam would
// record it (640x480 MJPG, 30 fps), with its true angles beside it in a CSV file:
//   make_head_video OUT.avi [FACE]        (FACE: astronaut by default; see test_faces.hpp)
// For benchmarks that need a moving head (bench_tracker) and for looking at the material.
// Exits 77 (a skip for ctest) when the face's photograph is absent.

#include <cmath>
#include <cstdio>
#include <fstream>
#include <opencv2/videoio.hpp>
#include <string>

#include "support/test_faces.hpp"

namespace {

using midline::HeadAngles;

// Six seconds: turn right to 60°, left to -60°, back; nod down and up; a tilt each way; with
// a little of the other axes throughout, as heads move.
HeadAngles sweep(double t) {
  const double pi = 3.14159265358979;
  HeadAngles a;
  if (t < 3.0) {
    a.rotation_deg = 60.0 * std::sin(2 * pi * t / 3.0);
    a.flexion_deg = 4.0 * std::sin(2 * pi * t / 1.5);
  } else if (t < 4.5) {
    a.flexion_deg = 35.0 * std::sin(2 * pi * (t - 3.0) / 1.5);
    a.rotation_deg = 5.0 * std::sin(2 * pi * (t - 3.0) / 1.5);
  } else {
    a.tilt_deg = 35.0 * std::sin(2 * pi * (t - 4.5) / 1.5);
    a.rotation_deg = 5.0 * std::sin(2 * pi * (t - 4.5) / 0.75);
  }
  return a;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace midline;
  using namespace midline::testing;
  if (argc < 2) {
    std::fprintf(stderr, "usage: make_head_video OUT.avi [FACE]\n");
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
  constexpr int kFrames = 180;
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
    shot.angles = sweep(shot.time_s);
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
