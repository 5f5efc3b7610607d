#pragma once
// The session database: one SQLite file per user, in their data folder, readable by its owner
// only. Only SQLite ever opens the file (a descriptor opened and closed beside SQLite's would
// drop its locks). Opening it creates what is missing, checks it, sets a damaged file aside
// (renamed with its -wal and -shm, never overwritten or deleted), brings the schema up to
// date and marks sessions that a crash cut short as interrupted. Reading for progress, pacing
// and exports happens here; recording goes through SessionRecorder, which writes on its own
// thread.

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "storage/indicators.hpp"
#include "storage/records.hpp"
#include "storage/sqlite.hpp"

namespace midline::storage {

// One session as progress charts, pacing and exports see it.
struct SessionRecord {
  int64_t id = 0;
  int64_t patient_id = 0;
  std::string plan_key, plan_name;
  bool supervised = false;
  WallMs started_ms = 0;
  WallMs ended_ms = 0;                  // for a running session: its last activity so far
  std::optional<EndReason> end_reason;  // empty while the session runs
  std::optional<int> pain_before, pain_after, fatigue_before, fatigue_after;
  WallMs paused_ms = 0;
  WallMs rested_ms = 0;
  int exercises = 0;
  int repetitions = 0;
  std::optional<double> mean_borg_effort;
  std::optional<SessionIndicators> indicators;
  // What its angles are measured from, and that reference's measurements.
  AngleReference angle_reference = AngleReference::body_midline;
  SessionReference reference;

  // Practice time: the session's length less its pauses (rests count as practice). The one
  // definition: pacing, the summary, the progress screen and every export read it (through
  // session_figures for the figures people see).
  double practice_minutes() const {
    return static_cast<double>(std::max<WallMs>(0, ended_ms - started_ms - paused_ms)) / 60000.0;
  }
  std::optional<int> pain_change() const {
    if (!pain_before || !pain_after) return std::nullopt;
    return *pain_after - *pain_before;
  }
};

struct ExerciseRecord {
  int64_t id = 0;
  int ordinal = 0;
  std::string exercise_type, level_id;
  WallMs started_ms = 0;
  std::optional<WallMs> ended_ms;
  std::optional<double> borg_effort;
  std::vector<RepetitionResult> repetitions;
};

struct BreakRecord {
  BreakKind kind = BreakKind::rest;
  std::string reason;
  WallMs started_ms = 0;
  WallMs duration_ms = 0;
};

class FileLock;

// What the patient is told when a damaged session file was set aside: plain words, the names
// of both files and how a clinician copies the readable rows out of the old one.
std::string set_aside_notice(const std::filesystem::path& file, const std::filesystem::path& aside,
                             const std::string& why);
// Renames a damaged `file` with its -wal and -shm to an unused name beside it (never
// replacing anything); returns the new name of the main file. Throws StorageError.
std::filesystem::path set_aside(const std::filesystem::path& file);

class SessionStore {
 public:
  enum class Mode {
    read,     // the game's screens: when nobody is recording, checks the file (PRAGMA
              // quick_check, or integrity_check after an unclean end), sets a damaged one
              // aside and starts a fresh one, and recovers interrupted sessions
    inspect,  // exports, the progress screen: a read-only connection that never writes the
              // file (a read-only copy or backup works); a damaged or unknown file is
              // reported (StorageError) and left exactly as it is
    record,   // the recorder: holds the writer lock for its lifetime (fails if another holds
              // it); checks, sets aside and recovers as `read` does
  };

  // $XDG_DATA_HOME/midline, else ~/.local/share/midline.
  static std::filesystem::path default_data_dir();
  static std::filesystem::path database_file(const std::filesystem::path& data_dir);
  // Whether a Midline is recording into the store in `data_dir` now (its writer lock is held).
  static bool recording_now(const std::filesystem::path& data_dir);

  // Throws StorageError with a message naming the file when it cannot be used at all.
  explicit SessionStore(const std::filesystem::path& data_dir, Mode mode = Mode::read);
  ~SessionStore();
  SessionStore(const SessionStore&) = delete;
  SessionStore& operator=(const SessionStore&) = delete;

  // What opening did that a person should be told: a damaged file set aside, sessions
  // marked interrupted. Each is one sentence naming the file or the session.
  const std::vector<std::string>& notices() const { return notices_; }
  Database& database() { return db(); }
  const std::filesystem::path& file() const { return file_; }

  // ---- patients, injections, notes --------------------------------------------------------
  // Throws std::invalid_argument when the pseudonym is empty or already taken.
  Patient add_patient(const std::string& pseudonym, const std::string& display_name, WallMs now_ms);
  // Gives a patient made before anyone played (a clinic's station, enrolled) their name.
  void name_patient(int64_t patient_id, const std::string& display_name);
  std::optional<Patient> find_patient(std::string_view pseudonym);
  std::optional<Patient> patient(int64_t id);
  std::vector<Patient> patients();
  void add_injection(const Injection& injection);  // date YYYY-MM-DD; one per patient and day
  std::vector<Injection> injections(int64_t patient_id);
  void add_note(const Note& note);
  std::vector<Note> notes(int64_t patient_id);
  void add_flexion_zero(const FlexionZeroRecord& record);
  // The patient's newest flexion zero recording (its degrees empty when it was a reset).
  std::optional<FlexionZeroRecord> latest_flexion_zero(int64_t patient_id);

  // ---- sessions ----------------------------------------------------------------------------
  std::vector<SessionRecord> sessions(int64_t patient_id);  // oldest first
  std::optional<SessionRecord> session(int64_t session_id);
  std::vector<ExerciseRecord> exercises(int64_t session_id);
  std::vector<BreakRecord> breaks(int64_t session_id);
  std::vector<StoredSample> samples(int64_t session_id);

  // Computes and keeps a session's indicators from its samples (none without samples).
  std::optional<SessionIndicators> update_indicators(int64_t session_id);
  // Marks sessions left open by a crash as interrupted at their last activity; returns how
  // many. Safe only while no recorder is writing (the writer lock tells).
  int recover_interrupted_sessions();

 private:
  void open_for_inspection();
  void open_or_set_aside();
  void open_for_writing(bool in_charge);
  void check_readable();
  void check_version();
  void check_integrity();
  Database& db();  // the connection; in Mode::read, reopened when the file was set aside
  std::vector<SessionRecord> query_sessions(std::string_view where, int64_t key);

  std::filesystem::path file_;
  Mode mode_;
  std::unique_ptr<FileLock> writer_lock_;
  std::unique_ptr<Database> db_;
  std::vector<std::string> notices_;
  std::optional<std::pair<uint64_t, uint64_t>> checked_;  // device and inode checked at open
  std::pair<uint64_t, uint64_t> opened_{};                // device and inode of the file opened
  bool nobody_recording_ = false;  // inspect: no game held the writer lock at open
};

}  // namespace midline::storage
