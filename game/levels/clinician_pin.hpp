#pragma once
// The clinician PIN that guards plans and levels: patients cannot change their own plan.
// The PIN is kept only as a salted Argon2id hash (libsodium crypto_pwhash_str) in a file only
// its owner may read; wrong tries make the next try wait longer and longer.

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace midline {

// 4 to 12 digits: typed on a touch screen or keypad by a clinician.
bool is_acceptable_pin(std::string_view pin);

// Where the PIN's hash is kept in the data folder.
std::filesystem::path pin_path(const std::filesystem::path& data_dir);

// How hard the hash is to compute: libsodium's interactive limits by default; tests use its
// minimum so they stay fast. Verifying reads the cost from the stored hash.
struct PinHashCost {
  unsigned long long ops;
  std::size_t memory_bytes;
};
PinHashCost interactive_pin_cost();
PinHashCost minimal_pin_cost();

// Hashes `pin` and writes the hash to `path` with mode 0600 (through a temporary file).
// Throws std::invalid_argument for a PIN that is not acceptable and std::runtime_error when
// hashing or writing fails.
void save_pin(const std::filesystem::path& path, std::string_view pin,
              PinHashCost cost = interactive_pin_cost());

// Checks PIN tries against the stored hash. Time is passed in (seconds of wall-clock time,
// e.g. since the epoch), so tests never sleep. After kFreeTries wrong tries in a row, each
// further wrong try makes the next one wait twice as long (2 s, 4 s, 8 s ... up to
// kMaxWaitS); the right PIN resets. The count of wrong tries and the time of the next allowed
// try are kept beside the hash (HASH_FILE.tries), so restarting the program does not reset
// them; a clock set back never makes a wait longer than kMaxWaitS.
class PinGate {
 public:
  static constexpr int kFreeTries = 2;
  static constexpr double kMaxWaitS = 300.0;

  enum class Result { accepted, wrong, wait, no_pin_set };
  struct Answer {
    Result result;
    double wait_s = 0.0;  // how long before the next try is taken (wrong and wait)
  };

  explicit PinGate(std::filesystem::path hash_file);  // reads the kept tries, if any

  bool pin_is_set() const;
  Answer try_pin(std::string_view pin, double now_s);
  double wait_remaining_s(double now_s) const;

 private:
  void keep_tries() const;

  std::filesystem::path hash_file_;
  std::filesystem::path tries_file_;
  int wrong_in_a_row_ = 0;
  double next_try_at_s_ = 0.0;
};

}  // namespace midline
