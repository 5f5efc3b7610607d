// The game's frame while the clinic's sync runs: the session core's per-frame work (a head
// sample into PracticeSession::advance, recording into the store, and the home line's look at
// the sync's status, as the play loop does) timed frame by frame, first with no sync, then with
// the game's BackgroundSync sending a station's sessions to the throwaway PostgreSQL the clinic
// tests use, over and over, on its own thread. Frames come at the play loop's 60 a second.
// Goal: the same frame times both ways (practice never waits for the network). Prints both.
//   build/benchmarks/bench_sync_frame [SECONDS]   (each way; with sync, until 3 syncs ended)

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <thread>
#include <vector>

#include "cli/clinic_command.hpp"
#include "clinic/station_sync.hpp"
#include "clinic/throwaway_postgres.hpp"
#include "game/synthetic_samples.hpp"
#include "session/practice_session.hpp"
#include "session/session_log.hpp"
#include "storage/synthetic_history.hpp"
#include "storage/temp_dir.hpp"

namespace {

using namespace midline;
using Clock = std::chrono::steady_clock;

struct FrameTimes {
  std::vector<double> us;
  void print(const char* what) {
    std::sort(us.begin(), us.end());
    const auto at = [&](double q) { return us[static_cast<size_t>(q * static_cast<double>(us.size() - 1))]; };
    double sum = 0;
    for (double v : us) sum += v;
    std::printf("%-28s %6zu frames: mean %7.1f us, median %7.1f us, p99 %8.1f us, max %8.1f us\n",
                what, us.size(), sum / static_cast<double>(us.size()), at(0.5), at(0.99), us.back());
  }
};

// Steps sessions of long holds, the head at the body midline, a frame each 1/60 s, for
// `seconds` and (with a sync) until `syncs` syncs have ended.
FrameTimes play(const std::filesystem::path& data_dir, double seconds,
                const clinic::BackgroundSync* sync, int syncs = 0) {
  HoldMidlineParams hold;
  hold.hold_s = 3.0;
  hold.repetitions = 20;
  hold.rest_between_s = 2.0;
  SessionLog log(data_dir);
  log.choose_player("Frame bench");
  FrameTimes times;
  double t = 0.0;
  const auto began = Clock::now();
  auto next_frame = began;
  const auto going = [&] {
    return std::chrono::duration<double>(Clock::now() - began).count() < seconds ||
           (sync && sync->syncs_done() < syncs &&
            std::chrono::duration<double>(Clock::now() - began).count() < 120.0);
  };
  while (going()) {
    PracticeSession session({{"Hold", hold}}, {.player = "Frame bench", .plan_name = "bench",
                                               .supervised = false, .shaping = {}},
                            log, {2, 2});
    session.start_exercises();
    session.begin_exercise();
    while (session.stage() == SessionStage::exercising && going()) {
      t += testing::kFrameS;
      const HeadSample sample = testing::sample_at(t, {});
      const auto start = Clock::now();
      session.advance(testing::kFrameS, {{sample}, sample});
      if (sync) (void)sync->home_page_line();  // the home page asks every frame
      times.us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
      next_frame += std::chrono::microseconds(16'667);  // the play loop's pace
      std::this_thread::sleep_until(next_frame);
    }
    session.end_now();
  }
  return times;
}

}  // namespace

int main(int argc, char** argv) {
  const double seconds = argc > 1 ? std::max(1.0, std::atof(argv[1])) : 10.0;
  if (const std::string why = testing::ThrowawayPostgres::unavailable_reason(); !why.empty()) {
    std::printf("bench_sync_frame: skipped: %s\n", why.c_str());
    return 0;
  }
  testing::ThrowawayPostgres server;
  const std::string url = server.admin_url(server.create_database());
  testing::TempDir dir;
  std::ostringstream out, err;
  const std::filesystem::path station = dir.path() / "station";
  {
    storage::SessionStore store(station);
    testing::SyntheticHistory h;
    h.days = 60;
    h.samples_per_second = 0;
    h.pseudonym = "P-0001";
    testing::write_synthetic_history(store, h);
  }
  cli::NewLoginOptions o;
  o.url = url;
  o.patients = {"P-0001"};
  o.out_file = dir.path() / "station.toml";
  if (cli::run_clinic_init(url, out, err) != 0 || cli::run_add_station(o, out, err) != 0 ||
      cli::run_enrol(o.out_file, station, out, err) != 0) {
    std::cerr << err.str();
    return 1;
  }

  play(dir.path() / "warm-up", 1.0, nullptr);
  FrameTimes alone = play(dir.path() / "alone", seconds, nullptr);

  // The sync thread kept busy: each time a sync ends, the station's sessions wait again (the
  // server keeps one of each; every sync still sends all 60 and reads the plan).
  clinic::BackgroundSync sync(station);
  std::atomic<bool> playing = true;
  std::thread keep_syncing([&] {
    int seen = 0;
    sync.request();
    while (playing) {
      if (sync.syncs_done() > seen) {
        seen = sync.syncs_done();
        storage::SessionStore(station).database().execute("UPDATE clinic_outbox SET sent_ms = NULL");
        sync.request();
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  });
  const auto start = Clock::now();
  FrameTimes syncing = play(dir.path() / "syncing", seconds, &sync, 3);
  const double took_s = std::chrono::duration<double>(Clock::now() - start).count();
  playing = false;
  keep_syncing.join();

  alone.print("no sync:");
  syncing.print("syncing all the while:");
  std::printf("%d syncs of 60 sessions ran during the %.1f s of frames with sync (%s)\n",
              sync.syncs_done(), took_s, sync.home_page_line().c_str());
  return 0;
}
