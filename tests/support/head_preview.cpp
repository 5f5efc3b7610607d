// Writes a few renders of each test head as PNG files, to look at the material:
//   build/tests/support/head_preview OUT_DIR [FACE...]
#include <chrono>
#include <ctime>
#include <cstdio>
#include <opencv2/imgproc.hpp>

#include "vision/face_finder.hpp"
#include <opencv2/imgcodecs.hpp>

#include "support/test_faces.hpp"

int main(int argc, char** argv) {
  using namespace midline;
  using namespace midline::testing;
  if (argc < 2) {
    std::fprintf(stderr, "usage: head_preview OUT_DIR [FACE...]\n");
    return 2;
  }
  const LandmarkFitter fitter(MIDLINE_LANDMARK_MODEL);
  std::vector<std::string> names(argv + 2, argv + argc);
  if (names.empty()) names = test_face_names();
  const HeadAngles poses[] = {{0, 0, 0},   {30, 0, 0},   {-60, 0, 0}, {75, 0, 0},
                              {0, 40, 0},  {0, 0, 40},   {0, 0, -35}, {20, 10, -10},
                              {0, 0, 20},  {0, 0, 30},   {0, 0, -20}, {0, 0, -30}};
  for (const auto& name : names) {
    std::string why;
    const auto face = load_test_face(name, fitter, why);
    if (!face) {
      std::fprintf(stderr, "%s: %s\n", name.c_str(), why.c_str());
      continue;
    }
    const HeadRenderer renderer(face->photo, face->landmarks, face->look, face->light);
    int k = 0;
    const FaceFinder finder;
    for (const auto& a : poses) {
      Shot shot;
      shot.angles = a;
      shot.noise_seed = static_cast<unsigned>(k + 1);
      const auto start = std::chrono::steady_clock::now();
      const cv::Mat image = renderer.render(shot);
      const double ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
      cv::Mat gray;
      cv::cvtColor(image, gray, cv::COLOR_BGR2GRAY);
      const auto found = finder.find(gray);
      if (found && a.rotation_deg == 0 && a.tilt_deg == 0 && a.flexion_deg == 0) {
        const Landmarks l = fitter.fit(gray, found->box);
        const float mid = (l[kLeftEyeOuter].x + l[kRightEyeOuter].x) / 2;
        std::printf("  facing: nose tip %.1f px right of the eye midpoint, jaw %.0f px wide, "
                    "eye span %.0f px\n", static_cast<double>(l[kNoseTip].x - mid),
                    static_cast<double>(l[16].x - l[0].x), static_cast<double>(eye_span_px(l)));
      }
      std::printf("%s %4.0f %4.0f %4.0f: rendered in %.1f ms, detector %s %.2f\n", name.c_str(),
                  a.rotation_deg, a.tilt_deg, a.flexion_deg, ms, found ? "found" : "none",
                  found ? found->score : 0.0);
      cv::imwrite(std::string(argv[1]) + "/" + name + "_" + std::to_string(k++) + ".png", image);
    }
    {
      const std::clock_t start = std::clock();
      Shot s;
      for (int i = 0; i < 40; ++i) {
        s.angles = {i * 1.0, 0, 0};
        s.noise_seed = static_cast<unsigned>(i);
        renderer.render(s);
      }
      const std::clock_t mid = std::clock();
      for (int i = 0; i < 40; ++i) {
        s.angles = {i * 1.0, 0, 0};
        renderer.render_clean(s);
      }
      std::printf("%s: %.1f ms CPU a frame, %.1f without the webcam\n", name.c_str(),
                  1000.0 * static_cast<double>(mid - start) / CLOCKS_PER_SEC / 40,
                  1000.0 * static_cast<double>(std::clock() - mid) / CLOCKS_PER_SEC / 40);
    }
    Shot hand;
    hand.hand = face->sensory_trick;
    cv::imwrite(std::string(argv[1]) + "/" + name + "_hand.png", renderer.render(hand));
    std::printf("%s: distance %.0f mm, jaw %.0f mm\n", name.c_str(), renderer.distance_mm(),
                renderer.jaw_width_mm());
  }
  return 0;
}
