#include "pose/tremor.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

namespace midline {
namespace {

constexpr double kResampleHz = 32.0;  // well above twice the 8 Hz band edge
constexpr double kFrequencyStepHz = 0.1;

// Removes a least-squares quadratic: slow voluntary movement, not tremor.
void remove_quadratic_trend(std::vector<double>& y) {
  const size_t n = y.size();
  double s[5] = {0, 0, 0, 0, 0}, b[3] = {0, 0, 0};
  for (size_t i = 0; i < n; ++i) {
    const double x = static_cast<double>(i) / static_cast<double>(n) - 0.5;
    double p = 1.0;
    for (int k = 0; k < 5; ++k) {
      s[k] += p;
      if (k < 3) b[k] += p * y[i];
      p *= x;
    }
  }
  // Normal equations [s0 s1 s2; s1 s2 s3; s2 s3 s4] c = b, solved by Cramer's rule.
  const double m[3][3] = {{s[0], s[1], s[2]}, {s[1], s[2], s[3]}, {s[2], s[3], s[4]}};
  auto det3 = [](const double a[3][3]) {
    return a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1]) -
           a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0]) +
           a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0]);
  };
  const double d = det3(m);
  if (std::abs(d) < 1e-12) return;
  double c[3];
  for (int k = 0; k < 3; ++k) {
    double mk[3][3];
    for (int r = 0; r < 3; ++r)
      for (int col = 0; col < 3; ++col) mk[r][col] = (col == k) ? b[r] : m[r][col];
    c[k] = det3(mk) / d;
  }
  for (size_t i = 0; i < n; ++i) {
    const double x = static_cast<double>(i) / static_cast<double>(n) - 0.5;
    y[i] -= c[0] + c[1] * x + c[2] * x * x;
  }
}

}  // namespace

const char* axis_name(Axis axis) {
  switch (axis) {
    case Axis::rotation: return "rotation";
    case Axis::tilt: return "tilt";
    case Axis::flexion: return "flexion";
  }
  return "?";
}

void TremorAnalyzer::add(double time_s, const HeadAngles& a) {
  if (!samples_.empty() && time_s <= samples_.back().time_s) return;  // out of order: skip
  samples_.push_back({time_s, {a.rotation_deg, a.tilt_deg, a.flexion_deg}});
  while (samples_.size() > 2 && samples_.back().time_s - samples_.front().time_s > params_.window_s)
    samples_.pop_front();
}

TremorAnalyzer::Basis TremorAnalyzer::basis(size_t n) const {
  Basis b;
  b.n = n;
  b.hann.resize(n);
  for (size_t i = 0; i < n; ++i) {
    b.hann[i] = 0.5 - 0.5 * std::cos(2.0 * std::numbers::pi * static_cast<double>(i) /
                                     static_cast<double>(n - 1));
    b.hann_sum += b.hann[i];
  }
  for (double hz = params_.min_hz; hz <= params_.max_hz + 1e-9; hz += kFrequencyStepHz) {
    b.hz.push_back(hz);
    const double w = 2.0 * std::numbers::pi * hz / kResampleHz;
    for (size_t i = 0; i < n; ++i) {
      b.cos.push_back(std::cos(w * static_cast<double>(i)));
      b.sin.push_back(std::sin(w * static_cast<double>(i)));
    }
  }
  return b;
}

TremorEstimate TremorAnalyzer::estimate() const {
  TremorEstimate best;
  if (samples_.size() < 16) return best;
  const double t0 = samples_.front().time_s;
  const double span = samples_.back().time_s - t0;
  if (span < 2.0) return best;

  // Resample each axis onto a uniform grid by linear interpolation (frames arrive unevenly).
  const size_t n = static_cast<size_t>(span * kResampleHz);
  if (basis_.n != n) basis_ = basis(n);
  const std::vector<double>& hann = basis_.hann;
  const double hann_sum = basis_.hann_sum;

  double best_power = 0.0;
  for (int axis = 0; axis < 3; ++axis) {
    std::vector<double> y(n);
    size_t j = 0;
    for (size_t i = 0; i < n; ++i) {
      const double t = t0 + static_cast<double>(i) / kResampleHz;
      while (j + 2 < samples_.size() && samples_[j + 1].time_s < t) ++j;
      const Sample& a = samples_[j];
      const Sample& b = samples_[j + 1];
      const double f = std::clamp((t - a.time_s) / (b.time_s - a.time_s), 0.0, 1.0);
      y[i] = a.angles[axis] + f * (b.angles[axis] - a.angles[axis]);
    }
    remove_quadratic_trend(y);

    std::vector<double> powers;
    double axis_best_power = 0.0, axis_best_hz = 0.0;
    for (size_t f = 0; f < basis_.hz.size(); ++f) {
      const double hz = basis_.hz[f];
      const double* cos = &basis_.cos[f * n];
      const double* sin = &basis_.sin[f * n];
      double re = 0.0, im = 0.0;
      for (size_t i = 0; i < n; ++i) {
        const double v = y[i] * hann[i];
        re += v * cos[i];
        im -= v * sin[i];
      }
      const double power = re * re + im * im;
      powers.push_back(power);
      if (power > axis_best_power) {
        axis_best_power = power;
        axis_best_hz = hz;
      }
    }
    std::nth_element(powers.begin(), powers.begin() + powers.size() / 2, powers.end());
    const double median_power = powers[powers.size() / 2];
    const double amplitude = 2.0 * std::sqrt(axis_best_power) / hann_sum;
    if (axis_best_power > best_power) {
      best_power = axis_best_power;
      best.frequency_hz = axis_best_hz;
      best.amplitude_deg = amplitude;
      best.axis = static_cast<Axis>(axis);
      best.present = amplitude >= params_.min_amplitude_deg &&
                     axis_best_power >= params_.min_peak_ratio * median_power;
    }
  }
  return best;
}

}  // namespace midline
