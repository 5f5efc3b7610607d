#include "session/patient_record.hpp"

#include <algorithm>
#include <cmath>
#include <variant>

#include "exercises/range_check.hpp"
#include "storage/indicators.hpp"
#include "storage/session_store.hpp"

namespace midline {

std::vector<SessionResult> level_history(storage::SessionStore& store, int64_t patient_id,
                                         const LevelLibrary& library) {
  std::vector<std::vector<storage::ExerciseRecord>> exercises;
  for (const storage::SessionRecord& session : store.sessions(patient_id))
    exercises.push_back(store.exercises(session.id));
  return level_history(exercises, library);
}

std::vector<SessionResult> level_history(
    std::span<const std::vector<storage::ExerciseRecord>> sessions_exercises,
    const LevelLibrary& library) {
  std::vector<SessionResult> history;
  for (const auto& exercises : sessions_exercises)
    for (const storage::ExerciseRecord& e : exercises) {
      const LoadedLevel* level = library.find(e.level_id);
      if (!level) continue;  // not a level of this library (or the built-in plan)
      const int asked = std::visit(
          [](const auto& p) {
            if constexpr (requires { p.repetitions; }) return p.repetitions;
            return static_cast<int>(range_directions().size());
          },
          level->level.params);
      const auto reached = std::count_if(e.repetitions.begin(), e.repetitions.end(),
                                         [](const auto& r) { return r.completed; });
      history.push_back({e.level_id, 5 * reached >= 4 * asked});  // at least 80%
    }
  return history;
}

std::optional<MeasuredRange> latest_range_check(storage::SessionStore& store, int64_t patient_id) {
  const auto sessions = store.sessions(patient_id);
  for (auto session = sessions.rbegin(); session != sessions.rend(); ++session) {
    const auto exercises = store.exercises(session->id);
    for (auto e = exercises.rbegin(); e != exercises.rend(); ++e) {
      if (e->exercise_type != "range_check") continue;
      // Samples are timed from the session's start; keep the check's own stretch.
      const double from_s = static_cast<double>(e->started_ms - session->started_ms) / 1000.0;
      const double to_s =
          static_cast<double>(e->ended_ms.value_or(session->ended_ms) - session->started_ms) /
          1000.0;
      std::vector<storage::StoredSample> during;
      for (const storage::StoredSample& s : store.samples(session->id))
        if (s.t_s >= from_s && s.t_s <= to_s) during.push_back(s);
      const storage::SessionIndicators reached = storage::compute_indicators(during);
      const auto direction = [](double degrees) -> std::optional<double> {
        if (degrees < 1.0) return std::nullopt;  // not moved that way in this check
        return std::round(degrees);  // a range is measured to the degree, not finer
      };
      MeasuredRange measured;
      measured.measured_ms = e->started_ms;
      RecordedRange& r = measured.range;
      r.rotation_left = direction(reached.rotation_left_deg);
      r.rotation_right = direction(reached.rotation_right_deg);
      r.tilt_left = direction(reached.tilt_left_deg);
      r.tilt_right = direction(reached.tilt_right_deg);
      r.flexion = direction(reached.flexion_deg);
      r.extension = direction(reached.extension_deg);
      if (r == RecordedRange{}) continue;  // a check that measured nothing (no face seen)
      return measured;
    }
  }
  return std::nullopt;
}

}  // namespace midline
