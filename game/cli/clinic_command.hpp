#pragma once
// `midline clinic ...` for a clinic's IT and clinicians, `midline sync` for a station:
//   midline clinic init URL                      the schema, roles and row-level security
//   midline clinic add-station URL --patient P-0001 --out station.toml [--ca CA.pem] [--host H]
//       [--client-cert --client-ca-key CA.key [--client-ca CA.pem]]   (a certificate, no password)
//   midline clinic add-clinician URL --name NAME --patient P-0001... --out NAME.toml
//   midline clinic enrol station.toml [--data-dir D]   (on the station)
//   midline clinic enrol NAME.toml [--data-dir D]      (a clinician's, for clinician mode)
//   midline clinic publish-plan CLINICIAN.toml --patient P-0001 --plan FILE --based-on N
//   midline sync [--data-dir D]                   sessions up, the newest plan down
// URL is a libpq connection string or postgresql:// URI of a role that may create roles.

#include <CLI/CLI.hpp>
#include <iosfwd>

namespace midline::cli {

// Each registers its subcommand; when chosen it runs during parsing and ends it with
// CLI::RuntimeError carrying the exit code (0 on success), which CLI::App::exit returns.
void add_clinic_command(CLI::App& app);
void add_sync_command(CLI::App& app);

// The commands themselves, for tests: messages to `out`, problems to `err`; the exit code.
int run_clinic_init(const std::string& url, std::ostream& out, std::ostream& err);
struct NewLoginOptions {
  std::string url;
  std::string name;                   // add-clinician
  std::vector<std::string> patients;  // add-station: exactly one
  std::filesystem::path out_file;
  std::filesystem::path ca_file;  // default: the URL's sslrootcert
  std::string host;               // the server's name for stations; default: the URL's host
  // add-station --client-cert: the station logs in by a certificate signed by this CA (the
  // one the server's ssl_ca_file names) instead of a password.
  bool client_certificate = false;
  std::filesystem::path client_ca_file;  // default: ca_file, else the URL's sslrootcert
  std::filesystem::path client_ca_key;   // required with client_certificate
};
// How long a station's client certificate is valid.
inline constexpr int kClientCertificateDays = 730;
int run_add_station(const NewLoginOptions& options, std::ostream& out, std::ostream& err);
int run_add_clinician(const NewLoginOptions& options, std::ostream& out, std::ostream& err);
int run_enrol(const std::filesystem::path& file, const std::filesystem::path& data_dir,
              std::ostream& out, std::ostream& err);
int run_publish_plan(const std::filesystem::path& connection_file, const std::string& patient,
                     const std::filesystem::path& plan_file, int64_t based_on, std::ostream& out,
                     std::ostream& err);
int run_sync(const std::filesystem::path& data_dir, int64_t now_ms, std::ostream& out,
             std::ostream& err);

}  // namespace midline::cli
