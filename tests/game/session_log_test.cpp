#include "session/session_log.hpp"

#include <gtest/gtest.h>

#include "pacing/repetition_result.hpp"
#include "storage/session_store.hpp"
#include "storage/temp_dir.hpp"

namespace midline {
namespace {

RepetitionMetrics reached(double seconds) {
  RepetitionMetrics m;
  m.goal_reached = true;
  m.active_s = m.time_in_zone_s = seconds;
  return m;
}

void play_one_session(SessionLog& log) {
  log.begin("test plan", {2, 3});
  log.exercise_started("hold_midline", "01-find-your-midline");
  log.repetition_finished(pacing::repetition_result(reached(5.0)));
  log.repetition_finished(pacing::repetition_result(reached(5.0)));
  log.exercise_ended();
  log.end({2, 4}, storage::EndReason::finished);
}

TEST(SessionLog, KeepsASessionAndTheChosenPlayer) {
  testing::TempDir dir;
  {
    SessionLog log(dir.path());
    ASSERT_TRUE(log.keeping());
    EXPECT_TRUE(log.players().empty());
    log.choose_player("Ana");
    EXPECT_EQ(log.player_key(), "P-0001");
    play_one_session(log);
    EXPECT_EQ(log.problem(), "");
  }
  storage::SessionStore store(dir.path());
  const auto patient = store.find_patient("P-0001");
  ASSERT_TRUE(patient);
  EXPECT_EQ(patient->display_name, "Ana");
  const auto sessions = store.sessions(patient->id);
  ASSERT_EQ(sessions.size(), 1u);
  EXPECT_EQ(sessions[0].end_reason, storage::EndReason::finished);
  EXPECT_EQ(sessions[0].repetitions, 2);
  EXPECT_EQ(sessions[0].fatigue_after, 4);
  const auto exercises = store.exercises(sessions[0].id);
  ASSERT_EQ(exercises.size(), 1u);
  EXPECT_EQ(exercises[0].level_id, "01-find-your-midline");
}

TEST(SessionLog, AReturningPlayerKeepsTheirCodeAndTheirDayIsCounted) {
  testing::TempDir dir;
  SessionLog log(dir.path());
  log.choose_player("Ana");
  log.choose_player("Ben");
  log.choose_player("Ana");
  EXPECT_EQ(log.player_key(), "P-0001");
  EXPECT_EQ(log.players().size(), 2u);

  pacing::PracticeLimits two_a_day;
  two_a_day.sessions_per_day_max = 2;
  EXPECT_TRUE(log.today_allowance(two_a_day).may_start);
  play_one_session(log);
  play_one_session(log);
  const pacing::TodayAllowance allowance = log.today_allowance(two_a_day);
  EXPECT_FALSE(allowance.may_start);
  EXPECT_NE(allowance.reason.find("2 sessions"), std::string::npos) << allowance.reason;
}

// Coming back another day, whoever practised last is the one the home page chooses (it once
// waited, greyed, until they found and clicked their own name). Times come from the log's
// clock, so the order is the sessions', not the players'.
TEST(SessionLog, TheLastPlayerIsWhoeverPractisedLast) {
  testing::TempDir dir;
  storage::WallMs now = 1'800'000'000'000;
  {
    SessionLog log(dir.path(), [&] { return now += 60'000; });
    EXPECT_FALSE(log.last_player());  // nobody has practised yet
    log.choose_player("Ben");
    log.choose_player("Ana");
    EXPECT_FALSE(log.last_player()) << "choosing is not practising";
    play_one_session(log);  // Ana
    log.choose_player("Ben");
    play_one_session(log);
    EXPECT_EQ(log.last_player(), "Ben");
    log.choose_player("Ana");
    play_one_session(log);
  }
  EXPECT_EQ(SessionLog(dir.path()).last_player(), "Ana") << "after a restart too";
}

}  // namespace
}  // namespace midline
