// The exercise screen: the session core's current exercise, drawn. An introduction, then the
// exercise's scene, with rests between repetitions and a calm card whenever the camera cannot
// see the face. It posts what the player chooses to the session and draws what it holds;
// the rules, the recording, pacing and the sounds' timing are the session's.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>

#include "exercises/guided_movement.hpp"  // on_axis
#include "exercises/hold_midline.hpp"
#include "platform/theme.hpp"
#include "screens/effort_screen.hpp"
#include "screens/exercise_scenes.hpp"
#include "screens/screen.hpp"
#include "screens/ui.hpp"
#include "session/practice_session.hpp"

namespace midline {

namespace pal = platform::palette;

namespace {

constexpr double kCalmToneHz = 196.0;  // a low G
// The scene's least share of the page's first screen, below the title: the instruction gets
// the rest, less the repetition count.
constexpr float kSceneShareAtLeast = 0.6f;

class ExerciseScreen : public Screen {
 public:
  ExerciseScreen(GameContext& ctx, size_t index) : Screen(ctx), index_(index) {}

  std::string view_name() const override {
    std::string name = "exercise-" + std::to_string(index_ + 1);
    const PracticeSession& s = *ctx_.session;
    if (s.stage() != SessionStage::exercising) return name + "-intro";
    if (s.exercise()->phase() == ExercisePhase::rest) return name + "-rest";
    if (s.exercise()->pause() != PauseReason::none) return name + "-paused";
    if (!s.exercise()->scene_shown()) return name + "-screen-resting";  // fading feedback
    return name;
  }

  std::unique_ptr<Screen> update(const FrameInput& in) override {
    on_screen_s_ += in.dt_s;
    PracticeSession& session = *ctx_.session;
    // The introduction, the scene and the rest share the exercise's title: each opens at its
    // top, whatever the last was scrolled to (the scene must show whole).
    if (std::string view = view_name(); view != last_view_) {
      ui::new_view();
      last_view_ = std::move(view);
    }
    const bool stop = ui::begin_page(ctx_, session.planned().title.c_str(), "Stop session");
    if (session.stage() == SessionStage::introducing) {
      draw_intro(session);
    } else if (session.exercise()->phase() == ExercisePhase::rest) {
      draw_rest(session);
    } else {
      draw_scene(session);
    }
    ui::end_page();
    if (stop) session.stop(StopReason::patient);
    if (in.events.pressed(SDLK_SPACE)) session.say_here();
    for (const SessionSound sound : session.take_sounds())
      if (sound == SessionSound::chime) ctx_.audio.chime();
    ctx_.audio.set_tone(kCalmToneHz, ctx_.calm_tone ? session.tone_volume() : 0.0);
    if (session.stage() == SessionStage::exercising || session.stage() == SessionStage::introducing) {
      if (session.exercise_index() == index_) return nullptr;
    }
    ctx_.audio.set_tone(kCalmToneHz, 0.0);
    return screen_for_session(ctx_);
  }

 private:
  void draw_intro(PracticeSession& session) {
    ImGui::Dummy(ImVec2(0, 10));
    const PlannedExercise& planned = session.planned();
    const std::string introduction = session.kind().introduction(planned.params);
    ui::text(planned.instruction.empty() ? introduction : planned.instruction);
    if (!planned.instruction.empty()) ui::text(introduction, true);
    ImGui::Dummy(ImVec2(0, 10));
    char count[64];
    std::snprintf(count, sizeof count, "Exercise %zu of %zu", index_ + 1, session.plan().size());
    ui::text(count, true);
    // A skipped exercise is said as skipped, never passed over as if it had been done.
    if (const auto& done = session.record().exercises; !done.empty() && done.back().skipped)
      ui::text("\"" + done.back().title + "\" was skipped.", true);
    if (const std::string disk = ctx_.log->disk_warning(); !disk.empty()) ui::text(disk, true);
    if (const double rest_s = session.rest_before_next_set_s(); rest_s > 0.0) {
      char rest[120];
      std::snprintf(rest, sizeof rest, "A rest after the last exercise: %.0f s to go. Begin "
                    "whenever you feel ready.", std::ceil(rest_s));
      ui::text(rest, true);
    }
    draw_advice(session);
    ImGui::Dummy(ImVec2(0, 20));
    if (ui::big_button("  Begin  ")) session.begin_exercise();
  }

  void draw_rest(PracticeSession& session) {
    const Exercise& exercise = *session.exercise();
    ImGui::Dummy(ImVec2(0, 30));
    const auto& fonts = ctx_.window.fonts();
    ImGui::SetWindowFontScale(ui::heading_scale(ctx_));
    ui::centred_text("Rest", fonts.huge, pal::sky_blue);
    ImGui::SetWindowFontScale(1.0f);
    // A hold the screen rested through: its result first, in the first screen at large text.
    draw_result_after_resting_screen(exercise);
    ImGui::Dummy(ImVec2(0, 10));
    ui::centred_text("Let your shoulders drop, and breathe out slowly.", fonts.body, pal::text);
    ImGui::Dummy(ImVec2(0, 30));
    char label[64];
    std::snprintf(label, sizeof label, "%d of %d done", exercise.repetition(), exercise.repetitions());
    ui::meter(static_cast<float>(exercise.repetition()) / static_cast<float>(exercise.repetitions()),
              label, pal::bluish_green);
    ImGui::Dummy(ImVec2(0, 20));
    std::snprintf(label, sizeof label, "  Continue now (%.0f s)  ", std::ceil(exercise.rest_remaining_s()));
    if (ui::big_button(label)) session.skip_rest();
    draw_advice(session);
  }

  // Fading feedback: a hold the screen rested through is seen only here, as its result.
  void draw_result_after_resting_screen(const Exercise& exercise) {
    if (exercise.finished_repetitions().empty()) return;
    const RepetitionMetrics& last = exercise.finished_repetitions().back();
    if (!(last.unseen_s > 0.0)) return;
    char result[200];
    if (last.goal_reached)
      std::snprintf(result, sizeof result, "That hold filled: the sun rose while the screen "
                    "rested. In the zone %.0f s of %.0f s.", last.time_in_zone_s, last.active_s);
    else
      std::snprintf(result, sizeof result, "That hold: in the zone %.0f s of %.0f s. Well done "
                    "for keeping on without the picture.", last.time_in_zone_s, last.active_s);
    ImGui::Dummy(ImVec2(0, 10));
    ui::text(result);
  }

  // The fatigue monitor's word, kindly: a longer rest, or finishing for today. Never "push on".
  void draw_advice(PracticeSession& session) {
    if (session.advice().action == pacing::PacingAction::carry_on) return;
    ImGui::Dummy(ImVec2(0, 16));
    ui::text(session.advice().message);
    const bool resting = session.stage() == SessionStage::exercising &&
                         session.exercise()->phase() == ExercisePhase::rest;
    if (resting && ui::big_button("  Rest a little longer  ")) session.extend_rest(30.0);
    if (resting) ui::same_line_if_fits(ui::button_width("  Finish for today  "), ImGui::GetStyle().ItemSpacing.x);
    if (ui::big_button("  Finish for today  ")) session.stop(StopReason::fatigue);
  }

  void draw_scene(PracticeSession& session) {
    const Exercise& exercise = *session.exercise();
    char count[64];
    std::snprintf(count, sizeof count, "%s %d of %d", std::string(session.kind().repetition_word).c_str(),
                  exercise.repetition(), exercise.repetitions());
    // The whole scene shows without scrolling (its picture, degrees, arrows and words are what
    // the patient follows). At large text, beside the clinician's panel too, the instruction
    // gives up its lines first, down to one, with the repetition count beside it: it was said
    // in full on the introduction.
    const float line = ImGui::GetTextLineHeightWithSpacing();
    const float first_screen = ui::remaining().y;  // a new page opens at its top
    const int instruction_lines = static_cast<int>(
        (first_screen * (1.0f - kSceneShareAtLeast) - line - ImGui::GetStyle().ItemSpacing.y) /
        ImGui::GetFontSize());
    const bool count_below = instruction_lines >= 1;
    if (count_below) {
      ui::text_in_lines(exercise.instruction(), instruction_lines);
    } else {
      const float gap = ImGui::GetFontSize();
      const float count_w = ImGui::CalcTextSize(count).x;
      ui::text_in_lines(exercise.instruction(), 1, false,
                        std::max(gap, ui::remaining().x - count_w - gap));
      ImGui::SameLine(std::max(0.0f, ImGui::GetWindowContentRegionMax().x - count_w));
      ui::text(count, true);
    }
    const ImVec2 at = ImGui::GetCursorScreenPos();
    ImVec2 size = ui::remaining();
    size.y = std::max(size.y - (count_below ? line : 0.0f) - 1.0f, ImGui::GetFontSize() * 2.0f);
    const ImVec2 end(at.x + size.x, at.y + size.y);
    draw_exercise_scene(ImGui::GetWindowDrawList(), at, end, session);
    ImGui::Dummy(size);
    ui::note_control(DrawnControl::Kind::picture, "exercise scene");
    if (count_below) ui::text(count, true);
    if (exercise.pause() != PauseReason::none) draw_pause_card(session, at, end);
  }

  // A quiet card over the picture: what happened, and what to do, without blame.
  void draw_pause_card(const PracticeSession& session, ImVec2 min, ImVec2 max) {
    const float w = std::min(max.x - min.x, ImGui::GetFontSize() * 26);
    const ImVec2 c((min.x + max.x) * 0.5f, (min.y + max.y) * 0.5f);
    std::string words = pause_advice(session.exercise()->pause());
    std::string status = ctx_.source.status();
    if (status.empty() && session.camera_stale())
      status = "No new pictures are coming from the camera.";
    if (!status.empty()) words += "\n" + status;
    words += "\nThe exercise waits for you; nothing is lost.";
    const ImVec2 text_size = ImGui::CalcTextSize(words.c_str(), nullptr, false, w - 60);
    // Centred on the picture; from its top when large text makes the card taller than it.
    const ImVec2 a(c.x - w * 0.5f, std::max(min.y, c.y - text_size.y * 0.5f - 30));
    const ImVec2 b(c.x + w * 0.5f, a.y + text_size.y + 60);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(a, b, pal::rgb(24, 36, 48, 235), 18.0f);
    draw->AddRect(a, b, pal::orange, 18.0f, 0, 3.0f);
    draw->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(a.x + 30, a.y + 30), pal::text,
                  words.c_str(), nullptr, w - 60);
  }

  size_t index_;
  std::string last_view_;
};

}  // namespace

std::unique_ptr<Screen> make_exercise_screen(GameContext& ctx, size_t index) {
  return std::make_unique<ExerciseScreen>(ctx, index);
}

std::unique_ptr<Screen> screen_for_session(GameContext& ctx) {
  const PracticeSession& s = *ctx.session;
  switch (s.stage()) {
    case SessionStage::setting_up: return make_camera_check_screen(ctx);
    case SessionStage::introducing:
    case SessionStage::exercising: return make_exercise_screen(ctx, s.exercise_index());
    case SessionStage::rating_effort: return make_effort_screen(ctx, s.exercise_index() + 1);
    case SessionStage::asking_why: return make_stop_reason_screen(ctx);
    case SessionStage::checking_out: return make_check_in_screen(ctx, true);
    case SessionStage::ended: break;
  }
  return make_summary_screen(ctx);
}

}  // namespace midline
