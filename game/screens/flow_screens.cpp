// The pages around the exercises: home, check-in and check-out, and the summary.

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "platform/theme.hpp"
#include "screens/progress_screen.hpp"
#include "screens/screen.hpp"
#include "screens/ui.hpp"
#include "session/session_length_words.hpp"
#include "session/todays_plan.hpp"

namespace midline {

namespace pal = platform::palette;

namespace {

// The warning signs, in one calm line: said where pain is asked about.
constexpr const char* kWarningSigns =
    "New weakness, numbness, difficulty swallowing or breathing, or severe new pain: stop and "
    "contact your clinician.";

// [SECTION] Home: who is playing
class HomeScreen : public Screen {
 public:
  // The home page is outside any session: whichever Stop led here, the session in progress
  // ends now, as stopped early, so the next Start begins a new one.
  // `note`: a word for whoever comes back to it (after choosing to rest today).
  HomeScreen(GameContext& ctx, std::string note) : Screen(ctx), rested_note_(std::move(note)) {
    if (ctx_.session) ctx_.session->check_out(std::nullopt);
    ui::show_kept_text_size(ctx_, std::nullopt);  // the home page's own size
    // Whoever practised last is chosen already, so coming back is one press of Start; not on
    // a supervised station, where the next person is rarely the last.
    if (!ctx_.supervised)
      if (const auto last = ctx_.log->last_player()) name_ = *last;
    // At the start and after each session: the clinic's copy catches up, off this thread.
    if (ctx_.clinic_sync) ctx_.clinic_sync->request();
  }
  std::string view_name() const override { return rested_note_.empty() ? "home" : "home-rested"; }

  std::unique_ptr<Screen> update(const FrameInput& in) override {
    on_screen_s_ += in.dt_s;
    std::unique_ptr<Screen> next;
    if (ui::begin_page(ctx_, "Midline", "Quit")) ctx_.quit = true;
    ui::text("Gentle practice for holding your head at the midline. Go at your own pace; "
             "you can stop at any time.", true);
    // Near the top, where it has the page's whole width: at the foot it ran under the
    // DEMO/VIDEO label.
    const bool resized = ui::settings_row(ctx_);
    ImGui::Dummy(ImVec2(0, 8));
    ui::text("Who is practising today?");
    bool first = true;
    for (const std::string& player : players_) {  // those kept on this computer
      const bool chosen = player == name_;
      if (!first) ui::same_line_if_fits(ui::button_width(player.c_str()), ImGui::GetStyle().ItemSpacing.x);
      first = false;
      if (chosen) ImGui::PushStyleColor(ImGuiCol_Button, platform::to_vec4(pal::blue));
      if (ui::button(player.c_str())) name_ = player;
      if (chosen) ImGui::PopStyleColor();
    }
    const float field_w = std::min(ImGui::GetFontSize() * 12, ImGui::GetContentRegionAvail().x);
    if (!first) ui::same_line_if_fits(field_w, ImGui::GetStyle().ItemSpacing.x);
    ImGui::SetNextItemWidth(field_w);
    ui::limited_input("##name", players_.empty() ? "Your name" : "Someone new", name_,
                      kMaxPlayerNameCharacters);
    const bool known = std::find(players_.begin(), players_.end(), name_) != players_.end();
    if (resized) {  // the home page's size, and the chosen player's when they are kept here
      ui::keep_text_size(ctx_, std::nullopt);
      if (known) {
        ctx_.log->choose_player(name_);  // a kept player: nobody is added
        if (const auto key = ctx_.log->player_key()) ui::keep_text_size(ctx_, key);
      }
    }
    ImGui::Dummy(ImVec2(0, 4));
    const bool start = ui::big_button("  Start today's session  ", 0, !name_.empty());
    // Progress for a player already kept here; clinician mode behind its PIN, quietly grey.
    const float gap = ImGui::GetStyle().ItemSpacing.x * 1.5f;
    bool progress = false;
    if (ctx_.log->keeping()) {  // a demo or video run keeps no progress to show
      ui::same_line_if_fits(ui::button_width("  Your progress  "), gap);
      progress = ui::big_button("  Your progress  ", 0, known);
    }
    bool clinician = false;
    if (ctx_.open_clinician) {
      ui::same_line_if_fits(ui::button_width("  Clinician  "), gap);
      ImGui::PushStyleColor(ImGuiCol_Button, platform::to_vec4(pal::rgb(70, 78, 92)));
      clinician = ui::big_button("  Clinician  ");
      ImGui::PopStyleColor();
    }
    if (name_.empty())  // why Start waits
      ui::text(players_.empty() ? "Type your name above to start."
                                : "Choose your name above, or type a new one, to start.",
               true);
    if (!rested_note_.empty()) ui::text(rested_note_);  // the day's limit, set by the therapist
    if (ctx_.clinic_sync)  // a quiet line: "Sent to your clinic 2 days ago"
      if (const std::string line = ctx_.clinic_sync->home_page_line(); !line.empty())
        ui::text(line, true);
    if (!ctx_.input_note.empty()) {
      ImGui::Dummy(ImVec2(0, 4));
      ui::text(ctx_.input_note, true);
    }
    if (ctx_.demo) {
      ImGui::Dummy(ImVec2(0, 4));
      ui::text("The demo head: arrow keys turn and nod it, Z and X tilt it, the right mouse "
               "button steers it, H hides it.", true);
    }
    ui::end_page();
    if (progress) {
      ctx_.log->choose_player(name_);  // a kept player: nobody is added
      if (const auto key = ctx_.log->player_key())
        return make_progress_screen(ctx_, ctx_.data_dir, *key);
    }
    if (clinician) return ctx_.open_clinician(ctx_);
    if (start) {
      // A new visit: nothing of an earlier session carries into this one.
      ctx_.station.choose_player(*ctx_.log, ctx_.source, name_);
      ctx_.player = name_;
      // The player's own text size; a player without one keeps this one from now on.
      if (const auto key = ctx_.log->player_key()) {
        if (ctx_.player_settings->text_size(key)) ui::show_kept_text_size(ctx_, key);
        else ui::keep_text_size(ctx_, key);
      }
      rested_note_ = prepare_todays_session(ctx_);
      if (rested_note_.empty()) next = make_check_in_screen(ctx_, false);
    }
    return next;
  }

 private:
  std::string rested_note_;  // why no session can start today, or a word after resting

  std::vector<std::string> players_ = ctx_.log->players();
  std::string name_;
};

// Returns the plan's daily limits, when it has them.
std::optional<DailyLimits> choose_todays_plan(GameContext& ctx) {
  if (!ctx.levels) return std::nullopt;  // the plan the context was given stands
  std::optional<LoadedPlan> plan;
  std::vector<std::string> notes;
  // A plan version from the clinic applies now, at the session's start, never during one.
  std::optional<int64_t> clinic_version;
  if (const auto key = ctx.log->player_key(); key && ctx.clinic_sync) {
    const clinic::AppliedPlan applied = ctx.clinic_sync->apply_plan_at_session_start(*key);
    if (!applied.problem.empty()) notes.push_back(applied.problem);
    clinic_version = applied.version;
  }
  if (const auto key = ctx.log->player_key())
    if (const auto path = plan_path(ctx.data_dir, *key); path && std::filesystem::exists(*path)) {
      PlanFileResult loaded = load_plan_file(*path);
      for (const FileProblem& p : loaded.problems) notes.push_back(format_problem(p));
      plan = std::move(loaded.plan);
    }
  TodaysPlan today = todays_plan(*ctx.levels, plan, ctx.log->level_history(*ctx.levels),
                                 ctx.log->kept_flexion_zero());
  if (plan) today.clinic_plan_version = clinic_version;
  ctx.adapt_plan(today);
  notes.insert(notes.end(), today.notes.begin(), today.notes.end());
  for (const std::string& n : notes) std::fprintf(stderr, "midline: %s\n", n.c_str());
  today.notes = std::move(notes);  // the level files' and the plan file's problems
  ctx.today = std::move(today);
  apply_patient_reference(ctx.today, ctx.source);  // before calibration: their own flexion zero
  return ctx.today.daily;
}

// [SECTION] Check-in and check-out: pain and fatigue, 0-10
class CheckInScreen : public Screen {
 public:
  CheckInScreen(GameContext& ctx, bool after) : Screen(ctx), after_(after) {
    if (!after_) length_note_ = session_length_words(ctx_.log->suggested_length());
  }
  std::string view_name() const override { return after_ ? "check-out" : "check-in"; }

  std::unique_ptr<Screen> update(const FrameInput& in) override {
    on_screen_s_ += in.dt_s;
    // Before: the visit's answers (a new patient's start empty); after: this page's.
    CheckInAnswers& answer = after_ ? answer_ : ctx_.station.visit().check_in;
    std::unique_ptr<Screen> next;
    const bool stop = ui::begin_page(ctx_, after_ ? "How are you now?" : "How are you today?",
                                     after_ ? "Skip" : "Stop");
    const CheckInAnswers before = after_ ? ctx_.session->record().before : CheckInAnswers{};
    const bool pain_rose = after_ && answer.answered() && before.answered() &&
                           answer.pain >= before.pain + 2;
    const bool hard_day = !after_ && answer.hard_day();
    // A hard day's or a rise in pain's words take the introduction's place, in a slot as tall
    // as the longer of the two, so nothing below (Continue above all) moves under the hand.
    const std::string usual =
        after_ ? std::string(ctx_.session->time_up()
                                 ? "That is today's practice time, and a good place to stop. "
                                 : "") +
                     "Well done for practising. A quick check before the summary."
               : "Tell Midline how you feel before you start. There is no wrong answer." +
                     (length_note_.empty() ? "" : " " + length_note_);  // the pacing's length
    const std::string instead =
        after_ ? std::string("Your pain is higher than when you started. Rest now; Midline will "
                             "suggest an easier session next time. ") + kWarningSigns
               : std::string("Thank you. On a hard day a short session (") +
                     (short_session_of(ctx_.today.exercises).size() > 1
                          ? "one gentle hold, then where the middle feels"
                          : "one gentle hold") +
                     ") or resting today is plenty. " + kWarningSigns;
    text_in_slot(hard_day || pain_rose ? instead : usual, {usual, instead});
    ImGui::Dummy(ImVec2(0, 6));  // room for the slot at 1280x720
    ui::text("Neck pain right now");
    ui::scale_row("pain", answer.pain, "none", "worst imaginable");
    ImGui::Dummy(ImVec2(0, 6));  // room for the slot at 1280x720
    ui::text("Tiredness right now");
    ui::scale_row("fatigue", answer.fatigue, "none", "exhausted");
    ImGui::Dummy(ImVec2(0, 6));  // room for the slot at 1280x720
    if (!after_ && !ctx_.day_note.empty()) ui::text(ctx_.day_note, true);  // a shorter day
    if (!after_ && !ctx_.today.notes.empty())
      ui::text("Some level or plan files have problems and were left out; your therapist can "
               "see them with `midline levels check`.", true);
    const bool go = ui::big_button("  Continue  ", 0, answer.answered());
    bool short_session = false, rest = false;
    if (hard_day) {
      ui::same_line_if_fits(ui::button_width("  A short session  "), 30);
      short_session = ui::big_button("  A short session  ");
      ui::same_line_if_fits(ui::button_width("  Rest today  "), 30);
      rest = ui::big_button("  Rest today  ");
    }
    ui::end_page();
    if (after_ && (go || stop)) {
      ctx_.session->check_out(answer.answered() ? std::optional<CheckInAnswers>(answer) : std::nullopt);
      return make_summary_screen(ctx_);
    }
    if (rest) {  // kept as the day's answer, with its check-in, for the therapist
      ctx_.session = std::make_unique<PracticeSession>(
          std::vector<PlannedExercise>{},
          PracticeSession::Settings{.player = ctx_.player, .plan_name = ctx_.today.name,
                                    .supervised = ctx_.supervised},
          *ctx_.log, answer);
      ctx_.session->rest_today();
      return make_home_screen(ctx_, "Resting is part of looking after yourself. Come back "
                                    "whenever you feel ready.");
    }
    if (stop) return make_home_screen(ctx_);
    if (go || short_session) {
      ctx_.session = std::make_unique<PracticeSession>(
          short_session ? short_session_of(ctx_.today.exercises) : ctx_.today.exercises,
          PracticeSession::Settings{.player = ctx_.player,
                                    .plan_name = ctx_.today.name,
                                    .supervised = ctx_.supervised,
                                    .minutes_allowed = ctx_.session_minutes,
                                    .limits = ctx_.practice_limits,
                                    .plan_version = ctx_.today.clinic_plan_version,
                                    .shaping = ctx_.today.shaping,
                                    .flexion_zero_deg = ctx_.today.flexion_zero.degrees},
          *ctx_.log, answer);
      next = make_camera_check_screen(ctx_);
    }
    return next;
  }

 private:
  // `shown`, soft, in a slot as tall as the tallest of `choices` at this width and text size.
  static void text_in_slot(const std::string& shown, std::initializer_list<std::string> choices) {
    const float width = ImGui::GetContentRegionAvail().x;
    float tallest = 0.0f;
    for (const std::string& c : choices)
      tallest = std::max(tallest, ImGui::CalcTextSize(c.c_str(), nullptr, false, width).y);
    const float top = ImGui::GetCursorPosY();
    ui::text(shown, true);
    ImGui::SetCursorPosY(std::max(ImGui::GetCursorPosY(),
                                  top + tallest + ImGui::GetStyle().ItemSpacing.y));
  }

  bool after_;
  CheckInAnswers answer_;  // the check-out's
  std::string length_note_;  // before: the suggested session length, when sessions are kept
};

// [SECTION] Why stop: asked once, kindly, when the patient stops during the exercises
class StopReasonScreen : public Screen {
 public:
  using Screen::Screen;
  std::string view_name() const override { return "why-stop"; }

  std::unique_ptr<Screen> update(const FrameInput& in) override {
    on_screen_s_ += in.dt_s;
    std::optional<std::optional<StopReason>> answer;  // outer: answered or skipped this frame
    if (ui::begin_page(ctx_, "Stopping is fine", "Skip")) answer.emplace();
    ui::text("You have practised today. If you like, tell Midline what made you stop: it helps "
             "your therapist plan your sessions. You can skip this.",
             true);
    ImGui::Dummy(ImVec2(0, 16));
    if (ui::big_button("  Pain  ")) answer = StopReason::pain;
    ui::same_line_if_fits(ui::button_width("  Tiredness  "), 30);
    if (ui::big_button("  Tiredness  ")) answer = StopReason::fatigue;
    ui::same_line_if_fits(ui::button_width("  The camera or computer  "), 30);
    if (ui::big_button("  The camera or computer  ")) answer = StopReason::technical;
    ImGui::Dummy(ImVec2(0, 16));
    ui::text(kWarningSigns, true);
    ImGui::Dummy(ImVec2(0, 16));
    if (ui::big_button("  Skip  ")) answer.emplace();
    ui::end_page();
    if (!answer) return nullptr;
    ctx_.session->explain_stop(*answer);
    return screen_for_session(ctx_);
  }
};

// [SECTION] Summary
class SummaryScreen : public Screen {
 public:
  // The session has ended: its figures are read once, from the records the store kept (or
  // that the log kept in memory), as the progress screen and the exports read them.
  explicit SummaryScreen(GameContext& ctx)
      : Screen(ctx), figures_(storage::session_figures(ctx.log->activity())) {}
  std::string view_name() const override { return "summary"; }

  std::unique_ptr<Screen> update(const FrameInput& in) override {
    on_screen_s_ += in.dt_s;
    const SessionOutcome& r = ctx_.session->record();
    // On a ward the station stays open for the next patient: no Quit here.
    const bool stop = ui::begin_page(ctx_, "Today's practice", ctx_.supervised ? "Next patient" : "Quit");
    if (r.exercises.empty()) ui::text("No exercises were done this time. That is fine too.", true);
    else if (r.stopped_early)
      ui::text("You stopped when you chose to, and what you did counts as practice.", true);
    else if (r.time_up)
      ui::text("Your plan's time for this session was reached, so Midline ended it gently after "
               "the repetition you were doing.", true);
    char line[200];
    // One row an exercise: its name, then what it measured.
    ImGui::PushStyleVar(ImGuiStyleVar_CellPadding, ImVec2(8.0f, ImGui::GetFontSize() * 0.3f));
    ImGui::BeginTable("##exercises", 2, ImGuiTableFlags_SizingStretchProp);
    ImGui::TableSetupColumn("exercise", ImGuiTableColumnFlags_WidthStretch, 0.36f);
    ImGui::TableSetupColumn("result", ImGuiTableColumnFlags_WidthStretch, 0.64f);
    for (const ExerciseOutcome& e : r.exercises) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::PushStyleColor(ImGuiCol_Text, platform::to_vec4(pal::sky_blue));
      ImGui::PushTextWrapPos(0.0f);
      ImGui::TextUnformatted(e.title.c_str());
      ImGui::PopTextWrapPos();
      ImGui::PopStyleColor();
      ImGui::TableNextColumn();
      ui::text(outcome_words(e, r.stopped_early && &e == &r.exercises.back()));
    }
    ImGui::EndTable();
    ImGui::PopStyleVar();
    ui::text(figures_line(), true);
    // Every figure is from the body midline; the resting posture is a measurement beside it.
    if (r.resting_posture) ui::text(describe_resting_posture(*r.resting_posture), true);
    if (r.resting_posture && r.resting_posture_rough) ui::text(kRoughRestingPostureNote, true);
    if (r.target)
      ui::text("Today's target, from the body midline: " + describe_posture(*r.target), true);
    if (r.before.answered() && r.after.answered()) {
      std::snprintf(line, sizeof line, "Pain %d before, %d after.   Tiredness %d before, %d after.",
                    r.before.pain, r.after.pain, r.before.fatigue, r.after.fatigue);
      ui::text(line, true);
    }
    std::string note = "Measured by the camera: an indication for you and your therapist, not a "
                       "clinical rating.";
    if (const std::string problem = ctx_.log->problem(); !problem.empty())
      note += " This session may not be fully saved: " + problem;
    else if (ctx_.log->keeping())
      note += " Kept on this computer only.";
    for (const std::string& n : ctx_.log->session_notices()) note += " " + n;
    ui::text(note, true);
    // The patient's own progress at home; on a ward the next patient comes instead.
    const auto player =
        ctx_.log->keeping() && !ctx_.supervised ? ctx_.log->player_key() : std::nullopt;
    const bool done = ui::big_button(ctx_.supervised ? "  Finish: next patient  " : "  Finish  ");
    bool progress = false;
    if (player) {
      ui::same_line_if_fits(ui::button_width("  See your progress  "), ImGui::GetStyle().ItemSpacing.x);
      progress = ui::big_button("  See your progress  ");
    }
    ui::end_page();
    if (stop && !ctx_.supervised) ctx_.quit = true;
    // Finish: the home page, or the ward's list for the next patient; never an exit.
    if (done || (stop && ctx_.supervised)) return make_home_screen(ctx_);
    if (progress && !ctx_.quit)
      return make_progress_screen(ctx_, ctx_.data_dir, *player, true);
    return nullptr;
  }

 private:
  // The session's figures in one paragraph: "2.1 min of practice. In the calm zone ..."
  std::string figures_line() const {
    char part[160];
    std::snprintf(part, sizeof part, "%.1f min of practice.", figures_.practice_minutes);
    std::string out = part;
    if (figures_.calm_zone_percent) {
      std::snprintf(part, sizeof part, " In the calm zone %.0f%% of the hold time.",
                    *figures_.calm_zone_percent);
      out += part;
    }
    // Fading feedback: how the head did with the picture and while the screen rested.
    if (const storage::SceneSplit& by_scene = figures_.calm_zone_by_scene;
        by_scene.without_scene_percent) {
      if (by_scene.with_scene_percent) {
        std::snprintf(part, sizeof part, " With the picture %.0f%%; while the screen rested %.0f%%.",
                      *by_scene.with_scene_percent, *by_scene.without_scene_percent);
      } else {
        std::snprintf(part, sizeof part, " All of it while the screen rested.");
      }
      out += part;
    }
    if (figures_.longest_steady_hold_s) {
      std::snprintf(part, sizeof part, " Longest steady hold %.0f s.",
                    *figures_.longest_steady_hold_s);
      out += part;
    }
    if (figures_.close_to_guide_percent) {
      std::snprintf(part, sizeof part, " Close to the guide %.0f%% of the movement time.",
                    *figures_.close_to_guide_percent);
      out += part;
    }
    return out;
  }

  storage::SessionFigures figures_;
};

}  // namespace

std::string prepare_todays_session(GameContext& ctx) {
  const pacing::PracticeLimits limits = practice_limits(choose_todays_plan(ctx));
  const pacing::TodayAllowance allowance = ctx.log->today_allowance(limits);
  ctx.practice_limits = limits;
  // Kept sessions count the day's minutes; otherwise the plan's session limit alone.
  ctx.session_minutes = ctx.log->keeping() ? allowance.minutes_left : limits.session_max_min;
  ctx.day_note = allowance.may_start ? allowance.reason : std::string();
  return allowance.may_start ? std::string() : allowance.reason;
}

std::unique_ptr<Screen> make_home_screen(GameContext& ctx, std::string note) {
  if (ctx.supervised) return make_ward_list_screen(ctx, std::move(note));
  return std::make_unique<HomeScreen>(ctx, std::move(note));
}
std::unique_ptr<Screen> make_check_in_screen(GameContext& ctx, bool after_exercises) {
  return std::make_unique<CheckInScreen>(ctx, after_exercises);
}
std::unique_ptr<Screen> make_stop_reason_screen(GameContext& ctx) {
  return std::make_unique<StopReasonScreen>(ctx);
}
std::unique_ptr<Screen> make_summary_screen(GameContext& ctx) {
  return std::make_unique<SummaryScreen>(ctx);
}

}  // namespace midline
