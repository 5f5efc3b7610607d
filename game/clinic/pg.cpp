#include "clinic/pg.hpp"

#include <libpq-fe.h>

#include <cstdlib>

namespace midline::clinic {
namespace {

std::string first_line(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  if (const auto nl = text.find('\n'); nl != std::string::npos) text.resize(nl);
  return text;
}

bool mentions(const std::string& text, const char* what) { return text.find(what) != std::string::npos; }

// Why a connection failed, in words a clinic's IT can act on.
ClinicError connection_error(const std::string& libpq_message, const std::string& server) {
  const std::string m = first_line(libpq_message);
  // The server refused this station's own certificate (or asked for one it did not get).
  if (mentions(libpq_message, "alert unknown ca") || mentions(libpq_message, "alert bad certificate") ||
      mentions(libpq_message, "alert certificate required") ||
      mentions(libpq_message, "requires a valid client certificate") ||
      mentions(libpq_message, "certificate authentication failed")) {
    return ClinicError(ClinicError::Kind::refused,
                       "the clinic's database at " + server + " refused this login's certificate: " +
                           m + ". Ask the clinic's IT for a new connection file.");
  }
  if (mentions(libpq_message, "certificate") || mentions(libpq_message, "SSL") ||
      mentions(libpq_message, "does not match host name") || mentions(libpq_message, "sslmode")) {
    return ClinicError(ClinicError::Kind::bad_certificate,
                       "the clinic's database at " + server +
                           " could not be checked as the right server (TLS certificate): " + m +
                           ". Ask the clinic's IT for a new connection file.");
  }
  if (mentions(libpq_message, "password authentication failed") ||
      mentions(libpq_message, "pg_hba.conf") || mentions(libpq_message, "does not exist") ||
      mentions(libpq_message, "too many connections for role") ||
      mentions(libpq_message, "permission denied") ||
      mentions(libpq_message, "certificate authentication failed")) {
    return ClinicError(ClinicError::Kind::refused,
                       "the clinic's database at " + server + " refused this login: " + m +
                           ". The station may have been removed; ask the clinic's IT.");
  }
  return ClinicError(ClinicError::Kind::no_connection,
                     "no connection to the clinic's database at " + server + ": " + m);
}

}  // namespace

PgResult::~PgResult() {
  if (result_) PQclear(result_);
}
int PgResult::rows() const { return PQntuples(result_); }
bool PgResult::is_null(int row, int column) const { return PQgetisnull(result_, row, column) != 0; }
std::string PgResult::text(int row, int column) const { return PQgetvalue(result_, row, column); }
std::optional<std::string> PgResult::optional_text(int row, int column) const {
  if (is_null(row, column)) return std::nullopt;
  return text(row, column);
}
int64_t PgResult::integer(int row, int column) const {
  return std::strtoll(PQgetvalue(result_, row, column), nullptr, 10);
}
std::optional<int64_t> PgResult::optional_integer(int row, int column) const {
  if (is_null(row, column)) return std::nullopt;
  return integer(row, column);
}
int64_t PgResult::affected_rows() const { return std::strtoll(PQcmdTuples(result_), nullptr, 10); }

PgConnection::PgConnection(const std::vector<std::pair<std::string, std::string>>& keywords,
                           const std::string& server)
    : server_(server) {
  connect(keywords, false);
}

// `conninfo` is read by libpq as a connection string or URI (given as dbname, expanded).
PgConnection::PgConnection(const std::string& conninfo, const std::string& server)
    : server_(server) {
  connect({{"dbname", conninfo}}, true);
}

void PgConnection::connect(const std::vector<std::pair<std::string, std::string>>& keywords,
                           bool expand_dbname) {
  std::vector<const char*> keys, values;
  for (const auto& [key, value] : keywords) {
    keys.push_back(key.c_str());
    values.push_back(value.c_str());
  }
  keys.push_back(nullptr);
  values.push_back(nullptr);
  conn_ = PQconnectdbParams(keys.data(), values.data(), expand_dbname ? 1 : 0);
  if (PQstatus(conn_) != CONNECTION_OK) {
    const std::string message = conn_ ? PQerrorMessage(conn_) : "out of memory";
    PQfinish(conn_);
    conn_ = nullptr;
    throw connection_error(message, server_);
  }
  PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);  // "already exists, skipping"
}

PgConnection::~PgConnection() {
  if (conn_) PQfinish(conn_);
}

void PgConnection::fail(pg_result* result, const std::string& doing) {
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const std::string sqlstate = state ? state : "";
  std::string message = first_line(result ? PQresultErrorMessage(result) : PQerrorMessage(conn_));
  if (message.empty()) message = first_line(PQerrorMessage(conn_));
  if (result) PQclear(result);
  if (PQstatus(conn_) != CONNECTION_OK || sqlstate.rfind("08", 0) == 0)
    throw ClinicError(ClinicError::Kind::no_connection,
                      "the connection to the clinic's database at " + server_ + " was lost " +
                          doing + ": " + message,
                      sqlstate);
  ClinicError::Kind kind = ClinicError::Kind::other;
  if (sqlstate == "42501") kind = ClinicError::Kind::denied;  // privileges, row-level security
  if (sqlstate == "23505" || sqlstate == "40001") kind = ClinicError::Kind::conflict;
  throw ClinicError(kind, "the clinic's database at " + server_ + " refused " + doing + ": " + message,
                    sqlstate);
}

PgResult PgConnection::exec(const std::string& sql, const std::vector<PgParam>& params) {
  std::vector<const char*> values;
  for (const PgParam& p : params) values.push_back(p ? p->c_str() : nullptr);
  pg_result* result = PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr,
                                   values.data(), nullptr, nullptr, 0);
  const ExecStatusType status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    std::string doing = sql.substr(0, sql.find_first_of(" \n("));
    fail(result, "the " + doing);
  }
  return PgResult(result);
}

void PgConnection::exec_script(const std::string& sql) {
  pg_result* result = PQexec(conn_, sql.c_str());
  const ExecStatusType status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail(result, "the migration");
  PQclear(result);
}

std::string PgConnection::quote_identifier(const std::string& name) const {
  char* quoted = PQescapeIdentifier(conn_, name.c_str(), name.size());
  if (!quoted) throw ClinicError(ClinicError::Kind::invalid, "cannot quote the name " + name);
  std::string out = quoted;
  PQfreemem(quoted);
  return out;
}

std::string PgConnection::quote_literal(const std::string& value) const {
  char* quoted = PQescapeLiteral(conn_, value.c_str(), value.size());
  if (!quoted) throw ClinicError(ClinicError::Kind::invalid, "cannot quote a value");
  std::string out = quoted;
  PQfreemem(quoted);
  return out;
}

std::string PgConnection::scram_verifier(const std::string& password, const std::string& role) const {
  char* verifier = PQencryptPasswordConn(conn_, password.c_str(), role.c_str(), "scram-sha-256");
  if (!verifier)
    throw ClinicError(ClinicError::Kind::other,
                      "libpq could not make a SCRAM verifier: " + first_line(PQerrorMessage(conn_)));
  std::string out = verifier;
  PQfreemem(verifier);
  return out;
}

std::string PgConnection::user() const { return PQuser(conn_); }
std::string PgConnection::database() const { return PQdb(conn_); }
std::string PgConnection::host() const { return PQhost(conn_); }
std::string PgConnection::port() const { return PQport(conn_); }
std::string PgConnection::option(const std::string& keyword) const {
  PQconninfoOption* options = PQconninfo(conn_);
  std::string value;
  for (PQconninfoOption* o = options; o && o->keyword; ++o)
    if (keyword == o->keyword && o->val) value = o->val;
  PQconninfoFree(options);
  return value;
}

PgTransaction::PgTransaction(PgConnection& connection) : connection_(connection) {
  connection_.exec("BEGIN");
}
PgTransaction::~PgTransaction() {
  if (!open_) return;
  try {
    connection_.exec("ROLLBACK");
  } catch (const ClinicError&) {  // a lost connection rolls back by itself
  }
}
void PgTransaction::commit() {
  connection_.exec("COMMIT");
  open_ = false;
}

namespace {
constexpr std::pair<ClinicError::Kind, const char*> kKindNames[] = {
    {ClinicError::Kind::no_connection, "no_connection"},
    {ClinicError::Kind::bad_certificate, "bad_certificate"},
    {ClinicError::Kind::refused, "refused"},
    {ClinicError::Kind::denied, "denied"},
    {ClinicError::Kind::conflict, "conflict"},
    {ClinicError::Kind::invalid, "invalid"},
    {ClinicError::Kind::other, "other"},
};
}  // namespace

const char* to_string(ClinicError::Kind kind) {
  for (const auto& [k, name] : kKindNames)
    if (k == kind) return name;
  return "other";
}
ClinicError::Kind error_kind_from(const std::string& name) {
  for (const auto& [k, n] : kKindNames)
    if (name == n) return k;
  return ClinicError::Kind::other;
}

std::string describe_server(const std::string& host, const std::string& port,
                            const std::string& database) {
  return (host.empty() ? std::string("localhost") : host) + ":" +
         (port.empty() ? std::string("5432") : port) + "/" + database;
}

}  // namespace midline::clinic
