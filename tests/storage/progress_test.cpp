#include "storage/progress.hpp"

#include <gtest/gtest.h>

#include "storage/calendar.hpp"
#include "storage/chart_scale.hpp"

namespace midline::storage {
namespace {

SessionRecord session(WallMs start_ms, double minutes, std::optional<int> pain_before,
                      std::optional<double> hold_s) {
  SessionRecord s;
  s.started_ms = start_ms;
  s.ended_ms = start_ms + static_cast<WallMs>(minutes * 60'000);
  s.end_reason = EndReason::finished;
  s.pain_before = pain_before;
  if (hold_s) {
    SessionIndicators i;
    i.rotation_left_deg = 20;
    s.indicators = i;
  }
  return s;
}

// The figures a session with one hold of `hold_s` (when given) would have.
SessionFigures figures_of(const SessionRecord& s, std::optional<double> hold_s) {
  SessionActivity activity{s, {}};
  if (hold_s) {
    ExerciseRecord hold;
    hold.exercise_type = kHoldMidline;
    RepetitionResult r;
    r.duration_s = 10;
    r.time_in_zone_s = 6;
    r.longest_in_zone_s = hold_s;
    hold.repetitions.push_back(r);
    activity.exercises.push_back(hold);
  }
  return session_figures(activity);
}

const Chart& chart(const ProgressCharts& charts, const std::string& title_start) {
  for (const auto& c : charts.charts) {
    if (c.title.rfind(title_start, 0) == 0) return c;
  }
  throw std::runtime_error("no chart " + title_start);
}

TEST(ProgressCharts, SeriesFollowTheSessionsAndLeaveOutWhatIsMissing) {
  const WallMs day0 = 1'790'000'000'000;
  const std::vector<SessionRecord> sessions = {
      session(day0, 10, 3, 12.0),
      session(day0 + 2 * 3600'000, 5, std::nullopt, 20.0),  // same day, no check-in
      session(day0 + 2 * 86'400'000, 12, 4, std::nullopt),  // two days later, no indicators
  };
  const std::vector<SessionFigures> figures = {figures_of(sessions[0], 12.0),
                                               figures_of(sessions[1], 20.0),
                                               figures_of(sessions[2], std::nullopt)};
  const std::vector<Injection> injections = {{1, day_string(local_day_number(day0) + 1), ""}};
  const ProgressCharts charts = progress_charts(sessions, figures, injections);

  const double first = static_cast<double>(local_day_number(day0));
  EXPECT_EQ(charts.first_day, first);
  EXPECT_EQ(charts.last_day, first + 3);
  ASSERT_EQ(charts.injection_days.size(), 1u);
  EXPECT_EQ(charts.injection_days[0], first + 1.5);

  const Chart& minutes = chart(charts, "Minutes");
  ASSERT_EQ(minutes.series.size(), 1u);
  EXPECT_TRUE(minutes.series[0].bars);
  ASSERT_EQ(minutes.series[0].y.size(), 2u);  // two days with practice
  EXPECT_NEAR(minutes.series[0].y[0], 15.0, 1e-9);
  EXPECT_NEAR(minutes.series[0].y[1], 12.0, 1e-9);

  const Chart& hold = chart(charts, "Longest steady hold");
  ASSERT_EQ(hold.series[0].y.size(), 2u);
  EXPECT_EQ(hold.series[0].y[1], 20.0);
  const Chart& zone = chart(charts, "Time in the calm zone");
  EXPECT_EQ(zone.series[0].y, (std::vector<double>{60.0, 60.0}));

  const Chart& symptoms = chart(charts, "Pain");
  EXPECT_EQ(symptoms.series[0].label, "pain before");
  EXPECT_EQ(symptoms.series[0].y, (std::vector<double>{3, 4}));

  EXPECT_EQ(chart(charts, "Range").series.size(), 6u);
}

// Sessions kept before the body midline measured their angles (and so their zones and holds)
// from the resting posture: they are on the same axis, so they are marked, point by point,
// with a legend line saying until when; charts that measure no angle are not marked.
TEST(ProgressCharts, SessionsMeasuredFromTheRestingPostureAreMarked) {
  const WallMs day0 = 1'790'000'000'000;
  std::vector<SessionRecord> sessions = {session(day0, 10, 3, 12.0),
                                         session(day0 + 86'400'000, 10, 3, 14.0),
                                         session(day0 + 3 * 86'400'000, 10, 2, 18.0)};
  sessions[0].angle_reference = sessions[1].angle_reference = AngleReference::resting_posture;
  const std::vector<SessionFigures> figures = {figures_of(sessions[0], 12.0),
                                               figures_of(sessions[1], 14.0),
                                               figures_of(sessions[2], 18.0)};
  const ProgressCharts charts = progress_charts(sessions, figures, {});
  EXPECT_EQ(charts.resting_posture_note,
            "before " + day_string(local_day_number(sessions[2].started_ms)) +
                ": measured from the resting posture");
  for (const char* title : {"Longest steady hold", "Time in the calm zone", "Range per direction"}) {
    const ChartSeries& series = chart(charts, title).series[0];
    EXPECT_EQ(series.from_resting_posture, (std::vector<bool>{true, true, false})) << title;
    EXPECT_TRUE(series.any_from_resting_posture()) << title;
  }
  EXPECT_FALSE(chart(charts, "Pain and fatigue").series[0].any_from_resting_posture());
  EXPECT_TRUE(chart(charts, "Minutes practised").series[0].from_resting_posture.empty());

  // Only body-midline sessions: nothing marked, no legend line.
  sessions[0].angle_reference = sessions[1].angle_reference = AngleReference::body_midline;
  const ProgressCharts now = progress_charts(sessions, figures, {});
  EXPECT_TRUE(now.resting_posture_note.empty());
  EXPECT_TRUE(chart(now, "Longest steady hold").series[0].from_resting_posture.empty());
}

// The felt-midline chart: one line per side over the weeks, read against the healthy band,
// which the value axis keeps in view.
TEST(ProgressCharts, TheFeltMidlineErrorIsChartedAgainstTheHealthyBand) {
  const WallMs day0 = 1'790'000'000'000;
  const std::vector<SessionRecord> sessions = {session(day0, 10, 3, std::nullopt),
                                               session(day0 + 7 * 86'400'000, 10, 3, std::nullopt)};
  std::vector<SessionFigures> figures(2);
  figures[0].felt_midline = {9.0, 2.0, 6};
  figures[1].felt_midline = {std::nullopt, 1.5, 3};
  const ProgressCharts charts = progress_charts(sessions, figures, {});
  const Chart& felt = chart(charts, "Felt midline");
  ASSERT_EQ(felt.series.size(), 2u);
  EXPECT_EQ(felt.series[0].y, (std::vector<double>{9.0}));
  EXPECT_EQ(felt.series[1].y, (std::vector<double>{2.0, 1.5}));
  ASSERT_TRUE(felt.reference);
  EXPECT_EQ(felt.reference->low, kFeltMidlineHealthyLowDeg);
  EXPECT_EQ(felt.reference->high, kFeltMidlineHealthyHighDeg);
  EXPECT_NE(felt.reference->label.find("Revel"), std::string::npos);
  std::vector<SessionFigures> small(2);
  small[0].felt_midline = {1.0, 1.0, 2};
  const ProgressCharts small_charts = progress_charts(sessions, small, {});
  EXPECT_GE(value_scale(chart(small_charts, "Felt midline")).max, kFeltMidlineHealthyHighDeg);
}

TEST(AngleTrace, IsThinnedAndSkipsLostSamples) {
  std::vector<StoredSample> samples(10'000);
  for (size_t i = 0; i < samples.size(); ++i) {
    samples[i].t_s = static_cast<double>(i) * 0.04;
    samples[i].rotation_deg = static_cast<double>(i % 100);
    samples[i].face_lost = i < 100;
  }
  const AngleTrace trace = angle_trace(samples, 1000);
  EXPECT_LE(trace.t_s.size(), 1000u);
  EXPECT_GE(trace.t_s.size(), 800u);
  EXPECT_GE(trace.t_s.front(), 4.0);  // the lost first 4 s are not drawn
  EXPECT_EQ(trace.t_s.size(), trace.rotation_deg.size());
}

}  // namespace
}  // namespace midline::storage

namespace midline::storage {
namespace {

TEST(ChartScale, ValueAxesEndOnRoundNumbersAndLabelWhatTheStepNeeds) {
  Chart chart{"t", "deg", {{"a", {1, 2, 3}, {0.2, 0.9, 0.7}}}};
  AxisScale y = value_scale(chart);
  EXPECT_EQ(y.min, 0.0);
  EXPECT_EQ(y.max, 1.0);
  ASSERT_EQ(y.ticks.size(), 5u);
  EXPECT_EQ(y.ticks[1].label, "0.25");
  chart.series[0].y = {-7, 33};
  y = value_scale(chart);
  EXPECT_EQ(y.min, -10);
  EXPECT_EQ(y.max, 40);
  EXPECT_EQ(y.ticks[0].label, "-10");
  chart.unit = "0-10";
  EXPECT_EQ(value_scale(chart).max, 10.0);
  EXPECT_EQ(tick_label(-0.0, 1), "0");
}

TEST(ChartScale, DayAxesLabelDatesAndKeepToFiveTicks) {
  const double first = static_cast<double>(day_number_from("2026-01-01"));
  AxisScale x = day_scale(first, first + 365);
  EXPECT_LE(x.ticks.size(), 5u);
  EXPECT_EQ(x.ticks.front().label, "2026-01-01");
  x = day_scale(first, first);  // one day: still a usable range
  EXPECT_GT(x.max, x.min);
  EXPECT_DOUBLE_EQ(x.position(first + 0.5), 0.5);
}

}  // namespace
}  // namespace midline::storage
