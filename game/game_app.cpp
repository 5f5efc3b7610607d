#include "game_app.hpp"

#include <cstdio>
#include <filesystem>
#include <memory>
#include <set>
#include <stdexcept>

#include "demo_head.hpp"
#include "session_log.hpp"
#include "storage/session_store.hpp"
#include "vision/tracking.hpp"
#include "platform/audio.hpp"
#include "platform/frame_clock.hpp"
#include "platform/window.hpp"
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

// An installed Midline's levels sit in ../share/midline/levels beside its bin/; a build
// uses the source tree's.
std::filesystem::path default_levels_dir() {
  std::error_code error;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", error);
  if (!error) {
    const auto installed = exe.parent_path().parent_path() / "share" / "midline" / "levels";
    if (std::filesystem::is_directory(installed)) return installed;
  }
  return MIDLINE_LEVELS_DIR;
}

// --camera N and --video FILE track with the real tracker; with neither, the webcam when one
// is connected, else the demo head (saying so).
InputChoice choose_input(const PlayOptions& o) {
  InputChoice choice;
  if (!o.video_path.empty() && !std::filesystem::exists(o.video_path))
    throw std::runtime_error("--video: no such file: " + o.video_path);
  TrackingConfig tracking;
  if (o.camera_index) tracking.camera_index = *o.camera_index;
  tracking.video_path = o.video_path;
  const bool camera_asked = o.camera_index.has_value() || !o.video_path.empty();
  const bool webcam_present = std::filesystem::exists("/dev/video0");
  if (camera_asked || (!o.demo && webcam_present)) {
    if (!camera_asked) tracking.camera_index = 0;
    choice.source = start_tracking(tracking);  // returns at once; status() tells the rest
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
PauseChoice draw_pause_page(GameContext& ctx) {
  PauseChoice choice = PauseChoice::stay;
  if (ui::begin_page(ctx, "Paused", "Stop session")) choice = PauseChoice::stop;
  ui::text("Take all the time you need. Nothing is lost while Midline is paused.", true);
  ImGui::Dummy(ImVec2(0, 20));
  if (ui::big_button("  Continue  ")) choice = PauseChoice::resume;
  ImGui::Dummy(ImVec2(0, 30));
  ui::settings_row(ctx);
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

  const std::filesystem::path levels_dir = o.levels_dir.empty() ? default_levels_dir()
                                                                : std::filesystem::path(o.levels_dir);
  if (!o.levels_dir.empty() && !std::filesystem::is_directory(levels_dir))
    throw std::runtime_error("--levels: no such folder: " + o.levels_dir);
  const std::filesystem::path level_paths[] = {levels_dir};
  auto levels = std::make_shared<const LevelLibrary>(load_levels(level_paths));
  // The fonts hold the characters of the names and level texts the pages will show.
  for (const std::string& player : log->players()) window.show_text(player);
  for (const LoadedLevel& level : levels->levels)
    window.show_text(level.level.title + level.level.instruction);

  GameContext ctx{.source = *input.source,
                  .demo = input.demo,
                  .window = window,
                  .audio = audio,
                  .plan = o.autoplay ? tour_of(default_plan()) : default_plan(),
                  .input_note = note,
                  .autoplay = o.autoplay,
                  .log = log,
                  .plan_name = o.autoplay ? "demo tour" : "built-in plan",
                  .levels = levels,
                  .data_dir = log->keeping() ? std::filesystem::path(log->where()).parent_path()
                                             : std::filesystem::path(),
                  .badge = input.badge};
  ctx.supervised = o.supervised;
  ctx.levels_dir = levels_dir;
  ctx.open_clinician = o.clinician_mode;
  if (input.demo) input.demo->set_autoplay(o.autoplay);
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
  double paused_s = 0.0;          // wall time on the pause page
  bool autoplay_paused = false;   // autoplay shows the pause page once, in the second rest
  std::set<std::string> stops_left(o.autoplay_stop_at.begin(), o.autoplay_stop_at.end());
  platform::FrameClock clock;
  while (!ctx.quit) {
    const double wall_dt = clock.tick();
    wall_s += wall_dt;
    const double dt = paused ? 0.0 : wall_dt * o.speed;
    const platform::FrameEvents events = window.begin_frame();
    if (events.quit) break;
    if (events.pressed(SDLK_ESCAPE)) paused = !paused;
    if (o.autoplay && !autoplay_paused && screen->view_name() == "exercise-2-rest") {
      paused = autoplay_paused = true;  // as if Esc had been pressed
    }
    if (o.autoplay && !paused && stops_left.erase(screen->view_name()))
      ctx.stop_requested = true;  // as if Stop had been pressed on this view
    paused_s = paused ? paused_s + wall_dt : 0.0;
    if (events.pressed(SDLK_F11)) window.set_fullscreen(!window.fullscreen());

    if (input.demo) {
      if (o.autoplay)
        input.demo->autoplay_toward(screen->autoplay_goal());
      else
        steer_demo_by_hand(*input.demo, wall_dt);
      if (!o.autoplay && events.pressed(SDLK_h))
        input.demo->set_face_visible(!input.demo->face_visible());
      input.demo->advance(dt);
    }
    // Every sample the source published since the last frame, at the tracker's own rate:
    // a slow screen must not thin out the session's trace.
    for (const HeadSample& sample : ctx.source.samples_since(logged_samples)) ctx.log->sample(sample);

    if (ctx.supervised && !panel) panel = std::make_unique<SupervisionPanel>();
    ctx.side_panel_px = panel ? SupervisionPanel::width(ImGui::GetMainViewport()->Size.x) : 0.0f;
    std::string view = paused ? "paused" : screen->view_name();
    const std::string screen_view = screen->view_name();  // under the pause page too
    if (paused) {
      const PauseChoice choice = draw_pause_page(ctx);
      if (choice == PauseChoice::resume || (o.autoplay && paused_s > 1.5)) paused = false;
      if (choice == PauseChoice::stop) {
        paused = false;
        ctx.stop_requested = true;  // the screen stops as if its own Stop had been pressed
      }
    } else if (auto next = screen->update({dt, events})) {
      screen = std::move(next);
    }
    ctx.skip_requested = false;  // only the exercise screen acts on it, in the next frame
    if (panel) {
      switch (panel->draw(ctx, paused, screen_view)) {
        case SupervisionPanel::Action::pause: paused = true; break;
        case SupervisionPanel::Action::resume: paused = false; break;
        default: break;  // stop and skip: the screen acts on them next frame
      }
    }

    if (view != shown_view) {
      shown_view = view;
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
    if (ctx.autoplay_ends_in_s && (*ctx.autoplay_ends_in_s -= dt) <= 0.0) ctx.quit = true;
    if (o.quit_after_s > 0.0 && wall_s >= o.quit_after_s) {
      std::fprintf(stderr, "midline: --quit-after %.0f s reached; ending the session.\n",
                   o.quit_after_s);
      break;
    }
    clock.pace();
  }
  screen->end_session();
  if (ctx.log->in_session()) ctx.log->end(ctx.record.after, true);
  if (const std::string problem = ctx.log->problem(); !problem.empty())
    std::fprintf(stderr, "midline: the session may not be fully saved: %s\n", problem.c_str());
  audio.set_tone(0.0, 0.0);
  std::fputs(summary_text(ctx.record, storage::session_figures(ctx.log->activity())).c_str(), stdout);
  return 0;
}

}  // namespace midline
