// The autoplay driver's choices, without a window: given a view and the controls drawn on it,
// which events it pushes, when, and where it puts the demo head.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "autoplay/autoplay_driver.hpp"

namespace midline::autoplay {
namespace {

using Kind = DrawnControl::Kind;

DrawnControl control(Kind kind, std::string label, std::string group, float x, float y,
                     bool enabled = true) {
  return {kind, std::move(label), std::move(group), x - 20, y - 10, x + 20, y + 10, enabled};
}

struct Frame {
  double at_s;  // view time when the events were pushed
  std::vector<SDL_Event> events;
};

// The frames with events while `sight` stays on screen for `seconds`, 20 frames a second.
std::vector<Frame> watch(Driver& driver, Sight sight, double seconds) {
  std::vector<Frame> frames;
  sight.dt_s = 0.05;
  for (double t = 0.0; t <= seconds + 1e-9; t += sight.dt_s) {
    Move move = driver.next(sight);
    if (!move.events.empty()) frames.push_back({t, std::move(move.events)});
  }
  return frames;
}

// A click: onto the control and down, then up, at its centre.
void expect_click(const std::vector<Frame>& frames, size_t first, int x, int y) {
  ASSERT_GT(frames.size(), first + 1);
  const auto& down = frames[first].events;
  ASSERT_EQ(down.size(), 2u);
  EXPECT_EQ(down[0].type, SDL_MOUSEMOTION);
  EXPECT_EQ(down[0].motion.x, x);
  EXPECT_EQ(down[0].motion.y, y);
  EXPECT_EQ(down[1].type, SDL_MOUSEBUTTONDOWN);
  EXPECT_EQ(down[1].button.button, SDL_BUTTON_LEFT);
  const auto& up = frames[first + 1].events;
  ASSERT_EQ(up.size(), 2u);
  EXPECT_EQ(up[0].type, SDL_MOUSEMOTION);
  EXPECT_EQ(up[0].motion.x, x);
  EXPECT_EQ(up[1].type, SDL_MOUSEBUTTONUP);
  EXPECT_EQ(up[1].button.x, x);
  EXPECT_EQ(up[1].button.y, y);
}

std::string typed(const std::vector<Frame>& frames) {
  std::string text;
  for (const Frame& f : frames)
    for (const SDL_Event& e : f.events)
      if (e.type == SDL_TEXTINPUT) text += e.text.text;
  return text;
}

TEST(AutoplayDriver, TypesTheNameOnTheHomePageThenStarts) {
  Driver driver;
  Sight home{.view = "home",
             .controls = {control(Kind::page_stop, "Quit", "", 1200, 20),
                          control(Kind::text_field, "Your name", "name", 300, 200),
                          control(Kind::button, "Start today's session", "", 400, 300)}};
  const auto frames = watch(driver, home, 3.0);
  ASSERT_EQ(frames.size(), 5u);  // click the field, type, click Start
  EXPECT_GE(frames[0].at_s, 1.5);  // a person looks first
  expect_click(frames, 0, 300, 200);
  EXPECT_EQ(typed(frames), "Demo player");
  expect_click(frames, 3, 400, 300);
  EXPECT_GE(frames[3].at_s, 2.5);
}

TEST(AutoplayDriver, AnswersTheCheckInOnTheRightRowsAndWaitsForContinueToBeEnabled) {
  Driver driver;
  Sight check_in{.view = "check-in",
                 .controls = {control(Kind::button, "3", "pain", 100, 200),
                              control(Kind::button, "4", "pain", 150, 200),
                              control(Kind::button, "3", "fatigue", 100, 300),
                              control(Kind::button, "4", "fatigue", 150, 300),
                              control(Kind::button, "Continue", "", 100, 400, false)}};
  auto frames = watch(driver, check_in, 3.0);
  ASSERT_EQ(frames.size(), 4u);  // two answers; Continue is still dimmed
  expect_click(frames, 0, 100, 200);  // pain 3
  expect_click(frames, 2, 150, 300);  // fatigue 4
  check_in.controls.back().enabled = true;
  frames = watch(driver, check_in, 0.2);
  expect_click(frames, 0, 100, 400);
}

TEST(AutoplayDriver, PressesStopOnANamedViewOnlyTheFirstTimeItAppears) {
  Driver driver({.stop_at = {"camera-check"}});
  const Sight check{.view = "camera-check",
                    .controls = {control(Kind::page_stop, "Stop", "", 1200, 20),
                                 control(Kind::button, "Looks good", "", 300, 500)}};
  auto frames = watch(driver, check, 3.0);
  ASSERT_EQ(frames.size(), 2u);
  expect_click(frames, 0, 1200, 20);
  watch(driver, {.view = "home"}, 0.1);  // where Stop led
  frames = watch(driver, check, 3.0);  // the second time: on to calibration
  ASSERT_EQ(frames.size(), 2u);
  expect_click(frames, 0, 300, 500);
}

TEST(AutoplayDriver, ShowsThePausePageOnceFromTheSecondRest) {
  Driver driver;
  auto frames = watch(driver, {.view = "exercise-2-rest"}, 1.0);
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_EQ(frames[0].events.at(0).type, SDL_KEYDOWN);
  EXPECT_EQ(frames[0].events.at(0).key.keysym.sym, SDLK_ESCAPE);
  EXPECT_EQ(frames[1].events.at(0).type, SDL_KEYUP);
  frames = watch(driver, {.view = "paused",
                          .controls = {control(Kind::button, "Continue", "", 640, 360)}},
                 2.0);
  expect_click(frames, 0, 640, 360);
  EXPECT_GE(frames[0].at_s, 1.5);
  watch(driver, {.view = "exercise-2"}, 0.1);
  EXPECT_TRUE(watch(driver, {.view = "exercise-2-rest"}, 1.0).empty());  // once is enough
}

TEST(AutoplayDriver, EndsTheTourAfterALookAtTheProgressPageOrOnTheNextHomePage) {
  Driver driver;
  auto frames = watch(driver, {.view = "progress-session"}, 3.5);
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0].events.at(0).type, SDL_QUIT);
  EXPECT_GE(frames[0].at_s, 3.0);

  Driver stopped;  // Stop in an exercise leads home: the tour leaves by Quit
  watch(stopped, {.view = "exercise-1-intro"}, 0.1);
  frames = watch(stopped, {.view = "home",
                           .controls = {control(Kind::page_stop, "Quit", "", 1200, 20),
                                        control(Kind::text_field, "Your name", "name", 300, 200)}},
                 3.0);
  ASSERT_EQ(frames.size(), 2u);
  expect_click(frames, 0, 1200, 20);
}

TEST(AutoplayDriver, WritesTheClinicianNoteInPiecesAndSkipsTheThirdExercise) {
  Driver driver;
  const DrawnControl note = control(Kind::text_field, "Note", "note", 1100, 400);
  const DrawnControl add = control(Kind::button, "Add the note", "", 1100, 450);
  const DrawnControl skip = control(Kind::button, "Skip exercise", "", 1150, 300);
  const DrawnControl begin = control(Kind::button, "Begin", "", 100, 450);
  // At the first introduction (a page that waits), before Begin.
  const auto frames =
      watch(driver, {.view = "exercise-1-intro", .controls = {note, add, skip, begin}}, 2.0);
  expect_click(frames, 0, 1100, 400);
  EXPECT_EQ(typed(frames), "Autoplay: a note from the clinician's panel.");
  for (const Frame& f : frames)
    for (const SDL_Event& e : f.events)
      if (e.type == SDL_TEXTINPUT) {
        EXPECT_LT(std::string(e.text.text).size(), 32u);
      }
  ASSERT_EQ(frames.size(), 8u);  // click, two pieces of text, click, click
  expect_click(frames, 4, 1100, 450);
  expect_click(frames, 6, 100, 450);
  EXPECT_TRUE(watch(driver, {.view = "exercise-2", .controls = {note, add, skip}}, 2.0).empty());
  const auto skipped = watch(driver, {.view = "exercise-3", .controls = {note, add, skip}}, 2.0);
  ASSERT_EQ(skipped.size(), 2u);
  expect_click(skipped, 0, 1150, 300);
  // Without the clinician's panel, an exercise plays on untouched.
  Driver alone;
  EXPECT_TRUE(watch(alone, {.view = "exercise-3", .controls = {add}}, 2.0).empty());
}

// A ward round: the clinician's initials once, each listed patient in turn, then Quit; the
// second patient is stopped, with the reason pain, in the first exercise.
TEST(AutoplayDriver, PlaysAWardRoundPatientByPatient) {
  Driver driver;
  const DrawnControl note = control(Kind::text_field, "Note", "note", 1100, 600);
  const DrawnControl initials = control(Kind::text_field, "Your initials", "initials", 1000, 500);
  const DrawnControl sign_in = control(Kind::button, "Sign in", "", 1150, 500);
  const DrawnControl first = control(Kind::button, "P-0001", "patient", 100, 300);
  const DrawnControl second = control(Kind::button, "P-0002", "patient", 300, 300);
  const DrawnControl quit = control(Kind::page_stop, "Quit", "", 800, 50);
  auto frames = watch(driver, {.view = "ward", .controls = {note, initials, sign_in, first, second, quit}}, 3.0);
  expect_click(frames, 0, 1000, 500);
  EXPECT_EQ(typed(frames), "ab");
  ASSERT_EQ(frames.size(), 7u);  // click, text, click Sign in, click the first patient
  expect_click(frames, 3, 1150, 500);
  expect_click(frames, 5, 100, 300);

  // Back at the list (signed in): the second patient; then the list a third time: Quit.
  watch(driver, {.view = "check-in"}, 0.1);
  frames = watch(driver, {.view = "ward", .controls = {note, first, second, quit}}, 3.0);
  ASSERT_EQ(frames.size(), 2u);
  expect_click(frames, 0, 300, 300);

  const DrawnControl stop = control(Kind::button, "Stop the session", "", 1100, 350);
  const DrawnControl pain = control(Kind::button, "Pain", "stop-reason", 1100, 420);
  frames = watch(driver, {.view = "exercise-1", .controls = {note, stop, pain}}, 2.0);
  ASSERT_EQ(frames.size(), 4u);
  expect_click(frames, 0, 1100, 350);
  expect_click(frames, 2, 1100, 420);

  watch(driver, {.view = "summary"}, 0.1);
  frames = watch(driver, {.view = "ward", .controls = {note, first, second, quit}}, 4.0);
  ASSERT_EQ(frames.size(), 2u);
  expect_click(frames, 0, 800, 50);
}

TEST(AutoplayDriver, TheHeadRestsForCalibrationFollowsTheExerciseAndLeavesTheViewOnceMidHold) {
  Driver driver;
  EXPECT_FALSE(driver.next({.view = "calibration-hold"}).head.goal.has_value());
  const auto facing = driver.next({.view = "check-in"}).head.goal;
  ASSERT_TRUE(facing.has_value());
  EXPECT_EQ(facing->rotation_deg, 0.0);

  HoldMidlineParams hold;
  hold.hold_s = 5.0;
  const std::vector<PlannedExercise> plan = {{"Find your midline", hold}};
  Sight holding{.view = "exercise-1", .dt_s = 0.1, .exercise_goal = HeadAngles{4.0, 0.0, 0.0},
                .plan = &plan};
  double hidden_s = 0.0, hidden_from_s = -1.0;
  for (double t = 0.0; t < 12.0; t += holding.dt_s) {
    const HeadChoice head = driver.next(holding).head;
    EXPECT_EQ(head.goal->rotation_deg, 4.0);
    if (!head.face_visible) {
      if (hidden_from_s < 0) hidden_from_s = t;
      hidden_s += holding.dt_s;
    }
  }
  EXPECT_NEAR(hidden_from_s, 0.6 * hold.hold_s, 0.15);  // past half the hold
  EXPECT_NEAR(hidden_s, 1.5, 0.15);  // and only once
}

// A kept player presses their own name (the field already holds it when they are chosen);
// nothing is typed after it.
TEST(AutoplayDriver, AKeptPlayerPressesTheirNameInsteadOfTypingIt) {
  Driver driver;
  Sight home{.view = "home",
             .controls = {control(Kind::button, "Demo player", "", 200, 150),
                          control(Kind::text_field, "Someone new", "name", 300, 200),
                          control(Kind::button, "Start today's session", "", 400, 300)}};
  const auto frames = watch(driver, home, 3.0);
  expect_click(frames, 0, 200, 150);
  EXPECT_EQ(typed(frames), "");
}

// A control below what a long page shows (large text) is scrolled to with the wheel over the
// page, as a person would, never clicked where it cannot be seen; one that lies outside a page
// that does not scroll is named as out of reach.
TEST(AutoplayDriver, ScrollsToAControlBelowThePageAndNamesOneOutOfReach) {
  Driver driver;
  DrawnControl continue_button = control(Kind::button, "Continue", "", 400, 900);
  continue_button.shown_min_x = 0;
  continue_button.shown_min_y = 180;
  continue_button.shown_max_x = 1200;
  continue_button.shown_max_y = 680;
  continue_button.scrolls = true;
  DrawnControl stuck = continue_button;
  stuck.label = "Unreachable";
  stuck.scrolls = false;
  Sight page{.view = "paused", .controls = {continue_button, stuck}};
  const auto frames = watch(driver, page, 2.0);
  ASSERT_FALSE(frames.empty());
  for (const Frame& f : frames)
    for (const SDL_Event& e : f.events) EXPECT_NE(e.type, SDL_MOUSEBUTTONDOWN) << "clicked unseen";
  const auto& first = frames[0].events;
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0].type, SDL_MOUSEMOTION);
  EXPECT_EQ(first[0].motion.y, 430);  // over the middle of what the page shows
  EXPECT_EQ(first[1].type, SDL_MOUSEWHEEL);
  EXPECT_LT(first[1].wheel.y, 0);  // down, toward the control
  ASSERT_EQ(driver.out_of_reach().size(), 1u);
  EXPECT_NE(driver.out_of_reach()[0].find("\"Unreachable\""), std::string::npos)
      << driver.out_of_reach()[0];
}

// The exercise's scene must show whole without scrolling: one that starts in view but runs
// below a page that scrolls is named (a control there would only need scrolling to).
TEST(AutoplayDriver, NamesAnExerciseSceneThatNeedsScrollingToBeSeenWhole) {
  DrawnControl scene{Kind::picture, "exercise scene", "", 40, 450, 1200, 900};
  scene.shown_min_x = 0;
  scene.shown_min_y = 180;
  scene.shown_max_x = 1240;
  scene.shown_max_y = 680;
  scene.scrolls = true;
  Driver below;
  watch(below, {.view = "exercise-1", .controls = {scene}}, 2.0);
  ASSERT_EQ(below.out_of_reach().size(), 1u);
  EXPECT_NE(below.out_of_reach()[0].find("\"exercise scene\" does not show whole"),
            std::string::npos)
      << below.out_of_reach()[0];

  scene.max_y = 670;  // all of it within the first screen
  Driver whole;
  watch(whole, {.view = "exercise-1", .controls = {scene}}, 2.0);
  EXPECT_TRUE(whole.out_of_reach().empty()) << whole.out_of_reach()[0];
}

}  // namespace
}  // namespace midline::autoplay
