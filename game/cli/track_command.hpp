#pragma once
// `midline track`: the tracker's numbers, frame by frame, for a clinician or a researcher to
// check against their own equipment; `midline calibrate`: a neutral profile for it.
//   midline track (VIDEO | --camera N | --images DIR) [--csv OUT.csv] [--overlay OUT.mp4]
//                 [--neutral FILE]
//   midline calibrate (VIDEO | --camera N) --out FILE

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>

namespace midline::cli {

struct TrackOptions {
  std::string video;                              // a video file ...
  std::optional<std::string> camera;              // ... or a webcam (N or a device path) ...
  std::optional<std::filesystem::path> images;    // ... or a folder of images, each on its own
  std::optional<std::filesystem::path> csv;       // default: standard output
  std::optional<std::filesystem::path> overlay;   // a video with landmarks and head axes
  std::optional<std::filesystem::path> neutral;   // a profile from `midline calibrate`
  std::string landmark_model = MIDLINE_DEFAULT_LANDMARK_MODEL;
  std::optional<double> focal_over_width;
  std::optional<long> max_frames;
  bool progress = true;
};

struct CalibrateOptions {
  std::string video;
  std::optional<std::string> camera;
  std::filesystem::path out;
  std::string landmark_model = MIDLINE_DEFAULT_LANDMARK_MODEL;
  std::optional<double> focal_over_width;
  bool look_around = true;
  double flexion_zero_deg = 0.0;  // a therapist's, for the profile
};

// `midline track`'s exit codes.
inline constexpr int kTrackMeasured = 0;
// Nothing was measured (no frames, or no face in any), or the source, model or CSV could not
// be opened.
inline constexpr int kTrackFailed = 1;
inline constexpr int kTrackUsage = 2;
inline constexpr int kTrackIncomplete = 3;  // measured, but a video ended before its frame count

// Each returns the exit code; the CSV goes to its file or `out`, messages to `err`.
int run_track(const TrackOptions& options, std::ostream& out, std::ostream& err);
int run_calibrate(const CalibrateOptions& options, std::ostream& err);

// Register the subcommands; when chosen they run during parsing and end it with
// CLI::RuntimeError carrying the exit code (0 on success), which CLI::App::exit returns.
void add_track_command(CLI::App& app);
void add_calibrate_command(CLI::App& app);

}  // namespace midline::cli
