#pragma once
// Progression through a plan's levels: a pure function of the plan and the session history,
// so the physiotherapist's view, the patient's and the tests all agree on what is next.

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "levels/patient_plan.hpp"

namespace midline {

// One finished session of one level, oldest first in a history.
struct SessionResult {
  std::string level_id;
  bool success = false;
};

struct LevelProgress {
  std::string level_id;
  int sessions = 0;             // all sessions of this level in the history
  int recent_successes = 0;     // among the latest mastery.over_sessions of them
  bool mastered = false;
};

enum class ProgressionReason {
  first_not_mastered,  // the first level not yet mastered
  moved_on,            // the physiotherapist moved the patient on (progression.start_from)
  held_back,           // the physiotherapist holds the patient at a level (progression.hold_at)
  all_mastered,        // every level mastered: keep practising the last one
};

struct Progression {
  std::optional<std::size_t> current;  // index into the level ids; none when there are none
  ProgressionReason reason = ProgressionReason::first_not_mastered;
  std::vector<LevelProgress> levels;   // one per level id, in order
};

// `level_ids`: the levels the patient can play, in plan order (the ids of
// levels_for_patient's levels). Sessions of levels not in the list are ignored.
Progression decide_progression(std::span<const std::string> level_ids, const MasteryRule& mastery,
                               const ProgressionChoice& choice,
                               std::span<const SessionResult> history);

}  // namespace midline
