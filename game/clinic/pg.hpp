#pragma once
// A thin layer over libpq (Debian's libpq5) for the clinic's PostgreSQL: one connection, one
// result, a transaction, and errors sorted into what a person can act on. Nothing else in
// Midline speaks to libpq.

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

struct pg_conn;
struct pg_result;

namespace midline::clinic {

class ClinicError : public std::runtime_error {
 public:
  enum class Kind {
    no_connection,    // the server could not be reached (network, host, port, timeout)
    bad_certificate,  // TLS: the server's certificate did not check out, or no CA file
    refused,          // the server refused the login (password, role, no hba entry)
    denied,           // the database refused what was asked (privileges, row-level security)
    conflict,         // someone else wrote first (a unique key, a plan's version)
    invalid,          // a file or an answer that is not what it should be
    other,
  };
  ClinicError(Kind kind, const std::string& what, std::string sqlstate = {})
      : std::runtime_error(what), kind_(kind), sqlstate_(std::move(sqlstate)) {}
  Kind kind() const { return kind_; }
  const std::string& sqlstate() const { return sqlstate_; }

 private:
  Kind kind_;
  std::string sqlstate_;
};

class PgResult {
 public:
  explicit PgResult(pg_result* result) : result_(result) {}
  ~PgResult();
  PgResult(PgResult&& other) noexcept : result_(std::exchange(other.result_, nullptr)) {}
  PgResult& operator=(PgResult&&) = delete;
  PgResult(const PgResult&) = delete;

  int rows() const;
  bool is_null(int row, int column) const;
  std::string text(int row, int column) const;
  std::optional<std::string> optional_text(int row, int column) const;
  int64_t integer(int row, int column) const;
  std::optional<int64_t> optional_integer(int row, int column) const;
  int64_t affected_rows() const;  // of an INSERT, UPDATE or DELETE

 private:
  pg_result* result_;
};

using PgParam = std::optional<std::string>;  // nullopt is SQL NULL

class PgConnection {
 public:
  // Connects with libpq keywords and values (host, port, dbname, user, password, sslmode,
  // sslrootcert, ...), or with `conninfo` (a libpq connection string or postgresql:// URI).
  // `server` names the server in messages ("the clinic's database at host:5432/db").
  // Throws ClinicError (no_connection, bad_certificate or refused).
  PgConnection(const std::vector<std::pair<std::string, std::string>>& keywords,
               const std::string& server);
  PgConnection(const std::string& conninfo, const std::string& server);
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // Runs one statement with $1, $2... parameters (text). Throws ClinicError.
  PgResult exec(const std::string& sql, const std::vector<PgParam>& params = {});
  // Runs statements with no parameters (a migration). Throws ClinicError.
  void exec_script(const std::string& sql);

  std::string quote_identifier(const std::string& name) const;
  std::string quote_literal(const std::string& value) const;
  // The SCRAM-SHA-256 verifier of `password` for `role`, made here, so that the password
  // itself never reaches the server or its logs.
  std::string scram_verifier(const std::string& password, const std::string& role) const;
  const std::string& server() const { return server_; }
  std::string user() const;
  std::string host() const;
  std::string port() const;
  // A connection setting as used (e.g. "sslrootcert"); empty when not set.
  std::string option(const std::string& keyword) const;
  std::string database() const;

 private:
  void connect(const std::vector<std::pair<std::string, std::string>>& keywords, bool expand_dbname);
  [[noreturn]] void fail(pg_result* result, const std::string& doing);
  pg_conn* conn_ = nullptr;
  std::string server_;
};

// BEGIN now; ROLLBACK on destruction unless commit() ran.
class PgTransaction {
 public:
  explicit PgTransaction(PgConnection& connection);
  ~PgTransaction();
  PgTransaction(const PgTransaction&) = delete;
  PgTransaction& operator=(const PgTransaction&) = delete;
  void commit();

 private:
  PgConnection& connection_;
  bool open_ = true;
};

// The kind's name as kept in the store ("no_connection"), and back (other when unknown).
const char* to_string(ClinicError::Kind kind);
ClinicError::Kind error_kind_from(const std::string& name);

// How `server` is named from libpq settings: "host:port/dbname".
std::string describe_server(const std::string& host, const std::string& port,
                            const std::string& database);

}  // namespace midline::clinic
