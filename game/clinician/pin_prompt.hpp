#pragma once
// The clinician PIN prompt, drawn inside any page: clinician mode's first page and the
// calibration page's therapist buttons both ask through it. It says plainly when clinician
// mode is not set up (and who can set it up), shows the wait after wrong tries, and hands
// back the clinician's key when the right PIN is entered. Never offers to choose a PIN: only
// the administrator sets one (`midline clinician set-pin`).

#include <filesystem>
#include <memory>
#include <string>

#include "levels/clinician_pin.hpp"

namespace midline {

class PinPrompt {
 public:
  // `focus_first`: the PIN field takes the keyboard when it first appears (a page that is only
  // the prompt); elsewhere the page keeps its keys until the field is clicked.
  explicit PinPrompt(std::filesystem::path settings_dir = clinician_settings_dir(),
                     bool focus_first = false);

  // Draws the prompt; returns the clinician's key in the frame the right PIN is entered.
  std::shared_ptr<const ClinicianKey> draw(const char* open_label = "  Open  ");
  // Whether a PIN is set (else draw() shows why clinician mode is unavailable).
  bool available() const { return !unavailable_.has_value(); }
  // What the prompt says under the field now ("That PIN is not right.", the wait), if anything.
  const std::string& message() const { return message_; }

 private:
  PinGate gate_;
  std::optional<std::string> unavailable_;  // read once, when the prompt is made
  bool focus_next_ = false;
  double wait_s_ = 0.0;           // the wait after wrong tries, as last read
  double wait_read_at_s_ = -1e9;  // when it was read: the record is read about once a second
  char pin_[kPinMaxDigits + 2] = "";
  std::string message_;
};

}  // namespace midline
