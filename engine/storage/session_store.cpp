#include "storage/session_store.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <map>
#include <mutex>
#include <stdexcept>
#include <utility>

#include "storage/calendar.hpp"
#include "storage/schema.hpp"

namespace midline::storage {

// ---- small things -------------------------------------------------------------------------

std::string_view to_string(EndReason reason) {
  switch (reason) {
    case EndReason::finished:
      return "finished";
    case EndReason::stopped_by_patient:
      return "stopped_by_patient";
    case EndReason::stopped_for_fatigue:
      return "stopped_for_fatigue";
    case EndReason::interrupted:
      return "interrupted";
    case EndReason::stopped_by_clinician:
      return "stopped_by_clinician";
    case EndReason::stopped_for_pain:
      return "stopped_for_pain";
    case EndReason::stopped_for_technical:
      return "stopped_for_technical";
  }
  return "interrupted";
}

std::optional<EndReason> end_reason_from(std::string_view text) {
  for (EndReason r : {EndReason::finished, EndReason::stopped_by_patient,
                      EndReason::stopped_for_fatigue, EndReason::interrupted,
                      EndReason::stopped_by_clinician, EndReason::stopped_for_pain,
                      EndReason::stopped_for_technical}) {
    if (to_string(r) == text) return r;
  }
  return std::nullopt;
}

std::string_view to_string(CheckInPhase phase) {
  return phase == CheckInPhase::before ? "before" : "after";
}

std::string_view to_string(AngleReference reference) {
  return reference == AngleReference::body_midline ? "body_midline" : "resting_posture";
}

std::string_view to_string(FlexionZeroSetter setter) {
  return setter == FlexionZeroSetter::therapist ? "therapist" : "patient";
}

std::string_view to_string(BreakKind kind) {
  return kind == BreakKind::rest ? "rest" : "pause";
}

// An advisory lock on a file next to the database: held by the one process recording, so a
// reader (an export while the game runs) never mistakes a live session for a crashed one.
// The kernel releases it when its holder dies, kill -9 included.
class FileLock {
 public:
  // Whether nobody holds the lock now (without creating the lock file or keeping a lock).
  static bool free(const std::filesystem::path& file) {
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return true;
    const bool nobody = ::flock(fd, LOCK_SH | LOCK_NB) == 0;
    ::close(fd);
    return nobody;
  }
  FileLock(const std::filesystem::path& file, bool exclusive)
      : fd_(::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600)) {
    if (fd_ < 0) {
      throw StorageError("cannot create the lock file " + file.string() + ": " +
                         std::strerror(errno));
    }
    held_ = ::flock(fd_, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) == 0;
  }
  ~FileLock() {
    if (fd_ >= 0) ::close(fd_);  // closing releases the lock
  }
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  bool held() const { return held_; }

 private:
  int fd_;
  bool held_ = false;
};

namespace {

namespace fs = std::filesystem;

std::string timestamp_for_file_name() {
  const std::time_t now = std::time(nullptr);
  std::tm t{};
  localtime_r(&now, &t);
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%d-%H%M%S", &t);
  return text;
}

// Creates the data folder, readable by its owner only. The database file itself is only ever
// opened by SQLite: a descriptor of it opened and closed anywhere else in the process would
// drop the process's POSIX locks on it (closing any descriptor does), and another process
// would then take the live write-ahead log for a stale one and remove it.
void prepare_folder(const fs::path& file) {
  const fs::path dir = file.parent_path();
  std::error_code error;
  if (!fs::exists(dir, error)) {
    fs::create_directories(dir, error);
    if (error) {
      throw StorageError("cannot create the data folder " + dir.string() + ": " + error.message());
    }
    fs::permissions(dir, fs::perms::owner_all, error);
  }
}

// Narrows the database file to its owner (0600), by name: SQLite gives the -wal and -shm it
// creates the same mode. Creating it through SQLite leaves the mode to the umask.
void narrow_to_owner(const fs::path& file) {
  struct stat st {};
  if (::stat(file.c_str(), &st) == 0 && (st.st_mode & 0077) != 0) {
    ::chmod(file.c_str(), st.st_mode & 0700);
  }
}

// Which files this process has checked and holds open: the game opens its reader and then its
// recorder on the same file, and one check at start is enough.
class CheckedFiles {
 public:
  static CheckedFiles& instance() {
    static CheckedFiles files;
    return files;
  }
  static std::pair<dev_t, ino_t> key(const fs::path& file) {
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0) return {0, 0};
    return {st.st_dev, st.st_ino};
  }
  bool checked(std::pair<dev_t, ino_t> file) {
    std::lock_guard lock(mutex_);
    return open_.count(file) > 0;
  }
  void hold(std::pair<dev_t, ino_t> file) {
    std::lock_guard lock(mutex_);
    ++open_[file];
  }
  void release(std::pair<dev_t, ino_t> file) {
    std::lock_guard lock(mutex_);
    if (auto it = open_.find(file); it != open_.end() && --it->second == 0) open_.erase(it);
  }

 private:
  std::mutex mutex_;
  std::map<std::pair<dev_t, ino_t>, int> open_;
};

}  // namespace

// Renames `file` (and its -wal and -shm companions) to a name that does not exist yet; never
// replaces anything. Returns the new name of the main file.
fs::path set_aside(const fs::path& file) {
  const std::string stem = file.string() + ".unreadable-" + timestamp_for_file_name();
  for (int n = 0; n < 1000; ++n) {
    const std::string base = n == 0 ? stem : stem + "-" + std::to_string(n);
    if (::renameat2(AT_FDCWD, file.c_str(), AT_FDCWD, base.c_str(), RENAME_NOREPLACE) != 0) {
      if (errno == EEXIST) continue;
      throw StorageError("the session database " + file.string() +
                         " cannot be read and could not be set aside (" + std::strerror(errno) +
                         "); it was left as it is");
    }
    for (const char* companion : {"-wal", "-shm"}) {
      const std::string from = file.string() + companion;
      if (fs::exists(from)) {
        ::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, (base + companion).c_str(), RENAME_NOREPLACE);
      }
    }
    ::unlink((file.string() + ".damaged").c_str());  // the mark was the old file's
    return base;
  }
  throw StorageError("the session database " + file.string() +
                     " cannot be read and there is no free name to set it aside; it was left "
                     "as it is");
}

namespace {

bool is_unusable(const StorageError& e) {
  const int primary = e.sqlite_code() & 0xff;
  return e.is_corruption() || primary == SQLITE_CANTOPEN || primary == SQLITE_READONLY ||
         primary == SQLITE_PERM;
}

}  // namespace

// ---- opening --------------------------------------------------------------------------------

fs::path SessionStore::default_data_dir() {
  const char* xdg = std::getenv("XDG_DATA_HOME");
  if (xdg && *xdg && fs::path(xdg).is_absolute()) return fs::path(xdg) / "midline";
  const char* home = std::getenv("HOME");
  if (!home || !*home) {
    throw StorageError(
        "cannot find the data folder: neither XDG_DATA_HOME nor HOME is set (use --data-dir)");
  }
  return fs::path(home) / ".local" / "share" / "midline";
}

fs::path SessionStore::database_file(const fs::path& data_dir) {
  return data_dir / "midline.db";
}

bool SessionStore::recording_now(const fs::path& data_dir) {
  return !FileLock::free(database_file(data_dir).string() + ".lock");
}

SessionStore::SessionStore(const fs::path& data_dir, Mode mode)
    : file_(database_file(data_dir)), mode_(mode) {
  if (mode_ == Mode::inspect) {
    open_for_inspection();
    return;
  }
  prepare_folder(file_);
  writer_lock_ = std::make_unique<FileLock>(file_.string() + ".lock", true);
  if (mode_ == Mode::record && !writer_lock_->held()) {
    throw StorageError("another Midline is already recording into " + file_.string() +
                       "; close it first");
  }
  open_or_set_aside();
  if (writer_lock_->held()) recover_interrupted_sessions();
  if (mode_ != Mode::record) writer_lock_.reset();  // a reader never blocks the game
}

SessionStore::~SessionStore() {
  db_.reset();
  if (checked_) CheckedFiles::instance().release(*checked_);
}

void SessionStore::open_for_inspection() {
  // Existence by name (stat opens nothing): SQLite would otherwise say only "unable to open".
  struct stat st {};
  if (::stat(file_.c_str(), &st) != 0) {
    throw StorageError(
        "there is no session database at " + file_.string() + ": " + std::strerror(errno),
        SQLITE_CANTOPEN);
  }
  db_ = std::make_unique<Database>(file_, Database::Access::read_only);
  try {
    check_readable();
  } catch (const StorageError& e) {
    // A copy with no -wal beside it, in a folder (or on a medium) this account cannot write:
    // SQLite cannot make the -shm a read-only connection needs. With no log there is nothing
    // in one, and nobody can be writing this copy: read the file as it stands.
    const int primary = e.sqlite_code() & 0xff;
    const std::string wal = file_.string() + "-wal";
    if ((primary != SQLITE_READONLY && primary != SQLITE_CANTOPEN) || ::stat(wal.c_str(), &st) == 0)
      throw;
    db_ = std::make_unique<Database>(file_, Database::Access::read_only_unchanging);
    check_readable();
  }
  check_version();
  if (schema_version(*db_) < kSchemaVersion) {
    // Written by an older Midline and not opened by the game since: read it through a copy in
    // memory brought up to date, so the file itself is never changed.
    auto copy = std::make_unique<Database>(file_, Database::Access::in_memory);
    sqlite3_backup* backup = sqlite3_backup_init(copy->handle(), "main", db_->handle(), "main");
    const int rc = backup ? sqlite3_backup_step(backup, -1) : SQLITE_NOMEM;
    sqlite3_backup_finish(backup);
    if (rc != SQLITE_DONE) db_->fail(rc, "reading it into memory");
    db_ = std::move(copy);
    migrate(*db_);
  }
  // Whether a game is recording now: if not, a session left open was cut short. That is said
  // in what is read (SessionRecord::end_reason), never written.
  nobody_recording_ = !recording_now(file_.parent_path());
}

void SessionStore::check_readable() {
  // Reading the schema first: a file that is not a database fails here, before anything (even
  // the journal mode) is changed in it.
  try {
    Statement check(*db_, "SELECT count(*) FROM sqlite_schema");
    check.step();
  } catch (const StorageError& e) {
    throw StorageError("the session database " + file_.string() +
                           " cannot be read: " + sqlite3_errstr(e.sqlite_code()),
                       e.sqlite_code());
  }
}

void SessionStore::check_version() {
  const int version = schema_version(*db_);
  if (version < 0 || version > kSchemaVersion) {
    throw StorageError(
        "the session database " + file_.string() + " has schema version " +
        std::to_string(version) +
        (version < 0 ? ", which no Midline writes" : ", written by a newer Midline") +
        " (this one knows 0 to " + std::to_string(kSchemaVersion) + "); it was left untouched" +
        (version < 0 ? "" : ": update Midline to open it"));
  }
}

void SessionStore::check_integrity() {
  const auto key = CheckedFiles::key(file_);
  if (CheckedFiles::instance().checked(key)) {  // this process checked it and holds it open
    checked_ = key;
    CheckedFiles::instance().hold(key);
    return;
  }
  // A session left open means the last run ended uncleanly (a crash, a power cut): the full
  // check then, which also compares every index with its table. Otherwise the quicker one.
  bool unclean = false;
  if (schema_version(*db_) >= 1) {
    Statement open(*db_, "SELECT EXISTS (SELECT 1 FROM sessions WHERE ended_ms IS NULL)");
    unclean = open.step() && open.column_int(0) != 0;
  }
  const std::string found =
      db_->damage(unclean ? "PRAGMA integrity_check(10)" : "PRAGMA quick_check(10)");
  if (!found.empty()) {
    throw StorageError("the session database " + file_.string() + " is damaged: " + found,
                       SQLITE_CORRUPT);
  }
  checked_ = key;
  CheckedFiles::instance().hold(key);
}

void SessionStore::open_or_set_aside() {
  const bool in_charge = writer_lock_->held();
  try {
    open_for_writing(in_charge);
    return;
  } catch (const StorageError& e) {
    // The game sets a damaged file aside when nobody is recording into it; otherwise it says
    // what is wrong and leaves the file as it is.
    if (!is_unusable(e) || !in_charge) throw;
    db_.reset();
    if (checked_) CheckedFiles::instance().release(*checked_);
    checked_.reset();
    const fs::path aside = set_aside(file_);
    notices_.push_back(set_aside_notice(file_, aside, e.what()));
  }
  open_for_writing(in_charge);
}

void SessionStore::open_for_writing(bool in_charge) {
  db_ = std::make_unique<Database>(file_, Database::Access::create);
  narrow_to_owner(file_);
  opened_ = CheckedFiles::key(file_);
  struct stat mark {};
  if (in_charge && ::stat((file_.string() + ".damaged").c_str(), &mark) == 0) {
    throw StorageError("SQLite found " + file_.string() + " damaged while Midline was using it",
                       SQLITE_CORRUPT);
  }
  check_readable();
  check_version();  // a file from a newer Midline is refused before anything is changed in it
  if (in_charge) check_integrity();
  db_->execute("PRAGMA journal_mode = WAL");
  db_->execute("PRAGMA foreign_keys = ON");
  // FULL: a commit survives a power cut, not only a crashed process. Cheap at a commit or two
  // a second.
  db_->execute(mode_ == Mode::record ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
  migrate(*db_);
}

std::string set_aside_notice(const fs::path& file, const fs::path& aside, const std::string& why) {
  // The patient reads the first two sentences; the command and SQLite's words are for their
  // clinician, last.
  return "Midline's session file " + file.string() +
         " was damaged. It was kept, unchanged, as " + aside.string() +
         ", and a new session file was started, so you can practise as usual. For your "
         "clinician: `midline recover " + aside.string() +
         "` copies what is readable out of the old file (SQLite said: " + why + ").";
}

Database& SessionStore::db() {
  // The recorder sets a file found damaged during a session aside and starts a new one: the
  // game's reader follows it there rather than keep reading (or adding players to) the old.
  if (mode_ == Mode::read && db_) {
    const auto now = CheckedFiles::key(file_);
    if (now.second != 0 && now != opened_) {
      db_.reset();
      if (checked_) CheckedFiles::instance().release(*checked_);
      checked_.reset();
      open_for_writing(false);
    }
  }
  return *db_;
}

int SessionStore::recover_interrupted_sessions() {
  std::vector<int64_t> open_sessions;
  {
    Statement q(*db_, "SELECT id, last_activity_ms FROM sessions WHERE ended_ms IS NULL");
    while (q.step()) open_sessions.push_back(q.column_int(0));
  }
  for (int64_t id : open_sessions) {
    Transaction transaction(*db_);
    Statement mark(*db_,
                   "UPDATE sessions SET ended_ms = last_activity_ms, end_reason = 'interrupted' "
                   "WHERE id = ?1 AND ended_ms IS NULL");
    mark.bind(1, id).run();
    transaction.commit();
    update_indicators(id);
    const auto record = session(id);
    notices_.push_back("Session " + std::to_string(id) + " of " +
                       (record ? local_time_string(record->started_ms) : std::string("?")) +
                       " was cut short; everything it recorded was kept and it is marked "
                       "interrupted.");
  }
  return static_cast<int>(open_sessions.size());
}

// ---- patients, injections, notes -------------------------------------------------------------

Patient SessionStore::add_patient(const std::string& pseudonym, const std::string& display_name,
                                  WallMs now_ms) {
  if (pseudonym.empty()) throw std::invalid_argument("a patient needs a pseudonymous id");
  if (find_patient(pseudonym)) {
    throw std::invalid_argument("a patient with the id '" + pseudonym + "' already exists");
  }
  Statement insert(db(),
                   "INSERT INTO patients (pseudonym, display_name, created_ms) VALUES (?1,?2,?3)");
  insert.bind(1, pseudonym).bind(2, display_name).bind(3, now_ms).run();
  return Patient{db_->last_insert_id(), pseudonym, display_name, now_ms};
}

void SessionStore::name_patient(int64_t patient_id, const std::string& display_name) {
  Statement update(db(), "UPDATE patients SET display_name = ?2 WHERE id = ?1");
  update.bind(1, patient_id).bind(2, display_name).run();
}

namespace {
Patient read_patient(const Statement& q) {
  return Patient{q.column_int(0), q.column_text(1), q.column_text(2), q.column_int(3)};
}
}  // namespace

std::optional<Patient> SessionStore::find_patient(std::string_view pseudonym) {
  Statement q(db(),
              "SELECT id, pseudonym, display_name, created_ms FROM patients "
              "WHERE pseudonym = ?1");
  q.bind(1, pseudonym);
  if (!q.step()) return std::nullopt;
  return read_patient(q);
}

std::optional<Patient> SessionStore::patient(int64_t id) {
  Statement q(db(), "SELECT id, pseudonym, display_name, created_ms FROM patients WHERE id = ?1");
  q.bind(1, id);
  if (!q.step()) return std::nullopt;
  return read_patient(q);
}

std::vector<Patient> SessionStore::patients() {
  Statement q(db(),
              "SELECT id, pseudonym, display_name, created_ms FROM patients "
              "ORDER BY pseudonym");
  std::vector<Patient> out;
  while (q.step()) out.push_back(read_patient(q));
  return out;
}

void SessionStore::add_injection(const Injection& injection) {
  const int64_t day = day_number_from(injection.date);  // throws, naming the bad date
  Statement insert(db(),
                   "INSERT OR REPLACE INTO injections (patient_id, date, note) VALUES (?1,?2,?3)");
  insert.bind(1, injection.patient_id).bind(2, day_string(day)).bind(3, injection.note).run();
}

std::vector<Injection> SessionStore::injections(int64_t patient_id) {
  Statement q(db(), "SELECT date, note FROM injections WHERE patient_id = ?1 ORDER BY date");
  q.bind(1, patient_id);
  std::vector<Injection> out;
  while (q.step()) out.push_back(Injection{patient_id, q.column_text(0), q.column_text(1)});
  return out;
}

void SessionStore::add_note(const Note& note) {
  Statement insert(db(),
                   "INSERT INTO notes (patient_id, session_id, at_ms, author, text) "
                   "VALUES (?1,?2,?3,?4,?5)");
  insert.bind(1, note.patient_id).bind(2, note.session_id).bind(3, note.at_ms);
  insert.bind(4, note.author).bind(5, note.text).run();
}

void SessionStore::add_flexion_zero(const FlexionZeroRecord& record) {
  Statement insert(db(),
                   "INSERT INTO flexion_zeros (patient_id, at_ms, degrees, set_by, author, "
                   "face_plane) VALUES (?1,?2,?3,?4,?5,?6)");
  insert.bind(1, record.patient_id).bind(2, record.at_ms).bind(3, record.degrees);
  insert.bind(4, to_string(record.set_by)).bind(5, record.author);
  insert.bind(6, record.face_plane).run();
}

std::optional<FlexionZeroRecord> SessionStore::latest_flexion_zero(int64_t patient_id) {
  Statement q(db(),
              "SELECT at_ms, degrees, set_by, author, face_plane FROM flexion_zeros "
              "WHERE patient_id = ?1 ORDER BY at_ms DESC, id DESC LIMIT 1");
  q.bind(1, patient_id);
  if (!q.step()) return std::nullopt;
  return FlexionZeroRecord{patient_id, q.column_int(0), q.column_optional_double(1),
                           q.column_text(2) == "therapist" ? FlexionZeroSetter::therapist
                                                           : FlexionZeroSetter::patient,
                           q.column_text(3), static_cast<int>(q.column_int(4))};
}

std::vector<Note> SessionStore::notes(int64_t patient_id) {
  Statement q(db(),
              "SELECT session_id, at_ms, author, text FROM notes WHERE patient_id = ?1 "
              "ORDER BY at_ms");
  q.bind(1, patient_id);
  std::vector<Note> out;
  while (q.step()) {
    out.push_back(Note{patient_id, q.column_optional_int(0), q.column_int(1), q.column_text(2),
                       q.column_text(3)});
  }
  return out;
}

// ---- sessions -----------------------------------------------------------------------------

std::vector<SessionRecord> SessionStore::query_sessions(std::string_view where, int64_t key) {
  // One statement for everything a chart needs of a session; the subqueries use indices.
  const std::string sql = R"sql(
SELECT s.id, s.patient_id, coalesce(p.plan_key, ''), coalesce(p.name, ''), s.supervised,
  s.started_ms, coalesce(s.ended_ms, s.last_activity_ms), s.end_reason,
  (SELECT pain FROM check_ins WHERE session_id = s.id AND phase = 'before' ORDER BY at_ms LIMIT 1),
  (SELECT pain FROM check_ins WHERE session_id = s.id AND phase = 'after' ORDER BY at_ms DESC LIMIT 1),
  (SELECT fatigue FROM check_ins WHERE session_id = s.id AND phase = 'before' ORDER BY at_ms LIMIT 1),
  (SELECT fatigue FROM check_ins WHERE session_id = s.id AND phase = 'after' ORDER BY at_ms DESC LIMIT 1),
  (SELECT coalesce(sum(duration_ms), 0) FROM breaks WHERE session_id = s.id AND kind = 'pause'),
  (SELECT coalesce(sum(duration_ms), 0) FROM breaks WHERE session_id = s.id AND kind = 'rest'),
  (SELECT count(*) FROM exercises WHERE session_id = s.id),
  (SELECT count(*) FROM repetitions r JOIN exercises a ON r.exercise_id = a.id WHERE a.session_id = s.id),
  (SELECT avg(borg_effort) FROM exercises WHERE session_id = s.id),
  i.session_id, i.rotation_left_deg, i.rotation_right_deg, i.tilt_left_deg, i.tilt_right_deg,
  i.flexion_deg, i.extension_deg, i.tremor_hz, i.tremor_amplitude_deg, i.sensory_trick_count,
  i.tracked_s, s.angle_reference, s.resting_rotation_deg, s.resting_tilt_deg,
  s.resting_flexion_deg, s.flexion_zero_deg, s.target_rotation_deg, s.target_tilt_deg,
  s.target_flexion_deg, s.resting_posture_rough
FROM sessions s
LEFT JOIN plans p ON p.id = s.plan_id
LEFT JOIN session_indicators i ON i.session_id = s.id
WHERE )sql" + std::string(where) +
                          " ORDER BY s.started_ms, s.id";
  Statement q(db(), sql);
  q.bind(1, key);
  std::vector<SessionRecord> out;
  while (q.step()) {
    SessionRecord r;
    r.id = q.column_int(0);
    r.patient_id = q.column_int(1);
    r.plan_key = q.column_text(2);
    r.plan_name = q.column_text(3);
    r.supervised = q.column_int(4) != 0;
    r.started_ms = q.column_int(5);
    r.ended_ms = q.column_int(6);
    if (!q.is_null(7)) r.end_reason = end_reason_from(q.column_text(7));
    // Left open with nobody recording: cut short (the game marks it so when it next starts).
    if (q.is_null(7) && nobody_recording_) r.end_reason = EndReason::interrupted;
    auto optional_int = [&](int c) -> std::optional<int> {
      if (q.is_null(c)) return std::nullopt;
      return static_cast<int>(q.column_int(c));
    };
    r.pain_before = optional_int(8);
    r.pain_after = optional_int(9);
    r.fatigue_before = optional_int(10);
    r.fatigue_after = optional_int(11);
    r.paused_ms = q.column_int(12);
    r.rested_ms = q.column_int(13);
    r.exercises = static_cast<int>(q.column_int(14));
    r.repetitions = static_cast<int>(q.column_int(15));
    r.mean_borg_effort = q.column_optional_double(16);
    if (!q.is_null(17)) {
      SessionIndicators i;
      i.rotation_left_deg = q.column_double(18);
      i.rotation_right_deg = q.column_double(19);
      i.tilt_left_deg = q.column_double(20);
      i.tilt_right_deg = q.column_double(21);
      i.flexion_deg = q.column_double(22);
      i.extension_deg = q.column_double(23);
      i.tremor_hz = q.column_optional_double(24);
      i.tremor_amplitude_deg = q.column_optional_double(25);
      i.sensory_trick_count = static_cast<int>(q.column_int(26));
      i.tracked_s = q.column_double(27);
      r.indicators = i;
    }
    r.angle_reference = q.column_text(28) == "body_midline" ? AngleReference::body_midline
                                                            : AngleReference::resting_posture;
    auto angles_at = [&](int c) -> std::optional<HeadAngles> {
      if (q.is_null(c)) return std::nullopt;
      return HeadAngles{q.column_double(c), q.column_double(c + 1), q.column_double(c + 2)};
    };
    r.reference.resting_posture = angles_at(29);
    r.reference.flexion_zero_deg = q.column_optional_double(32);
    r.reference.target = angles_at(33);
    r.reference.resting_posture_rough = q.column_int(36) != 0;
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<SessionRecord> SessionStore::sessions(int64_t patient_id) {
  return query_sessions("s.patient_id = ?1", patient_id);
}

std::optional<SessionRecord> SessionStore::session(int64_t session_id) {
  auto found = query_sessions("s.id = ?1", session_id);
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

std::vector<ExerciseRecord> SessionStore::exercises(int64_t session_id) {
  std::vector<ExerciseRecord> out;
  Statement q(db(),
              "SELECT id, ordinal, exercise_type, level_id, started_ms, ended_ms, "
              "borg_effort FROM exercises WHERE session_id = ?1 ORDER BY ordinal");
  q.bind(1, session_id);
  while (q.step()) {
    ExerciseRecord a;
    a.id = q.column_int(0);
    a.ordinal = static_cast<int>(q.column_int(1));
    a.exercise_type = q.column_text(2);
    a.level_id = q.column_text(3);
    a.started_ms = q.column_int(4);
    a.ended_ms = q.column_optional_int(5);
    a.borg_effort = q.column_optional_double(6);
    out.push_back(std::move(a));
  }
  Statement reps(db(),
                 "SELECT duration_s, time_in_zone_s, mean_deviation_deg, "
                 "peak_deviation_deg, path_error_deg, longest_in_zone_s, tremor_amplitude_deg, "
                 "face_lost_pauses, completed, unseen_s, unseen_in_zone_s, felt_side, "
                 "felt_error_deg FROM repetitions WHERE exercise_id = ?1 "
                 "ORDER BY ordinal");
  for (ExerciseRecord& a : out) {
    reps.bind(1, a.id);
    while (reps.step()) {
      RepetitionResult r;
      r.duration_s = reps.column_double(0);
      r.time_in_zone_s = reps.column_double(1);
      r.mean_deviation_deg = reps.column_double(2);
      r.peak_deviation_deg = reps.column_double(3);
      r.path_error_deg = reps.column_optional_double(4);
      r.longest_in_zone_s = reps.column_optional_double(5);
      r.tremor_amplitude_deg = reps.column_optional_double(6);
      r.face_lost_pauses = static_cast<int>(reps.column_int(7));
      r.completed = reps.column_int(8) != 0;
      r.unseen_s = reps.column_optional_double(9);
      r.unseen_in_zone_s = reps.column_optional_double(10);
      if (!reps.is_null(11)) r.felt_side = static_cast<int>(reps.column_int(11));
      r.felt_error_deg = reps.column_optional_double(12);
      a.repetitions.push_back(r);
    }
    reps.reset();
  }
  return out;
}

std::vector<BreakRecord> SessionStore::breaks(int64_t session_id) {
  Statement q(db(),
              "SELECT kind, reason, started_ms, duration_ms FROM breaks "
              "WHERE session_id = ?1 ORDER BY started_ms");
  q.bind(1, session_id);
  std::vector<BreakRecord> out;
  while (q.step()) {
    out.push_back(BreakRecord{q.column_text(0) == "rest" ? BreakKind::rest : BreakKind::pause,
                              q.column_text(1), q.column_int(2), q.column_int(3)});
  }
  return out;
}

std::vector<StoredSample> SessionStore::samples(int64_t session_id) {
  Statement q(db(),
              "SELECT t_ms, rotation_tenth_deg, tilt_tenth_deg, flexion_tenth_deg, "
              "quality_pct, face_lost, sensory_trick, tremor_tenth_hz, tremor_tenth_deg, "
              "calibrated FROM samples WHERE session_id = ?1 ORDER BY t_ms");
  q.bind(1, session_id);
  std::vector<StoredSample> out;
  while (q.step()) {
    StoredSample s;
    s.t_s = static_cast<double>(q.column_int(0)) / 1000.0;
    s.rotation_deg = static_cast<double>(q.column_int(1)) / 10.0;
    s.tilt_deg = static_cast<double>(q.column_int(2)) / 10.0;
    s.flexion_deg = static_cast<double>(q.column_int(3)) / 10.0;
    s.quality = static_cast<double>(q.column_int(4)) / 100.0;
    s.face_lost = q.column_int(5) != 0;
    s.sensory_trick = q.column_int(6) != 0;
    if (!q.is_null(7)) s.tremor_hz = static_cast<double>(q.column_int(7)) / 10.0;
    if (!q.is_null(8)) s.tremor_amplitude_deg = static_cast<double>(q.column_int(8)) / 10.0;
    s.calibrated = q.column_int(9) != 0;
    out.push_back(s);
  }
  return out;
}

std::optional<SessionIndicators> SessionStore::update_indicators(int64_t session_id) {
  const auto stored = samples(session_id);
  if (stored.empty()) return std::nullopt;  // nothing measured: no indicators, not zeros
  const SessionIndicators i = compute_indicators(stored);
  Statement upsert(db(), R"sql(
INSERT OR REPLACE INTO session_indicators (session_id, rotation_left_deg, rotation_right_deg,
  tilt_left_deg, tilt_right_deg, flexion_deg, extension_deg, tremor_hz, tremor_amplitude_deg,
  sensory_trick_count, tracked_s)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11))sql");
  upsert.bind(1, session_id).bind(2, i.rotation_left_deg).bind(3, i.rotation_right_deg);
  upsert.bind(4, i.tilt_left_deg).bind(5, i.tilt_right_deg).bind(6, i.flexion_deg);
  upsert.bind(7, i.extension_deg).bind(8, i.tremor_hz).bind(9, i.tremor_amplitude_deg);
  upsert.bind(10, i.sensory_trick_count).bind(11, i.tracked_s);
  upsert.run();
  return i;
}

}  // namespace midline::storage
