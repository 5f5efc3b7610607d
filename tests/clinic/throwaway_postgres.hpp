#pragma once
// A throwaway PostgreSQL server for the clinic tests and benchmark: initdb and pg_ctl (Debian's
// PostgreSQL 15 binaries) in a fresh folder under /tmp, on a free port of localhost only.
// TLS is on with a CA, a server certificate and an administrator's client certificate that
// this fixture makes with openssl; pg_hba.conf admits `hostssl` only: the administrator
// (midline_admin, a superuser) by client certificate, everyone else by scram-sha-256.
// PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user
// (runuser). One server per test program (shared_server()); each test takes its own database.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace midline::testing {

class ThrowawayPostgres {
 public:
  // Why no server can be started here (no PostgreSQL binaries, no openssl, no `postgres`
  // user while running as root), in one sentence; empty when one can.
  static std::string unavailable_reason();

  // Starts the server; throws std::runtime_error with the failing command's output.
  ThrowawayPostgres();
  ~ThrowawayPostgres();  // stops the server and removes its folder
  ThrowawayPostgres(const ThrowawayPostgres&) = delete;
  ThrowawayPostgres& operator=(const ThrowawayPostgres&) = delete;

  int port() const { return port_; }
  const std::filesystem::path& ca_file() const { return ca_file_; }
  // The CA's key: the clinic's CA signs stations' client certificates too (ssl_ca_file).
  std::filesystem::path ca_key_file() const { return dir_ / "ca.key"; }
  // Admits members of `group_role` by client certificate (`cert`), ahead of the SCRAM lines,
  // and reloads the server's configuration.
  void admit_by_certificate(const std::string& group_role);
  // A new, empty database; returns its name.
  std::string create_database();
  // The administrator's connection string to `database` (client certificate, verify-full).
  std::string admin_url(const std::string& database) const;
  // The server's log, for a failing test's message.
  std::string log_tail() const;

 private:
  void stop_and_remove();

  std::filesystem::path dir_, data_, ca_file_, client_cert_, client_key_;
  int port_ = 0;
  int databases_ = 0;
  bool started_ = false;
};

// The one server of this test program, started on first use and stopped at exit; nullptr
// (with `why` set) when none can run here.
ThrowawayPostgres* shared_server(std::string* why = nullptr);

}  // namespace midline::testing

// In a GoogleTest: skips the test, saying why, when no server can run here.
#define MIDLINE_NEED_POSTGRES(server)                                                   \
  std::string midline_pg_why;                                                           \
  ::midline::testing::ThrowawayPostgres* server =                                      \
      ::midline::testing::shared_server(&midline_pg_why);                               \
  if (!server) GTEST_SKIP() << midline_pg_why
