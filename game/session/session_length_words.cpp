#include "session/session_length_words.hpp"

#include <algorithm>
#include <cmath>

namespace midline {

std::string session_length_words(const std::optional<pacing::SessionLengthSuggestion>& s) {
  if (!s || s->minutes <= 0.0) return {};
  const long minutes = std::max(1L, std::lround(s->minutes));
  // The reason (baseline, good weeks) is the clinician's; the report gives it.
  return "About " + std::to_string(minutes) + (minutes == 1 ? " minute" : " minutes") +
         " is a good length today; stopping sooner is always fine.";
}

}  // namespace midline
