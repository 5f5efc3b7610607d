#include "session/practice_session.hpp"

#include <algorithm>
#include <cstdio>
#include <utility>

#include "pacing/repetition_result.hpp"
#include "session/session_log.hpp"

namespace midline {

namespace {

storage::EndReason end_reason(StopReason reason) {
  switch (reason) {
    case StopReason::fatigue: return storage::EndReason::stopped_for_fatigue;
    case StopReason::clinician: return storage::EndReason::stopped_by_clinician;
    case StopReason::pain: return storage::EndReason::stopped_for_pain;
    case StopReason::technical: return storage::EndReason::stopped_for_technical;
    // "interrupted" is kept for a session that never ended (a crash, a power cut); closing
    // the window is the patient's stop.
    case StopReason::program_closed:
    case StopReason::patient: break;
  }
  return storage::EndReason::stopped_by_patient;
}

}  // namespace

PracticeSession::PracticeSession(std::vector<PlannedExercise> plan, Settings settings,
                                 SessionLog& log, const CheckInAnswers& before)
    : plan_(std::move(plan)), settings_(std::move(settings)), log_(log) {
  record_.player = settings_.player;
  record_.before = before;
  if (settings_.shaping) record_.target = settings_.shaping->target(std::nullopt);
  fatigue_.start(before.pain, before.fatigue);
  log_.begin(settings_.plan_name, before, settings_.supervised, settings_.plan_version);
  if (record_.target) {
    storage::SessionReference reference;
    reference.target = record_.target;
    log_.reference(reference);
  }
  if (settings_.flexion_zero_deg) set_flexion_zero(*settings_.flexion_zero_deg);
}

PracticeSession::~PracticeSession() = default;

// [SECTION] Commands

void PracticeSession::set_resting_posture(std::optional<HeadAngles> posture, bool rough) {
  if (stage_ != SessionStage::setting_up) return;
  record_.resting_posture = posture;
  record_.resting_posture_rough = posture && rough;
  storage::SessionReference reference;
  reference.resting_posture = posture;
  reference.resting_posture_rough = record_.resting_posture_rough;
  // The plan's target starts from where the head rests, when the plan sets no start of its own.
  if (settings_.shaping && !therapist_target_) {
    record_.target = settings_.shaping->target(posture);
    reference.target = record_.target;
  }
  if (posture) log_.reference(reference);
}

void PracticeSession::set_flexion_zero(double degrees) {
  if (stage_ != SessionStage::setting_up) return;
  record_.flexion_zero_deg = degrees;
  storage::SessionReference reference;
  reference.flexion_zero_deg = degrees;
  log_.reference(reference);
}

void PracticeSession::set_target(std::optional<HeadAngles> target) {
  if (stage_ != SessionStage::setting_up) return;
  therapist_target_ = target.has_value();
  record_.target = target;
  if (!target && settings_.shaping) record_.target = settings_.shaping->target(record_.resting_posture);
  storage::SessionReference reference;
  reference.target = record_.target.value_or(HeadAngles{});
  log_.reference(reference);
}

void PracticeSession::say_here() {
  if (stage_ == SessionStage::exercising && !paused_) exercise_->say_here();
}

void PracticeSession::start_exercises() {
  if (stage_ != SessionStage::setting_up) return;
  if (plan_.empty() || record_.time_up) {
    stage_ = SessionStage::checking_out;
    return;
  }
  start_exercise(0);
}

void PracticeSession::start_exercise(size_t index) {
  index_ = index;
  const PlannedExercise& p = plan_.at(index);
  const ExerciseKind& k = exercise_kind(p.params);
  exercise_ = k.make(p.params, record_.target.value_or(HeadAngles{}));
  exercise_->set_touch_allowed(p.sensory_trick_allowed);
  outcome_ = ExerciseOutcome{};
  outcome_.title = p.title;
  outcome_.type = k.type;
  outcome_.repetitions_planned = exercise_->repetitions();
  fresh_ = FreshSamples{};
  stage_ = SessionStage::introducing;
}

void PracticeSession::begin_exercise() {
  if (stage_ != SessionStage::introducing) return;
  // The rest between sets ends here, whether it ran out or Begin came sooner.
  if (set_rest_.elapsed_s() > 0.0) log_.rest_taken(set_rest_.elapsed_s());
  set_rest_ = {};
  set_work_s_ = 0.0;
  stage_ = SessionStage::exercising;
  log_.exercise_started(std::string(kind().key),
                        planned().level_id.empty() ? planned().title : planned().level_id);
}

void PracticeSession::skip_rest() {
  if (stage_ == SessionStage::exercising) exercise_->skip_rest();
}

void PracticeSession::extend_rest(double extra_s) {
  if (stage_ == SessionStage::exercising && exercise_->phase() == ExercisePhase::rest) {
    exercise_->extend_rest(extra_s);
    advice_ = {};
  }
}

void PracticeSession::dismiss_advice() { advice_ = {}; }

void PracticeSession::rate_effort(std::optional<int> borg) {
  if (stage_ != SessionStage::rating_effort) return;
  if (!record_.exercises.empty()) record_.exercises.back().effort = borg;
  log_.exercise_ended(borg ? std::optional<double>(*borg) : std::nullopt);
  go_on();
}

void PracticeSession::set_paused(bool paused) { paused_ = paused; }

void PracticeSession::skip_exercise(const std::string& by) {
  if (stage_ != SessionStage::introducing && stage_ != SessionStage::exercising) return;
  log_.note(by, "Skipped: " + planned().title);
  outcome_.skipped = true;
  stop_rules();
  finish_exercise();
}

void PracticeSession::stop(StopReason reason) {
  if (stage_ == SessionStage::asking_why || stage_ == SessionStage::checking_out ||
      stage_ == SessionStage::ended)
    return;
  const bool ask_why = reason == StopReason::patient && in_exercises();
  record_.stopped_early = true;
  record_.stop_reason = reason;
  if (stage_ == SessionStage::introducing || stage_ == SessionStage::exercising) {
    stop_rules();
    if (stage_ == SessionStage::exercising) {
      record_outcome();
      log_.exercise_ended();
    }
  } else if (stage_ == SessionStage::rating_effort) {
    log_.exercise_ended();  // the set was done; its rating was not given
  }
  advice_ = {};
  tone_volume_ = 0.0;
  stage_ = ask_why ? SessionStage::asking_why : SessionStage::checking_out;
}

void PracticeSession::explain_stop(std::optional<StopReason> why) {
  if (stage_ != SessionStage::asking_why) return;
  if (why == StopReason::pain || why == StopReason::fatigue || why == StopReason::technical)
    record_.stop_reason = *why;
  stage_ = SessionStage::checking_out;
}

void PracticeSession::note(const std::string& author, const std::string& text) {
  log_.note(author, text);
}

void PracticeSession::check_out(std::optional<CheckInAnswers> after) {
  if (stage_ == SessionStage::ended) return;
  stop(StopReason::patient);  // nothing when already stopped
  if (after) record_.after = *after;
  log_.end(record_.after, record_.stopped_early ? end_reason(record_.stop_reason)
                                                : storage::EndReason::finished);
  stage_ = SessionStage::ended;
}

void PracticeSession::rest_today() {
  if (stage_ != SessionStage::setting_up) return;
  const CheckInAnswers& b = record_.before;
  record_.rested_today = true;
  record_.stopped_early = true;
  record_.stop_reason = b.pain >= 7 || b.fatigue < 7 ? StopReason::pain : StopReason::fatigue;
  char words[120];
  std::snprintf(words, sizeof words,
                "Rested today instead of practising (pain %d, tiredness %d at the check-in).",
                b.pain, b.fatigue);
  log_.note("Midline", words);
  log_.end(record_.after, end_reason(record_.stop_reason));
  stage_ = SessionStage::ended;
}

void PracticeSession::end_now() {
  if (stage_ == SessionStage::ended) return;
  stop(StopReason::program_closed);
  check_out(std::nullopt);
}

void PracticeSession::stop_rules() {
  exercise_->stop();
  // A repetition under way ends as it stands: recorded and counted like any other.
  for (const ExerciseEvent& e : exercise_->take_events()) handle(e);
}

std::vector<SessionSound> PracticeSession::take_sounds() { return std::exchange(sounds_, {}); }

// [SECTION] The frame

void PracticeSession::advance(double dt_s, const FrameSamples& frame) {
  if (stage_ == SessionStage::ended) return;
  // The recorder keeps every sample from check-in to check-out, at the tracker's own rate.
  for (const HeadSample& s : frame.published) log_.sample(s);
  newest_ = frame.newest;
  if (paused_) dt_s = 0.0;
  sample_ = fresh_.filter(frame.newest, dt_s);
  if (stage_ == SessionStage::introducing) set_rest_.update(dt_s);
  if (stage_ == SessionStage::exercising) set_work_s_ += dt_s;
  check_time(dt_s);
  if (stage_ != SessionStage::exercising) {
    tone_volume_ = 0.0;
    return;
  }
  exercise_->update(dt_s, sample_);
  for (const ExerciseEvent& e : exercise_->take_events()) handle(e);
  update_tone(dt_s);
  if (exercise_->phase() == ExercisePhase::done) finish_exercise();
  else if (record_.time_up && exercise_->phase() == ExercisePhase::rest) {
    stop_rules();  // the repetition under way has finished: the set ends with it
    finish_exercise();
  }
}

void PracticeSession::check_time(double dt_s) {
  session_s_ += dt_s;
  if (record_.time_up || !settings_.minutes_allowed ||
      session_s_ < *settings_.minutes_allowed * 60.0 || stage_ == SessionStage::ended)
    return;
  // Only while practice is still to come: a session already stopping ends as it was going to.
  if (stage_ == SessionStage::asking_why || stage_ == SessionStage::checking_out) return;
  record_.time_up = true;
  char words[120];
  std::snprintf(words, sizeof words,
                "The plan's %.0f minutes for this session were reached; it ended after the "
                "repetition under way.",
                *settings_.minutes_allowed);
  log_.note("Midline", words);
  advice_ = {};
  // A repetition under way finishes first (advance ends the set at its rest); a rest, an
  // introduction or the effort question go on to the check-out now.
  if (stage_ == SessionStage::introducing) {  // not begun: nothing of it is recorded
    set_rest_ = {};
    stage_ = SessionStage::checking_out;
  } else if (stage_ == SessionStage::exercising && exercise_->phase() == ExercisePhase::rest) {
    stop_rules();
    finish_exercise();
  }
}

void PracticeSession::update_tone(double dt_s) {
  double restless = 1.0;
  if (sample_ && sample_->trusted()) {
    const Exercise::Asked asked = exercise_->asked();
    const HeadAngles& at = sample_->face->angles;
    const PlannedExercise& p = planned();
    // How far from where the exercise asks, as a share of the hold's tolerance.
    AxisTolerance tol;
    if (const auto* hold = std::get_if<HoldMidlineParams>(&p.params)) tol = hold->tolerance;
    const double distance =
        std::max({std::abs(at.rotation_deg - asked.at.rotation_deg) / tol.rotation_deg,
                  std::abs(at.tilt_deg - asked.at.tilt_deg) / tol.tilt_deg,
                  std::abs(at.flexion_deg - asked.at.flexion_deg) / tol.flexion_deg});
    restless = std::clamp((distance - 0.3) / 0.9, 0.0, 1.0) +
               (sample_->tremor.present ? sample_->tremor.amplitude_deg / 4.0 : 0.0);
  }
  unsteadiness_ += (std::clamp(restless, 0.0, 1.0) - unsteadiness_) * std::min(1.0, dt_s * 1.2);
  const bool tone = kind().calm_tone &&
                    exercise_->phase() == ExercisePhase::repetition &&
                    exercise_->pause() == PauseReason::none && exercise_->in_zone() &&
                    exercise_->scene_shown();  // a resting screen gives no head feedback
  tone_volume_ = tone ? 0.5 * (1.0 - unsteadiness_) + 0.2 : 0.0;
}

// Chimes, the recording and the fatigue monitor, from the exercise's events.
void PracticeSession::handle(const ExerciseEvent& e) {
  using T = ExerciseEvent::Type;
  switch (e.type) {
    case T::repetition_finished: {
      const RepetitionMetrics& m = exercise_->finished_repetitions().back();
      if (m.goal_reached && !kind().assessment) sounds_.push_back(SessionSound::chime);
      const storage::RepetitionResult r = pacing::repetition_result(m);
      log_.repetition_finished(r);
      const pacing::PacingAdvice advice =
          fatigue_.add_repetition(std::string(kind().key) + ":" + planned().title, r);
      if (advice.action != pacing::PacingAction::carry_on) advice_ = advice;
      rest_offered_ = rest_offered_ || advice.action == pacing::PacingAction::offer_rest;
      break;
    }
    case T::paused:
      paused_at_s_ = e.time_s;
      last_pause_ = e.reason;
      break;
    case T::resumed: log_.pause_ended(pause_reason_name(), e.time_s - paused_at_s_); break;
    case T::rest_started: rest_started_at_s_ = e.time_s; break;
    case T::repetition_started:
      if (e.repetition > 1) {
        log_.rest_taken(e.time_s - rest_started_at_s_);
        // Only a rest after the pacing offered one tells it the offer was taken: the plan's
        // rests between repetitions are not an answer to a decline.
        if (std::exchange(rest_offered_, false)) fatigue_.rest_taken();
      }
      break;
    default: break;
  }
}

std::string PracticeSession::pause_reason_name() const {
  switch (last_pause_) {
    case PauseReason::uncertain: return "tracker unsure";
    case PauseReason::touch: return "sensory trick in an exercise without one";
    default: return "face lost";
  }
}

void PracticeSession::record_outcome() {
  outcome_.repetitions = exercise_->finished_repetitions();
  exercise_->add_results(outcome_);
  if (const std::string note = exercise_->result_note(); !note.empty())
    log_.note(std::string(kind().title), note);
  record_.exercises.push_back(outcome_);
}

void PracticeSession::finish_exercise() {
  const bool begun = stage_ == SessionStage::exercising;
  tone_volume_ = 0.0;
  if (!begun) {  // skipped at its introduction: nothing was played or recorded
    record_.exercises.push_back(outcome_);
    go_on();
    return;
  }
  record_outcome();
  // A set of practice that was done (not skipped) gets its effort rated; a check does not.
  if (!kind().assessment && !outcome_.skipped && !exercise_->finished_repetitions().empty()) {
    stage_ = SessionStage::rating_effort;
    return;
  }
  log_.exercise_ended();
  go_on();
}

void PracticeSession::go_on() {
  if (index_ + 1 < plan_.size() && !record_.time_up) {
    // A rest after the set, from the plan's work-to-rest ratio, before the next begins.
    const bool practised = !record_.exercises.empty() && !record_.exercises.back().skipped &&
                           !record_.exercises.back().repetitions.empty();
    start_exercise(index_ + 1);
    if (practised) set_rest_.start(pacing::rest_after_set_s(set_work_s_, settings_.limits));
  } else {
    stage_ = SessionStage::checking_out;
  }
}

}  // namespace midline
