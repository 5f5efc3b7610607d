#include "pose/one_euro_filter.hpp"

#include <cmath>
#include <numbers>

namespace midline {
namespace {

double smoothing_factor(double cutoff_hz, double dt_s) {
  const double tau = 1.0 / (2.0 * std::numbers::pi * cutoff_hz);
  return 1.0 / (1.0 + tau / dt_s);
}

}  // namespace

double OneEuroFilter::apply(double value, double dt_s) {
  if (!previous_) {
    previous_ = State{value, 0.0};
    return value;
  }
  if (dt_s <= 0.0) return previous_->value;
  const double raw_derivative = (value - previous_->value) / dt_s;
  const double a_d = smoothing_factor(params_.derivative_cutoff_hz, dt_s);
  const double derivative = previous_->derivative + a_d * (raw_derivative - previous_->derivative);
  const double cutoff = params_.min_cutoff_hz + params_.beta * std::abs(derivative);
  const double a = smoothing_factor(cutoff, dt_s);
  const double filtered = previous_->value + a * (value - previous_->value);
  previous_ = State{filtered, derivative};
  return filtered;
}

}  // namespace midline
