#pragma once
// A station's client certificate, the other way a station may log in (instead of a password):
// a new key and a certificate for the station's role (CN = the role, as PostgreSQL's `cert`
// authentication requires), signed by a CA the clinic gives (the one the server's ssl_ca_file
// names). Made with Debian's libcrypto (OpenSSL 3); the CA's key is read, never kept or copied.

#include <filesystem>
#include <string>

namespace midline::clinic {

struct ClientCertificate {
  std::string certificate_pem;
  std::string key_pem;  // the station's private key (P-256), unencrypted: it lives in a 0600 file
};

// Checks that the CA certificate and its key can sign (both read, the key the certificate's);
// throws ClinicError (invalid) naming the file when not.
void check_certificate_authority(const std::filesystem::path& ca_certificate,
                                 const std::filesystem::path& ca_key);

// Throws ClinicError (invalid) naming the file when the CA certificate or key cannot be read,
// or the key is not the certificate's.
ClientCertificate make_client_certificate(const std::string& common_name,
                                          const std::filesystem::path& ca_certificate,
                                          const std::filesystem::path& ca_key, int valid_days);

}  // namespace midline::clinic
