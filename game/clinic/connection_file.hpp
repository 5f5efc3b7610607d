#pragma once
// A connection to the clinic's database as a file: `midline clinic add-station` writes one for
// a station (and `add-clinician` for a clinician), `midline clinic enrol` keeps it in the data
// folder. It holds a password, so it is written readable by its owner only (0600). TLS always
// checks the server's name and certificate (sslmode verify-full) against the clinic's CA,
// which the file carries.
//
//   # Midline: connection to the clinic's database ...
//   host = "db.clinic.example"
//   port = 5432
//   database = "midline"
//   role = "midline_station_p_0001_123456"
//   password = "..."
//   patient = "P-0001"          # a station's; a clinician's file has none
//   ca_certificate = "-----BEGIN CERTIFICATE-----\n..."
//
// A station made with `add-station --client-cert` logs in by certificate instead of password:
// its file has client_certificate and client_key (PEM) and no password.

#include <filesystem>
#include <optional>
#include <string>

#include "clinic/pg.hpp"

namespace midline::clinic {

struct ClinicConnection {
  std::string host;
  int port = 5432;
  std::string database;
  std::string role;
  std::string password;                // empty for a login by client certificate
  std::string ca_certificate;          // PEM: the CA that signed the server's certificate
  std::string client_certificate;      // PEM: the station's own, signed by the clinic's CA
  std::string client_key;              // PEM: its private key
  bool by_certificate() const { return !client_certificate.empty(); }
  std::optional<std::string> patient;  // the pseudonym a station sends for
  std::string server() const;          // "host:port/database", for messages
};

std::string connection_to_toml(const ClinicConnection& connection);
// Reads and checks a connection file; throws ClinicError (invalid) naming the file and field.
ClinicConnection read_connection_file(const std::filesystem::path& file);
// Writes `text` to `file` readable by its owner only (0600), whole or not at all (a temporary
// file renamed). Throws ClinicError naming the file.
void write_private_file(const std::filesystem::path& file, const std::string& text);

// Connects with TLS verify-full and SCRAM. Throws ClinicError (no_connection, bad_certificate,
// refused). `timeout_s` bounds the wait for an unreachable server.
std::unique_ptr<PgConnection> connect(const ClinicConnection& connection, int timeout_s = 10);

}  // namespace midline::clinic
