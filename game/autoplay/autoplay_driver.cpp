#include "autoplay/autoplay_driver.hpp"

#include "exercises/guided_movement.hpp"  // on_axis

#include <algorithm>
#include <cstring>
#include <variant>

namespace midline::autoplay {

namespace {

using Kind = DrawnControl::Kind;

constexpr double kStopAfterS = 1.0;      // a Stop asked for with --autoplay-stop-at
// A page is judged once it has settled: its layout may take a few frames (new fonts after a
// size change, the scroll bar's room), however fast the tour runs.
constexpr double kSettledS = 0.4;
constexpr int kSettledFrames = 5;
constexpr double kAwayFromViewS = 1.5;   // the face-loss pause's length
constexpr double kLeaveAtHoldShare = 0.6;  // leave once the hold is more than half filled
constexpr size_t kTextChunkBytes = sizeof(SDL_TextInputEvent::text) - 1;

SDL_Event mouse_event(Uint32 type, const DrawnControl& c) {
  SDL_Event e{};
  e.type = type;
  const int x = static_cast<int>(c.centre_x()), y = static_cast<int>(c.shown_centre_y());
  if (type == SDL_MOUSEMOTION) {
    e.motion.x = x;
    e.motion.y = y;
  } else {
    e.button.button = SDL_BUTTON_LEFT;
    e.button.state = type == SDL_MOUSEBUTTONDOWN ? SDL_PRESSED : SDL_RELEASED;
    e.button.clicks = 1;
    e.button.x = x;
    e.button.y = y;
  }
  return e;
}

// The first hold's N in "exercise-N" (counting from 1), and its hold time; -1 without one.
int first_hold(const std::vector<PlannedExercise>* plan, double* hold_s) {
  if (!plan) return -1;
  for (size_t i = 0; i < plan->size(); ++i)
    if (const auto* h = std::get_if<HoldMidlineParams>(&(*plan)[i].params)) {
      *hold_s = h->hold_s;
      return static_cast<int>(i) + 1;
    }
  return -1;
}

}  // namespace

Driver::Driver(DriverOptions options)
    : options_(std::move(options)), stops_left_(options_.stop_at.begin(), options_.stop_at.end()) {}

std::vector<Driver::Step> Driver::script_for(const Sight& sight) {
  using Do = Step::Do;
  const std::string& v = sight.view;
  if (stops_left_.count(v)) return {{Do::stop, kStopAfterS, Kind::page_stop}};
  // The ward station's list: the clinician signs in with initials once, then each patient
  // listed is chosen in turn, and the station is closed after the last.
  const bool panel = std::any_of(sight.controls.begin(), sight.controls.end(),
                                 [](const DrawnControl& c) { return c.group == "note"; });
  if (v == "ward") {
    std::vector<Step> steps;
    if (!signed_in_)
      steps = {{Do::click, 1.0, Kind::text_field, "", "initials"},
               {Do::type, 1.1, Kind::text_field, "", "", false, nullptr, "ab"},
               {Do::click, 1.6, Kind::button, "Sign in", "", false, &signed_in_}};
    // The next patient on the list; a run that keeps nothing lists nobody and offers a demo
    // patient; once each has had a turn, Quit (later: a chosen patient's page comes first).
    steps.push_back({Do::click, 2.5, Kind::button, "", "patient", true, nullptr, "",
                     static_cast<size_t>(patients_chosen_), &patients_chosen_});
    if (patients_chosen_ == 0)
      steps.push_back({Do::click, 2.5, Kind::button, "Demo patient", "", true, nullptr, "", 0,
                       &patients_chosen_});
    steps.push_back({Do::click, 3.5, Kind::page_stop});
    return steps;
  }
  if (v == "home" || v == "home-rested") {
    // After a session (or when today's practice is used up) the tour leaves by the home
    // page's Quit.
    if (played_ || v == "home-rested") return {{Do::click, 1.0, Kind::page_stop}};
    return {{Do::name, 1.5, Kind::text_field, "", "name"},
            {Do::click, 2.5, Kind::button, "Start today's session"}};
  }
  if (v == "check-in" && options_.hard_day)
    return {{Do::click, 0.4, Kind::button, "8", "pain"},
            {Do::click, 0.5, Kind::button, "4", "fatigue"},
            {Do::click, 2.2, Kind::button, "A short session"}};
  if (v == "check-in" && panel && patients_chosen_ == 2 && !noted_at_check_in_)
    return {{Do::click, 0.4, Kind::text_field, "", "note"},
            {Do::type, 0.5, Kind::text_field, "", "", false, nullptr,
             "Autoplay: a note before the session."},
            {Do::click, 0.9, Kind::button, "Add the note", "", false, &noted_at_check_in_},
            {Do::click, 1.2, Kind::button, "3", "pain"},
            {Do::click, 1.3, Kind::button, "4", "fatigue"},
            {Do::click, 2.2, Kind::button, "Continue"}};
  if (v == "check-in" || v == "check-out")
    return {{Do::click, 0.4, Kind::button, "3", "pain"},
            {Do::click, 0.5, Kind::button, v == "check-in" ? "4" : "5", "fatigue"},
            {Do::click, 2.2, Kind::button, "Continue"}};
  if (v == "why-stop") return {{Do::click, 1.5, Kind::button, "Skip"}};  // kept as the patient's
  if (v == "camera-check") return {{Do::click, 2.0, Kind::button, "Looks good"}};  // once enabled
  if (v == "calibration") return {{Do::click, 1.5, Kind::button, "Start"}};
  if (v == "calibration-again") return {{Do::click, 1.5, Kind::button, "Try again"}};
  if (v == "calibration-done") return {{Do::click, 1.5, Kind::button, "Begin the exercises"}};
  // A supervised session shows the clinician's panel at work: for the first patient a note at
  // the first exercise's introduction (a page that waits: no pause comes mid-typing) and a Skip
  // in the third; the second patient is stopped for pain in the first exercise.
  if (panel && v == "exercise-1-intro" && !noted_)
    return {{Do::click, 0.3, Kind::text_field, "", "note"},
            {Do::type, 0.4, Kind::text_field, "", "", false, nullptr,
             "Autoplay: a note from the clinician's panel."},
            {Do::click, 0.8, Kind::button, "Add the note", "", false, &noted_},
            {Do::click, 1.5, Kind::button, "Begin"}};
  if (v.starts_with("exercise-") && v.ends_with("-intro"))
    return {{Do::click, 1.5, Kind::button, "Begin"}};
  // The pause page once, from the second exercise's rest: Esc, a look, Continue.
  if (v == "exercise-2-rest" && !paused_once_)
    return {{Do::escape, 0.5, Kind::button, "", "", false, &paused_once_}};
  if (v == "paused") return {{Do::click, 1.5, Kind::button, "Continue"}};
  if (v.starts_with("effort-"))
    return {{Do::click, 0.3, Kind::button, "3", "effort"},  // "moderate"
            {Do::click, 1.2, Kind::button, "Continue"}};
  if (v == "summary")  // a look at the progress page when the session was kept, else Finish
    return {{Do::click, 2.0, Kind::button, "See your progress", "", true},
            {Do::click, 3.0, Kind::button, panel ? "Finish: next patient" : "Finish"}};
  if (v.starts_with("progress")) return {{Do::quit, 3.0}};
  if (panel && patients_chosen_ == 2 && v == "exercise-1" && !stopped_for_pain_)
    return {{Do::click, 1.0, Kind::button, "Stop the session"},
            {Do::click, 1.6, Kind::button, "Pain", "stop-reason", false, &stopped_for_pain_}};
  if (panel && v == "exercise-3" && !skipped_)
    return {{Do::click, 1.0, Kind::button, "Skip exercise", "", false, &skipped_}};
  return {};
}

bool Driver::try_step(const Step& step, const Sight& sight) {
  using Do = Step::Do;
  switch (step.what) {
    case Do::type: type(step.text); break;
    case Do::name: {  // a kept player presses their name (it may be chosen already); else types it
      const auto kept = std::find_if(sight.controls.begin(), sight.controls.end(),
                                     [&](const DrawnControl& c) {
                                       return c.kind == Kind::button && c.label == options_.player;
                                     });
      const auto field = std::find_if(sight.controls.begin(), sight.controls.end(),
                                      [&](const DrawnControl& c) {
                                        return c.kind == Kind::text_field && c.group == "name";
                                      });
      const auto target = kept != sight.controls.end() ? kept : field;
      if (target == sight.controls.end()) return false;  // not drawn yet
      if (!target->pressable()) {
        if (target->scrolls) scroll_to(*target);
        return false;
      }
      click(*target);
      if (target == field) type(options_.player);
      break;
    }
    case Do::escape: press_key(SDLK_ESCAPE, SDL_SCANCODE_ESCAPE); break;
    case Do::quit: {
      SDL_Event e{};
      e.type = SDL_QUIT;  // as when the window is closed
      pending_.push_back({e});
      break;
    }
    case Do::click:
    case Do::stop: {
      auto found = sight.controls.end();
      size_t seen = 0;
      for (auto c = sight.controls.begin(); c != sight.controls.end(); ++c)
        if (c->kind == step.kind && (step.label.empty() || c->label == step.label) &&
            (step.group.empty() || c->group == step.group) && seen++ == step.nth) {
          found = c;
          break;
        }
      if (found == sight.controls.end()) return step.optional;  // not drawn (yet): wait
      if (!found->enabled) return false;  // a person waits until it can be pressed
      if (!found->pressable()) {  // below or above what the page shows: scrolled to, never
        if (found->scrolls) scroll_to(*found);  // pressed blind (a page may still be settling)
        return false;
      }
      click(*found);
      if (step.what == Do::stop) stops_left_.erase(sight.view);
      break;
    }
  }
  if (step.done) *step.done = true;
  if (step.count) ++*step.count;
  return true;
}

void Driver::click(const DrawnControl& c) {
  // Onto the control and down in one frame, up in the next: ImGui's buttons act on release.
  pending_.push_back({mouse_event(SDL_MOUSEMOTION, c), mouse_event(SDL_MOUSEBUTTONDOWN, c)});
  pending_.push_back({mouse_event(SDL_MOUSEMOTION, c), mouse_event(SDL_MOUSEBUTTONUP, c)});
}

void Driver::scroll_to(const DrawnControl& c) {
  // Over the area that scrolls, then one turn of the wheel toward the control.
  SDL_Event over{};
  over.type = SDL_MOUSEMOTION;
  over.motion.x = static_cast<int>((std::max(c.shown_min_x, 0.0f) + c.shown_max_x) * 0.5f);
  over.motion.y = static_cast<int>((std::max(c.shown_min_y, 0.0f) + c.shown_max_y) * 0.5f);
  SDL_Event wheel{};
  wheel.type = SDL_MOUSEWHEEL;
  wheel.wheel.y = c.min_y < c.shown_min_y ? 1 : -1;  // up shows what is above
  wheel.wheel.direction = SDL_MOUSEWHEEL_NORMAL;
  pending_.push_back({over, wheel});
  pending_.push_back({});  // a frame for the page to move
}

void Driver::look_for_controls_out_of_reach(const Sight& sight) {
  for (const DrawnControl& c : sight.controls) {
    if (c.within_reach()) continue;
    const std::string words = c.label.empty() ? c.group : c.label;
    if (!out_of_reach_seen_.insert(sight.view + "\n" + words).second) continue;
    out_of_reach_.push_back("on the page " + sight.view + ", \"" + words + "\" " +
                            (!c.whole_width_shown()            ? "is cut off at the side of the page"
                             : c.kind == DrawnControl::Kind::picture ? "does not show whole without scrolling"
                                                               : "lies outside the window, with no way to scroll to it"));
  }
}

void Driver::type(const std::string& text) {
  // A text event holds 31 bytes: longer text goes in pieces, never splitting a character.
  for (size_t at = 0; at < text.size();) {
    size_t n = std::min(kTextChunkBytes, text.size() - at);
    while (at + n < text.size() && (static_cast<unsigned char>(text[at + n]) & 0xC0) == 0x80) --n;
    SDL_Event e{};
    e.type = SDL_TEXTINPUT;
    std::memcpy(e.text.text, text.data() + at, n);
    pending_.push_back({e});
    at += n;
  }
}

void Driver::press_key(SDL_Keycode key, SDL_Scancode scancode) {
  SDL_Event down{};
  down.type = SDL_KEYDOWN;
  down.key.state = SDL_PRESSED;
  down.key.keysym.sym = key;
  down.key.keysym.scancode = scancode;
  SDL_Event up = down;
  up.type = SDL_KEYUP;
  up.key.state = SDL_RELEASED;
  pending_.push_back({down});
  pending_.push_back({up});
}

std::optional<HeadAngles> exercise_goal(const PracticeSession& session) {
  if (session.stage() != SessionStage::exercising) return std::nullopt;
  const HeadAngles midline = session.record().target.value_or(HeadAngles{});
  if (session.exercise()->phase() != ExercisePhase::repetition) return midline;
  const Exercise::Asked asked = session.exercise()->asked();
  if (!asked.explore) return asked.at;
  // This person's comfortable range (degrees): rotation, tilt, flexion; toward + then -.
  static constexpr double kComfortableDeg[3][2] = {{42, 38}, {24, 27}, {30, 33}};
  const double range =
      kComfortableDeg[static_cast<int>(asked.explore->axis)][asked.explore->side > 0 ? 0 : 1];
  return on_axis(asked.explore->axis, asked.explore->side * range);
}

HeadChoice Driver::head(const Sight& sight) {
  HeadChoice choice;
  if (sight.exercise_goal)
    choice.goal = sight.exercise_goal;
  else if (sight.view.starts_with("calibration"))
    choice.goal = std::nullopt;  // the page asks the head to rest where it settles
  else
    choice.goal = HeadAngles{};  // facing the screen
  // Once, mid-hold: the head leaves the camera's view, as a patient might lean out of frame.
  double hold_s = 0.0;
  const int hold = first_hold(sight.plan, &hold_s);
  if (away_left_s_ < 0.0 && hold > 0 && sight.view == "exercise-" + std::to_string(hold)) {
    hold_s_ = std::max(hold_s_, 0.0) + sight.dt_s;
    if (hold_s_ >= kLeaveAtHoldShare * hold_s) away_left_s_ = kAwayFromViewS;
  }
  if (away_left_s_ > 0.0) {
    choice.face_visible = false;
    away_left_s_ = std::max(0.0, away_left_s_ - sight.dt_s);
  }
  return choice;
}

Move Driver::next(const Sight& sight) {
  if (sight.view != view_) {
    view_ = sight.view;
    view_age_s_ = 0.0;
    view_frames_ = 0;
    script_ = script_for(sight);
    next_step_ = 0;
    if (view_.starts_with("exercise-")) played_ = true;
  } else {
    view_age_s_ += sight.dt_s;
  }
  Move move;
  move.head = head(sight);
  ++view_frames_;
  if (view_age_s_ >= kSettledS && view_frames_ > kSettledFrames) look_for_controls_out_of_reach(sight);
  // One action at a time: a click under way finishes before the next step is looked at.
  while (pending_.empty() && next_step_ < script_.size() &&
         view_age_s_ >= script_[next_step_].at_s && try_step(script_[next_step_], sight))
    ++next_step_;
  if (!pending_.empty()) {
    move.events = std::move(pending_.front());
    pending_.pop_front();
  }
  return move;
}

void push_events(const std::vector<SDL_Event>& events) {
  for (SDL_Event e : events) SDL_PushEvent(&e);  // the queue stamps each with its time
}

}  // namespace midline::autoplay
