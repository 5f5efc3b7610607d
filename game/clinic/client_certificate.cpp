#include "clinic/client_certificate.hpp"

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <memory>

#include "clinic/pg.hpp"

namespace midline::clinic {
namespace {

template <auto Free>
struct Deleter {
  template <typename T>
  void operator()(T* p) const { Free(p); }
};
using Key = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using Certificate = std::unique_ptr<X509, Deleter<X509_free>>;
using Bio = std::unique_ptr<BIO, Deleter<BIO_free_all>>;

// OpenSSL's last error, in words.
std::string openssl_error() {
  char text[256] = "unknown error";
  if (const unsigned long code = ERR_get_error()) ERR_error_string_n(code, text, sizeof text);
  ERR_clear_error();
  return text;
}

ClinicError invalid(const std::string& what) {
  return ClinicError(ClinicError::Kind::invalid, what + " (" + openssl_error() + ")");
}

Bio open_file(const std::filesystem::path& file) {
  Bio bio(BIO_new_file(file.c_str(), "r"));
  if (!bio) throw invalid("cannot read " + file.string());
  return bio;
}

std::string pem_text(BIO* bio) {
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<size_t>(size));
}

void add_extension(X509* certificate, X509* issuer, int nid, const char* value) {
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, issuer, certificate, nullptr, nullptr, 0);
  X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value);
  if (!extension || !X509_add_ext(certificate, extension, -1)) {
    X509_EXTENSION_free(extension);
    throw invalid("cannot make the certificate's extensions");
  }
  X509_EXTENSION_free(extension);
}

std::pair<Certificate, Key> read_authority(const std::filesystem::path& ca_certificate,
                                           const std::filesystem::path& ca_key) {
  Certificate ca(PEM_read_bio_X509(open_file(ca_certificate).get(), nullptr, nullptr, nullptr));
  if (!ca) throw invalid("no PEM certificate in " + ca_certificate.string());
  Key signer(PEM_read_bio_PrivateKey(open_file(ca_key).get(), nullptr, nullptr, nullptr));
  if (!signer) throw invalid("no unencrypted PEM private key in " + ca_key.string());
  if (X509_check_private_key(ca.get(), signer.get()) != 1)
    throw invalid("the key " + ca_key.string() + " is not the key of the CA certificate " +
                  ca_certificate.string());
  return {std::move(ca), std::move(signer)};
}

}  // namespace

void check_certificate_authority(const std::filesystem::path& ca_certificate,
                                 const std::filesystem::path& ca_key) {
  read_authority(ca_certificate, ca_key);
}

ClientCertificate make_client_certificate(const std::string& common_name,
                                          const std::filesystem::path& ca_certificate,
                                          const std::filesystem::path& ca_key, int valid_days) {
  const auto [ca, signer] = read_authority(ca_certificate, ca_key);

  const Key key(EVP_EC_gen("P-256"));
  if (!key) throw invalid("cannot make the station's key");
  const Certificate certificate(X509_new());
  if (!certificate) throw invalid("cannot make the station's certificate");
  X509* c = certificate.get();
  unsigned char serial_bytes[16];
  if (RAND_bytes(serial_bytes, sizeof serial_bytes) != 1) throw invalid("no random serial number");
  serial_bytes[0] &= 0x7f;  // a positive serial number
  BIGNUM* serial = BN_bin2bn(serial_bytes, sizeof serial_bytes, nullptr);
  const bool made =
      X509_set_version(c, 2) && serial && BN_to_ASN1_INTEGER(serial, X509_get_serialNumber(c)) &&
      X509_gmtime_adj(X509_getm_notBefore(c), -300) &&  // a station clock a little behind
      X509_gmtime_adj(X509_getm_notAfter(c), static_cast<long>(valid_days) * 86400) &&
      X509_set_issuer_name(c, X509_get_subject_name(ca.get())) &&
      X509_NAME_add_entry_by_txt(X509_get_subject_name(c), "CN", MBSTRING_UTF8,
                                 reinterpret_cast<const unsigned char*>(common_name.c_str()), -1,
                                 -1, 0) &&
      X509_set_pubkey(c, key.get());
  BN_free(serial);
  if (!made) throw invalid("cannot fill in the station's certificate");
  add_extension(c, ca.get(), NID_basic_constraints, "critical,CA:FALSE");
  add_extension(c, ca.get(), NID_key_usage, "critical,digitalSignature");
  add_extension(c, ca.get(), NID_ext_key_usage, "clientAuth");
  if (X509_sign(c, signer.get(), EVP_sha256()) <= 0)
    throw invalid("cannot sign the station's certificate with " + ca_key.string());

  ClientCertificate out;
  const Bio certificate_pem(BIO_new(BIO_s_mem()));
  const Bio key_pem(BIO_new(BIO_s_mem()));
  if (!certificate_pem || !key_pem || !PEM_write_bio_X509(certificate_pem.get(), c) ||
      !PEM_write_bio_PrivateKey(key_pem.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr))
    throw invalid("cannot write the station's certificate");
  out.certificate_pem = pem_text(certificate_pem.get());
  out.key_pem = pem_text(key_pem.get());
  return out;
}

}  // namespace midline::clinic
