#pragma once
// Watches a session for fatigue, one repetition at a time, against the session's own first
// repetitions of the same exercise (not against other days: symptoms vary from day to day).
// When performance falls clearly, or the patient reports rising fatigue or pain, it offers a
// rest; if that does not help, it suggests shortening the session, then ending it kindly.
// It never suggests pushing through. Pure logic: values in, advice out.

#include <map>
#include <optional>
#include <string>

#include "storage/records.hpp"

namespace midline::pacing {

// Defaults for when the plan sets none; the physiotherapist can override each.
struct FatigueThresholds {
  int baseline_repetitions = 3;         // the first repetitions of each exercise set its baseline
  double zone_fraction_drop = 0.30;     // time in zone falls below (1 - this) x baseline
  double deviation_rise = 0.50;         // mean deviation above (1 + this) x baseline ...
  double deviation_rise_min_deg = 3.0;  // ... and at least this much more (tracker error ~3 deg)
  double path_error_rise = 0.50;        // the same for guided movements' path error
  double tremor_rise = 0.50;            // tremor amplitude above (1 + this) x baseline ...
  double tremor_rise_min_deg = 0.5;     // ... and at least this much more
  int consecutive_declines = 2;         // repetitions in a row that must be worse
  int report_rise_points = 2;           // fatigue or pain this much above the session's start
  double borg_effort_limit = 7.0;       // Borg CR10 "very hard" after a set
};

enum class PacingAction { carry_on, offer_rest, shorten, end_kindly };
const char* to_string(PacingAction action);

struct PacingAdvice {
  PacingAction action = PacingAction::carry_on;
  std::string message;  // for the patient, kind and short; empty for carry_on
  std::string cause;    // for the log and the physiotherapist: what triggered it
};

class FatigueMonitor {
 public:
  explicit FatigueMonitor(FatigueThresholds thresholds = {}) : t_(thresholds) {}

  // The check-in before the session: later reports are compared with it.
  void start(int pain_before, int fatigue_before);
  // A finished repetition of the exercise `exercise_key` (type and level).
  PacingAdvice add_repetition(const std::string& exercise_key,
                              const storage::RepetitionResult& repetition);
  // The patient's answer between sets (pain and fatigue 0..10, effort Borg CR10 if asked).
  PacingAdvice report(int pain, int fatigue, std::optional<double> borg_effort = std::nullopt);
  // The patient took the rest that was offered: the next decline escalates from here.
  void rest_taken();

  int offers_made() const { return step_; }

 private:
  struct Baseline {
    int count = 0;
    double zone_fraction = 0, deviation = 0, path_error = 0, tremor = 0;
    int path_error_count = 0, tremor_count = 0;
    int declines_in_a_row = 0;
  };
  std::optional<std::string> decline(Baseline& b, const storage::RepetitionResult& r) const;
  PacingAdvice escalate(PacingAction at_least, std::string cause);

  FatigueThresholds t_;
  std::optional<int> pain_before_, fatigue_before_;
  std::map<std::string, Baseline> baselines_;
  int step_ = 0;  // 0 none yet, 1 rest offered, 2 shortening suggested, 3 ending suggested
  bool waiting_for_rest_ = false;  // a rest was offered and not yet taken
};

}  // namespace midline::pacing
