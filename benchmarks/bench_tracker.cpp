// The tracker's speed and memory on one core at 640x480:
//   steady tracking (landmarks + pose + filter) per frame; calibrated tracking of a head
//   turning to ±45° (landmarks + the model-based track), median and 99th percentile per
//   frame, back to back and at a webcam's 30 frames a second; a full-frame re-detection (and
//   each view a lost face is searched in), finding a calibrated head again from the views
//   kept of it,
//   `midline track` on a file in frames per second, model loading, and resident memory.
// Frames are the rendered astronaut face (scripts/fetch-test-data); the file run also uses
// ../shared/data/videos/single_face.mp4 when it is there.
//   build/benchmarks/bench_tracker [--benchmark_min_time=0.5]

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>
#include <sstream>
#include <string>
#include <thread>

#include "cli/track_command.hpp"
#include "support/face_renderer.hpp"
#include "vision/calibration.hpp"
#include "vision/face_finder.hpp"
#include "vision/face_symmetry.hpp"
#include "vision/head_refinder.hpp"
#include "vision/landmark_fitter.hpp"
#include "vision/look_around_fit.hpp"
#include "vision/model_tracking.hpp"
#include "vision/pose_solver.hpp"
#include "vision/tracker.hpp"

namespace {

using namespace midline;
using testing::FaceRenderer;

double resident_mb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
  return 0.0;
}

struct Fixture {
  std::shared_ptr<const LandmarkFitter> fitter;
  double load_s = 0.0;
  double rss_after_load_mb = 0.0;
  std::vector<cv::Mat> frames;  // a head turning slowly, 640x480
  std::vector<cv::Mat> sweep;   // a head turning to ±45° and nodding, 640x480
  NeutralProfile profile;       // fitted on a frame facing the camera
  Landmarks first_landmarks{};
  cv::Rect first_box;
};

const Fixture& fixture() {
  static const Fixture f = [] {
    Fixture x;
    const auto start = std::chrono::steady_clock::now();
    x.fitter = std::make_shared<const LandmarkFitter>(MIDLINE_DEFAULT_LANDMARK_MODEL);
    x.load_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    x.rss_after_load_mb = resident_mb();
    const std::string photo_path = FaceRenderer::photo_path();
    if (photo_path.empty()) {
      std::fprintf(stderr, "bench_tracker: %s\n", FaceRenderer::missing_photo_message().c_str());
      std::exit(1);
    }
    cv::Mat photo;
    cv::resize(cv::imread(photo_path), photo, {}, 2.0, 2.0, cv::INTER_CUBIC);
    cv::Mat gray;
    cv::cvtColor(photo, gray, cv::COLOR_BGR2GRAY);
    const auto face = FaceFinder().find(gray);
    FaceRenderer renderer(photo, x.fitter->fit(gray, face->box), {1.0, 2.0, 1});
    testing::RenderSettings s;
    for (int i = 0; i < 60; ++i) {
      s.angles = {10.0 * std::sin(i / 10.0), 3.0 * std::sin(i / 7.0), 5.0 * std::sin(i / 13.0)};
      s.noise_seed = static_cast<unsigned>(i + 1);
      x.frames.push_back(renderer.render(s));
    }
    for (int i = 0; i < 180; ++i) {
      const double pi = 3.14159265358979;
      s.angles = {45.0 * std::sin(2 * pi * i / 90.0), 0.0, 10.0 * std::sin(2 * pi * i / 60.0)};
      s.noise_seed = static_cast<unsigned>(i + 100);
      x.sweep.push_back(renderer.render(s));
    }
    {
      cv::Mat facing_gray;
      cv::cvtColor(x.sweep[0], facing_gray, cv::COLOR_BGR2GRAY);
      const auto facing = FaceFinder().find(facing_gray);
      const auto camera = CameraIntrinsics::for_image(640, 480, kDefaultFocalOverWidth);
      x.profile =
          fit_profile(x.fitter->fit(facing_gray, facing->box), {}, camera, kDefaultFocalOverWidth);
    }
    cv::Mat first_gray;
    cv::cvtColor(x.frames[0], first_gray, cv::COLOR_BGR2GRAY);
    x.first_box = FaceFinder().find(first_gray)->box;
    x.first_landmarks = x.fitter->fit(first_gray, x.first_box);
    return x;
  }();
  return f;
}

void BM_SteadyTracking(benchmark::State& state) {
  const Fixture& f = fixture();
  Tracker tracker(f.fitter);
  double t = 0;
  size_t i = 0;
  tracker.process(f.frames[0], t);  // the first frame detects; the rest follow
  for (auto _ : state) {
    t += 1.0 / 30.0;
    benchmark::DoNotOptimize(tracker.process(f.frames[++i % f.frames.size()], t));
  }
  state.counters["model_load_s"] = f.load_s;
  state.counters["rss_with_model_MB"] = f.rss_after_load_mb;
}
BENCHMARK(BM_SteadyTracking)
    ->Unit(benchmark::kMillisecond)
    ->Repetitions(5)
    ->ReportAggregatesOnly(true)
    ->ComputeStatistics("max", [](const std::vector<double>& v) {
      return *std::max_element(v.begin(), v.end());
    });

// A tracker calibrated on the fixture's head (so following it with the model-based track).
Tracker calibrated_tracker(const Fixture& f) {
  Tracker tracker(f.fitter);
  tracker.set_profile(f.profile);
  return tracker;
}

// Each timed call's wall time, reported as a median and a 99th percentile: a frame's cost
// varies (a view kept, a restart), and the slow frames are what a patient sees.
struct CallTimes {
  std::vector<double> ms;
  template <class Call>
  auto timed(Call&& call) {
    const auto start = std::chrono::steady_clock::now();
    auto result = call();
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                     .count());
    return result;
  }
  void report(benchmark::State& state) {
    std::sort(ms.begin(), ms.end());
    state.counters["median_ms"] = ms[ms.size() / 2];
    state.counters["p99_ms"] = ms[std::min(ms.size() - 1, ms.size() * 99 / 100)];
  }
};

// The calibrated model-track tracker on the fixture's sweep, from its 31st frame on (the head
// found and followed).
struct FollowedSweep {
  const Fixture& f;
  Tracker tracker;
  double t = 0;
  size_t i = 0;
  explicit FollowedSweep(const Fixture& fixture) : f(fixture), tracker(calibrated_tracker(f)) {
    for (; i < 30; ++i, t += 1.0 / 30.0) tracker.process(f.sweep[i], t);
  }
  TrackedFrame next() {
    TrackedFrame tracked = tracker.process(f.sweep[i++ % f.sweep.size()], t);
    t += 1.0 / 30.0;
    return tracked;
  }
};

// Calibrated, on a head that keeps moving (to ±45° of rotation, past where the landmarks are
// fitted): the per-frame cost with the model-based track, as a median and a 99th percentile.
// Frames come one after another, with no time between them: a view the tracker keeps (made
// on a worker thread) is waited for by the next frame on one core. CPU time counts the worker.
void BM_CalibratedMovingHead(benchmark::State& state) {
  FollowedSweep sweep(fixture());
  CallTimes times;
  for (auto _ : state) benchmark::DoNotOptimize(times.timed([&] { return sweep.next(); }));
  times.report(state);
}
BENCHMARK(BM_CalibratedMovingHead)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(900)
    ->MeasureProcessCPUTime();

// The same head as a webcam delivers it, a frame every 1/30 s: how long each frame waits for
// the tracker (what a patient sees), with the time between frames free for the tracker's
// worker thread, as it is live. 10 s of frames.
void BM_CalibratedMovingHeadAtCameraRate(benchmark::State& state) {
  FollowedSweep sweep(fixture());
  const auto period = std::chrono::microseconds(33333);
  auto next_frame = std::chrono::steady_clock::now();
  CallTimes times;
  for (auto _ : state) {
    std::this_thread::sleep_until(next_frame += period);
    benchmark::DoNotOptimize(times.timed([&] { return sweep.next(); }));
  }
  times.report(state);
}
BENCHMARK(BM_CalibratedMovingHeadAtCameraRate)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(300)
    ->MeasureProcessCPUTime();

void BM_FullFrameDetection(benchmark::State& state) {
  const Fixture& f = fixture();
  FaceFinder finder;
  cv::Mat gray;
  cv::cvtColor(f.frames[0], gray, cv::COLOR_BGR2GRAY);
  for (auto _ : state) benchmark::DoNotOptimize(finder.find(gray));
}
BENCHMARK(BM_FullFrameDetection)
    ->Unit(benchmark::kMillisecond)
    ->Repetitions(5)
    ->ReportAggregatesOnly(true);

// The tracker's check, every few frames, that the face it follows is still a face: the
// detector in the region around the box the landmarks give, searched at every scale (0) or
// only at the sizes the face may have (1, as the tracker does).
void BM_FollowedFaceCheck(benchmark::State& state) {
  const Fixture& f = fixture();
  FaceFinder finder;
  cv::Mat gray;
  cv::cvtColor(f.frames[0], gray, cv::COLOR_BGR2GRAY);
  const cv::Rect box = f.fitter->box_for(f.first_landmarks);
  const int margin = box.width / 3;
  const cv::Rect region(box.x - margin, box.y - margin, box.width + 2 * margin,
                        box.height + 2 * margin);
  const double face_width = state.range(0) == 1 ? box.width : 0.0;
  bool found = true;
  for (auto _ : state) {
    const auto face =
        finder.find_in(gray, region, TrackerParams{}.confirm_threshold, 0.0, face_width);
    found = found && face.has_value();
    benchmark::DoNotOptimize(face);
  }
  if (!found) state.SkipWithError("the followed face was not confirmed");
  state.SetLabel(state.range(0) == 1 ? "at the face's size" : "every scale");
}
BENCHMARK(BM_FollowedFaceCheck)
    ->DenseRange(0, 1)
    ->Unit(benchmark::kMillisecond)
    ->Repetitions(3)
    ->ReportAggregatesOnly(true);

// A lost face is searched for in one view a frame (FaceFinder::find_lost): upright, the frame
// turned +40 and -40 degrees. For a face never seen, each over the whole frame at every size;
// for one seen before (as the tracker searches), the upright view at the sizes it may have
// and the turned views around where it was. Also with the face gone from the frame, where
// nothing is found and every fallback is paid. Each view's cost is what a frame with a lost
// face pays; each must stay within the re-detection budget (25 ms).
void BM_LostFaceSearch(benchmark::State& state) {
  const Fixture& f = fixture();
  FaceFinder finder;
  cv::Mat gray;
  cv::cvtColor(f.frames[0], gray, cv::COLOR_BGR2GRAY);
  const int view = static_cast<int>(state.range(0));
  const bool seen = state.range(1) >= 1;
  const bool gone = state.range(1) == 2;  // the head has left the frame: nothing is found
  // The face as the benchmark renders it (120 px wide), or nearer the camera, scaled about
  // its centre within the same 640x480 frame.
  const double scale = static_cast<double>(state.range(2)) / 100.0;
  cv::Rect box = f.first_box;
  if (scale != 1.0) {
    const cv::Point2f centre(static_cast<float>(box.x + box.width / 2.0),
                             static_cast<float>(box.y + box.height / 2.0));
    cv::warpAffine(gray, gray, cv::getRotationMatrix2D(centre, 0.0, scale), gray.size(),
                   cv::INTER_LINEAR, cv::BORDER_REPLICATE);
    const cv::Size scaled(static_cast<int>(box.width * scale),
                          static_cast<int>(box.height * scale));
    box = cv::Rect(static_cast<int>(centre.x - scaled.width / 2.0),
                   static_cast<int>(centre.y - scaled.height / 2.0), scaled.width, scaled.height);
  }
  if (gone) gray(box & cv::Rect(0, 0, gray.cols, gray.rows)).setTo(cv::mean(gray));
  const std::optional<cv::Rect> last_seen = seen ? std::optional<cv::Rect>(box) : std::nullopt;
  for (auto _ : state) benchmark::DoNotOptimize(finder.find_lost(gray, view, last_seen));
  const char* const names[] = {"upright", "turned +40", "turned -40"};
  const char* const where = view == 0 ? ", at the sizes it may have" : ", around where it was";
  state.SetLabel(std::string(names[view % FaceFinder::kLostViews]) + (seen ? where : "") +
                 ", the face " + std::to_string(box.width) + " px wide" +
                 (gone ? " and gone" : ""));
}
BENCHMARK(BM_LostFaceSearch)
    ->Args({0, 0, 100})
    ->Args({1, 0, 100})
    ->Args({2, 0, 100})
    ->Args({1, 1, 100})
    ->Args({2, 1, 100})
    ->Args({0, 1, 100})
    ->Args({0, 2, 100})
    ->Args({0, 0, 125})
    ->Args({0, 1, 125})
    ->Args({0, 2, 125})
    ->Args({1, 2, 100})
    ->Unit(benchmark::kMillisecond)
    ->Repetitions(3)
    ->ReportAggregatesOnly(true);

// A calibrated head lost while turned (vision/head_refinder.hpp): every other frame of the
// search matches the frame against the views kept of the head and solves its pose. The views
// are kept as the tracker keeps them, from a calibrated track of the head turning to ±45°;
// each frame searched is one of that turn's frames turned past 25°. The cost per frame must
// stay within the re-detection budget (25 ms).
void BM_HeadRefind(benchmark::State& state) {
  const Fixture& f = fixture();
  Tracker tracker = calibrated_tracker(f);
  const HeadShape head(f.profile.model);
  HeadRefinder refinder;
  std::vector<cv::Mat> turned;  // grey frames with the head turned past 25 degrees
  double t = 0;
  for (const cv::Mat& frame : f.sweep) {
    const TrackedFrame tracked = tracker.process(frame, t);
    t += 1.0 / 30.0;
    if (!tracked.sample.face) continue;
    cv::Mat gray;
    cv::cvtColor(frame, gray, cv::COLOR_BGR2GRAY);
    const HeadPose& pose = tracked.sample.face->pose;
    if (tracked.sample.trusted() && refinder.wants_view(pose))
      refinder.add_view(gray, pose, SinceAnchor{}, head, tracker.camera_for(frame));
    if (std::abs(tracked.sample.face->raw_angles.rotation_deg) > 25.0) turned.push_back(gray);
  }
  if (turned.empty() || refinder.view_count() == 0) {
    state.SkipWithError("no views kept or no turned frames");
    return;
  }
  const CameraIntrinsics camera = tracker.camera_for(f.sweep[0]);
  CallTimes times;
  int found = 0;
  size_t i = 0;
  for (auto _ : state) {
    // Lost facing the camera, each frame searched is the next attempt (the next views).
    const auto pose = times.timed([&] {
      return refinder.find(turned[i % turned.size()], camera, HeadPose{}, static_cast<int>(i));
    });
    ++i;
    found += pose.has_value();
    benchmark::DoNotOptimize(pose);
  }
  times.report(state);
  state.counters["views"] = refinder.view_count();
  state.counters["found_share"] = static_cast<double>(found) / static_cast<double>(times.ms.size());
}
BENCHMARK(BM_HeadRefind)->Unit(benchmark::kMillisecond)->Iterations(100);

void BM_LandmarkFit(benchmark::State& state) {
  const Fixture& f = fixture();
  cv::Mat gray;
  cv::cvtColor(f.frames[0], gray, cv::COLOR_BGR2GRAY);
  for (auto _ : state) benchmark::DoNotOptimize(f.fitter->fit(gray, f.first_box));
}
BENCHMARK(BM_LandmarkFit)->Unit(benchmark::kMicrosecond);

void BM_SolvePose(benchmark::State& state) {
  const Fixture& f = fixture();
  const auto camera = CameraIntrinsics::for_image(640, 480, kDefaultFocalOverWidth);
  const PoseFit first = solve_pose(f.first_landmarks, generic_face_model(), camera, std::nullopt);
  for (auto _ : state)
    benchmark::DoNotOptimize(
        solve_pose(f.first_landmarks, generic_face_model(), camera, first.pose));
}
BENCHMARK(BM_SolvePose)->Unit(benchmark::kMicrosecond);

// The face's lean from its mirror symmetry (vision/face_symmetry.hpp): calibration reads it on
// every third frame of the hold and the look around, on the tracking thread.
void BM_FaceLean(benchmark::State& state) {
  const Fixture& f = fixture();
  cv::Mat gray;
  cv::cvtColor(f.frames[0], gray, cv::COLOR_BGR2GRAY);
  bool read = true;
  for (auto _ : state) {
    const auto lean = face_lean_in_picture(gray, f.first_landmarks);
    read = read && lean.has_value();
    benchmark::DoNotOptimize(lean);
  }
  if (!read) state.SkipWithError("no lean read on the benchmark's face");
}
BENCHMARK(BM_FaceLean)->Unit(benchmark::kMillisecond);

// Calibration's hold follows the head's texture on the generic head, every frame of the 3-second
// hold, on the tracking thread (Calibration::follow_hold): one follow a frame, here over a head
// turning slowly (a still hold's points move less).
void BM_CalibrationHoldFollow(benchmark::State& state) {
  const Fixture& f = fixture();
  std::vector<cv::Mat> grays(f.frames.size());
  for (size_t i = 0; i < f.frames.size(); ++i)
    cv::cvtColor(f.frames[i], grays[i], cv::COLOR_BGR2GRAY);
  const HeadShape generic_head(generic_face_model());
  const CameraIntrinsics camera =
      CameraIntrinsics::for_image(grays[0].cols, grays[0].rows, kDefaultFocalOverWidth);
  const HeadPose start =
      solve_pose(f.first_landmarks, generic_head.face(), camera, std::nullopt).pose;
  ModelTracking track;
  size_t next = grays.size();
  for (auto _ : state) {
    if (!track.active() || next == grays.size()) {
      state.PauseTiming();
      if (!track.start(grays[0], start, generic_head, camera)) {
        state.SkipWithError("no points found on the benchmark's face");
        break;
      }
      next = 1;
      state.ResumeTiming();
    }
    benchmark::DoNotOptimize(track.follow(grays[next++], camera));
  }
}
BENCHMARK(BM_CalibrationHoldFollow)->Unit(benchmark::kMillisecond);

// Where the head turns on the neck, measured at the end of calibration's look around (the
// texture followed and fitted, then the track run over the look around at three distances):
// here over the 180 frames of the head turning to ±45° and nodding ±10°, as many as the 6-second
// look around's. Calibration's last step waits for it, once.
void BM_MeasureLookAround(benchmark::State& state) {
  const Fixture& f = fixture();
  std::vector<cv::Mat> grays(f.sweep.size());
  std::vector<std::optional<Landmarks>> landmarks(f.sweep.size());
  Tracker tracker(f.fitter);
  for (size_t i = 0; i < f.sweep.size(); ++i) {
    cv::cvtColor(f.sweep[i], grays[i], cv::COLOR_BGR2GRAY);
    tracker.process(f.sweep[i], static_cast<double>(i) / 30.0, static_cast<int64_t>(i));
    if (tracker.last_fit()) landmarks[i] = tracker.last_fit()->landmarks;
  }
  const CameraIntrinsics camera =
      CameraIntrinsics::for_image(grays[0].cols, grays[0].rows, kDefaultFocalOverWidth);
  for (auto _ : state) {
    const LookAroundMeasures measured =
        measure_look_around(grays, landmarks, f.profile.model, camera);
    if (!measured.neck_behind_mm) {
      state.SkipWithError("the look around gave no figure for the neck");
      break;
    }
    benchmark::DoNotOptimize(measured);
  }
}
BENCHMARK(BM_MeasureLookAround)->Unit(benchmark::kMillisecond)->Iterations(3);

// `midline track` on a 640x480 video file, end to end: decode, track, write the CSV.
void BM_TrackFile(benchmark::State& state) {
  const Fixture& f = fixture();
  const std::filesystem::path video = std::filesystem::temp_directory_path() / "midline_bench.avi";
  {
    cv::VideoWriter writer(video.string(), cv::CAP_FFMPEG,
                           cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 30.0, f.frames[0].size());
    for (int repeat = 0; repeat < 5; ++repeat)
      for (const auto& frame : f.frames) writer.write(frame);
  }
  cli::TrackOptions options;
  options.video = video.string();
  options.csv = std::filesystem::temp_directory_path() / "midline_bench.csv";
  options.progress = false;
  const int64_t frames = static_cast<int64_t>(f.frames.size()) * 5;
  for (auto _ : state) {
    std::ostringstream out, err;
    if (cli::run_track(options, out, err) != 0) state.SkipWithError(err.str().c_str());
  }
  state.SetItemsProcessed(state.iterations() * frames);
  std::filesystem::remove(video);
  std::filesystem::remove(*options.csv);
}
BENCHMARK(BM_TrackFile)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
