#include "pacing/session_length.hpp"

#include <algorithm>
#include <cstdio>
#include <vector>

#include "storage/calendar.hpp"

namespace midline::pacing {

using storage::EndReason;

bool pain_rose(const storage::SessionRecord& s, const ProgressionParams& p) {
  const auto change = s.pain_change();
  return change && *change >= p.pain_rise_hold_back;
}

bool went_well(const storage::SessionRecord& s, const ProgressionParams& p) {
  return s.end_reason == EndReason::finished && !pain_rose(s, p);
}

namespace {

bool counts(const storage::SessionRecord& s) {
  return s.end_reason && *s.end_reason != EndReason::interrupted && s.practice_minutes() > 0.5;
}

std::string minutes_text(double minutes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f min", minutes);
  return text;
}

}  // namespace

SessionLengthSuggestion suggest_next_session_length(std::span<const storage::SessionRecord> history,
                                                    int64_t today, const ProgressionParams& p) {
  std::vector<const storage::SessionRecord*> usable;
  for (const auto& s : history) {
    if (counts(s)) usable.push_back(&s);
  }
  SessionLengthSuggestion out;
  if (static_cast<int>(usable.size()) < p.baseline_sessions) {
    out.minutes = std::clamp(p.first_session_min, p.min_session_min, p.max_session_min);
    out.reason = "Finding your starting point: " + std::to_string(usable.size()) + " of " +
                 std::to_string(p.baseline_sessions) + " sessions done.";
    return out;
  }

  double sum = 0.0;
  for (int i = 0; i < p.baseline_sessions; ++i) sum += usable[i]->practice_minutes();
  out.baseline_minutes = std::clamp(p.baseline_fraction * sum / p.baseline_sessions,
                                    p.min_session_min, p.max_session_min);
  double length = out.baseline_minutes;
  const double step = 1.0 + p.weekly_step;

  // Whole weeks after the baseline was set, each judged on its sessions.
  const int64_t baseline_day =
      storage::local_day_number(usable[p.baseline_sessions - 1]->started_ms);
  size_t next = static_cast<size_t>(p.baseline_sessions);
  for (int64_t week_start = baseline_day + 1; week_start + 7 <= today; week_start += 7) {
    int sessions = 0;
    bool all_well = true, any_pain = false;
    for (; next < usable.size(); ++next) {
      const int64_t day = storage::local_day_number(usable[next]->started_ms);
      if (day >= week_start + 7) break;
      ++sessions;
      all_well = all_well && went_well(*usable[next], p);
      any_pain = any_pain || pain_rose(*usable[next], p);
    }
    if (any_pain) {
      length = std::max(out.baseline_minutes, length / step);
    } else if (all_well && sessions >= p.good_week_min_sessions) {
      length = std::min(p.max_session_min, length * step);
      ++out.good_weeks;
    }
  }

  const auto& last = *usable.back();
  if (pain_rose(last, p)) {
    out.minutes = std::max(out.baseline_minutes, length / step);
    out.reason = "Pain rose by " + std::to_string(*last.pain_change()) +
                 " points last time, so a shorter session: " + minutes_text(out.minutes) + ".";
    return out;
  }
  out.minutes = length;
  out.reason = "Your baseline is " + minutes_text(out.baseline_minutes) + " (" +
               std::to_string(static_cast<int>(p.baseline_fraction * 100 + 0.5)) +
               "% of your first sessions)";
  out.reason += out.good_weeks == 0
                    ? "; it grows after a week that goes well."
                    : ", raised after " + std::to_string(out.good_weeks) + " good week" +
                          (out.good_weeks > 1 ? "s" : "") + ": " + minutes_text(length) + ".";
  return out;
}

}  // namespace midline::pacing
