#pragma once
// The autoplay driver (`midline --autoplay`, the end-to-end tests, the demo tour, the clinician's
// level preview): it plays the program the way a person and a camera would. Each frame it sees
// what is on screen, the view's name and the labelled controls drawn last frame
// (ui::controls_drawn_last_frame), and answers with input a person would give, as SDL events
// for the queue (a click at a control's centre, typed text, Esc), after human pauses; and with
// where the demo head should go, as a person following the screen. No screen knows about it.
// Values in, values out: the caller passes the time in and pushes the events (push_events).

#include <SDL.h>

#include <deque>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "pose/head_pose.hpp"
#include "screens/drawn_controls.hpp"
#include "session/session_record.hpp"
#include "session/practice_session.hpp"

namespace midline::autoplay {

struct Sight {
  std::string view{};  // the view's name ("check-in", "exercise-2-rest"; "paused" on the pause page)
  std::vector<DrawnControl> controls{};  // drawn last frame
  double dt_s = 0.0;  // tour time since the last frame (wall time times --speed)
  // During an exercise: where it asks the head to be, as a person reads it off the screen
  // (exercise_goal() of the session core); empty elsewhere.
  std::optional<HeadAngles> exercise_goal{};
  // The session's plan, as its introductions describe it (may be null).
  const std::vector<PlannedExercise>* plan = nullptr;
};

// Where the demo head should be: relative to the calibrated neutral, or (empty) resting where
// it settles by itself; out of the camera's view when face_visible is false.
struct HeadChoice {
  std::optional<HeadAngles> goal{};
  bool face_visible = true;
};

struct Move {
  std::vector<SDL_Event> events{};  // this frame's input, in order
  HeadChoice head{};
};

struct DriverOptions {
  std::string player = "Demo player";  // the name typed on the home page
  // Stop is pressed on each of these views the first time it appears (--autoplay-stop-at).
  std::vector<std::string> stop_at{};
  // The check-in answers pain 8, and the hard day's short session is taken
  // (--autoplay-hard-day).
  bool hard_day = false;
};

class Driver {
 public:
  explicit Driver(DriverOptions options = {});

  // One frame: what the driver does, seeing `sight`. A control it needs that is scrolled out
  // of sight it scrolls to first, with the mouse wheel over the page, as a person would.
  Move next(const Sight& sight);
  // The controls a person could not reach, one sentence each ("on the page home, \"Start\"
  // ..."): cut off at a side of the window or page, or outside it with no way to scroll to it.
  // Pages are looked at once settled; each control is named once.
  const std::vector<std::string>& out_of_reach() const { return out_of_reach_; }

 private:
  // One thing to do on a view, due once the view has been up `at_s` (tour time).
  struct Step {
    // name: the home page's player: their button when they are kept here, else typed
    enum class Do { click, stop, type, escape, quit, name } what;
    double at_s;
    DrawnControl::Kind kind = DrawnControl::Kind::button;  // the control: its kind, words, row
    std::string label{};
    std::string group{};
    bool optional = false;  // skipped when the page does not offer it
    bool* done = nullptr;   // set once it happened (the things the tour does once)
    std::string text{};     // typed
    size_t nth = 0;         // which of the matching controls (0: the first drawn)
    int* count = nullptr;   // counted up once it happened
  };
  std::vector<Step> script_for(const Sight& sight);
  bool try_step(const Step& step, const Sight& sight);
  void click(const DrawnControl& control);
  void scroll_to(const DrawnControl& control);
  void look_for_controls_out_of_reach(const Sight& sight);
  void type(const std::string& text);
  void press_key(SDL_Keycode key, SDL_Scancode scancode);
  HeadChoice head(const Sight& sight);

  DriverOptions options_;
  std::set<std::string> stops_left_;
  std::string view_;
  double view_age_s_ = 0.0;
  int view_frames_ = 0;  // frames the view has been seen
  std::vector<Step> script_;
  size_t next_step_ = 0;
  std::deque<std::vector<SDL_Event>> pending_;  // frames of an action under way (a click: two)
  std::vector<std::string> out_of_reach_;
  std::set<std::string> out_of_reach_seen_;  // "view\ncontrol", each named once
  bool played_ = false;         // an exercise was reached: the next home page ends the tour
  bool paused_once_ = false;    // the pause page, shown once in the second exercise's rest
  bool noted_ = false;          // a note from the clinician's panel (supervised), once
  bool skipped_ = false;        // the panel's Skip, once, in the third exercise
  // A ward round (supervised, with a patient list): the patients chosen so far, the clinician's
  // initials given, and the second patient's note at the check-in and Stop for pain.
  int patients_chosen_ = 0;
  bool signed_in_ = false;
  bool noted_at_check_in_ = false;
  bool stopped_for_pain_ = false;
  // The face-loss pause, shown once: mid-hold in the first hold, the head leaves the view.
  double hold_s_ = -1.0;        // time into that hold's first round (-1: not begun)
  double away_left_s_ = -1.0;   // out of view for this much longer (-1: not yet; 0: done)
};

// Where a person following the session's exercise puts their head now: where it asks, or,
// asked to go only as far as is comfortable, this person's comfortable range that way. Empty
// outside an exercise's repetitions.
std::optional<HeadAngles> exercise_goal(const PracticeSession& session);

// Puts the events into SDL's queue; the next frame reads them like any other input.
void push_events(const std::vector<SDL_Event>& events);

}  // namespace midline::autoplay
