#include "session/session_record.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "exercises/guided_movement.hpp"

namespace midline {
namespace {

// The built-in plan stands in for a therapist's levels, so it must keep CLINICAL.md's limits.
TEST(DefaultPlan, StaysWithinTheClinicalStartingLimits) {
  const auto plan = default_plan();
  ASSERT_FALSE(plan.empty());
  for (const PlannedExercise& p : plan) {
    if (const auto* h = std::get_if<HoldMidlineParams>(&p.params)) {
      EXPECT_GE(h->tolerance.rotation_deg, 5.0) << p.title;  // never tighter than +/-5
      EXPECT_GE(h->tolerance.tilt_deg, 5.0) << p.title;
      EXPECT_GE(h->tolerance.flexion_deg, 5.0) << p.title;
      EXPECT_LE(h->hold_s, 60.0) << p.title;
    }
    if (const auto* g = std::get_if<GuidedMovementParams>(&p.params)) {
      EXPECT_LE(g->speed_deg_per_s, 20.0) << p.title;   // slow movements only
      EXPECT_LE(g->amplitude_deg, 0.5 * 80.0) << p.title;  // at most half a typical range
      EXPECT_NO_THROW(movement_side(g->direction, g->axis, {})) << p.title;
    }
  }
}

TEST(DefaultPlan, ATourKeepsEveryExerciseButShortensIt) {
  const auto plan = default_plan();
  const auto tour = tour_of(plan);
  ASSERT_EQ(tour.size(), plan.size());
  for (size_t i = 0; i < tour.size(); ++i) {
    EXPECT_EQ(tour[i].title, plan[i].title);
    EXPECT_EQ(tour[i].params.index(), plan[i].params.index());
    if (const auto* h = std::get_if<HoldMidlineParams>(&tour[i].params)) {
      EXPECT_LE(h->repetitions, 2);
      EXPECT_LE(h->rest_between_s, 3.0);
      EXPECT_EQ(h->hold_s, std::get<HoldMidlineParams>(plan[i].params).hold_s);
    }
  }
}

// A hard day's short session: one gentle hold from the plan, fewer repetitions, and no level.
TEST(DefaultPlan, AHardDaysShortSessionIsThePlansFirstHoldWithFewerRepetitions) {
  auto plan = default_plan();
  std::rotate(plan.begin(), plan.begin() + 1, plan.end());  // the hold is no longer first
  plan.back().level_id = "01-find-your-midline";
  std::get<HoldMidlineParams>(plan.back().params).hold_s = 7.0;
  const auto short_session = short_session_of(plan);
  ASSERT_EQ(short_session.size(), 1u);
  const auto& hold = std::get<HoldMidlineParams>(short_session[0].params);
  EXPECT_EQ(hold.hold_s, 7.0);  // the plan's own hold
  EXPECT_EQ(hold.repetitions, 3);  // of 10
  EXPECT_TRUE(short_session[0].level_id.empty());
  // A plan without a hold gets the built-in gentle one.
  const auto from_movements = short_session_of({plan[0], plan[1]});
  ASSERT_EQ(from_movements.size(), 1u);
  EXPECT_TRUE(std::holds_alternative<HoldMidlineParams>(from_movements[0].params));
  // Where the plan has the felt-midline test, the short session ends with it, as a test.
  auto with_felt = plan;
  PlannedExercise felt{"Where the middle feels", FeltMidlineParams{}};
  felt.level_id = "16-felt-midline";
  with_felt.insert(with_felt.begin(), felt);
  const auto short_with_felt = short_session_of(with_felt);
  ASSERT_EQ(short_with_felt.size(), 2u);
  EXPECT_TRUE(std::holds_alternative<HoldMidlineParams>(short_with_felt[0].params));
  EXPECT_TRUE(std::holds_alternative<FeltMidlineParams>(short_with_felt[1].params));
  EXPECT_TRUE(short_with_felt[1].level_id.empty());
  EXPECT_TRUE((CheckInAnswers{8, 2}.hard_day()));
  EXPECT_TRUE((CheckInAnswers{0, 7}.hard_day()));
  EXPECT_FALSE((CheckInAnswers{6, 6}.hard_day()));
  EXPECT_FALSE((CheckInAnswers{8, -1}.hard_day()));
}

// An early stop reads as practice done: the exercise under way says what was done, never
// "0 of 10 holds filled".
TEST(SessionSummary, AnExerciseCutShortReadsAsPracticeDone) {
  ExerciseOutcome hold;
  hold.title = "Hold the midline";
  hold.repetitions_planned = 10;
  EXPECT_EQ(outcome_words(hold, true), "Stopped before the first one: that is fine");
  hold.repetitions.resize(2);
  EXPECT_EQ(outcome_words(hold, true), "2 holds done before you stopped");
  EXPECT_EQ(outcome_words(hold, false).find("before you stopped"), std::string::npos);
  hold.repetitions.resize(10);  // the set was whole: its usual words
  EXPECT_EQ(outcome_words(hold, true), outcome_words(hold, false));
  hold.skipped = true;
  EXPECT_EQ(outcome_words(hold, true), "Skipped");
}

TEST(SessionSummary, DescribesAPostureByWhatAPersonWouldNotice) {
  EXPECT_EQ(describe_posture({0.2, 0.0, -4.0}), "chin 4 deg up");
  EXPECT_EQ(describe_posture({-12.0, 6.0, 0.0}), "turned 12 deg to the right, tilted 6 deg to the left");
  EXPECT_EQ(describe_posture({}), "at the body midline");
}

TEST(SessionSummary, SaysWhatEachExerciseMeasured) {
  SessionOutcome record;
  record.player = "Ana";
  record.before = {4, 6};
  record.after = {3, 6};
  ExerciseOutcome hold;
  hold.title = "Hold the midline";
  hold.repetitions_planned = 3;
  RepetitionMetrics m;
  m.goal_reached = true;
  m.active_s = 10.0;
  m.time_in_zone_s = 7.5;
  m.mean_deviation_deg = 4.0;
  m.face_loss_pauses = 2;
  hold.repetitions = {m, m};
  record.exercises.push_back(hold);
  storage::SessionFigures figures;
  figures.practice_minutes = 2.04;
  figures.calm_zone_percent = 75.0;
  figures.longest_steady_hold_s = 4.6;
  const std::string text = summary_text(record, figures);
  EXPECT_NE(text.find("Ana"), std::string::npos) << text;
  EXPECT_NE(text.find("pain 4, fatigue 6"), std::string::npos) << text;
  EXPECT_NE(text.find("Hold the midline: 2 of 3 repetitions, 2 reached, 20.0 s"), std::string::npos)
      << text;
  EXPECT_NE(text.find("practice: 2.0 min"), std::string::npos) << text;
  EXPECT_NE(text.find("in the calm zone: 75% of the hold time"), std::string::npos) << text;
  EXPECT_NE(text.find("longest steady hold: 5 s"), std::string::npos) << text;
  EXPECT_EQ(text.find("close to the guide"), std::string::npos) << text;  // no movement
  EXPECT_NE(text.find("pauses 4"), std::string::npos) << text;
  EXPECT_EQ(text.find("resting posture"), std::string::npos) << text;  // none was recorded

  record.resting_posture = HeadAngles{8.2, -3.0, 1.0};
  EXPECT_NE(summary_text(record, figures).find("resting posture: turned 8 deg to the left, "
                                               "tilted 3 deg to the right, chin 1 deg down"),
            std::string::npos)
      << summary_text(record, figures);
}

TEST(SessionSummary, TellsTheRestingPostureAsAMeasurementNotAMidline) {
  EXPECT_EQ(describe_resting_posture({-25.2, 7.6, 0.3}),
            "Your head rests about 25\u00B0 to your right and 8\u00B0 toward your left shoulder.");
  EXPECT_EQ(describe_resting_posture({3.0, -2.0, -6.0}),
            "Your head rests about 3\u00B0 to your left, 2\u00B0 toward your right shoulder and "
            "6\u00B0 chin up.");
  EXPECT_EQ(describe_resting_posture({0.2, -0.4, 0.0}),
            "Your head rests square to your body, at the body midline.");
}

}  // namespace
}  // namespace midline
