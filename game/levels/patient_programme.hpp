#pragma once
// What the game needs to start a patient's session, in one call: the good levels of the
// levels folder, the patient's plan from the data folder, the levels as this patient plays
// them, and where progression stands after the sessions so far.

#include <filesystem>
#include <span>
#include <string_view>
#include <vector>

#include "levels/patient_plan.hpp"
#include "levels/progression.hpp"

namespace midline {

struct PatientProgramme {
  // The patient's plan; without a plan file, the default one: every good level in file
  // order, no pull recorded (so levels "away from the pull" are left out), default limits.
  PatientPlan plan;
  bool plan_from_file = false;
  std::vector<Level> levels;      // playable for this patient, in plan order
  Progression progression;        // indexes into `levels`
  std::vector<FileProblem> problems;  // broken level files, a broken plan, skipped levels
};

// `history`: this patient's finished sessions, oldest first. Never throws on what the files
// hold: every problem is in `problems`, and a broken plan falls back to the default plan.
PatientProgramme load_patient_programme(const std::filesystem::path& levels_dir,
                                        const std::filesystem::path& data_dir,
                                        std::string_view patient_key,
                                        std::span<const SessionResult> history);

}  // namespace midline
