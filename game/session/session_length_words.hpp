#pragma once
// The suggested session length in words for the check-in page: a length to aim for, never a
// target to push past.

#include <optional>
#include <string>

#include "pacing/session_length.hpp"

namespace midline {

// "About 8 minutes is a good length today; ..."; empty without a suggestion.
std::string session_length_words(const std::optional<pacing::SessionLengthSuggestion>& s);

}  // namespace midline
