#include "session/todays_plan.hpp"

#include <algorithm>
#include <cstdio>
#include <stdexcept>
#include <utility>

#include "levels/plan_editor.hpp"
#include "storage/calendar.hpp"
#include "storage/sqlite.hpp"

namespace midline {

namespace {
constexpr size_t kLevelsPerSession = 3;
}

PlannedExercise planned_from(const Level& level) {
  return {level.title, level.params, level.id, level.instruction, level.sensory_trick_allowed};
}

PatientPlan starting_plan(std::string patient, const LevelLibrary& library) {
  PatientPlan plan;
  plan.patient = std::move(patient);
  for (const char* id : kFirstRungs)
    if (library.find(id)) plan.levels.emplace_back(id);
  if (plan.levels.empty())  // a plan names at least one level; a missing one is reported
    plan.levels.emplace_back(library.levels.empty() ? kFirstRungs[0]
                                                    : library.levels.front().level.id);
  return plan;
}

PatientFlexionZero patient_flexion_zero(std::optional<double> in_plan,
                                        const std::optional<storage::FlexionZeroRecord>& kept) {
  PatientFlexionZero zero;
  const bool kept_is_old = kept && kept->degrees && kept->measured_on_earlier_face_plane();
  if (in_plan) {
    zero.degrees = in_plan;
    zero.from = PatientFlexionZero::From::plan;
    // Recorded at this computer into the plan as well (a therapist's recording goes to both).
    if (kept_is_old && kept->set_by == storage::FlexionZeroSetter::therapist &&
        *kept->degrees == *in_plan)
      zero.earlier_face_plane = kept;
  } else if (kept_is_old) {
    zero.earlier_face_plane = kept;
  } else if (kept && kept->degrees) {
    zero.degrees = kept->degrees;
    zero.from = kept->set_by == storage::FlexionZeroSetter::therapist
                    ? PatientFlexionZero::From::therapist
                    : PatientFlexionZero::From::patient;
    zero.recorded_ms = kept->at_ms;
    zero.author = kept->author;
  }
  return zero;
}

std::string earlier_face_plane_note(const PatientFlexionZero& zero) {
  if (!zero.earlier_face_plane || !zero.earlier_face_plane->degrees) return {};
  const storage::FlexionZeroRecord& old = *zero.earlier_face_plane;
  const std::string who = old.set_by == storage::FlexionZeroSetter::therapist
                              ? (old.author.empty() ? std::string("a therapist") : old.author)
                              : std::string("the patient looking level");
  char degrees[32];
  std::snprintf(degrees, sizeof degrees, "%+.1f deg", *old.degrees);
  const std::string recorded = "recorded by " + who + " on " +
                               storage::day_string(storage::local_day_number(old.at_ms));
  const std::string why =
      "measured against an earlier plane of the face (brows and eyelids), which Midline no "
      "longer uses, so it does not say where this head is level";
  if (zero.from == PatientFlexionZero::From::plan)
    return "The plan's value is the one " + recorded + ", " + why +
           ": the therapist should record it again.";
  return "The flexion zero " + recorded + " (" + degrees + ") was " + why +
         ", and is not used: record it again.";
}

TodaysPlan todays_plan(const LevelLibrary& library, const std::optional<LoadedPlan>& plan,
                       std::span<const SessionResult> history,
                       const std::optional<storage::FlexionZeroRecord>& kept_flexion_zero) {
  TodaysPlan today;
  for (const FileProblem& p : library.problems) today.notes.push_back(format_problem(p));
  // The patient's, whatever they play.
  today.flexion_zero = patient_flexion_zero(plan ? plan->plan.flexion_zero_deg : std::nullopt,
                                            kept_flexion_zero);

  if (plan) {
    const PatientLevels mine = levels_for_patient(*plan, library);
    for (const FileProblem& p : mine.problems) today.notes.push_back(format_problem(p));
    std::vector<std::string> ids;
    for (const Level& l : mine.levels) ids.push_back(l.id);
    const Progression progression =
        decide_progression(ids, plan->plan.mastery, plan->plan.progression, history);
    if (progression.current) {
      const size_t end = *progression.current + 1;
      const size_t begin = end > kLevelsPerSession ? end - kLevelsPerSession : 0;
      for (size_t i = begin; i < end; ++i) today.exercises.push_back(planned_from(mine.levels[i]));
      today.name = "plan " + plan->file;
      today.daily = plan->plan.daily;
      const HeadAngles& offset = plan->plan.midline_offset;
      if (offset.rotation_deg != 0.0 || offset.tilt_deg != 0.0 || offset.flexion_deg != 0.0)
        today.shaping.start = offset;
      today.shaping.step_deg = plan->plan.shaping_step_deg;
      today.shaping.mastered_levels = static_cast<int>(std::count_if(
          progression.levels.begin(), progression.levels.end(),
          [](const LevelProgress& l) { return l.mastered; }));
      today.shaping.range = plan->plan.range;
      return today;
    }
    today.notes.push_back(plan->file + ": no level of this plan can be played; the first "
                                       "levels of the ladder are used instead.");
  }

  for (const char* id : kFirstRungs)
    if (const LoadedLevel* l = library.find(id)) today.exercises.push_back(planned_from(l->level));
  if (!today.exercises.empty()) {
    today.name = "first levels";
    return today;
  }
  today.exercises = default_plan();
  today.name = "built-in plan";
  if (library.files_read == 0)
    today.notes.push_back("No level files were found, so today's plan is the built-in one.");
  return today;
}

pacing::PracticeLimits practice_limits(const std::optional<DailyLimits>& daily) {
  pacing::PracticeLimits limits;
  if (!daily) return limits;
  limits.sessions_per_day_max = daily->max_sessions;
  limits.daily_max_min = daily->max_minutes;
  limits.session_max_min = daily->minutes_per_session;
  limits.min_rest_s = daily->rest_after_set_s;
  return limits;
}

void apply_patient_reference(const TodaysPlan& today, HeadSampleSource& source) {
  source.set_flexion_zero(today.flexion_zero.degrees.value_or(0.0));
}

bool keep_flexion_zero(const std::filesystem::path& data_dir, const std::string& patient_key,
                       std::optional<double> degrees, const ClinicianKey* seal_with) {
  const auto path = plan_path(data_dir, patient_key);
  if (!path || !std::filesystem::exists(*path)) return false;
  PlanFileResult loaded = load_plan_file(*path);
  if (!loaded.plan)  // never overwrite a plan someone must mend first
    throw std::runtime_error(loaded.problems.empty() ? path->string() + ": cannot be read"
                                                     : format_problem(loaded.problems.front()));
  PlanEditor editor(std::move(loaded.plan->plan));
  const EditAnswer answer = editor.set_number("flexion_zero_deg", degrees);
  if (!answer.accepted && !answer.message.empty())
    throw std::runtime_error(path->string() + ": " + answer.message);
  if (editor.changed()) editor.save(*path, seal_with);
  return true;
}

PatientFlexionZero keep_patient_flexion_zero(const std::filesystem::path& data_dir,
                                             SessionLog& log, std::optional<double> degrees,
                                             storage::FlexionZeroSetter set_by,
                                             const std::string& author,
                                             const ClinicianKey* seal_with) {
  const auto key = log.player_key();
  if (!key) throw std::runtime_error("nobody is chosen to keep it for.");
  std::optional<double> in_plan;
  if (set_by == storage::FlexionZeroSetter::therapist) {
    if (keep_flexion_zero(data_dir, *key, degrees, seal_with)) in_plan = degrees;
  } else if (const auto path = plan_path(data_dir, *key); path && std::filesystem::exists(*path)) {
    // A therapist's value in the plan stays in force: a patient never overrides it.
    if (const auto plan = load_plan_file(*path).plan; plan && plan->plan.flexion_zero_deg)
      throw std::runtime_error("your therapist has set it in your plan.");
  }
  if (set_by == storage::FlexionZeroSetter::patient)
    if (const auto kept = log.kept_flexion_zero();
        kept && kept->degrees && kept->set_by == storage::FlexionZeroSetter::therapist &&
        !kept->measured_on_earlier_face_plane())
      throw std::runtime_error("your therapist has recorded it.");
  try {
    if (!log.keep_flexion_zero(degrees, set_by, author))
      throw std::runtime_error("sessions are not being kept on this computer.");
  } catch (const storage::StorageError& e) {
    throw std::runtime_error(std::string("the session store refused it: ") + e.what());
  }
  return patient_flexion_zero(in_plan, log.kept_flexion_zero());
}

}  // namespace midline
