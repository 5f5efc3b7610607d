// `midline sync` to a local PostgreSQL: 100 ended sessions (3 exercises of 6 repetitions each,
// check-ins, notes, FHIR bundles) sent by one sync, each in its own transaction, over TLS to
// the throwaway server the clinic tests use. Target: under 5 s. Prints figures; each run uses
// a fresh clinic database and a fresh station.
//   build/benchmarks/bench_clinic_sync [SESSIONS] [RUNS]

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <sstream>

#include "cli/clinic_command.hpp"
#include "clinic/pg.hpp"
#include "clinic/station_sync.hpp"
#include "clinic/throwaway_postgres.hpp"
#include "storage/synthetic_history.hpp"
#include "storage/temp_dir.hpp"

int main(int argc, char** argv) {
  using namespace midline;
  using Clock = std::chrono::steady_clock;
  const int sessions = argc > 1 ? std::atoi(argv[1]) : 100;
  const int runs = argc > 2 ? std::atoi(argv[2]) : 3;
  if (const std::string why = testing::ThrowawayPostgres::unavailable_reason(); !why.empty()) {
    std::printf("bench_clinic_sync: skipped: %s\n", why.c_str());
    return 0;
  }
  const auto server_start = Clock::now();
  testing::ThrowawayPostgres server;
  std::printf("throwaway PostgreSQL started in %.1f s\n",
              std::chrono::duration<double>(Clock::now() - server_start).count());
  for (int run = 1; run <= runs; ++run) {
    const std::string url = server.admin_url(server.create_database());
    testing::TempDir dir;
    std::ostringstream out, err;
    if (cli::run_clinic_init(url, out, err) != 0) {
      std::cerr << err.str();
      return 1;
    }
    {
      storage::SessionStore store(dir.path() / "station");
      testing::SyntheticHistory h;
      h.days = sessions;
      h.samples_per_second = 0;
      h.pseudonym = "P-0001";
      testing::write_synthetic_history(store, h);
    }
    cli::NewLoginOptions station;
    station.url = url;
    station.patients = {"P-0001"};
    station.out_file = dir.path() / "station.toml";
    if (cli::run_add_station(station, out, err) != 0 ||
        cli::run_enrol(station.out_file, dir.path() / "station", out, err) != 0) {
      std::cerr << err.str();
      return 1;
    }
    clinic::SyncOptions options;
    options.now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    const auto start = Clock::now();
    const clinic::SyncReport report = clinic::sync_station(dir.path() / "station", options);
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    if (report.problem) {
      std::cerr << report.problem->what() << "\n";
      return 1;
    }
    clinic::PgConnection admin(url, "the benchmark's server");
    const auto rows = admin.exec("SELECT (SELECT count(*) FROM midline.sessions), "
                                 "(SELECT count(*) FROM midline.repetitions)");
    std::printf("run %d: %d sessions synced in %.2f s (%.1f ms a session; target: %d in under 5 s); "
                "server holds %s sessions, %s repetitions\n",
                run, report.sent, seconds, 1000.0 * seconds / std::max(1, report.sent), sessions,
                rows.text(0, 0).c_str(), rows.text(0, 1).c_str());
  }
  return 0;
}
