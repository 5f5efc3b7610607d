#pragma once
// The One Euro filter (Casiez, Roussel & Vogel, CHI 2012): an adaptive low-pass filter whose
// cut-off rises with speed, so a still head is steady and a moving one does not lag.
// Time is passed in; nothing here reads a clock, so tests replay exact sequences.

#include <optional>

namespace midline {

struct OneEuroParams {
  double min_cutoff_hz = 0.6;  // smoothing of a still signal: lower = steadier, more lag
  double beta = 0.02;          // how fast the cut-off rises with speed (per unit/s)
  double derivative_cutoff_hz = 1.0;
};

class OneEuroFilter {
 public:
  explicit OneEuroFilter(OneEuroParams params = {}) : params_(params) {}

  // Filters one value taken dt_s seconds after the previous one (dt_s <= 0 repeats it).
  double apply(double value, double dt_s);
  void reset() { previous_.reset(); }
  const OneEuroParams& params() const { return params_; }

 private:
  struct State {
    double value;
    double derivative;
  };
  OneEuroParams params_;
  std::optional<State> previous_;
};

}  // namespace midline
