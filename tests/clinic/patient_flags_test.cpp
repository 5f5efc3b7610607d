// The clinician's list: last session, sessions a week, pain trend and flags, from session
// records alone (no database, no window).

#include <gtest/gtest.h>

#include "clinic/patient_flags.hpp"

namespace {

using midline::clinic::flag_words;
using midline::clinic::pain_trend_words;
using midline::clinic::patient_overview;
using midline::storage::EndReason;
using midline::storage::SessionRecord;

constexpr int64_t kDay = 86'400'000;
constexpr int64_t kNow = 1'767'258'000'000 + 40 * kDay;

SessionRecord session(double days_ago, std::optional<int> pain_before = 3,
                      std::optional<int> pain_after = 3,
                      EndReason reason = EndReason::finished) {
  SessionRecord s;
  s.started_ms = kNow - static_cast<int64_t>(days_ago * kDay);
  s.ended_ms = s.started_ms + 10 * 60'000;
  s.pain_before = pain_before;
  s.pain_after = pain_after;
  s.end_reason = reason;
  return s;
}

TEST(PatientFlags, AQuietWeekRaisesNoFlag) {
  const std::vector<SessionRecord> s = {session(9), session(5), session(3), session(1)};
  const auto o = patient_overview("P-0001", s, kNow);
  EXPECT_FALSE(o.flags.any());
  EXPECT_TRUE(flag_words(o).empty());
  EXPECT_EQ(o.last_session_ms, kNow - kDay);
  EXPECT_DOUBLE_EQ(o.sessions_per_week, 1.0);  // 4 sessions in the last 4 weeks
  EXPECT_EQ(o.sessions, 4);
}

TEST(PatientFlags, PainUpTwoPointsWithinASessionThisWeekIsFlagged) {
  std::vector<SessionRecord> s = {session(2, 3, 4), session(1, 3, 5)};
  auto o = patient_overview("P-0001", s, kNow);
  EXPECT_TRUE(o.flags.pain_rose);
  EXPECT_EQ(o.pain_rises, 1);
  ASSERT_FALSE(flag_words(o).empty());
  EXPECT_EQ(flag_words(o)[0], "pain up 2+ points (1 session)");
  // One point is not a flag, and a rise older than the week is not either.
  s = {session(10, 2, 6), session(1, 3, 4)};
  o = patient_overview("P-0001", s, kNow);
  EXPECT_FALSE(o.flags.pain_rose);
  // No check-in after: nothing to compare.
  s = {session(1, 3, std::nullopt)};
  EXPECT_FALSE(patient_overview("P-0001", s, kNow).flags.pain_rose);
}

TEST(PatientFlags, AStopForFatigueThisWeekIsFlagged) {
  std::vector<SessionRecord> s = {session(3, 3, 3, EndReason::stopped_for_fatigue),
                                  session(1, 3, 3, EndReason::stopped_for_fatigue)};
  auto o = patient_overview("P-0001", s, kNow);
  EXPECT_TRUE(o.flags.stopped_for_fatigue);
  EXPECT_EQ(o.fatigue_stops, 2);
  EXPECT_EQ(flag_words(o).at(0), "stopped for tiredness (2 sessions)");
  s = {session(8, 3, 3, EndReason::stopped_for_fatigue), session(1, 3, 3, EndReason::stopped_for_pain)};
  EXPECT_FALSE(patient_overview("P-0001", s, kNow).flags.stopped_for_fatigue);
}

TEST(PatientFlags, NothingForSevenDaysIsFlagged) {
  std::vector<SessionRecord> s = {session(12), session(7.5)};
  auto o = patient_overview("P-0001", s, kNow);
  EXPECT_TRUE(o.flags.nothing_for_a_week);
  EXPECT_EQ(flag_words(o), std::vector<std::string>{"nothing for 7 days"});
  s.push_back(session(6.5));
  EXPECT_FALSE(patient_overview("P-0001", s, kNow).flags.nothing_for_a_week);
  const auto none = patient_overview("P-0002", {}, kNow);
  EXPECT_TRUE(none.flags.nothing_for_a_week);
  EXPECT_EQ(flag_words(none), std::vector<std::string>{"no sessions yet"});
  EXPECT_FALSE(none.last_session_ms);
}

TEST(PatientFlags, PainTrendComparesThisWeekWithTheWeekBefore) {
  const std::vector<SessionRecord> s = {session(12, 2), session(9, 3), session(4, 5),
                                        session(1, 4)};
  const auto o = patient_overview("P-0001", s, kNow);
  ASSERT_TRUE(o.pain.change());
  EXPECT_DOUBLE_EQ(*o.pain.this_week, 4.5);
  EXPECT_DOUBLE_EQ(*o.pain.week_before, 2.5);
  EXPECT_EQ(pain_trend_words(o.pain), "4.5 (was 2.5)");
  EXPECT_EQ(pain_trend_words({}), "no check-ins");
}

}  // namespace
