#include "clinic/throwaway_postgres.hpp"

#include <libpq-fe.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <chrono>
#include <vector>

namespace midline::testing {
namespace {

namespace fs = std::filesystem;

// Debian's PostgreSQL server binaries (postgresql-15), newest first.
std::optional<fs::path> server_bin_dir() {
  std::vector<fs::path> found;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec))
    if (fs::exists(entry.path() / "bin" / "initdb") && fs::exists(entry.path() / "bin" / "pg_ctl"))
      found.push_back(entry.path() / "bin");
  if (found.empty()) return std::nullopt;
  std::sort(found.begin(), found.end());
  return found.back();
}

bool running_as_root() { return ::geteuid() == 0; }

// Appended, not `"'" + p.string()`: GCC 12 warns (-Wrestrict) of a string's own insert there.
std::string quoted(const fs::path& p) {
  std::string text = "'";
  text += p.string();
  text += "'";
  return text;
}

std::string read_tail(const fs::path& file, size_t max_chars = 3000) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  std::string s = text.str();
  return s.size() > max_chars ? s.substr(s.size() - max_chars) : s;
}

// Runs `command` in `dir` with its output in DIR/commands.log; throws with that output.
void run(const fs::path& dir, const std::string& command, bool as_server_user = false) {
  const fs::path log = dir / "commands.log";
  const std::string prefix = as_server_user && running_as_root() ? "runuser -u postgres -- " : "";
  const std::string line = "cd " + quoted(dir) + " && " + prefix + command + " >" + quoted(log) +
                           " 2>&1";
  if (std::system(line.c_str()) != 0)
    throw std::runtime_error("the test PostgreSQL could not be set up: `" + command +
                             "` failed:\n" + read_tail(log));
}

int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof address;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    if (fd >= 0) ::close(fd);
    throw std::runtime_error("no free TCP port on localhost for the test PostgreSQL");
  }
  ::close(fd);
  return ntohs(address.sin_port);
}

void write_file(const fs::path& file, const std::string& text, bool append = false) {
  std::ofstream out(file, append ? std::ios::app : std::ios::trunc);
  out << text;
  if (!out) throw std::runtime_error("could not write " + file.string());
}

}  // namespace

std::string ThrowawayPostgres::unavailable_reason() {
  if (!server_bin_dir())
    return "no PostgreSQL server binaries in /usr/lib/postgresql/*/bin (install the Debian "
           "package 'postgresql' to run the clinic tests)";
  if (std::system("command -v openssl >/dev/null 2>&1") != 0)
    return "no openssl command (install the Debian package 'openssl') to make the test "
           "certificates";
  if (running_as_root() && std::system("id -u postgres >/dev/null 2>&1") != 0)
    return "running as root, and PostgreSQL refuses root: no 'postgres' user to run it as";
  return "";
}

ThrowawayPostgres::ThrowawayPostgres() {
  const fs::path bin = *server_bin_dir();
  std::string pattern = (fs::temp_directory_path() / "midline-pg-XXXXXX").string();
  if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed for the test PostgreSQL");
  dir_ = pattern;
  data_ = dir_ / "data";
  ca_file_ = dir_ / "ca.crt";
  client_cert_ = dir_ / "admin.crt";
  client_key_ = dir_ / "admin.key";
  fs::permissions(dir_, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                            fs::perms::others_read | fs::perms::others_exec);
  try {
    // Certificates: a CA, the server's (localhost, 127.0.0.1, ::1) and the administrator's.
    const std::string ec_key = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
    run(dir_, "openssl req -x509 " + ec_key +
                  " -keyout ca.key -out ca.crt -days 2 -subj '/CN=Midline test clinic CA'");
    write_file(dir_ / "server.ext", "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1\n");
    run(dir_, "openssl req " + ec_key + " -keyout server.key -out server.csr -subj '/CN=localhost'");
    run(dir_, "openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial "
              "-out server.crt -days 2 -extfile server.ext");
    run(dir_, "openssl req " + ec_key + " -keyout admin.key -out admin.csr -subj '/CN=midline_admin'");
    run(dir_, "openssl x509 -req -in admin.csr -CA ca.crt -CAkey ca.key -CAcreateserial "
              "-out admin.crt -days 2");
    fs::permissions(dir_ / "server.key", fs::perms::owner_read | fs::perms::owner_write);
    fs::permissions(client_key_, fs::perms::owner_read | fs::perms::owner_write);
    if (running_as_root()) run(dir_, "chown postgres server.key server.crt ca.crt");

    fs::create_directory(data_);
    fs::permissions(data_, fs::perms::owner_all);
    if (running_as_root()) run(dir_, "chown postgres data");
    run(dir_, quoted(bin / "initdb") + " -D data -U midline_admin -A trust -E UTF8 --locale=C "
                                       "--no-sync --no-instructions",
        true);
    port_ = free_port();
    write_file(data_ / "postgresql.conf",
               "\n# The clinic tests' throwaway server\n"
               "port = " + std::to_string(port_) + "\n"
               "listen_addresses = 'localhost'\n"
               "unix_socket_directories = ''\n"
               "ssl = on\n"
               "ssl_cert_file = '" + (dir_ / "server.crt").string() + "'\n"
               "ssl_key_file = '" + (dir_ / "server.key").string() + "'\n"
               "ssl_ca_file = '" + ca_file_.string() + "'\n"
               "password_encryption = 'scram-sha-256'\n"
               "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
               "max_connections = 40\nshared_buffers = '32MB'\n",
               true);
    write_file(data_ / "pg_hba.conf",
               "# TLS only: the administrator by client certificate, everyone else by SCRAM\n"
               "hostssl all midline_admin 127.0.0.1/32 cert\n"
               "hostssl all midline_admin ::1/128 cert\n"
               "hostssl all all 127.0.0.1/32 scram-sha-256\n"
               "hostssl all all ::1/128 scram-sha-256\n");
    if (running_as_root()) run(dir_, "chown postgres data/postgresql.conf data/pg_hba.conf");
    run(dir_, quoted(bin / "pg_ctl") + " -D data -l data/server.log -w -t 60 start", true);
    started_ = true;
  } catch (...) {
    stop_and_remove();  // a half-made server is stopped and removed
    throw;
  }
}

ThrowawayPostgres::~ThrowawayPostgres() { stop_and_remove(); }

void ThrowawayPostgres::stop_and_remove() {
  if (started_) {
    const fs::path bin = *server_bin_dir();
    try {
      run(dir_, quoted(bin / "pg_ctl") + " -D data -m immediate -w stop", true);
    } catch (const std::exception&) {  // removing the folder below still matters
    }
    started_ = false;
  }
  std::error_code ignored;
  if (!dir_.empty()) fs::remove_all(dir_, ignored);
  dir_.clear();
}

std::string ThrowawayPostgres::admin_url(const std::string& database) const {
  return "host=localhost port=" + std::to_string(port_) + " dbname=" + database +
         " user=midline_admin sslmode=verify-full sslrootcert=" + ca_file_.string() +
         " sslcert=" + client_cert_.string() + " sslkey=" + client_key_.string() +
         " connect_timeout=10";
}

std::string ThrowawayPostgres::create_database() {
  const std::string name = "clinic_test_" + std::to_string(++databases_);
  PGconn* conn = PQconnectdb(admin_url("postgres").c_str());
  std::string error;
  if (PQstatus(conn) != CONNECTION_OK) {
    error = PQerrorMessage(conn);
  } else {
    PGresult* result = PQexec(conn, ("CREATE DATABASE " + name).c_str());
    if (PQresultStatus(result) != PGRES_COMMAND_OK) error = PQresultErrorMessage(result);
    PQclear(result);
  }
  PQfinish(conn);
  if (!error.empty())
    throw std::runtime_error("the test PostgreSQL made no database " + name + ": " + error);
  return name;
}

void ThrowawayPostgres::admit_by_certificate(const std::string& group_role) {
  const fs::path hba = data_ / "pg_hba.conf";
  std::ifstream in(hba);
  std::stringstream text;
  text << in.rdbuf();
  write_file(hba, "hostssl all +" + group_role + " 127.0.0.1/32 cert\n" + "hostssl all +" +
                      group_role + " ::1/128 cert\n" + text.str());
  PGconn* conn = PQconnectdb(admin_url("postgres").c_str());
  std::string error;
  if (PQstatus(conn) != CONNECTION_OK) {
    error = PQerrorMessage(conn);
  } else {
    PGresult* result = PQexec(conn, "SELECT pg_reload_conf()");
    if (PQresultStatus(result) != PGRES_TUPLES_OK) error = PQresultErrorMessage(result);
    PQclear(result);
  }
  PQfinish(conn);
  if (!error.empty()) throw std::runtime_error("the test PostgreSQL did not reload: " + error);
  // The postmaster rereads pg_hba.conf on its SIGHUP, between connections: let it.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
}

std::string ThrowawayPostgres::log_tail() const { return read_tail(data_ / "server.log"); }

ThrowawayPostgres* shared_server(std::string* why) {
  static std::string reason = ThrowawayPostgres::unavailable_reason();
  static std::unique_ptr<ThrowawayPostgres> server;
  if (!reason.empty()) {
    if (why) *why = reason;
    return nullptr;
  }
  if (!server) {
    try {
      server = std::make_unique<ThrowawayPostgres>();
    } catch (const std::exception& e) {
      reason = e.what();  // said once, not tried again for every test
      throw;
    }
  }
  return server.get();
}

}  // namespace midline::testing
