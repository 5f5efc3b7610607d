// A whole session as the game plays it, without a window: the hold exercise's rules driven by
// a head that tires, every repetition going to the fatigue monitor and the recorder, every
// sample to the recorder. Shows how the parts fit, and that they do.

#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <numbers>

#include "exercises/hold_midline.hpp"
#include "pacing/fatigue_monitor.hpp"
#include "pacing/repetition_result.hpp"
#include "storage/session_recorder.hpp"
#include "storage/session_store.hpp"
#include "storage/temp_dir.hpp"

namespace midline {
namespace {

constexpr double kFrameS = 1.0 / 30.0;
constexpr storage::WallMs kStart = 1'790'000'000'000;

// Steady for the first repetitions, then a sway that grows with each one.
HeadSample tiring_head(double t_s, int repetition) {
  HeadSample s;
  s.time_s = t_s;
  s.quality = 0.9;
  s.calibrated = true;
  const double sway_deg = repetition <= 3 ? 3.0 : 3.0 + 4.0 * (repetition - 3);
  FaceMeasurement& face = s.face.emplace();
  face.angles.rotation_deg = sway_deg * std::sin(2 * std::numbers::pi * 0.4 * t_s);
  face.raw_angles = face.angles;
  return s;
}

TEST(SessionFlow, ATiringHoldSessionIsOfferedARestAndRecordedWhole) {
  testing::TempDir dir;
  std::atomic<storage::WallMs> clock{kStart};
  storage::RecorderOptions options;
  options.clock = [&] { return clock.load(); };
  options.commit_interval = std::chrono::milliseconds(10);
  storage::SessionRecorder recorder(dir.path(), options);
  const storage::Patient patient = recorder.find_or_add_patient("P-7", "Sam", kStart);

  HoldMidlineParams params;
  params.tolerance = {8, 8, 8};
  params.hold_s = 5;
  params.repetitions = 8;
  params.rest_between_s = 3;
  HoldMidline hold(params);
  pacing::FatigueMonitor monitor;

  recorder.begin_session({patient.id, "plan-1", "Plan one", false});
  recorder.check_in({storage::CheckInPhase::before, 3, 2});
  monitor.start(3, 2);
  recorder.begin_exercise({"hold_midline", "hold-1"});

  int first_rest_offer = 0;  // the repetition after which a rest was first offered
  double t = 0;
  while (hold.phase() != ExercisePhase::done && t < 600) {
    const HeadSample sample = tiring_head(t, hold.repetition());
    hold.update(kFrameS, sample);
    recorder.add_sample(sample);
    for (const ExerciseEvent& e : hold.take_events()) {
      if (e.type != ExerciseEvent::Type::repetition_finished) continue;
      const storage::RepetitionResult r = pacing::repetition_result(hold.finished_repetitions().back());
      recorder.add_repetition(r);
      const pacing::PacingAdvice advice = monitor.add_repetition("hold_midline:hold-1", r);
      if (advice.action != pacing::PacingAction::carry_on && first_rest_offer == 0) {
        EXPECT_EQ(advice.action, pacing::PacingAction::offer_rest) << advice.cause;
        first_rest_offer = e.repetition;
      }
    }
    t += kFrameS;
    clock = kStart + static_cast<storage::WallMs>(t * 1000);
  }
  ASSERT_EQ(hold.phase(), ExercisePhase::done);
  recorder.end_exercise(4.0);
  recorder.check_in({storage::CheckInPhase::after, 4, 5});
  recorder.end_session(storage::EndReason::finished);
  ASSERT_TRUE(recorder.flush());
  ASSERT_EQ(recorder.last_error(), "");

  // Fatigue was noticed once the sway grew, not during the steady start.
  EXPECT_GE(first_rest_offer, 5);
  EXPECT_LE(first_rest_offer, 7);

  storage::SessionStore store(dir.path());
  const auto sessions = store.sessions(patient.id);
  ASSERT_EQ(sessions.size(), 1u);
  const auto& s = sessions[0];
  EXPECT_EQ(s.repetitions, params.repetitions);
  EXPECT_EQ(s.fatigue_after, 5);
  const auto samples = store.samples(s.id);
  EXPECT_NEAR(static_cast<double>(samples.size()), 25 * t, 25 * t * 0.05);
  ASSERT_TRUE(s.indicators);
  EXPECT_GT(s.indicators->rotation_left_deg, 8.0);  // the sway at its widest
  const auto exercises = store.exercises(s.id);
  ASSERT_EQ(exercises.size(), 1u);
  // The log shows the decline the monitor saw.
  const auto& reps = exercises[0].repetitions;
  EXPECT_GT(reps.front().zone_fraction(), reps.back().zone_fraction() + 0.2);
}

}  // namespace
}  // namespace midline
