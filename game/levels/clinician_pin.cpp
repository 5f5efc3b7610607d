#include "levels/clinician_pin.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <stdexcept>

namespace midline {

namespace {

void initialise_sodium() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
}

// The stored hash, or an empty string when there is none.
std::string read_hash(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string hash;
  std::getline(in, hash);
  if (hash.size() >= crypto_pwhash_STRBYTES) return {};
  return hash;
}

void write_private_file(const std::filesystem::path& path, const std::string& text) {
  const std::string temporary = path.string() + ".tmp";
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot write the clinician PIN file " + temporary);
  const bool written = ::fchmod(fd, 0600) == 0 &&  // also when the file was already there
                       ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
                       ::fsync(fd) == 0;
  ::close(fd);
  if (!written || std::rename(temporary.c_str(), path.c_str()) != 0) {
    std::remove(temporary.c_str());
    throw std::runtime_error("cannot save the clinician PIN file " + path.string());
  }
}

}  // namespace

bool is_acceptable_pin(std::string_view pin) {
  return pin.size() >= 4 && pin.size() <= 12 &&
         std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::filesystem::path pin_path(const std::filesystem::path& data_dir) {
  return data_dir / "clinician-pin.hash";
}

PinHashCost interactive_pin_cost() {
  return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

PinHashCost minimal_pin_cost() { return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN}; }

void save_pin(const std::filesystem::path& path, std::string_view pin, PinHashCost cost) {
  if (!is_acceptable_pin(pin)) throw std::invalid_argument("a clinician PIN is 4 to 12 digits");
  initialise_sodium();
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(hash, pin.data(), pin.size(), cost.ops, cost.memory_bytes) != 0) {
    throw std::runtime_error("the clinician PIN could not be hashed (out of memory?)");
  }
  write_private_file(path, std::string(hash) + "\n");
}

PinGate::PinGate(std::filesystem::path hash_file)
    : hash_file_(std::move(hash_file)), tries_file_(hash_file_.string() + ".tries") {
  std::ifstream in(tries_file_);
  int wrong = 0;
  double next_at = 0.0;
  if (in >> wrong >> next_at && wrong >= 0 && std::isfinite(next_at)) {
    wrong_in_a_row_ = wrong;
    next_try_at_s_ = next_at;
  }
}

void PinGate::keep_tries() const {
  if (wrong_in_a_row_ == 0) {
    std::error_code ignored;
    std::filesystem::remove(tries_file_, ignored);
    return;
  }
  char text[64];
  std::snprintf(text, sizeof text, "%d %.3f\n", wrong_in_a_row_, next_try_at_s_);
  write_private_file(tries_file_, text);
}

bool PinGate::pin_is_set() const { return !read_hash(hash_file_).empty(); }

double PinGate::wait_remaining_s(double now_s) const {
  return std::clamp(next_try_at_s_ - now_s, 0.0, kMaxWaitS);
}

PinGate::Answer PinGate::try_pin(std::string_view pin, double now_s) {
  if (const double wait = wait_remaining_s(now_s); wait > 0.0) return {Result::wait, wait};
  const std::string hash = read_hash(hash_file_);
  if (hash.empty()) return {Result::no_pin_set};
  initialise_sodium();
  if (is_acceptable_pin(pin) &&
      crypto_pwhash_str_verify(hash.c_str(), pin.data(), pin.size()) == 0) {
    wrong_in_a_row_ = 0;
    next_try_at_s_ = 0.0;
    keep_tries();
    return {Result::accepted};
  }
  ++wrong_in_a_row_;
  double wait_s = 0.0;
  if (wrong_in_a_row_ > kFreeTries) {
    wait_s = std::min(kMaxWaitS, std::ldexp(1.0, std::min(wrong_in_a_row_ - kFreeTries, 30)));
  }
  next_try_at_s_ = now_s + wait_s;
  keep_tries();
  return {Result::wrong, wait_s};
}

}  // namespace midline
