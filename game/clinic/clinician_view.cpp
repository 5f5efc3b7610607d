#include "clinic/clinician_view.hpp"

#include <algorithm>
#include <map>

#include "storage/private_folder.hpp"

namespace midline::clinic {
namespace {

namespace fs = std::filesystem;

// A timestamptz column as milliseconds since the epoch.
std::string epoch_ms(const std::string& column) {
  return "(extract(epoch FROM " + column + ") * 1000)::bigint";
}

std::optional<int> small(const PgResult& r, int row, int column) {
  if (const auto v = r.optional_integer(row, column)) return static_cast<int>(*v);
  return std::nullopt;
}
std::optional<double> real(const PgResult& r, int row, int column) {
  if (r.is_null(row, column)) return std::nullopt;
  return std::stod(r.text(row, column));
}

// The columns of midline.sessions a SessionRecord holds, in the order record_at reads them.
constexpr const char* kSessionColumns =
    "s.pseudonym, (extract(epoch FROM s.started_at) * 1000)::bigint, "
    "(extract(epoch FROM s.ended_at) * 1000)::bigint, s.end_reason, s.supervised, s.plan_name, "
    "s.practice_minutes, s.pain_before, s.pain_after, s.fatigue_before, s.fatigue_after, "
    "s.exercise_count, s.repetition_count, s.mean_borg_effort, s.session_uuid";

storage::SessionRecord record_at(const PgResult& r, int row, int64_t id) {
  storage::SessionRecord s;
  s.id = id;
  s.started_ms = r.integer(row, 1);
  s.ended_ms = r.integer(row, 2);
  s.end_reason = storage::end_reason_from(r.text(row, 3));
  s.supervised = r.text(row, 4) == "t";
  s.plan_name = r.text(row, 5);
  // Pauses are not sent; the practice minutes are, and are the same figure (the session less
  // its pauses): the pauses are what makes the difference.
  const auto practice_ms = static_cast<storage::WallMs>(std::stod(r.text(row, 6)) * 60'000.0 + 0.5);
  s.paused_ms = std::max<storage::WallMs>(0, s.ended_ms - s.started_ms - practice_ms);
  s.pain_before = small(r, row, 7);
  s.pain_after = small(r, row, 8);
  s.fatigue_before = small(r, row, 9);
  s.fatigue_after = small(r, row, 10);
  s.exercises = static_cast<int>(r.integer(row, 11));
  s.repetitions = static_cast<int>(r.integer(row, 12));
  s.mean_borg_effort = real(r, row, 13);
  return s;
}

}  // namespace

fs::path clinician_connection_file(const fs::path& data_dir) { return data_dir / "clinician.toml"; }

ClinicConnection enrol_clinician(const fs::path& connection_file, const fs::path& data_dir) {
  ClinicConnection connection = read_connection_file(connection_file);
  if (connection.patient)
    throw ClinicError(ClinicError::Kind::invalid,
                      "the connection file " + connection_file.string() + " is a station's (for " +
                          *connection.patient + "), not a clinician's");
  try {
    storage::make_private_folder(data_dir);
  } catch (const storage::StorageError& e) {
    throw ClinicError(ClinicError::Kind::invalid, e.what());
  }
  write_private_file(clinician_connection_file(data_dir), connection_to_toml(connection));
  return connection;
}

storage::WallMs server_now_ms(PgConnection& connection) {
  return connection.exec("SELECT " + epoch_ms("clock_timestamp()")).integer(0, 0);
}

std::vector<PatientOverview> followed_patients(PgConnection& clinician, storage::WallMs now_ms) {
  const PgResult patients =
      clinician.exec("SELECT pseudonym FROM midline.patients ORDER BY pseudonym");
  const PgResult sessions = clinician.exec(std::string("SELECT ") + kSessionColumns +
                                           " FROM midline.sessions s ORDER BY s.pseudonym, "
                                           "s.started_at, s.received_at");
  std::map<std::string, std::vector<storage::SessionRecord>> by_patient;
  for (int row = 0; row < sessions.rows(); ++row)
    by_patient[sessions.text(row, 0)].push_back(record_at(sessions, row, row + 1));
  std::vector<PatientOverview> out;
  for (int row = 0; row < patients.rows(); ++row) {
    const std::string pseudonym = patients.text(row, 0);
    out.push_back(patient_overview(pseudonym, by_patient[pseudonym], now_ms));
  }
  return out;
}

ClinicPatient load_clinic_patient(PgConnection& clinician, const std::string& pseudonym) {
  if (clinician.exec("SELECT 1 FROM midline.patients WHERE pseudonym = $1", {pseudonym}).rows() == 0)
    throw ClinicError(ClinicError::Kind::denied,
                      "the clinic's database at " + clinician.server() + " shows no patient " +
                          pseudonym + " to this clinician (not followed, or not there)");
  const PgResult rows = clinician.exec(
      std::string("SELECT ") + kSessionColumns +
          ", i.rotation_left_deg, i.rotation_right_deg, i.tilt_left_deg, i.tilt_right_deg, "
          "i.flexion_deg, i.extension_deg, i.tremor_hz, i.tremor_amplitude_deg, "
          "i.sensory_trick_count, i.tracked_s, i.session_uuid IS NOT NULL "
          "FROM midline.sessions s LEFT JOIN midline.session_indicators i USING (session_uuid) "
          "WHERE s.pseudonym = $1 ORDER BY s.started_at, s.received_at",
      {pseudonym});
  std::vector<storage::SessionRecord> sessions;
  std::map<std::string, size_t> index_of;  // session_uuid -> its place
  for (int row = 0; row < rows.rows(); ++row) {
    storage::SessionRecord s = record_at(rows, row, row + 1);
    if (rows.text(row, 25) == "t") {
      storage::SessionIndicators i;
      i.rotation_left_deg = *real(rows, row, 15);
      i.rotation_right_deg = *real(rows, row, 16);
      i.tilt_left_deg = *real(rows, row, 17);
      i.tilt_right_deg = *real(rows, row, 18);
      i.flexion_deg = *real(rows, row, 19);
      i.extension_deg = *real(rows, row, 20);
      i.tremor_hz = real(rows, row, 21);
      i.tremor_amplitude_deg = real(rows, row, 22);
      i.sensory_trick_count = static_cast<int>(rows.integer(row, 23));
      i.tracked_s = *real(rows, row, 24);
      s.indicators = i;
    }
    index_of[rows.text(row, 14)] = sessions.size();
    sessions.push_back(std::move(s));
  }

  std::vector<std::vector<storage::ExerciseRecord>> exercises(sessions.size());
  const PgResult ex = clinician.exec(
      "SELECT e.session_uuid, e.ordinal, e.exercise_type, e.level_id, "
      "e.station_started_ms - s.station_clock_offset_ms, "
      "e.station_ended_ms - s.station_clock_offset_ms, e.borg_effort "
      "FROM midline.exercises e JOIN midline.sessions s USING (session_uuid) "
      "WHERE e.pseudonym = $1 ORDER BY e.session_uuid, e.ordinal",
      {pseudonym});
  std::map<std::pair<std::string, int>, storage::ExerciseRecord*> exercise_of;
  int64_t exercise_id = 0;
  for (int row = 0; row < ex.rows(); ++row) {
    const auto at = index_of.find(ex.text(row, 0));
    if (at == index_of.end()) continue;
    storage::ExerciseRecord e;
    e.id = ++exercise_id;
    e.ordinal = static_cast<int>(ex.integer(row, 1));
    e.exercise_type = ex.text(row, 2);
    e.level_id = ex.text(row, 3);
    e.started_ms = ex.integer(row, 4);
    e.ended_ms = ex.optional_integer(row, 5);
    e.borg_effort = real(ex, row, 6);
    exercises[at->second].push_back(std::move(e));
  }
  for (const auto& [uuid, k] : index_of)
    for (auto& e : exercises[k]) exercise_of[{uuid, e.ordinal}] = &e;
  const PgResult reps = clinician.exec(
      "SELECT session_uuid, exercise_ordinal, duration_s, time_in_zone_s, mean_deviation_deg, "
      "peak_deviation_deg, path_error_deg, longest_in_zone_s, tremor_amplitude_deg, "
      "face_lost_pauses, completed FROM midline.repetitions WHERE pseudonym = $1 "
      "ORDER BY session_uuid, exercise_ordinal, ordinal",
      {pseudonym});
  for (int row = 0; row < reps.rows(); ++row) {
    const auto at = exercise_of.find({reps.text(row, 0), static_cast<int>(reps.integer(row, 1))});
    if (at == exercise_of.end()) continue;
    storage::RepetitionResult r;
    r.duration_s = *real(reps, row, 2);
    r.time_in_zone_s = *real(reps, row, 3);
    r.mean_deviation_deg = *real(reps, row, 4);
    r.peak_deviation_deg = *real(reps, row, 5);
    r.path_error_deg = real(reps, row, 6);
    r.longest_in_zone_s = real(reps, row, 7);
    r.tremor_amplitude_deg = real(reps, row, 8);
    r.face_lost_pauses = static_cast<int>(reps.integer(row, 9));
    r.completed = reps.text(row, 10) == "t";
    at->second->repetitions.push_back(r);
  }

  storage::Patient patient;
  patient.pseudonym = pseudonym;  // names never reach the clinic
  ClinicPatient out;
  out.exercises = exercises;
  out.progress = storage::progress_data(patient, std::move(sessions), exercises, {});
  out.plan = newest_plan(clinician, pseudonym);
  return out;
}

}  // namespace midline::clinic
