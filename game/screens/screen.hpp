#pragma once
// Screens of a session. Each draws itself with ImGui and reacts in update(), returning the
// next screen or null to stay. Rules live in game/exercises; screens only show and ask.

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "clinic/station_sync.hpp"
#include "levels/level_file.hpp"
#include "levels/player_settings.hpp"
#include "platform/audio.hpp"
#include "platform/window.hpp"
#include "pose/head_sample_source.hpp"
#include "session/session_record.hpp"
#include "session/practice_session.hpp"
#include "session/session_log.hpp"
#include "session/todays_plan.hpp"
#include "session/ward_station.hpp"

namespace midline {

class DemoHead;
class Screen;
struct GameContext;

struct GameContext {
  HeadSampleSource& source;
  DemoHead* demo;  // the same object as `source` in demo mode, else null
  platform::Window& window;
  platform::Audio& audio;
  // Today's plan for the chosen player (its exercises, name, target midline and the problems
  // met reading it); the session is made from it at the check-in.
  TodaysPlan today{.exercises = default_plan(), .name = "built-in plan"};
  std::string player{};
  std::string input_note{};  // what the player should know about this run (input, storage)
  // This computer and the patient at it (their visit: check-in answers, session, notes): the
  // next patient starts with station.next_patient(), which resets all of it at once.
  WardStation station{};
  // The visit's session core, from the check-in on; it stays after the session ends for the
  // summary.
  std::unique_ptr<PracticeSession>& session = station.visit().session;
  // This frame's head samples, taken once by the play loop: the session, the pages and the
  // clinician's panel all see the same ones.
  FrameSamples frame{};
  bool calm_tone = true;       // the hold's tone while the head is in the zone
  // Stop chosen on the pause page outside the exercises: the page acts as on its own Stop.
  bool stop_requested = false;
  // A supervised session (--supervised): the clinician's panel takes `side_panel_px` at the
  // window's right.
  bool supervised = false;
  float side_panel_px = 0.0f;
  bool quit = false;  // set by a screen: the program ends after this frame
  // Where the session goes: not kept unless the play command gives a kept one.
  std::shared_ptr<SessionLog> log = std::make_shared<SessionLog>();
  // The level files, when the play command loaded them: the home page then picks today's
  // plan from them for the chosen player (their plan in data_dir, or the first levels).
  std::shared_ptr<const LevelLibrary> levels{};
  std::filesystem::path data_dir{};
  LevelFolders level_folders{};  // where the level files came from
  // Clinician mode (its PIN page) from the home page; set by the program, which links the
  // clinician's screens (game/clinician); empty where they are not available.
  std::function<std::unique_ptr<Screen>(GameContext&)> open_clinician{};
  // What each player, and the home page, chose for how Midline looks (the text size): kept
  // in the data folder when sessions are kept, else for this run.
  std::shared_ptr<PlayerSettings> player_settings = std::make_shared<PlayerSettings>();
  std::string day_note{};  // what today's practice limit means for this session, if anything
  // The plan's pacing for the session about to start: its limits (rests between sets) and
  // the minutes it may take (the session limit, or what the day has left).
  pacing::PracticeLimits practice_limits{};
  std::optional<double> session_minutes{};
  std::string badge{};  // always on screen when set: what moves the head if not a camera ("DEMO")
  // What this run makes of each day's plan before it begins: the plan as it is, or
  // (--autoplay) a short demo tour of it.
  std::function<void(TodaysPlan& today)> adapt_plan = [](TodaysPlan&) {};
  // The clinic's sync on its own thread, on a station enrolled with a clinic; else empty.
  std::shared_ptr<clinic::BackgroundSync> clinic_sync{};
};

struct FrameInput {
  double dt_s = 0.0;  // session time since the last frame
  const platform::FrameEvents& events;
};

class Screen {
 public:
  explicit Screen(GameContext& context) : ctx_(context) {}
  virtual ~Screen() = default;

  virtual std::unique_ptr<Screen> update(const FrameInput& input) = 0;
  // A short name for what is on screen now ("home", "exercise-1-rest"); a new name is a new
  // view, and gets a screenshot with --screenshot-dir.
  virtual std::string view_name() const = 0;
  // The program is ending (window closed, --quit-after): keep what this screen has.
  virtual void end_session() {}

 protected:
  GameContext& ctx_;
  double on_screen_s_ = 0.0;  // how long this screen has been up; screens add dt themselves
};

// `note`: shown under Start (after choosing to rest today). In a supervised run (a ward),
// the station's patient list instead.
std::unique_ptr<Screen> make_home_screen(GameContext& ctx, std::string note = {});
// The ward station's patient list: the visit before it ends, and the next patient is chosen.
std::unique_ptr<Screen> make_ward_list_screen(GameContext& ctx, std::string note = {});
// Today's plan and limits for the player chosen in ctx.log (ctx.today, ctx.day_note): returns
// why no session can start today, or empty when one may.
std::string prepare_todays_session(GameContext& ctx);
std::unique_ptr<Screen> make_check_in_screen(GameContext& ctx, bool after_exercises);
std::unique_ptr<Screen> make_camera_check_screen(GameContext& ctx);
std::unique_ptr<Screen> make_calibration_screen(GameContext& ctx);
std::unique_ptr<Screen> make_exercise_screen(GameContext& ctx, size_t index);
// After the patient's Stop during the exercises: why, if they wish to say.
std::unique_ptr<Screen> make_stop_reason_screen(GameContext& ctx);
std::unique_ptr<Screen> make_summary_screen(GameContext& ctx);
// The page for where the session core is now (its exercise, the effort question, the
// check-out or the summary).
std::unique_ptr<Screen> screen_for_session(GameContext& ctx);

}  // namespace midline
