#include "levels/patient_programme.hpp"

namespace midline {

PatientProgramme load_patient_programme(const std::filesystem::path& levels_dir,
                                        const std::filesystem::path& data_dir,
                                        std::string_view patient_key,
                                        std::span<const SessionResult> history) {
  PatientProgramme programme;
  const std::vector<std::filesystem::path> folders{levels_dir};
  const LevelLibrary library = load_levels(folders);
  programme.problems = library.problems;

  LoadedPlan plan;
  const auto path = plan_path(data_dir, patient_key);
  std::error_code error;
  if (path && std::filesystem::exists(*path, error)) {
    PlanFileResult loaded = load_plan_file(*path);
    programme.problems.insert(programme.problems.end(), loaded.problems.begin(),
                              loaded.problems.end());
    if (loaded.plan) {
      plan = std::move(*loaded.plan);
      programme.plan_from_file = true;
    }
  }
  if (!programme.plan_from_file) {
    plan.plan.patient = std::string(patient_key);
    for (const auto& loaded : library.levels) plan.plan.levels.push_back(loaded.level.id);
  }

  PatientLevels levels = levels_for_patient(plan, library);
  programme.problems.insert(programme.problems.end(), levels.problems.begin(),
                            levels.problems.end());
  programme.levels = std::move(levels.levels);
  std::vector<std::string> ids;
  for (const auto& level : programme.levels) ids.push_back(level.id);
  programme.progression =
      decide_progression(ids, plan.plan.mastery, plan.plan.progression, history);
  programme.plan = std::move(plan.plan);
  return programme;
}

}  // namespace midline
