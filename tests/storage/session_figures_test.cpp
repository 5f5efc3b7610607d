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
