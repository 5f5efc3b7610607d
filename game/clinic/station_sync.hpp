#pragma once
// The station's side: it keeps the clinic's connection in its data folder and, when asked
// (`midline sync`, or the game after a session), sends every ended session not yet sent and
// fetches the newest plan version. Offline-first: the store is the truth, the clinic a copy.
//
// Each session goes up in one transaction keyed by a UUID made here when the session first
// waits in the outbox (the same UUID on every retry, so INSERT ... ON CONFLICT DO NOTHING stores
// it once); the outbox marks it sent only after COMMIT. What goes: the pseudonym (never a
// name), check-ins, exercises with effort, each repetition's summary (never head samples),
// notes written during the session, indicators, the plan version it ran, and the session as a
// FHIR R4 Bundle in jsonb. Times the station measured travel as they are, with this station's
// clock offset from the server at that sync; the server orders everything by its own clock.

#include <filesystem>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <optional>
#include <string>
#include <vector>

#include "clinic/clinic_plans.hpp"
#include "clinic/connection_file.hpp"
#include "storage/records.hpp"
#include "storage/session_store.hpp"

namespace midline::clinic {

// DATA_DIR/clinic.toml: the enrolled connection (0600).
std::filesystem::path station_connection_file(const std::filesystem::path& data_dir);

// Checks `connection_file` and keeps a copy (0600) in `data_dir` (made 0700 when new),
// replacing an earlier enrolment, and adds its patient (by the clinic's pseudonym, no name yet)
// to the session store there when missing, so that the first sync fetches their plan before
// any session. Does not connect. Throws ClinicError naming the file.
ClinicConnection enrol_station(const std::filesystem::path& connection_file,
                               const std::filesystem::path& data_dir, storage::WallMs now_ms);

// The station's patient in `store`: added (by pseudonym, no name yet; the first player named on
// this station becomes them) when missing.
storage::Patient station_patient(storage::SessionStore& store, const std::string& pseudonym,
                                 storage::WallMs now_ms);

struct SyncOptions {
  storage::WallMs now_ms = 0;  // this station's clock now
  int timeout_s = 10;          // the longest wait for an unreachable server
  // Tests: runs inside each session's transaction just before its COMMIT.
  std::function<void()> before_commit;
};

struct SyncReport {
  std::string pseudonym;
  int sent = 0;            // sessions the clinic's database committed in this sync
  int already_there = 0;   // sessions it had already (an earlier sync's COMMIT, not marked here)
  int waiting = 0;         // ended sessions still not sent
  std::optional<int64_t> clock_offset_ms;  // this station's clock less the server's
  std::optional<int64_t> new_plan_version;  // a plan version received (applied at next start)
  std::optional<ClinicError> problem;       // why the sync stopped; what was sent stays sent
  // What moved, in sentences for the terminal.
  std::vector<std::string> said() const;
};

// Syncs the station whose data folder is `data_dir`. Never throws for what a person can fix
// (no enrolment, no connection, a bad certificate, a refusal): those are in `problem`.
// Each sync's outcome is kept in the store (clinic_syncs).
SyncReport sync_station(const std::filesystem::path& data_dir, const SyncOptions& options);

// When this station last sent something, and the last sync's problem: for the home page.
struct SyncStatus {
  bool enrolled = false;
  std::optional<storage::WallMs> last_sent_ms;
  int waiting = 0;
  std::string last_problem;  // empty when the last sync worked
  std::optional<ClinicError::Kind> last_problem_kind;
};
// Reads it from the store (read-only); not enrolled, or nothing recorded: mostly empty.
SyncStatus sync_status(const std::filesystem::path& data_dir);

// The home page's quiet line: "Sent to your clinic 2 days ago", "Not sent yet: no
// connection"; empty for a station that follows no clinic.
std::string home_page_line(const SyncStatus& status, bool syncing, storage::WallMs now_ms);

// The game's sync: on its own thread, asked at the start and after each session (the home
// page asks whenever it appears). request() returns at once and never waits for the network;
// practice never waits for it. The destructor waits for a sync under way, which the
// connection's timeout bounds.
class BackgroundSync {
 public:
  explicit BackgroundSync(std::filesystem::path data_dir,
                          std::function<storage::WallMs()> clock = {});
  ~BackgroundSync();
  BackgroundSync(const BackgroundSync&) = delete;
  BackgroundSync& operator=(const BackgroundSync&) = delete;

  void request();
  // At a session's start (never during one): the newest plan version received for
  // `pseudonym` becomes its plan file; the version the session runs (clinic_plans.hpp).
  AppliedPlan apply_plan_at_session_start(const std::string& pseudonym);
  // The latest status and whether a sync is under way (never blocks on a sync).
  std::pair<SyncStatus, bool> status() const;
  std::string home_page_line() const;
  int syncs_done() const;

 private:
  void run();
  std::filesystem::path data_dir_;
  std::function<storage::WallMs()> clock_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool requested_ = false, stopping_ = false, syncing_ = false;
  int done_ = 0;
  SyncStatus status_;
  std::thread thread_;
};

}  // namespace midline::clinic
