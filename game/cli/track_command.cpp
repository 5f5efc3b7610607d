#include "cli/track_command.hpp"

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>
#include <unistd.h>

#include "pose/posture_words.hpp"
#include "vision/calibration.hpp"
#include "vision/neutral_profile.hpp"
#include "vision/tracker_factory.hpp"

namespace midline::cli {
namespace {

using Clock = std::chrono::steady_clock;

// Ctrl+C ends a camera run cleanly: the CSV so far is complete and flushed.
std::atomic<bool> interrupted{false};
extern "C" void on_interrupt(int) { interrupted = true; }

// What both commands ask of the tracker factory.
TrackingRequest tracking_request(const std::string& video, const std::optional<std::string>& camera,
                                 const std::optional<std::filesystem::path>& images,
                                 const std::string& landmark_model,
                                 std::optional<double> focal_over_width) {
  TrackingRequest request;
  request.source = images   ? FrameSourceRequest::image_folder(*images)
                   : camera ? FrameSourceRequest::webcam(*camera)
                            : FrameSourceRequest::video_file(video);
  request.landmark_model_path = landmark_model;
  if (focal_over_width) request.params.focal_over_width = *focal_over_width;
  return request;
}

// A one-line progress bar on stderr, redrawn at most five times a second.
class ProgressBar {
 public:
  ProgressBar(std::ostream& err, std::optional<int64_t> total, bool enabled)
      : err_(err), total_(total), enabled_(enabled && total && isatty(STDERR_FILENO)),
        start_(Clock::now()) {}
  void update(int64_t done) {
    if (!enabled_ || Clock::now() - last_ < std::chrono::milliseconds(200)) return;
    last_ = Clock::now();
    const double fraction = std::min(1.0, static_cast<double>(done) / static_cast<double>(*total_));
    const int width = 30, filled = static_cast<int>(fraction * width);
    err_ << "\r[" << std::string(static_cast<size_t>(filled), '#')
         << std::string(static_cast<size_t>(width - filled), ' ') << "] " << std::setw(3)
         << static_cast<int>(fraction * 100) << "%  " << done << "/" << *total_ << " frames, "
         << std::fixed << std::setprecision(0) << rate(done) << " frames/s" << std::flush;
  }
  void finish() {
    if (enabled_) err_ << "\r" << std::string(70, ' ') << "\r";
  }
  double rate(int64_t done) const {
    const double s = std::chrono::duration<double>(Clock::now() - start_).count();
    return s > 0 ? static_cast<double>(done) / s : 0.0;
  }

 private:
  std::ostream& err_;
  std::optional<int64_t> total_;
  bool enabled_;
  Clock::time_point start_, last_{};
};

void draw_overlay(cv::Mat& image, const TrackedFrame& t, const CameraIntrinsics& camera) {
  const cv::Scalar green(80, 200, 80), grey(160, 160, 160);
  if (t.landmarks)
    for (const auto& p : *t.landmarks) cv::circle(image, p, 2, green, cv::FILLED, cv::LINE_AA);
  const HeadSample& s = t.sample;
  char text[160];
  if (s.face) {
    // Head axes from the nose tip: red to the patient's left, green down, blue forward.
    const cv::Point2d origin = project(camera, s.face->pose, {0, 0, 0});
    const cv::Point3d ends[3] = {{60, 0, 0}, {0, 60, 0}, {0, 0, -60}};
    const cv::Scalar colours[3] = {{60, 60, 230}, {60, 200, 60}, {230, 120, 40}};
    for (int i = 0; i < 3; ++i)
      cv::line(image, origin, project(camera, s.face->pose, ends[i]), colours[i], 2, cv::LINE_AA);
    const HeadAngles& a = s.face->angles;
    std::snprintf(text, sizeof text, "rot %+5.1f  tilt %+5.1f  flex %+5.1f  q %.2f%s",
                  a.rotation_deg, a.tilt_deg, a.flexion_deg, s.quality,
                  s.face->lower_face_covered ? "  hand?" : "");
  } else {
    std::snprintf(text, sizeof text, "no face");
  }
  cv::putText(image, text, {10, image.rows - 12}, cv::FONT_HERSHEY_SIMPLEX, 0.55,
              s.face ? green : grey, 1, cv::LINE_AA);
}

}  // namespace

int run_track(const TrackOptions& o, std::ostream& out, std::ostream& err) {
  const int sources = (!o.video.empty()) + o.camera.has_value() + o.images.has_value();
  if (sources != 1) {
    err << "midline track: name one source: a VIDEO file, --camera N or --images DIR\n";
    return kTrackUsage;
  }
  TrackingRequest request =
      tracking_request(o.video, o.camera, o.images, o.landmark_model, o.focal_over_width);
  if (o.neutral) request.neutral_profile = *o.neutral;
  std::optional<Tracking> tracking;
  try {
    tracking.emplace(open_tracking(request));
  } catch (const std::exception& e) {
    err << "midline track: " << e.what() << "\n";
    return kTrackFailed;
  }
  FrameSource& source = *tracking->frames;
  Tracker& tracker = tracking->tracker;
  const bool calibrated = tracker.profile().has_value();
  // Angles from the body midline; the resting posture (from the profile) goes beside them.
  const BodyReference reference =
      calibrated ? body_reference(*tracker.profile()) : BodyReference{};
  // The same three cells end every row: empty with no profile (no resting posture measured).
  std::string resting_cells = ",,,";
  if (calibrated && tracker.profile()->resting_posture_rough)
    err << "midline track: the resting posture in " << o.neutral->string()
        << " is a rough figure: the head rested turned further than Midline measures surely\n";
  if (calibrated) {
    const HeadAngles resting = resting_posture(reference);
    std::ostringstream cells;
    cells << std::fixed << std::setprecision(2) << "," << resting.rotation_deg << ","
          << resting.tilt_deg << "," << resting.flexion_deg;
    resting_cells = cells.str();
  }

  std::ofstream csv_file;
  if (o.csv) {
    csv_file.open(*o.csv);
    if (!csv_file) {
      err << "midline track: cannot write " << o.csv->string() << "\n";
      return kTrackFailed;
    }
  }
  std::ostream& csv = o.csv ? csv_file : out;
  csv << "frame,file,time_s,found,quality,rotation_deg,tilt_deg,flexion_deg,"
         "raw_rotation_deg,raw_tilt_deg,raw_flexion_deg,lateral_shift_mm,forward_shift_mm,"
         "tremor_hz,tremor_amplitude_deg,tremor_axis,lower_face_covered,calibrated,"
         "resting_rotation_deg,resting_tilt_deg,resting_flexion_deg,clarity\n";
  csv << std::fixed;

  cv::VideoWriter overlay;
  interrupted = false;
  auto previous_handler = std::signal(SIGINT, on_interrupt);
  ProgressBar bar(err, source.frame_count(), o.progress);
  int64_t frames = 0, found = 0;
  const bool each_on_its_own = o.images.has_value();
  while (!interrupted && (!o.max_frames || frames < *o.max_frames)) {
    std::optional<Frame> frame = source.next();
    if (!frame) break;
    TrackedFrame tracked;
    if (frame->image.empty()) {
      err << "midline track: cannot read the image " << frame->name << "; its row says not found\n";
      tracked.sample.frame_index = frame->index;
    } else {
      tracked = each_on_its_own ? tracker.measure_alone(frame->image, frame->time_s, frame->index)
                                : tracker.process(frame->image, frame->time_s, frame->index);
    }
    tracked.sample = measured_from_body_midline(tracked.sample, reference);
    const HeadSample& s = tracked.sample;
    found += s.face.has_value();
    csv << frame->index << "," << frame->name << "," << std::setprecision(3) << frame->time_s << ","
        << int(s.face.has_value()) << "," << std::setprecision(3) << s.quality << ",";
    if (s.face) {
      const FaceMeasurement& f = *s.face;
      for (const double v : {f.angles.rotation_deg, f.angles.tilt_deg, f.angles.flexion_deg,
                             f.raw_angles.rotation_deg, f.raw_angles.tilt_deg,
                             f.raw_angles.flexion_deg, f.lateral_shift_mm, f.forward_shift_mm})
        csv << std::setprecision(2) << v << ",";
    } else {
      csv << ",,,,,,,,";  // a lost face: nothing measured, so the cells stay empty
    }
    if (s.face && s.tremor.present)
      csv << std::setprecision(2) << s.tremor.frequency_hz << "," << s.tremor.amplitude_deg << ","
          << axis_name(s.tremor.axis);
    else
      csv << ",,";
    csv << "," << int(s.face && s.face->lower_face_covered) << "," << int(s.calibrated);
    csv << resting_cells << "," << std::setprecision(3) << s.clarity << "\n";

    if (o.overlay && !frame->image.empty()) {
      if (!overlay.isOpened() &&
          !overlay.open(o.overlay->string(), cv::CAP_FFMPEG,
                        cv::VideoWriter::fourcc('m', 'p', '4', 'v'), source.fps(),
                        frame->image.size())) {
        err << "midline track: cannot write the overlay video " << o.overlay->string() << "\n";
        return kTrackFailed;
      }
      cv::Mat drawn = frame->image.clone();
      draw_overlay(drawn, tracked, tracker.camera_for(frame->image));
      overlay.write(drawn);
    }
    ++frames;
    bar.update(frames);
  }
  std::signal(SIGINT, previous_handler);
  bar.finish();
  if (!source.problem().empty()) err << "midline track: " << source.problem() << "\n";
  csv.flush();
  err << "midline track: " << frames << " frames, face found in " << found << ", "
      << std::fixed << std::setprecision(0) << bar.rate(frames) << " frames/s"
      << (calibrated ? ", angles from the body midline (the resting posture is in its own columns)"
                  : ", angles from the body midline as facing the camera (no --neutral: no "
                    "fitted face, no flexion zero)")
      << "\n";
  const std::string what = request.source.name();
  if (frames == 0) {
    err << "midline track: " << what << " gave no frames\n";
    return kTrackFailed;
  }
  if (found == 0) {
    err << "midline track: no face was found in any of the " << frames << " frames of " << what
        << (o.images ? " (are they pictures of a face?)" : "") << "; nothing was measured\n";
    return kTrackFailed;
  }
  // A file that stops before the length its container gives is truncated, or frames failed to
  // decode: the CSV holds what was read, and the exit code says it is incomplete. (A frame
  // short is allowed: some containers give only an estimate from duration and rate.)
  const std::optional<int64_t> expected = source.frame_count();
  const bool stopped_by_request = interrupted || (o.max_frames && frames >= *o.max_frames);
  if (!o.images && expected && *expected - frames > 1 && !stopped_by_request) {
    err << "midline track: warning: " << what << " ended early: " << frames << " of " << *expected
        << " frames were read (the file is truncated or damaged, or frames failed to decode)\n";
    return kTrackIncomplete;
  }
  return kTrackMeasured;
}

int run_calibrate(const CalibrateOptions& o, std::ostream& err) {
  if (o.video.empty() == !o.camera.has_value()) {
    err << "midline calibrate: name one source: a VIDEO file or --camera N\n";
    return 2;
  }
  const TrackingRequest request =
      tracking_request(o.video, o.camera, std::nullopt, o.landmark_model, o.focal_over_width);
  std::optional<Tracking> tracking;
  try {
    tracking.emplace(open_tracking(request));
  } catch (const std::exception& e) {
    err << "midline calibrate: " << e.what() << "\n";
    return 1;
  }
  FrameSource& source = *tracking->frames;
  Tracker& tracker = tracking->tracker;
  CalibrationParams calibration_params;
  calibration_params.look_around = o.look_around;
  Calibration calibration(calibration_params);
  std::string said;
  while (!calibration.complete()) {
    std::optional<Frame> frame = source.next();
    if (!frame) {
      err << "midline calibrate: the source ended before the calibration did"
          << (source.problem().empty() ? "" : ": " + source.problem()) << " (it needs about "
          << (o.look_around ? 10 : 4) << " seconds of video"
          << (calibration.fitted_toward_screen()
                  ? "; the face was unseen or turned far at first, so it also needs the head "
                    "turning toward the camera, then going back to rest and staying there 3 "
                    "seconds"
                  : "")
          << ")\n";
      return 1;
    }
    const TrackedFrame tracked = tracker.process(frame->image, frame->time_s, frame->index);
    calibration.add(tracked, tracker.last_fit(), frame->image, tracker.camera_for(frame->image));
    if (auto following = calibration.take_profile_to_follow())
      tracker.set_profile(std::move(*following));
    if (source.live() && calibration.instruction() != said) {
      said = calibration.instruction();
      err << said << "\n";
    }
  }
  Calibration::Result result = calibration.finish(request.params.focal_over_width);
  if (!result.profile) {
    err << "midline calibrate: " << result.problem << "\n";
    return 1;
  }
  result.profile->flexion_zero_deg = o.flexion_zero_deg;
  try {
    save_profile(*result.profile, o.out);
  } catch (const std::exception& e) {
    err << "midline calibrate: " << e.what() << "\n";
    return 1;
  }
  const HeadAngles resting = resting_posture(body_reference(*result.profile));
  err << "midline calibrate: wrote " << o.out.string() << "; the head rested at rotation "
      << std::fixed << std::setprecision(1) << resting.rotation_deg << ", tilt "
      << resting.tilt_deg << ", flexion " << resting.flexion_deg
      << " deg from the body midline (+ = toward the patient's left, left ear down, chin down)\n";
  if (result.profile->resting_posture_rough) err << "midline calibrate: " << kRoughRestingPostureNote << "\n";
  return 0;
}

namespace {

void add_source_options(CLI::App* cmd, std::string& video, std::optional<std::string>& camera) {
  cmd->add_option("video", video, "a video file")->check(CLI::ExistingFile);
  cmd->add_option("--camera", camera, "a webcam: its number N (/dev/videoN) or its device path");
}

}  // namespace

void add_track_command(CLI::App& app) {
  auto options = std::make_shared<TrackOptions>();
  CLI::App* cmd = app.add_subcommand(
      "track", "Measure head orientation frame by frame and write it as CSV (one row a frame)");
  add_source_options(cmd, options->video, options->camera);
  cmd->add_option("--images", options->images,
                  "a folder of images, each measured on its own (no smoothing, no history)")
      ->check(CLI::ExistingDirectory);
  cmd->add_option("--csv", options->csv, "write the CSV here (default: standard output)");
  cmd->add_option("--overlay", options->overlay,
                  "write a video with the landmarks and head axes drawn on it (.mp4)");
  cmd->add_option("--neutral", options->neutral,
                  "the calibration profile (from `midline calibrate`): the fitted face, the "
                  "flexion zero and the resting posture; angles stay from the body midline")
      ->check(CLI::ExistingFile);
  cmd->add_option("--landmark-model", options->landmark_model, "dlib 68-point shape predictor")
      ->capture_default_str();
  cmd->add_option("--focal", options->focal_over_width,
                  "camera focal length over image width (default 0.9, about 58 degrees across)")
      ->check(CLI::Range(0.3, 4.0));
  cmd->add_option("--max-frames", options->max_frames, "stop after N frames")
      ->check(CLI::PositiveNumber);
  cmd->add_flag("!--no-progress", options->progress, "no progress bar");
  cmd->footer(
      "Exit status: 0 measured; 1 nothing measured (no frames, or no face in any frame), or the "
      "source, model or CSV could not be opened; 2 a usage error; 3 measured, but the video "
      "ended before the frame count its file gives (truncated or damaged).");
  cmd->callback([options] {
    throw CLI::RuntimeError(run_track(*options, std::cout, std::cerr));
  });
}

void add_calibrate_command(CLI::App& app) {
  auto options = std::make_shared<CalibrateOptions>();
  CLI::App* cmd = app.add_subcommand(
      "calibrate",
      "Record a neutral profile: hold still for 3 s, then gently turn and nod a little for 6 s "
      "(a head resting turned past where its face is seen, or further than about 20 deg: "
      "turned toward the camera for both, then back to rest for 3 s)");
  add_source_options(cmd, options->video, options->camera);
  cmd->add_option("--out", options->out, "where to write the profile (TOML)")->required();
  cmd->add_option("--flexion-zero", options->flexion_zero_deg,
                  "the face's pitch (deg, + chin down) when this patient's head is level, as a "
                  "therapist measured it; 0 when not set")
      ->check(CLI::Range(-kMaxFlexionZeroDeg, kMaxFlexionZeroDeg));
  cmd->add_option("--landmark-model", options->landmark_model, "dlib 68-point shape predictor")
      ->capture_default_str();
  cmd->add_option("--focal", options->focal_over_width,
                  "camera focal length over image width (default 0.9)")
      ->check(CLI::Range(0.3, 4.0));
  cmd->add_flag("!--no-look-around", options->look_around,
                "the hold only, for a recording of a still head (less exact at large angles)");
  cmd->callback([options] { throw CLI::RuntimeError(run_calibrate(*options, std::cerr)); });
}

}  // namespace midline::cli
