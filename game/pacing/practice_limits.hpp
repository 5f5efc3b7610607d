#pragma once
// Rests between sets, and how much practice a day may hold: work-to-rest ratios, daily limits,
// practice time summed per calendar day across sessions. Pure functions; the day is passed in.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "storage/progress.hpp"  // practice_per_day
#include "storage/session_store.hpp"

namespace midline::pacing {

// Defaults from shared CLINICAL.md (sessions of 10-15 min, one to three a day); the plan can
// override each.
struct PracticeLimits {
  double session_max_min = 15.0;
  double daily_max_min = 45.0;
  int sessions_per_day_max = 3;
  double rest_per_work = 0.5;  // seconds of rest after a set per second of work in it
  double min_rest_s = 30.0;
  double max_rest_s = 180.0;
};

// How long to rest after a set of `work_s` seconds.
double rest_after_set_s(double work_s, const PracticeLimits& limits);

// A rest with a timer, driven by the caller's frame time.
class RestTimer {
 public:
  void start(double duration_s);
  void update(double dt_s);
  double remaining_s() const { return remaining_s_; }
  double elapsed_s() const { return elapsed_s_; }
  bool running() const { return running_; }
  bool done() const { return !running_ && started_; }
  void extend(double extra_s) { remaining_s_ += extra_s; }  // the patient wants more rest

 private:
  double remaining_s_ = 0.0;
  double elapsed_s_ = 0.0;
  bool running_ = false;
  bool started_ = false;
};

struct TodayAllowance {
  bool may_start = true;
  double minutes_left = 0.0;  // for the next session: the session limit or what the day has left
  std::string reason;         // why not, or why shorter, for the patient; empty otherwise
};
// Sessions without any exercise are left out: they were no practice.
TodayAllowance today_allowance(std::span<const storage::SessionRecord> sessions, int64_t today,
                               const PracticeLimits& limits);

}  // namespace midline::pacing
