#include "app/game_app.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>

#include "autoplay/autoplay_driver.hpp"
#include "app/demo_head.hpp"
#include "session/session_log.hpp"
#include "storage/session_store.hpp"
#include "vision/frame_source.hpp"
#include "vision/tracker_factory.hpp"
#include "platform/audio.hpp"
#include "platform/frame_clock.hpp"
#include "platform/window.hpp"
#include "program_files/program_files.hpp"
#include "screens/screen.hpp"
#include "screens/supervision_panel.hpp"
#include "screens/ui.hpp"

namespace midline {

namespace {

constexpr double kScreenshotSettleS = 0.7;  // a new view is captured once it has settled
constexpr double kKeySteerDegPerS = 30.0;

struct InputChoice {
  std::unique_ptr<HeadSampleSource> source;
  DemoHead* demo = nullptr;
  std::string note;  // why this input, when it differs from what was asked
  std::string badge;  // for every screen: what the head's movements come from, if not live
};


// The one place the game's head input is chosen: --camera N and --video FILE track with the
// real tracker; with neither, the webcam when one is connected, else the demo head (saying so).
InputChoice choose_input(const PlayOptions& o) {
  InputChoice choice;
  std::optional<FrameSourceRequest> frames;
  if (!o.video_path.empty()) frames = FrameSourceRequest::video_file(o.video_path);
  else if (o.camera_index) frames = FrameSourceRequest::webcam(*o.camera_index);
  else if (!o.demo)
    if (const std::optional<int> webcam = first_webcam_index()) frames = FrameSourceRequest::webcam(*webcam);
  if (frames) {
    TrackingRequest tracking;
    tracking.source = *frames;
    // Throws naming a video or landmark model that is not there; otherwise returns at once,
    // and status() tells the rest (a camera that does not answer is tried again).
    choice.source = start_tracking(tracking);
    if (!o.video_path.empty())
      choice.badge = "VIDEO  -  " + std::filesystem::path(o.video_path).filename().string();
    return choice;
  }
  if (!o.demo) choice.note = "No camera was found, so the demo head is in use.";
  auto demo = std::make_unique<DemoHead>();
  choice.demo = demo.get();
  choice.source = std::move(demo);
  return choice;
}

// Arrow keys and the right mouse button steer the demo head when nobody else does.
void steer_demo_by_hand(DemoHead& demo, double dt_s) {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput) return;
  const double step = kKeySteerDegPerS * dt_s;
  HeadAngles d;
  // Sideways keys as in a mirror: Left moves the head toward the screen's left, which is the
  // patient's own left (+ rotation, + tilt).
  if (ImGui::IsKeyDown(ImGuiKey_LeftArrow)) d.rotation_deg += step;
  if (ImGui::IsKeyDown(ImGuiKey_RightArrow)) d.rotation_deg -= step;
  if (ImGui::IsKeyDown(ImGuiKey_UpArrow)) d.flexion_deg -= step;
  if (ImGui::IsKeyDown(ImGuiKey_DownArrow)) d.flexion_deg += step;
  if (ImGui::IsKeyDown(ImGuiKey_Z)) d.tilt_deg += step;
  if (ImGui::IsKeyDown(ImGuiKey_X)) d.tilt_deg -= step;
  if (d.rotation_deg != 0 || d.tilt_deg != 0 || d.flexion_deg != 0) demo.nudge(d);
  if (ImGui::IsMouseDown(ImGuiMouseButton_Right)) {
    const ImVec2 size = io.DisplaySize;
    const double x = (io.MousePos.x / size.x - 0.5) * 2.0, y = (io.MousePos.y / size.y - 0.5) * 2.0;
    demo.steer_to({-x * 45.0, demo.steering_goal().tilt_deg, y * 35.0});
  }
}

// Esc pauses any screen: a quiet page with the way back and the way out.
enum class PauseChoice { stay, resume, stop };
// `at_home`: paused on the home page, whose text size is its own; elsewhere it is the player's.
PauseChoice draw_pause_page(GameContext& ctx, bool at_home) {
  PauseChoice choice = PauseChoice::stay;
  if (ui::begin_page(ctx, "Paused", "Stop session")) choice = PauseChoice::stop;
  ui::text("Take all the time you need. Nothing is lost while Midline is paused.", true);
  ImGui::Dummy(ImVec2(0, 20));
  if (ui::big_button("  Continue  ")) choice = PauseChoice::resume;
  ImGui::Dummy(ImVec2(0, 30));
  if (ui::settings_row(ctx))
    ui::keep_text_size(ctx, at_home ? std::nullopt : ctx.log->player_key());
  ui::end_page();
  return choice;
}

}  // namespace

int run_game(const PlayOptions& o) {
  if (o.speed < 1.0 || o.speed > 8.0)
    throw std::runtime_error("--speed must be between 1 and 8, not " + std::to_string(o.speed));
  if (o.speed != 1.0 && (!o.autoplay || !o.video_path.empty()))
    throw std::runtime_error("--speed goes with the demo head's --autoplay only (a video plays "
                             "in real time)");
  if (!o.screenshot_dir.empty()) platform::create_screenshot_folder(o.screenshot_dir);  // 0700

  InputChoice input = choose_input(o);
  platform::Window window({"Midline", 1280, 720, o.fullscreen, 1.0});
  platform::Audio audio;
  if (!audio.available()) std::fprintf(stderr, "midline: %s\n", audio.problem().c_str());

  // Sessions are kept with a live camera, or wherever --data-dir says; a demo or a recorded
  // video is not kept unless asked, so it never mixes into a patient's history.
  std::shared_ptr<SessionLog> log;
  const bool live_camera = !input.demo && o.video_path.empty();
  if (!o.data_dir.empty())
    log = std::make_shared<SessionLog>(o.data_dir);
  else if (live_camera)
    log = std::make_shared<SessionLog>(storage::SessionStore::default_data_dir());
  else
    log = std::make_shared<SessionLog>();

  std::vector<std::string> notes;
  if (!input.note.empty()) notes.push_back(input.note);
  if (!log->keeping())
    notes.push_back(std::string(input.demo ? "Demo" : "Video") +
                    " sessions are not kept (--data-dir DIR keeps them).");
  for (const std::string& n : log->notices()) notes.push_back(n);
  std::string note;
  for (const std::string& n : notes) note += (note.empty() ? "" : " ") + n;

  if (!o.levels_dir.empty() && !std::filesystem::is_directory(o.levels_dir))
    throw std::runtime_error("--levels: no such folder: " + o.levels_dir);
  const std::filesystem::path data_dir =
      log->keeping() ? std::filesystem::path(log->where()).parent_path() : std::filesystem::path();
  const LevelFolders folders =
      level_folders(o.levels_dir, program_files::program_files().levels, data_dir);
  auto levels = std::make_shared<const LevelLibrary>(load_levels(folders));
  // The fonts hold the characters of the names and level texts the pages will show.
  for (const std::string& player : log->players()) window.show_text(player);
  for (const LoadedLevel& level : levels->levels)
    window.show_text(level.level.title + level.level.instruction);

  GameContext ctx{.source = *input.source,
                  .demo = input.demo,
                  .window = window,
                  .audio = audio,
                  .input_note = note,
                  .log = log,
                  .levels = levels,
                  .data_dir = data_dir,
                  .badge = input.badge};
  if (log->keeping()) {
    ctx.player_settings = std::make_shared<PlayerSettings>(PlayerSettings::file_in(ctx.data_dir));
    for (const FileProblem& p : ctx.player_settings->problems())
      std::fprintf(stderr, "midline: %s\n", format_problem(p).c_str());
  }
  ctx.supervised = o.supervised;
  ctx.level_folders = folders;
  ctx.open_clinician = o.clinician_mode;
  // A station a clinic enrolled (midline clinic enrol) syncs on its own thread.
  if (log->keeping() && std::filesystem::exists(clinic::station_connection_file(ctx.data_dir)))
    ctx.clinic_sync = std::make_shared<clinic::BackgroundSync>(ctx.data_dir);
  // Autoplay: the driver plays a short tour of each day's plan, as a person would.
  std::optional<autoplay::Driver> driver;
  if (o.autoplay) {
    driver.emplace(autoplay::DriverOptions{.stop_at = o.autoplay_stop_at,
                                            .hard_day = o.autoplay_hard_day});
    ctx.adapt_plan = [](TodaysPlan& today) {
      today.exercises = tour_of(std::move(today.exercises));
      today.name = "demo tour (" + today.name + ")";
    };
    ctx.adapt_plan(ctx.today);
  }
  if (!o.demo_rest_deg.empty()) {
    const auto& r = o.demo_rest_deg;
    if (r.size() != 3 || std::abs(r[0]) > 60 || std::abs(r[1]) > 35 || std::abs(r[2]) > 40)
      throw std::runtime_error("--demo-rest takes ROTATION,TILT,FLEXION in degrees from the body "
                               "midline, within 60, 35 and 40 (e.g. -25,8,0: 25 to the right, 8 "
                               "toward the left shoulder)");
    if (!input.demo) throw std::runtime_error("--demo-rest goes with the demo head only");
    input.demo->set_resting_posture({r[0], r[1], r[2]});
  }
  if (input.demo) {
    input.demo->set_autoplay(o.autoplay);  // a person's lag, wobble and tremor
    ctx.badge = o.autoplay ? "DEMO  -  autoplay" : "DEMO  -  no camera";
  }
  // Tab, arrows and Space move through and press the buttons, for players who find a mouse
  // hard; the demo head keeps the arrow keys for itself.
  if (!input.demo) ImGui::GetIO().ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;

  std::unique_ptr<Screen> screen = make_home_screen(ctx);
  std::unique_ptr<SupervisionPanel> panel;  // opens when a session is supervised
  uint64_t logged_samples = 0;  // the cursor into the source's recent samples
  std::string shown_view;
  std::set<std::string> captured_views;
  double view_age_s = 0.0, wall_s = 0.0;
  int screenshot_count = 0;
  bool paused = false;
  platform::FrameClock clock;
  while (!ctx.quit) {
    const double wall_dt = clock.tick();
    wall_s += wall_dt;
    const double dt = paused ? 0.0 : wall_dt * o.speed;
    if (driver) {  // it sees last frame's page and acts before this frame reads the input
      const autoplay::Move move = driver->next({.view = paused ? "paused" : screen->view_name(),
                                                .controls = ui::controls_drawn_last_frame(),
                                                .dt_s = wall_dt * o.speed,
                                                .exercise_goal = ctx.session ? autoplay::exercise_goal(*ctx.session) : std::nullopt,
                                                .plan = &ctx.today.exercises});
      autoplay::push_events(move.events);
      if (input.demo) {
        input.demo->autoplay_toward(move.head.goal);
        input.demo->set_face_visible(move.head.face_visible);
      }
    }
    const platform::FrameEvents events = window.begin_frame();
    if (events.quit) break;
    if (events.pressed(SDLK_ESCAPE)) paused = !paused;
    if (events.pressed(SDLK_F11)) window.set_fullscreen(!window.fullscreen());

    if (input.demo) {
      if (!driver) steer_demo_by_hand(*input.demo, wall_dt);
      if (!driver && events.pressed(SDLK_h) && !ImGui::GetIO().WantTextInput)  // not an "h" typed
        input.demo->set_face_visible(!input.demo->face_visible());
      input.demo->advance(dt);
    }
    // One snapshot of the head a frame: every sample the source published since the last
    // frame (a slow screen must not thin out the session's trace) and the newest.
    ctx.frame = {ctx.source.samples_since(logged_samples), ctx.source.latest()};
    if (ctx.session) {
      ctx.session->set_paused(paused);
      ctx.session->advance(dt, ctx.frame);
    }

    if (ctx.supervised && !panel) panel = std::make_unique<SupervisionPanel>();
    ctx.side_panel_px = panel ? SupervisionPanel::width(ImGui::GetMainViewport()->Size.x) : 0.0f;
    std::string view = paused ? "paused" : screen->view_name();
    const std::string screen_view = screen->view_name();  // under the pause page too
    if (paused) {
      const PauseChoice choice = draw_pause_page(ctx, screen_view.starts_with("home"));
      if (choice == PauseChoice::resume) paused = false;
      if (choice == PauseChoice::stop) {
        paused = false;
        if (ctx.session && ctx.session->in_exercises())
          ctx.session->stop(StopReason::patient);
        else
          ctx.stop_requested = true;  // the page stops as if its own Stop had been pressed
      }
    } else if (auto next = screen->update({dt, events})) {
      screen = std::move(next);
    }
    if (panel) {
      switch (panel->draw(ctx, paused, screen_view)) {
        case SupervisionPanel::Action::pause: paused = true; break;
        case SupervisionPanel::Action::resume: paused = false; break;
        default: break;  // stop and skip: the screen acts on them next frame
      }
    }

    if (view != shown_view) {
      shown_view = view;
      ui::new_view();
      view_age_s = 0.0;
    }
    view_age_s += wall_dt * o.speed;  // on the pause page too, where session time stands still
    if (!o.screenshot_dir.empty() && events.pressed(SDLK_F12)) captured_views.erase(view);  // again
    if (!o.screenshot_dir.empty() && !captured_views.count(view) &&
        view_age_s >= kScreenshotSettleS) {
      char name[160];
      std::snprintf(name, sizeof name, "%02d-%s.png", ++screenshot_count, view.c_str());
      window.request_screenshot((std::filesystem::path(o.screenshot_dir) / name).string());
      captured_views.insert(view);
    }
    window.end_frame();
    if (const std::string problem = window.take_screenshot_problem(); !problem.empty())
      std::fprintf(stderr, "midline: %s\n", problem.c_str());
    if (o.quit_after_s > 0.0 && wall_s >= o.quit_after_s) {
      std::fprintf(stderr, "midline: --quit-after %.0f s reached; ending the session.\n",
                   o.quit_after_s);
      break;
    }
    clock.pace();
  }
  if (driver)  // what a person could not have reached, for whoever runs the tour (the tests)
    for (const std::string& problem : driver->out_of_reach())
      std::fprintf(stderr, "midline: autoplay: %s\n", problem.c_str());
  screen->end_session();
  if (ctx.session) ctx.session->end_now();
  if (const std::string problem = ctx.log->problem(); !problem.empty())
    std::fprintf(stderr, "midline: the session may not be fully saved: %s\n", problem.c_str());
  audio.set_tone(0.0, 0.0);
  // What was practised, for the terminal; nothing when no session began (quit at home).
  if (ctx.session)
    std::fputs(summary_text(ctx.session->record(), storage::session_figures(ctx.log->activity()))
                   .c_str(),
               stdout);
  return 0;
}

}  // namespace midline
