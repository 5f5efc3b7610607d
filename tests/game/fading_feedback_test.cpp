// Fading feedback in the session core, without a window: a level's scene_shown_percent shows
// the scene for that share of each hold and then rests the screen, while the hold goes on
// being scored; what was seen is kept per repetition, and the session's figures split the
// calm zone into with and without the scene.

#include <gtest/gtest.h>

#include <cmath>

#include "game/synthetic_samples.hpp"
#include "session/practice_session.hpp"
#include "session/session_log.hpp"
#include "storage/session_figures.hpp"
#include "storage/session_store.hpp"
#include "storage/temp_dir.hpp"

namespace midline {
namespace {

using testing::kFrameS;

constexpr double kHoldS = 4.0;

PlannedExercise hold_showing(int percent) {
  HoldMidlineParams hold;
  hold.hold_s = kHoldS;
  hold.repetitions = 1;
  hold.rest_between_s = 5.0;
  hold.tolerance = {10.0, 10.0, 10.0};
  hold.scene_shown_percent = percent;
  return {"Hold, scene " + std::to_string(percent) + "%", hold};
}

// What one hold looked like, frame by frame, as the screen would draw it.
struct Watched {
  double shown_s = 0.0, hidden_s = 0.0;  // repetition time with the scene shown / hidden
  double first_hidden_at_s = -1.0;       // repetition time when the screen first rested
  bool shown_after_hidden = false;       // the scene came back within the same hold
  bool tone_while_hidden = false;        // the calm tone played while the screen rested
};

// Plays the session: the head keeps to the middle, except for 1 s turned 20 degrees away
// (out of the 10-degree zone) once the hold has run 2.5 s, which is in the hidden part
// whenever the scene hides at or before half the hold.
std::vector<Watched> play(PracticeSession& s) {
  std::vector<Watched> watched;
  double t = 0.0, in_hold_s = 0.0;
  for (int frame = 0; frame < 60 * 30 && s.stage() != SessionStage::checking_out; ++frame) {
    if (s.stage() == SessionStage::introducing) {
      s.begin_exercise();
      watched.emplace_back();
      in_hold_s = 0.0;
    }
    if (s.stage() == SessionStage::rating_effort) s.rate_effort(3);
    const bool holding = s.stage() == SessionStage::exercising &&
                         s.exercise()->phase() == ExercisePhase::repetition;
    const bool away = holding && in_hold_s >= 2.5 && in_hold_s < 3.5;
    t += kFrameS;
    const HeadSample sample = testing::sample_at(t, {away ? 20.0 : 0.0, 0.0, 0.0});
    // What the patient sees during this frame: the state before it is advanced.
    const bool shown = !holding || s.exercise()->scene_shown();
    s.advance(kFrameS, {{sample}, sample});
    if (!holding) continue;
    Watched& w = watched.back();
    if (shown) {
      w.shown_s += kFrameS;
      if (w.first_hidden_at_s >= 0.0) w.shown_after_hidden = true;
    } else {
      w.hidden_s += kFrameS;
      if (w.first_hidden_at_s < 0.0) w.first_hidden_at_s = in_hold_s;
      if (s.tone_volume() > 0.0) w.tone_while_hidden = true;
    }
    in_hold_s += kFrameS;
  }
  return watched;
}

TEST(PracticeSession, AFadingScheduleShowsAndHidesTheSceneAsSetAndScoresBothParts) {
  testing::TempDir dir;
  std::vector<Watched> watched;
  std::vector<ExerciseOutcome> outcomes;
  {
    SessionLog log(dir.path());
    log.choose_player("Ana");
    PracticeSession session({hold_showing(100), hold_showing(50), hold_showing(0)},
                            {.player = "Ana", .plan_name = "fading", .shaping = {}}, log, {2, 2});
    session.start_exercises();
    watched = play(session);
    ASSERT_EQ(session.stage(), SessionStage::checking_out);
    session.check_out(CheckInAnswers{2, 2});
    outcomes = session.record().exercises;
  }
  ASSERT_EQ(watched.size(), 3u);
  ASSERT_EQ(outcomes.size(), 3u);
  const double frame = kFrameS + 1e-9;

  // The whole hold: never hidden, though the head drifted and the hold ran past hold_s.
  EXPECT_EQ(watched[0].hidden_s, 0.0);
  const RepetitionMetrics& whole = outcomes[0].repetitions.at(0);
  EXPECT_GT(whole.active_s, kHoldS + 0.5);
  EXPECT_EQ(whole.unseen_s, 0.0);
  EXPECT_EQ(whole.unseen_in_zone_s, 0.0);

  // Half: shown for the first 2 s of the 4 s hold, then hidden to its end, never back.
  EXPECT_NEAR(watched[1].first_hidden_at_s, kHoldS * 0.5, frame);
  EXPECT_NEAR(watched[1].shown_s, kHoldS * 0.5, frame);
  EXPECT_FALSE(watched[1].shown_after_hidden);
  const RepetitionMetrics& half = outcomes[1].repetitions.at(0);
  EXPECT_NEAR(half.unseen_s, watched[1].hidden_s, 1e-6);
  EXPECT_NEAR(half.active_s - half.unseen_s, kHoldS * 0.5, frame);
  // Scored while hidden: the second away from the zone counted against it, the rest in it,
  // and the hold still filled.
  EXPECT_NEAR(half.unseen_in_zone_s, half.unseen_s - 1.0, 2 * frame);
  EXPECT_NEAR(half.time_in_zone_s, half.active_s - 1.0, 2 * frame);
  EXPECT_TRUE(half.goal_reached);

  // Only a result at the end: hidden from the first frame, and still scored and filled.
  EXPECT_EQ(watched[2].shown_s, 0.0);
  EXPECT_NEAR(watched[2].first_hidden_at_s, 0.0, 1e-9);
  const RepetitionMetrics& none = outcomes[2].repetitions.at(0);
  EXPECT_NEAR(none.unseen_s, none.active_s, 1e-9);
  EXPECT_NEAR(none.unseen_in_zone_s, none.active_s - 1.0, 2 * frame);
  EXPECT_TRUE(none.goal_reached);

  // No head feedback while the screen rests: the calm tone is silent.
  for (const Watched& w : watched) EXPECT_FALSE(w.tone_while_hidden);

  // The store keeps what was shown per repetition, and the figures split the calm zone.
  storage::SessionStore store(dir.path(), storage::SessionStore::Mode::inspect);
  const auto patient = store.find_patient("P-0001");
  ASSERT_TRUE(patient);
  const auto sessions = store.sessions(patient->id);
  ASSERT_EQ(sessions.size(), 1u);
  const storage::SessionActivity activity = storage::stored_activity(store, sessions[0]);
  ASSERT_EQ(activity.exercises.size(), 3u);
  const storage::RepetitionResult& kept = activity.exercises[1].repetitions.at(0);
  ASSERT_TRUE(kept.unseen_s && kept.unseen_in_zone_s);
  EXPECT_NEAR(*kept.unseen_s, half.unseen_s, 1e-9);
  EXPECT_NEAR(*kept.unseen_in_zone_s, half.unseen_in_zone_s, 1e-9);

  const storage::SessionFigures f = storage::session_figures(activity);
  ASSERT_TRUE(f.calm_zone_by_scene.with_scene_percent);
  ASSERT_TRUE(f.calm_zone_by_scene.without_scene_percent);
  const double seen_s = whole.active_s + (half.active_s - half.unseen_s);
  const double seen_in_zone_s = whole.time_in_zone_s + (half.time_in_zone_s - half.unseen_in_zone_s);
  const double unseen_s = half.unseen_s + none.unseen_s;
  EXPECT_NEAR(*f.calm_zone_by_scene.with_scene_percent, 100.0 * seen_in_zone_s / seen_s, 1e-6);
  EXPECT_NEAR(*f.calm_zone_by_scene.without_scene_percent,
              100.0 * (half.unseen_in_zone_s + none.unseen_in_zone_s) / unseen_s, 1e-6);
  EXPECT_LT(*f.calm_zone_by_scene.without_scene_percent, 100.0);
}

}  // namespace
}  // namespace midline
