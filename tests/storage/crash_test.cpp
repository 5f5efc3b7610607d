// A recording process killed with SIGKILL mid-session: what was committed survives, and the
// next start marks the session interrupted at the moment the writing stopped.

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
  std::atomic<int64_t> session_started{0};
  std::atomic<int64_t> last_pushed_us{0};  // sample time of the newest sample pushed
};

[[noreturn]] void record_until_killed(const std::filesystem::path& dir, int64_t patient_id,
                                      Shared* shared) {
  try {
    RecorderOptions options;
    options.commit_interval = 100ms;
    SessionRecorder recorder(dir, options);
    recorder.begin_session({patient_id, "plan-a", "Plan A", false});
    recorder.check_in({CheckInPhase::before, 4, 3});
    recorder.begin_exercise({"hold_midline", "hold-1"});
    RepetitionResult rep;
    rep.duration_s = 5;
    rep.time_in_zone_s = 5;
    recorder.add_repetition(rep);
    shared->session_started = 1;
    const auto start = std::chrono::steady_clock::now();
    for (;;) {  // 200 frames a second of tracker time, thinned by the recorder to 25
      const double t =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      HeadSample s;
      s.time_s = t;
      s.face.emplace().angles.rotation_deg = 5.0;
      s.calibrated = true;
      s.quality = 0.9;
      recorder.add_sample(s);
      shared->last_pushed_us = static_cast<int64_t>(t * 1e6);
      std::this_thread::sleep_for(5ms);
    }
  } catch (...) {
    ::_exit(3);
  }
}

TEST(Crash, AKilledSessionKeepsItsDataAndIsMarkedInterrupted) {
  testing::TempDir dir;
  int64_t patient_id = 0;
  {
    SessionStore store(dir.path());
    patient_id = store.add_patient("P-1", "", 0).id;
  }
  auto* shared = static_cast<Shared*>(
      ::mmap(nullptr, sizeof(Shared), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0));
  ASSERT_NE(shared, MAP_FAILED);
  new (shared) Shared;

  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) record_until_killed(dir.path(), patient_id, shared);

  // Let it record for about 1.5 s of samples, then kill it without warning.
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (shared->last_pushed_us < 1'500'000 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(10ms);
  }
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the recording process ended by itself, status " << status;
  const double last_pushed_s = static_cast<double>(shared->last_pushed_us.load()) / 1e6;
  ASSERT_GE(last_pushed_s, 1.5);
  ::munmap(shared, sizeof(Shared));

  SessionStore store(dir.path());  // the next start
  ASSERT_EQ(store.notices().size(), 1u);
  EXPECT_NE(store.notices()[0].find("interrupted"), std::string::npos) << store.notices()[0];

  const auto sessions = store.sessions(patient_id);
  ASSERT_EQ(sessions.size(), 1u);
  const SessionRecord& s = sessions[0];
  EXPECT_EQ(s.end_reason, EndReason::interrupted);
  EXPECT_EQ(s.plan_key, "plan-a");
  EXPECT_EQ(s.pain_before, 4);
  EXPECT_EQ(s.repetitions, 1);

  // Everything up to the last second survived, at up to 25 samples a second (fewer when a
  // loaded machine delays the recording loop).
  const auto samples = store.samples(s.id);
  ASSERT_FALSE(samples.empty());
  const double last_stored_s = samples.back().t_s;
  EXPECT_GE(last_stored_s, last_pushed_s - 1.0);
  EXPECT_LE(last_stored_s, last_pushed_s + 0.1);
  EXPECT_LE(static_cast<double>(samples.size()), 25.0 * last_stored_s + 2.0);
  EXPECT_GE(static_cast<double>(samples.size()), 12.0 * last_stored_s);
  // The session ends where its writing stopped.
  EXPECT_NEAR(static_cast<double>(s.ended_ms - s.started_ms) / 1000.0, last_stored_s, 0.2);
  ASSERT_TRUE(s.indicators);
  EXPECT_NEAR(s.indicators->rotation_left_deg, 5.0, 1e-9);

  Statement check(store.database(), "PRAGMA integrity_check");
  ASSERT_TRUE(check.step());
  EXPECT_EQ(check.column_text(0), "ok");

  // A second start finds nothing more to recover.
  SessionStore again(dir.path());
  EXPECT_TRUE(again.notices().empty());
}

}  // namespace
}  // namespace midline::storage
