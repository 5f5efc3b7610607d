#include "storage/sqlite.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <utility>

namespace midline::storage {

// ---- Database -------------------------------------------------------------------------------

namespace {

// A file: URI for `file` (percent-encoding what a URI path cannot hold as it is).
std::string file_uri(const std::filesystem::path& file, std::string_view query) {
  std::string uri = "file:";
  for (const char c : std::filesystem::absolute(file).string()) {
    if (c == '%' || c == '?' || c == '#') {
      char escaped[4];
      std::snprintf(escaped, sizeof escaped, "%%%02X", static_cast<unsigned char>(c));
      uri += escaped;
    } else {
      uri += c;
    }
  }
  return uri + "?" + std::string(query);
}

// SQLite found the file damaged while this (writing) connection used it: a mark beside it makes
// the game's next start set the file aside even when the start's check misses the damage, so
// a patient is never stopped at every start by the same error. Read-only connections (exports)
// leave no mark.
void mark_damaged(sqlite3* db, const std::filesystem::path& file, int code) {
  const int primary = code & 0xff;
  if ((primary != SQLITE_CORRUPT && primary != SQLITE_NOTADB) ||
      sqlite3_db_readonly(db, "main") != 0)
    return;
  if (file.empty() || file == ":memory:") return;
  const std::string mark = file.string() + ".damaged";
  const int fd = ::open(mark.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  if (fd >= 0) ::close(fd);
}

}  // namespace

Database::Database(const std::filesystem::path& file, Access access) : file_(file) {
  // One connection per thread, never shared. Read-only connections never write the file, so
  // never checkpoint or remove a log another process is writing.
  const bool read_only = access == Access::read_only || access == Access::read_only_unchanging;
  const int flags = SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX |
                    (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  const std::string uri = access == Access::in_memory   ? std::string(":memory:")
                          : access == Access::read_only ? file_uri(file, "mode=ro")
                          : access == Access::read_only_unchanging
                              ? file_uri(file, "mode=ro&immutable=1")
                              : file_uri(file, "mode=rwc");
  const int rc = sqlite3_open_v2(uri.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    const std::string why = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    throw StorageError("cannot open the session database " + file.string() + ": " + why, rc);
  }
  sqlite3_extended_result_codes(db_, 1);
  // Wait for a concurrent writer's short transactions rather than failing at once.
  sqlite3_busy_timeout(db_, 5000);
}

Database::~Database() {
  sqlite3_close(db_);
}

void Database::execute(std::string_view sql) {
  char* message = nullptr;
  const int rc = sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    const std::string why = message ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    mark_damaged(db_, file_, rc);
    throw StorageError("session database " + file_.string() + ": " + why, rc);
  }
}

std::string Database::damage(std::string_view pragma) {
  Statement check(*this, pragma);
  std::string found;
  while (check.step()) {
    const std::string row = check.column_text(0);
    if (row == "ok") continue;
    found += (found.empty() ? "" : "; ") + row;
  }
  return found;
}

void Database::fail(int code, std::string_view doing) const {
  mark_damaged(db_, file_, code);
  throw StorageError(
      "session database " + file_.string() + ": " + std::string(doing) + ": " + sqlite3_errmsg(db_),
      code);
}

// ---- Statement ------------------------------------------------------------------------------

Statement::Statement(Database& db, std::string_view sql) : db_(&db) {
  const int rc = sqlite3_prepare_v3(db.handle(), sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr);
  if (rc != SQLITE_OK) db.fail(rc, "preparing \"" + std::string(sql.substr(0, 60)) + "\"");
}

Statement::~Statement() {
  sqlite3_finalize(stmt_);
}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)) {}

Statement& Statement::bind(int index, int64_t value) {
  const int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc != SQLITE_OK) db_->fail(rc, "binding a value");
  return *this;
}

Statement& Statement::bind(int index, double value) {
  const int rc = sqlite3_bind_double(stmt_, index, value);
  if (rc != SQLITE_OK) db_->fail(rc, "binding a value");
  return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
  const int rc = sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()),
                                   SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) db_->fail(rc, "binding a value");
  return *this;
}

Statement& Statement::bind_null(int index) {
  const int rc = sqlite3_bind_null(stmt_, index);
  if (rc != SQLITE_OK) db_->fail(rc, "binding a value");
  return *this;
}

bool Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  sqlite3_reset(stmt_);
  db_->fail(rc, "running \"" + std::string(sqlite3_sql(stmt_)).substr(0, 60) + "\"");
}

void Statement::run() {
  while (step()) {
  }
  reset();
}

void Statement::reset() {
  sqlite3_reset(stmt_);
}

bool Statement::is_null(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}
int64_t Statement::column_int(int column) const {
  return sqlite3_column_int64(stmt_, column);
}
double Statement::column_double(int column) const {
  return sqlite3_column_double(stmt_, column);
}
std::string Statement::column_text(int column) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  return text ? std::string(text, static_cast<size_t>(sqlite3_column_bytes(stmt_, column)))
              : std::string();
}
std::optional<int64_t> Statement::column_optional_int(int column) const {
  if (is_null(column)) return std::nullopt;
  return column_int(column);
}
std::optional<double> Statement::column_optional_double(int column) const {
  if (is_null(column)) return std::nullopt;
  return column_double(column);
}

// ---- Transaction ----------------------------------------------------------------------------

Transaction::Transaction(Database& db, bool immediate) : db_(db) {
  db_.execute(immediate ? "BEGIN IMMEDIATE" : "BEGIN");
}

Transaction::~Transaction() {
  if (!done_) sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
  db_.execute("COMMIT");
  done_ = true;
}

}  // namespace midline::storage
