#include "storage/recover.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "program_files/program_files.hpp"
#include "storage/private_folder.hpp"
#include "storage/schema.hpp"
#include "storage/session_store.hpp"
#include "storage/sqlite.hpp"

extern char** environ;

namespace midline::storage {
namespace {

namespace fs = std::filesystem;

// The loadable extension that gives the shell's .recover its page table (Debian's SQLite is
// built without one), where this build or the install put it.
fs::path page_table_extension() {
  const fs::path extension = program_files::program_files().page_table_extension;
  std::error_code error;
  if (!fs::is_regular_file(extension, error)) {
    throw StorageError("the recovery needs Midline's page-table extension, which is not at " +
                       extension.string() + " (reinstall Midline, or build its "
                       "midline_page_table target); nothing was recovered");
  }
  return extension;
}

// Runs the sqlite3 shell on `damaged` with .recover, feeding its SQL into a second shell that
// builds `out`; both shells' messages go to `log`. Returns what went wrong, empty if nothing.
std::string run_recover(const fs::path& damaged, const fs::path& out, const fs::path& log) {
  const std::string load =  // first: it throws when the extension is missing
      ".load \"" + page_table_extension().string() + "\" sqlite3_midlinepagetable_init";
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) return std::string("pipe: ") + std::strerror(errno);
  const int log_fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  const std::vector<std::string> reader = {"sqlite3",        "-init", "/dev/null", "-readonly",
                                           damaged.string(), "-cmd",  load,        ".recover"};
  const std::vector<std::string> writer = {"sqlite3", "-init", "/dev/null", out.string()};
  auto spawn = [&](const std::vector<std::string>& args, int in_fd, int out_fd, pid_t& pid) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in_fd, 0);
    posix_spawn_file_actions_adddup2(&actions, out_fd, 1);
    if (log_fd >= 0) posix_spawn_file_actions_adddup2(&actions, log_fd, 2);
    std::vector<char*> argv;
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    const int rc = ::posix_spawnp(&pid, "sqlite3", &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    return rc;
  };
  const int null_in = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  pid_t reader_pid = -1, writer_pid = -1;
  const int reader_rc = spawn(reader, null_in, pipe_fds[1], reader_pid);
  ::close(pipe_fds[1]);
  const int writer_rc =
      reader_rc == 0 ? spawn(writer, pipe_fds[0], log_fd >= 0 ? log_fd : 2, writer_pid) : -1;
  ::close(pipe_fds[0]);
  ::close(null_in);
  if (log_fd >= 0) ::close(log_fd);
  int reader_status = 0, writer_status = 0;
  if (reader_pid > 0) ::waitpid(reader_pid, &reader_status, 0);
  if (writer_pid > 0) ::waitpid(writer_pid, &writer_status, 0);
  if (reader_rc != 0) {
    return "cannot run the sqlite3 shell (" + std::string(std::strerror(reader_rc)) +
           "); install the sqlite3 package";
  }
  if (writer_rc != 0)
    return "cannot run the sqlite3 shell: " + std::string(std::strerror(writer_rc));
  std::ifstream in(log);
  const std::string said{std::istreambuf_iterator<char>(in), {}};
  if (!WIFEXITED(reader_status) || WEXITSTATUS(reader_status) != 0 ||
      said.find("sql error") != std::string::npos) {
    return "SQLite's recovery stopped: " + (said.empty() ? std::string("no message") : said);
  }
  return {};
}

bool has_table(Database& db, const char* name) {
  Statement q(db, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1");
  q.bind(1, name);
  return q.step();
}

bool has_column(Database& db, const char* table, const char* column) {
  Statement q(db, "SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2");
  q.bind(1, table).bind(2, column);
  return q.step();
}

int64_t count_rows(Database& db, const char* table) {
  if (!has_table(db, table)) return 0;
  Statement q(db, std::string("SELECT count(*) FROM ") + table);  // a name from this file
  return q.step() ? q.column_int(0) : 0;
}

// The schema version of a recovered file: as the damaged file's header said, or, when that
// header was lost, from the tables and columns that came back.
int recovered_version(Database& db) {
  const int said = schema_version(db);
  if (said > 0 || !has_table(db, "patients")) return said;
  if (!has_table(db, "session_indicators")) return 1;
  if (has_column(db, "flexion_zeros", "face_plane")) return 10;
  if (has_table(db, "flexion_zeros")) return 9;
  if (has_column(db, "repetitions", "felt_side")) return 8;
  if (has_column(db, "sessions", "angle_reference")) return 7;
  if (has_column(db, "sessions", "plan_version")) return 6;
  if (has_column(db, "repetitions", "longest_in_zone_s")) return 4;
  return has_column(db, "samples", "calibrated") ? 3 : 2;
}

}  // namespace

RecoveryResult recover_database(const fs::path& damaged, const fs::path& into_dir) {
  struct stat st {};
  if (::stat(damaged.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
    throw StorageError("no such file: " + damaged.string(), SQLITE_CANTOPEN);
  }
  if (damaged.filename() == "midline.db" && SessionStore::recording_now(damaged.parent_path())) {
    throw StorageError("Midline is recording into " + damaged.string() +
                       " now; recover a file once Midline has set it aside, or close Midline "
                       "first");
  }
  RecoveryResult result;
  result.database = SessionStore::database_file(into_dir);
  std::error_code error;
  if (fs::exists(result.database, error)) {
    throw StorageError(into_dir.string() +
                       " already holds a session database; recover into a "
                       "new folder (nothing was changed)");
  }
  page_table_extension();  // throws when it is missing, before any folder is made
  make_private_folder(into_dir);
  const ScratchFolder scratch(into_dir, "recovering");
  const fs::path& staging = scratch.path();

  // Work on a copy (with its log), so the damaged file is never written: SQLite's checkpoint
  // first moves what the log holds into the copy's pages, which .recover then reads.
  const fs::path copy = staging / "damaged.db";
  fs::copy_file(damaged, copy, error);
  if (!error && fs::exists(damaged.string() + "-wal")) {
    fs::copy_file(damaged.string() + "-wal", copy.string() + "-wal", error);
  }
  if (error) {
    throw StorageError("cannot copy " + damaged.string() + " to recover it: " + error.message());
  }
  {
    Database log(copy, Database::Access::create);
    sqlite3_exec(log.handle(), "SELECT count(*) FROM sqlite_schema", nullptr, nullptr, nullptr);
    sqlite3_wal_checkpoint_v2(log.handle(), "main", SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
  }
  const fs::path built = staging / "midline.db";
  if (const std::string problem = run_recover(copy, built, staging / "recover.log");
      !problem.empty()) {
    throw StorageError("could not recover " + damaged.string() + ": " + problem);
  }
  {
    Database db(built, Database::Access::create);
    db.execute("PRAGMA foreign_keys = OFF");
    // Rows on pages that no table led to any more (a damaged root or inner page) land in
    // lost_and_found with their field count; a head sample is the only row with 11 fields.
    if (has_table(db, "lost_and_found") && has_table(db, "samples") && has_table(db, "sessions") &&
        has_column(db, "lost_and_found", "c10")) {
      Transaction transaction(db);
      db.execute(
          "INSERT OR IGNORE INTO samples (session_id, t_ms, rotation_tenth_deg, "
          "tilt_tenth_deg, flexion_tenth_deg, quality_pct, face_lost, sensory_trick, "
          "tremor_tenth_hz, tremor_tenth_deg, calibrated) "
          "SELECT c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10 FROM lost_and_found "
          "WHERE nfield = 11 AND c0 IN (SELECT id FROM sessions)");
      result.samples_from_lost_pages = db.changes();
      db.execute(
          "DELETE FROM lost_and_found WHERE nfield = 11 AND c0 IN (SELECT id FROM sessions)");
      transaction.commit();
    }
    if (!has_table(db, "patients") && !has_table(db, "sessions") &&
        count_rows(db, "lost_and_found") == 0) {
      throw StorageError(damaged.string() +
                         " holds none of Midline's tables: it is not a "
                         "session database, and nothing was recovered");
    }
    const int version = recovered_version(db);
    if (version < 0 || version > kSchemaVersion) {
      throw StorageError(damaged.string() + " has schema version " + std::to_string(version) +
                         ", which this Midline does not know; nothing was recovered");
    }
    db.execute("PRAGMA user_version = " + std::to_string(version));  // a number
    migrate(db);  // tables the damage took are made again, empty
    db.execute("PRAGMA journal_mode = WAL");
    result.patients = count_rows(db, "patients");
    result.sessions = count_rows(db, "sessions");
    result.exercises = count_rows(db, "exercises");
    result.samples = count_rows(db, "samples");
    result.rows_left_unplaced = count_rows(db, "lost_and_found");
    if (const std::string damage = db.damage("PRAGMA integrity_check(5)"); !damage.empty()) {
      throw StorageError("the recovered copy of " + damaged.string() +
                         " did not pass SQLite's check: " + damage);
    }
  }
  ::chmod(built.c_str(), 0600);
  if (::renameat2(AT_FDCWD, built.c_str(), AT_FDCWD, result.database.c_str(), RENAME_NOREPLACE) !=
      0) {
    throw StorageError("cannot move the recovered database to " + result.database.string() + ": " +
                       std::strerror(errno));
  }
  return result;
}

}  // namespace midline::storage
