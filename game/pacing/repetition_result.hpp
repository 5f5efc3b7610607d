#pragma once
// What the exercise rules measured of one repetition, as the session log and the fatigue monitor
// keep it (the rules call a repetition a repetition).

#include "exercises/exercise.hpp"
#include "storage/records.hpp"

namespace midline::pacing {

inline storage::RepetitionResult repetition_result(const RepetitionMetrics& m) {
  storage::RepetitionResult r;
  r.duration_s = m.active_s;
  r.time_in_zone_s = m.time_in_zone_s;
  r.mean_deviation_deg = m.mean_deviation_deg;
  r.peak_deviation_deg = m.peak_deviation_deg;
  r.path_error_deg = m.path_error_deg;
  r.longest_in_zone_s = m.longest_in_zone_s;
  if (m.tremor_time_fraction > 0.0) r.tremor_amplitude_deg = m.tremor_mean_amplitude_deg;
  r.face_lost_pauses = m.face_loss_pauses;
  r.completed = m.goal_reached;
  r.unseen_s = m.unseen_s;
  r.unseen_in_zone_s = m.unseen_in_zone_s;
  r.felt_side = m.felt_side;
  r.felt_error_deg = m.felt_error_deg;
  return r;
}

}  // namespace midline::pacing
