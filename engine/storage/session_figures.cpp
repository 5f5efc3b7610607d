#include "storage/session_figures.hpp"

#include <algorithm>
#include <cmath>

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

// The calm zone with the scene shown and with the screen resting.
struct SceneTime {
  ZoneTime seen, unseen;
  void add(const RepetitionResult& r) {
    const double unseen_s = std::clamp(r.unseen_s.value_or(0.0), 0.0, r.duration_s);
    const double unseen_in_zone_s = std::clamp(r.unseen_in_zone_s.value_or(0.0), 0.0, unseen_s);
    unseen.in_zone_s += unseen_in_zone_s;
    unseen.active_s += unseen_s;
    // Clamped: a repetition never has more time in the zone than it ran, whatever was kept.
    seen.in_zone_s += std::clamp(r.time_in_zone_s - unseen_in_zone_s, 0.0, r.duration_s - unseen_s);
    seen.active_s += r.duration_s - unseen_s;
  }
  SceneSplit split() const {
    if (!(unseen.active_s > 0.0)) return {};
    return {seen.percent(), unseen.percent(), unseen.active_s};
  }
};

// Mean absolute felt-midline error per side.
struct FeltErrors {
  double sum[2] = {0.0, 0.0};
  int count[2] = {0, 0};
  void add(const RepetitionResult& r) {
    if (!r.felt_side || !r.felt_error_deg) return;
    const int i = *r.felt_side > 0 ? 0 : 1;
    sum[i] += std::abs(*r.felt_error_deg);
    ++count[i];
  }
  FeltMidlineErrors errors() const {
    FeltMidlineErrors out;
    if (count[0] > 0) out.after_left_deg = sum[0] / count[0];
    if (count[1] > 0) out.after_right_deg = sum[1] / count[1];
    out.trials = count[0] + count[1];
    return out;
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
  SceneTime holds_by_scene;
  FeltErrors felt;
  for (const ExerciseRecord& e : activity.exercises) {
    const bool hold = e.exercise_type == kHoldMidline;
    const bool guide = e.exercise_type == kGuidedMovement;
    ExerciseFigures figures{e.exercise_type, static_cast<int>(e.repetitions.size()), 0, {}, {}, {}, {}};
    ZoneTime zone;
    SceneTime scene;
    FeltErrors felt_here;
    for (const RepetitionResult& r : e.repetitions) {
      figures.completed += r.completed;
      zone.add(r);
      if (hold) {
        holds.add(r);
        scene.add(r);
        holds_by_scene.add(r);
        keep_longest(figures.longest_steady_hold_s, r.longest_in_zone_s);
      }
      if (guide) guided.add(r);
      felt.add(r);
      felt_here.add(r);
    }
    if (hold || guide) figures.in_zone_percent = zone.percent();
    figures.scene = scene.split();
    figures.felt_midline = felt_here.errors();
    keep_longest(out.longest_steady_hold_s, figures.longest_steady_hold_s);
    out.repetitions += figures.repetitions;
    out.exercises.push_back(std::move(figures));
  }
  out.calm_zone_percent = holds.percent();
  out.close_to_guide_percent = guided.percent();
  out.calm_zone_by_scene = holds_by_scene.split();
  out.felt_midline = felt.errors();
  return out;
}

}  // namespace midline::storage
