// The throwaway server itself: TLS with its CA, the administrator by client certificate, and
// nothing without TLS or with another CA.

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <fstream>
#include <string>

#include "clinic/throwaway_postgres.hpp"
#include "storage/temp_dir.hpp"

namespace {

// The libpq error of connecting with `conninfo`, empty when it connected.
std::string connection_error(const std::string& conninfo) {
  PGconn* conn = PQconnectdb(conninfo.c_str());
  std::string error = PQstatus(conn) == CONNECTION_OK ? "" : PQerrorMessage(conn);
  if (error.empty() && !PQsslInUse(conn)) error = "connected without TLS";
  PQfinish(conn);
  return error;
}

TEST(ThrowawayPostgres, AdmitsTheAdministratorOverVerifiedTls) {
  MIDLINE_NEED_POSTGRES(server);
  const std::string database = server->create_database();
  EXPECT_EQ(connection_error(server->admin_url(database)), "") << server->log_tail();
}

TEST(ThrowawayPostgres, RefusesConnectionsWithoutTls) {
  MIDLINE_NEED_POSTGRES(server);
  const std::string plain = "host=localhost port=" + std::to_string(server->port()) +
                            " dbname=postgres user=midline_admin sslmode=disable";
  EXPECT_NE(connection_error(plain).find("no pg_hba.conf entry"), std::string::npos);
}

TEST(ThrowawayPostgres, RefusesTheAdministratorWithoutItsCertificate) {
  MIDLINE_NEED_POSTGRES(server);
  const std::string no_cert = "host=localhost port=" + std::to_string(server->port()) +
                              " dbname=postgres user=midline_admin sslmode=verify-full "
                              "sslcert=/nonexistent sslkey=/nonexistent sslrootcert=" +
                              server->ca_file().string();
  EXPECT_NE(connection_error(no_cert).find("certificate"), std::string::npos);
}

TEST(ThrowawayPostgres, ItsCertificateFailsAgainstAnotherCa) {
  MIDLINE_NEED_POSTGRES(server);
  midline::testing::TempDir dir;
  const auto other_ca = dir.path() / "other-ca.crt";
  ASSERT_EQ(std::system(("cd " + dir.path().string() +
                         " && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 "
                         "-nodes -keyout k -out other-ca.crt -days 1 -subj /CN=other "
                         ">/dev/null 2>&1")
                            .c_str()),
            0);
  std::string url = server->admin_url("postgres");
  url.replace(url.find(server->ca_file().string()), server->ca_file().string().size(),
              other_ca.string());
  EXPECT_NE(connection_error(url).find("certificate verify failed"), std::string::npos);
}

}  // namespace
