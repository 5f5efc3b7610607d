#include "session/session_log.hpp"

#include <cstdio>
#include <exception>
#include <utility>

#include "pacing/repetition_result.hpp"
#include "session/patient_record.hpp"
#include "storage/calendar.hpp"
#include "storage/session_recorder.hpp"
#include "storage/session_store.hpp"

namespace midline {

storage::WallMs SessionLog::now_ms() const {
  if (clock_) return clock_();
  return storage::wall_clock_ms();
}

SessionLog::SessionLog(std::function<storage::WallMs()> clock) : clock_(std::move(clock)) {}

SessionLog::SessionLog(const std::filesystem::path& data_dir,
                       std::function<storage::WallMs()> clock)
    : clock_(std::move(clock)) {
  // The reader (patients) first: opening it recovers sessions a crash left open.
  store_ = std::make_unique<storage::SessionStore>(data_dir, storage::SessionStore::Mode::read);
  notices_ = store_->notices();
  storage::RecorderOptions options;
  options.clock = clock_;
  recorder_ = std::make_unique<storage::SessionRecorder>(data_dir, options);
  for (const std::string& n : recorder_->open_notices()) notices_.push_back(n);
}

SessionLog::~SessionLog() = default;  // the recorder ends a session still open as interrupted

std::string SessionLog::where() const { return store_ ? store_->file().string() : std::string(); }

std::string SessionLog::problem() const { return recorder_ ? recorder_->last_error() : ""; }

std::vector<std::string> SessionLog::session_notices() const {
  return recorder_ ? recorder_->notices() : std::vector<std::string>{};
}

std::string SessionLog::disk_warning() const {
  if (!recorder_) return "";
  if (recorder_->in_session()) return recorder_->disk().warning;
  const auto dir = std::filesystem::path(where()).parent_path();
  return storage::disk_space(storage::free_disk_bytes(dir), 0, 15.0).warning;
}

std::vector<std::string> SessionLog::players() const {
  std::vector<std::string> names;
  if (!store_) return names;
  for (const storage::Patient& p : store_->patients())
    names.push_back(p.display_name.empty() ? p.pseudonym : p.display_name);
  return names;
}

std::optional<std::string> SessionLog::last_player() const {
  if (!store_) return std::nullopt;
  std::optional<std::string> last;
  storage::WallMs latest = 0;
  for (const storage::Patient& p : store_->patients()) {
    const std::vector<storage::SessionRecord> sessions = store_->sessions(p.id);
    if (sessions.empty() || (last && sessions.back().started_ms <= latest)) continue;
    latest = sessions.back().started_ms;
    last = p.display_name.empty() ? p.pseudonym : p.display_name;
  }
  return last;
}

std::vector<storage::Patient> SessionLog::patients() const {
  return store_ ? store_->patients() : std::vector<storage::Patient>{};
}

void SessionLog::choose_player(const std::string& display_name) {
  if (!store_) return;
  for (const storage::Patient& p : store_->patients())
    if (p.display_name == display_name || (p.display_name.empty() && p.pseudonym == display_name)) {
      patient_id_ = p.id;
      player_key_ = p.pseudonym;
      return;
    }
  add_player(display_name);
}

std::string SessionLog::add_player(const std::string& display_name) {
  if (!store_) return {};
  // A station enrolled with a clinic has its patient already, by the clinic's pseudonym, with
  // no name and no session yet: the first player named here is that patient.
  for (const storage::Patient& p : store_->patients())
    if (p.display_name.empty() && store_->sessions(p.id).empty()) {
      store_->name_patient(p.id, display_name);
      patient_id_ = p.id;
      player_key_ = p.pseudonym;
      return p.pseudonym;
    }
  // A new player gets the next free pseudonym; exports show only that.
  for (int n = static_cast<int>(store_->patients().size()) + 1;; ++n) {
    char pseudonym[16];
    std::snprintf(pseudonym, sizeof pseudonym, "P-%04d", n);
    if (store_->find_patient(pseudonym)) continue;
    patient_id_ = store_->add_patient(pseudonym, display_name, now_ms()).id;
    player_key_ = pseudonym;
    return pseudonym;
  }
}

bool SessionLog::choose_pseudonym(const std::string& pseudonym) {
  forget_player();
  if (!store_) return false;
  const auto found = store_->find_patient(pseudonym);
  if (!found) return false;
  patient_id_ = found->id;
  player_key_ = found->pseudonym;
  return true;
}

void SessionLog::forget_player() {
  patient_id_.reset();
  player_key_.reset();
}

pacing::TodayAllowance SessionLog::today_allowance(const pacing::PracticeLimits& limits) const {
  if (!store_ || !patient_id_) return {true, limits.session_max_min, {}};
  const auto sessions = store_->sessions(*patient_id_);
  pacing::TodayAllowance allowance =
      pacing::today_allowance(sessions, storage::local_day_number(now_ms()), limits);
  // Said before the session starts (never a reason not to practise: it is kept in memory).
  if (const std::string disk = disk_warning(); allowance.may_start && !disk.empty())
    allowance.reason += (allowance.reason.empty() ? "" : " ") + disk;
  return allowance;
}

std::vector<SessionResult> SessionLog::level_history(const LevelLibrary& library) const {
  if (!store_ || !patient_id_) return {};
  return midline::level_history(*store_, *patient_id_, library);
}

std::optional<pacing::SessionLengthSuggestion> SessionLog::suggested_length() const {
  if (!store_ || !patient_id_) return std::nullopt;
  const auto sessions = store_->sessions(*patient_id_);
  return pacing::suggest_next_session_length(sessions, storage::local_day_number(now_ms()));
}

void SessionLog::begin(const std::string& plan_name, const CheckInAnswers& before, bool supervised,
                       std::optional<int64_t> plan_version) {
  in_session_ = true;
  activity_ = {};
  activity_.session.started_ms = activity_.session.ended_ms = now_ms();
  recorded_ = false;
  if (!recorder_ || !patient_id_) return;
  recorded_ = true;
  recorder_->begin_session({*patient_id_, "", plan_name, supervised, plan_version});
  recorder_->check_in({storage::CheckInPhase::before, before.pain, before.fatigue});
}

void SessionLog::exercise_started(const std::string& type, const std::string& level) {
  if (!in_session_) return;
  if (in_exercise_) exercise_ended();
  in_exercise_ = true;
  storage::ExerciseRecord record;
  record.ordinal = static_cast<int>(activity_.exercises.size()) + 1;
  record.exercise_type = type;
  record.level_id = level;
  record.started_ms = now_ms();
  activity_.exercises.push_back(std::move(record));
  if (recorder_ && recorder_->in_session()) recorder_->begin_exercise({type, level});
}

void SessionLog::repetition_finished(const storage::RepetitionResult& r) {
  if (!in_session_) return;
  if (in_exercise_) activity_.exercises.back().repetitions.push_back(r);
  if (recorder_ && recorder_->in_session() && in_exercise_) recorder_->add_repetition(r);
}

void SessionLog::exercise_ended(std::optional<double> borg_effort) {
  if (!in_exercise_) return;
  in_exercise_ = false;
  activity_.exercises.back().ended_ms = now_ms();
  activity_.exercises.back().borg_effort = borg_effort;
  if (recorder_ && recorder_->in_session()) recorder_->end_exercise(borg_effort);
}

void SessionLog::rest_taken(double duration_s) {
  if (!in_session_) return;
  activity_.session.rested_ms += static_cast<storage::WallMs>(duration_s * 1000.0);
  if (recorder_ && recorder_->in_session())
    recorder_->add_break(storage::BreakKind::rest, "between repetitions", duration_s);
}

void SessionLog::pause_ended(const std::string& reason, double duration_s) {
  if (in_session_) activity_.session.paused_ms += static_cast<storage::WallMs>(duration_s * 1000.0);
  if (recorder_ && recorder_->in_session())
    recorder_->add_break(storage::BreakKind::pause, reason, duration_s);
}

void SessionLog::sample(const HeadSample& s) {
  if (recorder_ && recorder_->in_session()) recorder_->add_sample(s);
}

void SessionLog::note(const std::string& author, const std::string& text) {
  if (recorder_ && recorder_->in_session())
    recorder_->add_note(author, text);
  else if (store_ && patient_id_)
    store_->add_note({*patient_id_, std::nullopt, now_ms(), author, text});
}

std::optional<storage::FlexionZeroRecord> SessionLog::kept_flexion_zero() const {
  if (!store_ || !patient_id_) return std::nullopt;
  return store_->latest_flexion_zero(*patient_id_);
}

bool SessionLog::keep_flexion_zero(std::optional<double> degrees,
                                   storage::FlexionZeroSetter set_by, const std::string& author) {
  if (!store_ || !patient_id_) return false;
  store_->add_flexion_zero({*patient_id_, now_ms(), degrees, set_by, author});
  return true;
}

void SessionLog::reference(const storage::SessionReference& reference) {
  if (!in_session_) return;
  // What this call names replaces what was kept; the rest stays (as the store does it).
  storage::SessionReference& kept = activity_.session.reference;
  if (reference.resting_posture) {
    kept.resting_posture = reference.resting_posture;
    kept.resting_posture_rough = reference.resting_posture_rough;
  }
  if (reference.flexion_zero_deg) kept.flexion_zero_deg = reference.flexion_zero_deg;
  if (reference.target) kept.target = reference.target;
  if (recorder_ && recorder_->in_session()) recorder_->set_reference(reference);
}

void SessionLog::end(const CheckInAnswers& after, storage::EndReason reason) {
  if (!in_session_) return;
  exercise_ended();
  in_session_ = false;
  activity_.session.ended_ms = now_ms();
  activity_.session.end_reason = reason;
  if (!recorder_ || !recorder_->in_session()) return;
  if (after.answered())
    recorder_->check_in({storage::CheckInPhase::after, after.pain, after.fatigue});
  recorder_->end_session(reason);
  recorder_->flush();
}

storage::SessionActivity SessionLog::activity() const {
  if (in_session_ || !recorded_ || !problem().empty()) return activity_;
  const auto id = recorder_->session_id();
  if (!id) return activity_;
  try {
    if (const auto kept = store_->session(*id)) return storage::stored_activity(*store_, *kept);
  } catch (const std::exception&) {  // unreadable now: what was given to it is the same
  }
  return activity_;
}

}  // namespace midline
