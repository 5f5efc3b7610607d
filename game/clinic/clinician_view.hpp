#pragma once
// The clinician's side of the clinic's data, for clinician mode: the patients this clinician
// follows (the database's row-level security shows no others) with their overview and flags,
// and one patient's sessions read into the very structures the local session store gives
// (storage::ProgressData, ExerciseRecord), so the progress screen, its charts and the PDF report
// draw them as they draw a station's own. Head samples never reach the clinic: its sessions
// have no angle trace.
//
// Where clinician mode finds the clinician's connection: DATA_DIR/clinician.toml (0600), kept
// there by `midline clinic enrol anna.toml` (a file `midline clinic add-clinician` wrote) in the
// data folder of the account the clinician uses Midline with.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "clinic/clinic_plans.hpp"
#include "clinic/connection_file.hpp"
#include "clinic/patient_flags.hpp"
#include "storage/progress.hpp"

namespace midline::clinic {

std::filesystem::path clinician_connection_file(const std::filesystem::path& data_dir);

// Checks a clinician's connection file (one that names no patient) and keeps a copy (0600) in
// `data_dir` (made 0700 when new). Does not connect. Throws ClinicError naming the file.
ClinicConnection enrol_clinician(const std::filesystem::path& connection_file,
                                 const std::filesystem::path& data_dir);

// The server's clock now, in milliseconds since the epoch: what "the last 7 days" count from.
storage::WallMs server_now_ms(PgConnection& connection);

// Every patient the connection's clinician follows, by pseudonym, each with its overview as of
// `now_ms`. Throws ClinicError.
std::vector<PatientOverview> followed_patients(PgConnection& clinician, storage::WallMs now_ms);

struct ClinicPatient {
  storage::ProgressData progress;  // sessions ordered by the server's time, ids 1, 2, ...
  std::vector<std::vector<storage::ExerciseRecord>> exercises;  // per session, in order
  std::optional<PlanVersion> plan;  // the newest version published; none yet: nullopt
};
// One followed patient's sessions, exercises, repetitions, indicators and newest plan. Times
// are the server's (the station's less its clock offset). Throws ClinicError; a patient this
// clinician does not follow has no rows to read, and is said so (denied).
ClinicPatient load_clinic_patient(PgConnection& clinician, const std::string& pseudonym);

}  // namespace midline::clinic
