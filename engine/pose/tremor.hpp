#pragma once
// Head tremor from the unsmoothed angle signal: the dominant frequency between 1.5 and 8 Hz
// (dystonic head tremor is mostly 2-6 Hz) and its amplitude, over a rolling window.

#include <array>
#include <deque>
#include <vector>

#include "pose/head_pose.hpp"

namespace midline {

enum class Axis { rotation = 0, tilt = 1, flexion = 2 };
const char* axis_name(Axis axis);

struct TremorEstimate {
  bool present = false;        // a clear peak stands out of the band's background
  double frequency_hz = 0.0;   // of the strongest peak, on any axis
  double amplitude_deg = 0.0;  // zero-to-peak amplitude of that oscillation
  Axis axis = Axis::rotation;
};

struct TremorParams {
  double window_s = 4.0;
  double min_hz = 1.5;
  double max_hz = 8.0;
  double min_amplitude_deg = 0.25;  // below this, landmark noise, not tremor
  double min_peak_ratio = 4.0;      // peak power over the band's median power
};

class TremorAnalyzer {
 public:
  explicit TremorAnalyzer(TremorParams params = {}) : params_(params) {}

  void add(double time_s, const HeadAngles& unsmoothed);
  // Analyses the current window; absent until the window holds at least 2 s of samples.
  TremorEstimate estimate() const;
  void reset() { samples_.clear(); }

 private:
  struct Sample {
    double time_s;
    std::array<double, 3> angles;
  };
  // The window and the band's cosines and sines for a window of n samples: the same for
  // every frame once the window is full (computed afresh, 25,000 of each a frame, they took
  // half of estimate()'s time).
  struct Basis {
    size_t n = 0;
    std::vector<double> hann;
    double hann_sum = 0.0;
    std::vector<double> hz;        // the band's frequencies
    std::vector<double> cos, sin;  // frequency by frequency, n each
  };
  Basis basis(size_t n) const;

  TremorParams params_;
  std::deque<Sample> samples_;
  mutable Basis basis_;  // kept by estimate() for the next frame's: one thread at a time
};

}  // namespace midline
