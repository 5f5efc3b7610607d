// midline: the program patients play, and the tools clinicians use, in one executable.
//   midline [play options]        the game (the default)
//   midline track SOURCE ...      measure head orientation frame by frame, to CSV
//   midline calibrate SOURCE ...  record a neutral profile for `midline track --neutral`
//   midline export --patient ID   a patient's sessions as CSV, PDF report or FHIR bundle
//   midline recover FILE          what is readable of a damaged session database
//   midline levels check|edit ... check level files against the safety limits; edit them
//   midline clinician set-pin     the administrator sets the clinician PIN
//   midline clinic init|add-station|add-clinician|enrol|publish-plan   the clinic's PostgreSQL
//   midline sync                  sessions up to the clinic, the newest plan down
// Set-up failures are reported once, here, with a message that names what failed.

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <exception>

#include "clinician/clinician_screens.hpp"
#include "cli/clinic_command.hpp"
#include "cli/export_command.hpp"
#include "cli/levels_command.hpp"
#include "cli/track_command.hpp"
#include "app/game_app.hpp"
#include "platform/window.hpp"
#include "screens/screen.hpp"
#include "storage/session_store.hpp"

int main(int argc, char** argv) {
  CLI::App app{"Midline: biofeedback posture retraining for cervical dystonia"};
  app.set_version_flag("--version", std::string("midline ") + MIDLINE_VERSION);  // CMake's project version
  app.require_subcommand(0, 1);
  midline::cli::add_track_command(app);      // runs while parsing; ends with its exit code
  midline::cli::add_calibrate_command(app);  // runs while parsing; ends with its exit code
  midline::cli::add_export_command(app);  // runs while parsing; ends with its exit code
  midline::cli::add_recover_command(app);  // runs while parsing; ends with its exit code
  midline::cli::add_levels_command(app);  // runs while parsing; ends with its exit code
  midline::cli::add_clinician_command(app);  // runs while parsing; ends with its exit code
  midline::cli::add_clinic_command(app);  // runs while parsing; ends with its exit code
  midline::cli::add_sync_command(app);    // runs while parsing; ends with its exit code

  midline::PlayOptions play;
  auto* demo = app.add_flag("--demo", play.demo, "play with the demo head (mouse or arrow keys)");
  int camera = 0;
  auto* camera_opt = app.add_option("--camera", camera, "play with camera number N")
                         ->check(CLI::NonNegativeNumber);
  auto* video = app.add_option("--video", play.video_path, "play a recorded video through the tracker");
  demo->excludes(camera_opt)->excludes(video);
  camera_opt->excludes(video);
  app.add_option("--data-dir", play.data_dir, "where sessions are kept");
  app.add_option("--levels", play.levels_dir, "folder of level files");
  app.add_flag("--fullscreen", play.fullscreen, "start full screen (F11 toggles)");
  app.add_flag("--autoplay", play.autoplay,
               "play a short session by itself: the demo head, or the --video")
      ->excludes(camera_opt);
  app.add_option("--quit-after", play.quit_after_s, "end cleanly after SECONDS")
      ->check(CLI::PositiveNumber);
  app.add_option("--screenshot-dir", play.screenshot_dir,
                 "save a PNG here each time a new screen appears");
  app.add_option("--demo-rest", play.demo_rest_deg,
                 "the demo head rests at ROTATION,TILT,FLEXION degrees from the body midline "
                 "(e.g. -25,8,0: 25 to the right, 8 toward the left shoulder)")
      ->expected(3)
      ->delimiter(',');
  app.add_flag("--supervised", play.supervised,
               "a clinician supervises (inpatient ward): a panel beside the game shows live "
               "angles, tracking and tremor, and can pause, skip, stop and add notes");
  app.add_option("--autoplay-stop-at", play.autoplay_stop_at,
                 "with --autoplay: press Stop on each of these views (by screenshot name, e.g. "
                 "camera-check) the first time it appears, as a patient might")
      ->delimiter(',')
      ->needs("--autoplay");
  app.add_flag("--autoplay-hard-day", play.autoplay_hard_day,
               "with --autoplay: answer pain 8 at the check-in and take the short session")
      ->needs("--autoplay");
  app.add_option("--speed", play.speed, "with --autoplay: run the session FACTOR times faster (1-8)")
      ->check(CLI::Range(1.0, 8.0));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (camera_opt->count()) play.camera_index = camera;
  // The home page's way into clinician mode: the PIN, then the levels and plans of this run.
  play.clinician_mode = [](midline::GameContext& ctx) {
    const std::filesystem::path data_dir =
        ctx.data_dir.empty() ? midline::storage::SessionStore::default_data_dir() : ctx.data_dir;
    const double player_text_scale = ctx.window.text_scale();
    ctx.window.set_text_scale(0.75);  // as in `midline levels edit`: more on each page
    return midline::make_clinician_pin_screen(ctx,
                                              {ctx.level_folders, data_dir, true, player_text_scale});
  };
  if (play.autoplay && play.video_path.empty()) play.demo = true;
  try {
    return midline::run_game(play);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "midline: %s\n", e.what());
    // An unattended run (--quit-after) never waits on the box for long.
    const double box_limit_s = play.quit_after_s > 0 ? std::min(play.quit_after_s, 10.0) : 0.0;
    if (!midline::platform::show_error_box("Midline could not start", e.what(), box_limit_s)) {
      std::fflush(nullptr);
      std::_Exit(1);  // closes the box still open on its thread
    }
    return 1;
  }
}
