// The camera check's set-up check, per preview picture (about 15 a second on the game's
// thread while the camera check is open): a rendered person at the preview's 320x240 and at
// the camera's 640x480, sitting square and leaning (a lean measures twice: the trunk's turn is
// read again with the shoulders levelled); and how evenly the face is lit, on the preview.
//   build/benchmarks/bench_setup_check

#include <benchmark/benchmark.h>

#include <opencv2/imgproc.hpp>

#include "support/shoulder_scene.hpp"
#include "vision/setup_check.hpp"

namespace {

using namespace midline;

void BM_SetupCheck(benchmark::State& state) {
  testing::ShoulderScene scene;
  scene.trunk_lean_deg = static_cast<double>(state.range(1));
  const testing::RenderedScene rendered = testing::render_shoulder_scene(scene);
  const double scale = static_cast<double>(state.range(0)) / rendered.bgr.cols;
  cv::Mat picture;
  cv::resize(rendered.bgr, picture, {}, scale, scale, cv::INTER_AREA);
  const cv::Rect2d box(rendered.face_box.x * scale, rendered.face_box.y * scale,
                       rendered.face_box.width * scale, rendered.face_box.height * scale);
  for (auto _ : state) benchmark::DoNotOptimize(measure_setup(picture, box, scene.focal_over_width));
  state.SetLabel(std::to_string(picture.cols) + "x" + std::to_string(picture.rows) +
                 (state.range(1) ? ", leaning" : ", square"));
}
BENCHMARK(BM_SetupCheck)->Args({320, 0})->Args({320, 10})->Args({640, 0})->Unit(benchmark::kMillisecond);

// How evenly the face is lit, on the same preview picture (grey, as the camera check gives it).
void BM_FaceLight(benchmark::State& state) {
  const testing::RenderedScene rendered = testing::render_shoulder_scene({});
  const double scale = 320.0 / rendered.bgr.cols;
  cv::Mat picture, gray;
  cv::resize(rendered.bgr, picture, {}, scale, scale, cv::INTER_AREA);
  cv::cvtColor(picture, gray, cv::COLOR_BGR2GRAY);
  const cv::Rect2d box(rendered.face_box.x * scale, rendered.face_box.y * scale,
                       rendered.face_box.width * scale, rendered.face_box.height * scale);
  for (auto _ : state) benchmark::DoNotOptimize(measure_face_light(gray, box));
  if (!measure_face_light(gray, box)) state.SkipWithError("no face light measured");
}
BENCHMARK(BM_FaceLight)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
