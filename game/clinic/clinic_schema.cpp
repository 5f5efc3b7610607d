#include "clinic/clinic_schema.hpp"

#include <sodium.h>

#include <array>
#include <cctype>

namespace midline::clinic {
namespace {

// Migration N takes the schema from version N-1 to N; it runs as DB_owner, so that role owns
// what it makes. {owner}, {station} and {clinician} are the database's roles. Never edit one
// that has shipped: add the next.
constexpr std::array<const char*, kClinicSchemaVersion> kMigrations = {
    // 1: patients (pseudonyms only), stations and clinicians, the sessions stations send
    // (columns for a clinician's queries beside the FHIR-shaped JSON), the syncs (each with
    // the station's clock offset) and the plans clinicians publish as immutable versions.
    R"sql(
CREATE TABLE midline.patients (
  pseudonym text PRIMARY KEY CHECK (pseudonym ~ '^[A-Za-z0-9_-]{1,64}$'),
  created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE TABLE midline.stations (
  role name PRIMARY KEY,
  pseudonym text NOT NULL REFERENCES midline.patients,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE TABLE midline.clinicians (
  role name NOT NULL,
  pseudonym text NOT NULL REFERENCES midline.patients,
  PRIMARY KEY (role, pseudonym)
);
-- Whom the current login is a station for / a clinician of (read under those tables' policies).
CREATE FUNCTION midline.station_patient() RETURNS text LANGUAGE sql STABLE
  AS $$ SELECT pseudonym FROM midline.stations WHERE role = current_user $$;
CREATE FUNCTION midline.clinician_follows(patient text) RETURNS boolean LANGUAGE sql STABLE
  AS $$ SELECT EXISTS (SELECT 1 FROM midline.clinicians
                       WHERE role = current_user AND pseudonym = patient) $$;

CREATE TABLE midline.syncs (
  id bigserial PRIMARY KEY,
  station_role name NOT NULL DEFAULT current_user,
  pseudonym text NOT NULL REFERENCES midline.patients,
  received_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  station_clock_offset_ms bigint NOT NULL  -- the station's clock less the server's
);
CREATE TABLE midline.sessions (
  session_uuid uuid PRIMARY KEY,  -- made on the station: a retry is recognised
  pseudonym text NOT NULL REFERENCES midline.patients,
  station_role name NOT NULL DEFAULT current_user,
  received_at timestamptz NOT NULL DEFAULT clock_timestamp(),  -- the server's clock: orders all
  station_clock_offset_ms bigint NOT NULL,
  station_started_ms bigint NOT NULL,  -- as the station's clock said
  station_ended_ms bigint NOT NULL,
  -- The station's times less its clock's offset at the sync that sent them.
  started_at timestamptz GENERATED ALWAYS AS
    (to_timestamp((station_started_ms - station_clock_offset_ms) / 1000.0)) STORED,
  ended_at timestamptz GENERATED ALWAYS AS
    (to_timestamp((station_ended_ms - station_clock_offset_ms) / 1000.0)) STORED,
  end_reason text NOT NULL,
  supervised boolean NOT NULL,
  plan_name text NOT NULL DEFAULT '',
  plan_version integer,  -- the clinic's plan version the session ran; NULL: a local plan
  practice_minutes double precision NOT NULL,
  pain_before smallint, pain_after smallint, fatigue_before smallint, fatigue_after smallint,
  exercise_count integer NOT NULL,
  repetition_count integer NOT NULL,
  mean_borg_effort double precision,
  calm_zone_percent double precision,
  longest_steady_hold_s double precision,
  fhir jsonb NOT NULL,  -- a FHIR R4 Bundle: the Procedure and its Observations
  UNIQUE (session_uuid, pseudonym)
);
CREATE INDEX sessions_by_patient ON midline.sessions (pseudonym, received_at);
CREATE TABLE midline.check_ins (
  session_uuid uuid NOT NULL,
  pseudonym text NOT NULL,
  phase text NOT NULL CHECK (phase IN ('before', 'after')),
  pain smallint NOT NULL CHECK (pain BETWEEN 0 AND 10),
  fatigue smallint NOT NULL CHECK (fatigue BETWEEN 0 AND 10),
  PRIMARY KEY (session_uuid, phase),
  FOREIGN KEY (session_uuid, pseudonym) REFERENCES midline.sessions (session_uuid, pseudonym)
    ON DELETE CASCADE
);
CREATE TABLE midline.exercises (
  session_uuid uuid NOT NULL,
  pseudonym text NOT NULL,
  ordinal integer NOT NULL,
  exercise_type text NOT NULL,
  level_id text NOT NULL,
  station_started_ms bigint NOT NULL,
  station_ended_ms bigint,
  borg_effort real CHECK (borg_effort BETWEEN 0 AND 10),
  PRIMARY KEY (session_uuid, ordinal),
  FOREIGN KEY (session_uuid, pseudonym) REFERENCES midline.sessions (session_uuid, pseudonym)
    ON DELETE CASCADE
);
-- Each repetition's summary: head samples themselves never leave the station.
CREATE TABLE midline.repetitions (
  session_uuid uuid NOT NULL,
  pseudonym text NOT NULL,
  exercise_ordinal integer NOT NULL,
  ordinal integer NOT NULL,
  duration_s real NOT NULL,
  time_in_zone_s real NOT NULL,
  mean_deviation_deg real NOT NULL,
  peak_deviation_deg real NOT NULL,
  path_error_deg real,
  longest_in_zone_s real,
  tremor_amplitude_deg real,
  face_lost_pauses integer NOT NULL,
  completed boolean NOT NULL,
  PRIMARY KEY (session_uuid, exercise_ordinal, ordinal),
  FOREIGN KEY (session_uuid, exercise_ordinal) REFERENCES midline.exercises (session_uuid, ordinal)
    ON DELETE CASCADE,
  FOREIGN KEY (session_uuid, pseudonym) REFERENCES midline.sessions (session_uuid, pseudonym)
    ON DELETE CASCADE
);
CREATE TABLE midline.notes (
  session_uuid uuid NOT NULL,
  pseudonym text NOT NULL,
  ordinal integer NOT NULL,
  station_written_ms bigint NOT NULL,
  author text NOT NULL,
  text text NOT NULL,
  PRIMARY KEY (session_uuid, ordinal),
  FOREIGN KEY (session_uuid, pseudonym) REFERENCES midline.sessions (session_uuid, pseudonym)
    ON DELETE CASCADE
);
CREATE TABLE midline.session_indicators (
  session_uuid uuid PRIMARY KEY,
  pseudonym text NOT NULL,
  rotation_left_deg real NOT NULL, rotation_right_deg real NOT NULL,
  tilt_left_deg real NOT NULL, tilt_right_deg real NOT NULL,
  flexion_deg real NOT NULL, extension_deg real NOT NULL,
  tremor_hz real, tremor_amplitude_deg real,
  sensory_trick_count integer NOT NULL,
  tracked_s real NOT NULL,
  FOREIGN KEY (session_uuid, pseudonym) REFERENCES midline.sessions (session_uuid, pseudonym)
    ON DELETE CASCADE
);

-- Plans: each version a new row, never changed; version N+1 only on top of version N, so a
-- clinician who opened an older version gets a conflict instead of overwriting a colleague.
CREATE TABLE midline.plan_versions (
  pseudonym text NOT NULL REFERENCES midline.patients,
  version integer NOT NULL CHECK (version >= 1),
  plan_toml text NOT NULL,
  author name NOT NULL DEFAULT current_user,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (pseudonym, version)
);
CREATE FUNCTION midline.plan_version_follows_newest() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  newest integer;
BEGIN
  SELECT max(version) INTO newest FROM midline.plan_versions WHERE pseudonym = NEW.pseudonym;
  IF NEW.version <> coalesce(newest, 0) + 1 THEN
    RAISE EXCEPTION 'the plan of % is at version %, not at version %', NEW.pseudonym,
      coalesce(newest, 0), NEW.version - 1 USING ERRCODE = 'unique_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER plan_versions_in_order BEFORE INSERT ON midline.plan_versions
  FOR EACH ROW EXECUTE FUNCTION midline.plan_version_follows_newest();
CREATE FUNCTION midline.plan_versions_never_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'a plan version is never changed: publish a new version'
    USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER plan_versions_immutable BEFORE UPDATE ON midline.plan_versions
  FOR EACH ROW EXECUTE FUNCTION midline.plan_versions_never_change();

-- Row-level security everywhere, for the owner too.
ALTER TABLE midline.patients ENABLE ROW LEVEL SECURITY;
ALTER TABLE midline.patients FORCE ROW LEVEL SECURITY;
ALTER TABLE midline.stations ENABLE ROW LEVEL SECURITY;
ALTER TABLE midline.stations FORCE ROW LEVEL SECURITY;
ALTER TABLE midline.clinicians ENABLE ROW LEVEL SECURITY;
ALTER TABLE midline.clinicians FORCE ROW LEVEL SECURITY;
ALTER TABLE midline.syncs ENABLE ROW LEVEL SECURITY;
ALTER TABLE midline.syncs FORCE ROW LEVEL SECURITY;
ALTER TABLE midline.sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE midline.sessions FORCE ROW LEVEL SECURITY;
ALTER TABLE midline.check_ins ENABLE ROW LEVEL SECURITY;
ALTER TABLE midline.check_ins FORCE ROW LEVEL SECURITY;
ALTER TABLE midline.exercises ENABLE ROW LEVEL SECURITY;
ALTER TABLE midline.exercises FORCE ROW LEVEL SECURITY;
ALTER TABLE midline.repetitions ENABLE ROW LEVEL SECURITY;
ALTER TABLE midline.repetitions FORCE ROW LEVEL SECURITY;
ALTER TABLE midline.notes ENABLE ROW LEVEL SECURITY;
ALTER TABLE midline.notes FORCE ROW LEVEL SECURITY;
ALTER TABLE midline.session_indicators ENABLE ROW LEVEL SECURITY;
ALTER TABLE midline.session_indicators FORCE ROW LEVEL SECURITY;
ALTER TABLE midline.plan_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE midline.plan_versions FORCE ROW LEVEL SECURITY;

-- The owner (the clinic's IT acting through it: adding stations, erasing a patient's rows).
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['patients', 'stations', 'clinicians', 'syncs', 'sessions', 'check_ins',
      'exercises', 'repetitions', 'notes', 'session_indicators', 'plan_versions'] LOOP
    EXECUTE format('CREATE POLICY owner_manages ON midline.%I TO {owner} USING (true) '
                   'WITH CHECK (true)', t);
  END LOOP;
END $$;

GRANT USAGE ON SCHEMA midline TO {station}, {clinician};
-- Stations: their own row of stations; insert their own patient's rows (received_at and the
-- station's role are the server's to fill); read their own patient's plans.
GRANT SELECT ON midline.stations TO {station};
CREATE POLICY station_self ON midline.stations FOR SELECT TO {station} USING (role = current_user);
GRANT INSERT (pseudonym, station_clock_offset_ms) ON midline.syncs TO {station};
GRANT USAGE ON SEQUENCE midline.syncs_id_seq TO {station};
CREATE POLICY station_inserts ON midline.syncs FOR INSERT TO {station}
  WITH CHECK (pseudonym = midline.station_patient() AND station_role = current_user);
GRANT INSERT (session_uuid, pseudonym, station_clock_offset_ms, station_started_ms,
  station_ended_ms, end_reason, supervised, plan_name, plan_version, practice_minutes,
  pain_before, pain_after, fatigue_before, fatigue_after, exercise_count, repetition_count,
  mean_borg_effort, calm_zone_percent, longest_steady_hold_s, fhir)
  ON midline.sessions TO {station};
CREATE POLICY station_inserts ON midline.sessions FOR INSERT TO {station}
  WITH CHECK (pseudonym = midline.station_patient() AND station_role = current_user);
GRANT INSERT ON midline.check_ins, midline.exercises, midline.repetitions, midline.notes,
  midline.session_indicators TO {station};
CREATE POLICY station_inserts ON midline.check_ins FOR INSERT TO {station}
  WITH CHECK (pseudonym = midline.station_patient());
CREATE POLICY station_inserts ON midline.exercises FOR INSERT TO {station}
  WITH CHECK (pseudonym = midline.station_patient());
CREATE POLICY station_inserts ON midline.repetitions FOR INSERT TO {station}
  WITH CHECK (pseudonym = midline.station_patient());
CREATE POLICY station_inserts ON midline.notes FOR INSERT TO {station}
  WITH CHECK (pseudonym = midline.station_patient());
CREATE POLICY station_inserts ON midline.session_indicators FOR INSERT TO {station}
  WITH CHECK (pseudonym = midline.station_patient());
GRANT SELECT ON midline.plan_versions TO {station};
CREATE POLICY station_reads ON midline.plan_versions FOR SELECT TO {station}
  USING (pseudonym = midline.station_patient());

-- Clinicians: read their own patients' rows; publish their plans as new versions.
GRANT SELECT ON midline.clinicians TO {clinician};
CREATE POLICY clinician_self ON midline.clinicians FOR SELECT TO {clinician}
  USING (role = current_user);
GRANT SELECT ON midline.patients, midline.syncs, midline.sessions, midline.check_ins,
  midline.exercises, midline.repetitions, midline.notes, midline.session_indicators,
  midline.plan_versions TO {clinician};
CREATE POLICY clinician_reads ON midline.patients FOR SELECT TO {clinician}
  USING (midline.clinician_follows(pseudonym));
CREATE POLICY clinician_reads ON midline.syncs FOR SELECT TO {clinician}
  USING (midline.clinician_follows(pseudonym));
CREATE POLICY clinician_reads ON midline.sessions FOR SELECT TO {clinician}
  USING (midline.clinician_follows(pseudonym));
CREATE POLICY clinician_reads ON midline.check_ins FOR SELECT TO {clinician}
  USING (midline.clinician_follows(pseudonym));
CREATE POLICY clinician_reads ON midline.exercises FOR SELECT TO {clinician}
  USING (midline.clinician_follows(pseudonym));
CREATE POLICY clinician_reads ON midline.repetitions FOR SELECT TO {clinician}
  USING (midline.clinician_follows(pseudonym));
CREATE POLICY clinician_reads ON midline.notes FOR SELECT TO {clinician}
  USING (midline.clinician_follows(pseudonym));
CREATE POLICY clinician_reads ON midline.session_indicators FOR SELECT TO {clinician}
  USING (midline.clinician_follows(pseudonym));
CREATE POLICY clinician_reads ON midline.plan_versions FOR SELECT TO {clinician}
  USING (midline.clinician_follows(pseudonym));
GRANT INSERT (pseudonym, version, plan_toml) ON midline.plan_versions TO {clinician};
CREATE POLICY clinician_publishes ON midline.plan_versions FOR INSERT TO {clinician}
  WITH CHECK (midline.clinician_follows(pseudonym) AND author = current_user);
)sql",
};

std::string with_roles(std::string sql, const ClinicRoles& roles) {
  const std::pair<const char*, const std::string*> names[] = {
      {"{owner}", &roles.owner}, {"{station}", &roles.station}, {"{clinician}", &roles.clinician}};
  for (const auto& [placeholder, name] : names) {
    const std::string key = placeholder;
    for (size_t at = sql.find(key); at != std::string::npos; at = sql.find(key, at + name->size()))
      sql.replace(at, key.size(), *name);
  }
  return sql;
}

// A role name from free text: lower-case letters, digits and '_', starting with a letter.
std::string role_part(const std::string& text, size_t max_length) {
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    out += std::isalnum(u) ? static_cast<char>(std::tolower(u)) : '_';
  }
  if (out.empty() || !std::isalpha(static_cast<unsigned char>(out.front()))) out = "m" + out;
  return out.substr(0, max_length);
}

void require_schema(PgConnection& admin) {
  if (clinic_schema_version(admin) == 0)
    throw ClinicError(ClinicError::Kind::invalid,
                      "the database " + admin.server() +
                          " has no Midline schema yet: run `midline clinic init` on it first");
}

void create_role_if_missing(PgConnection& admin, const std::string& role) {
  if (admin.exec("SELECT 1 FROM pg_roles WHERE rolname = $1", {role}).rows() == 0)
    admin.exec("CREATE ROLE " + role + " NOLOGIN");  // `role` is made of [a-z0-9_] only
}

}  // namespace

ClinicRoles clinic_roles(const std::string& database) {
  const std::string prefix = role_part(database, 30);
  return {prefix + "_owner", prefix + "_station", prefix + "_clinician", prefix + "_station_cert"};
}

bool valid_pseudonym(const std::string& pseudonym) {
  if (pseudonym.empty() || pseudonym.size() > 64) return false;
  for (const char c : pseudonym)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  return true;
}

std::string random_password() {
  if (sodium_init() < 0) throw ClinicError(ClinicError::Kind::other, "libsodium could not start");
  static constexpr char kAlphabet[] =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";  // no look-alikes
  std::string password;
  for (int i = 0; i < 32; ++i) password += kAlphabet[randombytes_uniform(sizeof kAlphabet - 1)];
  return password;
}

int clinic_schema_version(PgConnection& connection) {
  const PgResult exists =
      connection.exec("SELECT to_regclass('midline.schema_migrations') IS NOT NULL");
  if (exists.text(0, 0) != "t") return 0;
  const PgResult version = connection.exec("SELECT coalesce(max(version), 0) FROM midline.schema_migrations");
  return static_cast<int>(version.integer(0, 0));
}

InitResult init_clinic(PgConnection& admin) {
  const ClinicRoles roles = clinic_roles(admin.database());
  PgTransaction transaction(admin);
  admin.exec("SELECT pg_advisory_xact_lock(hashtext('midline clinic init'))");  // one at a time
  for (const std::string& role :
       {roles.owner, roles.station, roles.clinician, roles.station_by_certificate})
    create_role_if_missing(admin, role);
  admin.exec("GRANT " + roles.owner + " TO CURRENT_USER");  // to act as the owner below
  admin.exec("CREATE SCHEMA IF NOT EXISTS midline AUTHORIZATION " + roles.owner);
  admin.exec("REVOKE ALL ON SCHEMA midline FROM PUBLIC");
  admin.exec("SET LOCAL ROLE " + roles.owner);
  admin.exec(
      "CREATE TABLE IF NOT EXISTS midline.schema_migrations ("
      " version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT clock_timestamp())");
  InitResult result;
  result.from_version = clinic_schema_version(admin);
  if (result.from_version > kClinicSchemaVersion) {
    throw ClinicError(ClinicError::Kind::invalid,
                      "the database " + admin.server() + " has Midline's clinic schema version " +
                          std::to_string(result.from_version) + ", newer than this Midline (" +
                          std::to_string(kClinicSchemaVersion) +
                          "); it was left untouched: update Midline");
  }
  for (int version = result.from_version + 1; version <= kClinicSchemaVersion; ++version) {
    admin.exec_script(with_roles(kMigrations[static_cast<size_t>(version - 1)], roles));
    admin.exec("INSERT INTO midline.schema_migrations (version) VALUES ($1)",
               {std::to_string(version)});
  }
  admin.exec("RESET ROLE");
  transaction.commit();
  result.to_version = kClinicSchemaVersion;
  return result;
}

Credentials add_station(PgConnection& admin, const std::string& pseudonym, StationLogin login) {
  if (!valid_pseudonym(pseudonym))
    throw ClinicError(ClinicError::Kind::invalid,
                      "'" + pseudonym + "' is not a patient pseudonym (letters, digits, '-' and "
                      "'_', like P-0001); names never go to the clinic's database");
  require_schema(admin);
  const ClinicRoles roles = clinic_roles(admin.database());
  if (sodium_init() < 0) throw ClinicError(ClinicError::Kind::other, "libsodium could not start");
  const std::string suffix = std::to_string(100000 + randombytes_uniform(900000));
  const bool by_certificate = login == StationLogin::certificate;
  Credentials station{role_part(roles.station + "_" + pseudonym, 56) + "_" + suffix,
                      by_certificate ? std::string() : random_password()};
  PgTransaction transaction(admin);
  if (by_certificate) {
    create_role_if_missing(admin, roles.station_by_certificate);  // a clinic from before it
    admin.exec("CREATE ROLE " + station.role + " LOGIN CONNECTION LIMIT 3 IN ROLE " +
               roles.station + ", " + roles.station_by_certificate);
  } else {
    admin.exec("CREATE ROLE " + station.role + " LOGIN CONNECTION LIMIT 3 PASSWORD " +
               admin.quote_literal(admin.scram_verifier(station.password, station.role)) +
               " IN ROLE " + roles.station);
  }
  admin.exec("SET LOCAL ROLE " + roles.owner);
  admin.exec("INSERT INTO midline.patients (pseudonym) VALUES ($1) ON CONFLICT DO NOTHING",
             {pseudonym});
  admin.exec("INSERT INTO midline.stations (role, pseudonym) VALUES ($1, $2)",
             {station.role, pseudonym});
  transaction.commit();
  return station;
}

Credentials add_clinician(PgConnection& admin, const std::string& name,
                          const std::vector<std::string>& patients) {
  for (const std::string& p : patients)
    if (!valid_pseudonym(p))
      throw ClinicError(ClinicError::Kind::invalid, "'" + p + "' is not a patient pseudonym");
  require_schema(admin);
  const ClinicRoles roles = clinic_roles(admin.database());
  Credentials clinician{role_part(roles.clinician + "_" + name, 63), random_password()};
  PgTransaction transaction(admin);
  const std::string verifier =
      admin.quote_literal(admin.scram_verifier(clinician.password, clinician.role));
  if (admin.exec("SELECT 1 FROM pg_roles WHERE rolname = $1", {clinician.role}).rows() == 0) {
    admin.exec("CREATE ROLE " + clinician.role + " LOGIN CONNECTION LIMIT 5 PASSWORD " + verifier +
               " IN ROLE " + roles.clinician);
  } else {
    admin.exec("ALTER ROLE " + clinician.role + " PASSWORD " + verifier);
  }
  admin.exec("SET LOCAL ROLE " + roles.owner);
  for (const std::string& p : patients) {
    admin.exec("INSERT INTO midline.patients (pseudonym) VALUES ($1) ON CONFLICT DO NOTHING", {p});
    admin.exec("INSERT INTO midline.clinicians (role, pseudonym) VALUES ($1, $2) "
               "ON CONFLICT DO NOTHING",
               {clinician.role, p});
  }
  transaction.commit();
  return clinician;
}

}  // namespace midline::clinic
