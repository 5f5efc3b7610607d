#pragma once
// The clinician PIN that guards plans, levels and the therapist's calibration buttons.
//
// Where it lives: a clinician settings folder outside the patient's reach
// (clinician_settings_dir(): /etc/midline unless the build or MIDLINE_CLINICIAN_DIR says
// otherwise), root-owned in a real install. Only the administrator sets a PIN there
// (`midline clinician set-pin`, as root or as the folder's owner); without one, clinician mode
// is unavailable and says who can set it up. Nothing is ever offered first-come.
//
// Why the PIN file is readable by the patient's account: the game runs as the patient and
// must check the PIN itself, and there is no setuid helper to do it for them. So the PIN is
// made costly to guess offline instead: at least 8 digits, and a key derived from it with
// Argon2id at libsodium's "moderate" cost (256 MiB and about a second per guess; 10^8
// eight-digit PINs take years of one core, and the memory bounds what a GPU can run at once).
// The file keeps no hash to compare with: the derived key is an Ed25519 signing key and the
// file keeps only its public half. The right PIN re-derives the same public key; the secret
// half then seals the level and plan files the clinician saves (file_seal.hpp), and only the
// PIN can make a seal that the public key accepts.
//
// Wrong tries wait longer each time. Their record sits in the settings folder too, made by
// set-pin writable by every account (the game updates it as the patient) but, in a folder only
// its owner may change, deletable by none but the owner. A record that is missing or damaged
// counts as the longest wait, never as none.

#include <array>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace midline {

inline constexpr std::size_t kPinMinDigits = 8;
inline constexpr std::size_t kPinMaxDigits = 16;

// 8 to 16 digits: typed on a keypad, and long enough to hold against offline guessing.
bool is_acceptable_pin(std::string_view pin);

// The clinician settings folder: the MIDLINE_CLINICIAN_DIR environment variable (for
// installers and tests) when set, else the folder the build was configured with
// (CMake's MIDLINE_CLINICIAN_SETTINGS_DIR, /etc/midline by default).
std::filesystem::path clinician_settings_dir();
std::filesystem::path pin_path(const std::filesystem::path& settings_dir);
std::filesystem::path tries_path(const std::filesystem::path& settings_dir);

// How hard the PIN's key is to derive: libsodium's moderate limits for real PINs; tests use
// its minimum so they stay fast. Checking a PIN reads the cost from the PIN file.
struct PinHashCost {
  unsigned long long ops;
  std::size_t memory_bytes;
};
PinHashCost strong_pin_cost();
PinHashCost minimal_pin_cost();

// Why this account may not set the PIN in `settings_dir` (a sentence), or nullopt when it
// may: the folder must be owned by root or by this account, and writable by nobody else.
// Creates the folder (mode 0755) when it does not exist yet.
std::optional<std::string> settings_folder_problem(const std::filesystem::path& settings_dir);

// Sets the PIN: the PIN file (mode 0644) and a fresh record of wrong tries (mode 0666).
// Throws std::invalid_argument for a PIN that is not acceptable, std::runtime_error (with
// settings_folder_problem's sentence) when this account may not, or when writing fails.
void install_pin(const std::filesystem::path& settings_dir, std::string_view pin,
                 PinHashCost cost = strong_pin_cost());

using SealPublicKey = std::array<unsigned char, 32>;

// The clinician's signing key, held only while clinician mode is open (the right PIN
// derived it). Wiped when destroyed.
class ClinicianKey {
 public:
  ClinicianKey(const SealPublicKey& public_key, const std::array<unsigned char, 64>& secret_key);
  ~ClinicianKey();
  ClinicianKey(const ClinicianKey&) = delete;
  ClinicianKey& operator=(const ClinicianKey&) = delete;

  const SealPublicKey& public_key() const { return public_key_; }
  std::array<unsigned char, 64> sign(std::string_view message) const;

 private:
  SealPublicKey public_key_;
  std::array<unsigned char, 64> secret_key_;
};

// The public half of the clinician's key, from the PIN file; nullopt when no usable PIN is set.
std::optional<SealPublicKey> read_seal_public_key(const std::filesystem::path& settings_dir);

// Checks PIN tries. Time is passed in (seconds of wall-clock time, e.g. since the epoch), so
// tests never sleep. After kFreeTries wrong tries in a row, each further wrong try makes the
// next one wait twice as long (2 s, 4 s, 8 s ... up to kMaxWaitS); the right PIN resets. The
// record is read afresh at each try, so another program's tries count too; a clock set back
// never makes a wait longer than kMaxWaitS.
class PinGate {
 public:
  static constexpr int kFreeTries = 2;
  static constexpr double kMaxWaitS = 300.0;

  enum class Result { accepted, wrong, wait, unavailable };
  struct Answer {
    Result result;
    double wait_s = 0.0;    // how long before the next try is taken (wrong and wait)
    std::string reason;     // unavailable: why, and who can set clinician mode up
    std::shared_ptr<const ClinicianKey> key;  // accepted: the clinician's signing key
  };

  explicit PinGate(std::filesystem::path settings_dir);

  // nullopt when a PIN is set; else a sentence: why clinician mode is unavailable, and who
  // can set it up. Never an offer to choose a PIN.
  std::optional<std::string> unavailable_reason() const;
  Answer try_pin(std::string_view pin, double now_s);
  double wait_remaining_s(double now_s);

 private:
  struct Tries {
    int wrong_in_a_row = 0;
    double next_try_at_s = 0.0;
  };
  // The kept record, or the longest wait from `now_s` when it is missing or damaged.
  Tries read_tries(double now_s) const;
  bool keep_tries(const Tries& tries) const;

  std::filesystem::path settings_dir_;
};

}  // namespace midline
