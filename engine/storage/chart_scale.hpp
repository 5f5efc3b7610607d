#pragma once
// Axis ranges and tick labels for progress charts, so the PDF report and the progress screen
// scale and label the same data the same way.

#include <string>
#include <vector>

#include "storage/progress.hpp"

namespace midline::storage {

struct Tick {
  double at = 0.0;
  std::string label;
};

struct AxisScale {
  double min = 0.0, max = 1.0;
  std::vector<Tick> ticks;
  double position(double v) const { return (v - min) / (max - min); }  // 0..1 along the axis
};

// Local day numbers from first_day to last_day, labelled YYYY-MM-DD, at most five ticks.
AxisScale day_scale(double first_day, double last_day);
// Minutes from 0 to `max_s` seconds, for one session's trace.
AxisScale minutes_scale(double max_s);
// The values of `chart`: from 0 (or below, for negative values) to a round number above the
// largest; 0-10 scales always show 0 to 10.
AxisScale value_scale(const Chart& chart);

// 1-2-2.5-5 steps: the smallest at least range / ticks.
double nice_step(double range, int ticks);
// `value` with as many decimals as `step` needs (0.25 steps: two; 2.5: one; 5: none).
std::string tick_label(double value, double step);

}  // namespace midline::storage
