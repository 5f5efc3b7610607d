#include "clinic/clinic_plans.hpp"

#include "clinic/connection_file.hpp"

#include "levels/patient_plan.hpp"
#include "levels/problem.hpp"

namespace midline::clinic {
namespace {

using storage::Statement;

// The plan's problems in one sentence each; empty when it may be used.
std::string plan_problems(const std::string& plan_toml, const std::string& where) {
  const PlanFileResult parsed = parse_plan(plan_toml, where);
  std::string out;
  for (const FileProblem& p : parsed.problems) out += (out.empty() ? "" : "; ") + format_problem(p);
  if (out.empty() && !parsed.plan) out = where + " could not be read";
  return out;
}

}  // namespace

std::optional<PlanVersion> newest_plan(PgConnection& connection, const std::string& pseudonym) {
  const PgResult row = connection.exec(
      "SELECT version, plan_toml, author, "
      "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
      "FROM midline.plan_versions WHERE pseudonym = $1 ORDER BY version DESC LIMIT 1",
      {pseudonym});
  if (row.rows() == 0) return std::nullopt;
  return PlanVersion{pseudonym, row.integer(0, 0), row.text(0, 1), row.text(0, 2), row.text(0, 3)};
}

PlanVersion publish_plan(PgConnection& clinician, const std::string& pseudonym,
                         const std::string& plan_toml, int64_t based_on) {
  const std::string problems = plan_problems(plan_toml, "the plan for " + pseudonym);
  if (!problems.empty())
    throw ClinicError(ClinicError::Kind::invalid, "nothing was published: " + problems);
  try {
    clinician.exec("INSERT INTO midline.plan_versions (pseudonym, version, plan_toml) "
                   "VALUES ($1, $2, $3)",
                   {pseudonym, std::to_string(based_on + 1), plan_toml});
  } catch (const ClinicError& e) {
    if (e.kind() != ClinicError::Kind::conflict) throw;
    const auto newest = newest_plan(clinician, pseudonym);
    throw ClinicError(
        ClinicError::Kind::conflict,
        "nothing was published: " + pseudonym + "'s plan changed since version " +
            std::to_string(based_on) + " you started from" +
            (newest ? " (version " + std::to_string(newest->version) + " by " + newest->author +
                          " at " + newest->created_at + ")"
                    : std::string()) +
            ". Open the newest version, make your change there and publish again.");
  }
  auto published = newest_plan(clinician, pseudonym);
  if (!published)
    throw ClinicError(ClinicError::Kind::denied,
                      "the clinic's database took the plan but shows no version of it");
  return *published;
}

AppliedPlan apply_newest_plan(storage::SessionStore& store, const std::filesystem::path& data_dir,
                              const storage::Patient& patient, storage::WallMs now_ms) {
  AppliedPlan applied;
  storage::Database& db = store.database();
  Statement received(db,
                     "SELECT version, plan_toml, applied_ms FROM clinic_plans "
                     "WHERE patient_id = ?1 ORDER BY version DESC");
  received.bind(1, patient.id);
  while (received.step()) {  // newest first; a broken version leaves the one before in force
    const int64_t version = received.column_int(0);
    const std::string toml = received.column_text(1);
    if (!received.is_null(2)) {
      applied.version = version;
      return applied;
    }
    const std::string problems =
        plan_problems(toml, "plan version " + std::to_string(version) + " from the clinic");
    if (!problems.empty()) {
      if (applied.problem.empty()) applied.problem = problems;
      continue;
    }
    const auto path = plan_path(data_dir, patient.pseudonym);
    if (!path) {
      applied.problem = "no plan file can be named for " + patient.pseudonym;
      return applied;
    }
    try {
      std::filesystem::create_directories(path->parent_path());
      write_private_file(*path, toml);  // as the clinician wrote it, comments and all
    } catch (const std::exception& e) {
      applied.problem = e.what();
      return applied;
    }
    Statement mark(db, "UPDATE clinic_plans SET applied_ms = ?3 WHERE patient_id = ?1 AND version = ?2");
    mark.bind(1, patient.id).bind(2, version).bind(3, now_ms).run();
    applied.version = version;
    applied.newly_applied = true;
    return applied;
  }
  return applied;
}

AppliedPlan apply_newest_plan(const std::filesystem::path& data_dir, const std::string& pseudonym,
                              storage::WallMs now_ms) {
  if (!std::filesystem::exists(storage::SessionStore::database_file(data_dir))) return {};
  try {
    storage::SessionStore store(data_dir, storage::SessionStore::Mode::read);
    const auto patient = store.find_patient(pseudonym);
    if (!patient) return {};
    return apply_newest_plan(store, data_dir, *patient, now_ms);
  } catch (const storage::StorageError& e) {
    return {std::nullopt, false, e.what()};
  }
}

}  // namespace midline::clinic
