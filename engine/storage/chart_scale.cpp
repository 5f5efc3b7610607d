#include "storage/chart_scale.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "storage/calendar.hpp"

namespace midline::storage {

double nice_step(double range, int ticks) {
  if (!(range > 0)) return 1.0;
  const double raw = range / ticks;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    if (m * magnitude >= raw * (1 - 1e-9)) return m * magnitude;
  }
  return 10 * magnitude;
}

std::string tick_label(double value, double step) {
  int decimals = 0;
  while (decimals < 3) {
    const double scaled = step * std::pow(10.0, decimals);
    if (std::abs(scaled - std::round(scaled)) < 1e-6) break;
    ++decimals;
  }
  char text[32];
  const auto end = std::to_chars(text, text + sizeof text, std::abs(value) < 1e-12 ? 0.0 : value,
                                 std::chars_format::fixed, decimals);
  return std::string(text, end.ptr);
}

AxisScale day_scale(double first_day, double last_day) {
  AxisScale axis;
  axis.min = first_day;
  axis.max = std::max(last_day, first_day + 1);
  double step = 1;
  for (double s : {1.0, 2.0, 7.0, 14.0, 28.0, 56.0, 91.0, 182.0, 364.0}) {
    step = s;
    if ((axis.max - axis.min) / s <= 5) break;
  }
  for (double d = std::ceil(axis.min); d <= axis.max; d += step) {
    axis.ticks.push_back({d, day_string(static_cast<int64_t>(d))});
  }
  return axis;
}

AxisScale minutes_scale(double max_s) {
  AxisScale axis;
  axis.max = std::max(max_s / 60.0, 0.5);
  const double step = nice_step(axis.max, 6);
  for (double m = 0; m <= axis.max + 1e-9; m += step) {
    axis.ticks.push_back({m, tick_label(m, step) + " min"});
  }
  return axis;
}

AxisScale value_scale(const Chart& chart) {
  double lo = 0, hi = 1;
  for (const auto& s : chart.series) {
    for (double v : s.y) {
      hi = std::max(hi, v);
      lo = std::min(lo, v);
    }
  }
  if (chart.reference) hi = std::max(hi, chart.reference->high);  // the band stays in view
  if (chart.unit == "0-10") lo = 0, hi = 10;
  const double step = nice_step(hi - lo, 4);
  AxisScale axis;
  axis.min = std::floor(lo / step) * step;
  axis.max = std::max(std::ceil(hi / step) * step, axis.min + step);
  for (double v = axis.min; v <= axis.max + step * 0.01; v += step) {
    axis.ticks.push_back({v, tick_label(v, step)});
  }
  return axis;
}

}  // namespace midline::storage
