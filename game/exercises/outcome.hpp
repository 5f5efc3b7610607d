#pragma once
// What one exercise of a session came to, as the session core records it for the summary,
// the progress screens and the store.

#include <optional>
#include <string>
#include <vector>

#include "exercises/catalogue.hpp"
#include "exercises/range_check.hpp"

namespace midline {

struct ExerciseOutcome {
  std::string title;
  ExerciseType type = ExerciseType::hold_midline;
  int repetitions_planned = 0;
  std::vector<RepetitionMetrics> repetitions;
  std::vector<RangeResult> ranges;  // range check, in range_directions() order
  std::vector<FeltMidlineTrial> felt_midline;  // felt-midline test, one a trial
  std::optional<int> effort;        // Borg CR10 0..10, when the patient rated the set
  bool skipped = false;             // a clinician skipped it (it is not "done")
};

}  // namespace midline
