#include "pacing/fatigue_monitor.hpp"

#include <algorithm>
#include <cstdio>

namespace midline::pacing {

const char* to_string(PacingAction action) {
  switch (action) {
    case PacingAction::carry_on:
      return "carry on";
    case PacingAction::offer_rest:
      return "offer a rest";
    case PacingAction::shorten:
      return "shorten the session";
    case PacingAction::end_kindly:
      return "end the session";
  }
  return "carry on";
}

namespace {

std::string describe(const char* what, double now, double baseline, const char* unit) {
  char text[160];
  std::snprintf(text, sizeof text, "%s %.1f%s against %.1f%s at the start", what, now, unit,
                baseline, unit);
  return text;
}

}  // namespace

void FatigueMonitor::start(int pain_before, int fatigue_before) {
  pain_before_ = pain_before;
  fatigue_before_ = fatigue_before;
}

std::optional<std::string> FatigueMonitor::decline(Baseline& b,
                                                   const storage::RepetitionResult& r) const {
  const double n = b.count;
  const double zone = b.zone_fraction / n;
  if (r.zone_fraction() < (1.0 - t_.zone_fraction_drop) * zone) {
    return describe("time in zone", 100 * r.zone_fraction(), 100 * zone, "%");
  }
  const double deviation = b.deviation / n;
  if (r.mean_deviation_deg > (1.0 + t_.deviation_rise) * deviation &&
      r.mean_deviation_deg > deviation + t_.deviation_rise_min_deg) {
    return describe("mean deviation", r.mean_deviation_deg, deviation, " deg");
  }
  if (r.path_error_deg && b.path_error_count > 0) {
    const double path = b.path_error / b.path_error_count;
    if (*r.path_error_deg > (1.0 + t_.path_error_rise) * path &&
        *r.path_error_deg > path + t_.deviation_rise_min_deg) {
      return describe("path error", *r.path_error_deg, path, " deg");
    }
  }
  if (r.tremor_amplitude_deg && b.tremor_count > 0) {
    const double tremor = b.tremor / b.tremor_count;
    if (*r.tremor_amplitude_deg > (1.0 + t_.tremor_rise) * tremor &&
        *r.tremor_amplitude_deg > tremor + t_.tremor_rise_min_deg) {
      return describe("tremor", *r.tremor_amplitude_deg, tremor, " deg");
    }
  }
  return std::nullopt;
}

PacingAdvice FatigueMonitor::add_repetition(const std::string& exercise_key,
                                            const storage::RepetitionResult& r) {
  Baseline& b = baselines_[exercise_key];
  if (b.count < t_.baseline_repetitions) {
    ++b.count;
    b.zone_fraction += r.zone_fraction();
    b.deviation += r.mean_deviation_deg;
    if (r.path_error_deg) {
      b.path_error += *r.path_error_deg;
      ++b.path_error_count;
    }
    if (r.tremor_amplitude_deg) {
      b.tremor += *r.tremor_amplitude_deg;
      ++b.tremor_count;
    }
    return {};
  }
  const auto worse = decline(b, r);
  b.declines_in_a_row = worse ? b.declines_in_a_row + 1 : 0;
  if (!worse || b.declines_in_a_row < t_.consecutive_declines) return {};
  b.declines_in_a_row = 0;
  return escalate(PacingAction::offer_rest, *worse);
}

PacingAdvice FatigueMonitor::report(int pain, int fatigue, std::optional<double> borg_effort) {
  if (pain_before_ && pain - *pain_before_ >= t_.report_rise_points) {
    // Pain is not something to rest through and carry on: at least shorten.
    return escalate(PacingAction::shorten, "pain rose from " + std::to_string(*pain_before_) +
                                               " to " + std::to_string(pain));
  }
  if (fatigue_before_ && fatigue - *fatigue_before_ >= t_.report_rise_points) {
    return escalate(
        PacingAction::offer_rest,
        "fatigue rose from " + std::to_string(*fatigue_before_) + " to " + std::to_string(fatigue));
  }
  if (borg_effort && *borg_effort >= t_.borg_effort_limit) {
    char cause[64];
    std::snprintf(cause, sizeof cause, "effort %.1f of 10 after the set", *borg_effort);
    return escalate(PacingAction::offer_rest, cause);
  }
  return {};
}

void FatigueMonitor::rest_taken() {
  waiting_for_rest_ = false;
  for (auto& [key, b] : baselines_) b.declines_in_a_row = 0;
}

PacingAdvice FatigueMonitor::escalate(PacingAction at_least, std::string cause) {
  // A rest that was offered and not taken is offered again rather than escalating: the
  // patient decides when to rest; the next step comes only after a rest did not help.
  if (waiting_for_rest_ && at_least == PacingAction::offer_rest) {
    return {PacingAction::offer_rest, "A short rest would help now. Take your time.", cause};
  }
  step_ = std::max(step_ + 1, static_cast<int>(at_least));
  step_ = std::min(step_, static_cast<int>(PacingAction::end_kindly));
  const auto action = static_cast<PacingAction>(step_);
  waiting_for_rest_ = action == PacingAction::offer_rest;
  switch (action) {
    case PacingAction::offer_rest:
      return {action, "Your neck has worked hard. Let's rest for a moment.", cause};
    case PacingAction::shorten:
      return {action, "Let's make today's session a little shorter. Shorter is still progress.",
              cause};
    default:
      return {action, "That is enough for today. Well done for listening to your body.", cause};
  }
}

}  // namespace midline::pacing
