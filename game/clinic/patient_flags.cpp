#include "clinic/patient_flags.hpp"

#include <cstdio>

#include "pacing/session_length.hpp"

namespace midline::clinic {
namespace {

constexpr storage::WallMs kDayMs = 86'400'000;

std::string one_decimal(double value) {
  char text[16];
  std::snprintf(text, sizeof text, "%.1f", value);
  return text;
}

std::string times(int n) { return std::to_string(n) + (n == 1 ? " session" : " sessions"); }

}  // namespace

PatientOverview patient_overview(std::string pseudonym,
                                 std::span<const storage::SessionRecord> sessions,
                                 storage::WallMs now_ms) {
  PatientOverview out;
  out.pseudonym = std::move(pseudonym);
  out.sessions = static_cast<int>(sessions.size());
  const storage::WallMs week_start = now_ms - kFlagWindowDays * kDayMs;
  const storage::WallMs previous_start = week_start - kFlagWindowDays * kDayMs;
  const storage::WallMs four_weeks_start = now_ms - 28 * kDayMs;
  double pain_sum[2] = {0, 0};
  int pain_count[2] = {0, 0};
  int recent = 0, in_four_weeks = 0;
  for (const storage::SessionRecord& s : sessions) {
    if (!out.last_session_ms || s.started_ms > *out.last_session_ms) out.last_session_ms = s.started_ms;
    if (s.started_ms >= four_weeks_start && s.started_ms <= now_ms) ++in_four_weeks;
    const bool this_week = s.started_ms >= week_start && s.started_ms <= now_ms;
    const bool week_before = s.started_ms >= previous_start && s.started_ms < week_start;
    if (s.pain_before && (this_week || week_before)) {
      pain_sum[this_week ? 0 : 1] += *s.pain_before;
      ++pain_count[this_week ? 0 : 1];
    }
    if (!this_week) continue;
    ++recent;
    if (pacing::pain_rose(s, pacing::ProgressionParams{})) ++out.pain_rises;
    if (s.end_reason == storage::EndReason::stopped_for_fatigue) ++out.fatigue_stops;
  }
  if (pain_count[0]) out.pain.this_week = pain_sum[0] / pain_count[0];
  if (pain_count[1]) out.pain.week_before = pain_sum[1] / pain_count[1];
  out.sessions_per_week = in_four_weeks / 4.0;
  out.flags.pain_rose = out.pain_rises > 0;
  out.flags.stopped_for_fatigue = out.fatigue_stops > 0;
  out.flags.nothing_for_a_week = recent == 0;
  return out;
}

std::vector<std::string> flag_words(const PatientOverview& o) {
  std::vector<std::string> words;
  if (o.flags.pain_rose) words.push_back("pain up 2+ points (" + times(o.pain_rises) + ")");
  if (o.flags.stopped_for_fatigue)
    words.push_back("stopped for tiredness (" + times(o.fatigue_stops) + ")");
  if (o.flags.nothing_for_a_week)
    words.push_back(o.sessions == 0 ? "no sessions yet" : "nothing for 7 days");
  return words;
}

std::string pain_trend_words(const PainTrend& trend) {
  if (!trend.this_week && !trend.week_before) return "no check-ins";
  if (!trend.this_week) return "none (was " + one_decimal(*trend.week_before) + ")";
  if (!trend.week_before) return one_decimal(*trend.this_week);
  return one_decimal(*trend.this_week) + " (was " + one_decimal(*trend.week_before) + ")";
}

}  // namespace midline::clinic
