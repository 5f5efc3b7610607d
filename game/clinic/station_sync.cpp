#include "clinic/station_sync.hpp"

#include <sodium.h>

#include <cmath>
#include <cstdio>
#include <map>

#include "clinic/clinic_plans.hpp"
#include "export/fhir_export.hpp"
#include "storage/calendar.hpp"
#include "storage/private_folder.hpp"
#include "storage/progress.hpp"
#include "storage/session_store.hpp"

namespace midline::clinic {
namespace {

namespace fs = std::filesystem;
using storage::Statement;

// A random (version 4) UUID, made here: the session's key on the clinic's server.
std::string new_uuid() {
  unsigned char b[16];
  randombytes_buf(b, sizeof b);
  b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);
  char text[37];
  std::snprintf(text, sizeof text,
                "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0],
                b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
                b[14], b[15]);
  return text;
}

PgParam number(int64_t value) { return std::to_string(value); }
PgParam number(double value) {
  char text[40];
  std::snprintf(text, sizeof text, "%.9g", value);
  return std::string(text);
}
template <typename T>
PgParam number(const std::optional<T>& value) {
  return value ? number(*value) : PgParam();
}
PgParam flag(bool value) { return std::string(value ? "true" : "false"); }

// Every ended session of `patient` gets its outbox row (and UUID) once.
void queue_ended_sessions(storage::Database& db, int64_t patient_id) {
  Statement queue(db,
                  "SELECT id FROM sessions WHERE patient_id = ?1 AND end_reason IS NOT NULL "
                  "AND id NOT IN (SELECT session_id FROM clinic_outbox) ORDER BY started_ms");
  queue.bind(1, patient_id);
  std::vector<int64_t> ids;
  while (queue.step()) ids.push_back(queue.column_int(0));
  if (ids.empty()) return;
  storage::Transaction transaction(db);
  Statement insert(db, "INSERT INTO clinic_outbox (session_id, session_uuid) VALUES (?1, ?2)");
  for (const int64_t id : ids) insert.bind(1, id).bind(2, new_uuid()).run();
  transaction.commit();
}

struct Waiting {
  int64_t session_id;
  std::string uuid;
  std::optional<int64_t> plan_version;
};

std::vector<Waiting> waiting_sessions(storage::Database& db, int64_t patient_id) {
  Statement query(db,
                  "SELECT o.session_id, o.session_uuid, s.plan_version FROM clinic_outbox o "
                  "JOIN sessions s ON s.id = o.session_id "
                  "WHERE s.patient_id = ?1 AND o.sent_ms IS NULL ORDER BY s.started_ms");
  query.bind(1, patient_id);
  std::vector<Waiting> out;
  while (query.step())
    out.push_back({query.column_int(0), query.column_text(1), query.column_optional_int(2)});
  return out;
}

void note_sync(storage::Database& db, storage::WallMs at, const SyncReport& report) {
  Statement insert(db,
                   "INSERT INTO clinic_syncs (at_ms, clock_offset_ms, sessions_sent, problem, "
                   "problem_kind) VALUES (?1, ?2, ?3, ?4, ?5)");
  insert.bind(1, at).bind(2, report.clock_offset_ms).bind(3, report.sent);
  insert.bind(4, report.problem ? std::string(report.problem->what()) : std::string());
  insert.bind(5, report.problem ? to_string(report.problem->kind()) : "").run();
}

// One session, in the transaction the caller holds. Returns false when the clinic already had it.
bool send_session(PgConnection& pg, storage::SessionStore& store, const std::string& pseudonym,
                  const Waiting& w, const storage::SessionRecord& s,
                  const storage::SessionFigures& f, const nlohmann::json& fhir,
                  int64_t clock_offset_ms) {
  const PgResult inserted = pg.exec(
      "INSERT INTO midline.sessions (session_uuid, pseudonym, station_clock_offset_ms, "
      "station_started_ms, station_ended_ms, end_reason, supervised, plan_name, plan_version, "
      "practice_minutes, pain_before, pain_after, fatigue_before, fatigue_after, exercise_count, "
      "repetition_count, mean_borg_effort, calm_zone_percent, longest_steady_hold_s, fhir) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, "
      "$19, $20::jsonb) ON CONFLICT DO NOTHING",  // no target: that would need SELECT rights
      {w.uuid, pseudonym, number(clock_offset_ms), number(s.started_ms), number(s.ended_ms),
       std::string(to_string(*s.end_reason)), flag(s.supervised), s.plan_name,
       number(w.plan_version), number(f.practice_minutes),
       number(std::optional<int64_t>(s.pain_before)), number(std::optional<int64_t>(s.pain_after)),
       number(std::optional<int64_t>(s.fatigue_before)),
       number(std::optional<int64_t>(s.fatigue_after)), number(int64_t{s.exercises}),
       number(int64_t{f.repetitions}), number(s.mean_borg_effort), number(f.calm_zone_percent),
       number(f.longest_steady_hold_s), fhir.dump()});
  if (inserted.affected_rows() == 0) return false;

  const std::pair<const char*, std::pair<std::optional<int>, std::optional<int>>> check_ins[] = {
      {"before", {s.pain_before, s.fatigue_before}}, {"after", {s.pain_after, s.fatigue_after}}};
  for (const auto& [phase, answers] : check_ins) {
    if (!answers.first || !answers.second) continue;
    pg.exec("INSERT INTO midline.check_ins (session_uuid, pseudonym, phase, pain, fatigue) "
            "VALUES ($1, $2, $3, $4, $5)",
            {w.uuid, pseudonym, std::string(phase), number(int64_t{*answers.first}),
             number(int64_t{*answers.second})});
  }
  for (const storage::ExerciseRecord& e : store.exercises(s.id)) {
    pg.exec("INSERT INTO midline.exercises (session_uuid, pseudonym, ordinal, exercise_type, "
            "level_id, station_started_ms, station_ended_ms, borg_effort) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            {w.uuid, pseudonym, number(int64_t{e.ordinal}), e.exercise_type, e.level_id,
             number(e.started_ms), number(e.ended_ms), number(e.borg_effort)});
    int ordinal = 0;
    for (const storage::RepetitionResult& r : e.repetitions) {
      pg.exec("INSERT INTO midline.repetitions (session_uuid, pseudonym, exercise_ordinal, "
              "ordinal, duration_s, time_in_zone_s, mean_deviation_deg, peak_deviation_deg, "
              "path_error_deg, longest_in_zone_s, tremor_amplitude_deg, face_lost_pauses, "
              "completed) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
              {w.uuid, pseudonym, number(int64_t{e.ordinal}), number(int64_t{++ordinal}),
               number(r.duration_s), number(r.time_in_zone_s), number(r.mean_deviation_deg),
               number(r.peak_deviation_deg), number(r.path_error_deg),
               number(r.longest_in_zone_s), number(r.tremor_amplitude_deg),
               number(int64_t{r.face_lost_pauses}), flag(r.completed)});
    }
  }
  int note_ordinal = 0;
  for (const storage::Note& n : store.notes(s.patient_id)) {
    if (n.session_id != s.id) continue;  // notes about the patient, not this session, stay
    pg.exec("INSERT INTO midline.notes (session_uuid, pseudonym, ordinal, station_written_ms, "
            "author, text) VALUES ($1, $2, $3, $4, $5, $6)",
            {w.uuid, pseudonym, number(int64_t{++note_ordinal}), number(n.at_ms), n.author, n.text});
  }
  if (s.indicators) {
    const storage::SessionIndicators& i = *s.indicators;
    pg.exec("INSERT INTO midline.session_indicators (session_uuid, pseudonym, rotation_left_deg, "
            "rotation_right_deg, tilt_left_deg, tilt_right_deg, flexion_deg, extension_deg, "
            "tremor_hz, tremor_amplitude_deg, sensory_trick_count, tracked_s) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
            {w.uuid, pseudonym, number(i.rotation_left_deg), number(i.rotation_right_deg),
             number(i.tilt_left_deg), number(i.tilt_right_deg), number(i.flexion_deg),
             number(i.extension_deg), number(i.tremor_hz), number(i.tremor_amplitude_deg),
             number(int64_t{i.sensory_trick_count}), number(i.tracked_s)});
  }
  return true;
}

// Keeps a plan version newer than any received, to be applied at the next session start.
std::optional<int64_t> keep_newer_plan(storage::Database& db, int64_t patient_id,
                                       const PlanVersion& plan, storage::WallMs now_ms) {
  Statement newest(db, "SELECT max(version) FROM clinic_plans WHERE patient_id = ?1");
  newest.bind(1, patient_id);
  const std::optional<int64_t> have = newest.step() ? newest.column_optional_int(0) : std::nullopt;
  if (have && *have >= plan.version) return std::nullopt;
  Statement insert(db,
                   "INSERT INTO clinic_plans (patient_id, version, plan_toml, author, received_ms) "
                   "VALUES (?1, ?2, ?3, ?4, ?5)");
  insert.bind(1, patient_id).bind(2, plan.version).bind(3, plan.plan_toml).bind(4, plan.author);
  insert.bind(5, now_ms).run();
  return plan.version;
}

}  // namespace

fs::path station_connection_file(const fs::path& data_dir) { return data_dir / "clinic.toml"; }

storage::Patient station_patient(storage::SessionStore& store, const std::string& pseudonym,
                                 storage::WallMs now_ms) {
  if (auto patient = store.find_patient(pseudonym)) return *patient;
  return store.add_patient(pseudonym, "", now_ms);  // named by the first player (SessionLog)
}

ClinicConnection enrol_station(const fs::path& connection_file, const fs::path& data_dir,
                               storage::WallMs now_ms) {
  ClinicConnection connection = read_connection_file(connection_file);
  if (!connection.patient)
    throw ClinicError(ClinicError::Kind::invalid,
                      "the connection file " + connection_file.string() +
                          " names no patient: it is not a station's (made by `midline clinic "
                          "add-station`)");
  try {
    storage::make_private_folder(data_dir);
  } catch (const storage::StorageError& e) {
    throw ClinicError(ClinicError::Kind::invalid, e.what());
  }
  write_private_file(station_connection_file(data_dir), connection_to_toml(connection));
  try {  // the patient now, so that the first sync can fetch their plan before any session
    storage::SessionStore store(data_dir, storage::SessionStore::Mode::read);
    station_patient(store, *connection.patient, now_ms);
  } catch (const std::exception& e) {
    throw ClinicError(ClinicError::Kind::invalid,
                      "the station's connection is kept, but its patient could not be added to "
                      "the session store in " + data_dir.string() + ": " + e.what());
  }
  return connection;
}

std::vector<std::string> SyncReport::said() const {
  std::vector<std::string> lines;
  const auto sessions = [](int n) { return std::to_string(n) + (n == 1 ? " session" : " sessions"); };
  if (sent > 0 || (!problem && already_there == 0))
    lines.push_back("Sent " + sessions(sent) + " of " + pseudonym + " to the clinic.");
  if (already_there > 0)
    lines.push_back(sessions(already_there) + " the clinic already had (an earlier sync's) " +
                    (already_there == 1 ? "is" : "are") + " now marked sent.");
  if (new_plan_version)
    lines.push_back("Received plan version " + std::to_string(*new_plan_version) +
                    "; it applies at the next session start.");
  if (clock_offset_ms && std::llabs(*clock_offset_ms) > 5 * 60 * 1000)
    lines.push_back("This computer's clock is " + std::to_string(std::llabs(*clock_offset_ms) / 60000) +
                    " minutes " + (*clock_offset_ms > 0 ? "ahead of" : "behind") +
                    " the clinic's; the clinic orders sessions by its own clock.");
  if (waiting > 0) lines.push_back(sessions(waiting) + " not sent yet; the next sync tries again.");
  return lines;
}

SyncReport sync_station(const fs::path& data_dir, const SyncOptions& options) {
  SyncReport report;
  const fs::path file = station_connection_file(data_dir);
  if (!fs::exists(file)) {
    report.problem = ClinicError(ClinicError::Kind::invalid,
                                 "this station follows no clinic yet (no " + file.string() +
                                     "): enrol it with `midline clinic enrol station.toml`");
    return report;
  }
  ClinicConnection connection;
  try {
    connection = read_connection_file(file);
  } catch (const ClinicError& e) {
    report.problem = e;
    return report;
  }
  report.pseudonym = connection.patient.value_or("");
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not start");
  // A brand-new station (nothing recorded yet) syncs too: its patient's plan comes before the
  // first session.
  storage::SessionStore store(data_dir, storage::SessionStore::Mode::read);
  storage::Database& db = store.database();
  const std::optional<storage::Patient> patient =
      station_patient(store, report.pseudonym, options.now_ms);
  queue_ended_sessions(db, patient->id);
  const std::vector<Waiting> waiting = waiting_sessions(db, patient->id);
  report.waiting = static_cast<int>(waiting.size());
  try {
    const std::unique_ptr<PgConnection> pg = connect(connection, options.timeout_s);
    const int64_t server_ms =
        pg->exec("SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint").integer(0, 0);
    report.clock_offset_ms = options.now_ms - server_ms;
    pg->exec("INSERT INTO midline.syncs (pseudonym, station_clock_offset_ms) VALUES ($1, $2)",
             {report.pseudonym, number(*report.clock_offset_ms)});
    if (!waiting.empty()) {
      const storage::ProgressData data = storage::load_progress(store, *patient);
      const auto bundles = exporting::fhir_session_bundles(store, data, options.now_ms);
      std::map<int64_t, size_t> index;
      for (size_t k = 0; k < data.sessions.size(); ++k) index[data.sessions[k].id] = k;
      Statement mark(db, "UPDATE clinic_outbox SET sent_ms = ?2 WHERE session_id = ?1");
      for (const Waiting& w : waiting) {
        const size_t k = index.at(w.session_id);
        bool stored = false;
        {
          PgTransaction transaction(*pg);
          stored = send_session(*pg, store, report.pseudonym, w, data.sessions[k],
                                data.figures[k], bundles.at(w.session_id), *report.clock_offset_ms);
          if (options.before_commit) options.before_commit();
          transaction.commit();
        }
        mark.bind(1, w.session_id).bind(2, options.now_ms).run();  // only after COMMIT
        ++(stored ? report.sent : report.already_there);
        --report.waiting;
      }
    }
    if (const auto plan = newest_plan(*pg, report.pseudonym))
      report.new_plan_version = keep_newer_plan(db, patient->id, *plan, options.now_ms);
  } catch (const ClinicError& e) {
    report.problem = e;
  }
  note_sync(db, options.now_ms, report);
  return report;
}

std::string home_page_line(const SyncStatus& status, bool syncing, storage::WallMs now_ms) {
  if (!status.enrolled) return "";
  if (syncing) return "Sending to your clinic...";
  if (status.waiting > 0 && status.last_problem_kind) {
    switch (*status.last_problem_kind) {
      case ClinicError::Kind::no_connection: return "Not sent yet: no connection";
      case ClinicError::Kind::bad_certificate:
        return "Not sent yet: the clinic's server could not be checked; please tell your clinic";
      case ClinicError::Kind::refused:
        return "Not sent yet: the clinic did not accept this computer; please tell your clinic";
      default: return "Not sent yet: please tell your clinic";
    }
  }
  if (status.waiting > 0) return "Not sent yet";
  if (!status.last_sent_ms) return "";
  const int64_t days = storage::local_day_number(now_ms) - storage::local_day_number(*status.last_sent_ms);
  if (days <= 0) return "Sent to your clinic today";
  if (days == 1) return "Sent to your clinic yesterday";
  return "Sent to your clinic " + std::to_string(days) + " days ago";
}

SyncStatus sync_status(const fs::path& data_dir) {
  SyncStatus status;
  status.enrolled = fs::exists(station_connection_file(data_dir));
  if (!status.enrolled || !fs::exists(storage::SessionStore::database_file(data_dir))) return status;
  storage::SessionStore store(data_dir, storage::SessionStore::Mode::inspect);
  storage::Database& db = store.database();
  Statement sent(db, "SELECT max(sent_ms), count(*) - count(sent_ms) FROM clinic_outbox");
  if (sent.step()) {
    status.last_sent_ms = sent.column_optional_int(0);
    status.waiting = static_cast<int>(sent.column_int(1));
  }
  Statement last(db, "SELECT problem, problem_kind FROM clinic_syncs ORDER BY id DESC LIMIT 1");
  if (last.step()) {
    status.last_problem = last.column_text(0);
    if (!status.last_problem.empty()) status.last_problem_kind = error_kind_from(last.column_text(1));
  }
  return status;
}

BackgroundSync::BackgroundSync(fs::path data_dir, std::function<storage::WallMs()> clock)
    : data_dir_(std::move(data_dir)), clock_(std::move(clock)) {
  if (!clock_) clock_ = storage::wall_clock_ms;
  try {
    status_ = sync_status(data_dir_);
  } catch (const std::exception&) {  // an unreadable store: the game says so elsewhere
  }
  thread_ = std::thread([this] { run(); });
}

BackgroundSync::~BackgroundSync() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void BackgroundSync::request() {
  {
    std::lock_guard lock(mutex_);
    requested_ = true;
  }
  wake_.notify_all();
}

AppliedPlan BackgroundSync::apply_plan_at_session_start(const std::string& pseudonym) {
  return apply_newest_plan(data_dir_, pseudonym, clock_());
}

std::pair<SyncStatus, bool> BackgroundSync::status() const {
  std::lock_guard lock(mutex_);
  return {status_, syncing_};
}

std::string BackgroundSync::home_page_line() const {
  const auto [status, syncing] = this->status();
  return clinic::home_page_line(status, syncing, clock_());
}

int BackgroundSync::syncs_done() const {
  std::lock_guard lock(mutex_);
  return done_;
}

void BackgroundSync::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return requested_ || stopping_; });
    if (stopping_) return;
    requested_ = false;
    if (!status_.enrolled && !fs::exists(station_connection_file(data_dir_))) {
      ++done_;
      continue;  // follows no clinic: nothing to do, no thread work beyond this
    }
    syncing_ = true;
    lock.unlock();  // the sync itself runs outside the lock: status() never waits for it
    SyncStatus after;
    try {
      SyncOptions options;
      options.now_ms = clock_();
      options.timeout_s = 5;
      sync_station(data_dir_, options);
      after = sync_status(data_dir_);
    } catch (const std::exception& e) {  // the store could not be opened: said by the game
      after.enrolled = true;
      after.last_problem = e.what();
    }
    lock.lock();
    status_ = std::move(after);
    syncing_ = false;
    ++done_;
  }
}

}  // namespace midline::clinic
