// The session store's costs where they matter:
//  - on the game's thread, recording head samples as they arrive (~30 a second): the
//    recorder only queues them; a writer thread commits. Target: under 0.1 ms a frame.
//  - opening a database that holds a year of daily sessions (samples included) and computing
//    the progress chart series, as the progress screen does. Target: under 200 ms.
//  - the game's start on that year: SQLite's quick_check of the whole file (and the full
//    integrity_check that follows an unclean end), paid once a start. Figures only.
// The year database is built once (about a minute) in $MIDLINE_BENCH_DIR, else
// /tmp/midline-bench-year, and reused by later runs.

#include <benchmark/benchmark.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "storage/progress.hpp"
#include "storage/session_recorder.hpp"
#include "storage/synthetic_history.hpp"
#include "storage/temp_dir.hpp"

namespace {

using namespace midline;
namespace fs = std::filesystem;

HeadSample sample_at(int frame) {
  HeadSample s;
  s.time_s = frame / 30.0;
  s.frame_index = frame;
  s.calibrated = true;
  s.quality = 0.9;
  s.face.emplace().angles.rotation_deg = 5.0 * std::sin(frame * 0.01);
  s.tremor.present = frame % 7 == 0;
  s.tremor.frequency_hz = 4.0;
  s.tremor.amplitude_deg = 0.8;
  return s;
}

// A recorder in a fresh folder, inside a session.
struct Recording {
  testing::TempDir dir;
  int64_t patient = add_patient(dir.path());
  storage::SessionRecorder recorder{dir.path()};
  Recording() { recorder.begin_session({patient, "", "", false}); }

  static int64_t add_patient(const fs::path& dir) {
    storage::SessionStore store(dir);
    return store.add_patient("P-1", "", 0).id;
  }
};

// As fast as the loop goes: the queueing cost alone, with the writer busy behind it.
void BM_RecordSample(benchmark::State& state) {
  Recording recording;
  storage::SessionRecorder& recorder = recording.recorder;
  int frame = 0;
  for (auto _ : state) recorder.add_sample(sample_at(frame++));
  recorder.end_session(storage::EndReason::finished);
  recorder.flush(std::chrono::seconds(60));
}
BENCHMARK(BM_RecordSample);

// At the camera's pace, 30 frames a second for 3 s, while the writer commits (with fsync)
// twice a second: the time the game's thread spends in add_sample each frame.
void BM_RecordSampleAtCameraRate(benchmark::State& state) {
  Recording recording;
  storage::SessionRecorder& recorder = recording.recorder;
  int frame = 0;
  for (auto _ : state) {
    std::this_thread::sleep_for(std::chrono::microseconds(33'333));
    const auto start = std::chrono::steady_clock::now();
    recorder.add_sample(sample_at(frame++));
    state.SetIterationTime(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  recorder.end_session(storage::EndReason::finished);
}
BENCHMARK(BM_RecordSampleAtCameraRate)
    ->UseManualTime()
    ->Iterations(90)
    ->Unit(benchmark::kMicrosecond);

fs::path year_database() {
  const char* env = std::getenv("MIDLINE_BENCH_DIR");
  const fs::path dir = env && *env ? fs::path(env) : fs::path("/tmp/midline-bench-year");
  const fs::path done = dir / "complete";
  if (fs::exists(done)) return dir;
  fs::remove_all(dir);
  {
    storage::SessionStore store(dir);
    testing::SyntheticHistory year;
    year.days = 365;
    testing::write_synthetic_history(store, year);
  }
  std::ofstream(done) << "365 daily sessions of about 12 minutes at 25 samples a second\n";
  return dir;
}

void BM_OpenYearAndChart(benchmark::State& state) {
  const fs::path dir = year_database();
  size_t sessions = 0;
  for (auto _ : state) {
    storage::SessionStore store(dir, storage::SessionStore::Mode::inspect);
    const auto patient = store.find_patient("P-0042");
    const auto progress = storage::load_progress(store, *patient);
    sessions = progress.sessions.size();
    benchmark::DoNotOptimize(progress.charts.charts.data());
  }
  state.counters["sessions"] = static_cast<double>(sessions);
  state.counters["MB"] =
      static_cast<double>(fs::file_size(storage::SessionStore::database_file(dir))) / 1e6;
}
BENCHMARK(BM_OpenYearAndChart)->Unit(benchmark::kMillisecond);

// The check a game start makes: quick_check (state.range(0) == 0) or integrity_check.
void BM_StartCheckYear(benchmark::State& state) {
  const fs::path dir = year_database();
  storage::SessionStore store(dir, storage::SessionStore::Mode::inspect);
  const char* pragma =
      state.range(0) == 0 ? "PRAGMA quick_check(10)" : "PRAGMA integrity_check(10)";
  for (auto _ : state) {
    const std::string damage = store.database().damage(pragma);
    if (!damage.empty()) state.SkipWithError(damage.c_str());
  }
}
BENCHMARK(BM_StartCheckYear)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->Iterations(3);

// One session's angle trace, as the progress screen draws it.
void BM_SessionTrace(benchmark::State& state) {
  const fs::path dir = year_database();
  storage::SessionStore store(dir);
  const auto patient = store.find_patient("P-0042");
  const int64_t last = store.sessions(patient->id).back().id;
  for (auto _ : state) {
    const auto trace = storage::angle_trace(store.samples(last), 2000);
    benchmark::DoNotOptimize(trace.t_s.data());
  }
}
BENCHMARK(BM_SessionTrace)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
