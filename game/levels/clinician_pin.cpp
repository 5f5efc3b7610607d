#include "levels/clinician_pin.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

#ifndef MIDLINE_CLINICIAN_SETTINGS_DIR
#define MIDLINE_CLINICIAN_SETTINGS_DIR "/etc/midline"
#endif

namespace midline {

namespace {

constexpr std::string_view kPinFileFirstLine = "midline clinician pin 1";
constexpr std::size_t kSaltBytes = crypto_pwhash_SALTBYTES;

void initialise_sodium() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
}

std::string hex(const unsigned char* bytes, std::size_t size) {
  std::string text(size * 2 + 1, '\0');
  sodium_bin2hex(text.data(), text.size(), bytes, size);
  text.pop_back();
  return text;
}

template <std::size_t N>
bool from_hex(std::string_view text, std::array<unsigned char, N>& out) {
  std::size_t written = 0;
  const char* end = nullptr;
  return text.size() == 2 * N &&
         sodium_hex2bin(out.data(), N, text.data(), text.size(), nullptr, &written, &end) == 0 &&
         written == N && end == text.data() + text.size();
}

std::string who_sets_it_up(const std::filesystem::path& settings_dir) {
  return "The administrator sets the PIN with `sudo midline clinician set-pin` (as root, or as "
         "the owner of " + settings_dir.string() + ").";
}

std::string missing_tries(const std::filesystem::path& settings_dir) {
  return "Clinician mode is unavailable: the record of wrong PIN tries " +
         tries_path(settings_dir).string() + " is missing or cannot be written. " +
         who_sets_it_up(settings_dir);
}

// What the PIN file says: how to derive the key, and the public key the right PIN gives.
struct PinFile {
  std::string text;  // the whole file, which also keys the tries record's check
  unsigned long long ops = 0;
  std::size_t memory_bytes = 0;
  std::array<unsigned char, kSaltBytes> salt{};
  SealPublicKey public_key{};
};

struct PinFileRead {
  std::optional<PinFile> file;
  std::string problem;  // why clinician mode is unavailable, when file is nullopt
};

PinFileRead read_pin_file(const std::filesystem::path& settings_dir) {
  const auto path = pin_path(settings_dir);
  std::error_code error;
  const bool exists = std::filesystem::exists(path, error);
  if (error) {  // e.g. a settings folder this account may not look into
    return {std::nullopt, "Clinician mode is unavailable: this account cannot read " +
                              path.string() + " (" + error.message() + "); the folder and the "
                              "PIN file must be readable by the account that plays Midline."};
  }
  if (!exists) {
    return {std::nullopt, "Clinician mode is not set up on this computer: there is no clinician "
                          "PIN in " + settings_dir.string() + ". " + who_sets_it_up(settings_dir)};
  }
  // Files anyone but their owner may change cannot be trusted to hold the clinician's PIN.
  for (const auto& checked : {settings_dir, path}) {
    struct stat status {};
    if (::stat(checked.c_str(), &status) != 0 || (status.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
      return {std::nullopt, "Clinician mode is unavailable: " + checked.string() +
                                " may be changed by other accounts, so its PIN cannot be trusted. " +
                                who_sets_it_up(settings_dir)};
    }
  }
  const std::string damaged = "Clinician mode is unavailable: the clinician PIN file " +
                              path.string() + " cannot be read or is damaged. " +
                              who_sets_it_up(settings_dir);
  std::ifstream in(path, std::ios::binary);
  std::string text(4096, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (!in.eof() && text.size() >= 4096) return {std::nullopt, damaged};
  std::istringstream lines(text);
  std::string first, derive, ops, memory, salt, pub, rest;
  PinFile file;
  file.text = text;
  if (!std::getline(lines, first) || first != kPinFileFirstLine ||
      !(lines >> derive >> ops >> memory >> salt >> pub) || (lines >> rest) ||
      derive != "argon2id" || !ops.starts_with("ops=") || !memory.starts_with("memory=") ||
      !salt.starts_with("salt=") || !pub.starts_with("public=") ||
      !from_hex(std::string_view(salt).substr(5), file.salt) ||
      !from_hex(std::string_view(pub).substr(7), file.public_key)) {
    return {std::nullopt, damaged};
  }
  char* end = nullptr;
  file.ops = std::strtoull(ops.c_str() + 4, &end, 10);
  if (*end != '\0') return {std::nullopt, damaged};
  file.memory_bytes = std::strtoull(memory.c_str() + 7, &end, 10);
  if (*end != '\0' || file.ops < crypto_pwhash_OPSLIMIT_MIN || file.ops > 64 ||
      file.memory_bytes < crypto_pwhash_MEMLIMIT_MIN || file.memory_bytes > (std::size_t{1} << 31)) {
    return {std::nullopt, damaged};
  }
  return {std::move(file), {}};
}

// The key pair a PIN gives under the file's salt and cost.
bool derive_key_pair(std::string_view pin, const std::array<unsigned char, kSaltBytes>& salt,
                     unsigned long long ops, std::size_t memory_bytes, SealPublicKey& public_key,
                     std::array<unsigned char, 64>& secret_key) {
  std::array<unsigned char, crypto_sign_SEEDBYTES> seed{};
  const bool derived = crypto_pwhash(seed.data(), seed.size(), pin.data(), pin.size(), salt.data(),
                                     ops, memory_bytes, crypto_pwhash_ALG_ARGON2ID13) == 0 &&
                       crypto_sign_seed_keypair(public_key.data(), secret_key.data(), seed.data()) == 0;
  sodium_memzero(seed.data(), seed.size());
  return derived;
}

// Writes `text` to `path` through a temporary file and a rename, with `mode` whatever the umask.
void write_settings_file(const std::filesystem::path& path, const std::string& text, mode_t mode) {
  const std::string temporary = path.string() + ".tmp";
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) throw std::runtime_error("cannot write " + temporary + ": " + std::strerror(errno));
  const bool written = ::fchmod(fd, mode) == 0 &&
                       ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
                       ::fsync(fd) == 0;
  ::close(fd);
  if (!written || std::rename(temporary.c_str(), path.c_str()) != 0) {
    std::remove(temporary.c_str());
    throw std::runtime_error("cannot write " + path.string());
  }
}

// "wrong next_at check": the check (keyed by the PIN file, which the patient can read) catches
// a record typed or truncated by hand, not a program written to forge one; against that, the
// PIN's length and cost are what hold (see clinician_pin.hpp).
std::string tries_text(const std::string& pin_file_text, int wrong, double next_at) {
  char body[64];
  std::snprintf(body, sizeof body, "%d %.3f", wrong, next_at);
  std::array<unsigned char, crypto_generichash_KEYBYTES> key{};
  crypto_generichash(key.data(), key.size(),
                     reinterpret_cast<const unsigned char*>(pin_file_text.data()),
                     pin_file_text.size(), nullptr, 0);
  std::array<unsigned char, 16> check{};
  crypto_generichash(check.data(), check.size(), reinterpret_cast<const unsigned char*>(body),
                     std::strlen(body), key.data(), key.size());
  return std::string(body) + " " + hex(check.data(), check.size()) + "\n";
}

}  // namespace

bool is_acceptable_pin(std::string_view pin) {
  return pin.size() >= kPinMinDigits && pin.size() <= kPinMaxDigits &&
         std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::filesystem::path clinician_settings_dir() {
  if (const char* override_dir = std::getenv("MIDLINE_CLINICIAN_DIR");
      override_dir != nullptr && override_dir[0] != '\0') {
    return override_dir;
  }
  return MIDLINE_CLINICIAN_SETTINGS_DIR;
}

std::filesystem::path pin_path(const std::filesystem::path& settings_dir) {
  return settings_dir / "clinician-pin";
}

std::filesystem::path tries_path(const std::filesystem::path& settings_dir) {
  return settings_dir / "clinician-pin.tries";
}

PinHashCost strong_pin_cost() {
  return {crypto_pwhash_OPSLIMIT_MODERATE, crypto_pwhash_MEMLIMIT_MODERATE};
}

PinHashCost minimal_pin_cost() { return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN}; }

std::optional<std::string> settings_folder_problem(const std::filesystem::path& settings_dir) {
  std::error_code error;
  if (!std::filesystem::exists(settings_dir, error)) {
    std::filesystem::create_directories(settings_dir, error);
    if (error) return "cannot create " + settings_dir.string() + ": " + error.message();
    std::filesystem::permissions(settings_dir, std::filesystem::perms(0755), error);
  }
  struct stat status {};
  if (::lstat(settings_dir.c_str(), &status) != 0 || !S_ISDIR(status.st_mode)) {
    return settings_dir.string() + " is not a folder";
  }
  const uid_t me = ::geteuid();
  if (me != 0 && status.st_uid != me) {
    return "only root or the owner of " + settings_dir.string() + " may set the clinician PIN; "
           "run `sudo midline clinician set-pin`";
  }
  if (status.st_uid != 0 && status.st_uid != me) {
    return settings_dir.string() + " belongs to another account; the clinician settings folder "
           "must belong to root (or to the account that sets the PIN)";
  }
  if ((status.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(status.st_mode & 07777));
    return settings_dir.string() + " may be changed by other accounts (mode " + mode +
           "); make it writable by its owner only (chmod go-w " + settings_dir.string() + ")";
  }
  return std::nullopt;
}

void install_pin(const std::filesystem::path& settings_dir, std::string_view pin, PinHashCost cost) {
  if (!is_acceptable_pin(pin)) {
    throw std::invalid_argument("a clinician PIN is " + std::to_string(kPinMinDigits) + " to " +
                                std::to_string(kPinMaxDigits) + " digits");
  }
  if (auto problem = settings_folder_problem(settings_dir)) throw std::runtime_error(*problem);
  initialise_sodium();
  std::array<unsigned char, kSaltBytes> salt{};
  randombytes_buf(salt.data(), salt.size());
  SealPublicKey public_key{};
  std::array<unsigned char, 64> secret_key{};
  const bool derived = derive_key_pair(pin, salt, cost.ops, cost.memory_bytes, public_key, secret_key);
  sodium_memzero(secret_key.data(), secret_key.size());
  if (!derived) throw std::runtime_error("the clinician PIN's key could not be derived (out of memory?)");
  const std::string text = std::string(kPinFileFirstLine) + "\nargon2id ops=" +
                           std::to_string(cost.ops) + " memory=" + std::to_string(cost.memory_bytes) +
                           " salt=" + hex(salt.data(), salt.size()) + "\npublic=" +
                           hex(public_key.data(), public_key.size()) + "\n";
  // The tries record first: a PIN file never stands without one.
  write_settings_file(tries_path(settings_dir), tries_text(text, 0, 0.0), 0666);
  write_settings_file(pin_path(settings_dir), text, 0644);
}

ClinicianKey::ClinicianKey(const SealPublicKey& public_key,
                           const std::array<unsigned char, 64>& secret_key)
    : public_key_(public_key), secret_key_(secret_key) {}

ClinicianKey::~ClinicianKey() { sodium_memzero(secret_key_.data(), secret_key_.size()); }

std::array<unsigned char, 64> ClinicianKey::sign(std::string_view message) const {
  std::array<unsigned char, 64> signature{};
  crypto_sign_detached(signature.data(), nullptr,
                       reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                       secret_key_.data());
  return signature;
}

std::optional<SealPublicKey> read_seal_public_key(const std::filesystem::path& settings_dir) {
  auto read = read_pin_file(settings_dir);
  if (!read.file) return std::nullopt;
  return read.file->public_key;
}

PinGate::PinGate(std::filesystem::path settings_dir) : settings_dir_(std::move(settings_dir)) {}

std::optional<std::string> PinGate::unavailable_reason() const {
  auto read = read_pin_file(settings_dir_);
  if (!read.file) return read.problem;
  std::error_code error;
  if (!std::filesystem::exists(tries_path(settings_dir_), error) &&
      ::access(settings_dir_.c_str(), W_OK) != 0) {  // gone, and only the folder's owner can make it
    return missing_tries(settings_dir_);
  }
  return std::nullopt;
}

PinGate::Tries PinGate::read_tries(double now_s) const {
  const Tries longest{kFreeTries + 8, now_s + kMaxWaitS};  // the next wrong try waits the most
  const auto pin_file = read_pin_file(settings_dir_);
  if (!pin_file.file) return longest;
  std::ifstream in(tries_path(settings_dir_));
  std::string line;
  if (!std::getline(in, line) || line.size() > 100) return longest;
  std::istringstream fields(line);
  Tries tries;
  std::string check;
  if (!(fields >> tries.wrong_in_a_row >> tries.next_try_at_s >> check) ||
      tries.wrong_in_a_row < 0 || !std::isfinite(tries.next_try_at_s) ||
      tries_text(pin_file.file->text, tries.wrong_in_a_row, tries.next_try_at_s) != line + "\n") {
    return longest;
  }
  return tries;
}

bool PinGate::keep_tries(const Tries& tries) const {
  const auto pin_file = read_pin_file(settings_dir_);
  if (!pin_file.file) return false;
  const std::string text = tries_text(pin_file.file->text, tries.wrong_in_a_row, tries.next_try_at_s);
  // In place: the game, running as the patient, may write the record but not replace it.
  const int fd = ::open(tries_path(settings_dir_).c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    // Missing: only the folder's owner (an installer, a test) can make it again.
    try {
      write_settings_file(tries_path(settings_dir_), text, 0666);
      return true;
    } catch (const std::exception&) {
      return false;
    }
  }
  const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
                       ::fsync(fd) == 0;
  ::close(fd);
  return written;
}

double PinGate::wait_remaining_s(double now_s) {
  const Tries tries = read_tries(now_s);
  return std::clamp(tries.next_try_at_s - now_s, 0.0, kMaxWaitS);
}

PinGate::Answer PinGate::try_pin(std::string_view pin, double now_s) {
  const auto pin_file = read_pin_file(settings_dir_);
  if (!pin_file.file) return {Result::unavailable, 0.0, pin_file.problem, nullptr};
  Tries tries = read_tries(now_s);
  if (const double wait = std::clamp(tries.next_try_at_s - now_s, 0.0, kMaxWaitS); wait > 0.0) {
    if (!keep_tries(tries)) {  // a missing record that cannot be made again
      return {Result::unavailable, 0.0, missing_tries(settings_dir_), nullptr};
    }
    return {Result::wait, wait, {}, nullptr};
  }
  initialise_sodium();
  SealPublicKey public_key{};
  std::array<unsigned char, 64> secret_key{};
  const PinFile& file = *pin_file.file;
  if (is_acceptable_pin(pin) &&
      derive_key_pair(pin, file.salt, file.ops, file.memory_bytes, public_key, secret_key) &&
      sodium_memcmp(public_key.data(), file.public_key.data(), public_key.size()) == 0) {
    auto key = std::make_shared<const ClinicianKey>(public_key, secret_key);
    sodium_memzero(secret_key.data(), secret_key.size());
    keep_tries({});
    return {Result::accepted, 0.0, {}, std::move(key)};
  }
  sodium_memzero(secret_key.data(), secret_key.size());
  ++tries.wrong_in_a_row;
  double wait_s = 0.0;
  if (tries.wrong_in_a_row > kFreeTries) {
    wait_s = std::min(kMaxWaitS, std::ldexp(1.0, std::min(tries.wrong_in_a_row - kFreeTries, 30)));
  }
  // A free try sets no wait at all: its time, kept to the millisecond, could round up past the
  // present and stall the next try for a moment.
  tries.next_try_at_s = wait_s > 0.0 ? now_s + wait_s : 0.0;
  if (!keep_tries(tries)) return {Result::unavailable, 0.0, missing_tries(settings_dir_), nullptr};
  return {Result::wrong, wait_s, {}, nullptr};
}

}  // namespace midline
