// The effort rating after each set (Borg CR10): its words, and the rating kept with the set.

#include <gtest/gtest.h>

#include "pacing/repetition_result.hpp"

#include "screens/effort_screen.hpp"
#include "session/session_log.hpp"
#include "storage/session_store.hpp"
#include "storage/temp_dir.hpp"

namespace midline {
namespace {

TEST(BorgWords, FollowTheCR10Anchors) {
  EXPECT_STREQ(borg_words(0), "nothing at all");
  EXPECT_STREQ(borg_words(3), "moderate");
  EXPECT_STREQ(borg_words(4), "moderate");  // between anchors: the nearer word below
  EXPECT_STREQ(borg_words(5), "strong (heavy)");
  EXPECT_STREQ(borg_words(7), "very strong");
  EXPECT_STREQ(borg_words(10), "extremely strong (maximal)");
  EXPECT_STREQ(borg_words(11), "");
  EXPECT_STREQ(borg_words(-1), "");
}

// Two sets rated 2 and 6, a third skipped: the store keeps each with its set, and the
// session's mean counts only the rated ones.
TEST(EffortRating, IsKeptWithItsSetAndASkipKeepsNone) {
  testing::TempDir dir;
  {
    SessionLog log(dir.path());
    log.choose_player("Rater");
    log.begin("plan", CheckInAnswers{2, 2});
    for (const std::optional<double> effort : {std::optional<double>(2.0), std::optional<double>(6.0),
                                               std::optional<double>()}) {
      log.exercise_started("hold_midline", "01-find-your-midline");
      RepetitionMetrics m;
      m.active_s = 5.0;
      m.time_in_zone_s = 5.0;
      m.goal_reached = true;
      log.repetition_finished(pacing::repetition_result(m));
      log.exercise_ended(effort);
    }
    log.end(CheckInAnswers{2, 3}, storage::EndReason::finished);
  }
  storage::SessionStore store(dir.path(), storage::SessionStore::Mode::inspect);
  const auto sessions = store.sessions(store.patients().at(0).id);
  ASSERT_EQ(sessions.size(), 1u);
  EXPECT_EQ(sessions[0].exercises, 3);
  ASSERT_TRUE(sessions[0].mean_borg_effort.has_value());
  EXPECT_DOUBLE_EQ(*sessions[0].mean_borg_effort, 4.0);
  const auto sets = store.exercises(sessions[0].id);
  ASSERT_EQ(sets.size(), 3u);
  EXPECT_EQ(sets[0].borg_effort, 2.0);
  EXPECT_EQ(sets[1].borg_effort, 6.0);
  EXPECT_FALSE(sets[2].borg_effort.has_value());
}

}  // namespace
}  // namespace midline
