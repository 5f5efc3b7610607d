#pragma once
// A short count before a therapist's capture (a target midline, a null point) begins, so the
// hand that pressed the button is off the mouse and the patient has settled: "3, 2, 1", and
// it can be cancelled. Time comes in with each frame (session time: it stands still while
// paused).

#include <cmath>

namespace midline {

class CaptureCountdown {
 public:
  static constexpr double kDefaultS = 3.0;
  explicit CaptureCountdown(double seconds = kDefaultS) : left_s_(seconds) {}

  void advance(double dt_s) { left_s_ -= dt_s; }
  bool due() const { return left_s_ <= 0.0; }
  // The whole seconds still to count ("3", "2", "1"); 0 once due.
  int seconds_shown() const { return due() ? 0 : static_cast<int>(std::ceil(left_s_)); }

 private:
  double left_s_;
};

}  // namespace midline
