// A game recording in one process while other processes use the same data folder: an export
// reading it, and a second game that is refused. Neither may take the live write-ahead log from
// under the game: when the game is then killed without warning, every sample it had committed
// is still there.

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "storage/session_recorder.hpp"
#include "storage/session_store.hpp"
#include "temp_dir.hpp"

namespace midline::storage {
namespace {

using namespace std::chrono_literals;

struct Shared {
  std::atomic<int> recording{0};
  std::atomic<int64_t> committed_samples{0};  // samples known committed (a flush returned)
  std::atomic<int64_t> commits{0};
};

// What the game does: its reader store first (patients, recovery), then the recorder, and
// samples from the tracker, with a flush now and then (as screen changes do).
[[noreturn]] void play_until_killed(const std::filesystem::path& dir, int64_t patient_id,
                                    Shared* shared) {
  try {
    SessionStore reader(dir);
    RecorderOptions options;
    options.commit_interval = 100ms;
    options.sample_rate_hz = 1000.0;  // keep every sample pushed
    SessionRecorder recorder(dir, options);
    recorder.begin_session({patient_id, "plan-a", "Plan A", false});
    recorder.check_in({CheckInPhase::before, 4, 3});
    shared->recording = 1;
    int64_t pushed = 0;
    for (int frame = 0;; ++frame) {
      HeadSample s;
      s.time_s = frame * 0.01;
      s.face.emplace();
      s.calibrated = true;
      s.quality = 0.9;
      recorder.add_sample(s);
      ++pushed;
      if (frame % 20 == 19) {
        if (!recorder.flush(10s)) ::_exit(4);
        shared->committed_samples = pushed;
        ++shared->commits;
        (void)reader.patients();  // the game's screens read while it records
      }
      std::this_thread::sleep_for(2ms);
    }
  } catch (...) {
    ::_exit(3);
  }
}

void wait_for_commits(Shared* shared, int64_t at_least) {
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (shared->commits < at_least && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(5ms);
  }
}

TEST(LiveRecording, AnExportAndARefusedSecondGameLeaveTheGamesCommitsInPlace) {
  testing::TempDir dir;
  int64_t patient_id = 0;
  {
    SessionStore store(dir.path());
    patient_id = store.add_patient("P-1", "Ann", 0).id;
  }
  auto* shared = static_cast<Shared*>(
      ::mmap(nullptr, sizeof(Shared), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0));
  ASSERT_NE(shared, MAP_FAILED);
  new (shared) Shared;

  const pid_t game = ::fork();
  ASSERT_GE(game, 0);
  if (game == 0) play_until_killed(dir.path(), patient_id, shared);
  wait_for_commits(shared, 5);
  ASSERT_GE(shared->commits.load(), 5) << "the recording process did not get going";

  for (int round = 0; round < 3; ++round) {
    {  // an export: reads everything, then closes
      SessionStore exporting(dir.path(), SessionStore::Mode::inspect);
      ASSERT_FALSE(exporting.patients().empty());
      for (const SessionRecord& s : exporting.sessions(patient_id)) (void)exporting.samples(s.id);
    }
    {  // a second game: its reader opens, its recorder is refused
      SessionStore second_reader(dir.path());
      EXPECT_THROW(SessionRecorder second(dir.path()), StorageError);
    }
    wait_for_commits(shared, shared->commits + 3);
  }
  const int64_t committed = shared->committed_samples;
  ::kill(game, SIGKILL);
  int status = 0;
  ::waitpid(game, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the recording process ended by itself, status " << status;
  ::munmap(shared, sizeof(Shared));

  SessionStore store(dir.path());  // the next start
  const auto sessions = store.sessions(patient_id);
  ASSERT_EQ(sessions.size(), 1u);
  EXPECT_EQ(sessions[0].end_reason, EndReason::interrupted);
  EXPECT_EQ(sessions[0].pain_before, 4);
  EXPECT_GE(static_cast<int64_t>(store.samples(sessions[0].id).size()), committed)
      << "samples committed before the kill are missing";
  Statement check(store.database(), "PRAGMA integrity_check");
  ASSERT_TRUE(check.step());
  EXPECT_EQ(check.column_text(0), "ok");
}

}  // namespace
}  // namespace midline::storage
