#pragma once
// What the store knows of one patient that their plan is set from: the levels they played
// (for progression) and the range their latest range check measured. Read by the session log
// for the player at the screen, and by the plan editor for any patient.

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "levels/level_file.hpp"
#include "levels/patient_plan.hpp"
#include "levels/progression.hpp"
#include "storage/records.hpp"
#include "storage/session_store.hpp"

namespace midline {

namespace storage {
class SessionStore;
}

// The patient's finished level sessions, oldest first: a level's session succeeded when at
// least 80% of the repetitions the level asks for reached their goal.
std::vector<SessionResult> level_history(storage::SessionStore& store, int64_t patient_id,
                                         const LevelLibrary& library);
// The same from each session's exercises, oldest session first (the clinic's copy).
std::vector<SessionResult> level_history(
    std::span<const std::vector<storage::ExerciseRecord>> sessions_exercises,
    const LevelLibrary& library);

// The active range the patient's latest range check reached: the largest excursion held in
// each direction during that check alone (the session's other exercises do not count), to the
// whole degree. Only directions the check reached are set.
struct MeasuredRange {
  RecordedRange range;
  storage::WallMs measured_ms = 0;  // when that range check started
};
std::optional<MeasuredRange> latest_range_check(storage::SessionStore& store, int64_t patient_id);

}  // namespace midline
