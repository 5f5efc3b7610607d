#include "storage/schema.hpp"

#include <array>
#include <string>

namespace midline::storage {
namespace {

// Migration N takes version N-1 to N. Never edit one that has shipped: add the next.
constexpr std::array<const char*, kSchemaVersion> kMigrations = {
    // 1: the session log.
    R"sql(
CREATE TABLE patients (
  id INTEGER PRIMARY KEY,
  pseudonym TEXT NOT NULL UNIQUE CHECK (length(pseudonym) > 0),
  display_name TEXT NOT NULL DEFAULT '',
  created_ms INTEGER NOT NULL
);
CREATE TABLE plans (
  id INTEGER PRIMARY KEY,
  plan_key TEXT NOT NULL UNIQUE,  -- the plan's id in its level file
  name TEXT NOT NULL DEFAULT ''
);
CREATE TABLE sessions (
  id INTEGER PRIMARY KEY,
  patient_id INTEGER NOT NULL REFERENCES patients(id),
  plan_id INTEGER REFERENCES plans(id),
  supervised INTEGER NOT NULL DEFAULT 0,
  started_ms INTEGER NOT NULL,
  last_activity_ms INTEGER NOT NULL,  -- advanced with every batch written: where a crash stopped
  ended_ms INTEGER,                   -- NULL while the session runs
  end_reason TEXT CHECK (end_reason IN
    ('finished', 'stopped_by_patient', 'stopped_for_fatigue', 'interrupted'))
);
CREATE INDEX sessions_by_patient ON sessions(patient_id, started_ms);
CREATE TABLE check_ins (
  id INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  phase TEXT NOT NULL CHECK (phase IN ('before', 'after')),
  pain INTEGER NOT NULL CHECK (pain BETWEEN 0 AND 10),
  fatigue INTEGER NOT NULL CHECK (fatigue BETWEEN 0 AND 10),
  at_ms INTEGER NOT NULL
);
CREATE INDEX check_ins_by_session ON check_ins(session_id);
CREATE TABLE exercises (
  id INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  ordinal INTEGER NOT NULL,
  exercise_type TEXT NOT NULL,
  level_id TEXT NOT NULL DEFAULT '',
  started_ms INTEGER NOT NULL,
  ended_ms INTEGER,
  borg_effort REAL CHECK (borg_effort BETWEEN 0 AND 10)  -- Borg CR10, asked after the set
);
CREATE INDEX exercises_by_session ON exercises(session_id);
CREATE TABLE repetitions (
  id INTEGER PRIMARY KEY,
  exercise_id INTEGER NOT NULL REFERENCES exercises(id) ON DELETE CASCADE,
  ordinal INTEGER NOT NULL,
  at_ms INTEGER NOT NULL,
  duration_s REAL NOT NULL,
  time_in_zone_s REAL NOT NULL,
  mean_deviation_deg REAL NOT NULL,
  peak_deviation_deg REAL NOT NULL,
  path_error_deg REAL,
  tremor_hz REAL,
  tremor_amplitude_deg REAL,
  face_lost_pauses INTEGER NOT NULL DEFAULT 0,
  completed INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX repetitions_by_exercise ON repetitions(exercise_id);
-- Head samples at a reduced rate. Angles in tenths of a degree and quality in percent keep a
-- year of sessions small; t_ms is milliseconds since the session started.
CREATE TABLE samples (
  session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  t_ms INTEGER NOT NULL,
  rotation_tenth_deg INTEGER NOT NULL,
  tilt_tenth_deg INTEGER NOT NULL,
  flexion_tenth_deg INTEGER NOT NULL,
  quality_pct INTEGER NOT NULL,
  face_lost INTEGER NOT NULL,
  sensory_trick INTEGER NOT NULL,
  tremor_tenth_hz INTEGER,
  tremor_tenth_deg INTEGER,
  PRIMARY KEY (session_id, t_ms)
) WITHOUT ROWID;
CREATE TABLE breaks (
  id INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('rest', 'pause')),
  reason TEXT NOT NULL DEFAULT '',
  started_ms INTEGER NOT NULL,
  duration_ms INTEGER NOT NULL CHECK (duration_ms >= 0)
);
CREATE INDEX breaks_by_session ON breaks(session_id);
CREATE TABLE notes (
  id INTEGER PRIMARY KEY,
  patient_id INTEGER NOT NULL REFERENCES patients(id),
  session_id INTEGER REFERENCES sessions(id) ON DELETE SET NULL,
  at_ms INTEGER NOT NULL,
  author TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL
);
CREATE TABLE injections (
  id INTEGER PRIMARY KEY,
  patient_id INTEGER NOT NULL REFERENCES patients(id),
  date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  note TEXT NOT NULL DEFAULT '',
  UNIQUE (patient_id, date)
);
)sql",
    // 2: per-session clinical indicators, computed from the samples when a session ends (or is
    // found interrupted), so progress charts never read the samples.
    R"sql(
CREATE TABLE session_indicators (
  session_id INTEGER PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
  rotation_left_deg REAL NOT NULL,   -- largest sustained excursion in each direction
  rotation_right_deg REAL NOT NULL,
  tilt_left_deg REAL NOT NULL,
  tilt_right_deg REAL NOT NULL,
  flexion_deg REAL NOT NULL,
  extension_deg REAL NOT NULL,
  longest_neutral_hold_s REAL NOT NULL,
  tremor_hz REAL,
  tremor_amplitude_deg REAL,
  sensory_trick_count INTEGER NOT NULL,
  tracked_s REAL NOT NULL
);
)sql",
    // 3: whether a sample's angles are relative to a calibrated neutral. Before calibration
    // they are relative to the camera, a different frame, and indicators leave them out.
    // Samples kept before this version count as calibrated, as they were treated then.
    R"sql(
ALTER TABLE samples ADD COLUMN calibrated INTEGER NOT NULL DEFAULT 1;
)sql",
    // 4: the longest steady hold is measured per repetition by the exercise rules (so it never
    // spans a rest or joins two holds); the sample-based "longest time near neutral" it
    // replaces is no longer computed, so that column may be empty from now on. Values kept
    // before stay as they were. (repetitions.tremor_hz was never filled and is left unused.)
    R"sql(
ALTER TABLE repetitions ADD COLUMN longest_in_zone_s REAL;
CREATE TABLE session_indicators_v4 (
  session_id INTEGER PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
  rotation_left_deg REAL NOT NULL,
  rotation_right_deg REAL NOT NULL,
  tilt_left_deg REAL NOT NULL,
  tilt_right_deg REAL NOT NULL,
  flexion_deg REAL NOT NULL,
  extension_deg REAL NOT NULL,
  longest_neutral_hold_s REAL,  -- until version 4 only
  tremor_hz REAL,
  tremor_amplitude_deg REAL,
  sensory_trick_count INTEGER NOT NULL,
  tracked_s REAL NOT NULL
);
INSERT INTO session_indicators_v4 SELECT session_id, rotation_left_deg, rotation_right_deg,
  tilt_left_deg, tilt_right_deg, flexion_deg, extension_deg, longest_neutral_hold_s, tremor_hz,
  tremor_amplitude_deg, sensory_trick_count, tracked_s FROM session_indicators;
DROP TABLE session_indicators;
ALTER TABLE session_indicators_v4 RENAME TO session_indicators;
)sql",
    // 5: why a session stopped, as it happened: a clinician's stop, a stop for pain and one for
    // a technical problem join the four reasons. SQLite cannot change a CHECK in place, so the
    // table is copied whole (every row and id kept, so the tables that refer to it still do).
    R"sql(
CREATE TABLE sessions_v5 (
  id INTEGER PRIMARY KEY,
  patient_id INTEGER NOT NULL REFERENCES patients(id),
  plan_id INTEGER REFERENCES plans(id),
  supervised INTEGER NOT NULL DEFAULT 0,
  started_ms INTEGER NOT NULL,
  last_activity_ms INTEGER NOT NULL,  -- advanced with every batch written: where a crash stopped
  ended_ms INTEGER,                   -- NULL while the session runs
  end_reason TEXT CHECK (end_reason IN
    ('finished', 'stopped_by_patient', 'stopped_for_fatigue', 'interrupted',
     'stopped_by_clinician', 'stopped_for_pain', 'stopped_for_technical'))
);
INSERT INTO sessions_v5 SELECT id, patient_id, plan_id, supervised, started_ms,
  last_activity_ms, ended_ms, end_reason FROM sessions;
DROP TABLE sessions;
ALTER TABLE sessions_v5 RENAME TO sessions;
CREATE INDEX sessions_by_patient ON sessions(patient_id, started_ms);
)sql",
    // 6: following a clinic (midline clinic enrol, midline sync): which of the clinic's plan
    // versions a session ran, the outbox of sessions to send (each with the UUID it keeps on
    // every retry; sent only once the clinic's database has committed it), the plan versions
    // received (applied at a session start, never during one) and each sync's outcome with
    // this station's clock offset.
    R"sql(
ALTER TABLE sessions ADD COLUMN plan_version INTEGER;  -- NULL: no plan from a clinic
CREATE TABLE clinic_outbox (
  session_id INTEGER PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
  session_uuid TEXT NOT NULL UNIQUE,
  sent_ms INTEGER  -- NULL until the clinic's database has committed the session
);
CREATE TABLE clinic_plans (
  patient_id INTEGER NOT NULL REFERENCES patients(id),
  version INTEGER NOT NULL CHECK (version >= 1),
  plan_toml TEXT NOT NULL,
  author TEXT NOT NULL DEFAULT '',
  received_ms INTEGER NOT NULL,
  applied_ms INTEGER,  -- the first session start that used it
  PRIMARY KEY (patient_id, version)
);
CREATE TABLE clinic_syncs (
  id INTEGER PRIMARY KEY,
  at_ms INTEGER NOT NULL,
  clock_offset_ms INTEGER,  -- this station's clock less the server's; NULL when not reached
  sessions_sent INTEGER NOT NULL DEFAULT 0,
  problem TEXT NOT NULL DEFAULT '',  -- why the sync stopped; empty when it worked
  problem_kind TEXT NOT NULL DEFAULT ''  -- no_connection, bad_certificate, refused, ...
);
)sql",
    // 7: what a session's angles are measured from. Until now, from the resting posture found
    // at calibration (which made a dystonic posture read as straight); from now on from the
    // body midline (the head square to the trunk), with the resting posture, the patient's
    // flexion zero and the session's target kept beside them. Sessions kept before say so.
    // Columns are only added: no table is copied, nothing that refers to a session moves.
    R"sql(
ALTER TABLE sessions ADD COLUMN angle_reference TEXT NOT NULL DEFAULT 'resting_posture'
  CHECK (angle_reference IN ('resting_posture', 'body_midline'));
ALTER TABLE sessions ADD COLUMN resting_rotation_deg REAL;
ALTER TABLE sessions ADD COLUMN resting_tilt_deg REAL;
ALTER TABLE sessions ADD COLUMN resting_flexion_deg REAL;
ALTER TABLE sessions ADD COLUMN flexion_zero_deg REAL;
ALTER TABLE sessions ADD COLUMN target_rotation_deg REAL;
ALTER TABLE sessions ADD COLUMN target_tilt_deg REAL;
ALTER TABLE sessions ADD COLUMN target_flexion_deg REAL;
)sql",
    // 8: fading feedback and the felt-midline test as data. Per repetition: how long the
    // scene was hidden while the hold was scored, and the time in the zone within that (so a
    // session says how the head did with and without the screen); for a felt-midline trial,
    // the side turned to and where "here" was said, from the body midline (until now only a
    // note said the means). Columns are only added: every row kept stays as it was, with these
    // empty (not measured then).
    R"sql(
ALTER TABLE repetitions ADD COLUMN unseen_s REAL CHECK (unseen_s >= 0);
ALTER TABLE repetitions ADD COLUMN unseen_in_zone_s REAL CHECK (unseen_in_zone_s >= 0);
ALTER TABLE repetitions ADD COLUMN felt_side INTEGER CHECK (felt_side IN (-1, 1));
ALTER TABLE repetitions ADD COLUMN felt_error_deg REAL;
)sql",
    // 9: the patient's flexion zero (the face's pitch when the head is level), kept with the
    // patient rather than only in their plan: a patient may record it alone (their plan is
    // the therapist's, sealed), and a newer plan from the clinic replaces the plan file. Every
    // recording is a row (NULL degrees: reset); the newest is in force.
    R"sql(
CREATE TABLE flexion_zeros (
  id INTEGER PRIMARY KEY,
  patient_id INTEGER NOT NULL REFERENCES patients(id),
  at_ms INTEGER NOT NULL,
  degrees REAL,
  set_by TEXT NOT NULL CHECK (set_by IN ('patient', 'therapist')),
  author TEXT NOT NULL DEFAULT ''
);
CREATE INDEX flexion_zeros_by_patient ON flexion_zeros (patient_id, at_ms);
)sql",
    // 10: which plane of the face each flexion zero was measured against (records.hpp,
    // kFacePlane). Every zero kept so far was measured against the first (brows and eyelids).
    R"sql(
ALTER TABLE flexion_zeros ADD COLUMN face_plane INTEGER NOT NULL DEFAULT 1
  CHECK (face_plane >= 1);
)sql",
    // 11: whether a session's resting posture is a rough figure: the head rested turned
    // further than the tracker is sure of (calibration followed it there from nearer the
    // camera). Every resting posture kept so far was measured where the face was seen.
    R"sql(
ALTER TABLE sessions ADD COLUMN resting_posture_rough INTEGER NOT NULL DEFAULT 0
  CHECK (resting_posture_rough IN (0, 1));
)sql",
};

}  // namespace

int schema_version(Database& db) {
  Statement query(db, "PRAGMA user_version");
  return query.step() ? static_cast<int>(query.column_int(0)) : 0;
}

void migrate(Database& db, int target) {
  const int current = schema_version(db);
  if (current < 0) {
    throw StorageError("the session database " + db.file().string() + " has schema version " +
                       std::to_string(current) +
                       ", which no Midline writes; it was left untouched");
  }
  if (current > kSchemaVersion) {
    throw StorageError("the session database " + db.file().string() + " has schema version " +
                       std::to_string(current) + ", written by a newer Midline (this one knows " +
                       "up to " + std::to_string(kSchemaVersion) +
                       "); it was left untouched: update Midline to open it");
  }
  // A migration that copies a table others refer to (5) must not let dropping the old copy
  // cascade into their rows, so foreign keys are off while migrating (SQLite ignores the pragma
  // inside a transaction) and every reference is checked before each commit.
  const bool foreign_keys_were_on = [&] {
    Statement query(db, "PRAGMA foreign_keys");
    return query.step() && query.column_int(0) != 0;
  }();
  if (foreign_keys_were_on) db.execute("PRAGMA foreign_keys = OFF");
  struct RestoreForeignKeys {
    Database& db;
    bool on;
    ~RestoreForeignKeys() {
      try {
        if (on) db.execute("PRAGMA foreign_keys = ON");
      } catch (const StorageError&) {  // the migration's own error, if any, is the one to tell
      }
    }
  } restore{db, foreign_keys_were_on};
  for (int version = current + 1; version <= target; ++version) {
    Transaction transaction(db);
    db.execute(kMigrations[static_cast<size_t>(version - 1)]);
    Statement broken(db, "PRAGMA foreign_key_check");
    if (broken.step()) {
      throw StorageError("migrating the session database " + db.file().string() +
                         " to schema version " + std::to_string(version) +
                         " would break a reference in table " + broken.column_text(0) +
                         "; it was left at version " + std::to_string(version - 1));
    }
    db.execute("PRAGMA user_version = " + std::to_string(version));  // a number, not input
    transaction.commit();
  }
}

}  // namespace midline::storage
