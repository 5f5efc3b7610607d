#include "pacing/practice_limits.hpp"

#include <algorithm>
#include <cstdio>

#include "storage/calendar.hpp"

namespace midline::pacing {

double rest_after_set_s(double work_s, const PracticeLimits& limits) {
  return std::clamp(work_s * limits.rest_per_work, limits.min_rest_s, limits.max_rest_s);
}

void RestTimer::start(double duration_s) {
  remaining_s_ = std::max(0.0, duration_s);
  elapsed_s_ = 0.0;
  running_ = remaining_s_ > 0.0;
  started_ = true;
}

void RestTimer::update(double dt_s) {
  if (!running_) return;
  elapsed_s_ += dt_s;
  remaining_s_ = std::max(0.0, remaining_s_ - dt_s);
  running_ = remaining_s_ > 0.0;
}

TodayAllowance today_allowance(std::span<const storage::SessionRecord> sessions, int64_t today,
                               const PracticeLimits& limits) {
  double minutes = 0.0;
  int count = 0;
  for (const auto& s : sessions) {
    if (storage::local_day_number(s.started_ms) != today) continue;
    // A session that never reached an exercise (the camera missing after the check-in, Stop
    // on the first page) was no practice: it neither counts nor uses the day's minutes.
    if (s.exercises == 0) continue;
    minutes += s.practice_minutes();
    ++count;
  }
  TodayAllowance out;
  const double left = limits.daily_max_min - minutes;
  if (count >= limits.sessions_per_day_max) {
    out.may_start = false;
    out.reason = "You have done " + std::to_string(count) +
                 " sessions today. Resting now helps tomorrow's practice.";
    return out;
  }
  if (left < 1.0) {
    out.may_start = false;
    out.reason = "You have practised enough for today. Resting now helps tomorrow's practice.";
    return out;
  }
  out.minutes_left = std::min(limits.session_max_min, left);
  if (left < limits.session_max_min) {
    char text[120];
    std::snprintf(text, sizeof text,
                  "A shorter session today: %.0f minutes are left of today's "
                  "practice.",
                  left);
    out.reason = text;
  }
  return out;
}

}  // namespace midline::pacing
