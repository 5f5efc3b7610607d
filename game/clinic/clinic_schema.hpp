#pragma once
// The clinic's side, in a PostgreSQL database the clinic owns: the schema `midline` and its
// migrations, and the roles that may use it. Three roles of no login per database (named after
// it, so two Midline databases on one server never share rights):
//   DB_owner      owns every table (no one logs in as it; app roles never own tables),
//   DB_station    what each station's login role is a member of: it may insert rows of its own
//                 patient only and read that patient's plans,
//   DB_clinician  what each clinician's login role is a member of: it reads its own patients'
//                 rows and writes their plans (new versions only).
// and DB_station_cert, of no rights: the stations that log in by client certificate are members
// too, so that pg_hba.conf can admit them with `cert` (`+DB_station_cert`).
// Every table has FORCE ROW LEVEL SECURITY and a policy per role. `received_at` is always the
// server's clock.

#include <string>
#include <vector>

#include "clinic/pg.hpp"

namespace midline::clinic {

inline constexpr int kClinicSchemaVersion = 1;

struct ClinicRoles {
  std::string owner, station, clinician;
  std::string station_by_certificate;  // DB_station_cert
};
// The roles of the database `database` (its name made lower-case letters, digits and '_').
ClinicRoles clinic_roles(const std::string& database);

struct InitResult {
  int from_version = 0;  // 0: the schema was new
  int to_version = 0;
};
// Creates (or brings up to date) the schema, its roles, row-level security and policies, in
// one transaction. The connection needs the right to create roles (a superuser, or CREATEROLE
// with the database's ownership). Throws ClinicError; a schema newer than this Midline knows is
// left untouched.
InitResult init_clinic(PgConnection& admin);
int clinic_schema_version(PgConnection& connection);  // 0 when the schema is absent

// A new login role and its password (shown once, written into the connection file).
struct Credentials {
  std::string role;
  std::string password;
};

// A pseudonym Midline accepts: letters, digits, '-' and '_', 1 to 64 of them (P-0001). Names
// never go to the clinic.
bool valid_pseudonym(const std::string& pseudonym);

// A station for `pseudonym`'s home: a login role (at most 3 connections) that is a member of
// DB_station and is tied to that patient. Adds the patient when new. It logs in with a password
// (SCRAM-SHA-256), or by client certificate (no password at all; a member of DB_station_cert;
// the caller makes the certificate, for CN = the role). Throws ClinicError (invalid for a bad
// pseudonym, or when the schema is missing).
enum class StationLogin { password, certificate };
Credentials add_station(PgConnection& admin, const std::string& pseudonym,
                        StationLogin login = StationLogin::password);

// A clinician login role (`name`: letters, digits, '_'), following `patients`; an existing
// clinician gets the patients added and a new password. Throws ClinicError.
Credentials add_clinician(PgConnection& admin, const std::string& name,
                          const std::vector<std::string>& patients);

// A fresh random password (libsodium), safe in a TOML string and a connection string.
std::string random_password();

}  // namespace midline::clinic
