// Each figure of a session, computed once (storage/session_figures): what it counts and what
// it leaves out.

#include "storage/session_figures.hpp"

#include <gtest/gtest.h>

namespace midline::storage {
namespace {

RepetitionResult repetition(double duration_s, double in_zone_s, std::optional<double> longest_s,
                            bool completed = true) {
  RepetitionResult r;
  r.duration_s = duration_s;
  r.time_in_zone_s = in_zone_s;
  r.longest_in_zone_s = longest_s;
  r.completed = completed;
  return r;
}

ExerciseRecord exercise(const char* type, std::vector<RepetitionResult> repetitions) {
  ExerciseRecord e;
  e.exercise_type = type;
  e.repetitions = std::move(repetitions);
  return e;
}

TEST(SessionFigures, TheCalmZoneCountsHoldsOnlyAndTheLongestHoldNeverJoinsTwo) {
  SessionActivity a;
  a.session.started_ms = 1'000'000;
  a.session.ended_ms = a.session.started_ms + 150'000;  // 2.5 minutes
  a.session.paused_ms = 30'000;                          // of which half a minute paused
  a.session.rested_ms = 20'000;                          // rests count as practice
  // Two 5 s holds, each filled without a break, 15 s rest between: one 5 s hold at most.
  a.exercises.push_back(exercise(kHoldMidline, {repetition(5, 5, 5), repetition(8, 5, 3, false)}));
  // A guided movement far from its guide and a range check (no zone): not the calm zone.
  a.exercises.push_back(exercise(kGuidedMovement, {repetition(10, 2, 1)}));
  a.exercises.push_back(exercise("range_check", {repetition(20, 0, std::nullopt)}));

  const SessionFigures f = session_figures(a);
  EXPECT_DOUBLE_EQ(f.practice_minutes, 2.0);
  ASSERT_TRUE(f.calm_zone_percent);
  EXPECT_DOUBLE_EQ(*f.calm_zone_percent, 100.0 * 10 / 13);
  ASSERT_TRUE(f.close_to_guide_percent);
  EXPECT_DOUBLE_EQ(*f.close_to_guide_percent, 20.0);
  ASSERT_TRUE(f.longest_steady_hold_s);
  EXPECT_DOUBLE_EQ(*f.longest_steady_hold_s, 5.0);  // the guided stretch is not a hold
  EXPECT_EQ(f.repetitions, 4);
  ASSERT_EQ(f.exercises.size(), 3u);
  EXPECT_EQ(f.exercises[0].completed, 1);
  EXPECT_FALSE(f.exercises[2].in_zone_percent);  // a range check has no zone to be in
}

// Fading feedback: the calm zone is split by what the patient saw, from what each repetition
// kept of its time without the scene.
TEST(SessionFigures, TheCalmZoneIsSplitIntoWithAndWithoutTheScene) {
  SessionActivity a;
  RepetitionResult shown = repetition(10, 8, 8);  // the scene throughout: 8 of 10 s
  shown.unseen_s = 0.0;
  shown.unseen_in_zone_s = 0.0;
  RepetitionResult half = repetition(10, 7, 5);   // 5 s seen (4 in zone), 5 s unseen (3 in zone)
  half.unseen_s = 5.0;
  half.unseen_in_zone_s = 3.0;
  a.exercises.push_back(exercise(kHoldMidline, {shown, half}));
  const SessionFigures f = session_figures(a);
  ASSERT_TRUE(f.calm_zone_percent);
  EXPECT_DOUBLE_EQ(*f.calm_zone_percent, 75.0);  // 15 of 20 s, whatever was shown
  ASSERT_TRUE(f.calm_zone_by_scene.with_scene_percent);
  ASSERT_TRUE(f.calm_zone_by_scene.without_scene_percent);
  EXPECT_DOUBLE_EQ(*f.calm_zone_by_scene.with_scene_percent, 100.0 * 12 / 15);
  EXPECT_DOUBLE_EQ(*f.calm_zone_by_scene.without_scene_percent, 60.0);
  EXPECT_DOUBLE_EQ(f.calm_zone_by_scene.without_scene_s, 5.0);
  EXPECT_TRUE(f.exercises[0].scene.without_scene_percent);

  // Only a result at the end: nothing was seen, so there is no "with" figure.
  SessionActivity unseen;
  RepetitionResult hidden = repetition(6, 3, 2);
  hidden.unseen_s = 6.0;
  hidden.unseen_in_zone_s = 3.0;
  unseen.exercises.push_back(exercise(kHoldMidline, {hidden}));
  const SessionFigures g = session_figures(unseen);
  EXPECT_FALSE(g.calm_zone_by_scene.with_scene_percent);
  ASSERT_TRUE(g.calm_zone_by_scene.without_scene_percent);
  EXPECT_DOUBLE_EQ(*g.calm_zone_by_scene.without_scene_percent, 50.0);

  // Holds that never hid the scene (or were kept before it was recorded) have no split.
  SessionActivity plain;
  plain.exercises.push_back(exercise(kHoldMidline, {shown, repetition(5, 4, 4)}));
  EXPECT_FALSE(session_figures(plain).calm_zone_by_scene.without_scene_percent);
  EXPECT_FALSE(session_figures(plain).calm_zone_by_scene.with_scene_percent);
}

TEST(SessionFigures, TheFeltMidlineErrorIsTheMeanAbsoluteErrorPerSide) {
  SessionActivity a;
  auto trial = [](int side, std::optional<double> error) {
    RepetitionResult r = repetition(6, 0, std::nullopt);
    r.felt_side = side;
    r.felt_error_deg = error;
    return r;
  };
  // Left: stopped 4 right of the midline and 6 left of it; right: 2 right; one without "here".
  a.exercises.push_back(exercise(kFeltMidline, {trial(+1, -4.0), trial(-1, -2.0), trial(+1, 6.0),
                                                trial(-1, std::nullopt)}));
  const SessionFigures f = session_figures(a);
  ASSERT_TRUE(f.felt_midline.after_left_deg);
  ASSERT_TRUE(f.felt_midline.after_right_deg);
  EXPECT_DOUBLE_EQ(*f.felt_midline.after_left_deg, 5.0);
  EXPECT_DOUBLE_EQ(*f.felt_midline.after_right_deg, 2.0);
  EXPECT_EQ(f.felt_midline.trials, 3);
  EXPECT_EQ(f.exercises[0].felt_midline.trials, 3);
  EXPECT_FALSE(f.calm_zone_percent);  // a test, not a hold
  EXPECT_FALSE(session_figures(SessionActivity{}).felt_midline.any());
}

TEST(SessionFigures, WhatWasNotMeasuredIsAbsentNotZero) {
  SessionActivity a;
  a.exercises.push_back(exercise(kHoldMidline, {repetition(5, 4, std::nullopt)}));  // kept before
  const SessionFigures f = session_figures(a);
  EXPECT_FALSE(f.longest_steady_hold_s);
  EXPECT_FALSE(f.close_to_guide_percent);
  EXPECT_TRUE(f.calm_zone_percent);
  EXPECT_FALSE(session_figures({}).calm_zone_percent);
}

}  // namespace
}  // namespace midline::storage
