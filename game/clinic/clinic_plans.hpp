#pragma once
// Plans from the clinic: versions published by clinicians (never changed once written; the
// database takes version N+1 only on top of version N, so a clinician editing an older
// version gets a conflict, never a silent overwrite), fetched by `midline sync`, and applied
// on the station at the next session start, never during a session.

#include <filesystem>
#include <optional>
#include <string>

#include "clinic/pg.hpp"
#include "storage/session_store.hpp"

namespace midline::clinic {

struct PlanVersion {
  std::string pseudonym;
  int64_t version = 0;
  std::string plan_toml;
  std::string author;      // the clinician's role
  std::string created_at;  // the server's time, ISO 8601
};

// The newest version of `pseudonym`'s plan the connection may read; nullopt when none.
std::optional<PlanVersion> newest_plan(PgConnection& connection, const std::string& pseudonym);

// Publishes `plan_toml` as the version after `based_on` (0 for the first). Checks the plan
// (levels::parse_plan) first. Throws ClinicError: invalid for a plan with problems, conflict
// (naming who published the newer version, and when) when `based_on` is not the newest.
PlanVersion publish_plan(PgConnection& clinician, const std::string& pseudonym,
                         const std::string& plan_toml, int64_t based_on);

// At a session's start, before anything is recorded: writes the newest plan version received
// for `patient` over its plan file (DATA_DIR/plans/PSEUDONYM.toml) when it is not there yet, and
// returns the version the session runs (for storage::SessionStart::plan_version); nullopt
// when no plan came from the clinic. A version whose plan has problems is not applied (the
// one before stays) and `problem` says why.
struct AppliedPlan {
  std::optional<int64_t> version;
  bool newly_applied = false;
  std::string problem;
};
AppliedPlan apply_newest_plan(storage::SessionStore& store, const std::filesystem::path& data_dir,
                              const storage::Patient& patient, storage::WallMs now_ms);
// The same for the game: the store in `data_dir`, the patient by pseudonym; nothing when the
// store or the patient is not there yet.
AppliedPlan apply_newest_plan(const std::filesystem::path& data_dir, const std::string& pseudonym,
                              storage::WallMs now_ms);

}  // namespace midline::clinic
