#pragma once
// Records a session as it happens. Every call returns at once: it stamps the event with the
// time and queues it; a writer thread commits the queue in one transaction every
// `commit_interval`, so neither the game nor the tracker ever waits for the disk. A process
// killed mid-session loses at most the last commit interval; the next start marks the session
// interrupted.
//
// Calls follow the session's shape, from one thread (the game's):
//   begin_session -> check_in(before) -> { begin_exercise -> add_repetition... -> end_exercise }...
//   -> check_in(after) -> end_session
// with add_sample, add_break and add_note at any time inside a session. Calls out of that
// order throw std::logic_error; values out of range throw std::invalid_argument.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "pose/head_sample.hpp"
#include "storage/records.hpp"

namespace midline::storage {

class SessionStore;
class Database;

// Free bytes where `dir` is (statvfs); empty when that cannot be told.
std::optional<uint64_t> free_disk_bytes(const std::filesystem::path& dir);

// What recording needs before the disk is full, and what to tell the patient.
struct DiskSpace {
  std::optional<uint64_t> free_bytes;
  double bytes_per_minute = 0;  // measured in this session once it has run a minute
  std::optional<double> minutes_left;
  std::string warning;  // empty while there is room for `minutes_wanted`
};
// A session of about `minutes_wanted` recorded at `bytes_per_minute` into `dir` (the rate a
// session measured, else kDefaultBytesPerMinute).
inline constexpr double kDefaultBytesPerMinute = 512.0 * 1024.0;  // generous: WAL, indexes
DiskSpace disk_space(std::optional<uint64_t> free_bytes, double bytes_per_minute,
                     double minutes_wanted);

struct RecorderOptions {
  double sample_rate_hz = 25.0;  // head samples kept per second (the tracker gives ~30)
  std::chrono::milliseconds commit_interval{500};
  std::function<WallMs()> clock;  // wall clock; the system clock when empty (tests pass one)
  // How free space is measured (tests pass one); free_disk_bytes when empty.
  std::function<std::optional<uint64_t>(const std::filesystem::path&)> free_space;
  double session_minutes = 15.0;  // warn when less room than this is left
  // Run on the writer's connection before each batch (tests fill the disk with
  // PRAGMA max_page_count there).
  std::function<void(Database&)> before_each_batch;
};

class SessionRecorder {
 public:
  // Opens (or creates) the database in `data_dir` and starts the writer thread. Throws
  // StorageError when the database cannot be used or another Midline is recording into it.
  explicit SessionRecorder(const std::filesystem::path& data_dir, RecorderOptions options = {});
  // Ends a session still open as interrupted, writes everything queued, stops the thread.
  ~SessionRecorder();
  SessionRecorder(const SessionRecorder&) = delete;
  SessionRecorder& operator=(const SessionRecorder&) = delete;

  // What opening the database did that the patient or clinician should be told.
  const std::vector<std::string>& open_notices() const { return open_notices_; }

  // The patient with this pseudonymous id, added when new (for the patient-select screen, not
  // per frame: it waits for the database). Throws std::invalid_argument for an empty id.
  Patient find_or_add_patient(const std::string& pseudonym, const std::string& display_name,
                              WallMs now_ms);

  void begin_session(const SessionStart& start);
  void check_in(const CheckIn& check_in);
  // The session's references (its angles are from the body midline): set at calibration and
  // at the start; a later call replaces what it names.
  void set_reference(const SessionReference& reference);
  void begin_exercise(const ExerciseStart& exercise);
  void add_repetition(const RepetitionResult& repetition);
  // Ends the current set; `borg_effort` is the patient's Borg CR10 rating of it (0..10).
  void end_exercise(std::optional<double> borg_effort = std::nullopt);
  // Call with every sample the tracker gives; keeps about sample_rate_hz of them a second.
  // Outside a session it does nothing.
  void add_sample(const HeadSample& sample);
  // A rest or pause that has just ended, lasting `duration_s`.
  void add_break(BreakKind kind, const std::string& reason, double duration_s);
  void add_note(const std::string& author, const std::string& text);
  void end_session(EndReason reason);

  bool in_session() const { return session_open_; }
  // Blocks until everything queued so far is committed (for screen changes and tests).
  // Returns false when that did not happen within `timeout` (see last_error()).
  bool flush(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // The database id of the current or most recent session, once the writer has created it.
  std::optional<int64_t> session_id() const;
  // Empty while all is well; otherwise what went wrong writing, naming the file. Events of a
  // failed batch stay queued in memory and are retried with the next one (a full disk: until
  // space is freed), never dropped while the recorder runs.
  std::string last_error() const;
  // Room left on the disk for this session, measured by the writer after each batch.
  DiskSpace disk() const;
  // Said while recording: a session file found damaged during a write was set aside (with its
  // -wal and -shm) and the session went on, whole, in a new one. Each a sentence for the
  // patient, naming both files.
  std::vector<std::string> notices() const;

 private:
  // The queued events, stamped on the caller's thread. (A table: kept one a line.)
  // clang-format off
  struct BeginSession { SessionStart start; WallMs at; };
  struct CheckInEvent { CheckIn check_in; WallMs at; };
  struct BeginExercise { ExerciseStart exercise; WallMs at; };
  struct Repetition { RepetitionResult result; WallMs at; };
  struct EndExercise { std::optional<double> borg; WallMs at; };
  struct Sample { StoredSample sample; WallMs at; };
  struct Break { BreakKind kind; std::string reason; WallMs started; WallMs duration; };
  struct NoteEvent { std::string author, text; WallMs at; };
  struct ReferenceEvent { SessionReference reference; WallMs at; };
  struct EndSession { EndReason reason; WallMs at; };
  // clang-format on
  using Event = std::variant<BeginSession, CheckInEvent, BeginExercise, Repetition, EndExercise,
                             Sample, Break, NoteEvent, ReferenceEvent, EndSession>;

  // What the writer knows of the session in progress; copied before a batch so a failed
  // batch can be retried from the same state.
  struct WriterState {
    std::optional<int64_t> session_id;
    std::optional<int64_t> patient_id;
    std::optional<int64_t> exercise_id;
    int exercise_ordinal = 0;
    int repetition_ordinal = 0;
    std::optional<int64_t> recent_session_id;  // kept after the session ends
    WallMs last_activity = 0;
    std::optional<Patient> patient;  // the session's player, for a new store if one is needed
  };
  struct Prepared;  // the writer's prepared statements

  WallMs now() const;
  void push(Event event);
  void writer_loop();
  // Returns what was dropped as invalid (empty when nothing); throws when nothing was written.
  std::string write_batch(std::vector<Event>& batch, WriterState& state);
  void write(const Event& event, WriterState& state);
  // Keeps the events of the session in progress once written, to write them again into a
  // new store should this one be found damaged.
  void keep_session_events(const std::vector<Event>& written);
  // Sets the damaged file aside, opens a new store with the players that could be read, and
  // puts the session so far ahead of `batch`. Returns what to tell the patient.
  std::string start_fresh_store(std::vector<Event>& batch, const std::string& why);

  RecorderOptions options_;
  std::filesystem::path data_dir_;
  std::unique_ptr<SessionStore> store_;  // used by the writer thread only, after construction
  std::vector<std::string> open_notices_;

  // Caller-side state (the game's thread): checks call order, thins samples.
  bool session_open_ = false;
  bool exercise_open_ = false;
  WallMs session_start_ms_ = 0;
  std::optional<double> first_sample_time_s_;
  double first_sample_offset_s_ = 0.0;
  double next_sample_due_s_ = 0.0;

  mutable std::mutex mutex_;
  std::condition_variable wake_writer_;
  std::condition_variable batch_written_;
  std::vector<Event> queue_;
  uint64_t queued_count_ = 0;   // events ever queued
  uint64_t written_count_ = 0;  // events ever committed (or dropped as invalid)
  bool flush_requested_ = false;
  bool stopping_ = false;
  std::optional<int64_t> session_id_;
  std::string last_error_;
  DiskSpace disk_;
  std::vector<std::string> notices_;
  std::uintmax_t bytes_at_session_start_ = 0;
  std::chrono::steady_clock::time_point session_started_at_{};

  WriterState writer_state_;  // the writer thread's only
  std::vector<Event> session_events_;  // the writer's: the session in progress, as written
  size_t replayed_in_batch_ = 0;       // the writer's: events of the batch written before
  std::unique_ptr<Prepared> prepared_;
  std::thread writer_;
};

}  // namespace midline::storage
