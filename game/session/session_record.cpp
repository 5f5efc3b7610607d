#include "session/session_record.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <vector>

namespace midline {

std::vector<PlannedExercise> default_plan() {
  HoldMidlineParams hold;  // +/-15 degrees, 5 s, 10 times, 15 s rests
  hold.tolerance = {15.0, 15.0, 15.0};
  hold.hold_s = 5.0;
  hold.repetitions = 10;
  hold.rest_between_s = 15.0;

  GuidedMovementParams turn;  // about a third of a typical 60-80 degree rotation, 10 deg/s
  turn.axis = Axis::rotation;
  turn.amplitude_deg = 20.0;
  turn.speed_deg_per_s = 10.0;
  turn.hold_at_end_s = 3.0;
  turn.tolerance = {8.0, 10.0, 10.0};
  turn.repetitions = 4;
  turn.rest_between_s = 10.0;
  GuidedMovementParams left = turn, right = turn;
  left.direction = MovementDirection::left;
  right.direction = MovementDirection::right;

  return {{"Hold the midline", hold},
          {"Turn gently to your left and back", left},
          {"Turn gently to your right and back", right},
          {"Range check", RangeCheckParams{}}};
}

std::vector<PlannedExercise> tour_of(std::vector<PlannedExercise> plan) {
  for (PlannedExercise& p : plan)
    std::visit(
        [](auto& params) {
          if constexpr (requires { params.repetitions; }) {
            params.repetitions = std::min(params.repetitions, 2);
            params.rest_between_s = std::min(params.rest_between_s, 3.0);
          }
        },
        p.params);
  return plan;
}

std::vector<PlannedExercise> short_session_of(const std::vector<PlannedExercise>& plan) {
  const auto is_hold = [](const PlannedExercise& p) {
    return std::holds_alternative<HoldMidlineParams>(p.params);
  };
  auto first = std::find_if(plan.begin(), plan.end(), is_hold);
  PlannedExercise hold = first != plan.end() ? *first : default_plan().front();
  auto& params = std::get<HoldMidlineParams>(hold.params);
  params.repetitions = std::clamp((params.repetitions + 1) / 2, 1, 3);
  hold.level_id.clear();
  std::vector<PlannedExercise> session{hold};
  // The felt-midline test measures, it does not train: a hard day's reading is worth having.
  const auto felt = std::find_if(plan.begin(), plan.end(), [](const PlannedExercise& p) {
    return std::holds_alternative<FeltMidlineParams>(p.params);
  });
  if (felt != plan.end()) {
    session.push_back(*felt);
    session.back().level_id.clear();
  }
  return session;
}

std::string outcome_words(const ExerciseOutcome& e, bool stopped_during_it) {
  if (e.skipped) return "Skipped";
  const std::string finished = exercise_kind(e.type).summary(e);
  if (!stopped_during_it) return finished;
  if (e.type == ExerciseType::range_check)  // its directions reached, as far as it went
    return e.ranges.empty() ? "Stopped before it began: that is fine" : finished;
  const size_t done = e.repetitions.size();
  if (done >= static_cast<size_t>(e.repetitions_planned)) return finished;  // a whole set
  if (done == 0) return "Stopped before the first one: that is fine";
  const char* what = e.type == ExerciseType::hold_midline      ? "hold"
                     : e.type == ExerciseType::guided_movement ? "movement"
                     : e.type == ExerciseType::felt_midline    ? "trial"
                                                               : "direction";
  char s[120];
  std::snprintf(s, sizeof s, "%zu %s%s done before you stopped", done, what, done == 1 ? "" : "s");
  return s;
}

std::string summary_text(const SessionOutcome& r, const storage::SessionFigures& f) {
  std::ostringstream out;
  char line[256];
  out << "session summary for " << (r.player.empty() ? "(no name)" : r.player)
      << (r.stopped_early ? " (stopped early)" : "") << "\n";
  auto check = [](const CheckInAnswers& c) {
    return c.answered() ? "pain " + std::to_string(c.pain) + ", fatigue " + std::to_string(c.fatigue)
                        : std::string("not answered");
  };
  out << "  check-in: " << check(r.before) << "; check-out: " << check(r.after) << "\n";
  out << "  angles from the body midline (the head square to the body)\n";
  if (r.resting_posture)
    out << "  resting posture: " << describe_posture(*r.resting_posture)
        << (r.resting_posture_rough ? " (rough: turned further than the tracker is sure of)" : "")
        << "\n";
  if (r.target) out << "  target: " << describe_posture(*r.target) << "\n";
  std::snprintf(line, sizeof line, "  practice: %.1f min (start to end, less pauses)\n",
                f.practice_minutes);
  out << line;
  if (f.calm_zone_percent) {
    std::snprintf(line, sizeof line, "  in the calm zone: %.0f%% of the hold time\n",
                  *f.calm_zone_percent);
    out << line;
  }
  if (f.calm_zone_by_scene.without_scene_percent) {
    if (f.calm_zone_by_scene.with_scene_percent) {
      std::snprintf(line, sizeof line, "  in the calm zone with the scene: %.0f%%\n",
                    *f.calm_zone_by_scene.with_scene_percent);
      out << line;
    }
    std::snprintf(line, sizeof line, "  in the calm zone without the scene: %.0f%% (of %.0f s)\n",
                  *f.calm_zone_by_scene.without_scene_percent, f.calm_zone_by_scene.without_scene_s);
    out << line;
  }
  if (f.felt_midline.any()) {
    auto deg = [](const std::optional<double>& v) {
      char s[32];
      if (!v) return std::string("-");
      std::snprintf(s, sizeof s, "%.1f deg", *v);
      return std::string(s);
    };
    out << "  felt midline, mean error: " << deg(f.felt_midline.after_left_deg)
        << " after turning left, " << deg(f.felt_midline.after_right_deg)
        << " after turning right (healthy about 3-4.5 deg)\n";
  }
  if (f.longest_steady_hold_s) {
    std::snprintf(line, sizeof line, "  longest steady hold: %.0f s\n", *f.longest_steady_hold_s);
    out << line;
  }
  if (f.close_to_guide_percent) {
    std::snprintf(line, sizeof line, "  close to the guide: %.0f%% of the movement time\n",
                  *f.close_to_guide_percent);
    out << line;
  }
  for (const ExerciseOutcome& e : r.exercises) {
    int reached = 0;
    double active = 0.0, deviation = 0.0, path = 0.0;
    int pauses = 0;
    for (const RepetitionMetrics& m : e.repetitions) {
      reached += m.goal_reached;
      active += m.active_s;
      deviation += m.mean_deviation_deg * m.active_s;
      path += m.path_error_deg * m.active_s;
      pauses += m.face_loss_pauses;
    }
    std::snprintf(line, sizeof line,
                  "  %s: %zu of %d repetitions, %d reached, %.1f s, mean deviation %.1f deg, path "
                  "error %.1f deg, pauses %d\n",
                  e.title.c_str(), e.repetitions.size(), e.repetitions_planned, reached, active,
                  active > 0 ? deviation / active : 0.0, active > 0 ? path / active : 0.0, pauses);
    out << line;
    if (e.skipped) out << "    skipped by the clinician\n";
    if (e.effort) out << "    effort (Borg CR10): " << *e.effort << "\n";
    for (size_t i = 0; i < e.ranges.size(); ++i) {
      std::snprintf(line, sizeof line, "    %s: %.0f deg%s\n", range_directions()[i].name,
                    e.ranges[i].reached_deg, e.ranges[i].settled ? "" : " (not settled)");
      out << line;
    }
  }
  return out.str();
}

}  // namespace midline
