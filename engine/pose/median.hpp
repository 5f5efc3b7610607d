#pragma once
// The median of a handful of values (for an even count, the upper of the middle two): robust
// to the odd outlier (a glint, a hand that came and went), which a mean is not.

#include <algorithm>
#include <cstddef>
#include <optional>
#include <vector>

namespace midline {

// 0 for no values.
inline double median(std::vector<double> values) {
  if (values.empty()) return 0.0;
  const auto middle = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
  std::nth_element(values.begin(), middle, values.end());
  return *middle;
}

// The median of the largest group of `values` that lie within `within` of their middle (a
// span of twice that), where that group holds at least half of them; empty otherwise, or for
// no values. Where the values gather in one place and stray in a few others, this is the
// gathering's middle; the plain median is pulled toward the strays, and lands between two
// groups of about equal size.
inline std::optional<double> agreeing_middle(std::vector<double> values, double within) {
  if (values.empty()) return std::nullopt;
  std::sort(values.begin(), values.end());
  size_t best_begin = 0, best_end = 0;
  for (size_t begin = 0, end = 0; begin < values.size(); ++begin) {
    while (end < values.size() && values[end] - values[begin] <= 2.0 * within) ++end;
    if (end - begin > best_end - best_begin) {
      best_begin = begin;
      best_end = end;
    }
  }
  if (2 * (best_end - best_begin) < values.size()) return std::nullopt;
  return median(std::vector<double>(values.begin() + static_cast<std::ptrdiff_t>(best_begin),
                                    values.begin() + static_cast<std::ptrdiff_t>(best_end)));
}

}  // namespace midline
