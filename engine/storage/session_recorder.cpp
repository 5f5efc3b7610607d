#include "storage/session_recorder.hpp"

#include <sys/statvfs.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <type_traits>

#include "storage/calendar.hpp"
#include "storage/session_store.hpp"
#include "storage/sqlite.hpp"

namespace midline::storage {

struct SessionRecorder::Prepared {
  explicit Prepared(Database& db)
      : insert_plan(db,
                    "INSERT INTO plans (plan_key, name) VALUES (?1, ?2) "
                    "ON CONFLICT (plan_key) DO UPDATE SET name = excluded.name"),
        find_plan(db, "SELECT id FROM plans WHERE plan_key = ?1"),
        insert_session(db,
                       "INSERT INTO sessions (patient_id, plan_id, supervised, started_ms, "
                       "last_activity_ms, plan_version, angle_reference) VALUES (?1, ?2, ?3, ?4, ?4, "
                       "?5, 'body_midline')"),
        set_reference(db, R"sql(
UPDATE sessions SET
  resting_rotation_deg = coalesce(?2, resting_rotation_deg),
  resting_tilt_deg = coalesce(?3, resting_tilt_deg),
  resting_flexion_deg = coalesce(?4, resting_flexion_deg),
  flexion_zero_deg = coalesce(?5, flexion_zero_deg),
  target_rotation_deg = coalesce(?6, target_rotation_deg),
  target_tilt_deg = coalesce(?7, target_tilt_deg),
  target_flexion_deg = coalesce(?8, target_flexion_deg),
  resting_posture_rough = CASE WHEN ?2 IS NULL THEN resting_posture_rough ELSE ?9 END
WHERE id = ?1)sql"),
        touch_session(db,
                      "UPDATE sessions SET last_activity_ms = max(last_activity_ms, ?2) "
                      "WHERE id = ?1"),
        end_session(db,
                    "UPDATE sessions SET ended_ms = ?2, end_reason = ?3, "
                    "last_activity_ms = max(last_activity_ms, ?2) WHERE id = ?1"),
        insert_check_in(db,
                        "INSERT INTO check_ins (session_id, phase, pain, fatigue, at_ms) "
                        "VALUES (?1, ?2, ?3, ?4, ?5)"),
        insert_exercise(db,
                        "INSERT INTO exercises (session_id, ordinal, exercise_type, level_id, "
                        "started_ms) VALUES (?1, ?2, ?3, ?4, ?5)"),
        end_exercise(db, "UPDATE exercises SET ended_ms = ?2, borg_effort = ?3 WHERE id = ?1"),
        insert_repetition(db, R"sql(
INSERT INTO repetitions (exercise_id, ordinal, at_ms, duration_s, time_in_zone_s,
  mean_deviation_deg, peak_deviation_deg, path_error_deg, longest_in_zone_s,
  tremor_amplitude_deg, face_lost_pauses, completed, unseen_s, unseen_in_zone_s, felt_side,
  felt_error_deg)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16))sql"),
        insert_sample(db, R"sql(
INSERT OR IGNORE INTO samples (session_id, t_ms, rotation_tenth_deg, tilt_tenth_deg,
  flexion_tenth_deg, quality_pct, face_lost, sensory_trick, tremor_tenth_hz, tremor_tenth_deg,
  calibrated)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11))sql"),
        insert_break(db,
                     "INSERT INTO breaks (session_id, kind, reason, started_ms, duration_ms) "
                     "VALUES (?1, ?2, ?3, ?4, ?5)"),
        insert_note(db,
                    "INSERT INTO notes (patient_id, session_id, at_ms, author, text) "
                    "VALUES (?1, ?2, ?3, ?4, ?5)") {}
  Statement insert_plan, find_plan, insert_session, set_reference, touch_session, end_session, insert_check_in,
      insert_exercise, end_exercise, insert_repetition, insert_sample, insert_break, insert_note;
};

namespace {

template <typename E>
WallMs event_time(const E& e) {
  if constexpr (requires { e.at; }) {
    return e.at;
  } else {
    return e.started + e.duration;
  }
}

int64_t tenths(double value) {
  return static_cast<int64_t>(std::lround(value * 10.0));
}

void check_scale(const char* what, double value, double low, double high) {
  if (!(value >= low && value <= high)) {
    throw std::invalid_argument(
        std::string(what) + " must be between " + std::to_string(static_cast<int>(low)) + " and " +
        std::to_string(static_cast<int>(high)) + ", not " + std::to_string(value));
  }
}

// Constraint-like failures belong to one event: it is dropped and the batch goes on. Any other
// failure (disk full, I/O) keeps the whole batch for the next try.
bool belongs_to_event(const StorageError& e) {
  const int primary = e.sqlite_code() & 0xff;
  return primary == SQLITE_CONSTRAINT || primary == SQLITE_MISMATCH || primary == SQLITE_RANGE;
}

// The bytes the store takes on disk: the file and its log.
std::uintmax_t store_bytes(const std::filesystem::path& file) {
  std::error_code error;
  std::uintmax_t total = 0;
  for (const std::string& name : {file.string(), file.string() + "-wal"}) {
    const auto size = std::filesystem::file_size(name, error);
    if (!error) total += size;
  }
  return total;
}

std::string minutes_text(double minutes) {
  const int whole = static_cast<int>(std::floor(minutes));
  return whole <= 1 ? std::string("about a minute") : "about " + std::to_string(whole) + " minutes";
}

}  // namespace

std::optional<uint64_t> free_disk_bytes(const std::filesystem::path& dir) {
  struct statvfs fs {};
  if (::statvfs(dir.c_str(), &fs) != 0) return std::nullopt;
  return static_cast<uint64_t>(fs.f_bavail) * fs.f_frsize;
}

DiskSpace disk_space(std::optional<uint64_t> free_bytes, double bytes_per_minute,
                     double minutes_wanted) {
  DiskSpace d;
  d.free_bytes = free_bytes;
  d.bytes_per_minute = bytes_per_minute > 0 ? bytes_per_minute : kDefaultBytesPerMinute;
  if (!free_bytes) return d;
  d.minutes_left = static_cast<double>(*free_bytes) / d.bytes_per_minute;
  if (*d.minutes_left < 1.0) {
    d.warning =
        "The disk is full: this session is kept in memory and saved as soon as some "
        "space is freed.";
  } else if (*d.minutes_left < minutes_wanted) {
    d.warning = "The disk is almost full: " + minutes_text(*d.minutes_left) +
                " of practice can still be saved. Free some space; until then the session is "
                "kept in memory and saved when there is room.";
  }
  return d;
}

// ---- the caller's side ----------------------------------------------------------------------

SessionRecorder::SessionRecorder(const std::filesystem::path& data_dir, RecorderOptions options)
    : options_(std::move(options)),
      data_dir_(data_dir),
      store_(std::make_unique<SessionStore>(data_dir, SessionStore::Mode::record)) {
  if (!(options_.sample_rate_hz > 0)) {
    throw std::invalid_argument("the sample rate must be above 0 per second");
  }
  open_notices_ = store_->notices();
  prepared_ = std::make_unique<Prepared>(store_->database());
  writer_ = std::thread([this] { writer_loop(); });
}

SessionRecorder::~SessionRecorder() {
  if (session_open_) end_session(EndReason::interrupted);
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_writer_.notify_one();
  writer_.join();
}

Patient SessionRecorder::find_or_add_patient(const std::string& pseudonym,
                                             const std::string& display_name, WallMs now_ms) {
  // Its own short-lived connection: the writer thread's is never shared.
  SessionStore store(data_dir_);
  if (auto found = store.find_patient(pseudonym)) return *found;
  return store.add_patient(pseudonym, display_name, now_ms);
}

WallMs SessionRecorder::now() const {
  if (options_.clock) return options_.clock();
  return wall_clock_ms();
}

void SessionRecorder::push(Event event) {
  const bool urgent = std::holds_alternative<EndSession>(event);
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(event));
    ++queued_count_;
  }
  if (urgent) wake_writer_.notify_one();
}

void SessionRecorder::begin_session(const SessionStart& start) {
  if (session_open_) throw std::logic_error("begin_session: a session is already in progress");
  if (start.patient_id <= 0) throw std::invalid_argument("begin_session: no patient chosen");
  session_open_ = true;
  exercise_open_ = false;
  session_start_ms_ = now();
  first_sample_time_s_.reset();
  next_sample_due_s_ = 0.0;
  push(BeginSession{start, session_start_ms_});
}

void SessionRecorder::check_in(const CheckIn& check_in) {
  if (!session_open_) throw std::logic_error("check_in: no session in progress");
  check_scale("pain", check_in.pain, 0, 10);
  check_scale("fatigue", check_in.fatigue, 0, 10);
  push(CheckInEvent{check_in, now()});
}

void SessionRecorder::set_reference(const SessionReference& reference) {
  if (!session_open_) throw std::logic_error("set_reference: no session in progress");
  push(ReferenceEvent{reference, now()});
}

void SessionRecorder::begin_exercise(const ExerciseStart& exercise) {
  if (!session_open_) throw std::logic_error("begin_exercise: no session in progress");
  if (exercise_open_) throw std::logic_error("begin_exercise: the previous set has not ended");
  exercise_open_ = true;
  push(BeginExercise{exercise, now()});
}

void SessionRecorder::add_repetition(const RepetitionResult& repetition) {
  if (!exercise_open_) throw std::logic_error("add_repetition: no set in progress");
  if (repetition.felt_side && *repetition.felt_side != 1 && *repetition.felt_side != -1)
    throw std::invalid_argument("add_repetition: a felt-midline trial's side is +1 or -1, not " +
                                std::to_string(*repetition.felt_side));
  if (!(repetition.unseen_s.value_or(0.0) >= 0.0 && repetition.unseen_in_zone_s.value_or(0.0) >= 0.0))
    throw std::invalid_argument("add_repetition: time without the scene cannot be negative");
  push(Repetition{repetition, now()});
}

void SessionRecorder::end_exercise(std::optional<double> borg_effort) {
  if (!exercise_open_) throw std::logic_error("end_exercise: no set in progress");
  if (borg_effort) check_scale("Borg CR10 effort", *borg_effort, 0, 10);
  exercise_open_ = false;
  push(EndExercise{borg_effort, now()});
}

void SessionRecorder::add_sample(const HeadSample& sample) {
  if (!session_open_) return;
  if (!first_sample_time_s_ || sample.time_s < *first_sample_time_s_) {
    // The first sample (or a restarted source): anchor its clock to the session's.
    first_sample_time_s_ = sample.time_s;
    first_sample_offset_s_ = static_cast<double>(now() - session_start_ms_) / 1000.0;
    next_sample_due_s_ = 0.0;
  }
  const double t_s = first_sample_offset_s_ + (sample.time_s - *first_sample_time_s_);
  if (t_s < next_sample_due_s_) return;
  const double period_s = 1.0 / options_.sample_rate_hz;
  next_sample_due_s_ =
      t_s > next_sample_due_s_ + period_s ? t_s + period_s : next_sample_due_s_ + period_s;
  StoredSample stored;
  stored.t_s = t_s;
  if (sample.face) {  // a lost face is kept as angles 0 with face_lost set, as stores always had it
    stored.rotation_deg = sample.face->angles.rotation_deg;
    stored.tilt_deg = sample.face->angles.tilt_deg;
    stored.flexion_deg = sample.face->angles.flexion_deg;
    stored.sensory_trick = sample.face->lower_face_covered;
  }
  stored.quality = sample.quality;
  stored.face_lost = !sample.face;
  stored.calibrated = sample.calibrated;
  if (sample.tremor.present) {
    stored.tremor_hz = sample.tremor.frequency_hz;
    stored.tremor_amplitude_deg = sample.tremor.amplitude_deg;
  }
  push(Sample{stored, session_start_ms_ + static_cast<WallMs>(t_s * 1000.0)});
}

void SessionRecorder::add_break(BreakKind kind, const std::string& reason, double duration_s) {
  if (!session_open_) throw std::logic_error("add_break: no session in progress");
  if (!(duration_s >= 0)) throw std::invalid_argument("add_break: a negative duration");
  const WallMs end = now();
  const auto duration = static_cast<WallMs>(duration_s * 1000.0);
  push(Break{kind, reason, end - duration, duration});
}

void SessionRecorder::add_note(const std::string& author, const std::string& text) {
  if (!session_open_) throw std::logic_error("add_note: no session in progress");
  push(NoteEvent{author, text, now()});
}

void SessionRecorder::end_session(EndReason reason) {
  if (!session_open_) throw std::logic_error("end_session: no session in progress");
  session_open_ = false;
  exercise_open_ = false;
  push(EndSession{reason, now()});
}

bool SessionRecorder::flush(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  const uint64_t target = queued_count_;
  flush_requested_ = true;
  wake_writer_.notify_one();
  return batch_written_.wait_for(lock, timeout, [&] { return written_count_ >= target; });
}

std::optional<int64_t> SessionRecorder::session_id() const {
  std::lock_guard lock(mutex_);
  return session_id_;
}

std::string SessionRecorder::last_error() const {
  std::lock_guard lock(mutex_);
  return last_error_;
}

DiskSpace SessionRecorder::disk() const {
  std::lock_guard lock(mutex_);
  return disk_;
}

// ---- the writer thread ----------------------------------------------------------------------

void SessionRecorder::writer_loop() {
  std::vector<Event> batch, incoming;
  int failed_tries_while_stopping = 0;
  for (;;) {
    bool stop = false;
    {
      std::unique_lock lock(mutex_);
      wake_writer_.wait_for(lock, options_.commit_interval,
                            [&] { return stopping_ || flush_requested_; });
      flush_requested_ = false;
      stop = stopping_;
      incoming.swap(queue_);  // the caller keeps pushing into the emptied vector
    }
    for (Event& e : incoming) batch.push_back(std::move(e));
    incoming.clear();

    std::string error;
    size_t written = 0;
    bool began_session = false;
    if (!batch.empty()) {
      WriterState state = writer_state_;
      began_session = std::any_of(batch.begin(), batch.end(), [](const Event& e) {
        return std::holds_alternative<BeginSession>(e);
      });
      try {
        if (!store_) {  // a damaged file was set aside and the new one could not be opened
          store_ = std::make_unique<SessionStore>(data_dir_, SessionStore::Mode::record);
          prepared_ = std::make_unique<Prepared>(store_->database());
        }
        if (options_.before_each_batch) options_.before_each_batch(store_->database());
        error = write_batch(batch, state);  // events dropped as invalid, if any
        writer_state_ = state;
        written = batch.size() - replayed_in_batch_;  // replayed events were counted before
        replayed_in_batch_ = 0;
        keep_session_events(batch);
        batch.clear();
      } catch (const StorageError& e) {
        // The batch stays for the next try; on a full disk, until space is freed. A file found
        // damaged is set aside and the session goes on in a new one.
        if (e.is_corruption()) {
          error = start_fresh_store(batch, e.what());
        } else
          error = (e.sqlite_code() & 0xff) == SQLITE_FULL
                      ? "The disk is full: this session is kept in memory and saved as soon as "
                        "space is freed (" +
                            std::string(e.what()) + ")"
                      : e.what();
      } catch (const std::exception& e) {
        error = e.what();  // the batch stays for the next try
      }
    }
    // Room left, at the rate this session writes once it has run a minute.
    const auto now_steady = std::chrono::steady_clock::now();
    const std::uintmax_t bytes = store_bytes(SessionStore::database_file(data_dir_));
    if (began_session) {
      bytes_at_session_start_ = bytes;
      session_started_at_ = now_steady;
    }
    const double minutes =
        std::chrono::duration<double, std::ratio<60>>(now_steady - session_started_at_).count();
    const double rate =
        writer_state_.session_id && minutes >= 1.0 && bytes > bytes_at_session_start_
            ? static_cast<double>(bytes - bytes_at_session_start_) / minutes
            : 0.0;
    const auto free_bytes =
        options_.free_space ? options_.free_space(data_dir_) : free_disk_bytes(data_dir_);
    DiskSpace disk = disk_space(free_bytes, rate, options_.session_minutes);
    {
      std::lock_guard lock(mutex_);
      disk_ = std::move(disk);
      written_count_ += written;
      session_id_ = writer_state_.recent_session_id;
      if (!error.empty()) {
        last_error_ = error;
      } else if (written > 0) {
        last_error_.clear();  // the disk is writable again
      }
    }
    batch_written_.notify_all();
    if (stop && (batch.empty() || ++failed_tries_while_stopping > 3)) break;
  }
}

void SessionRecorder::keep_session_events(const std::vector<Event>& written) {
  for (const Event& e : written) {
    if (std::holds_alternative<EndSession>(e)) {
      session_events_.clear();  // the session is over and whole in the store
    } else if (std::holds_alternative<BeginSession>(e) || !session_events_.empty()) {
      session_events_.push_back(e);
    }
  }
}

std::string SessionRecorder::start_fresh_store(std::vector<Event>& batch, const std::string& why) {
  // What can still be read of the players, so they are there in the new store.
  std::vector<Patient> players;
  if (store_) {
    try {
      players = store_->patients();
    } catch (const StorageError&) {
    }
  }
  if (writer_state_.patient && std::none_of(players.begin(), players.end(), [&](const Patient& p) {
        return p.id == writer_state_.patient->id;
      })) {
    players.push_back(*writer_state_.patient);
  }
  prepared_.reset();
  store_.reset();
  const std::filesystem::path file = SessionStore::database_file(data_dir_);
  try {
    const std::filesystem::path aside = set_aside(file);
    store_ = std::make_unique<SessionStore>(data_dir_, SessionStore::Mode::record);
    Database& db = store_->database();
    Statement insert(db,
                     "INSERT OR IGNORE INTO patients (id, pseudonym, display_name, created_ms) "
                     "VALUES (?1, ?2, ?3, ?4)");
    for (const Patient& p : players) {
      insert.bind(1, p.id).bind(2, p.pseudonym).bind(3, p.display_name).bind(4, p.created_ms);
      insert.run();
    }
    prepared_ = std::make_unique<Prepared>(db);
    // The session so far is written again, into the new store, ahead of what is queued.
    replayed_in_batch_ = session_events_.size();
    batch.insert(batch.begin(), session_events_.begin(), session_events_.end());
    session_events_.clear();
    writer_state_ = WriterState{};
    const std::string notice = set_aside_notice(file, aside, why);
    std::lock_guard lock(mutex_);
    notices_.push_back(notice);
    return notice;
  } catch (const StorageError& e) {
    store_.reset();
    prepared_.reset();
    return "The session file " + file.string() + " is damaged (" + why +
           ") and a new one could not be started: " + e.what() +
           ". This session is kept in memory meanwhile.";
  }
}

std::vector<std::string> SessionRecorder::notices() const {
  std::lock_guard lock(mutex_);
  return notices_;
}

std::string SessionRecorder::write_batch(std::vector<Event>& batch, WriterState& state) {
  Database& db = store_->database();
  Transaction transaction(db);
  std::string dropped;
  for (const Event& event : batch) {
    db.execute("SAVEPOINT event");
    try {
      write(event, state);
      db.execute("RELEASE event");
    } catch (const StorageError& e) {
      // Some failures (a full disk, I/O) end the whole transaction: then the batch is kept
      // and this error is the one to tell.
      if (sqlite3_get_autocommit(db.handle())) throw;
      db.execute("ROLLBACK TO event");
      db.execute("RELEASE event");
      if (!belongs_to_event(e)) throw;
      dropped = e.what();
    }
  }
  if (state.session_id && state.last_activity > 0) {
    prepared_->touch_session.bind(1, *state.session_id).bind(2, state.last_activity).run();
  }
  transaction.commit();
  return dropped.empty() ? std::string() : "an event was not recorded: " + dropped;
}

void SessionRecorder::write(const Event& event, WriterState& state) {
  Prepared& p = *prepared_;
  std::visit(
      [&](const auto& e) {
        using T = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<T, BeginSession>) {
          std::optional<int64_t> plan_id;
          if (!e.start.plan_key.empty()) {
            p.insert_plan.bind(1, e.start.plan_key).bind(2, e.start.plan_name).run();
            p.find_plan.bind(1, e.start.plan_key);
            if (p.find_plan.step()) plan_id = p.find_plan.column_int(0);
            p.find_plan.reset();
          }
          p.insert_session.bind(1, e.start.patient_id).bind(2, plan_id);
          p.insert_session.bind(3, e.start.supervised).bind(4, e.at);
          p.insert_session.bind(5, e.start.plan_version).run();
          state = WriterState{};
          state.session_id = state.recent_session_id = store_->database().last_insert_id();
          state.patient_id = e.start.patient_id;
          state.patient = store_->patient(e.start.patient_id);  // kept for a new store
          state.last_activity = e.at;
          return;
        }
        if (!state.session_id) return;  // its session was never created; already reported
        const int64_t session = *state.session_id;
        if constexpr (std::is_same_v<T, Sample>) {
          const StoredSample& s = e.sample;
          p.insert_sample.bind(1, session).bind(2, static_cast<int64_t>(std::lround(s.t_s * 1000)));
          p.insert_sample.bind(3, tenths(s.rotation_deg)).bind(4, tenths(s.tilt_deg));
          p.insert_sample.bind(5, tenths(s.flexion_deg));
          p.insert_sample.bind(6, static_cast<int64_t>(std::lround(s.quality * 100)));
          p.insert_sample.bind(7, s.face_lost).bind(8, s.sensory_trick);
          p.insert_sample.bind(9, s.tremor_hz ? std::optional(tenths(*s.tremor_hz)) : std::nullopt);
          p.insert_sample.bind(10, s.tremor_amplitude_deg
                                       ? std::optional(tenths(*s.tremor_amplitude_deg))
                                       : std::nullopt);
          p.insert_sample.bind(11, s.calibrated);
          p.insert_sample.run();
        } else if constexpr (std::is_same_v<T, CheckInEvent>) {
          p.insert_check_in.bind(1, session).bind(2, to_string(e.check_in.phase));
          p.insert_check_in.bind(3, e.check_in.pain).bind(4, e.check_in.fatigue).bind(5, e.at);
          p.insert_check_in.run();
        } else if constexpr (std::is_same_v<T, BeginExercise>) {
          p.insert_exercise.bind(1, session).bind(2, ++state.exercise_ordinal);
          p.insert_exercise.bind(3, e.exercise.exercise_type).bind(4, e.exercise.level_id);
          p.insert_exercise.bind(5, e.at).run();
          state.exercise_id = store_->database().last_insert_id();
          state.repetition_ordinal = 0;
        } else if constexpr (std::is_same_v<T, Repetition>) {
          if (!state.exercise_id) return;
          const RepetitionResult& r = e.result;
          auto& q = p.insert_repetition;
          q.bind(1, *state.exercise_id).bind(2, ++state.repetition_ordinal).bind(3, e.at);
          q.bind(4, r.duration_s).bind(5, r.time_in_zone_s).bind(6, r.mean_deviation_deg);
          q.bind(7, r.peak_deviation_deg).bind(8, r.path_error_deg).bind(9, r.longest_in_zone_s);
          q.bind(10, r.tremor_amplitude_deg).bind(11, r.face_lost_pauses).bind(12, r.completed);
          q.bind(13, r.unseen_s).bind(14, r.unseen_in_zone_s).bind(15, r.felt_side);
          q.bind(16, r.felt_error_deg);
          q.run();
        } else if constexpr (std::is_same_v<T, EndExercise>) {
          if (!state.exercise_id) return;
          p.end_exercise.bind(1, *state.exercise_id).bind(2, e.at).bind(3, e.borg).run();
          state.exercise_id.reset();
        } else if constexpr (std::is_same_v<T, Break>) {
          p.insert_break.bind(1, session).bind(2, to_string(e.kind)).bind(3, e.reason);
          p.insert_break.bind(4, e.started).bind(5, e.duration).run();
        } else if constexpr (std::is_same_v<T, ReferenceEvent>) {
          const SessionReference& r = e.reference;
          auto& q = p.set_reference;
          q.bind(1, session);
          auto bind_angles = [&](int first, const std::optional<HeadAngles>& a) {
            q.bind(first, a ? std::optional(a->rotation_deg) : std::nullopt);
            q.bind(first + 1, a ? std::optional(a->tilt_deg) : std::nullopt);
            q.bind(first + 2, a ? std::optional(a->flexion_deg) : std::nullopt);
          };
          bind_angles(2, r.resting_posture);
          q.bind(5, r.flexion_zero_deg);
          bind_angles(6, r.target);
          q.bind(9, r.resting_posture_rough);
          q.run();
        } else if constexpr (std::is_same_v<T, NoteEvent>) {
          p.insert_note.bind(1, *state.patient_id).bind(2, session).bind(3, e.at);
          p.insert_note.bind(4, e.author).bind(5, e.text).run();
        } else if constexpr (std::is_same_v<T, EndSession>) {
          if (state.exercise_id) {
            p.end_exercise.bind(1, *state.exercise_id).bind(2, e.at).bind_null(3).run();
          }
          p.end_session.bind(1, session).bind(2, e.at).bind(3, to_string(e.reason)).run();
          store_->update_indicators(session);
          const auto recent = state.recent_session_id;
          const auto patient = state.patient;
          state = WriterState{};
          state.recent_session_id = recent;
          state.patient = patient;
          return;
        }
        state.last_activity = std::max(state.last_activity, event_time(e));
      },
      event);
}

}  // namespace midline::storage
