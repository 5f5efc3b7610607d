// The exercise screen: an introduction, then the exercise's picture, with rests between
// attempts and a calm pause whenever the camera cannot see the face.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>

#include "demo_head.hpp"
#include "exercises/fresh_samples.hpp"
#include "exercises/guided_movement.hpp"
#include "exercises/hold_midline.hpp"
#include "exercises/range_check.hpp"
#include "platform/theme.hpp"
#include "screens/effort_screen.hpp"
#include "screens/scenes.hpp"
#include "screens/screen.hpp"
#include "screens/ui.hpp"

namespace midline {

namespace pal = platform::palette;

namespace {

// Autoplay's comfortable range in each direction of range_directions(): rotation, tilt, flexion.
constexpr double kAutoplayRangeDeg[] = {42, 38, 24, 27, 30, 33};
constexpr double kCalmToneHz = 196.0;  // a low G

std::string describe(const PlannedExercise& p) {
  char s[300];
  if (const auto* h = std::get_if<HoldMidlineParams>(&p.params)) {
    std::snprintf(s, sizeof s,
                  "Keep the boat on still water between the two buoys: rest your head near your "
                  "midline for %.0f seconds while the sun rises, %d times, with a rest between.",
                  h->hold_s, h->repetitions);
  } else if (const auto* g = std::get_if<GuidedMovementParams>(&p.params)) {
    std::snprintf(s, sizeof s,
                  "Follow the guide slowly with your head: out, a short wait, and back to the "
                  "middle, %d times. Staying close matters; going further or faster does not.",
                  g->repetitions);
  } else {
    std::snprintf(s, sizeof s,
                  "A check, not a game. Move gently in each direction only as far as is "
                  "comfortable, stay a moment, and come back. Nothing here rewards pushing.");
  }
  return s;
}

class ExerciseScreen : public Screen {
 public:
  ExerciseScreen(GameContext& ctx, size_t index) : Screen(ctx), index_(index) {
    const PlannedExercise& planned = ctx.plan.at(index);
    outcome_.title = planned.title;
    const HeadAngles midline = ctx.record.target_midline.value_or(HeadAngles{});
    if (const auto* h = std::get_if<HoldMidlineParams>(&planned.params)) {
      auto e = std::make_unique<HoldMidline>(*h, midline);
      hold_ = e.get();
      exercise_ = std::move(e);
      outcome_.kind = ExerciseOutcome::Kind::hold;
    } else if (const auto* g = std::get_if<GuidedMovementParams>(&planned.params)) {
      auto e = std::make_unique<GuidedMovement>(*g, movement_side(g->direction, g->axis, {}),
                                                midline);
      guided_ = e.get();
      exercise_ = std::move(e);
      outcome_.kind = ExerciseOutcome::Kind::guided;
    } else {
      auto e = std::make_unique<RangeCheck>(std::get<RangeCheckParams>(planned.params));
      range_ = e.get();
      exercise_ = std::move(e);
      outcome_.kind = ExerciseOutcome::Kind::range;
    }
    outcome_.repetitions_planned = exercise_->repetitions();
    exercise_->set_touch_allowed(planned.sensory_trick_allowed);
    type_ = hold_ ? "hold_midline" : guided_ ? "guided_movement" : "range_check";
  }

  std::string view_name() const override {
    std::string name = "exercise-" + std::to_string(index_ + 1);
    if (!started_) return name + "-intro";
    if (exercise_->phase() == ExercisePhase::rest) return name + "-rest";
    if (exercise_->pause() != PauseReason::none) return name + "-paused";
    return name;
  }

  std::optional<HeadAngles> autoplay_goal() const override {
    const HeadAngles midline = ctx_.record.target_midline.value_or(HeadAngles{});
    if (!started_ || exercise_->phase() != ExercisePhase::attempt) return midline;
    if (guided_) return guided_->target_angles_now();
    if (range_ && range_->stage() != RangeCheck::Stage::returning) {
      const RangeDirection& d = range_->direction();
      return on_axis(d.axis, d.side * kAutoplayRangeDeg[range_->attempt() - 1]);
    }
    return midline;
  }

  std::unique_ptr<Screen> update(const FrameInput& in) override {
    on_screen_s_ += in.dt_s;
    const bool stop = ui::begin_page(ctx_, ctx_.plan[index_].title.c_str(), "Stop session");
    if (!started_) {
      draw_intro();
    } else {
      run(in.dt_s);
      if (exercise_->phase() == ExercisePhase::rest)
        draw_rest();
      else
        draw_scene();
    }
    ui::end_page();
    if (stop) stop_and_record();
    if (std::exchange(ctx_.skip_requested, false) && exercise_->phase() != ExercisePhase::done) {
      ctx_.log->note("clinician", "Skipped: " + ctx_.plan[index_].title);  // a supervised session
      exercise_->stop();
    }
    if (exercise_->phase() != ExercisePhase::done) return nullptr;
    if (!recorded_) record();
    if (asks_effort()) return make_effort_screen(ctx_, index_ + 1);  // it goes on from there
    if (!stop && index_ + 1 < ctx_.plan.size()) return make_exercise_screen(ctx_, index_ + 1);
    return make_check_in_screen(ctx_, true);
  }

  void end_session() override {
    if (exercise_->phase() != ExercisePhase::done) stop_and_record();
  }

 private:
  void stop_and_record() {
    exercise_->stop();
    ctx_.record.stopped_early = true;
    record();
  }

  // A set of holds or movements that was done (not stopped) gets its effort rated (Borg CR10);
  // a range check is an assessment, not a set.
  bool asks_effort() const {
    return started_ && !range_ && !ctx_.record.stopped_early && !exercise_->attempts().empty();
  }

  void record() {
    ctx_.audio.set_tone(kCalmToneHz, 0.0);
    outcome_.attempts = exercise_->attempts();
    if (hold_) outcome_.longest_hold_s = hold_->longest_hold_s();
    if (range_) {
      outcome_.ranges = range_->results();
      std::string text = "Range check (deg):";
      for (size_t i = 0; i < outcome_.ranges.size(); ++i) {
        char part[96];
        std::snprintf(part, sizeof part, " %s %.0f%s;", range_directions()[i].name,
                      outcome_.ranges[i].reached_deg, outcome_.ranges[i].settled ? "" : " (not settled)");
        text += part;
      }
      ctx_.log->note("range check", text);
    }
    ctx_.record.exercises.push_back(outcome_);
    if (started_ && !asks_effort()) ctx_.log->exercise_ended();  // else after the rating
    recorded_ = true;
  }

  void draw_intro() {
    ImGui::Dummy(ImVec2(0, 10));
    const PlannedExercise& planned = ctx_.plan[index_];
    ui::text(planned.instruction.empty() ? describe(planned) : planned.instruction);
    if (!planned.instruction.empty()) ui::text(describe(planned), true);
    ImGui::Dummy(ImVec2(0, 10));
    char count[64];
    std::snprintf(count, sizeof count, "Exercise %zu of %zu", index_ + 1, ctx_.plan.size());
    ui::text(count, true);
    if (const std::string disk = ctx_.log->disk_warning(); !disk.empty()) ui::text(disk, true);
    draw_advice();
    ImGui::Dummy(ImVec2(0, 20));
    if (ui::big_button("  Begin  ")) {
      started_ = true;
      ctx_.log->exercise_started(type_, planned.level_id.empty() ? planned.title : planned.level_id);
    }
  }

  void run(double dt_s) {
    const auto sample = fresh_.filter(ctx_.source.latest(), dt_s);
    sample_ = sample;
    dt_s_ = dt_s;
    exercise_->update(dt_s, sample);
    for (const ExerciseEvent& e : exercise_->take_events()) log_event(e);
    // The hold's calm tone: present in the zone, fading out of it, silent in rests and pauses.
    const bool tone = hold_ && ctx_.calm_tone && exercise_->phase() == ExercisePhase::attempt &&
                      exercise_->pause() == PauseReason::none && exercise_->in_zone();
    ctx_.audio.set_tone(kCalmToneHz, tone ? 0.5 * (1.0 - unsteadiness_) + 0.2 : 0.0);
  }

  // Chimes, the session log and the fatigue monitor, from the exercise's events.
  void log_event(const ExerciseEvent& e) {
    using T = ExerciseEvent::Type;
    switch (e.type) {
      case T::attempt_finished: {
        const AttemptMetrics& m = exercise_->attempts().back();
        if (m.goal_reached && !range_) ctx_.audio.chime();
        const pacing::PacingAdvice advice =
            ctx_.log->attempt_finished(type_ + ":" + ctx_.plan[index_].title, m);
        if (advice.action != pacing::PacingAction::carry_on) ctx_.advice = advice;
        break;
      }
      case T::paused: paused_at_s_ = e.time_s; break;
      case T::resumed:
        ctx_.log->pause_ended(pause_reason_name(), e.time_s - paused_at_s_);
        break;
      case T::rest_started: rest_started_at_s_ = e.time_s; break;
      case T::attempt_started:
        if (e.attempt > 1) ctx_.log->rest_taken(e.time_s - rest_started_at_s_);
        break;
      default: break;
    }
    if (e.type == T::paused) last_pause_ = e.reason;
  }

  std::string pause_reason_name() const {
    switch (last_pause_) {
      case PauseReason::uncertain: return "tracker unsure";
      case PauseReason::touch: return "sensory trick in an exercise without one";
      default: return "face lost";
    }
  }

  void draw_rest() {
    ImGui::Dummy(ImVec2(0, 30));
    const auto& fonts = ctx_.window.fonts();
    ui::centred_text("Rest", fonts.huge, pal::sky_blue);
    ImGui::Dummy(ImVec2(0, 10));
    ui::centred_text("Let your shoulders drop, and breathe out slowly.", fonts.body, pal::text);
    ImGui::Dummy(ImVec2(0, 30));
    char label[64];
    std::snprintf(label, sizeof label, "%d of %d done", exercise_->attempt(),
                  exercise_->repetitions());
    ui::meter(static_cast<float>(exercise_->attempt()) / static_cast<float>(exercise_->repetitions()), label,
              pal::bluish_green);
    ImGui::Dummy(ImVec2(0, 20));
    std::snprintf(label, sizeof label, "  Continue now (%.0f s)  ", std::ceil(exercise_->rest_remaining_s()));
    if (ui::big_button(label)) exercise_->skip_rest();
    draw_advice();
  }

  // The fatigue monitor's word, kindly: a longer rest, or finishing for today. Never "push on".
  void draw_advice() {
    if (ctx_.advice.action == pacing::PacingAction::carry_on) return;
    ImGui::Dummy(ImVec2(0, 16));
    ui::text(ctx_.advice.message);
    if (exercise_->phase() == ExercisePhase::rest && ui::big_button("  Rest a little longer  ")) {
      exercise_->extend_rest(30.0);
      ctx_.advice = {};
    }
    ImGui::SameLine();
    if (ui::big_button("  Finish for today  ")) {
      ctx_.advice = {};
      ctx_.stop_requested = true;  // ends like Stop, on the next frame
    }
  }

  void draw_scene() {
    const auto& sample = sample_;  // what the rules saw this frame
    const double t = exercise_->time_s();
    std::string instruction;
    if (hold_) {
      instruction = "Rest your head near the middle. Let the sun rise.";
    } else if (guided_) {
      instruction = "Follow the light with your head, gently.";
    } else {
      switch (range_->stage()) {
        case RangeCheck::Stage::moving:
          instruction = std::string(range_->direction().name) + ", only as far as is comfortable.";
          break;
        case RangeCheck::Stage::holding: instruction = "Stay there a moment."; break;
        case RangeCheck::Stage::returning: instruction = "Now come back to the middle."; break;
      }
    }
    ui::text(instruction);
    const ImVec2 at = ImGui::GetCursorScreenPos();
    ImVec2 size = ui::remaining();
    size.y -= ImGui::GetFontSize() * 1.6f;  // room for the attempt count
    const ImVec2 end(at.x + size.x, at.y + size.y);
    ImDrawList* draw = ImGui::GetWindowDrawList();

    if (hold_) {
      const AxisTolerance& tol = hold_->params().tolerance;
      scenes::StillWater scene;
      scene.hold_progress = static_cast<float>(hold_->hold_progress());
      scene.time_s = t;
      double restless = 1.0;
      if (sample && sample->trusted() && hold_->offset()) {
        const HeadAngles off = *hold_->offset();  // from the midline, mirrored for the picture
        scene.head = ImVec2(static_cast<float>(-off.rotation_deg / tol.rotation_deg),
                            static_cast<float>(-off.tilt_deg / tol.tilt_deg));
        const double distance = hold_->zone_distance().value_or(1.0);
        restless = std::clamp((distance - 0.3) / 0.9, 0.0, 1.0) +
                   (sample->tremor.present ? sample->tremor.amplitude_deg / 4.0 : 0.0);
      }
      // Eased over a second or so, so the water settles and stirs slowly.
      unsteadiness_ += (std::clamp(restless, 0.0, 1.0) - unsteadiness_) * std::min(1.0, dt_s_ * 1.2);
      scene.unsteadiness = static_cast<float>(unsteadiness_);
      scenes::draw_still_water(draw, at, end, scene);
    } else if (guided_) {
      const GuidedMovementParams& p = guided_->params();
      const double screen_sign = p.axis == Axis::flexion ? 1.0 : -1.0;  // mirrored sideways
      scenes::FollowTrack scene;
      scene.vertical = p.axis == Axis::flexion;
      scene.range_deg = p.amplitude_deg;
      scene.target_deg = screen_sign * guided_->target_now();
      scene.turn_deg = screen_sign * guided_->side() * p.amplitude_deg;
      // Mirrored: the patient's left is on the screen's left.
      scene.start_label = scene.vertical ? "up" : "your left";
      scene.end_label = scene.vertical ? "chin down" : "your right";
      scene.tolerance_deg = axis_value({p.tolerance.rotation_deg, p.tolerance.tilt_deg,
                                        p.tolerance.flexion_deg}, p.axis);
      if (sample && sample->trusted() && guided_->head_on_axis())
        scene.head_deg = screen_sign * *guided_->head_on_axis();
      scene.close = exercise_->in_zone();
      scene.time_s = t;
      scenes::draw_follow_track(draw, at, end, scene);
    } else {
      scenes::RangeArc scene;
      scene.along_deg = range_->head_along();
      scene.holding = range_->stage() == RangeCheck::Stage::holding;
      scene.hold_progress = static_cast<float>(range_->stage_progress());
      scenes::draw_range_arc(draw, at, end, scene);
      if (sample && sample->trusted()) {  // the head itself, under the arc
        const float r = std::min(size.x, size.y) * 0.16f;
        scenes::draw_head(draw, ImVec2((at.x + end.x) * 0.5f, end.y - r * 1.4f), r, sample->angles);
      }
    }
    ImGui::Dummy(size);
    char count[64];
    std::snprintf(count, sizeof count, "%s %d of %d", range_ ? "Direction" : "Round",
                  exercise_->attempt(), exercise_->repetitions());
    ui::text(count, true);

    if (exercise_->pause() != PauseReason::none) draw_pause_card(at, end);
  }

  // A quiet card over the picture: what happened, and what to do, without blame.
  void draw_pause_card(ImVec2 min, ImVec2 max) {
    const float w = std::min(max.x - min.x, ImGui::GetFontSize() * 26);
    const ImVec2 c((min.x + max.x) * 0.5f, (min.y + max.y) * 0.5f);
    std::string words = pause_advice(exercise_->pause());
    std::string status = ctx_.source.status();
    if (status.empty() && fresh_.stale())
      status = "No new pictures are coming from the camera.";
    if (!status.empty()) words += "\n" + status;
    words += "\nThe exercise waits for you; nothing is lost.";
    const ImVec2 text_size = ImGui::CalcTextSize(words.c_str(), nullptr, false, w - 60);
    const ImVec2 a(c.x - w * 0.5f, c.y - text_size.y * 0.5f - 30);
    const ImVec2 b(c.x + w * 0.5f, c.y + text_size.y * 0.5f + 30);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(a, b, pal::rgb(24, 36, 48, 235), 18.0f);
    draw->AddRect(a, b, pal::orange, 18.0f, 0, 3.0f);
    draw->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(a.x + 30, a.y + 30), pal::text,
                  words.c_str(), nullptr, w - 60);
  }

  size_t index_;
  std::unique_ptr<Exercise> exercise_;
  FreshSamples fresh_;  // a camera that stops sending pictures pauses the exercise
  std::optional<HeadSample> sample_;  // this frame's, as the rules saw it
  HoldMidline* hold_ = nullptr;
  GuidedMovement* guided_ = nullptr;
  RangeCheck* range_ = nullptr;
  ExerciseOutcome outcome_;
  bool started_ = false;
  bool recorded_ = false;
  std::string type_;  // as the session store names exercise types
  double paused_at_s_ = 0.0, rest_started_at_s_ = 0.0;
  PauseReason last_pause_ = PauseReason::none;
  double unsteadiness_ = 0.5;
  double dt_s_ = 0.0;  // of the current frame
};

}  // namespace

std::unique_ptr<Screen> make_exercise_screen(GameContext& ctx, size_t index) {
  return std::make_unique<ExerciseScreen>(ctx, index);
}

}  // namespace midline
