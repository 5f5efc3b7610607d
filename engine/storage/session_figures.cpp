#include "storage/session_figures.hpp"

#include <algorithm>

namespace midline::storage {
namespace {

// Time in the zone over the time the repetitions ran, as a percentage.
struct ZoneTime {
  double in_zone_s = 0.0, active_s = 0.0;
  void add(const RepetitionResult& r) {
    in_zone_s += r.time_in_zone_s;
    active_s += r.duration_s;
  }
  std::optional<double> percent() const {
    if (!(active_s > 0.0)) return std::nullopt;
    return 100.0 * in_zone_s / active_s;
  }
};

void keep_longest(std::optional<double>& longest, std::optional<double> value) {
  if (value && (!longest || *value > *longest)) longest = value;
}

}  // namespace

SessionActivity stored_activity(SessionStore& store, const SessionRecord& session) {
  return {session, store.exercises(session.id)};
}

SessionFigures session_figures(const SessionActivity& activity) {
  SessionFigures out;
  out.practice_minutes = activity.session.practice_minutes();
  ZoneTime holds, guided;
  for (const ExerciseRecord& e : activity.exercises) {
    const bool hold = e.exercise_type == kHoldMidline;
    const bool guide = e.exercise_type == kGuidedMovement;
    ExerciseFigures figures{e.exercise_type, static_cast<int>(e.repetitions.size()), 0, {}, {}};
    ZoneTime zone;
    for (const RepetitionResult& r : e.repetitions) {
      figures.completed += r.completed;
      zone.add(r);
      if (hold) {
        holds.add(r);
        keep_longest(figures.longest_steady_hold_s, r.longest_in_zone_s);
      }
      if (guide) guided.add(r);
    }
    if (hold || guide) figures.in_zone_percent = zone.percent();
    keep_longest(out.longest_steady_hold_s, figures.longest_steady_hold_s);
    out.repetitions += figures.repetitions;
    out.exercises.push_back(std::move(figures));
  }
  out.calm_zone_percent = holds.percent();
  out.close_to_guide_percent = guided.percent();
  return out;
}

}  // namespace midline::storage
