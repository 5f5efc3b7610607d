#pragma once
// The exercise catalogue: one entry per exercise type, and everything the rest of Midline
// needs to know of a type comes from its entry: its name in level files and the session
// store, its parameters with their level-file fields and safety limits, its defaults, how
// long it lasts, the words that introduce it, the rules that run it (a factory) and which
// scene draws it. Level files, the editor, plans, the session core and the screens read the
// entry; none of them lists the types again.
//
// Adding a type: its rules (a class over Exercise, with its parameters), its entry here (the
// enum, the variant and catalogue.cpp), its scene (screens/scenes) and its tests.

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <variant>

#include "exercises/exercise.hpp"
#include "exercises/exercise_params.hpp"
#include "exercises/felt_midline.hpp"
#include "exercises/look_and_return.hpp"

namespace midline {

struct ExerciseOutcome;

// In the order of ExerciseParams' alternatives.
enum class ExerciseType { hold_midline, guided_movement, range_check, look_and_return, felt_midline };
using ExerciseParams = std::variant<HoldMidlineParams, GuidedMovementParams, RangeCheckParams,
                                    LookAndReturnParams, FeltMidlineParams>;

// The range a number may take and why (levels and plans).
struct NumberLimits {
  double min;
  double max;
  bool whole;             // a count (repetitions), not a measurement
  std::string_view unit;  // "degrees", "seconds", "degrees per second", "" for counts
  std::string_view why;   // the reason for the limits, said with every message about them

  bool allows(double value) const;  // finite, within [min, max], whole when it must be
};

// One number a level sets; the loader reads these, the validator checks them, the editor
// clamps to them and the writer writes them.
struct NumberField : NumberLimits {
  std::string_view key;    // as written in the file: "hold_s", "tolerance_deg.rotation"
  std::string_view label;  // for people, with its sign where it has one: "Zone, turning (either side)"
  double (*get)(const ExerciseParams&);
  void (*set)(ExerciseParams&, double);
  // A file may leave it out (a field added after level files were written): it then keeps
  // the type's default.
  bool optional_in_file = false;
};

// Which picture an exercise is played in (drawn by screens/scenes).
enum class SceneKind { still_water, follow_track, range_arc, look_marks, no_head };

struct ExerciseKind {
  ExerciseType type;
  std::string_view key;              // in level files and the session store: "hold_midline"
  std::string_view title;            // for people: "Hold the midline"
  std::string_view new_level_label;  // the level editor's button: "New hold"
  // An assessment, not practice: nothing chimes, the set's effort is not asked, and each
  // repetition is a direction.
  bool assessment;
  bool calm_tone;  // a soft tone plays while the head is in the zone
  SceneKind scene;
  std::span<const NumberField> fields;  // the numbers a level file sets, in the file's order
  ExerciseParams (*defaults)();
  int (*repetitions)(const ExerciseParams&);
  double (*rest_between_s)(const ExerciseParams&);
  // Seconds one repetition demands of the neck (a hold, a whole movement out and back).
  double (*effort_per_repetition_s)(const ExerciseParams&);
  // A few sentences for the player before the exercise begins.
  std::string (*introduction)(const ExerciseParams&);
  // The rules, starting and ending at `midline` (relative to neutral). Throws
  // std::invalid_argument naming a parameter the rules cannot run with.
  std::unique_ptr<Exercise> (*make)(const ExerciseParams&, const HeadAngles& midline);
  // One line on what the exercise measured, for the summary ("4 of 5 holds filled, ...").
  std::string (*summary)(const ExerciseOutcome&);
  std::string_view repetition_word;  // "Round", or "Direction" for a direction at a time
  // How far the exercise asks the head to go from the midline along `axis` toward `side`
  // (+1/-1), in degrees, so a plan can hold it within the patient's recorded range; and the
  // level-file field that sets it. Null for a type that asks no fixed reach (a hold; a range
  // check, which asks only as far as is comfortable) or checks its own (a guided movement,
  // whose side depends on the patient's pull).
  double (*reach_deg)(const ExerciseParams&, Axis axis, int side) = nullptr;
  std::string_view reach_field{};
};

std::span<const ExerciseKind> exercise_catalogue();
const ExerciseKind& exercise_kind(ExerciseType type);
const ExerciseKind& exercise_kind(const ExerciseParams& params);
const ExerciseKind* find_exercise_kind(std::string_view key);

// The whole exercise's length: its repetitions with rests between them.
double exercise_duration_s(const ExerciseParams& params);

}  // namespace midline
