#include "clinic/connection_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <sstream>
#include <toml++/toml.h>

#include "storage/private_folder.hpp"

namespace midline::clinic {

namespace fs = std::filesystem;

std::string ClinicConnection::server() const {
  return describe_server(host, std::to_string(port), database);
}

std::string connection_to_toml(const ClinicConnection& c) {
  toml::table table{{"host", c.host},         {"port", c.port},
                    {"database", c.database}, {"role", c.role},
                    {"ca_certificate", c.ca_certificate}};
  if (!c.password.empty()) table.insert("password", c.password);
  if (c.by_certificate()) {
    table.insert("client_certificate", c.client_certificate);
    table.insert("client_key", c.client_key);
  }
  if (c.patient) table.insert("patient", *c.patient);
  std::ostringstream out;
  out << "# Midline: a connection to the clinic's database ("
      << (c.patient ? "the station of patient " + *c.patient : std::string("a clinician")) << ").\n"
      << "# It holds " << (c.by_certificate() ? "a private key" : "a password")
      << ": keep it private (mode 0600) and give it to no one else.\n"
      << "# TLS checks the server against the CA certificate below (sslmode verify-full).\n"
      << table << "\n";
  return out.str();
}

ClinicConnection read_connection_file(const fs::path& file) {
  const auto invalid = [&](const std::string& why) {
    return ClinicError(ClinicError::Kind::invalid, "the connection file " + file.string() + " " + why);
  };
  toml::table table;
  try {
    table = toml::parse_file(file.string());
  } catch (const toml::parse_error& e) {
    if (!fs::exists(file)) throw invalid("does not exist");
    std::ostringstream where;
    where << "line " << e.source().begin.line;
    throw invalid("cannot be read at " + where.str() + ": " + std::string(e.description()));
  }
  ClinicConnection c;
  const auto text = [&](const char* key, bool required) -> std::string {
    const auto value = table[key].value<std::string>();
    if (!value && required) throw invalid(std::string("has no ") + key + " (a text in quotes)");
    return value.value_or("");
  };
  c.host = text("host", true);
  c.database = text("database", true);
  c.role = text("role", true);
  c.client_certificate = text("client_certificate", false);
  c.client_key = text("client_key", !c.client_certificate.empty());
  c.password = text("password", !c.by_certificate());
  c.ca_certificate = text("ca_certificate", true);
  if (c.ca_certificate.find("BEGIN CERTIFICATE") == std::string::npos)
    throw invalid("has no PEM certificate in ca_certificate");
  if (c.by_certificate() && c.client_certificate.find("BEGIN CERTIFICATE") == std::string::npos)
    throw invalid("has no PEM certificate in client_certificate");
  if (c.by_certificate() && c.client_key.find("PRIVATE KEY") == std::string::npos)
    throw invalid("has no PEM private key in client_key");
  if (table.contains("patient")) c.patient = text("patient", true);
  const auto port = table["port"].value<int64_t>();
  if (table.contains("port") && (!port || *port < 1 || *port > 65535))
    throw invalid("has a port that is not a number from 1 to 65535");
  c.port = port ? static_cast<int>(*port) : 5432;
  return c;
}

void write_private_file(const fs::path& file, const std::string& text) {
  const fs::path temporary = file.string() + ".new";
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  const auto fail = [&](const std::string& doing) {
    const std::string why = std::strerror(errno);
    ::unlink(temporary.c_str());
    return ClinicError(ClinicError::Kind::invalid, "cannot " + doing + " " + file.string() + ": " + why);
  };
  if (fd < 0) throw fail("write");
  ::fchmod(fd, 0600);  // a file left over from before keeps no wider mode
  size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n <= 0) {
      ::close(fd);
      throw fail("write");
    }
    written += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) throw fail("write");
  if (::rename(temporary.c_str(), file.c_str()) != 0) throw fail("replace");
}

std::unique_ptr<PgConnection> connect(const ClinicConnection& c, int timeout_s) {
  // libpq reads the CA from a file: a private scratch copy, gone once connected.
  const storage::ScratchFolder scratch(fs::temp_directory_path(), "midline-clinic-ca");
  const fs::path ca = scratch.path() / "ca.pem";
  write_private_file(ca, c.ca_certificate);
  std::vector<std::pair<std::string, std::string>> keywords{
      {"host", c.host},
      {"port", std::to_string(c.port)},
      {"dbname", c.database},
      {"user", c.role},
      {"sslmode", "verify-full"},
      {"sslrootcert", ca.string()},
      {"connect_timeout", std::to_string(timeout_s)},
      // A server that answers and then stalls ends the wait too (the game's sync thread is
      // joined when the game closes).
      {"options", "-c statement_timeout=" + std::to_string(timeout_s * 3000)},
      {"application_name", "midline"}};
  if (c.by_certificate()) {  // the key as libpq wants it: a file only its owner reads
    const fs::path certificate = scratch.path() / "station.crt";
    const fs::path key = scratch.path() / "station.key";
    write_private_file(certificate, c.client_certificate);
    write_private_file(key, c.client_key);
    keywords.insert(keywords.end(), {{"sslcert", certificate.string()}, {"sslkey", key.string()}});
  } else {
    keywords.insert(keywords.end(), {{"password", c.password},
                                     // SCRAM bound to this TLS channel only
                                     {"channel_binding", "require"}});
  }
  return std::make_unique<PgConnection>(keywords, c.server());
}

}  // namespace midline::clinic
