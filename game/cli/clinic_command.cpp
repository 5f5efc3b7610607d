#include "cli/clinic_command.hpp"

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "clinic/clinic_plans.hpp"
#include "clinic/clinic_schema.hpp"
#include "clinic/clinician_view.hpp"
#include "clinic/client_certificate.hpp"
#include "clinic/connection_file.hpp"
#include "clinic/station_sync.hpp"
#include "storage/calendar.hpp"
#include "storage/session_store.hpp"

namespace midline::cli {
namespace {

namespace fs = std::filesystem;
using clinic::ClinicError;

std::optional<std::string> read_text(const fs::path& file) {
  std::ifstream in(file);
  if (!in) return std::nullopt;
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The administrator's connection: the URL as libpq reads it.
std::unique_ptr<clinic::PgConnection> admin_connection(const std::string& url) {
  return std::make_unique<clinic::PgConnection>(url, "the server named in the URL");
}

fs::path server_ca_file(clinic::PgConnection& admin, const NewLoginOptions& o) {
  return o.ca_file.empty() ? fs::path(admin.option("sslrootcert")) : o.ca_file;
}
fs::path client_ca_file(clinic::PgConnection& admin, const NewLoginOptions& o) {
  return o.client_ca_file.empty() ? server_ca_file(admin, o) : o.client_ca_file;
}

// A login's connection file, from the administrator's connection and the options.
int write_login_file(clinic::PgConnection& admin, const NewLoginOptions& o,
                     const clinic::Credentials& login, std::optional<std::string> patient,
                     std::ostream& err, const char* command) {
  const fs::path ca = server_ca_file(admin, o);
  const auto ca_text = ca.empty() ? std::nullopt : read_text(ca);
  if (!ca_text || ca_text->find("BEGIN CERTIFICATE") == std::string::npos) {
    err << "midline clinic " << command << ": "
        << (ca.empty() ? std::string("no CA certificate: give --ca FILE (the CA that signed the "
                                     "server's certificate) or sslrootcert= in the URL")
                       : "no PEM certificate in " + ca.string())
        << ". The role " << login.role << " was made; run the command again for a new one.\n";
    return 1;
  }
  clinic::ClinicConnection c;
  c.host = o.host.empty() ? admin.host() : o.host;
  c.port = std::stoi(admin.port().empty() ? std::string("5432") : admin.port());
  c.database = admin.database();
  c.role = login.role;
  c.password = login.password;
  c.ca_certificate = *ca_text;
  c.patient = std::move(patient);
  if (o.client_certificate) {  // CN = the role: what PostgreSQL's `cert` login checks
    const clinic::ClientCertificate mine = clinic::make_client_certificate(
        login.role, client_ca_file(admin, o), o.client_ca_key, kClientCertificateDays);
    c.client_certificate = mine.certificate_pem;
    c.client_key = mine.key_pem;
  }
  clinic::write_private_file(o.out_file, clinic::connection_to_toml(c));
  return 0;
}

template <typename F>
int reporting(const char* command, std::ostream& err, F&& run) {
  try {
    return run();
  } catch (const ClinicError& e) {
    err << "midline " << command << ": " << e.what() << "\n";
    return e.kind() == ClinicError::Kind::conflict ? 3 : 1;
  }
}

}  // namespace

int run_clinic_init(const std::string& url, std::ostream& out, std::ostream& err) {
  return reporting("clinic init", err, [&] {
    const auto admin = admin_connection(url);
    const clinic::InitResult r = clinic::init_clinic(*admin);
    const clinic::ClinicRoles roles = clinic::clinic_roles(admin->database());
    if (r.from_version == r.to_version)
      out << "The clinic's schema in " << admin->database() << " is up to date (version "
          << r.to_version << ").\n";
    else
      out << "The clinic's schema in " << admin->database() << " is now at version "
          << r.to_version << (r.from_version == 0 ? " (new)" : "") << ": tables owned by "
          << roles.owner << ", stations in " << roles.station << ", clinicians in "
          << roles.clinician << ", row-level security forced on every table.\n";
    return 0;
  });
}

int run_add_station(const NewLoginOptions& o, std::ostream& out, std::ostream& err) {
  return reporting("clinic add-station", err, [&] {
    const auto admin = admin_connection(o.url);
    if (o.client_certificate) {  // the CA checked before any role is made
      if (o.client_ca_key.empty())
        throw ClinicError(ClinicError::Kind::invalid,
                          "--client-cert needs --client-ca-key: the key of the CA that the "
                          "server's ssl_ca_file names, to sign the station's certificate");
      clinic::check_certificate_authority(client_ca_file(*admin, o), o.client_ca_key);
    }
    const clinic::Credentials station = clinic::add_station(
        *admin, o.patients.at(0),
        o.client_certificate ? clinic::StationLogin::certificate : clinic::StationLogin::password);
    if (const int code = write_login_file(*admin, o, station, o.patients.at(0), err, "add-station"))
      return code;
    out << "Station " << station.role << " for " << o.patients.at(0)
        << " may send that patient's sessions and read that patient's plans only.\n";
    if (o.client_certificate)
      out << "It logs in by client certificate (valid " << kClientCertificateDays
          << " days, no password): pg_hba.conf must admit it with a `cert` line for +"
          << clinic::clinic_roles(admin->database()).station_by_certificate
          << " before the scram-sha-256 line.\n";
    out << "Its connection (with its " << (o.client_certificate ? "private key" : "password")
        << "; keep it private) is in " << o.out_file.string()
        << ": on the station, run `midline clinic enrol " << o.out_file.filename().string()
        << "`.\n";
    return 0;
  });
}

int run_add_clinician(const NewLoginOptions& o, std::ostream& out, std::ostream& err) {
  return reporting("clinic add-clinician", err, [&] {
    const auto admin = admin_connection(o.url);
    const clinic::Credentials login = clinic::add_clinician(*admin, o.name, o.patients);
    if (const int code = write_login_file(*admin, o, login, std::nullopt, err, "add-clinician"))
      return code;
    out << "Clinician " << login.role << " follows";
    for (const auto& p : o.patients) out << " " << p;
    out << "; connection in " << o.out_file.string() << " (a new password; keep it private).\n";
    return 0;
  });
}

int run_enrol(const fs::path& file, const fs::path& data_dir, std::ostream& out, std::ostream& err) {
  return reporting("clinic enrol", err, [&] {
    if (!clinic::read_connection_file(file).patient) {  // a clinician's: for clinician mode
      const clinic::ClinicConnection c = clinic::enrol_clinician(file, data_dir);
      out << "Clinician mode on this account now shows " << c.role << "'s patients from "
          << c.server() << " (connection kept in "
          << clinic::clinician_connection_file(data_dir).string() << ", readable by you only).\n";
      return 0;
    }
    const clinic::ClinicConnection c = clinic::enrol_station(file, data_dir, storage::wall_clock_ms());
    out << "This station now sends " << *c.patient << "'s sessions to " << c.server()
        << " (connection kept in " << clinic::station_connection_file(data_dir).string()
        << ", readable by you only). `midline sync` sends them now.\n";
    return 0;
  });
}

int run_publish_plan(const fs::path& connection_file, const std::string& patient,
                     const fs::path& plan_file, int64_t based_on, std::ostream& out,
                     std::ostream& err) {
  return reporting("clinic publish-plan", err, [&] {
    const auto text = read_text(plan_file);
    if (!text) throw ClinicError(ClinicError::Kind::invalid, "cannot read " + plan_file.string());
    const auto pg = clinic::connect(clinic::read_connection_file(connection_file));
    const clinic::PlanVersion v = clinic::publish_plan(*pg, patient, *text, based_on);
    out << "Published " << patient << "'s plan as version " << v.version
        << "; the station applies it at the next session start after its next sync.\n";
    return 0;
  });
}

int run_sync(const fs::path& data_dir, int64_t now_ms, std::ostream& out, std::ostream& err) {
  clinic::SyncOptions options;
  options.now_ms = now_ms;
  const clinic::SyncReport report = clinic::sync_station(data_dir, options);
  for (const std::string& line : report.said()) out << line << "\n";
  if (!report.problem) return 0;
  err << "midline sync: " << report.problem->what() << "\n";
  return 1;
}

void add_clinic_command(CLI::App& app) {
  CLI::App* clinic = app.add_subcommand(
      "clinic", "Follow home patients through the clinic's own PostgreSQL (see README: "
                "\"For a clinic's IT\")");
  clinic->require_subcommand(1);

  auto url = std::make_shared<std::string>();
  CLI::App* init = clinic->add_subcommand(
      "init", "Create or update Midline's schema, roles and row-level security in a database");
  init->add_option("url", *url, "libpq connection string or postgresql:// URI (an administrator)")
      ->required();
  init->callback([url] { throw CLI::RuntimeError(run_clinic_init(*url, std::cout, std::cerr)); });

  auto station = std::make_shared<NewLoginOptions>();
  auto station_patient = std::make_shared<std::string>();
  CLI::App* add_station = clinic->add_subcommand(
      "add-station", "A station for one patient's home, and its connection file");
  add_station->add_option("url", station->url, "the administrator's connection")->required();
  add_station->add_option("--patient", *station_patient, "the patient's pseudonym (P-0001)")
      ->required();
  add_station->add_option("--out", station->out_file, "the connection file to write (0600)")
      ->required();
  add_station->add_option("--ca", station->ca_file,
                          "the CA certificate stations check the server with (default: the "
                          "URL's sslrootcert)");
  add_station->add_option("--host", station->host,
                          "the server's name as stations reach it (default: the URL's host)");
  add_station->add_flag("--client-cert", station->client_certificate,
                        "log in by a client certificate (made now, signed by the clinic's CA) "
                        "instead of a password");
  add_station->add_option("--client-ca", station->client_ca_file,
                          "the CA certificate that signs it (default: --ca, else the URL's "
                          "sslrootcert)");
  add_station->add_option("--client-ca-key", station->client_ca_key,
                          "that CA's private key (PEM; read, never copied)");
  add_station->callback([station, station_patient] {
    station->patients = {*station_patient};
    throw CLI::RuntimeError(run_add_station(*station, std::cout, std::cerr));
  });

  auto clinician = std::make_shared<NewLoginOptions>();
  CLI::App* add_clinician = clinic->add_subcommand(
      "add-clinician", "A clinician who follows some patients, and their connection file");
  add_clinician->add_option("url", clinician->url, "the administrator's connection")->required();
  add_clinician->add_option("--name", clinician->name, "the clinician's login name")->required();
  add_clinician->add_option("--patient", clinician->patients, "a patient they follow (repeat)")
      ->required();
  add_clinician->add_option("--out", clinician->out_file, "the connection file to write (0600)")
      ->required();
  add_clinician->add_option("--ca", clinician->ca_file, "as for add-station");
  add_clinician->add_option("--host", clinician->host, "as for add-station");
  add_clinician->callback(
      [clinician] { throw CLI::RuntimeError(run_add_clinician(*clinician, std::cout, std::cerr)); });

  auto enrol_file = std::make_shared<fs::path>();
  auto enrol_dir = std::make_shared<fs::path>();
  CLI::App* enrol = clinic->add_subcommand(
      "enrol", "Keep a station's (or a clinician's) connection file in the data folder "
               "(readable by you only)");
  enrol->add_option("file", *enrol_file,
                    "the station.toml from the clinic, or a clinician's file for clinician mode")
      ->required();
  enrol->add_option("--data-dir", *enrol_dir, "the data folder (default: $XDG_DATA_HOME/midline)");
  enrol->callback([enrol_file, enrol_dir] {
    const fs::path dir = enrol_dir->empty() ? storage::SessionStore::default_data_dir() : *enrol_dir;
    throw CLI::RuntimeError(run_enrol(*enrol_file, dir, std::cout, std::cerr));
  });

  struct Publish {
    fs::path connection, plan;
    std::string patient;
    int64_t based_on = 0;
  };
  auto publish = std::make_shared<Publish>();
  CLI::App* publish_plan = clinic->add_subcommand(
      "publish-plan", "Publish a patient's plan as a new version (exit code 3: someone else "
                      "published first)");
  publish_plan->add_option("connection", publish->connection, "the clinician's connection file")
      ->required();
  publish_plan->add_option("--patient", publish->patient, "the patient's pseudonym")->required();
  publish_plan->add_option("--plan", publish->plan, "the plan file (TOML)")->required();
  publish_plan->add_option("--based-on", publish->based_on,
                           "the version you edited (0 for a first plan)")
      ->required();
  publish_plan->callback([publish] {
    throw CLI::RuntimeError(run_publish_plan(publish->connection, publish->patient, publish->plan,
                                             publish->based_on, std::cout, std::cerr));
  });
}

void add_sync_command(CLI::App& app) {
  auto data_dir = std::make_shared<fs::path>();
  CLI::App* sync = app.add_subcommand(
      "sync", "Send this station's ended sessions to the clinic and fetch the newest plan");
  sync->add_option("--data-dir", *data_dir, "the data folder (default: $XDG_DATA_HOME/midline)");
  sync->callback([data_dir] {
    const fs::path dir = data_dir->empty() ? storage::SessionStore::default_data_dir() : *data_dir;
    throw CLI::RuntimeError(run_sync(dir, storage::wall_clock_ms(), std::cout, std::cerr));
  });
}

}  // namespace midline::cli
