#pragma once
// The play command: `midline [--demo | --camera N | --video FILE] ...` opens the window and
// runs a session, screen by screen.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace midline {

class Screen;
struct GameContext;

struct PlayOptions {
  bool demo = false;
  std::optional<int> camera_index;
  std::string video_path;
  std::string data_dir;
  std::string levels_dir;
  bool fullscreen = false;
  bool autoplay = false;       // a session plays by itself: the demo head, or the video's
  double quit_after_s = 0.0;   // 0: run until the player quits
  std::string screenshot_dir;  // a PNG each time a new view appears
  double speed = 1.0;          // demo autoplay only: how much faster than real time it runs
  // Autoplay presses Stop on each of these views the first time it appears (tests walk every
  // way out of a session with it).
  std::vector<std::string> autoplay_stop_at;
  bool autoplay_hard_day = false;  // autoplay answers pain 8 and takes the short session
  // The demo head rests here (rotation, tilt, flexion, from the body midline) instead of its
  // mild default, so a demo shows the resting posture and the body midline apart.
  std::vector<double> demo_rest_deg;
  bool supervised = false;     // a clinician supervises: their panel beside the game
  // Opens clinician mode from the home page (main.cpp sets it; game/clinician depends on the
  // game, not the other way round).
  std::function<std::unique_ptr<Screen>(GameContext&)> clinician_mode;
};

// Runs the game until the player quits; returns the process exit code. Set-up failures
// throw std::runtime_error (platform::NoDisplayError without a display) naming what failed.
int run_game(const PlayOptions& options);

}  // namespace midline
