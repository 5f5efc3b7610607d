// The clinic against a real PostgreSQL (one throwaway server for this program, a database per
// test): init, stations and clinicians, the sync's idempotence and atomicity, offline weeks,
// row-level security between patients, plans as versions, and station clocks.

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "cli/clinic_command.hpp"
#include "clinic/clinic_plans.hpp"
#include "clinic/clinic_schema.hpp"
#include "clinic/clinician_view.hpp"
#include "clinic/client_certificate.hpp"
#include "session/session_log.hpp"
#include "storage/progress.hpp"
#include "clinic/station_sync.hpp"
#include "clinic/throwaway_postgres.hpp"
#include "storage/session_recorder.hpp"
#include "storage/synthetic_history.hpp"
#include "storage/temp_dir.hpp"

namespace {

using namespace midline;
namespace fs = std::filesystem;
using clinic::ClinicError;

int64_t wall_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string read_text(const fs::path& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// A plan file for `pseudonym`; `tolerance` tells versions apart.
std::string plan_text(const std::string& pseudonym, double tolerance) {
  std::string text = read_text(fs::path(MIDLINE_SOURCE_DIR) / "levels/plans/example.toml");
  text = std::regex_replace(text, std::regex("patient = \"[^\"]*\""), "patient = \"" + pseudonym + "\"");
  return std::regex_replace(text, std::regex("tolerance_scale = [0-9.]+"),
                            "tolerance_scale = " + std::to_string(tolerance));
}

// One clinic database, initialised, with a folder for connection files and stations.
class ClinicTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = midline::testing::shared_server(&why_);
    if (!server_) GTEST_SKIP() << why_;
    admin_url_ = server_->admin_url(server_->create_database());
    std::ostringstream out, err;
    ASSERT_EQ(cli::run_clinic_init(admin_url_, out, err), 0) << err.str() << server_->log_tail();
  }

  std::unique_ptr<clinic::PgConnection> admin() {
    return std::make_unique<clinic::PgConnection>(admin_url_, "the test server");
  }
  int64_t count(const std::string& sql) { return admin()->exec(sql).integer(0, 0); }

  // A station folder for `pseudonym` with `sessions` ended sessions (no head samples), enrolled.
  fs::path station(const std::string& pseudonym, int sessions,
                   storage::WallMs first_ms = 1'767'258'000'000) {
    const fs::path data = dir_.path() / pseudonym;
    {
      storage::SessionStore store(data);
      midline::testing::SyntheticHistory h;
      h.days = sessions;
      h.samples_per_second = 0;
      h.pseudonym = pseudonym;
      h.display_name = "Ann Example";
      h.first_session_ms = first_ms;
      midline::testing::write_synthetic_history(store, h);
    }
    const fs::path file = dir_.path() / (pseudonym + "-station.toml");
    cli::NewLoginOptions o;
    o.url = admin_url_;
    o.patients = {pseudonym};
    o.out_file = file;
    std::ostringstream out, err;
    EXPECT_EQ(cli::run_add_station(o, out, err), 0) << err.str();
    EXPECT_EQ(cli::run_enrol(file, data, out, err), 0) << err.str();
    return data;
  }

  fs::path clinician(const std::string& name, const std::vector<std::string>& patients) {
    cli::NewLoginOptions o;
    o.url = admin_url_;
    o.name = name;
    o.patients = patients;
    o.out_file = dir_.path() / (name + ".toml");
    std::ostringstream out, err;
    EXPECT_EQ(cli::run_add_clinician(o, out, err), 0) << err.str();
    return o.out_file;
  }

  clinic::SyncReport sync(const fs::path& data, int64_t clock_shift_ms = 0) {
    clinic::SyncOptions options;
    options.now_ms = wall_now_ms() + clock_shift_ms;
    options.timeout_s = 3;
    return clinic::sync_station(data, options);
  }

  std::unique_ptr<clinic::PgConnection> as_station(const fs::path& data) {
    return clinic::connect(clinic::read_connection_file(clinic::station_connection_file(data)));
  }

  midline::testing::TempDir dir_;
  midline::testing::ThrowawayPostgres* server_ = nullptr;
  std::string why_, admin_url_;
};

TEST_F(ClinicTest, InitMakesOwnerOwnedTablesWithForcedRowSecurityAndIsIdempotent) {
  const auto pg = admin();
  const clinic::ClinicRoles roles = clinic::clinic_roles(pg->database());
  const clinic::PgResult tables = pg->exec(
      "SELECT c.relname, pg_get_userbyid(c.relowner), c.relrowsecurity, c.relforcerowsecurity "
      "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
      "WHERE n.nspname = 'midline' AND c.relkind = 'r' AND c.relname <> 'schema_migrations'");
  ASSERT_EQ(tables.rows(), 11);
  for (int r = 0; r < tables.rows(); ++r) {
    EXPECT_EQ(tables.text(r, 1), roles.owner) << tables.text(r, 0);
    EXPECT_EQ(tables.text(r, 2), "t") << tables.text(r, 0);
    EXPECT_EQ(tables.text(r, 3), "t") << tables.text(r, 0);
  }
  EXPECT_EQ(pg->exec("SELECT rolcanlogin FROM pg_roles WHERE rolname = $1", {roles.owner}).text(0, 0), "f");
  std::ostringstream out, err;
  EXPECT_EQ(cli::run_clinic_init(admin_url_, out, err), 0) << err.str();
  EXPECT_NE(out.str().find("up to date (version 1)"), std::string::npos) << out.str();
}

TEST_F(ClinicTest, AStationsConnectionFileIsPrivateAndChecksTheServer) {
  const fs::path data = station("P-0001", 0);
  struct stat info {};
  ASSERT_EQ(::stat(clinic::station_connection_file(data).c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat((dir_.path() / "P-0001-station.toml").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  const clinic::ClinicConnection c =
      clinic::read_connection_file(clinic::station_connection_file(data));
  EXPECT_EQ(c.patient, "P-0001");
  EXPECT_EQ(c.host, "localhost");
  const auto pg = as_station(data);
  EXPECT_EQ(pg->option("sslmode"), "verify-full");
  EXPECT_EQ(pg->exec("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").text(0, 0), "t");
  // A stalled server cannot hold a station (or the game's closing) for ever.
  EXPECT_EQ(pg->exec("SHOW statement_timeout").text(0, 0), "30s");
  // Its password is stored on the server as a SCRAM verifier only.
  EXPECT_EQ(count("SELECT count(*) FROM pg_authid WHERE rolname = '" + c.role +
                  "' AND rolpassword LIKE 'SCRAM-SHA-256$%'"),
            1);
}

TEST_F(ClinicTest, ASessionSyncedTwiceIsStoredOnce) {
  const fs::path data = station("P-0001", 3);
  {
    storage::SessionStore store(data);
    const auto patient = store.find_patient("P-0001");
    store.add_note({patient->id, store.sessions(patient->id).front().id, 1'767'258'100'000,
                    "physiotherapist", "Good posture today"});
  }
  const clinic::SyncReport first = sync(data);
  ASSERT_FALSE(first.problem) << first.problem->what();
  EXPECT_EQ(first.sent, 3);
  EXPECT_EQ(count("SELECT count(*) FROM midline.sessions"), 3);
  EXPECT_EQ(count("SELECT count(*) FROM midline.exercises"), 9);
  EXPECT_EQ(count("SELECT count(*) FROM midline.repetitions"), 54);
  EXPECT_EQ(count("SELECT count(*) FROM midline.check_ins"), 6);
  EXPECT_EQ(count("SELECT count(*) FROM midline.notes"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM midline.sessions WHERE fhir->>'resourceType' = 'Bundle'"), 3);

  const clinic::SyncReport second = sync(data);
  EXPECT_EQ(second.sent + second.already_there, 0);
  // The local mark lost (a crash between the server's COMMIT and the outbox's): the retry
  // sends the same UUIDs, and the server keeps one of each.
  storage::SessionStore(data).database().execute("UPDATE clinic_outbox SET sent_ms = NULL");
  const clinic::SyncReport retry = sync(data);
  ASSERT_FALSE(retry.problem) << retry.problem->what();
  EXPECT_EQ(retry.sent, 0);
  EXPECT_EQ(retry.already_there, 3);
  EXPECT_EQ(count("SELECT count(*) FROM midline.sessions"), 3);
  EXPECT_EQ(count("SELECT count(*) FROM midline.repetitions"), 54);
  // Pseudonyms only: the patient's name is nowhere on the server.
  EXPECT_EQ(count("SELECT count(*) FROM midline.sessions WHERE fhir::text LIKE '%Ann Example%'"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM midline.sessions s WHERE s::text LIKE '%Ann Example%'"), 0);
}

TEST_F(ClinicTest, ASyncKilledMidTransactionLeavesNothingAndCompletesNextRun) {
  const fs::path data = station("P-0001", 2);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    clinic::SyncOptions options;
    options.now_ms = wall_now_ms();
    options.before_commit = [] { ::kill(::getpid(), SIGKILL); };
    clinic::sync_station(data, options);
    ::_exit(0);  // not reached
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
  EXPECT_EQ(count("SELECT count(*) FROM midline.sessions"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM midline.exercises"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM midline.repetitions"), 0);
  {
    storage::SessionStore store(data);
    storage::Statement sent(store.database(), "SELECT count(sent_ms) FROM clinic_outbox");
    ASSERT_TRUE(sent.step());
    EXPECT_EQ(sent.column_int(0), 0);
  }
  const clinic::SyncReport next = sync(data);
  ASSERT_FALSE(next.problem) << next.problem->what();
  EXPECT_EQ(next.sent, 2);
  EXPECT_EQ(count("SELECT count(*) FROM midline.sessions"), 2);
  EXPECT_EQ(count("SELECT count(*) FROM midline.repetitions"), 36);
}

TEST_F(ClinicTest, AWeekOfflineThenOneSyncSendsItAll) {
  const fs::path data = station("P-0001", 7);
  const fs::path file = clinic::station_connection_file(data);
  const clinic::ClinicConnection good = clinic::read_connection_file(file);

  clinic::ClinicConnection offline = good;
  offline.port = 1;  // nothing listens there
  clinic::write_private_file(file, clinic::connection_to_toml(offline));
  const clinic::SyncReport no_network = sync(data);
  ASSERT_TRUE(no_network.problem);
  EXPECT_EQ(no_network.problem->kind(), ClinicError::Kind::no_connection);
  EXPECT_NE(std::string(no_network.problem->what()).find("no connection to the clinic's database"),
            std::string::npos)
      << no_network.problem->what();
  EXPECT_EQ(no_network.waiting, 7);
  EXPECT_EQ(clinic::sync_status(data).last_problem, no_network.problem->what());

  clinic::ClinicConnection wrong_password = good;
  wrong_password.password = "not-the-password";
  clinic::write_private_file(file, clinic::connection_to_toml(wrong_password));
  const clinic::SyncReport refused = sync(data);
  ASSERT_TRUE(refused.problem);
  EXPECT_EQ(refused.problem->kind(), ClinicError::Kind::refused) << refused.problem->what();

  clinic::ClinicConnection other_ca = good;
  {
    midline::testing::TempDir ca_dir;
    ASSERT_EQ(std::system(("cd " + ca_dir.path().string() +
                           " && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 "
                           "-nodes -keyout k -out ca.crt -days 1 -subj /CN=other >/dev/null 2>&1")
                              .c_str()),
              0);
    other_ca.ca_certificate = read_text(ca_dir.path() / "ca.crt");
  }
  clinic::write_private_file(file, clinic::connection_to_toml(other_ca));
  const clinic::SyncReport untrusted = sync(data);
  ASSERT_TRUE(untrusted.problem);
  EXPECT_EQ(untrusted.problem->kind(), ClinicError::Kind::bad_certificate)
      << untrusted.problem->what();
  EXPECT_EQ(count("SELECT count(*) FROM midline.sessions"), 0);

  clinic::write_private_file(file, clinic::connection_to_toml(good));
  const clinic::SyncReport back = sync(data);
  ASSERT_FALSE(back.problem) << back.problem->what();
  EXPECT_EQ(back.sent, 7);
  EXPECT_EQ(back.waiting, 0);
  EXPECT_EQ(count("SELECT count(*) FROM midline.sessions"), 7);
  EXPECT_TRUE(clinic::sync_status(data).last_problem.empty());
}

TEST_F(ClinicTest, TheDatabaseRefusesAStationTheOtherPatientsRows) {
  const fs::path a = station("P-0001", 1);
  const fs::path b = station("P-0002", 1);
  ASSERT_FALSE(sync(a).problem);
  ASSERT_FALSE(sync(b).problem);
  const fs::path doctor = clinician("dr_b", {"P-0002"});
  {
    const auto pg = clinic::connect(clinic::read_connection_file(doctor));
    clinic::publish_plan(*pg, "P-0002", plan_text("P-0002", 1.0), 0);
  }
  const auto station_a = as_station(a);
  // Writing the other patient's session, or a check-in to it.
  try {
    station_a->exec("INSERT INTO midline.sessions (session_uuid, pseudonym, station_clock_offset_ms, "
                    "station_started_ms, station_ended_ms, end_reason, supervised, practice_minutes, "
                    "exercise_count, repetition_count, fhir) VALUES (gen_random_uuid(), 'P-0002', 0, "
                    "0, 0, 'finished', false, 1, 0, 0, '{}')");
    ADD_FAILURE() << "station A wrote a session of P-0002";
  } catch (const ClinicError& e) {
    EXPECT_EQ(e.kind(), ClinicError::Kind::denied) << e.what();
    EXPECT_NE(std::string(e.what()).find("row-level security"), std::string::npos) << e.what();
  }
  const std::string b_session =
      admin()->exec("SELECT session_uuid FROM midline.sessions WHERE pseudonym = 'P-0002'").text(0, 0);
  EXPECT_THROW(station_a->exec("INSERT INTO midline.check_ins VALUES ($1, 'P-0002', 'after', 9, 9)",
                               {b_session}),
               ClinicError);
  // Reading: sessions not at all, plans of its own patient only.
  try {
    station_a->exec("SELECT count(*) FROM midline.sessions");
    ADD_FAILURE() << "a station read sessions";
  } catch (const ClinicError& e) {
    EXPECT_EQ(e.kind(), ClinicError::Kind::denied);
  }
  EXPECT_EQ(station_a->exec("SELECT count(*) FROM midline.plan_versions").integer(0, 0), 0);
  EXPECT_EQ(as_station(b)->exec("SELECT count(*) FROM midline.plan_versions").integer(0, 0), 1);
  // Nor may it publish a plan, or forge when the server received something.
  EXPECT_THROW(station_a->exec("INSERT INTO midline.plan_versions (pseudonym, version, plan_toml) "
                               "VALUES ('P-0001', 1, 'x')"),
               ClinicError);
  EXPECT_THROW(station_a->exec("INSERT INTO midline.syncs (pseudonym, station_clock_offset_ms, "
                               "received_at) VALUES ('P-0001', 0, now() - interval '1 year')"),
               ClinicError);
  // A clinician sees their own patients only.
  const auto dr_b = clinic::connect(clinic::read_connection_file(doctor));
  EXPECT_EQ(dr_b->exec("SELECT count(*) FROM midline.sessions").integer(0, 0), 1);
  EXPECT_EQ(dr_b->exec("SELECT count(*) FROM midline.sessions WHERE pseudonym = 'P-0001'").integer(0, 0), 0);
}

TEST_F(ClinicTest, APlanEditedWhileOfflineArrivesAtTheNextSessionStart) {
  const fs::path data = station("P-0001", 0);
  const fs::path doctor = clinician("dr_a", {"P-0001"});
  const auto pg = clinic::connect(clinic::read_connection_file(doctor));
  clinic::publish_plan(*pg, "P-0001", plan_text("P-0001", 1.1), 0);
  ASSERT_EQ(sync(data).new_plan_version, 1);

  storage::WallMs clock = wall_now_ms();
  storage::RecorderOptions recording;
  recording.clock = [&clock] { return clock; };
  const auto run_session = [&](std::function<void()> during) {
    storage::SessionStore store(data);
    const storage::Patient patient = *store.find_patient("P-0001");
    const clinic::AppliedPlan applied = clinic::apply_newest_plan(store, data, patient, clock);
    {
      storage::SessionRecorder recorder(data, recording);
      recorder.begin_session({patient.id, "", "Clinic plan", false, applied.version});
      recorder.check_in({storage::CheckInPhase::before, 2, 2});
      if (during) during();
      clock += 60'000;
      recorder.end_session(storage::EndReason::finished);
    }
    return applied;
  };
  EXPECT_EQ(run_session(nullptr).version, 1);
  const fs::path plan_file = data / "plans" / "P-0001.toml";
  EXPECT_NE(read_text(plan_file).find("tolerance_scale = 1.1"), std::string::npos);

  // The station is offline while the clinician publishes version 2; then, during a session,
  // the sync brings it: the running session keeps version 1.
  clinic::publish_plan(*pg, "P-0001", plan_text("P-0001", 1.3), 1);
  const auto during = run_session([&] {
    const clinic::SyncReport mid = sync(data);
    EXPECT_EQ(mid.new_plan_version, 2);
    EXPECT_NE(read_text(plan_file).find("tolerance_scale = 1.1"), std::string::npos);
  });
  EXPECT_EQ(during.version, 1);
  // The next session starts with version 2 and records it.
  clock += 3'600'000;
  const auto next = run_session(nullptr);
  EXPECT_EQ(next.version, 2);
  EXPECT_TRUE(next.newly_applied);
  EXPECT_NE(read_text(plan_file).find("tolerance_scale = 1.3"), std::string::npos);
  ASSERT_FALSE(sync(data).problem);
  const clinic::PgResult versions = admin()->exec(
      "SELECT plan_version FROM midline.sessions ORDER BY station_started_ms");
  ASSERT_EQ(versions.rows(), 3);
  EXPECT_EQ(versions.text(0, 0), "1");
  EXPECT_EQ(versions.text(1, 0), "1");
  EXPECT_EQ(versions.text(2, 0), "2");
}

TEST_F(ClinicTest, TwoCliniciansEditingOnePlanTheSecondGetsAConflict) {
  station("P-0001", 0);
  const fs::path anna = clinician("anna", {"P-0001"});
  const fs::path ben = clinician("ben", {"P-0001"});
  {
    const auto pg = clinic::connect(clinic::read_connection_file(anna));
    clinic::publish_plan(*pg, "P-0001", plan_text("P-0001", 1.0), 0);
  }
  // Both open version 1; Anna publishes first.
  const fs::path anna_plan = dir_.path() / "anna-plan.toml";
  const fs::path ben_plan = dir_.path() / "ben-plan.toml";
  std::ofstream(anna_plan) << plan_text("P-0001", 1.2);
  std::ofstream(ben_plan) << plan_text("P-0001", 0.9);
  std::ostringstream out, err;
  EXPECT_EQ(cli::run_publish_plan(anna, "P-0001", anna_plan, 1, out, err), 0) << err.str();
  std::ostringstream ben_out, ben_err;
  EXPECT_EQ(cli::run_publish_plan(ben, "P-0001", ben_plan, 1, ben_out, ben_err), 3);
  EXPECT_NE(ben_err.str().find("changed since version 1"), std::string::npos) << ben_err.str();
  EXPECT_NE(ben_err.str().find("version 2 by"), std::string::npos) << ben_err.str();
  EXPECT_NE(ben_err.str().find("anna"), std::string::npos) << ben_err.str();
  EXPECT_EQ(count("SELECT count(*) FROM midline.plan_versions"), 2);
  EXPECT_EQ(count("SELECT count(*) FROM midline.plan_versions WHERE plan_toml LIKE "
                  "'%tolerance_scale = 1.2%' AND version = 2"),
            1);
  // A version once published never changes.
  const auto pg = clinic::connect(clinic::read_connection_file(anna));
  EXPECT_THROW(pg->exec("UPDATE midline.plan_versions SET plan_toml = 'x'"), ClinicError);
}

TEST_F(ClinicTest, AStationClockOneDayWrongChangesNothingOnTheServer) {
  constexpr int64_t kDay = 86'400'000;
  const storage::WallMs true_start = wall_now_ms() - 3'600'000;
  const fs::path right = station("P-0001", 1, true_start);
  const fs::path ahead = station("P-0002", 1, true_start + kDay);  // its clock says tomorrow
  ASSERT_FALSE(sync(right).problem);
  const clinic::SyncReport report = sync(ahead, kDay);
  ASSERT_FALSE(report.problem) << report.problem->what();
  ASSERT_TRUE(report.clock_offset_ms);
  EXPECT_NEAR(static_cast<double>(*report.clock_offset_ms), kDay, 60'000);
  // Ordered by the server's clock, the day-ahead station's session came second, as it did.
  const clinic::PgResult order = admin()->exec(
      "SELECT pseudonym, extract(epoch FROM received_at - clock_timestamp()) FROM midline.sessions "
      "ORDER BY received_at");
  ASSERT_EQ(order.rows(), 2);
  EXPECT_EQ(order.text(0, 0), "P-0001");
  EXPECT_EQ(order.text(1, 0), "P-0002");
  EXPECT_LT(std::abs(std::stod(order.text(1, 1))), 120.0);
  // Both sessions began at the same true time once the offset is taken off.
  EXPECT_LT(count("SELECT (max(extract(epoch FROM started_at)) - min(extract(epoch FROM "
                  "started_at)))::bigint FROM midline.sessions"),
            120);
  EXPECT_EQ(count("SELECT count(*) FROM midline.syncs WHERE abs(station_clock_offset_ms - 86400000) < 60000"), 1);
}

}  // namespace

namespace {

TEST(HomePageLine, SaysWhenSessionsWereSentOrWhyNot) {
  using midline::clinic::ClinicError;
  using midline::clinic::home_page_line;
  constexpr int64_t kDay = 86'400'000;
  const int64_t now = 1'767'258'000'000 + 12 * 3'600'000;  // midday
  midline::clinic::SyncStatus status;
  EXPECT_EQ(home_page_line(status, false, now), "");  // a station that follows no clinic
  status.enrolled = true;
  status.last_sent_ms = now - 2 * kDay;
  EXPECT_EQ(home_page_line(status, false, now), "Sent to your clinic 2 days ago");
  status.last_sent_ms = now - kDay;
  EXPECT_EQ(home_page_line(status, false, now), "Sent to your clinic yesterday");
  status.waiting = 2;
  status.last_problem = "no connection to the clinic's database at x:5432/y: timeout";
  status.last_problem_kind = ClinicError::Kind::no_connection;
  EXPECT_EQ(home_page_line(status, false, now), "Not sent yet: no connection");
  EXPECT_EQ(home_page_line(status, true, now), "Sending to your clinic...");
}

TEST_F(ClinicTest, TheGamesBackgroundSyncSendsAndSaysSoOnTheHomePage) {
  const fs::path data = station("P-0001", 3);
  const fs::path file = clinic::station_connection_file(data);
  const clinic::ClinicConnection good = clinic::read_connection_file(file);
  const auto wait_for = [](clinic::BackgroundSync& sync, int syncs) {
    for (int i = 0; i < 400 && sync.syncs_done() < syncs; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    return sync.syncs_done() >= syncs;
  };
  clinic::ClinicConnection offline = good;
  offline.port = 1;
  clinic::write_private_file(file, clinic::connection_to_toml(offline));
  {
    clinic::BackgroundSync sync(data);
    sync.request();
    ASSERT_TRUE(wait_for(sync, 1));
    EXPECT_EQ(sync.home_page_line(), "Not sent yet: no connection");
  }
  clinic::write_private_file(file, clinic::connection_to_toml(good));
  clinic::BackgroundSync sync(data);
  EXPECT_EQ(sync.home_page_line(), "Not sent yet: no connection");  // as the store says, at start
  sync.request();
  ASSERT_TRUE(wait_for(sync, 1));
  EXPECT_EQ(sync.home_page_line(), "Sent to your clinic today");
  EXPECT_EQ(count("SELECT count(*) FROM midline.sessions"), 3);
}

}  // namespace

namespace {

// Sets every session of `pseudonym` in a station's store to end as planned with no change of
// pain, then the latest to `last_reason` with pain after `pain_rise` points above before.
void shape_sessions(const fs::path& data, const char* last_reason, int pain_rise) {
  storage::SessionStore store(data);
  storage::Database& db = store.database();
  db.execute("UPDATE sessions SET end_reason = 'finished'");
  db.execute("UPDATE check_ins SET pain = 3");
  db.execute(std::string("UPDATE sessions SET end_reason = '") + last_reason +
             "' WHERE id = (SELECT max(id) FROM sessions)");
  db.execute("UPDATE check_ins SET pain = " + std::to_string(3 + pain_rise) +
             " WHERE phase = 'after' AND session_id = (SELECT max(id) FROM sessions)");
}

TEST_F(ClinicTest, AClinicianListsTheirOwnPatientsWithFlagsAndOpensTheirSessions) {
  constexpr int64_t kDay = 86'400'000;
  const int64_t now = wall_now_ms();
  const fs::path tired = station("P-0001", 5, now - 5 * kDay);  // days 5..1 ago
  shape_sessions(tired, "stopped_for_fatigue", 3);
  const fs::path away = station("P-0002", 3, now - 20 * kDay);  // the last 18 days ago
  shape_sessions(away, "finished", 0);
  const fs::path others = station("P-0003", 2, now - 2 * kDay);
  for (const fs::path& data : {tired, away, others}) ASSERT_FALSE(sync(data).problem);
  const fs::path anna = clinician("anna", {"P-0001", "P-0002"});
  clinician("ben", {"P-0003"});

  // Clinician mode finds the connection where `midline clinic enrol` keeps it.
  const fs::path desk = dir_.path() / "anna-desk";
  std::ostringstream out, err;
  ASSERT_EQ(cli::run_enrol(anna, desk, out, err), 0) << err.str();
  EXPECT_NE(out.str().find("Clinician mode"), std::string::npos) << out.str();
  const auto pg = clinic::connect(
      clinic::read_connection_file(clinic::clinician_connection_file(desk)));

  const storage::WallMs server_now = clinic::server_now_ms(*pg);
  EXPECT_LT(std::llabs(server_now - wall_now_ms()), 120'000);
  const auto patients = clinic::followed_patients(*pg, server_now);
  ASSERT_EQ(patients.size(), 2u);  // ben's P-0003 is not seen
  const clinic::PatientOverview& p1 = patients[0];
  const clinic::PatientOverview& p2 = patients[1];
  EXPECT_EQ(p1.pseudonym, "P-0001");
  EXPECT_EQ(p2.pseudonym, "P-0002");
  EXPECT_EQ(p1.sessions, 5);
  EXPECT_TRUE(p1.flags.pain_rose);
  EXPECT_TRUE(p1.flags.stopped_for_fatigue);
  EXPECT_FALSE(p1.flags.nothing_for_a_week);
  EXPECT_EQ(p1.pain_rises, 1);
  EXPECT_DOUBLE_EQ(p1.sessions_per_week, 5 / 4.0);
  ASSERT_TRUE(p1.last_session_ms);
  EXPECT_NEAR(static_cast<double>(server_now - *p1.last_session_ms), kDay, 2 * 3'600'000.0);
  EXPECT_EQ(p2.sessions, 3);
  EXPECT_FALSE(p2.flags.pain_rose);
  EXPECT_FALSE(p2.flags.stopped_for_fatigue);
  EXPECT_TRUE(p2.flags.nothing_for_a_week);

  // One patient's sessions read into the structures the station's own store gives: the same
  // figures as the station computes.
  const clinic::ClinicPatient one = clinic::load_clinic_patient(*pg, "P-0001");
  storage::SessionStore store(tired, storage::SessionStore::Mode::inspect);
  const storage::ProgressData local = storage::load_progress(store, *store.find_patient("P-0001"));
  ASSERT_EQ(one.progress.sessions.size(), local.sessions.size());
  for (size_t k = 0; k < local.sessions.size(); ++k) {
    EXPECT_NEAR(one.progress.figures[k].practice_minutes, local.figures[k].practice_minutes, 0.01);
    ASSERT_TRUE(one.progress.figures[k].calm_zone_percent);
    EXPECT_NEAR(*one.progress.figures[k].calm_zone_percent, *local.figures[k].calm_zone_percent, 0.01);
    EXPECT_EQ(one.progress.figures[k].repetitions, local.figures[k].repetitions);
    EXPECT_EQ(one.progress.sessions[k].end_reason, local.sessions[k].end_reason);
    EXPECT_EQ(one.progress.sessions[k].pain_after, local.sessions[k].pain_after);
    EXPECT_EQ(one.exercises[k].size(), 3u);
  }
  EXPECT_EQ(one.progress.charts.charts.size(), local.charts.charts.size());
  EXPECT_TRUE(one.progress.patient.display_name.empty());  // names never reach the clinic
  EXPECT_FALSE(one.plan);
  try {
    clinic::load_clinic_patient(*pg, "P-0003");
    ADD_FAILURE() << "anna read ben's patient";
  } catch (const ClinicError& e) {
    EXPECT_EQ(e.kind(), ClinicError::Kind::denied) << e.what();
  }
}

}  // namespace

namespace {

TEST_F(ClinicTest, ABrandNewStationFetchesItsPatientsPlanBeforeTheFirstSession) {
  const fs::path data = dir_.path() / "new-station";  // nothing recorded here, no folder even
  const fs::path file = dir_.path() / "P-0042-station.toml";
  cli::NewLoginOptions o;
  o.url = admin_url_;
  o.patients = {"P-0042"};
  o.out_file = file;
  std::ostringstream out, err;
  ASSERT_EQ(cli::run_add_station(o, out, err), 0) << err.str();
  const fs::path doctor = clinician("dr_a", {"P-0042"});
  {
    const auto pg = clinic::connect(clinic::read_connection_file(doctor));
    clinic::publish_plan(*pg, "P-0042", plan_text("P-0042", 1.4), 0);
  }
  ASSERT_EQ(cli::run_enrol(file, data, out, err), 0) << err.str();
  const clinic::SyncReport first = sync(data);
  ASSERT_FALSE(first.problem) << first.problem->what();
  EXPECT_EQ(first.sent, 0);
  EXPECT_EQ(first.new_plan_version, 1);

  // The first player named on this station is the clinic's patient, and their first session
  // starts with the clinic's plan.
  {
    SessionLog log(data);
    EXPECT_EQ(log.add_player("Ann Example"), "P-0042");
  }
  const clinic::AppliedPlan applied = clinic::apply_newest_plan(data, "P-0042", wall_now_ms());
  EXPECT_EQ(applied.version, 1) << applied.problem;
  EXPECT_TRUE(applied.newly_applied);
  EXPECT_NE(read_text(data / "plans" / "P-0042.toml").find("tolerance_scale = 1.4"),
            std::string::npos);
  // A second player on the same computer is someone else.
  SessionLog log(data);
  EXPECT_EQ(log.add_player("Ben Example"), "P-0002");
}

}  // namespace

namespace {

TEST_F(ClinicTest, AStationLogsInByClientCertificateAndOneWithoutIsRefused) {
  const std::string database = admin()->database();
  server_->admit_by_certificate(clinic::clinic_roles(database).station_by_certificate);
  const fs::path data = dir_.path() / "P-0001";
  {
    storage::SessionStore store(data);
    midline::testing::SyntheticHistory h;
    h.days = 2;
    h.samples_per_second = 0;
    h.pseudonym = "P-0001";
    midline::testing::write_synthetic_history(store, h);
  }
  cli::NewLoginOptions o;
  o.url = admin_url_;
  o.patients = {"P-0001"};
  o.out_file = dir_.path() / "P-0001-station.toml";
  o.client_certificate = true;
  std::ostringstream out, err;
  // Without the CA's key nothing is made.
  EXPECT_EQ(cli::run_add_station(o, out, err), 1);
  EXPECT_NE(err.str().find("--client-ca-key"), std::string::npos) << err.str();
  EXPECT_FALSE(fs::exists(o.out_file));
  o.client_ca_key = server_->ca_key_file();
  ASSERT_EQ(cli::run_add_station(o, out, err), 0) << err.str();
  ASSERT_EQ(cli::run_enrol(o.out_file, data, out, err), 0) << err.str();
  const clinic::ClinicConnection by_certificate =
      clinic::read_connection_file(clinic::station_connection_file(data));
  ASSERT_TRUE(by_certificate.by_certificate());
  EXPECT_TRUE(by_certificate.password.empty());
  EXPECT_EQ(read_text(o.out_file).find("password"), std::string::npos);
  // The role has no password at all: the certificate is the only way in.
  EXPECT_EQ(count("SELECT count(*) FROM pg_authid WHERE rolname = '" + by_certificate.role +
                  "' AND rolpassword IS NULL"),
            1);

  const clinic::SyncReport report = sync(data);
  ASSERT_FALSE(report.problem) << report.problem->what() << server_->log_tail();
  EXPECT_EQ(report.sent, 2);
  {
    const auto pg = as_station(data);
    EXPECT_EQ(pg->exec("SELECT client_dn FROM pg_stat_ssl WHERE pid = pg_backend_pid()").text(0, 0),
              "/CN=" + by_certificate.role);
  }

  // The same station without its certificate (and with no password to offer, or a guessed
  // one) is refused; so is a certificate from a CA the clinic does not trust.
  const fs::path file = clinic::station_connection_file(data);
  clinic::ClinicConnection without = by_certificate;
  without.client_certificate.clear();
  without.client_key.clear();
  without.password = "guessed-password";
  clinic::write_private_file(file, clinic::connection_to_toml(without));
  const clinic::SyncReport refused = sync(data);
  ASSERT_TRUE(refused.problem);
  EXPECT_EQ(refused.problem->kind(), ClinicError::Kind::refused) << refused.problem->what();

  clinic::ClinicConnection foreign = by_certificate;
  {
    midline::testing::TempDir ca_dir;
    ASSERT_EQ(std::system(("cd " + ca_dir.path().string() +
                           " && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 "
                           "-nodes -keyout ca.key -out ca.crt -days 1 -subj /CN=other >/dev/null 2>&1")
                              .c_str()),
              0);
    const clinic::ClientCertificate other = clinic::make_client_certificate(
        by_certificate.role, ca_dir.path() / "ca.crt", ca_dir.path() / "ca.key", 1);
    foreign.client_certificate = other.certificate_pem;
    foreign.client_key = other.key_pem;
  }
  clinic::write_private_file(file, clinic::connection_to_toml(foreign));
  const clinic::SyncReport untrusted = sync(data);
  ASSERT_TRUE(untrusted.problem);
  EXPECT_EQ(untrusted.problem->kind(), ClinicError::Kind::refused) << untrusted.problem->what();
  EXPECT_EQ(count("SELECT count(*) FROM midline.sessions"), 2);

  // A password station beside it still logs in by password (SCRAM).
  const fs::path other = station("P-0002", 1);
  EXPECT_FALSE(sync(other).problem);
}

}  // namespace
