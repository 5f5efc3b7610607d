#pragma once
// The median of a handful of values (for an even count, the upper of the middle two): robust
// to the odd outlier (a glint, a hand that came and went), which a mean is not.

#include <algorithm>
#include <cstddef>
#include <vector>

namespace midline {

// 0 for no values.
inline double median(std::vector<double> values) {
  if (values.empty()) return 0.0;
  const auto middle = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
  std::nth_element(values.begin(), middle, values.end());
  return *middle;
}

}  // namespace midline
