#include "storage/schema.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include "storage/session_store.hpp"
#include "temp_dir.hpp"

namespace midline::storage {
namespace {

// Brings a new database to schema `version` as an older Midline left it, foreign keys on as
// the store opens it (a careless copy cascades), with one patient (id 1).
void older_midlines_database(Database& db, int version) {
  db.execute("PRAGMA foreign_keys = ON");
  migrate(db, version);
  db.execute("INSERT INTO patients (pseudonym, display_name, created_ms) VALUES ('P-7', '', 5)");
}

std::set<std::string> table_names(Database& db) {
  Statement q(db, "SELECT name FROM sqlite_schema WHERE type = 'table'");
  std::set<std::string> names;
  while (q.step()) names.insert(q.column_text(0));
  return names;
}

TEST(Schema, AFreshDatabaseHasEveryTableAtTheCurrentVersion) {
  testing::TempDir dir;
  SessionStore store(dir.path());
  EXPECT_EQ(schema_version(store.database()), kSchemaVersion);
  const auto names = table_names(store.database());
  for (const char* table :
       {"patients", "plans", "sessions", "check_ins", "exercises", "repetitions", "samples",
        "breaks", "notes", "injections", "session_indicators"}) {
    EXPECT_TRUE(names.count(table)) << table;
  }
}

TEST(Schema, ForeignKeysAndChecksAreEnforced) {
  testing::TempDir dir;
  SessionStore store(dir.path());
  Database& db = store.database();
  EXPECT_THROW(db.execute("INSERT INTO sessions (patient_id, started_ms, last_activity_ms) "
                          "VALUES (99, 0, 0)"),
               StorageError);
  store.add_patient("P-1", "", 0);
  db.execute("INSERT INTO sessions (patient_id, started_ms, last_activity_ms) VALUES (1, 0, 0)");
  EXPECT_THROW(db.execute("INSERT INTO check_ins (session_id, phase, pain, fatigue, at_ms) "
                          "VALUES (1, 'before', 11, 0, 0)"),
               StorageError);
  EXPECT_THROW(db.execute("UPDATE sessions SET end_reason = 'bored' WHERE id = 1"), StorageError);
}

TEST(Schema, MigratingFromVersionOneKeepsWhatWasRecorded) {
  testing::TempDir dir;
  const auto file = SessionStore::database_file(dir.path());
  {
    Database db(file, Database::Access::create);
    migrate(db, 1);
    ASSERT_EQ(schema_version(db), 1);
    db.execute(
        "INSERT INTO patients (pseudonym, display_name, created_ms) VALUES ('P-7', 'Ann', 5)");
    db.execute(
        "INSERT INTO sessions (patient_id, started_ms, last_activity_ms, ended_ms, "
        "end_reason) VALUES (1, 1000, 61000, 61000, 'finished')");
    db.execute("INSERT INTO samples VALUES (1, 0, 20, 0, 0, 90, 0, 0, NULL, NULL)");
  }
  SessionStore store(dir.path());
  EXPECT_EQ(schema_version(store.database()), kSchemaVersion);
  const auto patient = store.find_patient("P-7");
  ASSERT_TRUE(patient);
  EXPECT_EQ(patient->display_name, "Ann");
  const auto sessions = store.sessions(patient->id);
  ASSERT_EQ(sessions.size(), 1u);
  EXPECT_EQ(sessions[0].end_reason, EndReason::finished);
  EXPECT_FALSE(sessions[0].indicators);  // the new table starts empty; nothing invented
  const auto samples = store.samples(sessions[0].id);
  ASSERT_EQ(samples.size(), 1u);
  EXPECT_DOUBLE_EQ(samples[0].rotation_deg, 2.0);
  EXPECT_TRUE(samples[0].calibrated);  // as samples were treated before version 3
}

// Version 5 copies the sessions table to widen its stop reasons: nothing that refers to a
// session (check-ins, samples, notes, indicators) may be lost on the way.
TEST(Schema, MigratingFromVersionFourKeepsEverySessionAndWhatRefersToIt) {
  testing::TempDir dir;
  const auto file = SessionStore::database_file(dir.path());
  {
    Database db(file, Database::Access::create);
    older_midlines_database(db, 4);
    db.execute(
        "INSERT INTO sessions (patient_id, started_ms, last_activity_ms, ended_ms, end_reason) "
        "VALUES (1, 1000, 61000, 61000, 'stopped_by_patient'), (1, 90000, 95000, NULL, NULL)");
    db.execute("INSERT INTO check_ins (session_id, phase, pain, fatigue, at_ms) "
               "VALUES (1, 'before', 8, 6, 1000), (1, 'after', 9, 7, 61000)");
    db.execute("INSERT INTO samples (session_id, t_ms, rotation_tenth_deg, tilt_tenth_deg, "
               "flexion_tenth_deg, quality_pct, face_lost, sensory_trick) "
               "VALUES (1, 0, 20, 0, 0, 90, 0, 0)");
    db.execute("INSERT INTO notes (patient_id, session_id, at_ms, text) VALUES (1, 1, 2000, 'ok')");
  }
  SessionStore store(dir.path());
  Database& db = store.database();
  EXPECT_EQ(schema_version(db), kSchemaVersion);
  const auto sessions = store.sessions(store.find_patient("P-7")->id);
  ASSERT_EQ(sessions.size(), 2u);
  EXPECT_EQ(sessions[0].end_reason, EndReason::stopped_by_patient);
  EXPECT_EQ(store.samples(sessions[0].id).size(), 1u);
  auto count = [&](const char* sql) {
    Statement q(db, sql);
    return q.step() ? q.column_int(0) : -1;
  };
  EXPECT_EQ(count("SELECT count(*) FROM check_ins WHERE session_id = 1"), 2);
  EXPECT_EQ(count("SELECT count(*) FROM notes WHERE session_id = 1"), 1);
  EXPECT_EQ(count("PRAGMA foreign_keys"), 1);  // back on after migrating
  // The new reasons are accepted; a made-up one still is not.
  db.execute("UPDATE sessions SET end_reason = 'stopped_by_clinician' WHERE id = 2");
  EXPECT_EQ(store.sessions(1)[1].end_reason, EndReason::stopped_by_clinician);
  EXPECT_THROW(db.execute("UPDATE sessions SET end_reason = 'bored' WHERE id = 2"), StorageError);
  // Deleting a session still reaches what refers to it (the references survived the copy).
  db.execute("DELETE FROM sessions WHERE id = 1");
  EXPECT_EQ(count("SELECT count(*) FROM check_ins"), 0);
}

// Version 6 names what a session's angles are measured from: sessions kept before were
// measured from the resting posture, and say so; nothing else about them changes.
TEST(Schema, SessionsKeptBeforeVersionSevenSayTheirAnglesAreFromTheRestingPosture) {
  testing::TempDir dir;
  const auto file = SessionStore::database_file(dir.path());
  {
    Database db(file, Database::Access::create);
    older_midlines_database(db, 5);
    db.execute("INSERT INTO sessions (patient_id, started_ms, last_activity_ms, ended_ms, "
               "end_reason) VALUES (1, 1000, 61000, 61000, 'finished')");
    db.execute("INSERT INTO check_ins (session_id, phase, pain, fatigue, at_ms) "
               "VALUES (1, 'before', 3, 2, 1000)");
  }
  SessionStore store(dir.path());
  const auto sessions = store.sessions(store.find_patient("P-7")->id);
  ASSERT_EQ(sessions.size(), 1u);
  EXPECT_EQ(sessions[0].angle_reference, AngleReference::resting_posture);
  EXPECT_FALSE(sessions[0].reference.resting_posture);  // not measured then: nothing invented
  EXPECT_EQ(sessions[0].pain_before, 3);
  EXPECT_THROW(store.database().execute("UPDATE sessions SET angle_reference = 'felt' WHERE id = 1"),
               StorageError);
}

// Version 8 adds, per repetition, the time without the scene (fading feedback) and a
// felt-midline trial's side and error: the repetitions kept before stay whole, with those
// empty (not measured then), and a bad side is refused.
TEST(Schema, MigratingFromVersionSevenKeepsEveryRepetitionWithTheNewFiguresEmpty) {
  testing::TempDir dir;
  const auto file = SessionStore::database_file(dir.path());
  {
    Database db(file, Database::Access::create);
    older_midlines_database(db, 7);
    db.execute("INSERT INTO sessions (patient_id, started_ms, last_activity_ms, ended_ms, "
               "end_reason, angle_reference) VALUES (1, 1000, 61000, 61000, 'finished', "
               "'body_midline')");
    db.execute("INSERT INTO exercises (session_id, ordinal, exercise_type, started_ms) "
               "VALUES (1, 1, 'felt_midline', 1000)");
    db.execute("INSERT INTO repetitions (exercise_id, ordinal, at_ms, duration_s, time_in_zone_s, "
               "mean_deviation_deg, peak_deviation_deg, longest_in_zone_s) "
               "VALUES (1, 1, 2000, 6.5, 4.0, 3.0, 9.0, 2.5)");
  }
  SessionStore store(dir.path());
  EXPECT_EQ(schema_version(store.database()), kSchemaVersion);
  const auto exercises = store.exercises(1);
  ASSERT_EQ(exercises.size(), 1u);
  ASSERT_EQ(exercises[0].repetitions.size(), 1u);
  const RepetitionResult& kept = exercises[0].repetitions[0];
  EXPECT_DOUBLE_EQ(kept.duration_s, 6.5);
  EXPECT_DOUBLE_EQ(kept.time_in_zone_s, 4.0);
  EXPECT_EQ(kept.longest_in_zone_s, 2.5);
  EXPECT_FALSE(kept.unseen_s);
  EXPECT_FALSE(kept.unseen_in_zone_s);
  EXPECT_FALSE(kept.felt_side);
  EXPECT_FALSE(kept.felt_error_deg);
  EXPECT_THROW(store.database().execute("UPDATE repetitions SET felt_side = 2 WHERE id = 1"),
               StorageError);
  EXPECT_THROW(store.database().execute("UPDATE repetitions SET unseen_s = -1 WHERE id = 1"),
               StorageError);
}

TEST(Schema, MigratingFromVersionNineMarksEveryKeptFlexionZeroAsMeasuredOnTheEarlierPlane) {
  testing::TempDir dir;
  const auto file = SessionStore::database_file(dir.path());
  {
    Database db(file, Database::Access::create);
    older_midlines_database(db, 9);
    db.execute("INSERT INTO flexion_zeros (patient_id, at_ms, degrees, set_by, author) "
               "VALUES (1, 1000, 8.5, 'therapist', 'clinician (AB)')");
  }
  SessionStore store(dir.path());
  EXPECT_EQ(schema_version(store.database()), kSchemaVersion);
  const auto old = store.latest_flexion_zero(1);
  ASSERT_TRUE(old);
  EXPECT_EQ(old->degrees, 8.5);
  EXPECT_EQ(old->author, "clinician (AB)");
  EXPECT_EQ(old->face_plane, 1);
  EXPECT_TRUE(old->measured_on_earlier_face_plane());

  // One recorded now is measured against today's plane.
  FlexionZeroRecord recorded_now;
  recorded_now.patient_id = 1;
  recorded_now.at_ms = 2000;
  recorded_now.degrees = 3.0;
  store.add_flexion_zero(recorded_now);
  const auto now = store.latest_flexion_zero(1);
  ASSERT_TRUE(now);
  EXPECT_EQ(now->face_plane, kFacePlane);
  EXPECT_FALSE(now->measured_on_earlier_face_plane());
  EXPECT_THROW(store.database().execute("UPDATE flexion_zeros SET face_plane = 0"), StorageError);
}

// Version 11 says whether a session's resting posture is a rough figure. Every resting
// posture kept before was measured where the face was seen: none is marked rough.
TEST(Schema, MigratingFromVersionTenMarksNoKeptRestingPostureRough) {
  testing::TempDir dir;
  const auto file = SessionStore::database_file(dir.path());
  {
    Database db(file, Database::Access::create);
    older_midlines_database(db, 10);
    db.execute("INSERT INTO sessions (patient_id, started_ms, last_activity_ms, ended_ms, "
               "end_reason, angle_reference, resting_rotation_deg, resting_tilt_deg, "
               "resting_flexion_deg) VALUES (1, 1000, 61000, 61000, 'finished', 'body_midline', "
               "-30.0, 5.0, 0.0)");
  }
  SessionStore store(dir.path());
  EXPECT_EQ(schema_version(store.database()), kSchemaVersion);
  const auto sessions = store.sessions(1);
  ASSERT_EQ(sessions.size(), 1u);
  ASSERT_TRUE(sessions[0].reference.resting_posture);
  EXPECT_DOUBLE_EQ(sessions[0].reference.resting_posture->rotation_deg, -30.0);
  EXPECT_FALSE(sessions[0].reference.resting_posture_rough);
  EXPECT_THROW(store.database().execute("UPDATE sessions SET resting_posture_rough = 2"),
               StorageError);
}

TEST(Schema, EveryStopReasonIsWrittenAndReadBack) {
  for (EndReason r : {EndReason::finished, EndReason::stopped_by_patient,
                      EndReason::stopped_for_fatigue, EndReason::interrupted,
                      EndReason::stopped_by_clinician, EndReason::stopped_for_pain,
                      EndReason::stopped_for_technical}) {
    EXPECT_EQ(end_reason_from(to_string(r)), r) << to_string(r);
  }
}

TEST(Schema, ADatabaseFromANewerMidlineIsRefusedAndLeftUntouched) {
  testing::TempDir dir;
  const auto file = SessionStore::database_file(dir.path());
  {
    Database db(file, Database::Access::create);
    migrate(db);
    db.execute("PRAGMA user_version = 99");
  }
  std::ifstream before_in(file, std::ios::binary);
  const std::string before{std::istreambuf_iterator<char>(before_in), {}};
  try {
    SessionStore store(dir.path());
    FAIL() << "expected the newer database to be refused";
  } catch (const StorageError& e) {
    EXPECT_NE(std::string(e.what()).find("newer Midline"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(file.string()), std::string::npos) << e.what();
  }
  std::ifstream after_in(file, std::ios::binary);
  const std::string after{std::istreambuf_iterator<char>(after_in), {}};
  EXPECT_TRUE(before == after) << "the file was changed";
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    EXPECT_EQ(entry.path().string().find("unreadable"), std::string::npos) << entry.path();
  }
}

TEST(Schema, MigratingANegativeVersionIsRefused) {
  testing::TempDir dir;
  Database db(SessionStore::database_file(dir.path()), Database::Access::create);
  db.execute("PRAGMA user_version = -1");
  EXPECT_THROW(migrate(db), StorageError);  // it once read the migration before the first
  EXPECT_EQ(schema_version(db), -1);
}

}  // namespace
}  // namespace midline::storage
