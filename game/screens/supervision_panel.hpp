#pragma once
// The clinician's panel beside the game in a supervised session: the patient at the station
// (by their code), live angles, tracking quality and tremor, and Pause, Skip, Stop (confirmed,
// with a reason) and notes with the clinician's initials, all through the station's core
// (ctx.station). It takes the window's right part (GameContext::side_panel_px); the patient's
// pages shrink to the rest.

#include <string>

#include "screens/screen.hpp"
#include "session/supervision.hpp"

namespace midline {

class SupervisionPanel {
 public:
  enum class Action { none, pause, resume, skip };

  // How wide the panel is in a window `window_width` wide (at any of the patient's text sizes).
  static float width(float window_width);
  // Draws the panel; returns what the clinician asked for this frame. `view` is the current
  // screen's view name ("exercise-2-rest"); `paused` whether the game is on its pause page.
  Action draw(GameContext& ctx, bool paused, const std::string& view);


 private:
  std::string initials_;  // being typed; the station keeps them once signed in
  std::string initials_problem_;
};

// "Exercise 2 of 4: Turn gently to your left (rest)" for a view of the exercise screen; else
// the view in words ("Check-in", "Summary").
std::string describe_view(const std::vector<PlannedExercise>& plan, const std::string& view);

}  // namespace midline
