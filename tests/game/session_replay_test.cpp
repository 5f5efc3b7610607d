// A whole session played without a window: hold midline, guided movement and range check,
// one after another, from a stream of synthesised HeadSamples at 30 frames/s with a human
// lag, a slow wobble, a 4 Hz tremor, a face loss and a stretch of poor light. Checks the
// scores and the events the game would show and record.

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <memory>
#include <numbers>

#include "exercises/guided_movement.hpp"
#include "exercises/hold_midline.hpp"
#include "exercises/range_check.hpp"
#include "game/synthetic_samples.hpp"

namespace midline {
namespace {

using testing::kFrameS;

// The player: eases toward whatever the exercise asks with a 0.4 s lag, plus a small wobble
// and tremor. `camera` decides, from the session time, whether the face is seen and how well.
struct Player {
  HeadAngles head;
  double t = 0.0;

  HeadSample step(const HeadAngles& goal, double quality, bool face_found) {
    const double k = kFrameS / 0.4;
    head.rotation_deg += (goal.rotation_deg - head.rotation_deg) * k;
    head.tilt_deg += (goal.tilt_deg - head.tilt_deg) * k;
    head.flexion_deg += (goal.flexion_deg - head.flexion_deg) * k;
    t += kFrameS;
    HeadAngles seen = head;
    seen.rotation_deg += 1.0 * std::sin(2 * std::numbers::pi * 0.3 * t) +
                         0.4 * std::sin(2 * std::numbers::pi * 4.0 * t);
    seen.flexion_deg += 0.8 * std::sin(2 * std::numbers::pi * 0.2 * t + 1.0);
    HeadSample s = testing::sample_at(t, seen, quality);
    if (!face_found) s.face.reset();
    s.tremor.present = true;
    s.tremor.frequency_hz = 4.0;
    s.tremor.amplitude_deg = 0.4;
    return s;
  }
};

struct Played {
  std::map<ExerciseEvent::Type, int> events;
  std::map<PauseReason, int> pauses;
};

// Runs `exercise` to the end, asking `goal` where the head should go; the player skips no rest.
template <typename Goal, typename Camera>
Played play(Exercise& exercise, Player& player, Goal goal, Camera camera) {
  Played played;
  for (int frame = 0; exercise.phase() != ExercisePhase::done && frame < 30 * 60 * 10; ++frame) {
    const auto [quality, face] = camera(player.t);
    exercise.update(kFrameS, player.step(goal(), quality, face));
    for (const ExerciseEvent& e : exercise.take_events()) {
      ++played.events[e.type];
      if (e.type == ExerciseEvent::Type::paused) ++played.pauses[e.reason];
    }
  }
  return played;
}

TEST(SessionReplay, AWholeSessionScoresTheTrustedTimeOnlyAndPausesWithoutPenalty) {
  Player player;
  using T = ExerciseEvent::Type;

  // 1. Hold midline, 3 x 5 s. The face leaves the view for 2 s in the second hold.
  HoldMidlineParams hold_params;
  hold_params.hold_s = 5.0;
  hold_params.repetitions = 3;
  hold_params.rest_between_s = 4.0;
  HoldMidline hold(hold_params);
  const double hold_start = player.t;
  std::optional<double> face_gone_at;
  const Played hold_played = play(
      hold, player, [] { return HeadAngles{}; },
      [&](double t) -> std::pair<double, bool> {
        if (hold.repetition() == 2 && hold.phase() == ExercisePhase::repetition &&
            hold.hold_progress() > 0.4 && !face_gone_at)
          face_gone_at = t;
        const bool gone = face_gone_at && t < *face_gone_at + 2.0;
        return {0.9, !gone};
      });
  ASSERT_TRUE(face_gone_at);
  ASSERT_EQ(hold.finished_repetitions().size(), 3u);
  for (const RepetitionMetrics& m : hold.finished_repetitions()) {
    EXPECT_TRUE(m.goal_reached) << "repetition " << m.repetition;
    EXPECT_NEAR(m.time_in_zone_s, 5.0, 0.1) << "repetition " << m.repetition;
    EXPECT_LT(m.mean_deviation_deg, 2.5) << "repetition " << m.repetition;
    EXPECT_NEAR(m.tremor_mean_amplitude_deg, 0.4, 1e-9);
  }
  EXPECT_EQ(hold.finished_repetitions()[1].face_loss_pauses, 1);
  EXPECT_NEAR(hold.finished_repetitions()[1].paused_s, 2.0, 0.05);
  EXPECT_NEAR(hold.finished_repetitions()[1].active_s, hold.finished_repetitions()[0].active_s, 0.1);  // no penalty
  EXPECT_EQ(hold_played.pauses.at(PauseReason::face_lost), 1);
  EXPECT_EQ(hold_played.events.at(T::repetition_started), 3);
  EXPECT_EQ(hold_played.events.at(T::rest_started), 2);
  EXPECT_EQ(hold_played.events.at(T::exercise_finished), 1);
  EXPECT_NEAR(player.t - hold_start, 3 * 5.0 + 2 * 4.0 + 2.0, 0.5);

  // 2. Guided rotation to the left, 2 repetitions; poor light (quality 0.3) for 3 s in the
  //    first one: the target waits and nothing is scored meanwhile.
  GuidedMovementParams guided_params;
  guided_params.amplitude_deg = 12.0;
  guided_params.speed_deg_per_s = 10.0;
  guided_params.hold_at_end_s = 2.0;
  guided_params.tolerance = {6.0, 6.0, 6.0};
  guided_params.repetitions = 2;
  guided_params.rest_between_s = 3.0;
  GuidedMovement guided(guided_params, movement_side(MovementDirection::left, Axis::rotation, {}));
  const double guided_start = player.t;
  const Played guided_played = play(
      guided, player, [&] { return on_axis(Axis::rotation, guided.target_now()); },
      [&](double t) -> std::pair<double, bool> {
        const double since = t - guided_start;
        return {since > 2.0 && since < 5.0 ? 0.3 : 0.9, true};
      });
  ASSERT_EQ(guided.finished_repetitions().size(), 2u);
  const RepetitionMetrics& dim = guided.finished_repetitions()[0];
  const RepetitionMetrics& clear = guided.finished_repetitions()[1];
  EXPECT_NEAR(dim.paused_s, 3.0, 0.05);
  EXPECT_NEAR(dim.active_s, guided.repetition_duration_s(), 0.05);
  EXPECT_NEAR(clear.active_s, guided.repetition_duration_s(), 0.05);
  EXPECT_GT(clear.time_in_zone_s / clear.active_s, 0.8);  // a 0.4 s lag still follows well
  EXPECT_GT(clear.path_error_deg, 0.5);                   // but not perfectly
  EXPECT_LT(clear.path_error_deg, 4.0);
  EXPECT_EQ(guided_played.pauses.at(PauseReason::uncertain), 1);
  EXPECT_EQ(guided_played.pauses.count(PauseReason::face_lost), 0u);

  // 3. Range check: the player goes to 70% of a textbook range in each direction.
  RangeCheck range({});
  const std::array<double, 6> comfortable{0.7 * 80, 0.7 * 80, 0.7 * 45, 0.7 * 45, 0.7 * 50,
                                          0.7 * 80};
  play(
      range, player,
      [&] {
        const RangeDirection& d = range.direction();
        const bool out = range.phase() == ExercisePhase::repetition &&
                         range.stage() != RangeCheck::Stage::returning;
        return on_axis(d.axis, out ? comfortable[range.repetition() - 1] * d.side : 0.0);
      },
      [](double) { return std::pair{0.9, true}; });
  ASSERT_EQ(range.results().size(), 6u);
  for (size_t i = 0; i < 6; ++i) {
    EXPECT_TRUE(range.results()[i].settled) << range_directions()[i].name;
    // The wobble on rotation and flexion moves the settled estimate by a degree or two.
    EXPECT_NEAR(range.results()[i].reached_deg, comfortable[i], 2.5) << range_directions()[i].name;
  }
}

}  // namespace
}  // namespace midline
