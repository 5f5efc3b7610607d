#include "exercises/exercise.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace midline {

const char* pause_advice(PauseReason reason) {
  switch (reason) {
    case PauseReason::face_lost:
      return "Paused: the camera cannot see your face. Move back into view when you are ready.";
    case PauseReason::uncertain:
      return "Paused: the camera is unsure of your face. More light on your face, or face the "
             "screen, will help.";
    case PauseReason::touch:
      return "Paused: this one is practised without a touch on the chin or cheek. Let your "
             "hand rest when you are ready.";
    case PauseReason::none:
      break;
  }
  return "";
}

const char* event_name(ExerciseEvent::Type type) {
  switch (type) {
    case ExerciseEvent::Type::repetition_started: return "repetition_started";
    case ExerciseEvent::Type::entered_zone: return "entered_zone";
    case ExerciseEvent::Type::left_zone: return "left_zone";
    case ExerciseEvent::Type::paused: return "paused";
    case ExerciseEvent::Type::resumed: return "resumed";
    case ExerciseEvent::Type::repetition_finished: return "repetition_finished";
    case ExerciseEvent::Type::rest_started: return "rest_started";
    case ExerciseEvent::Type::exercise_finished: return "exercise_finished";
  }
  return "?";
}

Exercise::Exercise(int repetitions, double rest_between_s)
    : repetitions_(repetitions), rest_between_s_(rest_between_s) {
  if (repetitions < 1)
    throw std::invalid_argument("an exercise needs at least 1 repetition, not " +
                                std::to_string(repetitions));
  if (!(rest_between_s >= 0.0))
    throw std::invalid_argument("the rest between repetitions cannot be negative");
}

HeadAngles Exercise::deviation(const HeadAngles& angles, const HeadAngles& target) {
  return {angles.rotation_deg - target.rotation_deg, angles.tilt_deg - target.tilt_deg,
          angles.flexion_deg - target.flexion_deg};
}

bool Exercise::within(const HeadAngles& d, double rotation_tol, double tilt_tol,
                      double flexion_tol) {
  return std::abs(d.rotation_deg) <= rotation_tol && std::abs(d.tilt_deg) <= tilt_tol &&
         std::abs(d.flexion_deg) <= flexion_tol;
}

std::vector<ExerciseEvent> Exercise::take_events() {
  std::vector<ExerciseEvent> out;
  out.swap(events_);
  return out;
}

void Exercise::emit(ExerciseEvent::Type type, PauseReason reason) {
  events_.push_back({type, clock_s_, repetition_, reason});
}

void Exercise::start_repetition() {
  ++repetition_;
  phase_ = ExercisePhase::repetition;
  pause_ = PauseReason::none;
  in_zone_ = false;
  current_ = RepetitionMetrics{};
  current_.repetition = repetition_;
  deviation_time_sum_ = path_error_sq_sum_ = tremor_time_s_ = tremor_amplitude_sum_ = 0.0;
  unbroken_in_zone_s_ = 0.0;
  begin_repetition(repetition_);
  emit(ExerciseEvent::Type::repetition_started);
}

void Exercise::finish_repetition(bool goal_reached) {
  if (in_zone_) emit(ExerciseEvent::Type::left_zone);
  in_zone_ = false;
  RepetitionMetrics m = current_;
  m.goal_reached = goal_reached;
  complete_repetition(m);
  if (m.active_s > 0.0) {
    m.mean_deviation_deg = deviation_time_sum_ / m.active_s;
    m.path_error_deg = std::sqrt(path_error_sq_sum_ / m.active_s);
    m.tremor_time_fraction = tremor_time_s_ / m.active_s;
  }
  if (tremor_time_s_ > 0.0) m.tremor_mean_amplitude_deg = tremor_amplitude_sum_ / tremor_time_s_;
  finished_.push_back(m);
  emit(ExerciseEvent::Type::repetition_finished);
  pause_ = PauseReason::none;
  if (repetition_ >= repetitions_) {
    phase_ = ExercisePhase::done;
    emit(ExerciseEvent::Type::exercise_finished);
  } else {
    phase_ = ExercisePhase::rest;
    rest_remaining_s_ = rest_between_s_;
    emit(ExerciseEvent::Type::rest_started);
  }
}

bool Exercise::scene_shown() const {
  return phase_ != ExercisePhase::repetition || scene_shown_at(current_.active_s);
}

void Exercise::stop() {
  if (phase_ == ExercisePhase::done) return;
  if (phase_ == ExercisePhase::repetition && repetition_ > 0 && current_.active_s > 0.0) {
    repetitions_ = repetition_;  // nothing follows this repetition
    finish_repetition(false);
    return;
  }
  phase_ = ExercisePhase::done;
  emit(ExerciseEvent::Type::exercise_finished);
}

void Exercise::skip_rest() {
  if (phase_ == ExercisePhase::rest) rest_remaining_s_ = 0.0;
}

void Exercise::extend_rest(double extra_s) {
  if (phase_ == ExercisePhase::rest && extra_s > 0.0) rest_remaining_s_ += extra_s;
}

void Exercise::update(double dt_s, const std::optional<HeadSample>& sample) {
  if (!(dt_s >= 0.0)) throw std::invalid_argument("an exercise step cannot go back in time");
  if (phase_ == ExercisePhase::done) return;
  if (repetition_ == 0) start_repetition();
  clock_s_ += dt_s;

  if (phase_ == ExercisePhase::rest) {
    rest_remaining_s_ = std::max(0.0, rest_remaining_s_ - dt_s);
    if (rest_remaining_s_ <= 0.0) start_repetition();
    return;
  }

  const PauseReason reason = !sample || !sample->face ? PauseReason::face_lost
                             : !sample->trusted()     ? PauseReason::uncertain
                             : !touch_allowed_ && sample->face->lower_face_covered
                                 ? PauseReason::touch
                                 : PauseReason::none;
  if (reason != pause_) {
    if (reason == PauseReason::none) {
      emit(ExerciseEvent::Type::resumed);
    } else if (pause_ == PauseReason::none) {
      ++current_.face_loss_pauses;
      if (in_zone_) emit(ExerciseEvent::Type::left_zone);
      in_zone_ = false;
      emit(ExerciseEvent::Type::paused, reason);
    }
    pause_ = reason;
  }
  if (pause_ != PauseReason::none) {
    current_.paused_s += dt_s;
    unbroken_in_zone_s_ = 0.0;  // a pause ends a stretch: two never join across it
    return;
  }

  const bool scene_shown = scene_shown_at(current_.active_s);  // as the patient saw this step
  current_.active_s += dt_s;
  const Step step = step_repetition(dt_s, current_.active_s, *sample);
  if (!scene_shown) {
    current_.unseen_s += dt_s;
    if (step.in_zone) current_.unseen_in_zone_s += dt_s;
  }
  const HeadAngles d = deviation(sample->face->angles, step.target);
  const double deviation_deg =
      std::sqrt(d.rotation_deg * d.rotation_deg + d.tilt_deg * d.tilt_deg +
                d.flexion_deg * d.flexion_deg);
  deviation_time_sum_ += deviation_deg * dt_s;
  current_.peak_deviation_deg = std::max(current_.peak_deviation_deg, deviation_deg);
  path_error_sq_sum_ += step.path_error_deg * step.path_error_deg * dt_s;
  if (sample->tremor.present) {
    tremor_time_s_ += dt_s;
    tremor_amplitude_sum_ += sample->tremor.amplitude_deg * dt_s;
  }
  if (step.in_zone) {
    current_.time_in_zone_s += dt_s;
    unbroken_in_zone_s_ += dt_s;
    current_.longest_in_zone_s = std::max(current_.longest_in_zone_s, unbroken_in_zone_s_);
  } else {
    unbroken_in_zone_s_ = 0.0;
  }
  if (step.in_zone != in_zone_) {
    in_zone_ = step.in_zone;
    emit(in_zone_ ? ExerciseEvent::Type::entered_zone : ExerciseEvent::Type::left_zone);
  }
  if (step.finished) finish_repetition(step.goal_reached);
}

}  // namespace midline
